/* The network page's drawing: Cytoscape.js laid out by the force-directed fCoSE extension.
   Three views: every member, or one node per community or per chain link (aggregated by the server; a large
   network opens on its communities). The colour and size controls restyle the nodes and the legend names the
   current colours; search centres a member (in an aggregated view, its group) and highlights it with its
   neighbours. The container keeps its Cytoscape instance (`box.cy`) and says when the drawing is laid out
   (`data-state="ready"`). */
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  if (!box || typeof cytoscape === "undefined") return;
  var labels = JSON.parse(document.getElementById("graph-labels").textContent);
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363", "#fd8d3c"];
  var grey = "#b8b8b8";
  var colourSelect = document.getElementById("graph-colour");
  var sizeSelect = document.getElementById("graph-size");
  var legendBox = document.getElementById("graph-legend");
  var note = document.getElementById("graph-edges-note");
  var searchResult = document.getElementById("graph-search-result");
  var cy = null;
  var graph = null;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }

  function currentView() {
    var checked = document.querySelector("input[name=graph-view]:checked");
    return checked ? checked.value : box.dataset.view;
  }

  /* The colour of each value of the chosen property, and the legend's entries in the same order. */
  function colouring(colourBy) {
    var colours = {};
    var entries = [];
    var rest = null;
    if (colourBy === "community") {
      graph.legend.communities.forEach(function (community, i) {
        colours[community.id] = palette[i % palette.length];
        entries.push({ colour: colours[community.id], label: (community.label || labels.community + " " +
          community.id) + " (" + community.members + ")" });
      });
      rest = labels.otherCommunities;
    } else if (colourBy === "chain_link") {
      graph.legend.chain_links.forEach(function (link, i) {
        colours[link.id] = palette[i % palette.length];
        entries.push({ colour: colours[link.id], label: link.name + " (" + link.members + ")" });
      });
      rest = labels.none;
    } else {
      graph.legend.member_kinds.forEach(function (kind, i) {
        colours[kind.value] = palette[(i + 3) % palette.length];
        entries.push({ colour: colours[kind.value], label: kind.label });
      });
    }
    if (rest) entries.push({ colour: grey, label: rest });
    return { colours: colours, entries: entries };
  }

  function showLegend(colourBy, sizeBy, entries) {
    legendBox.textContent = "";
    var title = document.createElement("div");
    title.className = "text-body-secondary mb-1";
    title.textContent = format(labels.legend, {
      colour: colourSelect.options[colourSelect.selectedIndex].text,
      size: sizeSelect.options[sizeSelect.selectedIndex].text
    });
    legendBox.appendChild(title);
    entries.forEach(function (entry) {
      var item = document.createElement("span");
      item.className = "legend-item me-3 d-inline-block";
      var swatch = document.createElement("span");
      swatch.className = "legend-swatch";
      swatch.style.cssText = "display:inline-block;width:.85em;height:.85em;border-radius:50%;margin-right:.3em;" +
        "vertical-align:-.1em;background:" + entry.colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      legendBox.appendChild(item);
    });
  }

  /* Colour and size every node from the controls, then the legend. */
  function restyle() {
    if (!cy) return;
    var colourBy = colourSelect.value;
    var sizeBy = sizeSelect.value;
    var scheme = colouring(colourBy);
    var aggregated = graph.aggregated;
    var smallest = aggregated ? 18 : 7;
    var largest = aggregated ? 90 : 48;
    var top = 0;
    cy.nodes().forEach(function (node) { top = Math.max(top, node.data(sizeBy) || 0); });
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var key = node.data(colourBy);
        var other = node.data("kind") === "other";
        node.data("colour", !other && key != null && scheme.colours[key] ? scheme.colours[key] : grey);
        var value = Math.max(node.data(sizeBy) || 0, 0);
        node.data("size", smallest + (largest - smallest) * (top > 0 ? Math.sqrt(value / top) : 0));
      });
    });
    showLegend(colourBy, sizeBy, scheme.entries);
  }

  function clearHighlight() {
    if (!cy) return;
    cy.elements().removeClass("faded highlighted neighbour");
  }

  function highlight(node) {
    clearHighlight();
    var hood = node.closedNeighborhood();
    cy.batch(function () {
      cy.elements().not(hood).addClass("faded");
      node.neighborhood().nodes().addClass("neighbour");
      hood.edges().addClass("highlighted");
      node.addClass("highlighted");
    });
    cy.zoom(Math.max(cy.zoom(), graph.aggregated ? 1 : 1.4));
    cy.center(node);
    return node.neighborhood().nodes().length;
  }

  function nodeLabel(node) {
    var data = node.data();
    if (!graph.aggregated) return data.label;
    if (data.kind === "other") return labels.other;
    if (data.kind === "none") return labels.none;
    return data.label || labels.community + " " + data.group;
  }

  function draw() {
    var aggregated = graph.aggregated;
    graph.nodes.forEach(function (n) {
      if (aggregated) n.data.caption = (n.data.kind === "other" ? labels.other : n.data.kind === "none" ?
        labels.none : n.data.label || labels.community + " " + n.data.group) + " (" + n.data.members + ")";
      else n.data.caption = n.data.label;
    });
    var maxWeight = 1;
    graph.edges.forEach(function (e) { maxWeight = Math.max(maxWeight, e.data.weight); });
    if (cy) cy.destroy();
    box.dataset.state = "drawing";
    cy = cytoscape({
      container: box,
      elements: graph.nodes.concat(graph.edges),
      minZoom: 0.05,
      maxZoom: 6,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "data(caption)", "font-size": aggregated ? 12 : "mapData(size, 7, 48, 7, 16)",
          "min-zoomed-font-size": aggregated ? 0 : 11,
          "text-valign": aggregated ? "center" : "bottom", "text-outline-color": "#fff", "text-outline-width": 2,
          "color": "#222", "border-width": 1, "border-color": "#fff" } },
        { selector: "edge", style: {
          "width": "mapData(weight, 1, " + maxWeight + ", " + (aggregated ? "1, 14" : "0.6, 4") + ")",
          "line-color": "#8a96a3", "opacity": aggregated ? 0.45 : 0.3,
          "curve-style": aggregated ? "straight" : "haystack" } },
        { selector: ".faded", style: { "opacity": 0.1, "text-opacity": 0 } },
        { selector: "node.neighbour", style: { "border-width": 3, "border-color": "#333", "min-zoomed-font-size": 0,
          "z-index": 9 } },
        { selector: "node.highlighted", style: { "border-width": 5, "border-color": "#000", "font-size": 14,
          "min-zoomed-font-size": 0, "font-weight": "bold", "z-index": 10 } },
        { selector: "edge.highlighted", style: { "line-color": "#333", "opacity": 0.9 } }
      ]
    });
    box.cy = cy;
    restyle();
    var layout = cy.layout({
      name: typeof cytoscapeFcose === "undefined" ? "cose" : "fcose",
      quality: "default", randomize: true, animate: false, fit: true, padding: 24,
      nodeDimensionsIncludeLabels: false, packComponents: true,
      idealEdgeLength: aggregated ? 140 : 40, nodeRepulsion: aggregated ? 60000 : 6000,
      edgeElasticity: 0.45, gravity: 0.25, numIter: 2500, nodeSeparation: aggregated ? 60 : 20
    });
    layout.one("layoutstop", function () {
      cy.fit(undefined, 24);
      box.dataset.state = "ready";
    });
    layout.run();
    cy.on("tap", "node", function (event) { showFound(event.target, nodeLabel(event.target), false); });
    cy.on("tap", function (event) { if (event.target === cy) { clearHighlight(); searchResult.textContent = ""; } });
    if (note) {
      note.hidden = !(graph.edges_total > graph.edges.length);
      note.textContent = format(labels.edgesCut, { shown: graph.edges.length, total: graph.edges_total });
    }
  }

  function showFound(node, name, inGroup) {
    var neighbours = highlight(node);
    searchResult.className = "small mt-1 text-body";
    searchResult.textContent = inGroup ?
      format(labels.foundIn, { name: name, group: nodeLabel(node), count: neighbours }) :
      format(labels.found, { name: name, count: neighbours });
  }

  function sizeChoices() {
    var aggregated = currentView() !== "members";
    Array.prototype.forEach.call(sizeSelect.options, function (option) {
      option.disabled = option.value === "members" && !aggregated;
    });
    if (aggregated) sizeSelect.value = "members";
    else if (sizeSelect.value === "members") sizeSelect.value = "degree";
  }

  function load() {
    var aggregatedNote = document.getElementById("aggregated-note");
    if (aggregatedNote) aggregatedNote.hidden = currentView() === "members";
    box.dataset.state = "loading";
    clearHighlight();
    searchResult.textContent = "";
    sizeChoices();
    fetch(box.dataset.url + "?view=" + encodeURIComponent(currentView()), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) { graph = body; draw(); });
  }

  function search(text) {
    if (!text || !cy) return;
    fetch(box.dataset.url + "?find=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        var match = null;
        var node = null;
        (body.matches || []).some(function (candidate) {
          match = candidate;
          if (!graph.aggregated) node = cy.getElementById(candidate.id);
          else {
            var group = graph.view === "community" ? candidate.community : candidate.chain_link || 0;
            node = cy.getElementById("g" + group);
            if (node.empty()) node = cy.getElementById("g-1");
          }
          return !node.empty();
        });
        if (!node || node.empty()) {
          clearHighlight();
          searchResult.className = "small mt-1 text-danger-emphasis";
          searchResult.textContent = format(labels.noMatch, { text: text });
          return;
        }
        showFound(node, match.label, graph.aggregated);
      });
  }

  document.querySelectorAll("input[name=graph-view]").forEach(function (input) {
    input.addEventListener("change", load);
  });
  colourSelect.addEventListener("change", restyle);
  sizeSelect.addEventListener("change", restyle);
  document.getElementById("graph-search").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("graph-search-text").value.trim());
  });
  function zoomBy(factor) {
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.3); });
  document.getElementById("zoom-fit").addEventListener("click", function () { if (cy) cy.fit(undefined, 24); });
  load();
})();
