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

// Behaviour declared in HTML instead of inline handlers (the Content-Security-Policy allows no inline script):
// data-confirm="…" on a form or button asks first; data-autosubmit on a select submits its form
// (data-clear="a b" empties those fields first); data-check-all="selector" ticks those boxes;
// data-history-back goes back.
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (e) {
    var asking = e.target.closest && e.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    var back = e.target.closest && e.target.closest("[data-history-back]");
    if (back) { e.preventDefault(); window.history.back(); }
  }, true);
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el.matches) return;
    if (el.matches("[data-check-all]")) {
      document.querySelectorAll(el.getAttribute("data-check-all")).forEach(function (box) { box.checked = el.checked; });
    }
    if (el.matches("select[data-autosubmit]") && el.form) {
      (el.getAttribute("data-clear") || "").split(" ").forEach(function (name) {
        if (name && el.form.elements[name]) { el.form.elements[name].value = ""; }
      });
      el.form.submit();
    }
  });
})();
