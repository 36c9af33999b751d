"""Overview: the answer first. Who dies too young in Wales and how wide the gap is between the
most and least deprived fifth, in plain words written from the data, with the key numbers and
their confidence intervals, and a way into each view."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.components import GRAPH_CONFIG, chart, group_source_note, group_table
from dashboard.figures.deprivation import GroupChartOptions, make_group_figure
from dashboard.figures.theme import register_template
from dashboard.groups import chosen, wales_row
from dashboard.ids import OverviewPage
from dashboard.labels import RATE_LABEL, indicator_label
from dashboard.measures import BY_ID, map_frame, periods
from dashboard.messages import excess_sentence, gap_figures, gap_sentence, ons_excess_deaths, range_sentence
from dashboard.pages.data_status import empty_state

dash.register_page(__name__, path="/", name="Overview", title="Who dies too young in Wales", order=0)
register_template()

HEADLINE_INDICATOR = "premature_mortality"
WAYS_IN = (
    ("/map", "Map", "where in Wales: rates by local authority and health board, and deprivation by LSOA."),
    ("/inequalities", "Inequalities", "how wide the gap is, by WIMD fifth and tenth, by sex and by cause."),
    ("/area", "Area profile", "one local authority or health board against Wales."),
    ("/methods", "Methods and sources", "definitions, formulas, caveats, and every source with its vintage."),
)


def _number(label: str, value: str, detail: str) -> html.Div:
    return html.Div([html.Dt(label), html.Dd(value, className="key-value"), html.Dd(detail)], className="key-number")


def _ci(row: pd.Series) -> str:
    return f"95% CI {row[col.LOWER]:,.1f} to {row[col.UPPER]:,.1f}"


def key_numbers(rows: pd.DataFrame) -> list[html.Div]:
    figures = gap_figures(rows)
    period = str(figures.most[col.PERIOD])
    wales = wales_row(HEADLINE_INDICATOR, period)
    numbers = []
    if wales is not None:
        numbers.append(
            _number(f"Deaths before 75 in Wales, {period}", f"{wales[col.VALUE]:,.1f}", f"per 100,000; {_ci(wales)}")
        )
    numbers += [
        _number("Most deprived fifth", f"{figures.most[col.VALUE]:,.1f}", f"per 100,000; {_ci(figures.most)}"),
        _number("Least deprived fifth", f"{figures.least[col.VALUE]:,.1f}", f"per 100,000; {_ci(figures.least)}"),
        _number(
            "Ratio, most to least deprived",
            f"{figures.ratio.value:.2f}",
            f"95% CI {figures.ratio.lower:.2f} to {figures.ratio.upper:.2f}",
        ),
        _number(
            "Gap, most minus least deprived",
            f"{figures.gap.value:,.0f}",
            f"per 100,000; 95% CI {figures.gap.lower:,.0f} to {figures.gap.upper:,.0f}",
        ),
    ]
    return numbers


def area_sentence() -> str:
    """The newest published avoidable mortality by local authority, highest against lowest."""
    measure = BY_ID["avoidable"]
    available = periods(measure)
    if not available:
        return ""
    shown = map_frame(measure, available[0])
    return range_sentence(shown.frame, "Avoidable mortality under 75 by local authority", available[0])


def layout(**_query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    rows = chosen(HEADLINE_INDICATOR)
    if rows.empty:
        return html.Div([html.H1("Who dies too young in Wales?"), html.P("No figures by deprivation are built.")])
    excess, year = ons_excess_deaths(HEADLINE_INDICATOR)
    options = GroupChartOptions(
        title=f"{indicator_label(HEADLINE_INDICATOR)} by WIMD fifth, Wales, {rows[col.PERIOD].iloc[0]}",
        value_label=RATE_LABEL,
        group_label="quintile",
        source_note=group_source_note(rows),
        synthetic=bool((rows[col.ORIGIN] == "synthetic").any()),
    )
    return html.Div(
        [
            html.H1("Who dies too young in Wales?"),
            html.P(gap_sentence(rows, HEADLINE_INDICATOR, "quintile"), id=OverviewPage.HEADLINE, className="headline"),
            html.Dl(key_numbers(rows), id=OverviewPage.KEY_NUMBERS, className="key-numbers"),
            html.P(excess_sentence(excess, year)),
            html.P(area_sentence()),
            chart(
                dcc.Graph(id=OverviewPage.GRAPH, figure=make_group_figure(rows, options), config=GRAPH_CONFIG),
                OverviewPage.HEADLINE,
            ),
            html.Details([html.Summary("Show as a table"), group_table(rows, "quintile", OverviewPage.TABLE)]),
            html.H2("Explore"),
            html.Ul(
                [html.Li([dcc.Link(name, href=href), f": {text}"]) for href, name, text in WAYS_IN],
                id=OverviewPage.WAYS_IN,
                className="ways-in",
            ),
            html.P(
                "Rates are per 100,000 people, age-standardised to the 2013 European Standard Population, with 95% "
                "confidence intervals. No rate is shown from fewer than 10 deaths. Fifths are of Welsh LSOAs ranked "
                "by the Welsh Index of Multiple Deprivation; 1 = most deprived.",
                className="explainer",
            ),
        ]
    )
