"""Rates by deprivation group with their confidence intervals (bars with error bars)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard import columns as col
from dashboard.figures import theme

GROUP = "group"  # 1 = most deprived


@dataclass(frozen=True)
class GroupChartOptions:
    title: str
    value_label: str
    group_label: str  # "quintile" or "decile"
    source_note: str
    synthetic: bool = False


def group_colours(count: int) -> list[str]:
    """Quintiles take the five theme colours; deciles share them in pairs (1-2, 3-4 …)."""
    return [theme.QUINTILE_COLOURS[(group - 1) * 5 // count] for group in range(1, count + 1)]


def make_group_figure(frame: pd.DataFrame, options: GroupChartOptions) -> go.Figure:
    """One bar per group (column `group`, 1 = most deprived) with value, lower, upper, deaths."""
    data = frame.sort_values(GROUP)
    count = len(data)
    labels = [f"{g} most deprived" if g == 1 else f"{g} least deprived" if g == count else str(g) for g in data[GROUP]]
    hover = [
        f"{options.group_label.capitalize()} {g}<br>{value:,.1f} per 100,000<br>95% CI {low:,.1f} to {high:,.1f}"
        f"<br>Deaths: {deaths:,.0f}"
        for g, value, low, high, deaths in zip(
            data[GROUP], data[col.VALUE], data[col.LOWER], data[col.UPPER], data[col.DEATHS], strict=True
        )
    ]
    figure = go.Figure(
        go.Bar(x=labels, y=data[col.VALUE], marker_color=group_colours(count), hovertext=hover, hoverinfo="text")
    )
    # The CI bars twice: a wide white one under a black one, so they read on dark and light bars alike.
    for colour, thickness, width in (("white", 5, 10), (theme.INK, 2, 7)):
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=data[col.VALUE],
                mode="markers",
                marker={"size": 1, "color": colour},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": data[col.UPPER] - data[col.VALUE],
                    "arrayminus": data[col.VALUE] - data[col.LOWER],
                    "color": colour,
                    "thickness": thickness,
                    "width": width,
                },
                hoverinfo="skip",
            )
        )
    figure.update_layout(
        title=options.title,
        yaxis_title=options.value_label,
        xaxis_title=f"WIMD {options.group_label} (1 = most deprived)",
        height=560,
        showlegend=False,
        margin={"l": 90, "r": 20, "t": 70, "b": 150},
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=80)
