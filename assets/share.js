/* The "Share / embed" control under each chart (components.share): filled when a person opens it,
   from the address in the browser (the view they are looking at) and the chart's id, so what they
   copy shows exactly what they see. Offers the link, an iframe for a blog post (it sizes itself to
   the chart), an image with the key sentence as its alt text, and the downloads. */
(function () {
  "use strict";
  var SIZE_LISTENER = '<script>window.addEventListener("message",function(e){var d=e.data;' +
    'if(!d||d.type!=="who-dies-too-young:embed-height")return;document.querySelectorAll("iframe")' +
    '.forEach(function(f){if(f.contentWindow===e.source)f.style.height=d.height+"px";});});<\/script>';

  function escapeAttribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function field(label, value, rows) {
    var wrapper = document.createElement("label");
    wrapper.className = "share-field";
    wrapper.appendChild(document.createTextNode(label));
    var box = document.createElement("textarea");
    box.readOnly = true;
    box.rows = rows;
    box.value = value;
    box.addEventListener("focus", function () { box.select(); });
    wrapper.appendChild(box);
    return wrapper;
  }

  function link(label, href) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = label;
    return anchor;
  }

  function withScale(query) {
    return (query ? query + "&" : "?") + "scale=2";
  }

  /* The words come from the page (components.share_words), in its language. */
  function wordsOf(control) {
    try { return JSON.parse(control.getAttribute("data-words") || "{}"); } catch (error) { return {}; }
  }

  function fill(control) {
    var words = wordsOf(control);
    var chart = control.getAttribute("data-chart-id");
    var described = document.getElementById(control.getAttribute("data-described-by"));
    var sentence = described ? described.innerText.trim().replace(/\s*\n+\s*/g, "; ") : "";
    var query = window.location.search;
    var base = window.location.origin;
    var page = base + window.location.pathname + query;
    var embed = base + "/embed/" + chart + query;
    var png = base + "/export/" + chart + ".png" + query;
    var body = control.querySelector(".share-body");
    body.textContent = "";
    body.appendChild(field(words.link, page, 2));
    body.appendChild(field(words.embed,
      '<iframe src="' + escapeAttribute(embed) + '" title="' + escapeAttribute(sentence || chart) +
      '" loading="lazy" style="width:100%;max-width:960px;border:0" height="640"></iframe>\n' + SIZE_LISTENER, 4));
    body.appendChild(field(words.image,
      '<a href="' + escapeAttribute(page) + '"><img src="' + escapeAttribute(png) + '" alt="' +
      escapeAttribute(sentence) + '" style="max-width:100%"></a>', 3));
    var downloads = document.createElement("p");
    downloads.className = "share-downloads";
    downloads.appendChild(document.createTextNode(words.download + " "));
    [[words.png, png], [words.png2, base + "/export/" + chart + ".png" + withScale(query)],
     [words.slide, base + "/export/" + chart + ".png" + (query ? query + "&" : "?") + "size=slide"],
     [words.svg, base + "/export/" + chart + ".svg" + query], [words.csv, base + "/export/" + chart + ".csv" + query],
     [words.xlsx, base + "/export/" + chart + ".xlsx" + query], [words.html, base + "/export/" + chart + ".html" + query]]
      .forEach(function (item, index) {
        if (index) { downloads.appendChild(document.createTextNode(" · ")); }
        downloads.appendChild(link(item[0], item[1]));
      });
    body.appendChild(downloads);
    body.appendChild(slidesLine(chart + query, words));
  }

  /* "Add to my slides": a person's own sequence of chart links, kept in this browser and opened
     as /present?slides=<links>, so the sequence itself lives in the address and can be shared. */
  var SLIDES_KEY = "who-dies-too-young:slides";

  function savedSlides() {
    try { return JSON.parse(window.localStorage.getItem(SLIDES_KEY) || "[]"); } catch (error) { return []; }
  }

  function presentLink(slides) {
    var language = new URLSearchParams(window.location.search).get("lang");
    return "/present?slides=" + encodeURIComponent(slides.join(",")) + (language ? "&lang=" + encodeURIComponent(language) : "");
  }

  function slidesLine(chartLink, words) {
    var line = document.createElement("p");
    line.className = "share-slides";
    var add = document.createElement("button");
    add.type = "button";
    add.textContent = words.add;
    var open = link("", "#");
    function refresh() {
      var slides = savedSlides();
      open.textContent = slides.length ? words.present.replace("{count}", slides.length) : "";
      open.href = presentLink(slides);
    }
    add.addEventListener("click", function () {
      var slides = savedSlides();
      if (slides.indexOf(chartLink) < 0) { slides.push(chartLink); }
      window.localStorage.setItem(SLIDES_KEY, JSON.stringify(slides.slice(-20)));
      refresh();
    });
    line.appendChild(add);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(open);
    refresh();
    return line;
  }

  document.addEventListener("toggle", function (event) {
    var control = event.target;
    if (control && control.classList && control.classList.contains("share") && control.open) { fill(control); }
  }, true);
})();
