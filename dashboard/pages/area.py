"""Area profile: one local authority or health board against Wales and its peers: its rates with
their CIs and ranks, its trend where a measure has more than one period, for a health board its
local authorities and (from death records) its own WIMD fifths, how its LSOAs spread across the
WIMD fifths of Wales, and its own LSOA map. Every section draws, or says why it is empty.
State in the query string (?area=W06000015&wimd=2019); the map links here by area code."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html
from dash.development.base_component import Component

from dashboard import columns as col
from dashboard import data
from dashboard.components import (
    MAP_CONFIG,
    chart,
    chart_block,
    ci_text,
    cite,
    data_table,
    group_source_note,
    group_table,
    how_made,
    markup_table,
    notice,
)
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.deprivation import GroupChartOptions, make_group_figure
from dashboard.figures.profile import ROW, SHARE, ProfileOptions, make_profile_figure, make_quintile_share_figure
from dashboard.figures.theme import register_template
from dashboard.figures.trend import TrendOptions, make_trend_figure
from dashboard.groups import chosen
from dashboard.ids import AreaPage
from dashboard.labels import EDITIONS_DIFFER, LEVEL_WORDS, RATE_LABEL, indicator_label, synthetic_prefix
from dashboard.measures import WIMD_SOURCES
from dashboard.messages import gap_sentence, trend_sentence
from dashboard.pages.data_status import empty_state
from dashboard.sources import series_of
from dashboard.views.area import (
    DEFAULT_AREA,
    LEVELS,
    OF,
    RANK,
    WIMD_EDITIONS,
    Profile,
    area_lsoas,
    board_local_authorities,
    board_members,
    profile,
    spread,
    subject_first,
    trend_series,
)

dash.register_page(__name__, path="/area", name="Area profile", title="Area profile — Who dies too young in Wales",
                   order=30)  # fmt: skip
register_template()
logger = logging.getLogger(__name__)
NOT_LIKE_FOR_LIKE = (
    f"Avoidable mortality is held from two ONS editions, 2019 and 2020-2022. {EDITIONS_DIFFER} So no trend is drawn "
    "between them; the Inequalities page sets them side by side."
)
WITHIN_INDICATORS = ("avoidable_mortality", "premature_mortality")  # a board's own fifths: the subject first


def area_options() -> list[dict[str, str]]:
    frame = data.areas()
    frame = frame[frame[col.GEOGRAPHY_LEVEL].isin(LEVELS)]
    frame = frame.assign(_order=frame[col.GEOGRAPHY_LEVEL].map(LEVELS.index)).sort_values(["_order", col.AREA_NAME])
    return [
        {"label": f"{row[col.AREA_NAME]} ({LEVEL_WORDS[row[col.GEOGRAPHY_LEVEL]][0]})", "value": row[col.AREA_CODE]}
        for _, row in frame.iterrows()
    ]


def resolve(query: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    codes = [option["value"] for option in area_options()]
    state = {"area": query.get("area", DEFAULT_AREA), "wimd": query.get("wimd", "2019")}
    problems: list[str] = []
    if state["area"] not in codes:
        problems.append(f"area={state['area']!r}")
        state["area"] = DEFAULT_AREA
    if state["wimd"] not in WIMD_EDITIONS:
        problems.append(f"wimd={state['wimd']!r}")
        state["wimd"] = "2019"
    return state, problems


def layout(**query: str) -> html.Div:
    if not data.is_built():
        return empty_state()
    state, problems = resolve(query)
    return html.Div(
        [
            dcc.Location(id=AreaPage.LOCATION, refresh=False),
            html.H1("An area against Wales"),
            notice(problems, AreaPage.NOTICE),
            html.Div(
                [
                    html.Label(
                        [
                            "Area",
                            dcc.Dropdown(
                                id=AreaPage.AREA, options=area_options(), value=state["area"], clearable=False
                            ),
                        ]
                    ),
                    html.Label(
                        [
                            "WIMD edition",
                            dcc.Dropdown(
                                id=AreaPage.WIMD, options=list(WIMD_EDITIONS), value=state["wimd"], clearable=False
                            ),
                        ]
                    ),
                ],
                className="controls",
            ),
            html.Div(id=AreaPage.PROFILE),
            html.Div(id=AreaPage.MEMBERS),
            html.Div(id=AreaPage.WITHIN),
            html.H2("Its trend, where a measure has more than one period"),
            html.Div(id=AreaPage.TREND),
            html.H2("How its neighbourhoods spread across the fifths of Wales"),
            *chart_block(AreaPage.SPREAD_GRAPH, AreaPage.SPREAD_MESSAGE, AreaPage.SPREAD_TABLE),
            chart(
                dcc.Graph(id=AreaPage.MAP_GRAPH, config=MAP_CONFIG),
                AreaPage.SPREAD_MESSAGE,
            ),
            html.Details([html.Summary("Show as a table"), html.Div(id=AreaPage.MAP_TABLE)]),
        ]
    )


def profile_table(own: pd.DataFrame, wales: pd.DataFrame, *, names: bool = False) -> html.Table:
    """The profile's figures: one row per line (and per area, for a board's local authorities)."""
    wales_values = wales.set_index(ROW)[col.VALUE].to_dict()
    header = [*(["Local authority"] if names else []), "Measure and period", "Rate per 100,000", "95% CI",
              "Rank (1 = highest)", "Wales", "Origin"]  # fmt: skip
    body = [
        html.Tr([
            *([html.Td(dcc.Link(row[col.AREA_NAME], href=f"/area?area={row[col.AREA_CODE]}"))] if names else []),
            html.Td(row[ROW]), html.Td(f"{row[col.VALUE]:,.1f}"),
            html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
            html.Td(f"{int(row[RANK])} of {int(row[OF])}" if row[col.GEOGRAPHY_LEVEL] != "country" else "—"),
            html.Td(f"{wales_values[row[ROW]]:,.1f}" if row[ROW] in wales_values else
                    "—" if row[col.GEOGRAPHY_LEVEL] == "country" else "not published"),
            html.Td(row[col.ORIGIN]),
        ])
        for _, row in own.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def trend_table(own: pd.DataFrame, wales: pd.DataFrame) -> html.Table:
    wales_values = wales.set_index(col.PERIOD)[col.VALUE].to_dict()
    header = ["Period", "Rate per 100,000", "95% CI", "Rank (1 = highest)", "Wales", "Source"]
    body = [
        html.Tr([
            html.Td(row[col.PERIOD]), html.Td(f"{row[col.VALUE]:,.1f}"),
            html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
            html.Td(f"{int(row[RANK])} of {int(row[OF])}"),
            html.Td(f"{wales_values[row[col.PERIOD]]:,.1f}" if row[col.PERIOD] in wales_values else "not published"),
            html.Td(cite(row[col.SOURCE_ID])),
        ])
        for _, row in own.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def _sources_and_origins(rows: pd.DataFrame) -> tuple[str, str, bool]:
    sources = "; ".join(cite(source) for source in sorted(rows[col.SOURCE_ID].unique()))
    how = how_made(rows[col.ORIGIN], rows[col.SOURCE_ID])
    return sources, how, bool((rows[col.ORIGIN] == "synthetic").any())


def position(rank: float, of: float) -> str:
    return "the highest" if rank == 1 else "the lowest" if rank == of else f"ranked {int(rank)} (1 = highest)"


def key_message(area: Profile) -> str:
    """The area's headline rate and rank: the dashboard's subject first, then the newest period."""
    newest = subject_first(area.own).iloc[0]
    if area.level == "country":
        return synthetic_prefix(newest[col.ORIGIN]) + (
            f"{indicator_label(newest[col.INDICATOR])} in {area.name}, {newest[col.PERIOD]}: "
            f"{newest[col.VALUE]:,.1f} per 100,000 (age-standardised"
            + (f"; 95% CI {newest[col.LOWER]:,.1f} to {newest[col.UPPER]:,.1f})." if pd.notna(newest[col.LOWER])
               else ").")
        )  # fmt: skip
    return synthetic_prefix(newest[col.ORIGIN]) + (
        f"{indicator_label(newest[col.INDICATOR])} in {area.name}, {newest[col.PERIOD]}: {newest[col.VALUE]:,.1f} "
        f"per 100,000 (age-standardised), {position(newest[RANK], newest[OF])} of {int(newest[OF])} "
        f"{LEVEL_WORDS[area.level][1]}."
    )


def no_rates_message(area: Profile) -> str:
    if area.level == "lhb":
        return (
            f"No rates are held for {area.name} as a whole. ONS publishes avoidable mortality by local authority, "
            "and its 2014 health-board table predates the 2019 boundary change (Bridgend moved from Abertawe Bro "
            "Morgannwg to Cwm Taf), so boards whose area changed have no published figure. Its local authorities "
            "are shown below; board rates appear once death records are loaded."
        )
    return f"No rates are held for {area.name}."


def profile_section(area: Profile) -> list[Component]:
    """The area against its peers and Wales, or a sentence saying why there is nothing to draw."""
    if area.own.empty:
        return [html.P(no_rates_message(area), id=AreaPage.KEY_MESSAGE, className="key-message")]
    sources, how, synthetic = _sources_and_origins(area.own)
    peers = LEVEL_WORDS[area.level][1]
    others = "" if area.level == "country" else f" Grey dots: the other {peers}."
    note = f"Source: {sources}. Persons. {how}.{others} Bars: 95% CIs where the source gives them."
    title = (f"{area.name}: its rates, persons" if area.level == "country"
             else f"{area.name} against the other {peers} and Wales, persons")  # fmt: skip
    figure = make_profile_figure(
        area.peers, area.wales,
        ProfileOptions(title=title, area_name=area.name, source_note=note, synthetic=synthetic),
    )  # fmt: skip
    return chart_block(
        AreaPage.PROFILE_GRAPH, AreaPage.KEY_MESSAGE, profile_table(area.own, area.wales),
        message=key_message(area), figure=figure.to_plotly_json(),
    )  # fmt: skip


def members_message(members: Profile, count: int) -> str:
    """The board's local authorities on the subject line: highest and lowest, with their ranks."""
    line = subject_first(members.own)
    line = line[line[ROW] == line.iloc[0][ROW]].sort_values(col.VALUE)
    low, high = line.iloc[0], line.iloc[-1]
    first = (
        f"{indicator_label(high[col.INDICATOR])}, {high[col.PERIOD]}: of the {count} local authorities in "
        f"{members.name}, "
    )
    if len(line) == 1:
        rest = (
            f"{high[col.AREA_NAME]} ({high[col.VALUE]:,.1f} per 100,000) is {position(high[RANK], high[OF])} of "
            f"{int(high[OF])} local authorities."
        )
    else:
        rest = (
            f"{high[col.AREA_NAME]} has the highest rate ({high[col.VALUE]:,.1f} per 100,000, ranked {int(high[RANK])} "
            f"of {int(high[OF])} in Wales) and {low[col.AREA_NAME]} the lowest ({low[col.VALUE]:,.1f}, ranked "
            f"{int(low[RANK])}). No rate for the board is made from theirs."
        )
    return synthetic_prefix(high[col.ORIGIN]) + first + rest


def members_section(board_code: str) -> list[object]:
    """For a health board: its local authorities among all 22, with links to their profiles."""
    members = board_local_authorities(board_code)
    count = len(board_members(board_code))
    heading = html.H2(f"Its {count} local authorities")
    if members.own.empty:
        return [heading, html.P("No rates are held for its local authorities.", id=AreaPage.MEMBERS_MESSAGE)]
    sources, how, synthetic = _sources_and_origins(members.own)
    note = (f"Source: {sources}. Persons. {how}. Coloured: the board's local authorities; grey: the other local "
            "authorities of Wales. Bars: 95% CIs where the source gives them.")  # fmt: skip
    figure = make_profile_figure(
        members.peers, members.wales,
        ProfileOptions(title=f"The local authorities of {members.name} among the 22 of Wales, persons",
                       area_name=f"In {members.name}", source_note=note, synthetic=synthetic),
    )  # fmt: skip
    return [heading, *chart_block(
        AreaPage.MEMBERS_GRAPH, AreaPage.MEMBERS_MESSAGE,
        profile_table(members.own.sort_values([ROW, col.AREA_NAME]), members.wales, names=True),
        message=members_message(members, count), figure=figure.to_plotly_json(),
    )]  # fmt: skip


def within_section(board_code: str, name: str) -> list[object]:
    """For a health board: its own WIMD fifths (ranked within the board), from death records."""
    heading = html.H2("Its own most and least deprived fifths")
    for indicator in WITHIN_INDICATORS:
        rows = chosen(indicator, "Persons", "quintile", "within-health-board", board_code)
        if len(rows) == 5:
            break
    else:
        return [heading, html.P(
            "Fifths within a health board are computed from death records, which are not loaded: build an "
            "extract with `python -m dashboard.deaths build`, or see them on invented data with `make demo`.",
            id=AreaPage.WITHIN_MESSAGE, className="explainer",
        )]  # fmt: skip
    options = GroupChartOptions(
        title=f"{indicator_label(indicator)} by WIMD fifth within {name}, persons, {rows[col.PERIOD].iloc[0]}",
        value_label=RATE_LABEL, group_label="quintile", source_note=group_source_note(rows),
        synthetic=bool((rows[col.ORIGIN] == "synthetic").any()),
    )  # fmt: skip
    return [heading, *chart_block(
        AreaPage.WITHIN_GRAPH, AreaPage.WITHIN_MESSAGE, group_table(rows, "quintile", AreaPage.WITHIN_TABLE),
        message=gap_sentence(rows, indicator, "quintile", place=name),
        figure=make_group_figure(rows, options).to_plotly_json(),
    )]  # fmt: skip


def trend_section(area: Profile) -> list[object]:
    """A chart, key sentence and table for each series the area holds in two or more periods."""
    children: list[object] = []
    peers_word = LEVEL_WORDS[area.level][1]
    for rows in trend_series(area.own):
        indicator, series = str(rows[col.INDICATOR].iloc[0]), series_of(str(rows[col.SOURCE_ID].iloc[0]))
        mine = area.peers[
            (area.peers[col.INDICATOR] == indicator) & (area.peers[col.SOURCE_ID].map(series_of) == series)
        ]
        theirs = area.wales[
            (area.wales[col.INDICATOR] == indicator) & (area.wales[col.SOURCE_ID].map(series_of) == series)
        ]
        sources, how, synthetic = _sources_and_origins(rows)
        others = "" if area.level == "country" else f" Grey lines: the other {peers_word}."
        note = (
            f"Source: {sources}. Persons, age-standardised (ESP2013). {how}.{others} "
            "Bars: 95% CIs where the source gives them."
        )
        against = "" if area.level == "country" else f" against the other {peers_word}"
        options = TrendOptions(
            title=f"{indicator_label(indicator)}, {area.name}{against}, persons",
            area_name=area.name, periods=tuple(rows[col.PERIOD]), source_note=note, synthetic=synthetic,
        )  # fmt: skip
        suffix = "" if rows[col.ORIGIN].iloc[0] == "published" else "-records"
        children += chart_block(
            f"{AreaPage.TREND}-{indicator}{suffix}", f"{AreaPage.TREND}-{indicator}{suffix}-message",
            trend_table(rows, theirs),
            message=synthetic_prefix(rows[col.ORIGIN].iloc[0])
            + trend_sentence(rows, area.name, None if area.level == "country" else peers_word),
            figure=make_trend_figure(mine, theirs, options).to_plotly_json(),
        )  # fmt: skip
    only_one: list[object] = [
        html.P(f"Every measure held for {area.name} has one period only, so there is no trend to show.")
    ]
    caveat: list[object] = [html.P(NOT_LIKE_FOR_LIKE, className="explainer")] if area.level == "la" else []
    return (children or only_one) + caveat


def spread_table(shares: pd.DataFrame) -> html.Table:
    wide = shares.pivot_table(index=col.WIMD_QUINTILE, columns="edition_label", values=["count", SHARE],
                              aggfunc="first")  # fmt: skip
    wide = wide.reindex(range(1, 6))  # a fifth with none of the area's LSOAs still gets its row
    editions = sorted(shares["edition_label"].unique())
    header = ["WIMD fifth of Wales (1 = most deprived)", *(f"{edition}: LSOAs (share)" for edition in editions)]
    body = [
        html.Tr([html.Td(int(quintile)), *(html.Td(
            f"{int(wide.loc[quintile, ('count', edition)])} ({wide.loc[quintile, (SHARE, edition)]:.0f}%)"
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
        caption = (f"The {LSOA_TABLE_ENDS} most and {LSOA_TABLE_ENDS} least deprived of {len(frame):,} LSOAs; "
                   "every LSOA is on the map page")  # fmt: skip
        frame = pd.concat([frame.head(LSOA_TABLE_ENDS), frame.tail(LSOA_TABLE_ENDS)])
    header = ["LSOA", "Code", f"WIMD {edition} rank of {len(data.wimd(int(edition)))} (1 = most deprived)", "Fifth"]
    body = [
        (name, code, int(rank), int(fifth))
        for name, code, rank, fifth in zip(frame[col.AREA_NAME], frame[col.AREA_CODE], frame[col.WIMD_RANK],
                                           frame[col.VALUE], strict=True)
    ]  # fmt: skip
    return markup_table(header, body, caption=caption)


def area_map(frame: pd.DataFrame, edition: str, name: str) -> object:
    options = MapOptions(
        title=f"{name}: its LSOAs by WIMD {edition} fifth of Wales",
        colour_label=f"WIMD {edition} fifth",
        source_note=f"Source: {cite(WIMD_SOURCES[int(edition)])}. National fifths, 1 = most deprived.",
        geojson_url=f"/geo/{WIMD_EDITIONS[edition]}.geojson",
        quintiles=True,
        rates=False,
    )
    return make_map_figure(frame, options).to_plotly_json()


def _sections(area_code: str, edition: str) -> tuple[object, ...]:
    """Every section of the profile for one area and WIMD edition, in the callback's output order."""
    area = profile(area_code)
    is_board = area.level == "lhb"
    shares = spread(area_code, area.level)
    lsoas = area_lsoas(area_code, area.level, edition)
    chosen_edition = shares[shares[col.WIMD_EDITION] == int(edition)]
    most = float(chosen_edition.loc[chosen_edition[col.WIMD_QUINTILE] == 1, SHARE].sum())
    least = float(chosen_edition.loc[chosen_edition[col.WIMD_QUINTILE] == 5, SHARE].sum())
    spread_message = (
        f"By WIMD {edition}, {most:.0f}% of {area.name}'s LSOAs are in the most deprived fifth of Wales and "
        f"{least:.0f}% in the least deprived fifth (an even spread would be 20% each)."
    )
    spread_figure = make_quintile_share_figure(
        shares, f"{area.name}: share of its LSOAs in each WIMD fifth of Wales",
        f"Source: {cite(WIMD_SOURCES[2019])}; {cite(WIMD_SOURCES[2025])}. WIMD 2019 ranks 2011 LSOAs, WIMD 2025 "
        "ranks 2021 LSOAs.",
    )  # fmt: skip
    return (
        profile_section(area),
        members_section(area_code) if is_board else [],
        within_section(area_code, area.name) if is_board else [],
        trend_section(area),
        spread_message,
        spread_figure.to_plotly_json(),
        spread_table(shares),
        area_map(lsoas, edition, area.name),
        lsoa_table(lsoas, edition),
    )


def _failed(area_code: str) -> tuple[object, ...]:
    """What every section shows when the profile cannot be drawn: nothing of the previous area."""
    message = html.P(
        f"The profile of {area_code} could not be drawn; the error has been logged. Try another area.",
        id=AreaPage.KEY_MESSAGE, className="notice",
    )  # fmt: skip
    return [message], [], [], [], "", {}, "", {}, ""


@callback(
    Output(AreaPage.PROFILE, "children"),
    Output(AreaPage.MEMBERS, "children"),
    Output(AreaPage.WITHIN, "children"),
    Output(AreaPage.TREND, "children"),
    Output(AreaPage.SPREAD_MESSAGE, "children"),
    Output(AreaPage.SPREAD_GRAPH, "figure"),
    Output(AreaPage.SPREAD_TABLE, "children"),
    Output(AreaPage.MAP_GRAPH, "figure"),
    Output(AreaPage.MAP_TABLE, "children"),
    Output(AreaPage.LOCATION, "search"),
    Input(AreaPage.AREA, "value"),
    Input(AreaPage.WIMD, "value"),
)
def _draw(area_code: str, edition: str) -> tuple[object, ...]:
    state, _ = resolve({"area": str(area_code), "wimd": str(edition)})
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + urlencode(state)
    return (*draw_or_clear(state["area"], state["wimd"]), search)  # a hostile value draws the default


def draw_or_clear(area_code: str, edition: str) -> tuple[object, ...]:
    """Every section for the area; if any fails, every section cleared and a notice in the first,
    so the previous area's sentences and charts never stay on screen under the new choice."""
    try:
        return view(area_code, edition)
    except Exception:
        logger.exception("area profile of %s (WIMD %s) failed", area_code, edition)
        return _failed(area_code)


@data.per_build
def view(area_code: str, edition: str) -> tuple[object, ...]:
    """The whole profile for one choice, memoised per build."""
    return _sections(area_code, edition)
