/* The ministry's monitoring dashboard: grade distribution and warnings by province and by industry field
   (ECharts, vendored). The data come from a json_script element; the tables beside the charts hold the same. */
(function () {
  "use strict";
  var element = document.getElementById("dashboard-data");
  if (!element || typeof echarts === "undefined") { return; }
  var data = JSON.parse(element.textContent);
  var charts = [];
  function bar(id, series, title, horizontal) {
    var target = document.getElementById(id);
    if (!target || !series) { return; }
    var chart = echarts.init(target);
    charts.push(chart);
    var category = { type: "category", data: series.labels, axisLabel: { interval: 0 } };
    var value = { type: "value", minInterval: 1 };
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: horizontal ? 110 : 40, right: 20, top: 20, bottom: 30 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ type: "bar", name: title, data: series.values, itemStyle: { color: "#1f4e79" } }]
    });
  }
  bar("grade-chart", data.grades, data.titles.grades, false);
  bar("province-chart", data.provinces, data.titles.provinces, true);
  bar("field-chart", data.fields, data.titles.fields, true);
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
