"""One area measure against another, an area a point: healthy life expectancy against deprivation,
GP supply against need. No fitted line: with 22 areas the correlation and its interval, said in
words, carry the finding, and a line would draw a relation the data may not hold. The areas at
each end of either axis are named on the chart; every area is named on hover and in the table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import theme
from dashboard.i18n import decimal
from dashboard.model import columns as col

NAMED_AT_EACH_END = 1  # areas labelled at each end of each axis (more overlap at 22 points)


@dataclass(frozen=True)
class ScatterOptions:
    title: str
    x: str  # columns of the frame
    y: str
    x_label: str
    y_label: str
    source_note: str
    summary: str  # the correlation in words, shown on the chart
    y_interval: bool = False  # the frame's lower/upper are the y values' 95% CIs


def named_areas(frame: pd.DataFrame, x: str, y: str) -> set[str]:
    """The codes of the areas at each end of each axis."""
    codes: set[str] = set()
    for name in (x, y):
        ordered = frame.sort_values(name)
        codes |= set(ordered[col.AREA_CODE].head(NAMED_AT_EACH_END)) | set(
            ordered[col.AREA_CODE].tail(NAMED_AT_EACH_END)
        )
    return codes


def make_scatter_figure(frame: pd.DataFrame, options: ScatterOptions) -> go.Figure:
    """`frame`: area_code, area_name and the two columns (with lower/upper for a y interval)."""
    rows = frame.dropna(subset=[options.x, options.y])
    named = named_areas(rows, options.x, options.y)
    hover = [
        f"{name}<br>{options.x_label}: {decimal(x)}<br>{options.y_label}: {decimal(y)}"
        for name, x, y in zip(rows[col.AREA_NAME], rows[options.x], rows[options.y], strict=True)
    ]
    labels = [
        name if code in named else "" for code, name in zip(rows[col.AREA_CODE], rows[col.AREA_NAME], strict=True)
    ]
    figure = theme.figure(
        go.Scatter(
            x=rows[options.x], y=rows[options.y], mode="markers+text", text=labels, textposition="top center",
            textfont={"size": 12, "color": theme.MUTED}, marker={"size": 11, "color": theme.CATEGORICAL[0]},
            error_y=theme.ci_bars(rows, theme.CATEGORICAL[0], 1.5) if options.y_interval else None,
            hovertext=hover, hoverinfo="text", showlegend=False, name=options.y_label,
        )
    )  # fmt: skip
    figure.add_annotation(
        text=options.summary, xref="paper", yref="paper", x=0, y=1.02, xanchor="left", yanchor="bottom",
        showarrow=False, align="left", font={"size": 13, "color": theme.INK},
    )  # fmt: skip
    figure.update_layout(title=options.title, height=560, margin={"l": 90, "r": 30, "t": 120, "b": 170})
    figure.update_xaxes(title_text=theme.axis_title(options.x_label, 60), gridcolor="#e5e5e5")
    figure.update_yaxes(title_text=theme.axis_title(options.y_label), gridcolor="#e5e5e5", automargin=True)
    return theme.add_source_note(figure, options.source_note, below_plot=110)
