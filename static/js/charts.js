/* Charts of the observation platform (ECharts, vendored under static/vendor/echarts/).
   Each chart reads its data from a <script type="application/json"> element written by json_script. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var charts = [];
  function make(element) {
    var chart = echarts.init(element);
    charts.push(chart);
    return chart;
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });

  // One indicator's yearly values; a select (and the table's chart buttons) switch the indicator.
  function timeSeries() {
    var element = document.getElementById("series-chart");
    var series = readJson("series-data");
    if (!element || !series) { return; }
    var chart = make(element);
    var select = document.getElementById("series-select");
    function show(code) {
      var s = series[code];
      if (!s) { return; }
      chart.setOption({
        title: { text: s.name, subtext: s.unit, left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        grid: { left: 60, right: 30, top: 60, bottom: 30 },
        xAxis: { type: "category", data: s.years.map(String) },
        yAxis: { type: "value", name: s.unit, scale: true },
        series: [{ type: "line", name: s.name, data: s.values, symbolSize: 8 }]
      }, true);
      if (select) { select.value = code; }
    }
    if (select) {
      select.addEventListener("change", function () { show(select.value); });
      show(select.value);
    }
    document.querySelectorAll("[data-series]").forEach(function (button) {
      button.addEventListener("click", function () {
        show(button.getAttribute("data-series"));
        element.scrollIntoView({ behavior: "smooth", block: "center" });
      });
    });
  }

  // Up to ten clusters on one indicator.
  function comparison() {
    var element = document.getElementById("comparison-chart");
    var data = readJson("comparison-data");
    if (!element || !data) { return; }
    make(element).setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 60, right: 30, top: 50, bottom: 30 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", name: data.unit, scale: true },
      series: data.series.map(function (s) {
        return { type: "line", name: s.name, data: s.values, connectNulls: false, symbolSize: 7 };
      })
    });
  }

  // Long axis names on several lines (words of about 18 characters a line).
  function wrap(name) {
    var lines = [], line = "";
    name.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 18) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.join("\n");
  }

  // The six-mechanism diagnostic.
  function radar() {
    var element = document.getElementById("radar-chart");
    var data = readJson("radar-data");
    if (!element || !data) { return; }
    make(element).setOption({
      tooltip: {},
      radar: {
        indicator: data.indicators,
        radius: "58%",
        axisName: { color: "#333", lineHeight: 14, formatter: wrap }
      },
      series: [{
        type: "radar",
        data: [{ value: data.values, name: data.name, areaStyle: { opacity: 0.25 } }],
        label: { show: true }
      }]
    });
  }

  function init() { timeSeries(); comparison(); radar(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
