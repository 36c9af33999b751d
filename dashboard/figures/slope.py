"""Slope charts: each line joins two values of the same thing, with its CI drawn at both ends.

Two families share this module: least vs most deprived (`slope-quintile`, one line per cause
group or area, the gap written at the right end in absolute and relative terms), and two periods
(`slope-period`, one line per area). Period lines are coloured by direction (rising, falling) in
the theme's blue/orange pair, never red and green; cause lines take the Okabe-Ito categorical set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import theme
from dashboard.i18n import _, decimal

LABEL = "label"
START, START_LOWER, START_UPPER = "start", "start_lower", "start_upper"
END, END_LOWER, END_UPPER = "end", "end_lower", "end_upper"
SLOPE_COLUMNS = (LABEL, START, START_LOWER, START_UPPER, END, END_LOWER, END_UPPER)


@dataclass(frozen=True)
class SlopeOptions:
    title: str
    start_label: str
    end_label: str
    value_label: str
    source_note: str
    gap_labels: bool = True  # write "+332 (2.4×)" at the right end
    colour_by_direction: bool = False  # True for like-for-like periods: rising orange, falling blue
    neutral: bool = False  # every line one muted colour: for figures that must not read as a change
    from_zero: bool = True
    synthetic: bool = False
    height: int = 620


MARGIN_TOP, MARGIN_BOTTOM = 70, 150
LABEL_PIXELS = 17  # vertical room one right-hand label needs


def _gap_text(start: float, end: float) -> str:
    change = decimal(end - start, 0, signed=True)
    return f"{change} ({decimal(end / start, 1)}×)" if start > 0 else change


def dodge(values: np.ndarray, min_gap: float) -> np.ndarray:
    """Label heights near `values` (sorted high to low) at least `min_gap` apart, so the labels
    of close lines do not overprint; the block is re-centred on the values it labels."""
    placed = np.array(values, dtype="float64")
    for index in range(1, len(placed)):
        placed[index] = min(placed[index], placed[index - 1] - min_gap)
    return placed + max(0.0, float(np.mean(values) - np.mean(placed)) / 2)


def make_slope_figure(frame: pd.DataFrame, options: SlopeOptions) -> go.Figure:
    """One line per row of `frame` (columns SLOPE_COLUMNS; the CI columns may be NaN when a
    source publishes none, and then no bar is drawn and the note must say so)."""
    figure = theme.figure()
    ordered = frame.sort_values(END, ascending=False).reset_index(drop=True)
    values = ordered[[START, END, START_LOWER, START_UPPER, END_LOWER, END_UPPER]].to_numpy(dtype="float64")
    top, bottom = float(np.nanmax(values)), 0.0 if options.from_zero else float(np.nanmin(values))
    units_per_pixel = (top - bottom) * 1.1 / (options.height - MARGIN_TOP - MARGIN_BOTTOM)
    label_heights = dodge(ordered[END].to_numpy(), min_gap=LABEL_PIXELS * units_per_pixel)
    for position, (_index, row) in enumerate(ordered.iterrows()):
        colour = _line_colour(row, position, options)
        error = {
            "type": "data",
            "symmetric": False,
            "array": [row[START_UPPER] - row[START], row[END_UPPER] - row[END]],
            "arrayminus": [row[START] - row[START_LOWER], row[END] - row[END_LOWER]],
            "color": colour,
            "thickness": 1.5,
            "width": 6,
            "visible": bool(np.isfinite([row[START_LOWER], row[END_LOWER]]).all()),
        }
        hover = _line_hover(row, options)
        figure.add_trace(
            go.Scatter(
                x=[options.start_label, options.end_label],
                y=[row[START], row[END]],
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 8, "color": colour},
                error_y=error,
                name=str(row[LABEL]),
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
        right = f"{row[LABEL]}  {_gap_text(row[START], row[END])}" if options.gap_labels else str(row[LABEL])
        figure.add_annotation(
            x=options.end_label, y=label_heights[position], text=right, xanchor="left", xshift=14, showarrow=False,
            font={"size": 13, "color": theme.INK},
        )  # fmt: skip
    figure.update_layout(
        title=options.title,
        yaxis_title=theme.axis_title(options.value_label),
        height=options.height,
        margin={"l": 90, "r": 260, "t": MARGIN_TOP, "b": MARGIN_BOTTOM},
        hovermode="closest",
    )
    figure.update_xaxes(type="category", range=[-0.25, 1.25])
    figure.update_yaxes(rangemode="tozero" if options.from_zero else "normal", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=45)


def _line_colour(row: pd.Series, position: int, options: SlopeOptions) -> str:
    """Grey when neutral, by direction (up = higher) when asked, else the categorical cycle."""
    if options.neutral:
        return theme.MUTED
    if options.colour_by_direction:
        return theme.HIGHER_THAN_WALES if row[END] >= row[START] else theme.LOWER_THAN_WALES
    return theme.CATEGORICAL[position % len(theme.CATEGORICAL)]


def _line_hover(row: pd.Series, options: SlopeOptions) -> list[str]:
    """The hover at each end of a line: its value and CI, or that none is published."""
    with_ci = _("{label}<br>{when}: {value}<br>95% CI {lower} to {upper}")
    no_ci = _("{label}<br>{when}: {value}<br>no CI published")
    return [
        with_ci.format(label=row[LABEL], when=when, value=decimal(value), lower=decimal(low), upper=decimal(high))
        if np.isfinite(low)
        else no_ci.format(label=row[LABEL], when=when, value=decimal(value))
        for when, value, low, high in (
            (options.start_label, row[START], row[START_LOWER], row[START_UPPER]),
            (options.end_label, row[END], row[END_LOWER], row[END_UPPER]),
        )
    ]
