"""Rates by deprivation group with their confidence intervals (bars with error bars)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import theme
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.words.labels import kind_word, reason_words

GROUP = col.GROUP_NUMBER  # 1 = most deprived


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
    """One bar per group (column `group_number`, 1 = most deprived) with value, lower, upper, deaths. A
    group without a rate (too few deaths) keeps its place on the axis, with its reason written
    where its bar would be, never dropped."""
    data = frame.sort_values(GROUP)
    count = len(data)
    most, least = _("{group} most deprived"), _("{group} least deprived")
    labels = [most.format(group=g) if g == 1 else least.format(group=g) if g == count else str(g) for g in data[GROUP]]
    reasons = [reason_words(code) or _("rate withheld") for code in data.get(col.SUPPRESSED_REASON, [None] * count)]
    hover = _group_hover(data, kind_word(options.group_label).capitalize(), reasons)
    figure = theme.figure(
        go.Bar(
            x=labels,
            y=data[col.VALUE],
            hovertext=hover,
            hoverinfo="text",
            # An ink edge: the lightest fifths' colours are under 3:1 on white (WCAG 1.4.11).
            marker={"color": group_colours(count), "line": {"color": theme.INK, "width": 1}},
        )
    )
    for label, value in zip(labels, data[col.VALUE], strict=True):
        if pd.isna(value):
            figure.add_annotation(
                x=label, y=0, yanchor="bottom", text=_("no rate:<br>fewer than<br>10 deaths"), showarrow=False,
                font={"size": 12, "color": theme.INK}, bgcolor=theme.SUPPRESSED_GREY,
            )  # fmt: skip
    _add_ci_bars(figure, labels, data)
    figure.update_layout(
        title=options.title,
        yaxis_title=theme.axis_title(options.value_label),
        xaxis_title=theme.axis_title(
            _("WIMD {kind} (1 = most deprived)").format(kind=kind_word(options.group_label)), 120
        ),
        height=560,
        showlegend=False,
        margin={"l": 90, "r": 20, "t": 70, "b": 150},
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=80)


def _group_hover(data: pd.DataFrame, group_word: str, reasons: list[str]) -> list[str]:
    """Each bar's hover: its rate, CI and deaths, or why it has no rate."""
    drawn = _("{group_word} {group}<br>{value} per 100,000<br>95% CI {lower} to {upper}<br>Deaths: {deaths}")
    withheld = _("{group_word} {group}<br>{reason}")
    return [
        drawn.format(group_word=group_word, group=g, value=decimal(value), lower=decimal(low), upper=decimal(high),
                     deaths=decimal(deaths, 0))
        if pd.notna(value)
        else withheld.format(group_word=group_word, group=g, reason=reason)
        for g, value, low, high, deaths, reason in zip(
            data[GROUP], data[col.VALUE], data[col.LOWER], data[col.UPPER], data[col.DEATHS], reasons, strict=True
        )
    ]  # fmt: skip


def _add_ci_bars(figure: go.Figure, labels: list[str], data: pd.DataFrame) -> None:
    """The CI bars twice: a wide white one under a black one, so they read on dark and light bars alike."""
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


@dataclass(frozen=True)
class SlopeIndexOptions:
    title: str
    value_label: str
    source_note: str
    sii_text: str  # e.g. "SII 391 per 100,000 (95% CI 367 to 421)"
    synthetic: bool = False


def make_sii_figure(
    frame: pd.DataFrame, fitted_most: float, fitted_least: float, options: SlopeIndexOptions
) -> go.Figure:
    """The slope index of inequality drawn: each group at the midpoint of its band of cumulative
    population (0 = most deprived end of Wales, 1 = least), with its CI, and the population-weighted
    line whose fall from 0 to 1 is the SII. `frame`: group, value, lower, upper, population."""
    data = frame.sort_values(GROUP)
    share = data[col.POPULATION] / data[col.POPULATION].sum()
    rank = share.cumsum() - share / 2
    figure = theme.figure(
        [
            go.Scatter(
                x=[0, 1], y=[fitted_most, fitted_least], mode="lines", name=_("Fitted line"),
                line={"color": theme.MUTED, "dash": "dash", "width": 2}, hoverinfo="skip",
            ),
            go.Scatter(
                x=rank, y=data[col.VALUE], mode="markers", name=_("Groups"),
                marker={"size": 14, "color": group_colours(len(data)), "line": {"color": theme.INK, "width": 1}},
                error_y={"type": "data", "symmetric": False, "array": data[col.UPPER] - data[col.VALUE],
                         "arrayminus": data[col.VALUE] - data[col.LOWER], "color": theme.INK, "thickness": 1.5},
                hovertext=[_("Group {group}: {value} (95% CI {lower} to {upper})").format(
                    group=g, value=decimal(v), lower=decimal(lo), upper=decimal(hi)) for g, v, lo, hi in
                           zip(data[GROUP], data[col.VALUE], data[col.LOWER], data[col.UPPER], strict=True)],
                hoverinfo="text",
            ),
        ]
    )  # fmt: skip
    figure.add_annotation(
        x=0.5, y=(fitted_most + fitted_least) / 2, text=options.sii_text, showarrow=False, yshift=30,
        font={"size": 14, "color": theme.INK}, bgcolor="rgba(255,255,255,0.8)",
    )  # fmt: skip
    figure.update_layout(
        title=options.title,
        yaxis_title=theme.axis_title(options.value_label),
        xaxis_title=theme.axis_title(
            _("Position in Wales by deprivation: 0 = most deprived, 1 = least (population rank)"), 90
        ),
        height=560,
        showlegend=False,
        margin={"l": 90, "r": 20, "t": 70, "b": 120},
    )
    figure.update_xaxes(range=[-0.03, 1.03], gridcolor="#e5e5e5", zeroline=False)
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=80)


@dataclass(frozen=True)
class GroupTrendOptions:
    title: str
    value_label: str
    group_label: str  # "quintile" or "decile"
    source_note: str
    synthetic: bool = False


def make_group_trend_figure(frame: pd.DataFrame, options: GroupTrendOptions) -> go.Figure:
    """One line per WIMD group across the years (`period`, `group_number`, value, lower, upper),
    each point with its 95% CI; a withheld rate leaves a gap in its line, never a guess. Markers
    carry an ink edge and each line is named at its end, so no colour has to be told apart."""
    count = int(frame[GROUP].max())
    colours = group_colours(count)
    most, least = _("{group} most deprived"), _("{group} least deprived")
    point = _("{name}, {period}: {value} (95% CI {lower} to {upper})")
    figure = theme.figure()
    for number in sorted(int(group) for group in frame[GROUP].unique()):
        rows = frame[frame[GROUP] == number]
        name = most.format(group=number) if number == 1 else least.format(group=number) if number == count else str(
            number)  # fmt: skip
        colour = colours[number - 1]
        figure.add_trace(
            go.Scatter(
                x=rows[col.PERIOD], y=rows[col.VALUE], mode="lines+markers", name=name,
                line={"color": colour, "width": 3}, connectgaps=False,
                marker={"size": 10, "color": colour, "line": {"color": theme.INK, "width": 1}},
                error_y={"type": "data", "symmetric": False, "array": rows[col.UPPER] - rows[col.VALUE],
                         "arrayminus": rows[col.VALUE] - rows[col.LOWER], "color": theme.INK, "thickness": 1},
                hovertext=[point.format(name=name, period=period, value=decimal(value), lower=decimal(low),
                                        upper=decimal(high)) if pd.notna(value) else f"{name}, {period}"
                           for period, value, low, high in zip(rows[col.PERIOD], rows[col.VALUE], rows[col.LOWER],
                                                               rows[col.UPPER], strict=True)],
                hoverinfo="text",
            )
        )  # fmt: skip
    figure.update_layout(
        title=options.title,
        yaxis_title=theme.axis_title(options.value_label),
        xaxis_title=theme.axis_title(_("Year of registration"), 120),
        height=560,
        # The groups' key on the right, top to bottom as the lines stand: clear of the title, and of
        # the SYNTHETIC band a synthetic chart carries across its top.
        margin={"l": 90, "r": 170, "t": 70, "b": 150},
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"},
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    return theme.add_source_note(figure, options.source_note, synthetic=options.synthetic, below_plot=80)
