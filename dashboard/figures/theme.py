"""One theme for every figure: fonts, colour-blind-safe palettes, and the source line.

Palettes: sequential rates use cividis (designed for colour-vision deficiency); deprivation
quintiles use five steps of the same ramp, darkest = most deprived; comparisons with Wales use a
blue/orange pair (Okabe-Ito), never red/green.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "wales_mortality"
FONT_FAMILY = "Liberation Sans, Arial, sans-serif"
INK = "#1d1d1b"
MUTED = "#505a5f"
SUPPRESSED_GREY = "#bfc1c3"
SEQUENTIAL = "Cividis"
QUINTILE_COLOURS = ("#00204d", "#414d6b", "#7c7b78", "#bcaf6f", "#ffea46")  # 1 (most deprived) … 5
HIGHER_THAN_WALES = "#d55e00"  # Okabe-Ito vermillion
LOWER_THAN_WALES = "#0072b2"  # Okabe-Ito blue
SIMILAR_TO_WALES = "#999999"
# Okabe-Ito, without yellow (too light on white): lines that name different things.
CATEGORICAL = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000")
SYNTHETIC_LABEL = "SYNTHETIC DATA: a demonstration, not real deaths"
TOPOJSON_URL = "/assets/topojson/"


def register_template() -> None:
    """Register the house template and make it the default (idempotent)."""
    template = go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": 15, "color": INK},
            title={"font": {"size": 20}, "x": 0, "xanchor": "left"},
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin={"l": 10, "r": 10, "t": 70, "b": 70},
            hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
        )
    )
    pio.templates[TEMPLATE_NAME] = template
    pio.templates.default = TEMPLATE_NAME


SOURCE_NOTE_WIDTH = 130  # characters a line, so the note stays inside a 1,000-pixel figure


def add_source_note(figure: go.Figure, text: str, *, synthetic: bool = False, y: float = -0.02) -> go.Figure:
    """The source, vintage and origin line under the plot (wrapped, at paper height `y`); a
    synthetic figure also says so across the top."""
    wrapped = "<br>".join(textwrap.wrap(text, SOURCE_NOTE_WIDTH))
    figure.add_annotation(
        text=wrapped, xref="paper", yref="paper", x=0, y=y, xanchor="left", yanchor="top",
        showarrow=False, align="left", font={"size": 12, "color": MUTED},
    )  # fmt: skip
    if synthetic:
        figure.add_annotation(
            text=SYNTHETIC_LABEL, xref="paper", yref="paper", x=0.5, y=1.0, xanchor="center", yanchor="bottom",
            showarrow=False, font={"size": 14, "color": "white"}, bgcolor=HIGHER_THAN_WALES,
        )  # fmt: skip
    return figure
