// Gaoxin page helpers. Charts are declared in HTML: <div class="chart" data-echarts='{...option...}'>.
(function () {
  function renderCharts(root) {
    (root || document).querySelectorAll("[data-echarts]").forEach(function (el) {
      if (el._chart) { el._chart.dispose(); }
      el._chart = echarts.init(el);
      el._chart.setOption(JSON.parse(el.getAttribute("data-echarts")));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });
  document.addEventListener("htmx:afterSwap", function (e) { renderCharts(e.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-echarts]").forEach(function (el) { if (el._chart) el._chart.resize(); });
  });
  window.gaoxinRenderCharts = renderCharts;
})();
