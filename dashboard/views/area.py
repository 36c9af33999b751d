"""The area profile view: Wales, a health board or a local authority against Wales and its peers,
its trends, for a board its local authorities and its own WIMD fifths (latest and year by year),
and how its LSOAs spread across the WIMD fifths of Wales, with its LSOA map. Every chart is drawn
or says why not."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard import data
from dashboard.deaths.periods import borrowed_years
from dashboard.figures.choropleth import MapOptions, make_map_figure
from dashboard.figures.deprivation import GroupChartOptions, make_group_figure
from dashboard.figures.profile import ROW, SHARE, ProfileOptions, make_profile_figure, make_quintile_share_figure
from dashboard.figures.trend import TrendOptions, make_trend_figure
from dashboard.i18n import N_, _, decimal
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.groups import chosen
from dashboard.model.measures import WIMD_SOURCES
from dashboard.model.sources import series_of
from dashboard.views.area_frames import (
    DEFAULT_AREA,
    LEVELS,
    WALES_VALUE,
    WIMD_EDITIONS,
    Profile,
    area_lsoas,
    board_local_authorities,
    board_members,
    profile,
    spread,
    trend_series,
)
from dashboard.views.area_health import AREA_HLE as AREA_HLE  # the chart id, with the profile's others
from dashboard.views.area_health import hle_chart
from dashboard.views.area_sentences import key_message, members_message, no_rates_message
from dashboard.views.area_similar import SIMILAR as SIMILAR  # the chart id, with the profile's others
from dashboard.views.area_similar import similar_chart
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.views.inequalities import InequalitiesSpec, trend_gap_chart
from dashboard.views.map import geometry_url
from dashboard.words.labels import (
    EDITIONS_DIFFER,
    indicator_label,
    level_word,
    period_label,
    rate_label,
    synthetic_prefix,
)
from dashboard.words.messages import borrowed_sentence, gap_sentence, trend_sentence
from dashboard.words.source_lines import cite, group_source_note, how_made

PARAMETERS = ("area", "wimd", "lang")
PROFILE, MEMBERS, WITHIN, WITHIN_TREND, TREND, SPREAD, AREA_MAP = (
    "area-profile", "area-members", "area-within", "area-within-trend", "trend", "area-spread", "area-map",
)  # fmt: skip
WITHIN_INDICATORS = indicators.WITHIN_BOARD  # a board's own fifths: the subject first (the catalogue's)
NOT_LIKE_FOR_LIKE = (
    N_("Avoidable mortality is held from two ONS editions, 2019 and 2020-2022."),
    EDITIONS_DIFFER,
    N_("So no trend is drawn between them; the Inequalities page sets them side by side."),
)


@data.per_build
def population_years_held() -> list[int]:
    """The years of the LSOA population estimates the records pipeline divides by."""
    return sorted(int(year) for year in data.population("lsoa11")[col.YEAR].unique())


def not_like_for_like() -> str:
    return " ".join(_(part) for part in NOT_LIKE_FOR_LIKE)


@dataclass(frozen=True)
class AreaSpec:
    area: str = DEFAULT_AREA
    wimd: str = "2019"
    lang: str = "en"


@dataclass(frozen=True, eq=False)
class AreaView(ViewModel):
    name: str
    level: str
    members: int  # a board's local authorities (0 for any other area)
    no_trend: str  # why there is no trend chart ("" when there is one)
    trend_caveat: str  # what is not like for like between the periods held ("" when nothing)


@data.per_build
def profile_areas() -> pd.DataFrame:
    """The areas a profile may show: Wales, then its health boards, then its local authorities."""
    frame = data.areas()
    frame = frame[frame[col.GEOGRAPHY_LEVEL].isin(LEVELS)]
    order = frame[col.GEOGRAPHY_LEVEL].map(LEVELS.index)
    return frame.assign(_order=order).sort_values(["_order", col.AREA_NAME]).drop(columns="_order")


def parse(query: Query) -> tuple[AreaSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS)
    area = choose(values, "area", profile_areas()[col.AREA_CODE].tolist(), DEFAULT_AREA, problems)
    edition = choose(values, "wimd", list(WIMD_EDITIONS), "2019", problems)
    return AreaSpec(area, edition, language(values, problems)), problems


def to_query(spec: AreaSpec) -> str:
    return write_query({"area": spec.area, "wimd": spec.wimd, "lang": spec.lang})


def _sources_and_origins(rows: pd.DataFrame) -> tuple[str, str, bool]:
    sources = "; ".join(cite(source) for source in sorted(rows[col.SOURCE_ID].unique()))
    return sources, how_made(rows[col.ORIGIN], rows[col.SOURCE_ID]), bool((rows[col.ORIGIN] == "synthetic").any())


def with_wales(rows: pd.DataFrame, wales: pd.DataFrame, key: str) -> pd.DataFrame:
    """`rows` with the Wales figure on the same line (by `key`), NaN where none is published."""
    return rows.assign(**{WALES_VALUE: rows[key].map(wales.set_index(key)[col.VALUE])})


def profile_chart(area: Profile) -> Chart:
    """The area against its peers and Wales, or a sentence saying why there is nothing to draw."""
    peers = level_word(area.level, many=True)
    title = (
        _("{area}: its rates, persons").format(area=area.name)
        if area.level == "country"
        else _("{area} against the other {peers} and Wales, persons").format(area=area.name, peers=peers)
    )
    if area.own.empty:
        return Chart(PROFILE, title, no_rates_message(area), "", None, area.own)
    sources, how, synthetic = _sources_and_origins(area.own)
    note = (
        _("Source: {sources}. Persons. {how}. Bars: 95% CIs where the source gives them.")
        if area.level == "country"
        else _("Source: {sources}. Persons. {how}. Grey dots: the other {peers}. Bars: 95% CIs where the source gives "
               "them.")
    ).format(sources=sources, how=how, peers=peers)  # fmt: skip
    figure = make_profile_figure(
        area.peers, area.wales, ProfileOptions(title=title, area_name=area.name, source_note=note, synthetic=synthetic)
    )
    table = with_wales(area.own, area.wales, ROW)
    return Chart(PROFILE, title, key_message(area), note, figure.to_plotly_json(), table, synthetic)


def members_chart(board_code: str, count: int) -> Chart:
    """For a health board: its local authorities among all 22."""
    members = board_local_authorities(board_code)
    title = _("The local authorities of {board} among the 22 of Wales, persons").format(board=members.name)
    if members.own.empty:
        return Chart(MEMBERS, title, _("No rates are held for its local authorities."), "", None, members.own)
    sources, how, synthetic = _sources_and_origins(members.own)
    note = _(
        "Source: {sources}. Persons. {how}. Coloured: the board's local authorities; grey: the other local "
        "authorities of Wales. Bars: 95% CIs where the source gives them."
    ).format(sources=sources, how=how)
    figure = make_profile_figure(
        members.peers, members.wales,
        ProfileOptions(title=title, area_name=_("In {board}").format(board=members.name), source_note=note,
                       synthetic=synthetic),
    )  # fmt: skip
    table = with_wales(members.own.sort_values([ROW, col.AREA_NAME]), members.wales, ROW)
    return Chart(MEMBERS, title, members_message(members, count), note, figure.to_plotly_json(), table, synthetic)


def within_indicator(board_code: str) -> str | None:
    """The first of `WITHIN_INDICATORS` with a rate for each of the board's own five fifths."""
    for indicator in WITHIN_INDICATORS:
        if len(chosen(indicator, "Persons", "quintile", "within-health-board", board_code)) == 5:
            return indicator
    return None


def within_trend_chart(board_code: str, name: str, lang: str) -> Chart:
    """For a health board: its own WIMD fifths year by year with the slope index's change, drawn
    as the Inequalities page draws it for the board (the same view function, another chart id)."""
    indicator = within_indicator(board_code) or WITHIN_INDICATORS[0]
    spec = InequalitiesSpec(indicator, "Persons", "quintile", "within-health-board", board_code, lang)
    return replace(trend_gap_chart(spec, name), chart_id=WITHIN_TREND)


def within_chart(board_code: str, name: str) -> Chart:
    """For a health board: its own WIMD fifths (ranked within the board), from death records."""
    indicator = within_indicator(board_code)
    if indicator is not None:
        rows = chosen(indicator, "Persons", "quintile", "within-health-board", board_code)
    else:
        return Chart(
            WITHIN,
            _("WIMD fifths within {board}").format(board=name),
            _(
                "Fifths within a health board are computed from death records, which are not loaded: build an extract "
                "with `python -m dashboard.deaths build`, or see them on invented data with `make demo`."
            ),
            "",
            None,
        )
    title = _("{indicator} by WIMD fifth within {board}, persons, {period}").format(
        indicator=indicator_label(indicator), board=name, period=period_label(rows[col.PERIOD].iloc[0])
    )
    source, synthetic = group_source_note(rows), bool((rows[col.ORIGIN] == "synthetic").any())
    options = GroupChartOptions(
        title=title, value_label=rate_label(), group_label="quintile", source_note=source, synthetic=synthetic
    )
    return Chart(WITHIN, title, gap_sentence(rows, indicator, "quintile", place=name), source,
                 make_group_figure(rows, options).to_plotly_json(), rows, synthetic)  # fmt: skip


def trend_charts(area: Profile) -> list[Chart]:
    """A chart for each series the area holds in two or more periods: `trend` for the first (the
    dashboard's subject first), `trend-<indicator>[-records]` for each."""
    charts = []
    peers_word = level_word(area.level, many=True)
    for rows in trend_series(area.own):
        indicator, series = str(rows[col.INDICATOR].iloc[0]), series_of(str(rows[col.SOURCE_ID].iloc[0]))
        mine = area.peers[
            (area.peers[col.INDICATOR] == indicator) & (area.peers[col.SOURCE_ID].map(series_of) == series)
        ]
        theirs = area.wales[
            (area.wales[col.INDICATOR] == indicator) & (area.wales[col.SOURCE_ID].map(series_of) == series)
        ]
        sources, how, synthetic = _sources_and_origins(rows)
        if area.level == "country":
            note = _(
                "Source: {sources}. Persons, age-standardised (ESP2013). {how}. Bars: 95% CIs where the source "
                "gives them."
            ).format(sources=sources, how=how)
            title = _("{indicator}, {area}, persons").format(indicator=indicator_label(indicator), area=area.name)
        else:
            note = _(
                "Source: {sources}. Persons, age-standardised (ESP2013). {how}. Grey lines: the other {peers}. "
                "Bars: 95% CIs where the source gives them."
            ).format(sources=sources, how=how, peers=peers_word)
            title = _("{indicator}, {area} against the other {peers}, persons").format(
                indicator=indicator_label(indicator), area=area.name, peers=peers_word
            )
        options = TrendOptions(
            title=title,
            area_name=area.name,
            periods=tuple(period_label(period) for period in rows[col.PERIOD]),
            source_note=note,
            synthetic=synthetic,
        )
        suffix = "" if rows[col.ORIGIN].iloc[0] == "published" else "-records"
        sentence = synthetic_prefix(rows[col.ORIGIN].iloc[0]) + trend_sentence(rows, area.name)
        if suffix:  # figures from records: say which compared years borrow another year's populations
            borrowed = borrowed_years([rows[col.PERIOD].iloc[0], rows[col.PERIOD].iloc[-1]], population_years_held())
            sentence = " ".join(filter(None, [sentence, borrowed_sentence(borrowed)]))
        figure = make_trend_figure(mine, theirs, options).to_plotly_json()
        charts.append(Chart(f"{TREND}-{indicator}{suffix}", title, sentence, note, figure,
                            with_wales(rows, theirs, col.PERIOD), synthetic))  # fmt: skip
    return charts


def spread_chart(area: Profile, edition: str) -> Chart:
    """The share of the area's LSOAs in each WIMD fifth of Wales, both editions."""
    shares = spread(area.code, area.level)
    chosen_edition = shares[shares[col.WIMD_EDITION] == int(edition)]
    most = float(chosen_edition.loc[chosen_edition[col.WIMD_QUINTILE] == 1, SHARE].sum())
    least = float(chosen_edition.loc[chosen_edition[col.WIMD_QUINTILE] == 5, SHARE].sum())
    sentence = _(
        "By WIMD {edition}, {most}% of {area}'s LSOAs are in the most deprived fifth of Wales and {least}% in the "
        "least deprived fifth (an even spread would be 20% each)."
    ).format(edition=edition, most=decimal(most, 0), area=area.name, least=decimal(least, 0))
    title = _("{area}: share of its LSOAs in each WIMD fifth of Wales").format(area=area.name)
    source = _("Source: {first}; {second}. WIMD 2019 ranks 2011 LSOAs, WIMD 2025 ranks 2021 LSOAs.").format(
        first=cite(WIMD_SOURCES[2019]), second=cite(WIMD_SOURCES[2025]))  # fmt: skip
    figure = make_quintile_share_figure(shares, title, source).to_plotly_json()
    return Chart(SPREAD, title, sentence, source, figure, shares.assign(**{col.AREA_CODE: area.code}))


def lsoa_map_chart(area: Profile, edition: str, sentence: str) -> Chart:
    """The area's LSOAs coloured by their WIMD fifth of Wales."""
    lsoas = area_lsoas(area.code, area.level, edition)
    title = _("{area}: its LSOAs by WIMD {edition} fifth of Wales").format(area=area.name, edition=edition)
    source = _("Source: {source}. National fifths, 1 = most deprived.").format(source=cite(WIMD_SOURCES[int(edition)]))
    options = MapOptions(
        title=title, colour_label=_("WIMD {edition} fifth").format(edition=edition), source_note=source,
        geometry=geometry_url(WIMD_EDITIONS[edition]), quintiles=True, rates=False,
    )  # fmt: skip
    return Chart(AREA_MAP, title, sentence, source, make_map_figure(lsoas, options).to_plotly_json(), lsoas)


@data.per_build
def build(spec: AreaSpec) -> AreaView:
    """Every chart of the profile for one area and WIMD edition, memoised per build."""
    area = profile(spec.area)
    is_board = area.level == "lhb"
    count = len(board_members(spec.area)) if is_board else 0
    spread_of = spread_chart(area, spec.wimd)
    board_charts = (
        [members_chart(spec.area, count), within_chart(spec.area, area.name),
         within_trend_chart(spec.area, area.name, spec.lang)] if is_board else []
    )  # fmt: skip
    charts = [
        profile_chart(area),
        similar_chart(area),
        *board_charts,
        *trend_charts(area),
        hle_chart(area),
        spread_of,
        lsoa_map_chart(area, spec.wimd, spread_of.sentence),
    ]
    has_trend = any(chart.chart_id.startswith(TREND) for chart in charts)
    no_trend = (
        ""
        if has_trend
        else _("Every measure held for {area} has one period only, so there is no trend to show.").format(
            area=area.name
        )
    )
    caveat = not_like_for_like() if area.level == "la" else ""
    return AreaView(tuple(charts), area.name, area.level, count, no_trend, caveat)
