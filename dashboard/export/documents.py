"""HTML documents of one chart: the embed (served by the app, for an iframe in a blog post) and the
standalone file (everything inline, for platforms that accept HTML). Both show the chart's title,
key sentence, the chart, its source line and a link back to the full view; neither loads Dash,
so an embed weighs the plotly bundle and one figure, nothing more."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from typing import Final

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.config import PROJECT_DIR
from dashboard.export.images import bare_figure, inline_geometry
from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.i18n import N_, _, current
from dashboard.views.base import Chart
from dashboard.web.routes import PLOTLY_BUNDLE, PLOTLY_BUNDLE_URL, VENDOR_DIR

SITE_NAME = N_("Who dies too young in Wales")
HEIGHT_MESSAGE: Final = "who-dies-too-young:embed-height"  # what an embed posts to its parent
TOPOJSON_DIR = PROJECT_DIR / "assets" / "topojson"
STYLE: Final = """
body { font-family: "Liberation Sans", Arial, sans-serif; color: #1d1d1b; margin: 0; line-height: 1.4; }
main { padding: 0.5rem 0.75rem; }
h1 { font-size: 1.2rem; margin: 0 0 0.3rem 0; }
.sentence { font-size: 1rem; margin: 0 0 0.4rem 0; }
.notice { background: #fff4d6; border-left: 5px solid #ffdd00; padding: 0.4rem 0.6rem; }
.synthetic { background: #b34700; color: #fff; font-weight: bold; padding: 0.3rem 0.6rem; }
.source { color: #505a5f; font-size: 0.8rem; margin: 0.3rem 0; }
a { color: #005ea5; } a:focus { outline: 3px solid #ffdd00; }
"""
# Sends the document's height to the page holding the iframe, whenever it changes.
REPORT_HEIGHT: Final = """
(function () {
  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    parent.postMessage({type: "%s", chart: "%s", height: height}, "*");
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
})();
"""
# For the page that holds the iframe: applies each embed's reported height to its own iframe.
RECEIVE_HEIGHT: Final = (
    '<script>window.addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="'
    + HEIGHT_MESSAGE
    + '")return;document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)'
    'f.style.height=d.height+"px";});});</script>'
)
PLOT_CONFIG: Final = {"displaylogo": False, "responsive": True, "showSendToCloud": False, "showLink": False}


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


def _figure_json(figure: go.Figure) -> str:
    return pio.to_json(figure, validate=False).replace("</", "<\\/")


def _body(chart: Chart, link: str, notice: str) -> str:
    full_view = _("The full view, with its table: {site}").format(site=_(SITE_NAME))
    parts = [f'<p class="synthetic">{escape(_(SYNTHETIC_LABEL))}</p>' if chart.synthetic else "",
             f'<p class="notice" role="status">{escape(notice)}</p>' if notice else "",
             f"<h1>{escape(chart.title)}</h1>",
             f'<p class="sentence" id="sentence">{escape(chart.sentence)}</p>' if chart.sentence else "",
             '<figure style="margin:0" aria-describedby="sentence"><div id="chart"></div></figure>',
             f'<p class="source">{escape(chart.source)}</p>',
             f'<p class="source"><a href="{escape(link)}" target="_blank" rel="noopener">'
             f"{escape(full_view)}</a></p>"]  # fmt: skip
    return "\n".join(part for part in parts if part)


def embed_page(chart: Chart, link: str, notice: str = "") -> str:
    """The chart alone for an iframe: the plotly bundle by URL (cached), geometry by URL, and the
    document's height reported to the parent page."""
    if chart.figure is None:
        raise ValueError(f"chart {chart.chart_id} has no figure")
    config = {**PLOT_CONFIG, "topojsonURL": "/assets/topojson/"}
    return f"""<!doctype html>
<html lang="{current()}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(chart.title)}</title><link rel="icon" href="data:,"><style>{STYLE}</style></head>
<body><main>
{_body(chart, link, notice)}
</main>
<script src="{PLOTLY_BUNDLE_URL}"></script>
<script>
var figure = {_figure_json(bare_figure(chart))};
figure.layout.autosize = true; delete figure.layout.width;
Plotly.newPlot("chart", figure.data, figure.layout, {_script_json(config)});
{REPORT_HEIGHT % (HEIGHT_MESSAGE, escape(chart.chart_id))}
</script>
</body></html>
"""


@cache
def _bundle() -> str:
    return (VENDOR_DIR / PLOTLY_BUNDLE).read_text(encoding="utf-8").replace("</script", "<\\/script")


@cache
def _geo_assets() -> str:
    """Plotly's base maps, inline: plotly.js reads window.PlotlyGeoAssets before fetching any."""
    maps = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in TOPOJSON_DIR.glob("*.json")}
    return f"window.PlotlyGeoAssets = {{topojson: {_script_json(maps)}}};"


def standalone_page(chart: Chart, link: str) -> str:
    """One self-contained file: plotly.js, the figure and any map geometry inline; no CDN, no app."""
    if chart.figure is None:
        raise ValueError(f"chart {chart.chart_id} has no figure")
    figure = inline_geometry(bare_figure(chart))
    return f"""<!doctype html>
<html lang="{current()}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(chart.title)}</title><link rel="icon" href="data:,"><style>{STYLE}</style></head>
<body><main>
{_body(chart, link, "")}
</main>
<script>{_bundle()}</script>
<script>{_geo_assets()}</script>
<script>
var figure = {_figure_json(figure)};
figure.layout.autosize = true; delete figure.layout.width;
Plotly.newPlot("chart", figure.data, figure.layout, {_script_json(PLOT_CONFIG)});
</script>
</body></html>
"""


def iframe_snippet(embed_url: str, title: str, height: int = 640) -> str:
    """What a person pastes into a blog post: the iframe, and the line that sizes it to the chart."""
    return (
        f'<iframe src="{escape(embed_url)}" title="{escape(title)}" loading="lazy" '
        f'style="width:100%;max-width:960px;border:0" height="{height}"></iframe>\n{RECEIVE_HEIGHT}'
    )
