// The graph view: draws /graph.json (same origin) with Cytoscape; a click on a node opens the
// node's page on this server. Without JavaScript the page's list holds the same links.
//
// Readable at any width: the text is drawn at FONT px and the drawing is never zoomed out
// below the scale that keeps it at 12 px on a desktop and 11 px on a phone; what does not fit
// is reached by dragging. The bookkeeping (claims, evidence, selectors, checksums) is hidden
// until the reader ticks its box, and the layout is made again for what is shown.
(function () {
  "use strict";
  var view = document.getElementById("graph-view");
  var canvas = document.getElementById("graph-canvas");
  var toggle = document.getElementById("show-bookkeeping");
  if (!view || !canvas || typeof window.cytoscape !== "function") return;

  var FONT = 14;
  var NARROW = window.matchMedia("(max-width: 48rem)");
  function smallestZoom() { return (NARROW.matches ? 11 : 12) / FONT; }
  // The resource in the middle, what it points to around it, what points to it outside.
  var RINGS = { self: 4, both: 3, out: 2, in: 1 };

  fetch(canvas.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("graph.json answered " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      view.hidden = true;
      console.warn(error);
    });

  function draw(data) {
    view.hidden = false;
    var elements = data.nodes.map(function (node) {
      return {
        group: "nodes",
        data: {
          id: node.id, label: node.label, url: node.url || "", colour: node.colour,
          ring: RINGS[node.relation] || 1, kind: node.kind,
        },
        classes: (node.center ? "center " : "") + (node.bookkeeping ? "bookkeeping" : ""),
      };
    }).concat(data.edges.map(function (edge) {
      return {
        group: "edges",
        data: {
          id: edge.id, source: edge.source, target: edge.target, label: edge.label,
          predicate: edge.predicate, outward: edge.direction === "out",
        },
      };
    }));
    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      minZoom: smallestZoom(),
      maxZoom: 3,
      wheelSensitivity: 0.3,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)", label: "data(label)", "font-size": FONT,
            "text-wrap": "wrap", "text-max-width": 150, "text-valign": "bottom",
            "text-margin-y": 4, width: 20, height: 20, color: "#1a1a1a",
            "text-background-color": "#fcfcfc", "text-background-opacity": 0.85,
            "text-background-padding": 1,
          },
        },
        {
          selector: "node.center",
          style: { width: 36, height: 36, "font-weight": "bold" },
        },
        { selector: "node[url != '']", style: { "border-width": 1, "border-color": "#fff" } },
        { selector: ".hidden", style: { display: "none" } },
        {
          selector: "edge",
          style: {
            width: 1, "line-color": "#c4c4c4", "target-arrow-color": "#c4c4c4",
            "target-arrow-shape": "triangle", "curve-style": "bezier",
            "font-size": FONT, color: "#555",
            "text-background-color": "#fcfcfc", "text-background-opacity": 0.9,
            "text-background-padding": 1,
          },
        },
        // Each edge's name is written at its far end, by the neighbour, where the edges
        // stand apart; in the middle they would pile up around the centre.
        {
          selector: "edge[?outward]",
          style: {
            "target-label": "data(label)", "target-text-offset": 70,
            "target-text-rotation": "autorotate",
          },
        },
        {
          selector: "edge[!outward]",
          style: {
            "source-label": "data(label)", "source-text-offset": 70,
            "source-text-rotation": "autorotate",
          },
        },
      ],
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) window.location.assign(url);
    });
    cy.on("mouseover", "node[url != '']", function () { canvas.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function () { canvas.style.cursor = ""; });

    function arrange() {
      cy.batch(function () {
        cy.nodes(".bookkeeping").toggleClass("hidden", !toggle.checked);
      });
      view.querySelectorAll(".graph-legend li.bookkeeping").forEach(function (item) {
        item.hidden = !toggle.checked;
      });
      var shown = cy.elements().not(".hidden");
      // Concentric rings, each wide enough for its nodes' labels (avoidOverlap with the
      // labels counted in each node's size): measured to leave no two labels overlapping.
      shown.layout({
        name: "concentric",
        concentric: function (node) { return node.data("ring"); },
        levelWidth: function () { return 1; },
        avoidOverlap: true,
        nodeDimensionsIncludeLabels: true,
        minNodeSpacing: 12,
        spacingFactor: 1,
        padding: 16,
        animate: false,
      }).run();
      cy.minZoom(smallestZoom());
      cy.fit(shown, 16);
      if (cy.zoom() <= smallestZoom()) {
        cy.zoom(smallestZoom());
        cy.center(cy.nodes(".center"));
      }
    }
    toggle.addEventListener("change", arrange);
    arrange();
    canvas.cytoscape = cy; // for the page tests, which click a node where Cytoscape drew it
  }
})();
