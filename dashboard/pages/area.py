"""Area profile: one local authority or health board against Wales and its peers: its rates with
their CIs and ranks, its trend where a measure has more than one period, how its LSOAs spread
across the WIMD fifths of Wales, and its own LSOA map.
State in the query string (?area=W06000015&wimd=2019); the map links here by area code."""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import columns as col
from dashboard import data
from dashboard.components import MAP_CONFIG, ORIGIN_WORDS, chart, chart_block, ci_text, cite, data_table, notice
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.profile import (
    EDITION_LABEL,
    IS_AREA,
    ROW,
    SHARE,
    ProfileOptions,
    make_profile_figure,
    make_quintile_share_figure,
)  # fmt: skip
from dashboard.figures.theme import register_template
from dashboard.figures.trend import TrendOptions, make_trend_figure
from dashboard.ids import AreaPage
from dashboard.labels import LEVEL_WORDS, indicator_label
from dashboard.measures import WIMD_SOURCES
from dashboard.messages import trend_sentence
from dashboard.pages.data_status import empty_state

dash.register_page(__name__, path="/area", name="Area profile", title="Area profile — Who dies too young in Wales",
                   order=30)  # fmt: skip
register_template()

LEVELS = ("la", "lhb")
WIMD_EDITIONS = {"2019": "lsoa11", "2025": "lsoa21"}  # edition: the LSOA vintage it ranks
DEFAULT_AREA = "W06000015"  # Cardiff: the largest local authority
# The dashboard's subject first: avoidable deaths, then deaths before 75, then any other measure.
SUBJECT_FIRST = {"avoidable_mortality": 0, "premature_mortality": 1}


def area_options() -> list[dict[str, str]]:
    frame = data.areas()
    frame = frame[frame[col.GEOGRAPHY_LEVEL].isin(LEVELS)].sort_values([col.GEOGRAPHY_LEVEL, col.AREA_NAME])
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
            *chart_block(AreaPage.PROFILE_GRAPH, AreaPage.KEY_MESSAGE, AreaPage.PROFILE_TABLE),
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


def profile_rows(area_code: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Every persons rate held for the area's level, with its peers, and the Wales figures."""
    areas = data.areas()
    level = str(areas.loc[areas[col.AREA_CODE] == area_code, col.GEOGRAPHY_LEVEL].iloc[0])
    frame = data.indicators()
    frame = frame[(frame[col.SEX] == "Persons") & frame[col.BREAKDOWN].isna() & frame[col.VALUE].notna()]
    frame = frame.assign(**{ROW: frame[col.INDICATOR].map(indicator_label) + ", " + frame[col.PERIOD]})
    peers = frame[frame[col.GEOGRAPHY_LEVEL] == level]
    held = peers.loc[peers[col.AREA_CODE] == area_code, ROW].unique()
    peers = peers[peers[ROW].isin(held)].sort_values([col.INDICATOR, col.PERIOD], ascending=[True, False])
    peers = peers.assign(**{IS_AREA: peers[col.AREA_CODE] == area_code})
    wales = frame[(frame[col.GEOGRAPHY_LEVEL] == "country") & frame[ROW].isin(held)]
    return peers.reset_index(drop=True), wales.reset_index(drop=True), level


def ranked(peers: pd.DataFrame) -> pd.DataFrame:
    """The area's rows with their rank among peers (1 = highest rate) and the number of peers."""
    ranks = peers.groupby(ROW)[col.VALUE].rank(ascending=False, method="min")
    counts = peers.groupby(ROW)[col.VALUE].transform("size")
    return peers.assign(rank=ranks, of=counts)[peers[IS_AREA]]


def key_message(own: pd.DataFrame, name: str, level: str) -> str:
    if own.empty:
        return f"No rates are held for {name}."
    priority = own[col.INDICATOR].map(SUBJECT_FIRST).fillna(len(SUBJECT_FIRST))
    newest = own.assign(priority=priority).sort_values(["priority", col.PERIOD], ascending=[True, False]).iloc[0]
    position = (
        "the highest" if newest["rank"] == 1
        else "the lowest" if newest["rank"] == newest["of"]
        else f"ranked {int(newest['rank'])} (1 = highest)"
    )  # fmt: skip
    return (
        f"{indicator_label(newest[col.INDICATOR])} in {name}, {newest[col.PERIOD]}: {newest[col.VALUE]:,.1f} per "
        f"100,000 (age-standardised), {position} of {int(newest['of'])} {LEVEL_WORDS[level][1]}."
    )


def profile_table(own: pd.DataFrame, wales: pd.DataFrame) -> html.Table:
    wales_values = wales.set_index(ROW)[col.VALUE].to_dict()
    header = ["Measure and period", "Rate per 100,000", "95% CI", "Rank (1 = highest)", "Wales", "Origin"]
    body = [
        html.Tr([
            html.Td(row[ROW]), html.Td(f"{row[col.VALUE]:,.1f}"),
            html.Td(ci_text(row[col.LOWER], row[col.UPPER])),
            html.Td(f"{int(row['rank'])} of {int(row['of'])}"),
            html.Td(f"{wales_values[row[ROW]]:,.1f}" if row[ROW] in wales_values else "not published"),
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
            html.Td(f"{int(row['rank'])} of {int(row['of'])}"),
            html.Td(f"{wales_values[row[col.PERIOD]]:,.1f}" if row[col.PERIOD] in wales_values else "not published"),
            html.Td(cite(row[col.SOURCE_ID])),
        ])
        for _, row in own.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def trend_section(peers: pd.DataFrame, own: pd.DataFrame, wales: pd.DataFrame, name: str, level: str) -> list[object]:
    """A chart, key sentence and table for each measure the area holds in two or more periods.
    Periods sort as written ("2014" < "2023", "2019 edition" < "2020-2022")."""
    children: list[object] = []
    priority = own[col.INDICATOR].map(SUBJECT_FIRST).fillna(len(SUBJECT_FIRST))
    for indicator, rows in own.assign(priority=priority).sort_values("priority").groupby(col.INDICATOR, sort=False):
        periods = tuple(sorted(rows[col.PERIOD].unique()))
        if len(periods) < 2:
            continue
        rows = rows.sort_values(col.PERIOD)
        mine = peers[peers[col.INDICATOR] == indicator]
        theirs = wales[wales[col.INDICATOR] == indicator]
        sources = "; ".join(cite(source) for source in sorted(rows[col.SOURCE_ID].unique()))
        origins = sorted(rows[col.ORIGIN].unique())
        note = (
            f"Source: {sources}. Persons, age-standardised (ESP2013). {'. '.join(ORIGIN_WORDS[o] for o in origins)}. "
            f"Grey lines: the other {LEVEL_WORDS[level][1]}. Bars: 95% CIs where the source gives them."
        )
        options = TrendOptions(
            title=f"{indicator_label(str(indicator))}, {name} against the other {LEVEL_WORDS[level][1]}",
            area_name=name, periods=periods, source_note=note, synthetic="synthetic" in origins,
        )  # fmt: skip
        children += chart_block(
            f"{AreaPage.TREND}-{indicator}", f"{AreaPage.TREND}-{indicator}-message", trend_table(rows, theirs),
            message=trend_sentence(rows, name, LEVEL_WORDS[level][1]),
            figure=make_trend_figure(mine, theirs, options),
        )  # fmt: skip
    return children or [html.P(f"Every measure held for {name} has one period only, so there is no trend to show.")]


def spread(area_code: str, level: str) -> pd.DataFrame:
    """Share (%) of the area's LSOAs in each national WIMD fifth, for each edition."""
    wimd = data.wimd()
    key = col.LA_CODE if level == "la" else col.LHB_CODE
    mine = wimd[wimd[key] == area_code]
    counts = mine.groupby([col.WIMD_EDITION, col.WIMD_QUINTILE]).size().rename("count").reset_index()
    counts[SHARE] = 100 * counts["count"] / counts.groupby(col.WIMD_EDITION)["count"].transform("sum")
    counts[EDITION_LABEL] = "WIMD " + counts[col.WIMD_EDITION].astype(str)
    return counts


def spread_table(shares: pd.DataFrame) -> html.Table:
    wide = shares.pivot_table(index=col.WIMD_QUINTILE, columns=EDITION_LABEL, values=["count", SHARE], aggfunc="first")
    wide = wide.reindex(range(1, 6))  # a fifth with none of the area's LSOAs still gets its row
    editions = sorted(shares[EDITION_LABEL].unique())
    header = ["WIMD fifth of Wales (1 = most deprived)", *(f"{edition}: LSOAs (share)" for edition in editions)]
    body = [
        html.Tr([html.Td(int(quintile)), *(html.Td(
            f"{int(wide.loc[quintile, ('count', edition)])} ({wide.loc[quintile, (SHARE, edition)]:.0f}%)"
            if pd.notna(wide.loc[quintile, ("count", edition)]) else "0") for edition in editions)])
        for quintile in wide.index
    ]  # fmt: skip
    return data_table(header, body)


def area_lsoas(area_code: str, level: str, edition: str) -> pd.DataFrame:
    """The area's LSOAs with their names, WIMD rank of all Wales (1 = most deprived) and fifth."""
    wimd = data.wimd(int(edition))
    key = col.LA_CODE if level == "la" else col.LHB_CODE
    mine = wimd[wimd[key] == area_code]
    frame = pd.DataFrame(
        {col.AREA_CODE: mine[col.LSOA_CODE], col.WIMD_RANK: mine[col.WIMD_RANK],
         col.VALUE: mine[col.WIMD_QUINTILE].astype("float64")}
    )  # fmt: skip
    lsoa_names = data.areas(WIMD_EDITIONS[edition]).set_index(col.AREA_CODE)[col.AREA_NAME]  # type: ignore[arg-type]
    frame[col.AREA_NAME] = frame[col.AREA_CODE].map(lsoa_names).fillna(frame[col.AREA_CODE])
    return frame.sort_values(col.WIMD_RANK).reset_index(drop=True)


def lsoa_table(frame: pd.DataFrame, edition: str) -> html.Table:
    header = ["LSOA", "Code", f"WIMD {edition} rank of {len(data.wimd(int(edition)))} (1 = most deprived)", "Fifth"]
    body = [
        html.Tr([html.Td(row[col.AREA_NAME]), html.Td(row[col.AREA_CODE]), html.Td(int(row[col.WIMD_RANK])),
                 html.Td(int(row[col.VALUE]))])
        for _, row in frame.iterrows()
    ]  # fmt: skip
    return data_table(header, body)


def area_map(frame: pd.DataFrame, edition: str, name: str) -> object:
    options = MapOptions(
        title=f"{name}: its LSOAs by WIMD {edition} fifth of Wales",
        colour_label=f"WIMD {edition} fifth",
        source_note=f"Source: {cite(WIMD_SOURCES[int(edition)])}. National fifths, 1 = most deprived.",
        geojson_url=f"/geo/{WIMD_EDITIONS[edition]}.geojson",
        quintiles=True,
        rates=False,
    )
    return make_map_figure(frame, options)


@callback(
    Output(AreaPage.KEY_MESSAGE, "children"),
    Output(AreaPage.PROFILE_GRAPH, "figure"),
    Output(AreaPage.PROFILE_TABLE, "children"),
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
    search = dash.no_update if dash.ctx.triggered_id is None else "?" + urlencode({"area": area_code, "wimd": edition})
    names = data.areas().set_index(col.AREA_CODE)[col.AREA_NAME]
    name = str(names[area_code])
    peers, wales, level = profile_rows(area_code)
    own = ranked(peers)
    origins = sorted(own[col.ORIGIN].unique())
    sources = "; ".join(cite(source) for source in sorted(own[col.SOURCE_ID].unique()))
    note = (
        f"Source: {sources}. Persons. {'. '.join(ORIGIN_WORDS[o] for o in origins)}. Grey dots: the other "
        f"{LEVEL_WORDS[level][1]}. Bars: 95% CIs where the source gives them."
    )
    profile = make_profile_figure(
        peers, wales, ProfileOptions(title=f"{name} against the other {LEVEL_WORDS[level][1]} and Wales",
                                     area_name=name, source_note=note, synthetic="synthetic" in origins),
    )  # fmt: skip
    shares = spread(area_code, level)
    lsoas = area_lsoas(area_code, level, edition)
    chosen = shares[shares[col.WIMD_EDITION] == int(edition)]
    most = float(chosen.loc[chosen[col.WIMD_QUINTILE] == 1, SHARE].sum())
    least = float(chosen.loc[chosen[col.WIMD_QUINTILE] == 5, SHARE].sum())
    spread_message = (
        f"By WIMD {edition}, {most:.0f}% of {name}'s LSOAs are in the most deprived fifth of Wales and "
        f"{least:.0f}% in the least deprived fifth (an even spread would be 20% each)."
    )
    spread_figure = make_quintile_share_figure(
        shares, f"{name}: share of its LSOAs in each WIMD fifth of Wales",
        f"Source: {cite(WIMD_SOURCES[2019])}; {cite(WIMD_SOURCES[2025])}. WIMD 2019 ranks 2011 LSOAs, WIMD 2025 "
        "ranks 2021 LSOAs.",
    )  # fmt: skip
    return (
        key_message(own, name, level),
        profile,
        profile_table(own, wales),
        trend_section(peers, own, wales, name, level),
        spread_message,
        spread_figure,
        spread_table(shares),
        area_map(lsoas, edition, name),
        lsoa_table(lsoas, edition),
        search,
    )
