"""PNG and SVG of a chart, drawn by kaleido driving Debian's Chromium (no browser download): the
page's figure laid out again for a fixed size, with its title, its key sentence under the title,
its source line and the address of the view it came from, so an image pasted anywhere still says
what it shows, where the figures come from, and where to find more. Maps carry their geometry
inline (the image has no app to fetch it from)."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import textwrap
import threading
from functools import cache
from pathlib import Path
from typing import Any, Final

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import data
from dashboard.config import PROJECT_DIR
from dashboard.export.gate import GATE
from dashboard.figures import theme
from dashboard.i18n import _
from dashboard.views.base import Chart
from dashboard.web.routes import PLOTLY_BUNDLE, VENDOR_DIR

FORMATS: Final = ("png", "svg")
SCALES: Final = ("1", "2")
# width, and height (None: the figure's own height plus the lines added); "slide" fills 16:9.
SIZES: Final[dict[str, tuple[int, int | None]]] = {"standard": (960, None), "slide": (1280, 720)}
SENTENCE_LINE = 20  # pixels per line of the key sentence under the title
SENTENCE_FONT = 15
CHARACTERS_PER_PIXEL = 1 / 7.6  # Liberation Sans at 15 px: a line of the sentence fits its width
GEO_PREFIX = "/geo/"
TOPOJSON_DIR = PROJECT_DIR / "assets" / "topojson"
_start_lock = threading.Lock()
_render_lock = threading.Lock()
_started: list[bool] = []


def _start() -> None:
    """Point kaleido at local files (the empty base map, the dashboard's plotly.js, no MathJax)
    and start its browser once per process: a cold export costs about 2 s, a warm one far less."""
    with _start_lock:
        if _started:
            return
        pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"
        pio.defaults.mathjax = None
        pio.defaults.plotlyjs = str(VENDOR_DIR / PLOTLY_BUNDLE)
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)  # no browser outlives its worker
        lower_priority(os.getpid())
        _started.append(True)


RENDER_NICENESS: Final = 10  # renders yield the CPU to pages and /healthz (a process may raise its own)


def lower_priority(pid: int) -> int:
    """Give every process under `pid` (kaleido's Chromium: the browser, its zygote and the
    renderers they fork later, which inherit it) a lower CPU priority, so a burst of image
    exports cannot starve the worker's pages. Returns how many were changed."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    changed, stack = 0, list(children.get(pid, []))
    while stack:
        child = stack.pop()
        stack.extend(children.get(child, []))
        with contextlib.suppress(OSError):  # gone already, or not ours
            os.setpriority(os.PRIO_PROCESS, child, max(os.getpriority(os.PRIO_PROCESS, child), RENDER_NICENESS))
            changed += 1
    return changed


@cache
def _geometry(level: str, stamp: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(data.map_geojson(level))
    return loaded


def inline_geometry(figure: go.Figure) -> go.Figure:
    """Each map trace's geometry URL (/geo/<level>.geojson) replaced by the GeoJSON itself."""
    stamp = data.build_version()
    for trace in figure.data:
        geojson = getattr(trace, "geojson", None)
        if isinstance(geojson, str) and geojson.startswith(GEO_PREFIX):
            level = geojson.removeprefix(GEO_PREFIX).partition("?")[0].removesuffix(".geojson")
            trace.geojson = _geometry(level, stamp)
    return figure


def export_figure(chart: Chart, link: str, size: str = "standard") -> go.Figure:
    """The chart's figure laid out for an image: its key sentence under the title, its source line
    and the link to its view under the plot, at the size asked for."""
    if chart.figure is None:
        raise ValueError(f"chart {chart.chart_id} has no figure: {chart.sentence}")
    figure = inline_geometry(go.Figure(chart.figure))
    width, fixed_height = SIZES[size]
    lines = textwrap.wrap(chart.sentence, int((width - 40) * CHARACTERS_PER_PIXEL)) if chart.sentence else []
    extra_top = SENTENCE_LINE * len(lines) + (12 if lines else 0)
    below_plot = source_note_offset(figure)
    figure.layout.annotations = [note for note in figure.layout.annotations if note.name != theme.SOURCE_NOTE_NAME]
    top = margin(figure, "t") + extra_top
    height = fixed_height or (figure.layout.height or 450) + extra_top + theme.NOTE_LINE_PIXELS * 2
    figure.update_layout(
        width=width, height=height, margin={"t": top},
        title={"x": 0.02, "xref": "container", "y": 1 - 14 / height, "yanchor": "top", "yref": "container",
               "subtitle": {"text": "<br>".join(lines), "font": {"size": SENTENCE_FONT, "color": theme.INK}}},
    )  # fmt: skip
    return theme.add_source_note(figure, f"{chart.source} " + _("Chart: {link}").format(link=link),
                                 below_plot=below_plot)  # fmt: skip


def margin(figure: go.Figure, side: str) -> int:
    value = getattr(figure.layout.margin, side)
    return int(value if value is not None else theme.TEMPLATE_MARGIN.get(side, 10))


def source_note_offset(figure: go.Figure) -> int:
    """How far under the plot area (pixels) the figure put its source line, read back from the
    note's position, so the line keeps clear of the axis titles when the figure is laid out again."""
    note = next((note for note in figure.layout.annotations if note.name == theme.SOURCE_NOTE_NAME), None)
    if note is None or note.y is None:
        return 45
    plot_height = (figure.layout.height or 450) - margin(figure, "t") - margin(figure, "b")
    return round(-float(note.y) * plot_height)


BARE_TOP = 40  # room for the SYNTHETIC band above the plot; the title is the document's heading


def bare_figure(chart: Chart) -> go.Figure:
    """The chart's figure without the title and source line, which the document writes as text
    (selectable, read by screen readers, and not said twice); its plot area keeps its size."""
    figure = go.Figure(chart.figure)
    below_plot = source_note_offset(figure)
    top, bottom = margin(figure, "t"), margin(figure, "b")
    figure.layout.annotations = [note for note in figure.layout.annotations if note.name != theme.SOURCE_NOTE_NAME]
    new_bottom = max(below_plot, 20) + 10
    height = (figure.layout.height or 450) - (top - BARE_TOP) - (bottom - new_bottom)
    figure.update_layout(title_text="", height=height, margin={"t": BARE_TOP, "b": new_bottom})
    return figure


def slide_figure(chart: Chart, width: int, height: int, font_size: int = 18) -> go.Figure:
    """The bare figure at a slide's size, with type large enough for a projector."""
    figure = inline_geometry(bare_figure(chart))
    figure.update_layout(width=width, height=height, font={"size": font_size})
    return figure


def render(figure: go.Figure, image_format: str, scale: int) -> bytes:
    """The figure as PNG or SVG bytes (one render at a time per process: kaleido's browser is shared)."""
    if image_format not in FORMATS:
        raise ValueError(f"format {image_format!r}: choose from {FORMATS}")
    with GATE.slot():
        _start()
        with _render_lock:
            return bytes(pio.to_image(figure, format=image_format, scale=scale))
