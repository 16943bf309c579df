// Every page's frame. On a phone, site.css lets a table wider than the screen scroll inside its
// own box; a box that scrolls must be reachable by keyboard (WCAG 2.1.1), so each table that
// overflows is made focusable, and no longer when the window grows wide enough.
(function () {
  "use strict";
  function boxOf(table) {
    if (getComputedStyle(table).overflowX === "auto") return table;
    return table.closest(".table-wrap");
  }
  function markScrollingTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var box = boxOf(table);
      if (!box) return;
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollBox = "";
      } else if (!scrolls && "scrollBox" in box.dataset) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollBox;
      }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
})();
