/* Plan versus actual: for each target, the planned path (straight line from baseline to target) and the
   observed values, drawn with ECharts (vendored). Data from the json_script elements of the plan page. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var charts = readJson("progress-charts");
  var labels = readJson("progress-labels") || { planned: "Planned", observed: "Observed" };
  if (!charts || typeof echarts === "undefined") { return; }
  var drawn = [];
  document.querySelectorAll(".progress-chart").forEach(function (element) {
    var data = charts[element.getAttribute("data-target")];
    if (!data) { return; }
    var chart = echarts.init(element);
    drawn.push(chart);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 30, bottom: 25 },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", name: data.unit, scale: true },
      series: [
        { type: "line", name: labels.planned, data: data.planned, lineStyle: { type: "dashed" }, symbol: "none",
          connectNulls: false },
        { type: "line", name: labels.observed, data: data.observed, symbolSize: 7, connectNulls: true }
      ]
    });
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (chart) { chart.resize(); });
  });
})();
