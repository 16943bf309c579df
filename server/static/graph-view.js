// The graph view: draws /graph.json (same origin) with Cytoscape; a click on a node opens the
// node's page on this server. Without JavaScript the page's list holds the same links.
(function () {
  "use strict";
  var canvas = document.getElementById("graph-canvas");
  if (!canvas || typeof window.cytoscape !== "function") return;

  // One colour per kind of thing (the project's own class), so phases, counts and claims stand
  // apart; anything else is grey.
  var COLOURS = {
    Operation: "#8c2d04", PhaseGroup: "#d94801", Phase: "#f16913", Count: "#2171b5",
    Claim: "#6a51a3", Evidence: "#807dba", SourceDocument: "#525252", GovernmentAgency: "#238b45",
    Meeting: "#41ab5d", Forum: "#41ab5d", Session: "#74c476", Remark: "#9e9ac8",
  };

  // The resource in the middle, what it points to around it, what points to it outside.
  var RINGS = { self: 4, both: 3, out: 2, in: 1 };

  fetch(canvas.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("graph.json answered " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      canvas.hidden = true;
      console.warn(error);
    });

  function draw(data) {
    canvas.hidden = false;
    var elements = data.nodes.map(function (node) {
      return {
        group: "nodes",
        data: {
          id: node.id, label: node.label, url: node.url || "",
          colour: COLOURS[node.kind] || "#969696", ring: RINGS[node.relation] || 1,
        },
        classes: node.center ? "center" : "",
      };
    }).concat(data.edges.map(function (edge) {
      return {
        group: "edges",
        data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label },
      };
    }));
    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)", label: "data(label)", "font-size": 11,
            "text-wrap": "ellipsis", "text-max-width": 140, "text-valign": "bottom",
            "text-margin-y": 3, width: 18, height: 18, color: "#222",
          },
        },
        {
          selector: "node.center",
          style: { width: 34, height: 34, "font-size": 13, "font-weight": "bold" },
        },
        { selector: "node[url != '']", style: { "border-width": 1, "border-color": "#fff" } },
        {
          selector: "edge",
          style: {
            width: 1, "line-color": "#bbb", "target-arrow-color": "#bbb",
            "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
            "font-size": 8, color: "#666", "text-rotation": "autorotate",
          },
        },
      ],
      layout: {
        name: "concentric",
        concentric: function (node) { return node.data("ring"); },
        levelWidth: function () { return 1; },
        minNodeSpacing: 40,
        padding: 20,
        animate: false,
      },
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) window.location.assign(url);
    });
    cy.on("mouseover", "node[url != '']", function () { canvas.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function () { canvas.style.cursor = ""; });
    canvas.cytoscape = cy; // for the page tests, which click a node where Cytoscape drew it
  }
})();
