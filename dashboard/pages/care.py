"""Care and need page: healthy life expectancy of every local authority with its CI, against
deprivation, and GP supply against need (the inverse care law). The figures come from
`views.care`; this page lays out the two choices (sex, period) and draws the view model. State in
the query string (?sex=Male&period=2017-2019)."""

from __future__ import annotations

import logging

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.development.base_component import Component

from dashboard import data
from dashboard.i18n import N_, _, decimal, using
from dashboard.model import columns as col
from dashboard.model.health import is_interim
from dashboard.model.health_frames import AVOIDABLE, DEPRIVED_SHARE
from dashboard.pages.data_status import empty_state
from dashboard.views import care as view
from dashboard.views.base import Chart, ViewModel, language_of
from dashboard.web.components import area_link, chart_block, ci_text, control, data_table, localised, notice, page_title
from dashboard.web.ids import CarePage, Shell
from dashboard.words.health import sex_words
from dashboard.words.labels import period_label

dash.register_page(__name__, path="/care", name=N_("Care and need"), title=page_title(N_("Care and need")),
                   order=25)  # fmt: skip
logger = logging.getLogger(__name__)


INTRODUCTION = N_(
    "The inverse care law: the availability of good medical care tends to vary inversely with the need for it. "
    "These charts set what ONS and NHS Wales publish for the 22 local authorities side by side; with 22 areas, a "
    "correlation must be strong to be told from chance."
)

LIMITS = N_(
    "{areas} areas and one year of headcounts cannot show whether care follows need for practices or people; "
    "practice-level list sizes and payments would."
)


def choices(spec: view.CareSpec) -> html.Div:
    """The page's two choices: sex, and the period (the interim-method ones named so)."""
    sexes = [{"label": sex_words(sex)[:1].upper() + sex_words(sex)[1:], "value": sex} for sex in view.SEXES]
    periods = [
        {"label": period_label(period) + (_(", interim method") if is_interim(period) else ""), "value": period}
        for period in view.hle_periods()
    ]
    return html.Div(
        [control(_("Sex"), CarePage.SEX, sexes, spec.sex), control(_("Period"), CarePage.PERIOD, periods, spec.period)],
        className="controls",
    )


@localised
def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, problems = view.parse(query)
    return html.Div(
        [
            dcc.Location(id=CarePage.LOCATION, refresh=False),
            html.H1(_("Years in good health, and GP supply against need")),
            notice(problems, CarePage.NOTICE),
            html.P(_(INTRODUCTION), className="explainer"),
            choices(spec),
            html.H2(_("How long people live in good health")),
            html.Div(id=CarePage.HEALTH),
            html.H2(_("GP supply against need")),
            html.P(_(LIMITS).format(areas=22), className="explainer"),
            html.Div(id=CarePage.SUPPLY),
        ]
    )


def _link(row: pd.Series) -> dcc.Link:
    return dcc.Link(row[col.AREA_NAME], href=area_link(row[col.AREA_CODE]))


def _share(value: float) -> str:
    return "—" if pd.isna(value) else f"{decimal(value, 1)}%"


def hle_table(rows: pd.DataFrame) -> html.Table:
    """Every authority's estimate with its CI (and deprived share where the chart has it)."""
    with_share = DEPRIVED_SHARE in rows
    header = [_("Local authority"), _("Years in good health"), _("95% CI"),
              *([_("LSOAs in the most deprived fifth")] if with_share else [])]  # fmt: skip
    body = [
        html.Tr([html.Td(_link(row)), html.Td(decimal(row[col.VALUE])),
                 html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
                 *([html.Td(_share(row[DEPRIVED_SHARE]))] if with_share else [])])
        for _index, row in rows.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def supply_table(rows: pd.DataFrame) -> html.Table:
    header = [_("Local authority"), _("Registered patients"), _("GPs (headcount)"), _("Patients per GP"),
              _("Avoidable deaths per 100,000"), _("LSOAs in the most deprived fifth")]  # fmt: skip
    body = [
        html.Tr([html.Td(_link(row)), html.Td(decimal(row[col.PATIENTS], 0)), html.Td(decimal(row[col.GPS], 0)),
                 html.Td(decimal(row[col.PATIENTS_PER_GP], 0)),
                 html.Td("—" if pd.isna(row[AVOIDABLE]) else decimal(row[AVOIDABLE])),
                 html.Td(_share(row[DEPRIVED_SHARE]))])
        for _index, row in rows.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def block(item: Chart, table: Component) -> list[Component]:
    """A chart as every chart is shown, or the sentence saying why it cannot be drawn."""
    graph, message = f"care-{item.chart_id}-graph", f"care-{item.chart_id}-message"
    if not item.drawn:
        return [html.P(item.sentence, id=message, className="explainer")]
    return chart_block(graph, message, table, message=item.sentence, figure=item.figure, chart_id=item.chart_id)


def sections(model: ViewModel) -> tuple[list[Component], list[Component]]:
    """The health section's two charts and the supply section's two, each with its table."""
    health = [part for chart_id in (view.HLE_GAP, view.HLE_DEPRIVATION)
              for part in block(model.require(chart_id), hle_table(model.require(chart_id).table))]  # fmt: skip
    supply = [part for chart_id in (view.GP_NEED, view.GP_DEPRIVATION)
              for part in block(model.require(chart_id), supply_table(model.require(chart_id).table))]  # fmt: skip
    return health, supply


@callback(
    Output(CarePage.HEALTH, "children"),
    Output(CarePage.SUPPLY, "children"),
    Output(CarePage.LOCATION, "search"),
    Input(CarePage.SEX, "value"),
    Input(CarePage.PERIOD, "value"),
    State(Shell.LOCATION, "search"),
)
def _draw(sex: object, period: object, address: object = None) -> tuple[object, ...]:
    """Both sections for the choice; a hostile value draws the default; a failure clears both."""
    given = {"sex": sex, "period": period, "lang": language_of(address)}
    spec, _problems = view.parse({name: value for name, value in given.items() if value is not None})
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + view.to_query(spec)
    with using(spec.lang):
        try:
            return (*sections(view.build(spec)), search)
        except Exception:
            logger.exception("care page for %s failed", spec)
            failed = _("The charts could not be drawn; the error has been logged. Try another choice.")
            return [html.P(failed, className="notice")], [], search
