"""Inequalities: rates by WIMD quintile or decile with their CIs; the gap, ratio, slope and
relative indices of inequality and excess deaths; slope charts of least against most deprived by
cause, and of two editions by local authority. The view lives in the query string."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.components import (
    GRAPH_CONFIG,
    chart,
    chart_block,
    ci_text,
    cite,
    data_table,
    group_source_note,
    group_table,
    notice,
    origin_words,
)
from dashboard.figures.deprivation import GroupChartOptions, SlopeIndexOptions, make_group_figure, make_sii_figure
from dashboard.figures.slope import (
    END,
    END_LOWER,
    END_UPPER,
    LABEL,
    START,
    START_LOWER,
    START_UPPER,
    SlopeOptions,
    make_slope_figure,
)
from dashboard.figures.theme import message_figure, register_template
from dashboard.groups import EDITION, KIND, SCHEME, SCHEMES, chosen, complete, extremes, group_rows
from dashboard.ids import InequalitiesPage
from dashboard.labels import AVOIDABLE_PARTS, CAUSE_GROUPS, EDITIONS_DIFFER, FRACTION, RATE_LABEL, indicator_label
from dashboard.messages import excess_sentence, gap_figures, gap_sentence, ons_excess_deaths, refusal
from dashboard.pages.data_status import empty_state
from dashboard.selection import select
from dashboard.stats.inequality import SlopeIndex, slope_index

dash.register_page(
    __name__, path="/inequalities", name="Inequalities", title="Inequalities — Who dies too young in Wales", order=20
)
register_template()

SEXES = ("Persons", "Male", "Female")
KIND_OPTIONS = [{"label": "Fifths (quintiles)", "value": "quintile"}, {"label": "Tenths (deciles)", "value": "decile"}]
SCHEME_LABELS = {
    "national": "National (all of Wales ranked together)",
    "within-health-board": "Within each health board",
}
SUMMARY_SIMULATIONS = 20_000  # enough for CIs stable to the shown precision; fast in a callback
ONS_COUNTS_SOURCE = "ons_deprivation_deaths_2017"  # age-specific counts by group: excess deaths can be computed
PERIOD_SLOPE = ("avoidable_mortality", "la", "2019 edition", "2020-2022")  # indicator, level, start, end
EXPLAINER = (
    "National groups rank every LSOA in Wales by the Welsh Index of Multiple Deprivation and cut them into fifths "
    "or tenths, 1 = most deprived: a board's most deprived fifth is then the part of it that is among the most "
    "deprived in Wales, and some boards have few such LSOAs. Within-board groups rank each board's LSOAs against "
    "each other, so every board has five equal fifths: better for comparing gaps inside boards, not comparable "
    "across them. WIMD includes a health domain, so part of any gradient is built into the grouping."
)


def choices(rows: pd.DataFrame) -> dict[str, list[str]]:
    """What the controls may offer, from the rows held (indicators with national groups first)."""
    national = rows[rows[SCHEME] == "national"]
    boards = rows.loc[rows[SCHEME] == "within-health-board", col.AREA_CODE].unique().tolist()
    return {
        "indicator": sorted(national[col.INDICATOR].unique().tolist(), key=lambda i: (i != "premature_mortality", i)),
        "sex": list(SEXES),
        "groups": ["quintile", "decile"],
        "scheme": [scheme for scheme in SCHEMES if scheme == "national" or boards],
        "board": sorted(boards),
    }


def resolve(query: dict[str, str], allowed: dict[str, list[str]]) -> tuple[dict[str, str], list[str]]:
    state, problems = {}, []
    for name, values in allowed.items():
        value = query.get(name, values[0] if values else "")
        if value not in values:
            if name in query:
                problems.append(f"{name}={value!r}")
            value = values[0] if values else ""
        state[name] = value
    return state, problems


def _control(label: str, component_id: str, options: Sequence[object], value: str) -> html.Label:
    return html.Label([label, dcc.Dropdown(id=component_id, options=options, value=value, clearable=False)])


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    rows = group_rows()
    allowed = choices(rows)
    state, problems = resolve(query, allowed)
    names = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME].to_dict()
    return html.Div(
        [
            dcc.Location(id=InequalitiesPage.LOCATION, refresh=False),
            html.H1("How wide is the gap between the most and least deprived?"),
            notice(problems, InequalitiesPage.NOTICE),
            html.Div(
                [
                    _control(
                        "Measure",
                        InequalitiesPage.INDICATOR,
                        [{"label": indicator_label(i), "value": i} for i in allowed["indicator"]],
                        state["indicator"],
                    ),
                    _control("Sex", InequalitiesPage.SEX, allowed["sex"], state["sex"]),
                    _control("Groups", InequalitiesPage.GROUPS, KIND_OPTIONS, state["groups"]),
                    _control(
                        "Groups from",
                        InequalitiesPage.SCHEME,
                        [{"label": SCHEME_LABELS[s], "value": s} for s in allowed["scheme"]],
                        state["scheme"],
                    ),
                    html.Label(
                        [
                            "Health board (within-board scheme)",
                            html.Span(
                                ""
                                if allowed["board"]
                                else " (fifths within a board come from death records, which are not loaded)",
                                id=InequalitiesPage.BOARD_REASON,
                                className="control-note",
                            ),
                            dcc.Dropdown(
                                id=InequalitiesPage.BOARD,
                                clearable=False,
                                value=state["board"] or None,
                                options=[{"label": names.get(b, b), "value": b} for b in allowed["board"]],
                                disabled=not allowed["board"],
                            ),
                        ],
                    ),
                ],
                className="controls",
            ),
            *chart_block(InequalitiesPage.GRAPH, InequalitiesPage.KEY_MESSAGE, InequalitiesPage.TABLE),
            html.H2("Measures of the gap"),
            html.Div(id=InequalitiesPage.SUMMARY),
            chart(dcc.Graph(id=InequalitiesPage.SII_GRAPH, config=GRAPH_CONFIG), InequalitiesPage.SUMMARY),
            html.H2("Least against most deprived, by cause"),
            *chart_block(InequalitiesPage.SLOPE_GRAPH, InequalitiesPage.SLOPE_MESSAGE, InequalitiesPage.SLOPE_TABLE),
            html.H2("Least against most deprived, by health board"),
            html.Div(id=InequalitiesPage.BOARD_SLOPE),
            html.H2("Two ONS editions by local authority, and why they are not a trend"),
            period_slope_section(),
            html.H2("National or within-health-board fifths?"),
            html.P(EXPLAINER, className="explainer"),
        ]
    )


@data.per_build
def inequality_index(indicator: str, sex: str, kind: str, scheme: str, area: str) -> SlopeIndex:
    """SII and RII with simulated CIs (20,000 draws: about 60 ms, so worth keeping per build)."""
    rows = chosen(indicator, sex, kind, scheme, area)
    return slope_index(
        rows[col.VALUE], rows[col.POPULATION], rows[col.LOWER], rows[col.UPPER], simulations=SUMMARY_SIMULATIONS
    )


def rii_text(index: SlopeIndex) -> str:
    """The RII with its CI, or why it is not meaningful (a fitted least deprived rate near zero)."""
    reason = index.rii_unstable_reason
    if reason is not None:
        return f"not meaningful here: {reason}"
    return f"{index.rii:.2f} (95% CI {index.rii_lower:.2f} to {index.rii_upper:.2f})"


def summary(rows: pd.DataFrame, indicator: str, kind: str, area: str) -> html.Ul:
    if not complete(rows):
        return html.Ul([html.Li(refusal(rows, kind))], id=InequalitiesPage.SUMMARY_LIST)
    figures = gap_figures(rows)
    first = rows.iloc[0]
    index = inequality_index(indicator, str(first[col.SEX]), kind, str(first[SCHEME]), area)
    items = [
        f"Gap, most minus least deprived: {figures.gap.value:,.1f} per 100,000 "
        f"(95% CI {figures.gap.lower:,.1f} to {figures.gap.upper:,.1f})",
        f"Ratio, most over least deprived: {figures.ratio.value:.2f} "
        f"(95% CI {figures.ratio.lower:.2f} to {figures.ratio.upper:.2f})",
        f"Slope index of inequality: {index.sii:,.1f} per 100,000 (95% CI {index.sii_lower:,.1f} to "
        f"{index.sii_upper:,.1f}); the fitted gap across the whole gradient, positive when the most deprived have "
        "the higher rate",
        f"Relative index of inequality (PHE: ratio of the fitted extremes): {rii_text(index)}",
    ]
    if first[col.SOURCE_ID] == ONS_COUNTS_SOURCE and first[col.SEX] == "Persons" and first[SCHEME] == "national":
        excess, year = ons_excess_deaths(indicator, kind)
        items.append("Excess deaths a year: " + excess_sentence(excess, year, kind))
    return html.Ul([html.Li(item) for item in items], id=InequalitiesPage.SUMMARY_LIST)


def sii_figure(rows: pd.DataFrame, indicator: str, kind: str, area: str, place: str, note: str) -> object:
    first = rows.iloc[0]
    title = (f"Slope index of inequality: {indicator_label(indicator).lower()}, {place}, "
             f"{str(first[col.SEX]).lower()}, by WIMD {kind}, {first[col.PERIOD]}")  # fmt: skip
    if not complete(rows):
        synthetic = first[col.ORIGIN] == "synthetic"
        return message_figure(title, refusal(rows, kind), note, synthetic=synthetic).to_plotly_json()
    index = inequality_index(indicator, str(first[col.SEX]), kind, str(first[SCHEME]), area)
    rii = f"RII {index.rii:.2f}" if index.rii_unstable_reason is None else "RII not meaningful"
    options = SlopeIndexOptions(
        title=title,
        value_label=RATE_LABEL,
        source_note=note + " Line: least squares weighted by population (Low & Low 2004).",
        sii_text=f"SII {index.sii:,.0f} per 100,000 (95% CI {index.sii_lower:,.0f} to {index.sii_upper:,.0f}); {rii}",
        synthetic=first[col.ORIGIN] == "synthetic",
    )
    return make_sii_figure(rows, index.fitted_most, index.fitted_least, options).to_plotly_json()


@data.per_build
def cause_slope_frame(indicator: str, sex: str, kind: str, scheme: str, area: str) -> pd.DataFrame:
    """One row per cause: least deprived at the start, most at the end. The causes are those that
    make up the chosen measure (the avoidable split for avoidable deaths, else the ONS broad cause
    groups), and every line comes from one source, period and WIMD edition, never a mixture."""
    family = AVOIDABLE_PARTS if indicator in {"avoidable_mortality", *AVOIDABLE_PARTS} else CAUSE_GROUPS
    lines = []
    for part, name in family.items():
        rows = chosen(part, sex, kind, scheme, area)
        if rows.empty:
            continue
        most, least = extremes(rows)
        lines.append(
            {LABEL: name, START: least[col.VALUE], START_LOWER: least[col.LOWER], START_UPPER: least[col.UPPER],
             END: most[col.VALUE], END_LOWER: most[col.LOWER], END_UPPER: most[col.UPPER],
             col.PERIOD: most[col.PERIOD], col.ORIGIN: most[col.ORIGIN], col.SOURCE_ID: most[col.SOURCE_ID],
             EDITION: most[EDITION]}
        )  # fmt: skip
    frame = pd.DataFrame(lines)
    if frame.empty:
        return frame
    keys = [col.SOURCE_ID, col.PERIOD, EDITION]
    first = frame.iloc[0]
    return frame[(frame[keys] == first[keys]).all(axis=1)].reset_index(drop=True)


@data.per_build
def board_slope_frame(indicator: str, sex: str, kind: str) -> pd.DataFrame:
    """One row per health board: its own least and most deprived fifth (within-board groups)."""
    rows = group_rows()
    boards = rows.loc[rows[SCHEME] == "within-health-board", col.AREA_CODE].unique()
    names = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME]
    lines = []
    for board in sorted(boards):
        held = chosen(indicator, sex, kind, "within-health-board", board)
        if len(held) < 2:
            continue
        most, least = extremes(held)
        name = str(names.get(board, board)).replace(" University Health Board", "").replace(" Health Board", "")
        lines.append(
            {LABEL: name, START: least[col.VALUE], START_LOWER: least[col.LOWER], START_UPPER: least[col.UPPER],
             END: most[col.VALUE], END_LOWER: most[col.LOWER], END_UPPER: most[col.UPPER],
             col.PERIOD: most[col.PERIOD], col.ORIGIN: most[col.ORIGIN], col.SOURCE_ID: most[col.SOURCE_ID],
             EDITION: most[EDITION]}
        )  # fmt: skip
    return pd.DataFrame(lines)


def board_slope_section(indicator: str, sex: str, kind: str) -> object:
    frame = board_slope_frame(indicator, sex, kind)
    if frame.empty:
        return html.P(
            "Fifths within each health board come from death records: build an extract with "
            "`python -m dashboard.deaths build`, or see them on invented data with `make demo`.",
            className="explainer",
        )
    fraction = FRACTION[kind]
    start, end = f"Least deprived {fraction} of the board", f"Most deprived {fraction} of the board"
    complete_lines = frame.dropna(subset=[START, END])
    if complete_lines.empty:
        return html.P(
            f"{indicator_label(indicator)}, {sex.lower()}: no health board has a rate in both its least and most "
            f"deprived {fraction}.{not_drawn(frame, kind)}", className="explainer",
        )  # fmt: skip
    ratios = complete_lines[END] / complete_lines[START]
    widest = complete_lines.iloc[int(ratios.to_numpy().argmax())]
    message = (
        f"{indicator_label(indicator)}: the gap inside each health board, {frame[col.PERIOD].iloc[0]}. It is widest "
        f"in {widest[LABEL]}: {widest[END] / widest[START]:.1f} times as high in its most deprived {fraction} as "
        f"in its least." + not_drawn(frame, kind)
    )
    synthetic = bool((frame[col.ORIGIN] == "synthetic").any())
    source_id = str(frame[col.SOURCE_ID].iloc[0])
    options = SlopeOptions(
        title=f"{indicator_label(indicator)}, least and most deprived {fraction} within each health board, "
        f"{sex.lower()}",
        start_label=start, end_label=end, value_label=RATE_LABEL,
        source_note=f"Source: {cite(source_id)}. {origin_words(str(frame[col.ORIGIN].iloc[0]), source_id)}. "
        f"WIMD {frame[EDITION].iloc[0]} {fraction}s within each board. Bars: 95% CIs.",
        synthetic=synthetic,
    )  # fmt: skip
    figure = make_slope_figure(complete_lines, options).to_plotly_json()
    return chart_block(
        InequalitiesPage.BOARD_SLOPE_GRAPH,
        InequalitiesPage.BOARD_SLOPE_MESSAGE,
        slope_table(frame, start, end),
        message=("SYNTHETIC DEMONSTRATION DATA: " if synthetic else "") + message,
        figure=figure,
    )


def not_drawn(frame: pd.DataFrame, kind: str) -> str:
    """The sentence naming the lines of a slope chart left out because an end has no rate."""
    missing = frame[frame[START].isna() | frame[END].isna()]
    if missing.empty:
        return ""
    names = ", ".join(str(label) for label in missing[LABEL])
    return (f" Not drawn: {names}, whose least or most deprived {FRACTION[kind]} has fewer than 10 deaths, so no "
            "rate.")  # fmt: skip


def _rate_cell(value: float) -> str:
    return "no rate: fewer than 10 deaths" if pd.isna(value) else f"{value:,.1f}"


def slope_table(frame: pd.DataFrame, start_label: str, end_label: str) -> html.Table:
    header = ["", start_label, "95% CI", end_label, "95% CI", "Difference"]
    body = [
        html.Tr([html.Td(row[LABEL]),
                 html.Td(_rate_cell(row[START])), html.Td(ci_text(row[START_LOWER], row[START_UPPER])),
                 html.Td(_rate_cell(row[END])), html.Td(ci_text(row[END_LOWER], row[END_UPPER])),
                 html.Td("—" if pd.isna(row[END] - row[START]) else f"{row[END] - row[START]:+,.1f}")])
        for _, row in frame.sort_values(END, ascending=False, na_position="last").iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def period_slope_frame() -> pd.DataFrame:
    indicator, level, start, end = PERIOD_SLOPE
    rows = select(data.indicators(), age_group="headline", breakdown="none", indicator=indicator, level=level)
    wide = rows.pivot_table(index=col.AREA_NAME, columns=col.PERIOD, values=[col.VALUE, col.LOWER, col.UPPER],
                            aggfunc="first", dropna=False)  # fmt: skip
    if (col.VALUE, start) not in wide.columns or (col.VALUE, end) not in wide.columns:
        return pd.DataFrame()
    return pd.DataFrame(
        {LABEL: wide.index, START: wide[(col.VALUE, start)].to_numpy(),
         START_LOWER: wide.get((col.LOWER, start), pd.Series(float("nan"), index=wide.index)).to_numpy(),
         START_UPPER: wide.get((col.UPPER, start), pd.Series(float("nan"), index=wide.index)).to_numpy(),
         END: wide[(col.VALUE, end)].to_numpy(),
         END_LOWER: wide.get((col.LOWER, end), pd.Series(float("nan"), index=wide.index)).to_numpy(),
         END_UPPER: wide.get((col.UPPER, end), pd.Series(float("nan"), index=wide.index)).to_numpy()}
    ).dropna(subset=[START, END])  # fmt: skip


@data.per_build
def period_slope_section() -> html.Div:
    indicator, _level, start, end = PERIOD_SLOPE
    frame = period_slope_frame()
    if frame.empty:
        return html.Div(html.P("Two editions of this measure are not both built."))
    higher = int((frame[END] > frame[START]).sum())
    message = (
        f"{indicator_label(indicator)}, two ONS editions side by side: the {end} edition's rate is the higher in "
        f"{higher} of {len(frame)} local authorities. {EDITIONS_DIFFER}"
    )
    note = (
        f"Source: {cite('ons_avoidable_la_2019')} and {cite('ons_avoidable_la_2022')}. Published rates. Not like for "
        "like: the 2020-2022 edition counts COVID-19 as preventable; populations rebased; the 2019 edition's period, "
        "sex and standard population not recorded. No CIs published."
    )
    options = SlopeOptions(
        title=f"{indicator_label(indicator)} by local authority: two ONS editions, not like for like",
        start_label=f"{start} (period not recorded)", end_label=f"{end} edition", value_label=RATE_LABEL,
        source_note=note, height=900, neutral=True, gap_labels=False, from_zero=False,
    )  # fmt: skip
    return html.Div(
        chart_block(
            InequalitiesPage.PERIOD_GRAPH,
            InequalitiesPage.PERIOD_MESSAGE,
            slope_table(frame, start, end),
            message=message,
            figure=make_slope_figure(frame, options).to_plotly_json(),
        )
    )


@callback(
    Output(InequalitiesPage.GRAPH, "figure"),
    Output(InequalitiesPage.KEY_MESSAGE, "children"),
    Output(InequalitiesPage.SUMMARY, "children"),
    Output(InequalitiesPage.SII_GRAPH, "figure"),
    Output(InequalitiesPage.TABLE, "children"),
    Output(InequalitiesPage.SLOPE_GRAPH, "figure"),
    Output(InequalitiesPage.SLOPE_MESSAGE, "children"),
    Output(InequalitiesPage.SLOPE_TABLE, "children"),
    Output(InequalitiesPage.BOARD_SLOPE, "children"),
    Output(InequalitiesPage.LOCATION, "search"),
    Input(InequalitiesPage.INDICATOR, "value"),
    Input(InequalitiesPage.SEX, "value"),
    Input(InequalitiesPage.GROUPS, "value"),
    Input(InequalitiesPage.SCHEME, "value"),
    Input(InequalitiesPage.BOARD, "value"),
)
def _draw(indicator: str, sex: str, kind: str, scheme: str, board: str | None) -> tuple[object, ...]:
    values = {"indicator": indicator, "sex": sex, "groups": kind, "scheme": scheme, "board": board}
    checked, _ = resolve({name: value for name, value in values.items() if isinstance(value, str)},
                         choices(group_rows()))  # fmt: skip
    indicator, sex, kind, scheme = checked["indicator"], checked["sex"], checked["groups"], checked["scheme"]
    board = checked["board"] or None if isinstance(board, str) else None
    state = {"indicator": indicator, "sex": sex, "groups": kind, "scheme": scheme}
    if scheme != "national" and board:
        state["board"] = board
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + urlencode(state)
    area = col.WALES_CODE if scheme == "national" else (board or "")
    return (*view(indicator, sex, kind, scheme, area), search)


@data.per_build
def view(indicator: str, sex: str, kind: str, scheme: str, area: str) -> tuple[object, ...]:
    """Everything the page shows for one choice, figures as plain dicts: memoised per build, so a
    returning view costs a cache read instead of plotly's validation (about 0.2 s)."""
    boards = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME]
    place = "Wales" if scheme == "national" else str(boards.get(area, area))
    rows = chosen(indicator, sex, kind, scheme, area)
    if rows.empty:
        held = group_rows()
        held = held[(held[col.INDICATOR] == indicator) & (held[col.SEX] == sex) & (held[KIND] == kind)
                    & (held[SCHEME] == scheme) & (held[col.AREA_CODE] == area)]  # fmt: skip
        reasons = sorted(set(held[col.SUPPRESSED_REASON].dropna()))
        empty = "No rates for this choice" + (f": {'; '.join(reasons)}." if reasons else ".")
        return {}, empty, "", {}, "", {}, "", "", board_slope_section(indicator, sex, kind)
    options = GroupChartOptions(
        title=f"{indicator_label(indicator)} by WIMD {kind}, {place}, {sex.lower()}, {rows[col.PERIOD].iloc[0]}",
        value_label=RATE_LABEL,
        group_label=kind,
        source_note=group_source_note(rows),
        synthetic=bool((rows[col.ORIGIN] == "synthetic").any()),
    )
    slope = cause_slope_frame(indicator, sex, kind, scheme, area)
    slope_figure: object = {}
    slope_message, slope_rows = "", cast(object, "")
    drawn = slope.dropna(subset=[START, END]) if not slope.empty else slope
    if not drawn.empty:
        start, end = f"Least deprived {FRACTION[kind]}", f"Most deprived {FRACTION[kind]}"
        widest = drawn.assign(ratio=drawn[END] / drawn[START]).sort_values("ratio").iloc[-1]
        slope_message = (
            f"The relative gap is widest for {widest[LABEL].lower()}: {widest['ratio']:.1f} times as high in the most "
            f"deprived {FRACTION[kind]} as in the least ({widest[END]:,.0f} against {widest[START]:,.0f} per 100,000)."
            + not_drawn(slope, kind)
        )
        split = set(slope[LABEL]) <= set(AVOIDABLE_PARTS.values())
        subject = "Avoidable deaths before 75, preventable and treatable" if split else "Deaths before 75 by cause"
        origin = str(slope[col.ORIGIN].iloc[0])
        source_id = str(slope[col.SOURCE_ID].iloc[0])
        slope_options = SlopeOptions(
            title=f"{subject}, least and most deprived {FRACTION[kind]}, {place}, {sex.lower()}, "
            f"{slope[col.PERIOD].iloc[0]}",
            start_label=start, end_label=end, value_label=RATE_LABEL,
            source_note=f"Source: {cite(source_id)}. WIMD {slope[EDITION].iloc[0]}. {origin_words(origin, source_id)}. "
            "Right: the gap, most minus least deprived, and the ratio. Bars: 95% CIs." + not_drawn(slope, kind),
            synthetic=origin == "synthetic",
        )  # fmt: skip
        slope_figure = make_slope_figure(drawn, slope_options).to_plotly_json()
        slope_rows = slope_table(slope, start, end)
    return (
        make_group_figure(rows, options).to_plotly_json(),
        gap_sentence(rows, indicator, kind, place=place),
        summary(rows, indicator, kind, area),
        sii_figure(rows, indicator, kind, area, place, options.source_note),
        group_table(rows, kind, InequalitiesPage.GROUP_TABLE),
        slope_figure,
        slope_message,
        slope_rows,
        board_slope_section(indicator, sex, kind),
    )
