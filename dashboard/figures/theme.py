"""One theme for every figure: fonts, colour-blind-safe palettes, and the source line.

Palettes: sequential rates use cividis (designed for colour-vision deficiency); deprivation
quintiles use five steps of the same ramp, darkest = most deprived; comparisons with Wales use a
blue/orange pair (Okabe-Ito), never red/green.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import N_, _
from dashboard.model import columns as col

FONT_FAMILY = "Liberation Sans, Arial, sans-serif"
INK = "#1d1d1b"
MUTED = "#505a5f"
SUPPRESSED_GREY = "#bfc1c3"
SEQUENTIAL = "Cividis"
QUINTILE_COLOURS = ("#00204d", "#414d6b", "#7c7b78", "#bcaf6f", "#ffea46")  # 1 (most deprived) … 5
HIGHER_THAN_WALES = "#d55e00"  # Okabe-Ito vermillion
LOWER_THAN_WALES = "#0072b2"  # Okabe-Ito blue
SIMILAR_TO_WALES = "#767676"  # the lightest grey with 4.5:1 on white
# Changes and differences: blue (fell) through near-white to vermillion (rose), the same two
# Okabe-Ito hues as lower/higher than Wales, so "orange is worse" holds on every page.
DIVERGING = [[0.0, LOWER_THAN_WALES], [0.5, "#f2f2f2"], [1.0, HIGHER_THAN_WALES]]
# Okabe-Ito, without the hues under 3:1 on white (yellow, sky blue, orange; WCAG 1.4.11), with a dark
# ochre in their place: lines that name different things.
CATEGORICAL = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#000000")
SYNTHETIC_BAND = "#b34700"  # a darker vermillion: white text on it 5.5:1 (the band, the banner, the slides)
SYNTHETIC_LABEL = N_("SYNTHETIC DATA: a demonstration, not real deaths")
TOPOJSON_URL = "/assets/topojson/"


# The house template, passed to every figure explicitly (`figure()`): nothing registers a global
# default, so a figure looks the same in a page, an export or a test, whatever was imported first.
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": 15, "color": INK},
        title={"font": {"size": 20}, "x": 0, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 70, "b": 70},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
    )
)


def axis_title(text: str, width: int = 34) -> str:
    """An axis title wrapped onto short lines (a long title, as Welsh ones often are, otherwise
    runs into the chart's title or off the plot), with its first letter a capital. The default
    suits a value axis standing beside a plot about 300 px tall; horizontal axes pass a width."""
    title = text[:1].upper() + text[1:]
    return "<br>".join(textwrap.wrap(title, width)) if len(title) > width else title


def figure(data: object = None) -> go.Figure:
    """A new figure in the house template."""
    return go.Figure(data, layout={"template": TEMPLATE})


SOURCE_NOTE_NAME = "source-note"  # the annotation's name: an export finds it to lay the figure out again
SOURCE_NOTE_WIDTH = 85  # characters a line: stays inside a figure 640 px wide (a laptop at 200% zoom)
NOTE_LINE_PIXELS = 16
TEMPLATE_MARGIN = {"t": 70, "b": 70}


TITLE_WIDTH = 90  # characters a line of a 20 px title: the width of a page's chart
TITLE_LINE_PIXELS = 26


def wrap_title(figure: go.Figure) -> go.Figure:
    """A title too long for one line (as Welsh titles often are) wrapped onto two or more, the top
    margin grown by a line for each, so the title neither runs off the figure nor under the toolbar."""
    title = figure.layout.title.text or ""
    if len(title) <= TITLE_WIDTH or "<br>" in title:
        return figure
    lines = textwrap.wrap(title, TITLE_WIDTH)
    top = figure.layout.margin.t if figure.layout.margin.t is not None else TEMPLATE_MARGIN["t"]
    figure.update_layout(title_text="<br>".join(lines), margin={"t": top + TITLE_LINE_PIXELS * (len(lines) - 1)})
    if figure.layout.height:
        figure.update_layout(height=figure.layout.height + TITLE_LINE_PIXELS * (len(lines) - 1))
    return figure


def add_source_note(figure: go.Figure, text: str, *, synthetic: bool = False, below_plot: int = 45) -> go.Figure:
    """The source, vintage and origin line, wrapped, starting `below_plot` pixels under the plot
    area (clear of the axis labels); the bottom margin grows to hold it. Call after the layout's
    height and margins are set. A synthetic figure also says so across the top."""
    wrap_title(figure)
    lines = textwrap.wrap(text, SOURCE_NOTE_WIDTH)
    height = figure.layout.height or 450
    top = figure.layout.margin.t if figure.layout.margin.t is not None else TEMPLATE_MARGIN["t"]
    bottom = max(
        figure.layout.margin.b if figure.layout.margin.b is not None else TEMPLATE_MARGIN["b"],
        below_plot + NOTE_LINE_PIXELS * len(lines) + 10,
    )
    figure.update_layout(margin={"b": bottom})
    figure.add_annotation(
        text="<br>".join(lines), xref="paper", yref="paper", x=0, y=-below_plot / (height - top - bottom),
        xanchor="left", yanchor="top", showarrow=False, align="left", font={"size": 12, "color": MUTED},
        name=SOURCE_NOTE_NAME,
    )  # fmt: skip
    if synthetic:
        figure.add_annotation(
            text=_(SYNTHETIC_LABEL), xref="paper", yref="paper", x=0.5, y=1.0, xanchor="center", yanchor="bottom",
            showarrow=False, font={"size": 14, "color": "white"}, bgcolor=SYNTHETIC_BAND,
        )  # fmt: skip
    return figure


def ci_bars(rows: pd.DataFrame, colour: str, thickness: float = 2) -> dict[str, object]:
    """Asymmetric 95% CI bars for `rows` (value, lower, upper), none where the source gives no CI."""
    has_ci = rows[col.LOWER].notna()
    return {
        "type": "data", "symmetric": False, "color": colour, "thickness": thickness,
        "array": np.where(has_ci, rows[col.UPPER] - rows[col.VALUE], 0),
        "arrayminus": np.where(has_ci, rows[col.VALUE] - rows[col.LOWER], 0),
    }  # fmt: skip


def message_figure(title: str, text: str, source_note: str = "", *, synthetic: bool = False) -> go.Figure:
    """A chart that cannot be drawn honestly (a summary refused, nothing held): its title and, in
    the plot area, why; so an image or slide of it never shows empty axes without a word."""
    drawn = figure()
    drawn.update_layout(title=title, height=360, margin={"l": 20, "r": 20, "t": 70, "b": 60})
    drawn.update_xaxes(visible=False)
    drawn.update_yaxes(visible=False)
    drawn.add_annotation(
        text="<br>".join(textwrap.wrap(text, SOURCE_NOTE_WIDTH)), xref="paper", yref="paper", x=0.5, y=0.5,
        showarrow=False, font={"size": 16, "color": INK},
    )  # fmt: skip
    return add_source_note(drawn, source_note, synthetic=synthetic) if source_note else wrap_title(drawn)
