"""Healthy life expectancy figures: one area over ONS's twelve 3-year periods, females and males
side by side, with its 95% CI as a band and the interim-method periods shaded and named; and
every local authority in one period, ranked, with its CI, against Wales."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures import theme
from dashboard.i18n import _, decimal
from dashboard.model import columns as col

ROLE = "role"  # column: which line a row belongs to, one of the roles below
AREA, WALES, ENGLAND = "area", "wales", "england"
INTERIM = "interim"  # the method value of the interim-method periods
BAND_COLOUR = "rgba(0, 114, 178, 0.18)"  # theme.CATEGORICAL[0] (Okabe-Ito blue), light
LINE_STYLES = {
    AREA: {"color": theme.CATEGORICAL[0], "width": 4},
    WALES: {"color": theme.INK, "width": 2, "dash": "dash"},
    ENGLAND: {"color": theme.SIMILAR_TO_WALES, "width": 2, "dash": "dot"},
}


@dataclass(frozen=True)
class HleOptions:
    title: str
    periods: tuple[str, ...]  # in time order: the x axis
    sexes: tuple[tuple[str, str], ...]  # (value in data, panel title) for each panel, left to right
    source_note: str
    value_label: str


def _hover(rows: pd.DataFrame) -> list[str]:
    interim = _(", interim method")
    return [
        f"{name}, {period}: {decimal(value)} "
        + _("years (95% CI {lower} to {upper})").format(lower=decimal(low), upper=decimal(high))
        + (interim if method == INTERIM else "")
        for name, period, value, low, high, method in zip(
            rows[col.AREA_NAME], rows[col.PERIOD], rows[col.VALUE], rows[col.LOWER], rows[col.UPPER], rows[col.METHOD],
            strict=True,
        )
    ]  # fmt: skip


def _band(rows: pd.DataFrame) -> go.Scatter:
    """The CI as a filled polygon: along the upper limits, back along the lower."""
    return go.Scatter(
        x=[*rows[col.PERIOD], *rows[col.PERIOD][::-1]], y=[*rows[col.UPPER], *rows[col.LOWER][::-1]],
        fill="toself", fillcolor=BAND_COLOUR, line={"width": 0}, hoverinfo="skip", name=_("95% CI"),
        legendgroup="ci",
    )  # fmt: skip


def make_hle_trend_figure(frame: pd.DataFrame, options: HleOptions) -> go.Figure:
    """`frame`: area_name, sex, period, value, lower, upper, method and `role` (area, wales,
    england). The area's line carries its CI band; Wales and England are lines for reference."""
    figure = make_subplots(rows=1, cols=len(options.sexes), shared_yaxes=True, horizontal_spacing=0.06,
                           subplot_titles=[title for _sex, title in options.sexes])  # fmt: skip
    figure.update_layout(template=theme.TEMPLATE)
    order = {period: index for index, period in enumerate(options.periods)}
    for column, (sex, _title) in enumerate(options.sexes, start=1):
        rows = frame[frame[col.SEX] == sex].sort_values(col.PERIOD, key=lambda periods: periods.map(order))
        area = rows[rows[ROLE] == AREA]
        band = _band(area)
        band.showlegend = column == 1
        figure.add_trace(band, row=1, col=column)
        for role in (ENGLAND, WALES, AREA):
            line = rows[rows[ROLE] == role]
            if line.empty:
                continue
            markers = ["circle-open" if method == INTERIM else "circle" for method in line[col.METHOD]]
            figure.add_trace(
                go.Scatter(
                    x=line[col.PERIOD], y=line[col.VALUE], mode="lines+markers", name=str(line[col.AREA_NAME].iloc[0]),
                    line=LINE_STYLES[role], marker={"symbol": markers, "size": 9 if role == AREA else 6},
                    legendgroup=role, showlegend=column == 1, hovertext=_hover(line), hoverinfo="text",
                ),
                row=1, col=column,
            )  # fmt: skip
        interim = [index for period, index in order.items() if period in set(rows.loc[rows[col.METHOD] == INTERIM,
                                                                                        col.PERIOD])]  # fmt: skip
        if interim:
            figure.add_vrect(
                x0=min(interim) - 0.5, x1=max(interim) + 0.5, fillcolor="#eeeeee", opacity=0.6, layer="below",
                line_width=0, row=1, col=column, annotation_text=_("interim method"), annotation_position="top left",
                annotation_font={"size": 12, "color": theme.INK},
            )  # fmt: skip
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(options.periods), tickangle=-60)
    figure.update_yaxes(gridcolor="#e5e5e5")
    figure.update_yaxes(title_text=theme.axis_title(options.value_label), row=1, col=1)
    figure.update_layout(title=options.title, height=560, margin={"l": 80, "r": 30, "t": 110, "b": 150},
                         legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0})  # fmt: skip
    return theme.add_source_note(figure, options.source_note, below_plot=95)


@dataclass(frozen=True)
class RankedOptions:
    title: str
    value_label: str
    source_note: str
    benchmark: float | None
    benchmark_label: str


def make_ranked_figure(frame: pd.DataFrame, options: RankedOptions) -> go.Figure:
    """Every area in one period, highest at the top, each with its 95% CI bar, and the Wales value
    as a dashed line. `frame`: area_name, value, lower, upper."""
    rows = frame.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    hover = [
        f"{name}: {decimal(value)} " + _("years (95% CI {lower} to {upper})").format(lower=decimal(low),
                                                                                    upper=decimal(high))
        for name, value, low, high in zip(rows[col.AREA_NAME], rows[col.VALUE], rows[col.LOWER], rows[col.UPPER],
                                          strict=True)
    ]  # fmt: skip
    figure = theme.figure(
        go.Scatter(
            x=rows[col.VALUE], y=rows[col.AREA_NAME], mode="markers", name=options.value_label,
            marker={"size": 10, "color": theme.CATEGORICAL[0]}, error_x=theme.ci_bars(rows, theme.CATEGORICAL[0]),
            hovertext=hover, hoverinfo="text", showlegend=False,
        )
    )  # fmt: skip
    if options.benchmark is not None:
        figure.add_vline(x=options.benchmark, line={"color": theme.INK, "dash": "dash", "width": 2},
                         annotation_text=options.benchmark_label, annotation_position="top")  # fmt: skip
    figure.update_layout(title=options.title, height=max(520, 26 * len(rows) + 200),
                         margin={"l": 170, "r": 30, "t": 90, "b": 140})  # fmt: skip
    figure.update_xaxes(title_text=theme.axis_title(options.value_label, 60), gridcolor="#e5e5e5")
    figure.update_yaxes(type="category", automargin=True, dtick=1)  # every name, at any size
    return theme.add_source_note(figure, options.source_note, below_plot=80)
