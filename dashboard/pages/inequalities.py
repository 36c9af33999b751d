"""Inequalities: rates by WIMD quintile or decile with their CIs, the gap and ratio between the
most and least deprived, and the slope and relative indices of inequality. State in the URL."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.figures.deprivation import GROUP, GroupChartOptions, make_group_figure
from dashboard.figures.theme import register_template
from dashboard.ids import InequalitiesPage
from dashboard.pages.data_status import empty_state
from dashboard.stats.inequality import absolute_gap, rate_ratio, slope_index

dash.register_page(
    __name__, path="/inequalities", name="Inequalities", title="Inequalities — Who dies too young in Wales", order=20
)
register_template()

_BREAKDOWN = re.compile(r"^WIMD (?P<edition>\d{4}) national (?P<kind>quintile|decile) (?P<group>\d+)$")
SEXES = ("Persons", "Male", "Female")
KINDS = ("quintile", "decile")
FRACTION = {"quintile": "fifth", "decile": "tenth"}
INDICATOR_LABELS = {
    "premature_mortality": "Deaths before 75, all causes",
    "avoidable_mortality": "Avoidable deaths before 75",
    "preventable_mortality": "Preventable deaths before 75",
    "treatable_mortality": "Treatable deaths before 75",
}
SUMMARY_SIMULATIONS = 20_000  # enough for CIs stable to the shown precision; fast in a callback


def group_rows() -> pd.DataFrame:
    """National WIMD group rows with their parsed edition, kind and group number."""
    frame = data.indicators()
    parts = frame[col.BREAKDOWN].fillna("").str.extract(_BREAKDOWN)
    rows = frame.assign(edition=parts["edition"], kind=parts["kind"], **{GROUP: pd.to_numeric(parts["group"])})
    rows = rows[rows["kind"].notna() & (rows[col.GEOGRAPHY_LEVEL] == "country")]
    return rows.astype({GROUP: "int64"})


def selection(rows: pd.DataFrame, indicator: str, sex: str, kind: str) -> pd.DataFrame:
    """The newest period and WIMD edition held for this choice; one row per group."""
    chosen = rows[(rows[col.INDICATOR] == indicator) & (rows[col.SEX] == sex) & (rows["kind"] == kind)]
    chosen = chosen[chosen[col.VALUE].notna()]
    if chosen.empty:
        return chosen
    latest = chosen.sort_values([col.PERIOD, "edition"]).iloc[-1]
    return chosen[(chosen[col.PERIOD] == latest[col.PERIOD]) & (chosen["edition"] == latest["edition"])]


def resolve(query: dict[str, str], indicators: list[str]) -> tuple[dict[str, str], list[str]]:
    wanted = {
        "indicator": (query.get("indicator", indicators[0] if indicators else ""), indicators),
        "sex": (query.get("sex", "Persons"), list(SEXES)),
        "groups": (query.get("groups", "quintile"), list(KINDS)),
    }
    state, problems = {}, []
    for name, (value, allowed) in wanted.items():
        if value not in allowed:
            problems.append(f"{name}={value!r}")
            value = allowed[0] if allowed else ""
        state[name] = value
    return state, problems


def key_message(rows: pd.DataFrame, indicator: str, kind: str) -> str:
    """'People living in the most deprived fifth … at 2.4 times the rate …' from the data."""
    ordered = rows.sort_values(GROUP)
    most, least = ordered.iloc[0], ordered.iloc[-1]
    ratio = rate_ratio(
        most[col.VALUE], most[col.LOWER], most[col.UPPER], least[col.VALUE], least[col.LOWER], least[col.UPPER]
    )
    subject = INDICATOR_LABELS.get(indicator, indicator).split(",")[0].lower()
    return (
        f"In {most[col.PERIOD]}, {subject} were {ratio.value:.1f} times as common among people living in the most "
        f"deprived {FRACTION[kind]} of Wales as in the least deprived {FRACTION[kind]} "
        f"({most[col.VALUE]:,.0f} against {least[col.VALUE]:,.0f} per 100,000, age-standardised; "
        f"95% CI of the ratio {ratio.lower:.2f} to {ratio.upper:.2f})."
    )


def summary(rows: pd.DataFrame) -> html.Ul:
    ordered = rows.sort_values(GROUP)
    most, least = ordered.iloc[0], ordered.iloc[-1]
    args = (most[col.VALUE], most[col.LOWER], most[col.UPPER], least[col.VALUE], least[col.LOWER], least[col.UPPER])
    gap, ratio = absolute_gap(*args), rate_ratio(*args)
    index = slope_index(
        ordered[col.VALUE],
        ordered[col.POPULATION],
        ordered[col.LOWER],
        ordered[col.UPPER],
        simulations=SUMMARY_SIMULATIONS,
    )
    return html.Ul(
        [
            html.Li(
                f"Gap, most minus least deprived: {gap.value:,.1f} per 100,000 "
                f"(95% CI {gap.lower:,.1f} to {gap.upper:,.1f})"
            ),
            html.Li(
                f"Ratio, most over least deprived: {ratio.value:.2f} (95% CI {ratio.lower:.2f} to {ratio.upper:.2f})"
            ),
            html.Li(
                f"Slope index of inequality: {index.sii:,.1f} per 100,000 (95% CI {index.sii_lower:,.1f} to "
                f"{index.sii_upper:,.1f}); positive when the most deprived have the higher rate"
            ),
            html.Li(
                f"Relative index of inequality (PHE: ratio of the fitted extremes): {index.rii:.2f} "
                f"(95% CI {index.rii_lower:.2f} to {index.rii_upper:.2f})"
            ),
        ]
    )


def table(rows: pd.DataFrame, kind: str) -> html.Table:
    ordered = rows.sort_values(GROUP)
    header = [kind.capitalize(), "Deaths", "Population", "Rate per 100,000", "95% CI"]
    body = [
        html.Tr(
            [
                html.Td(int(r[GROUP])),
                html.Td(f"{r[col.DEATHS]:,.0f}"),
                html.Td(f"{r[col.POPULATION]:,.0f}"),
                html.Td(f"{r[col.VALUE]:,.1f}"),
                html.Td(f"{r[col.LOWER]:,.1f} to {r[col.UPPER]:,.1f}"),
            ]
        )
        for _, r in ordered.iterrows()
    ]
    return html.Table(
        [
            html.Caption("The figures in the chart"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(body),
        ],
        className="data-table",
    )


def source_note(rows: pd.DataFrame) -> str:
    records = {record.source_id: record for record in data.sources()}
    first = rows.iloc[0]
    source = records.get(first[col.SOURCE_ID])
    cited = f"{source.publisher}, {source.title}" if source else first[col.SOURCE_ID]
    how = "rates computed here from published counts" if first[col.ORIGIN] == "computed" else "published rates"
    return (
        f"Source: {cited}. WIMD {first['edition']}, national groups. {first[col.UNIT]}; {how}. "
        f"Period {first[col.PERIOD]}."
    )


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    indicators = sorted(group_rows()[col.INDICATOR].unique().tolist())
    state, problems = resolve(query, indicators)
    notice = (
        f"The link asked for {', '.join(problems)}, which is not available; showing the default." if problems else ""
    )
    return html.Div(
        [
            dcc.Location(id=InequalitiesPage.LOCATION, refresh=False),
            html.H1("How wide is the gap between the most and least deprived?"),
            html.P(notice, id=InequalitiesPage.NOTICE, role="status", className="notice" if notice else "notice-empty"),
            html.Div(
                [
                    html.Label(
                        [
                            "Measure",
                            dcc.Dropdown(
                                id="inequalities-indicator",
                                clearable=False,
                                value=state["indicator"],
                                options=[{"label": INDICATOR_LABELS.get(i, i), "value": i} for i in indicators],
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Sex",
                            dcc.Dropdown(
                                id=InequalitiesPage.SEX, options=list(SEXES), value=state["sex"], clearable=False
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "Groups",
                            dcc.Dropdown(
                                id=InequalitiesPage.GROUPS,
                                clearable=False,
                                value=state["groups"],
                                options=[
                                    {"label": "Fifths (quintiles)", "value": "quintile"},
                                    {"label": "Tenths (deciles)", "value": "decile"},
                                ],
                            ),
                        ]
                    ),
                ],
                className="controls",
            ),
            html.P(id=InequalitiesPage.KEY_MESSAGE, className="key-message"),
            dcc.Graph(id=InequalitiesPage.GRAPH, config={"displaylogo": False}),
            html.H2("Measures of the gap"),
            html.Div(id=InequalitiesPage.SUMMARY),
            html.Details([html.Summary("Show as a table"), html.Div(id=InequalitiesPage.TABLE)]),
            html.P(
                "Groups are national: every LSOA in Wales is ranked by the Welsh Index of Multiple Deprivation and "
                "cut into fifths or tenths of LSOAs, 1 = most deprived. WIMD includes a health domain, so part of "
                "the gradient is built into the grouping. Methods and formulas: docs/methods.md.",
                className="explainer",
            ),
        ]
    )


@callback(
    Output(InequalitiesPage.GRAPH, "figure"),
    Output(InequalitiesPage.KEY_MESSAGE, "children"),
    Output(InequalitiesPage.SUMMARY, "children"),
    Output(InequalitiesPage.TABLE, "children"),
    Output(InequalitiesPage.LOCATION, "search"),
    Input("inequalities-indicator", "value"),
    Input(InequalitiesPage.SEX, "value"),
    Input(InequalitiesPage.GROUPS, "value"),
)
def _draw(indicator: str, sex: str, kind: str) -> tuple[object, str, object, object, object]:
    rows = selection(group_rows(), indicator, sex, kind)
    search = (
        dash.no_update
        if dash.ctx.triggered_id is None
        else "?" + urlencode({"indicator": indicator, "sex": sex, "groups": kind})
    )
    if rows.empty:
        return {}, "No figures for this choice.", "", "", search
    options = GroupChartOptions(
        title=f"{INDICATOR_LABELS.get(indicator, indicator)} by WIMD {kind}, {sex.lower()}, {rows[col.PERIOD].iloc[0]}",
        value_label="Deaths per 100,000 (age-standardised)",
        group_label=kind,
        source_note=source_note(rows),
        synthetic=bool((rows[col.ORIGIN] == "synthetic").any()),
    )
    return (
        make_group_figure(rows, options),
        key_message(rows, indicator, kind),
        summary(rows),
        table(rows, kind),
        search,
    )
