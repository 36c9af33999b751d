"""Inequalities page: rates by WIMD quintile or decile with their CIs, the measures of the gap,
and slope charts of least against most deprived by cause, by health board and across two
editions. The figures come from `views.inequalities`; this page lays out its controls and draws
the view model. The view lives in the query string."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard.figures.slope import END, END_LOWER, END_UPPER, LABEL, START, START_LOWER, START_UPPER
from dashboard.figures.theme import message_figure
from dashboard.i18n import N_, _, decimal, using
from dashboard.model import columns as col
from dashboard.pages.data_status import empty_state
from dashboard.views import inequalities as view
from dashboard.views.base import Chart, language_of
from dashboard.web.components import (
    GRAPH_CONFIG,
    chart,
    chart_block,
    ci_text,
    control,
    data_table,
    group_table,
    group_trend_table,
    localised,
    notice,
    page_title,
    rate_cell,
    share,
)
from dashboard.web.ids import InequalitiesPage, Shell
from dashboard.words.labels import fraction, indicator_label, period_label, sex_word

dash.register_page(
    __name__, path="/inequalities", name=N_("Inequalities"), title=page_title(N_("Inequalities")), order=20
)

KIND_LABELS = {"quintile": N_("Fifths (quintiles)"), "decile": N_("Tenths (deciles)")}
SCHEME_LABELS = {
    "national": N_("National (all of Wales ranked together)"),
    "within-health-board": N_("Within each health board"),
}
EXPLAINER = N_(
    "National groups rank every LSOA in Wales by the Welsh Index of Multiple Deprivation and cut them into fifths "
    "or tenths, 1 = most deprived: a board's most deprived fifth is then the part of it that is among the most "
    "deprived in Wales, and some boards have few such LSOAs. Within-board groups rank each board's LSOAs against "
    "each other, so every board has five equal fifths: better for comparing gaps inside boards, not comparable "
    "across them. WIMD includes a health domain, so part of any gradient is built into the grouping."
)


def _controls(allowed: dict[str, list[str]], state: dict[str, str], names: dict[Hashable, Any]) -> html.Div:
    """The page's choices: measure, sex, groups, scheme and (within-board) health board."""
    return html.Div(
        [
            control(
                _("Measure"),
                InequalitiesPage.INDICATOR,
                [{"label": indicator_label(i), "value": i} for i in allowed["indicator"]],
                state["indicator"],
            ),
            control(
                _("Sex"),
                InequalitiesPage.SEX,
                [{"label": sex_word(sex), "value": sex} for sex in allowed["sex"]],
                state["sex"],
            ),
            control(
                _("Groups"),
                InequalitiesPage.GROUPS,
                [{"label": _(label), "value": kind} for kind, label in KIND_LABELS.items()],
                state["groups"],
            ),
            control(
                _("Groups from"),
                InequalitiesPage.SCHEME,
                [{"label": _(SCHEME_LABELS[s]), "value": s} for s in allowed["scheme"]],
                state["scheme"],
            ),
            html.Label(
                [
                    _("Health board (within-board scheme)"),
                    html.Span(
                        ""
                        if allowed["board"]
                        else _(" (fifths within a board come from death records, which are not loaded)"),
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
    )


@localised
def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, problems = view.parse(query)
    allowed = view.choices()
    state = {"indicator": spec.indicator, "sex": spec.sex, "groups": spec.groups, "scheme": spec.scheme,
             "board": spec.board or next(iter(allowed["board"]), "")}  # fmt: skip
    period_chart = view.build(spec).chart(view.SLOPE_PERIOD)
    assert period_chart is not None  # every view has it, drawn or explained
    names = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME].to_dict()
    return html.Div(
        [
            dcc.Location(id=InequalitiesPage.LOCATION, refresh=False),
            html.H1(_("How wide is the gap between the most and least deprived?")),
            notice(problems, InequalitiesPage.NOTICE),
            _controls(allowed, state, names),
            *chart_block(
                InequalitiesPage.GRAPH, InequalitiesPage.KEY_MESSAGE, InequalitiesPage.TABLE, chart_id=view.QUINTILES
            ),
            html.H2(_("Measures of the gap")),
            html.Div(id=InequalitiesPage.SUMMARY),
            chart(dcc.Graph(id=InequalitiesPage.SII_GRAPH, config=GRAPH_CONFIG), InequalitiesPage.SUMMARY),
            share(view.SII, InequalitiesPage.SUMMARY),
            html.H2(_("Least against most deprived, by cause")),
            *chart_block(
                InequalitiesPage.SLOPE_GRAPH,
                InequalitiesPage.SLOPE_MESSAGE,
                InequalitiesPage.SLOPE_TABLE,
                chart_id=view.SLOPE_QUINTILE,
            ),
            html.H2(_("How the gap has changed, year by year")),
            html.Div(id=InequalitiesPage.TREND),
            html.H2(_("Least against most deprived, by health board")),
            html.Div(id=InequalitiesPage.BOARD_SLOPE),
            html.H2(_("Two ONS editions by local authority, and why they are not a trend")),
            period_slope_section(period_chart),
            html.H2(_("National or within-health-board fifths?")),
            html.P(_(EXPLAINER), className="explainer"),
        ]
    )


def slope_table(frame: pd.DataFrame, start_label: str, end_label: str) -> html.Table:
    header = ["", start_label, _("95% CI"), end_label, _("95% CI"), _("Difference")]
    body = [
        html.Tr([html.Td(row[LABEL]),
                 html.Td(rate_cell(row[START])), html.Td(ci_text(row[START_LOWER], row[START_UPPER])),
                 html.Td(rate_cell(row[END])), html.Td(ci_text(row[END_LOWER], row[END_UPPER])),
                 html.Td("—" if pd.isna(row[END] - row[START]) else decimal(row[END] - row[START], signed=True))])
        for _index, row in frame.sort_values(END, ascending=False, na_position="last").iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def figure_of(chart: Chart) -> object:
    """The chart's figure, or one that says in its plot area why it cannot be drawn."""
    if chart.figure is not None:
        return chart.figure
    return (
        message_figure(chart.title, chart.sentence, chart.source, synthetic=chart.synthetic).to_plotly_json()
        if (chart.sentence)
        else {}
    )


def period_slope_section(period: Chart) -> html.Div:
    if not period.drawn:
        return html.Div(html.P(period.sentence))
    _indicator, _level, start, end = view.PERIOD_SLOPE
    return html.Div(
        chart_block(
            InequalitiesPage.PERIOD_GRAPH,
            InequalitiesPage.PERIOD_MESSAGE,
            slope_table(period.table, period_label(start), period_label(end)),
            message=period.sentence,
            figure=period.figure,
            chart_id=period.chart_id,
        )
    )


def trend_section(trend: Chart) -> object:
    """Rates by group year by year, with the slope index's change; or why there is none."""
    if not trend.drawn:
        return html.P(trend.sentence, className="explainer")
    return chart_block(
        InequalitiesPage.TREND_GRAPH, InequalitiesPage.TREND_MESSAGE,
        group_trend_table(trend.table), message=trend.sentence, figure=trend.figure, chart_id=trend.chart_id,
    )  # fmt: skip


def board_slope_section(board: Chart, kind: str) -> object:
    if not board.drawn:
        return html.P(board.sentence, className="explainer")
    part = fraction(kind)
    return chart_block(
        InequalitiesPage.BOARD_SLOPE_GRAPH, InequalitiesPage.BOARD_SLOPE_MESSAGE,
        slope_table(board.table, _("Least deprived {fraction} of the board").format(fraction=part),
                    _("Most deprived {fraction} of the board").format(fraction=part)),
        message=board.sentence, figure=board.figure, chart_id=board.chart_id,
    )  # fmt: skip


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
    Output(InequalitiesPage.TREND, "children"),
    Output(InequalitiesPage.LOCATION, "search"),
    Input(InequalitiesPage.INDICATOR, "value"),
    Input(InequalitiesPage.SEX, "value"),
    Input(InequalitiesPage.GROUPS, "value"),
    Input(InequalitiesPage.SCHEME, "value"),
    Input(InequalitiesPage.BOARD, "value"),
    State(Shell.LOCATION, "search"),
)
def _draw(
    indicator: object, sex: object, kind: object, scheme: object, board: object, address: object = None
) -> tuple[object, ...]:
    """The callback's values read as a link's are (a hostile value draws the default), then drawn
    in the address's language; on a person's change the view is written into the URL."""
    given = {"indicator": indicator, "sex": sex, "groups": kind, "scheme": scheme, "board": board,
             "lang": language_of(address)}  # fmt: skip
    spec, _problems = view.parse({name: value for name, value in given.items() if value is not None})
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + view.to_query(spec)
    with using(spec.lang):
        return (*draw(spec), search)


def draw(spec: view.InequalitiesSpec) -> tuple[object, ...]:
    """The view model as the page's components, in the callback's output order."""
    model = view.build(spec)
    groups, sii, causes, boards, trend = (
        model.require(chart_id)
        for chart_id in (view.QUINTILES, view.SII, view.SLOPE_QUINTILE, view.SLOPE_BOARD, view.TREND_GAP)
    )
    part = fraction(spec.groups)
    summary = html.Ul([html.Li(item) for item in model.summary], id=InequalitiesPage.SUMMARY_LIST)
    return (
        groups.figure or {},
        groups.sentence,
        summary if model.summary else "",
        figure_of(sii) if groups.drawn else {},
        group_table(groups.table, spec.groups, InequalitiesPage.GROUP_TABLE) if groups.drawn else "",
        causes.figure or {},
        causes.sentence if causes.drawn else "",
        slope_table(
            causes.table,
            _("Least deprived {fraction}").format(fraction=part),
            _("Most deprived {fraction}").format(fraction=part),
        )
        if causes.drawn
        else "",
        board_slope_section(boards, spec.groups),
        trend_section(trend),
    )
