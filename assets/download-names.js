/* The modebar's "Download plot as a PNG" names its file after the chart's title. Plotly cuts
   that name at 40 characters, mid-word ("avoidable-deaths-before-75-by-wimd-quint.png"); here
   each chart gets a name cut at a whole word instead, set after every redraw. */
(function () {
  "use strict";
  var LONGEST = 80;

  function fileName(title) {
    var slug = title.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length <= LONGEST) { return slug || "chart"; }
    var cut = slug.slice(0, LONGEST + 1);
    var lastBreak = cut.lastIndexOf("-");
    return (lastBreak > 0 ? cut.slice(0, lastBreak) : slug.slice(0, LONGEST)) || "chart";
  }

  function name(plot) {
    var layout = plot.layout || {};
    var title = layout.title && (typeof layout.title === "string" ? layout.title : layout.title.text);
    if (!title || !plot._context) { return; }
    var text = title.replace(/<[^>]*>/g, " ");
    var options = Object.assign({}, plot._context.toImageButtonOptions || {});
    options.filename = fileName(text);
    plot._context.toImageButtonOptions = options;
  }

  function watch(plot) {
    if (plot.dataset.downloadNamed || typeof plot.on !== "function") { return; }
    plot.dataset.downloadNamed = "1";
    plot.on("plotly_afterplot", function () { name(plot); });
    name(plot);
  }

  new MutationObserver(function () {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
