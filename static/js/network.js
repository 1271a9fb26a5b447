/* The network page's drawing: Cytoscape.js, coloured by chain link or community, sized by centrality.
   A large network arrives aggregated (one node per group); switching the colour then regroups it. */
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || typeof cytoscape === "undefined") return;
  var aggregated = box.dataset.aggregated === "true";
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];
  var grey = "#c8c8c8";
  var cy = null;
  var graph = null;

  function checked(name) {
    var input = document.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : null;
  }

  function colourOf(colourBy, data, linkIndex) {
    if (aggregated) {
      if (data.kind === "other" || data.kind === "none") return grey;
      return palette[(colourBy === "chain_link" ? linkIndex[data.group] : data.group) % palette.length];
    }
    if (colourBy === "community") return palette[data.community % palette.length];
    return data.chain_link == null ? grey : palette[linkIndex[data.chain_link] % palette.length];
  }

  function legend(colourBy, linkIndex) {
    var node = document.getElementById("graph-legend");
    node.textContent = "";
    if (colourBy !== "chain_link") return;
    graph.chain_links.forEach(function (link) {
      var item = document.createElement("span");
      item.className = "me-3 d-inline-block";
      var swatch = document.createElement("span");
      swatch.style.cssText = "display:inline-block;width:.8em;height:.8em;margin-right:.3em;background:" +
        palette[linkIndex[link.id] % palette.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(link.name));
      node.appendChild(item);
    });
  }

  function draw() {
    var colourBy = checked("colour") || "chain_link";
    var sizeBy = checked("size") || "betweenness";
    var linkIndex = {};
    graph.chain_links.forEach(function (link, i) { linkIndex[link.id] = i; });
    var maxSize = 0, maxWeight = 1;
    graph.nodes.forEach(function (n) {
      n.data.colour = colourOf(colourBy, n.data, linkIndex);
      if (aggregated) {
        if (!n.data.label) n.data.label = n.data.kind === "other" ? box.dataset.labelOther :
          n.data.kind === "none" ? box.dataset.labelNone : box.dataset.labelCommunity + " " + n.data.group;
        n.data.label += " (" + n.data.members + ")";
      }
      n.data.size = aggregated ? n.data.members : n.data[sizeBy];
      maxSize = Math.max(maxSize, n.data.size);
    });
    graph.edges.forEach(function (e) { maxWeight = Math.max(maxWeight, e.data.weight); });
    if (cy) cy.destroy();
    cy = cytoscape({
      container: box,
      elements: graph.nodes.concat(graph.edges),
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)",
          "width": "mapData(size, 0, " + (maxSize || 1) + ", 8, " + (aggregated ? 70 : 40) + ")",
          "height": "mapData(size, 0, " + (maxSize || 1) + ", 8, " + (aggregated ? 70 : 40) + ")",
          "label": aggregated || graph.nodes.length <= 60 ? "data(label)" : "",
          "font-size": 9 } },
        { selector: "edge", style: {
          "width": "mapData(weight, 1, " + maxWeight + ", 0.5, " + (aggregated ? 10 : 4) + ")",
          "line-color": "#bbb", "opacity": 0.7 } },
        { selector: "node:selected", style: { "label": "data(label)", "border-width": 2, "border-color": "#000" } }
      ],
      layout: { name: graph.nodes.length > 600 ? "concentric" : "cose", animate: false },
      wheelSensitivity: 0.3
    });
    legend(aggregated ? (colourBy === "chain_link" ? "chain_link" : null) : colourBy, linkIndex);
  }

  function load() {
    var group = aggregated ? (checked("colour") === "chain_link" ? "chain_link" : "community") : "";
    fetch(box.dataset.url + (group ? "?group=" + group : ""), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) { graph = body; draw(); });
  }

  document.querySelectorAll("#graph-controls input").forEach(function (input) {
    input.addEventListener("change", function () { if (aggregated && input.name === "colour") load(); else draw(); });
  });
  load();
})();
