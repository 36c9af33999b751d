"""Area profile page: one local authority or health board (or Wales) against Wales and its peers,
its trends, a board's local authorities and own WIMD fifths, how its LSOAs spread across the WIMD
fifths of Wales, and its own LSOA map. The figures come from `views.area`; this page lays out the
controls and draws the view model. State in the query string (?area=W06000015&wimd=2019); the
map links here by area code."""

from __future__ import annotations

import logging

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.development.base_component import Component

from dashboard import data
from dashboard.figures.life_expectancy import ROLE
from dashboard.figures.profile import EDITION_LABEL, ROW, SHARE
from dashboard.i18n import N_, _, decimal, in_language, using
from dashboard.model import columns as col
from dashboard.model.health import is_interim
from dashboard.pages.data_status import empty_state
from dashboard.views import area as view
from dashboard.views.area_frames import WIMD_EDITIONS
from dashboard.views.base import Chart, language_of
from dashboard.web.components import (
    MAP_CONFIG,
    area_link,
    chart,
    chart_block,
    ci_text,
    control,
    data_table,
    group_table,
    group_trend_table,
    localised,
    markup_table,
    notice,
    page_title,
    share,
)
from dashboard.web.ids import AreaPage, Shell
from dashboard.words.labels import level_word, period_label, sex_word
from dashboard.words.source_lines import cite

dash.register_page(__name__, path="/area", name=N_("Area profile"), title=page_title(N_("Area profile")),
                   order=30)  # fmt: skip
ORIGIN_WORDS = {"published": N_("published"), "computed": N_("computed"), "synthetic": N_("synthetic")}
logger = logging.getLogger(__name__)


def area_options() -> list[dict[str, str]]:
    return [
        {"label": f"{name} ({level_word(level)})", "value": code}
        for code, name, level in view.profile_areas()[[col.AREA_CODE, col.AREA_NAME, col.GEOGRAPHY_LEVEL]].itertuples(
            index=False
        )
    ]


@localised
def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    spec, problems = view.parse(query)
    state = {"area": spec.area, "wimd": spec.wimd}
    return html.Div(
        [
            dcc.Location(id=AreaPage.LOCATION, refresh=False),
            html.H1(_("An area against Wales")),
            notice(problems, AreaPage.NOTICE),
            html.Div(
                [
                    control(_("Area"), AreaPage.AREA, area_options(), state["area"]),
                    control(_("WIMD edition"), AreaPage.WIMD, list(WIMD_EDITIONS), state["wimd"]),
                ],
                className="controls",
            ),
            html.Div(id=AreaPage.PROFILE),
            html.Div(id=AreaPage.MEMBERS),
            html.Div(id=AreaPage.WITHIN),
            html.H2(_("Its trend, where a measure has more than one period")),
            html.Div(id=AreaPage.TREND),
            html.Div(id=AreaPage.HLE),
            html.H2(_("How its neighbourhoods spread across the fifths of Wales")),
            *chart_block(AreaPage.SPREAD_GRAPH, AreaPage.SPREAD_MESSAGE, AreaPage.SPREAD_TABLE, chart_id=view.SPREAD),
            chart(
                dcc.Graph(id=AreaPage.MAP_GRAPH, config=MAP_CONFIG),
                AreaPage.SPREAD_MESSAGE,
            ),
            share(view.AREA_MAP, AreaPage.SPREAD_MESSAGE),
            html.Details([html.Summary(_("Show as a table")), html.Div(id=AreaPage.MAP_TABLE)]),
        ]
    )


def _rank_cell(row: pd.Series) -> str:
    return _("{rank} of {peers}").format(rank=int(row[col.PEER_RANK]), peers=int(row[col.PEERS]))


def _wales_cell(row: pd.Series) -> str:
    if pd.notna(row[view.WALES_VALUE]):
        return decimal(row[view.WALES_VALUE])
    return "—" if row[col.GEOGRAPHY_LEVEL] == "country" else _("not published")


def _origin(origin: object) -> str:
    words = ORIGIN_WORDS.get(str(origin))
    return _(words) if words else str(origin)


def profile_table(own: pd.DataFrame, *, names: bool = False, name_header: str = "") -> html.Table:
    """The profile's figures: one row per line (and per area, for a board's local authorities)."""
    header = [*([name_header or _("Local authority")] if names else []), _("Measure and period"), _("Rate per 100,000"),
              _("95% CI"), _("Rank (1 = highest)"), _("Wales"), _("Origin")]  # fmt: skip
    body = [
        html.Tr([
            *([html.Td(dcc.Link(row[col.AREA_NAME], href=area_link(row[col.AREA_CODE])))] if names else []),
            html.Td(row[ROW]), html.Td(decimal(row[col.VALUE])),
            html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
            html.Td("—" if row[col.GEOGRAPHY_LEVEL] == "country" else _rank_cell(row)),
            html.Td(_wales_cell(row)),
            html.Td(_origin(row[col.ORIGIN])),
        ])
        for _index, row in own.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def trend_table(own: pd.DataFrame) -> html.Table:
    header = [_("Period"), _("Rate per 100,000"), _("95% CI"), _("Rank (1 = highest)"), _("Wales"), _("Source")]
    body = [
        html.Tr([
            html.Td(period_label(row[col.PERIOD])), html.Td(decimal(row[col.VALUE])),
            html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
            html.Td(_rank_cell(row)),
            html.Td(decimal(row[view.WALES_VALUE]) if pd.notna(row[view.WALES_VALUE]) else _("not published")),
            html.Td(cite(row[col.SOURCE_ID])),
        ])
        for _index, row in own.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def spread_table(shares: pd.DataFrame) -> html.Table:
    wide = shares.pivot_table(index=col.WIMD_QUINTILE, columns=EDITION_LABEL, values=["count", SHARE],
                              aggfunc="first")  # fmt: skip
    wide = wide.reindex(range(1, 6))  # a fifth with none of the area's LSOAs still gets its row
    editions = sorted(shares[EDITION_LABEL].unique())
    header = [_("WIMD fifth of Wales (1 = most deprived)"),
              *(_("{edition}: LSOAs (share)").format(edition=edition) for edition in editions)]  # fmt: skip
    body = [
        html.Tr([html.Td(int(quintile)), *(html.Td(
            f"{int(wide.loc[quintile, ('count', edition)])} ({decimal(wide.loc[quintile, (SHARE, edition)], 0)}%)"
            if pd.notna(wide.loc[quintile, ("count", edition)]) else "0") for edition in editions)])
        for quintile in wide.index
    ]  # fmt: skip
    return data_table(header, body)


LSOA_TABLE_LIMIT = 600  # the largest board has about 450 LSOAs; all of Wales is left to the map page
LSOA_TABLE_ENDS = 20


def lsoa_table(frame: pd.DataFrame, edition: str) -> dcc.Markdown:
    """Every LSOA of the area, most deprived first; for all of Wales the 20 at each end (a table
    of 1,909 rows is a page of its own: the map page has it)."""
    caption = None
    if len(frame) > LSOA_TABLE_LIMIT:
        caption = _("The {count} most and {count} least deprived of {total} LSOAs; every LSOA is on the map "
                    "page").format(count=LSOA_TABLE_ENDS, total=decimal(len(frame), 0))  # fmt: skip
        frame = pd.concat([frame.head(LSOA_TABLE_ENDS), frame.tail(LSOA_TABLE_ENDS)])
    header = [_("LSOA"), _("Code"), _("WIMD {edition} rank of {count} (1 = most deprived)").format(
        edition=edition, count=decimal(len(data.wimd(int(edition))), 0)), _("Fifth")]  # fmt: skip
    body = [
        (name, code, int(rank), int(fifth))
        for name, code, rank, fifth in zip(frame[col.AREA_NAME], frame[col.AREA_CODE], frame[col.WIMD_RANK],
                                           frame[col.VALUE], strict=True)
    ]  # fmt: skip
    return markup_table(header, body, caption=caption)


def chart_or_sentence(item: Chart, graph_id: str, message_id: str, table: object) -> list[Component]:
    """A drawn chart as every chart is shown; one that cannot be drawn as the sentence saying why."""
    if not item.drawn:
        return [html.P(item.sentence, id=message_id, className="explainer")]
    return chart_block(graph_id, message_id, table, message=item.sentence, figure=item.figure, chart_id=item.chart_id)  # type: ignore[arg-type]


def present_links(board: str) -> html.P:
    """For a health board: its deck in present mode, and as PowerPoint, one click each."""
    return html.P(
        [html.A(_("Present this board's slides"), href=in_language(f"/present?board={board}")), " · ",
         html.A(_("Download its board pack (PowerPoint)"), href=in_language(f"/export/board-pack.pptx?board={board}")),
         " · ", html.A(_("(PDF)"), href=in_language(f"/export/board-pack.pdf?board={board}"))],
        id=AreaPage.PRESENT, className="present-links",
    )  # fmt: skip


def hle_table(rows: pd.DataFrame) -> html.Table:
    """Every estimate the chart draws: the area, Wales and England, by sex and period."""
    header = [_("Area"), _("Sex"), _("Period"), _("Years in good health"), _("95% CI"), _("Method")]
    body = [
        html.Tr([html.Td(row[col.AREA_NAME]), html.Td(sex_word(row[col.SEX])), html.Td(period_label(row[col.PERIOD])),
                 html.Td(decimal(row[col.VALUE])), html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
                 html.Td(_("interim method") if is_interim(row[col.PERIOD]) else _("standard method"))])
        for _index, row in rows.sort_values([ROLE, col.SEX, col.PERIOD]).iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def hle_part(model: view.AreaView) -> list[object]:
    """Healthy life expectancy over the twelve periods; for a board, the sentence saying why not."""
    item = model.chart(view.AREA_HLE)
    if item is None:
        return []
    table = hle_table(item.table) if item.drawn else ""
    return [html.H2(_("Years in good health")),
            *chart_or_sentence(item, AreaPage.HLE_GRAPH, AreaPage.HLE_MESSAGE, table)]  # fmt: skip


def sections(model: view.AreaView, edition: str, code: str) -> tuple[object, ...]:
    """Every section of the profile, in the callback's output order."""
    profile = model.chart(view.PROFILE)
    assert profile is not None  # every profile has its first chart, drawn or explained
    if profile.drawn:
        profile_part: list[Component] = chart_block(
            AreaPage.PROFILE_GRAPH, AreaPage.KEY_MESSAGE, profile_table(profile.table),
            message=profile.sentence, figure=profile.figure, chart_id=profile.chart_id,
        )  # fmt: skip
    else:
        profile_part = [html.P(profile.sentence, id=AreaPage.KEY_MESSAGE, className="key-message")]
    if model.level == "lhb":
        profile_part.insert(0, present_links(code))
    members, within = model.chart(view.MEMBERS), model.chart(view.WITHIN)
    members_part: list[object] = []
    if members is not None:
        table = profile_table(members.table, names=True) if members.drawn else ""
        heading = html.H2(_("Its {count} local authorities").format(count=model.members))
        members_part = [heading, *chart_or_sentence(members, AreaPage.MEMBERS_GRAPH, AreaPage.MEMBERS_MESSAGE, table)]
    similar = model.chart(view.SIMILAR)
    if similar is not None and model.level != "country":
        table = profile_table(similar.table, names=True, name_header=_("Area")) if similar.drawn else ""
        members_part = [html.H2(_("Against the areas most like it")),
                        *chart_or_sentence(similar, AreaPage.SIMILAR_GRAPH, AreaPage.SIMILAR_MESSAGE, table),
                        *members_part]  # fmt: skip
    within_part: list[object] = []
    if within is not None:
        table = group_table(within.table, "quintile", AreaPage.WITHIN_TABLE) if within.drawn else ""
        within_part = [html.H2(_("Its own most and least deprived fifths")),
                       *chart_or_sentence(within, AreaPage.WITHIN_GRAPH, AreaPage.WITHIN_MESSAGE, table)]  # fmt: skip
    within_trend = model.chart(view.WITHIN_TREND)
    if within_trend is not None:
        table = group_trend_table(within_trend.table) if within_trend.drawn else ""
        within_part += [html.H3(_("Its own fifths year by year")),
                        *chart_or_sentence(within_trend, AreaPage.WITHIN_TREND_GRAPH, AreaPage.WITHIN_TREND_MESSAGE,
                                           table)]  # fmt: skip
    trends: list[object] = []
    for item in model.charts:
        if item.chart_id.startswith(view.TREND):
            graph_id = f"{AreaPage.TREND}-{item.chart_id.removeprefix(view.TREND + '-')}"
            trends += chart_block(graph_id, f"{graph_id}-message", trend_table(item.table), message=item.sentence,
                                  figure=item.figure, chart_id=item.chart_id)  # fmt: skip
    trends += [html.P(model.no_trend)] if model.no_trend else []
    trends += [html.P(model.trend_caveat, className="explainer")] if model.trend_caveat else []
    spread, lsoas = model.chart(view.SPREAD), model.chart(view.AREA_MAP)
    assert spread is not None and lsoas is not None
    return (
        profile_part, members_part, within_part, trends, hle_part(model), spread.sentence, spread.figure,
        spread_table(spread.table), lsoas.figure, lsoa_table(lsoas.table, edition),
    )  # fmt: skip


def _failed(area_code: str) -> tuple[object, ...]:
    """What every section shows when the profile cannot be drawn: nothing of the previous area."""
    message = html.P(
        _("The profile of {area} could not be drawn; the error has been logged. Try another area.").format(
            area=area_code),
        id=AreaPage.KEY_MESSAGE, className="notice",
    )  # fmt: skip
    return [message], [], [], [], [], "", {}, "", {}, ""


@callback(
    Output(AreaPage.PROFILE, "children"),
    Output(AreaPage.MEMBERS, "children"),
    Output(AreaPage.WITHIN, "children"),
    Output(AreaPage.TREND, "children"),
    Output(AreaPage.HLE, "children"),
    Output(AreaPage.SPREAD_MESSAGE, "children"),
    Output(AreaPage.SPREAD_GRAPH, "figure"),
    Output(AreaPage.SPREAD_TABLE, "children"),
    Output(AreaPage.MAP_GRAPH, "figure"),
    Output(AreaPage.MAP_TABLE, "children"),
    Output(AreaPage.LOCATION, "search"),
    Input(AreaPage.AREA, "value"),
    Input(AreaPage.WIMD, "value"),
    State(Shell.LOCATION, "search"),
)
def _draw(area_code: object, edition: object, address: object = None) -> tuple[object, ...]:
    given = {"area": area_code, "wimd": edition, "lang": language_of(address)}
    spec, _problems = view.parse({name: value for name, value in given.items() if value is not None})
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + view.to_query(spec)
    return (*draw_or_clear(spec.area, spec.wimd, spec.lang), search)  # a hostile value draws the default


def draw_or_clear(area_code: str, edition: str, lang: str = "en") -> tuple[object, ...]:
    """Every section for the area; if any fails, every section cleared and a notice in the first,
    so the previous area's sentences and charts never stay on screen under the new choice."""
    with using(lang):
        try:
            return sections(view.build(view.AreaSpec(area_code, edition, lang)), edition, area_code)
        except Exception:
            logger.exception("area profile of %s (WIMD %s) failed", area_code, edition)
            return _failed(area_code)
