"""Present mode: a deck's slides full screen at 16:9, large type and high contrast, stepped with
the keyboard (arrows, space, Page Up/Down, Home/End, F for full screen) or by clicking, with a
slide counter. Plain HTML and the plotly bundle: no Dash, so nothing but the slides runs."""

from __future__ import annotations

import json
from html import escape
from typing import Final

from dashboard.export.documents import SITE_NAME
from dashboard.export.images import bare_figure
from dashboard.figures.choropleth import outline_areas
from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.i18n import _, current, in_language
from dashboard.views.present import Deck, Slide
from dashboard.web.routes import PLOTLY_BUNDLE_URL

STYLE: Final = """
html, body { margin: 0; height: 100%; background: #0b0c0c; font-family: "Liberation Sans", Arial, sans-serif; }
.deck { position: relative; width: min(100vw, calc(100vh * 16 / 9)); height: min(100vh, calc(100vw * 9 / 16));
        margin: auto; top: 50%; transform: translateY(-50%); background: #fff; color: #0b0c0c; overflow: hidden; }
.slide { display: none; position: absolute; inset: 0; padding: 2.2% 3% 4.5% 3%; box-sizing: border-box;
         flex-direction: column; }
.slide.current { display: flex; }
.kicker { font-size: clamp(12px, 1.6vw, 26px); color: #3d4448; margin: 0; }
.headline { font-size: clamp(18px, 2.5vw, 44px); font-weight: bold; margin: 0.3em 0 0.4em 0; line-height: 1.2; }
.chart { flex: 1; min-height: 0; }
.points { font-size: clamp(16px, 2.2vw, 38px); line-height: 1.35; margin: 0.2em 0; }
.source { font-size: clamp(9px, 0.95vw, 16px); color: #3d4448; margin: 0.3em 0 0 0; }
.synthetic { background: #b34700; color: #fff; font-weight: bold; padding: 0.2em 0.5em;
             font-size: clamp(12px, 1.3vw, 22px); }
.counter { position: absolute; right: 1.5%; bottom: 1.2%; font-size: clamp(11px, 1.1vw, 18px); color: #3d4448; }
.help { position: absolute; left: 3%; bottom: 1.2%; font-size: clamp(10px, 0.9vw, 14px); color: #505a5f; }
a { color: #003078; } :focus { outline: 4px solid #ffdd00; }
"""
SCRIPT: Final = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.getElementById("counter");
  var current = 0;
  function draw(slide) {
    var holder = slide.querySelector(".chart");
    if (!holder || holder.dataset.drawn) { return; }
    var figure = FIGURES[holder.dataset.figure];
    figure.layout.autosize = true; delete figure.layout.width; delete figure.layout.height;
    figure.layout.font = Object.assign({}, figure.layout.font, {size: 16});
    Plotly.newPlot(holder, figure.data, figure.layout, {displayModeBar: false, responsive: true,
                                                         topojsonURL: "/assets/topojson/"});
    holder.dataset.drawn = "1";
  }
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("current", i === current); });
    counter.textContent = (current + 1) + " / " + slides.length;
    history.replaceState(null, "", "#" + (current + 1));
    draw(slides[current]);
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "SELECT") { return; }
    var key = event.key;
    if (key === "ArrowRight" || key === "ArrowDown" || key === " " || key === "PageDown") { show(current + 1); }
    else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || key === "Backspace") { show(current - 1); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(slides.length - 1); }
    else if (key === "f" || key === "F") {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    } else { return; }
    event.preventDefault();
  });
  document.getElementById("deck").addEventListener("click", function (event) {
    if (event.target.closest("a, select, label, .modebar")) { return; }
    var box = event.currentTarget.getBoundingClientRect();
    show(event.clientX - box.left < box.width / 4 ? current - 1 : current + 1);
  });
  document.getElementById("board").addEventListener("change", function (event) {
    var language = event.target.getAttribute("data-lang");
    location.href = "/present?board=" + encodeURIComponent(event.target.value) +
      (language && language !== "en" ? "&lang=" + encodeURIComponent(language) : "");
  });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
})();
"""


def _slide(item: Slide, index: int, base: str) -> str:
    synthetic = item.chart is not None and item.chart.synthetic
    label, role = escape(_("Slide {number}").format(number=index + 1)), escape(_("slide"))
    full_view, every_caveat = escape(_("The full view")), escape(_("Every caveat and source, in full"))
    parts = [f'<section class="slide" aria-roledescription="{role}" aria-label="{label}">',
             f'<p class="synthetic">{escape(_(SYNTHETIC_LABEL))}</p>' if synthetic else "",
             f'<p class="kicker">{escape(item.kicker)}</p>',
             f'<h2 class="headline">{escape(item.headline)}</h2>']  # fmt: skip
    if item.chart is not None:
        parts.append(f'<div class="chart" data-figure="{index}" role="img" aria-label="{escape(item.headline)}"></div>')
        parts.append(
            f'<p class="source">{escape(item.source)} <a href="{escape(base + item.link)}">{full_view}</a></p>'
        )
    else:
        parts.append('<ul class="points">' + "".join(f"<li>{escape(point)}</li>" for point in item.points) + "</ul>")
        if item.link:
            parts.append(f'<p class="source"><a href="{escape(base + item.link)}">{every_caveat}</a></p>')
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _board_choice(deck: Deck, boards: list[tuple[str, str]]) -> str:
    options = "".join(
        f'<option value="{escape(code)}"{" selected" if code == deck.board else ""}>{escape(name)}</option>'
        for code, name in boards
    )
    board = escape(_("Board"))
    return f'<label>{board} <select id="board" data-lang="{current()}">{options}</select></label>'


def present_page(deck: Deck, base: str, title_link: str, boards: list[tuple[str, str]]) -> str:
    figures = {str(index): json.loads(_figure(item)) for index, item in enumerate(deck.slides) if item.chart}
    slides = "\n".join(_slide(item, index, base) for index, item in enumerate(deck.slides))
    figures_json = json.dumps(figures).replace("</", "<\\/")
    words = {
        "title": _("Present: {board} — {site}").format(board=deck.board_name, site=_(SITE_NAME)),
        "help": _("Arrows or space to step, F for full screen"),
        "pack": _("board pack (PowerPoint)"),
        "dashboard": _("the dashboard"),
    }
    shown = {name: escape(text) for name, text in words.items()}
    return f"""<!doctype html>
<html lang="{current()}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{shown["title"]}</title>
<link rel="icon" href="data:,">
<style>{STYLE}</style></head>
<body><main class="deck" id="deck" aria-live="polite">
{slides}
<p class="help">{shown["help"]} ·
<a href="{escape(title_link)}">{shown["pack"]}</a> ·
<a href="{in_language("/")}">{shown["dashboard"]}</a> ·
{_board_choice(deck, boards)}</p>
<p class="counter" id="counter"></p>
</main>
<script src="{PLOTLY_BUNDLE_URL}"></script>
<script>var FIGURES = {figures_json};</script>
<script>{SCRIPT}</script>
</body></html>
"""


def _figure(item: Slide) -> str:
    assert item.chart is not None
    return outline_areas(bare_figure(item.chart), list(item.outline), item.outline_label).to_json()
