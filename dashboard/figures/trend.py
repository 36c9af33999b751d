"""Trend figure (`area-trend`): one measure for one area over the periods it is published for,
against its peers and Wales. The x axis is categorical: periods here are editions and pooled
spans ("2019 edition", "2020-2022"), not evenly spaced years."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import theme
from dashboard.figures.profile import IS_AREA
from dashboard.i18n import _, decimal
from dashboard.model import columns as col


@dataclass(frozen=True)
class TrendOptions:
    title: str
    area_name: str
    periods: tuple[str, ...]  # in time order: the x axis
    source_note: str
    synthetic: bool = False


def make_trend_figure(frame: pd.DataFrame, wales: pd.DataFrame, options: TrendOptions) -> go.Figure:
    """One measure over its periods: every peer area as a thin grey line, the chosen area
    (`is_area`) in colour with its 95% CIs where known, Wales as a dashed black line where held
    (drawn last, so a Wales value held for one period only still shows).

    `frame`: area_name, period, value, lower, upper, is_area. `wales`: period, value."""
    figure = theme.figure()
    order = {period: index for index, period in enumerate(options.periods)}
    frame = frame.sort_values(col.PERIOD, key=lambda periods: periods.map(order))
    for index, (name, rows) in enumerate(frame[~frame[IS_AREA]].groupby(col.AREA_NAME, sort=True)):
        figure.add_trace(
            go.Scatter(
                x=rows[col.PERIOD], y=rows[col.VALUE], mode="lines+markers", name=_("Other areas"),
                legendgroup="peers", showlegend=index == 0,
                line={"color": theme.SIMILAR_TO_WALES, "width": 1}, marker={"size": 5},
                opacity=0.6, hovertemplate=f"{name}: %{{y:,.1f}}<extra></extra>",
            )
        )  # fmt: skip
    area = frame[frame[IS_AREA]]
    figure.add_trace(
        go.Scatter(
            x=area[col.PERIOD], y=area[col.VALUE], mode="lines+markers", name=options.area_name,
            line={"color": theme.CATEGORICAL[0], "width": 4},
            marker={"size": 14, "color": theme.CATEGORICAL[0], "line": {"color": "white", "width": 1.5}},
            error_y=theme.ci_bars(area, theme.CATEGORICAL[0]),
            hovertext=[
                f"{options.area_name}, {period}: {decimal(value)}"
                + (_(" (95% CI {lower} to {upper})").format(lower=decimal(low), upper=decimal(high)) if pd.notna(low)
                   else _(" (no CI published)"))
                for period, value, low, high in zip(
                    area[col.PERIOD], area[col.VALUE], area[col.LOWER], area[col.UPPER], strict=True
                )
            ],
            hoverinfo="text",
        )
    )  # fmt: skip
    if not wales.empty:
        wales = wales.sort_values(col.PERIOD, key=lambda periods: periods.map(order))
        figure.add_trace(
            go.Scatter(
                x=wales[col.PERIOD], y=wales[col.VALUE], mode="lines+markers", name=_("Wales"),
                line={"color": theme.INK, "width": 2, "dash": "dash"},
                marker={"size": 11, "symbol": "diamond", "color": theme.INK},
                hovertemplate=_("Wales: {value}").format(value="%{y:,.1f}") + "<extra></extra>",
            )
        )  # fmt: skip
    figure.update_layout(
        title=options.title,
        yaxis_title=theme.axis_title(_("Deaths per 100,000 (age-standardised)")),
        height=520,
        margin={"l": 80, "r": 30, "t": 70, "b": 150},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    )
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(options.periods))
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=45)
