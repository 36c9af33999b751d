"""Overview page: the answer first. Who dies too young in Wales and how wide the gap is between
the most and least deprived fifth, in plain words written from the data, with the key numbers and
their confidence intervals, and a way into each view. The figures come from `views.overview`."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import data
from dashboard.i18n import N_, _, in_language
from dashboard.pages.data_status import empty_state
from dashboard.views import overview as view
from dashboard.web.components import GRAPH_CONFIG, SITE_NAME, chart, group_table, localised, page_title, share
from dashboard.web.ids import OverviewPage

dash.register_page(__name__, path="/", name=N_("Overview"), title=page_title(SITE_NAME), order=0)

WAYS_IN = (
    ("/map", N_("Map"), N_("where in Wales: rates by local authority and health board, and deprivation by LSOA.")),
    ("/inequalities", N_("Inequalities"), N_("how wide the gap is, by WIMD fifth and tenth, by sex and by cause.")),
    ("/care", N_("Care and need"), N_("years lived in good health by local authority, and GP supply against need.")),
    ("/area", N_("Area profile"), N_("one local authority or health board against Wales.")),
    ("/methods", N_("Methods and sources"), N_("definitions, formulas, caveats, and every source with its vintage.")),
)


def _number(label: str, value: str, detail: str) -> html.Div:
    return html.Div([html.Dt(label), html.Dd(value, className="key-value"), html.Dd(detail)], className="key-number")


@localised
def layout(**query: object) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, _problems = view.parse(query)
    model = view.build(spec)
    groups = model.require(view.QUINTILES)
    if not groups.drawn:
        return html.Div([html.H1(_("Who dies too young in Wales?")), html.P(groups.sentence)])
    return html.Div(
        [
            html.H1(_("Who dies too young in Wales?")),
            html.P(groups.sentence, id=OverviewPage.HEADLINE, className="headline"),
            html.Dl(
                [_number(n.label, n.value, n.detail) for n in model.key_numbers],
                id=OverviewPage.KEY_NUMBERS,
                className="key-numbers",
            ),
            *(html.P(sentence) for sentence in model.sentences),
            chart(
                dcc.Graph(id=OverviewPage.GRAPH, figure=groups.figure, config=GRAPH_CONFIG),
                OverviewPage.HEADLINE,
            ),
            share(view.QUINTILES, OverviewPage.HEADLINE),
            html.Details(
                [html.Summary(_("Show as a table")), group_table(groups.table, "quintile", OverviewPage.TABLE)]
            ),
            html.H2(_("Explore")),
            html.Ul(
                [html.Li([dcc.Link(_(name), href=in_language(href)), f": {_(text)}"]) for href, name, text in WAYS_IN],
                id=OverviewPage.WAYS_IN,
                className="ways-in",
            ),
            html.P(
                _(
                    "Rates are per 100,000 people, age-standardised to the 2013 European Standard Population, with "
                    "95% confidence intervals. No rate is shown from fewer than 10 deaths. Fifths are of Welsh LSOAs "
                    "ranked by the Welsh Index of Multiple Deprivation; 1 = most deprived."
                ),
                className="explainer",
            ),
        ]
    )
