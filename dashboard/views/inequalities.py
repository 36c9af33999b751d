"""The inequalities view: rates by WIMD fifth or tenth with their CIs; the gap, ratio, slope and
relative indices of inequality and excess deaths; least against most deprived by cause and by
health board; and two ONS editions by local authority, set side by side and not called a trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import columns as col
from dashboard import data
from dashboard.breakdowns import KINDS, SCHEMES
from dashboard.figures.deprivation import (
    GroupChartOptions,
    GroupTrendOptions,
    SlopeIndexOptions,
    make_group_figure,
    make_group_trend_figure,
    make_sii_figure,
)
from dashboard.figures.slope import END, LABEL, START, SlopeOptions, make_slope_figure
from dashboard.groups import EDITION, KIND, SCHEME, chosen, complete, gap_figures, group_rows
from dashboard.i18n import _, decimal, word_list
from dashboard.labels import (
    AVOIDABLE_PARTS,
    EDITIONS_DIFFER,
    cause_name,
    fraction,
    indicator_label,
    kind_word,
    period_label,
    rate_label,
    reason_words,
    sex_word,
    synthetic_prefix,
)
from dashboard.messages import excess_sentence, gap_sentence, refusal
from dashboard.source_lines import cite, group_source_note, origin_words
from dashboard.stats.inequality import SlopeIndex, index_change
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.views.gaps import (
    PERIOD_SLOPE,
    Widest,
    board_slope_frame,
    cause_slope_frame,
    group_trend,
    inequality_index,
    ons_excess_deaths,
    period_slope_frame,
    widest_ratio,
)

PARAMETERS = ("indicator", "sex", "groups", "scheme", "board", "lang")
SEXES = ("Persons", "Male", "Female")
ONS_COUNTS_SOURCE = "ons_deprivation_deaths_2017"  # age-specific counts by group: excess deaths can be computed
QUINTILES, SII, SLOPE_QUINTILE, SLOPE_BOARD, SLOPE_PERIOD, TREND_GAP = (
    "quintiles", "sii", "slope-quintile", "slope-board", "slope-period", "trend-gap",
)  # fmt: skip


@dataclass(frozen=True)
class InequalitiesSpec:
    indicator: str = "premature_mortality"
    sex: str = "Persons"
    groups: str = "quintile"
    scheme: str = "national"
    board: str = ""  # a health board's code, with the within-board scheme
    lang: str = "en"

    @property
    def area(self) -> str:
        """The area whose groups are shown: Wales, or the board for within-board groups."""
        return col.WALES_CODE if self.scheme == "national" else self.board


@dataclass(frozen=True, eq=False)
class InequalitiesView(ViewModel):
    summary: tuple[str, ...]  # the measures of the gap, one sentence each (or the refusal)


@data.per_build
def choices() -> dict[str, list[str]]:
    """What a view may choose, from the rows held (indicators with national groups; deaths
    before 75 first). Boards are those with within-board groups, which come from records."""
    rows = group_rows()
    national = rows[rows[SCHEME] == "national"]
    boards = sorted(rows.loc[rows[SCHEME] == "within-health-board", col.AREA_CODE].unique().tolist())
    return {
        "indicator": sorted(national[col.INDICATOR].unique().tolist(), key=lambda i: (i != "premature_mortality", i)),
        "sex": list(SEXES),
        "groups": list(KINDS),
        "scheme": [scheme for scheme in SCHEMES if scheme == "national" or boards],
        "board": boards,
    }


def parse(query: Query) -> tuple[InequalitiesSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS)
    allowed = choices()
    chosen_values = {
        name: choose(values, name, options, options[0] if options else "", problems)
        for name, options in allowed.items()
    }
    if chosen_values["scheme"] == "national":
        chosen_values["board"] = ""  # a board belongs to the within-board scheme only
    return InequalitiesSpec(**chosen_values, lang=language(values, problems)), problems


def to_query(spec: InequalitiesSpec) -> str:
    return write_query(
        {"indicator": spec.indicator, "sex": spec.sex, "groups": spec.groups, "scheme": spec.scheme,
         "board": spec.board, "lang": spec.lang}
    )  # fmt: skip


def place_name(spec: InequalitiesSpec) -> str:
    if spec.scheme == "national":
        return _("Wales")
    boards = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME]
    return str(boards.get(spec.board, spec.board))


def rii_text(index: SlopeIndex) -> str:
    """The RII with its CI, or why it is not meaningful (a fitted least deprived rate near zero)."""
    reason = index.rii_unstable_reason
    if reason is not None:
        return _("not meaningful here: {reason}").format(reason=_(reason))
    return _("{value} (95% CI {lower} to {upper})").format(
        value=decimal(index.rii, 2), lower=decimal(index.rii_lower, 2), upper=decimal(index.rii_upper, 2)
    )


def summary_items(rows: pd.DataFrame, spec: InequalitiesSpec) -> tuple[str, ...]:
    """The gap, ratio, SII, RII and (for the ONS counts) excess deaths, or why none is given."""
    if not complete(rows):
        return (refusal(rows, spec.groups),)
    figures = gap_figures(rows)
    first = rows.iloc[0]
    index = inequality_index(spec.indicator, str(first[col.SEX]), spec.groups, str(first[SCHEME]), spec.area)
    items = [
        _("Gap, most minus least deprived: {value} per 100,000 (95% CI {lower} to {upper})").format(
            value=decimal(figures.gap.value), lower=decimal(figures.gap.lower), upper=decimal(figures.gap.upper)),
        _("Ratio, most over least deprived: {value} (95% CI {lower} to {upper})").format(
            value=decimal(figures.ratio.value, 2), lower=decimal(figures.ratio.lower, 2),
            upper=decimal(figures.ratio.upper, 2)),
        sii_sentence(index),
        _("Relative index of inequality, the fitted most deprived rate over the fitted least deprived (the "
          "reciprocal of PHE's RII, which divides least by most): {rii}").format(rii=rii_text(index)),
    ]  # fmt: skip
    if first[col.SOURCE_ID] == ONS_COUNTS_SOURCE and first[SCHEME] == "national":
        sex = str(first[col.SEX])
        excess, year = ons_excess_deaths(spec.indicator, spec.groups, sex)
        items.append(_("Excess deaths a year: {sentence}").format(
            sentence=excess_sentence(excess, year, spec.groups, sex)))  # fmt: skip
    else:
        items.append(_("Excess deaths: not given here. They need deaths and population by age in every group, which "
                       "only the ONS 2017 counts by WIMD 2014 group provide."))  # fmt: skip
    return tuple(items)


def sii_sentence(index: SlopeIndex) -> str:
    return _(
        "Slope index of inequality: {value} per 100,000 (95% CI {lower} to {upper}); the fitted gap across the whole "
        "gradient, positive when the most deprived have the higher rate"
    ).format(value=decimal(index.sii), lower=decimal(index.sii_lower), upper=decimal(index.sii_upper))


def sii_chart(rows: pd.DataFrame, spec: InequalitiesSpec, place: str, note: str) -> Chart:
    first = rows.iloc[0]
    title = _("Slope index of inequality: {indicator}, {place}, {sex}, by WIMD {kind}, {period}").format(
        indicator=indicator_label(spec.indicator).lower(), place=place, sex=sex_word(str(first[col.SEX])).lower(),
        kind=kind_word(spec.groups), period=period_label(first[col.PERIOD]))  # fmt: skip
    synthetic = bool(first[col.ORIGIN] == "synthetic")
    if not complete(rows):
        return Chart(SII, title, refusal(rows, spec.groups), note, None, rows, synthetic)
    index = inequality_index(spec.indicator, str(first[col.SEX]), spec.groups, str(first[SCHEME]), spec.area)
    rii = (_("RII (most over least) {value}").format(value=decimal(index.rii, 2)) if index.rii_unstable_reason is None
           else _("RII not meaningful"))  # fmt: skip
    source = note + " " + _("Line: least squares weighted by population (Low & Low 2004).")
    options = SlopeIndexOptions(
        title=title, value_label=rate_label(), source_note=source, synthetic=synthetic,
        sii_text=_("SII {value} per 100,000 (95% CI {lower} to {upper}); {rii}").format(
            value=decimal(index.sii, 0), lower=decimal(index.sii_lower, 0), upper=decimal(index.sii_upper, 0), rii=rii),
    )  # fmt: skip
    figure = make_sii_figure(rows, index.fitted_most, index.fitted_least, options).to_plotly_json()
    return Chart(SII, title, synthetic_prefix(first[col.ORIGIN]) + sii_sentence(index) + ".", source, figure, rows,
                 synthetic)  # fmt: skip


def not_drawn(frame: pd.DataFrame, kind: str) -> str:
    """The sentence naming the lines of a slope chart left out because an end has no rate."""
    missing = frame[frame[START].isna() | frame[END].isna()]
    if missing.empty:
        return ""
    names = ", ".join(str(label) for label in missing[LABEL])
    return " " + _("Not drawn: {names}, whose least or most deprived {fraction} has fewer than 10 deaths, so no "
                   "rate.").format(names=names, fraction=fraction(kind))  # fmt: skip


def widest_sentence(widest: Widest | None, part: str, *, causes: bool) -> str:
    """Which line (a cause, or a health board) has the widest relative gap, with the ratio's CI
    and whether other lines' CIs overlap it: a rank said with its uncertainty."""
    if widest is None:
        return ""
    line, ratio = widest.line, widest.ratio
    name = cause_name(str(line[col.INDICATOR])).lower() if causes else str(line[LABEL])
    fields = {"name": name, "ratio": decimal(ratio.value), "fraction": part, "most": decimal(line[END], 0),
              "least": decimal(line[START], 0), "lower": decimal(ratio.lower, 2), "upper": decimal(ratio.upper, 2),
              "others": word_list([other.lower() if causes else other for other in widest.overlapping])}  # fmt: skip
    if causes:
        template = (
            _("The relative gap is widest for {name}: {ratio} times as high in the most deprived {fraction} as in the "
              "least ({most} against {least} per 100,000; 95% CI of the ratio {lower} to {upper}), though its CI "
              "overlaps those of {others}, so it is not clearly the widest.")
            if widest.overlapping
            else _("The relative gap is widest for {name}: {ratio} times as high in the most deprived {fraction} as in "
                   "the least ({most} against {least} per 100,000; 95% CI of the ratio {lower} to {upper}), and its CI "
                   "overlaps no other cause's.")
        )  # fmt: skip
    else:
        template = (
            _("It is widest in {name}: {ratio} times as high in its most deprived {fraction} as in its least (95% CI "
              "{lower} to {upper}), though its CI overlaps those of {others}, so it is not clearly the widest.")
            if widest.overlapping
            else _("It is widest in {name}: {ratio} times as high in its most deprived {fraction} as in its least (95% "
                   "CI {lower} to {upper}), and its CI overlaps no other board's.")
        )  # fmt: skip
    return template.format(**fields)


def cause_slope_chart(spec: InequalitiesSpec, place: str) -> Chart:
    """Least against most deprived for each cause that makes up the measure."""
    part = fraction(spec.groups)
    slope = cause_slope_frame(spec.indicator, spec.sex, spec.groups, spec.scheme, spec.area)
    drawn = slope.dropna(subset=[START, END]) if not slope.empty else slope
    sex = sex_word(spec.sex).lower()
    title = _("Least and most deprived {fraction} by cause, {place}, {sex}").format(fraction=part, place=place, sex=sex)
    if drawn.empty:
        return Chart(SLOPE_QUINTILE, title, _("No cause has a rate in both its least and most deprived "
                     "{fraction}.").format(fraction=part), "", None, slope)  # fmt: skip
    origin, source_id = str(slope[col.ORIGIN].iloc[0]), str(slope[col.SOURCE_ID].iloc[0])
    sentence = (
        synthetic_prefix(origin)
        + widest_sentence(widest_ratio(drawn), part, causes=True)
        + not_drawn(slope, spec.groups)
    )
    split = set(slope[col.INDICATOR]) <= set(AVOIDABLE_PARTS)
    template = (
        _("Avoidable deaths before 75, preventable and treatable, least and most deprived {fraction}, {place}, {sex}, "
          "{period}")
        if split
        else _("Deaths before 75 by cause, least and most deprived {fraction}, {place}, {sex}, {period}")
    )  # fmt: skip
    title = template.format(fraction=part, place=place, sex=sex, period=period_label(slope[col.PERIOD].iloc[0]))
    source = _(
        "Source: {source}. WIMD {edition}. {origin}. Right: the gap, most minus least deprived, and the ratio. Bars: "
        "95% CIs."
    ).format(
        source=cite(source_id), edition=slope[EDITION].iloc[0], origin=origin_words(origin, source_id)
    ) + not_drawn(slope, spec.groups)
    options = SlopeOptions(
        title=title, start_label=_("Least deprived {fraction}").format(fraction=part),
        end_label=_("Most deprived {fraction}").format(fraction=part),
        value_label=rate_label(), source_note=source, synthetic=origin == "synthetic",
    )  # fmt: skip
    figure = make_slope_figure(drawn, options).to_plotly_json()
    return Chart(SLOPE_QUINTILE, title, sentence, source, figure, slope, origin == "synthetic")


def board_slope_chart(spec: InequalitiesSpec) -> Chart:
    """Least against most deprived group within each health board (records only)."""
    part = fraction(spec.groups)
    label = indicator_label(spec.indicator)
    sex = sex_word(spec.sex).lower()
    title = _("{indicator}, least and most deprived {fraction} within each health board, {sex}").format(
        indicator=label, fraction=part, sex=sex
    )
    frame = board_slope_frame(spec.indicator, spec.sex, spec.groups)
    if frame.empty:
        reason = (
            _("Health boards are cut into fifths only, never tenths (a tenth of a board holds too few deaths): "
              "choose fifths to see the gap inside each board.")
            if spec.groups == "decile"
            else _("Rates within health boards are for persons only: the population estimates held have no split by "
                   "sex for a board's fifths. Choose persons to see them.")
            if spec.sex != "Persons" and not board_slope_frame(spec.indicator, "Persons", spec.groups).empty
            else _("Fifths within each health board come from death records: build an extract with `python -m "
                   "dashboard.deaths build`, or see them on invented data with `make demo`.")
        )  # fmt: skip
        return Chart(SLOPE_BOARD, title, reason, "", None, frame)
    complete_lines = frame.dropna(subset=[START, END])
    synthetic = bool((frame[col.ORIGIN] == "synthetic").any())
    if complete_lines.empty:
        sentence = _(
            "{indicator}, {sex}: no health board has a rate in both its least and most deprived {fraction}."
        ).format(indicator=label, sex=sex, fraction=part) + not_drawn(frame, spec.groups)
        return Chart(SLOPE_BOARD, title, sentence, "", None, frame, synthetic)
    sentence = (
        synthetic_prefix("synthetic" if synthetic else "")
        + _("{indicator}: the gap inside each health board, {period}.").format(
            indicator=label, period=period_label(frame[col.PERIOD].iloc[0])
        )
        + " "
        + widest_sentence(widest_ratio(complete_lines), part, causes=False)
        + not_drawn(frame, spec.groups)
    )
    source_id = str(frame[col.SOURCE_ID].iloc[0])
    source = _("Source: {source}. {origin}. WIMD {edition} {fraction}s within each board. Bars: 95% CIs.").format(
        source=cite(source_id), origin=origin_words(str(frame[col.ORIGIN].iloc[0]), source_id),
        edition=frame[EDITION].iloc[0], fraction=part)  # fmt: skip
    options = SlopeOptions(
        title=title, start_label=_("Least deprived {fraction} of the board").format(fraction=part),
        end_label=_("Most deprived {fraction} of the board").format(fraction=part), value_label=rate_label(),
        source_note=source, synthetic=synthetic,
    )  # fmt: skip
    return Chart(SLOPE_BOARD, title, sentence, source, make_slope_figure(complete_lines, options).to_plotly_json(),
                 frame, synthetic)  # fmt: skip


@data.per_build
def period_slope_chart() -> Chart:
    """Two ONS editions by local authority, side by side, said not to be a change."""
    indicator, _level, start, end = PERIOD_SLOPE
    title = _("{indicator} by local authority: two ONS editions, not like for like").format(
        indicator=indicator_label(indicator)
    )
    frame = period_slope_frame()
    if frame.empty:
        return Chart(SLOPE_PERIOD, title, _("Two editions of this measure are not both built."), "", None, frame)
    higher = int((frame[END] > frame[START]).sum())
    sentence = (
        _(
            "{indicator}, two ONS editions side by side: the {end} edition's rate is the higher in {higher} of {count} "
            "local authorities."
        ).format(indicator=indicator_label(indicator), end=end, higher=higher, count=len(frame))
        + " "
        + _(EDITIONS_DIFFER)
    )
    source = _(
        "Source: {first} and {second}. Published rates. Not like for like: the 2020-2022 edition counts COVID-19 as "
        "preventable; populations rebased; the 2019 edition's period, sex and standard population not recorded. No "
        "CIs published."
    ).format(first=cite("ons_avoidable_la_2019"), second=cite("ons_avoidable_la_2022"))
    options = SlopeOptions(
        title=title, start_label=_("{period} (period not recorded)").format(period=period_label(start)),
        end_label=_("{year} edition").format(year=end), value_label=rate_label(),
        source_note=source, height=900, neutral=True, gap_labels=False, from_zero=False,
    )  # fmt: skip
    return Chart(SLOPE_PERIOD, title, sentence, source, make_slope_figure(frame, options).to_plotly_json(), frame)


def trend_sentence(spec: InequalitiesSpec, place: str, indices: list[tuple[str, SlopeIndex]]) -> str:
    """How the slope index moved from the first to the last year with every group's rate, and
    whether the move is beyond chance (a test of the difference, `stats.inequality.index_change`)."""
    (first_period, first), (last_period, last) = indices[0], indices[-1]
    change = index_change(first, last)
    beyond = change.lower > 0 or change.upper < 0
    template = (
        _("{indicator}, {place}: the slope index of inequality was {first} per 100,000 in {first_period} (95% CI "
          "{first_lower} to {first_upper}) and {last} in {last_period} ({last_lower} to {last_upper}); the change, "
          "{change} (95% CI {change_lower} to {change_upper}), is beyond chance.")
        if beyond
        else _("{indicator}, {place}: the slope index of inequality was {first} per 100,000 in {first_period} (95% "
               "CI {first_lower} to {first_upper}) and {last} in {last_period} ({last_lower} to {last_upper}); the "
               "change, {change} (95% CI {change_lower} to {change_upper}), may be chance: its CI includes zero.")
    )  # fmt: skip
    return template.format(
        indicator=indicator_label(spec.indicator), place=place, first=decimal(first.sii), first_period=first_period,
        first_lower=decimal(first.sii_lower), first_upper=decimal(first.sii_upper), last=decimal(last.sii),
        last_period=last_period, last_lower=decimal(last.sii_lower), last_upper=decimal(last.sii_upper),
        change=decimal(change.value, signed=True), change_lower=decimal(change.lower),
        change_upper=decimal(change.upper),
    )  # fmt: skip


def trend_gap_chart(spec: InequalitiesSpec, place: str) -> Chart:
    """Rates by WIMD group in each year held, with the SII's change from the first to the last."""
    title = _("{indicator} by WIMD {kind} and year, {place}, {sex}").format(
        indicator=indicator_label(spec.indicator), kind=kind_word(spec.groups), place=place,
        sex=sex_word(spec.sex).lower())  # fmt: skip
    trend = group_trend(spec.indicator, spec.sex, spec.groups, spec.scheme, spec.area)
    if trend.rows.empty:
        return Chart(TREND_GAP, title, _("Rates by deprivation year by year come from death records covering two "
                                         "years or more: build an extract with `python -m dashboard.deaths build`, "
                                         "or see them on invented data with `make demo`."), "", None)  # fmt: skip
    rows = trend.rows
    origin, source_id = str(rows[col.ORIGIN].iloc[0]), str(rows[col.SOURCE_ID].iloc[0])
    synthetic = origin == "synthetic"
    complete_years = trend.complete
    if len(complete_years) >= 2:
        sentence = trend_sentence(spec, place, complete_years)
    else:
        sentence = _(
            "{indicator}, {place}: fewer than two years have a rate for every group, so the change in "
            "the gap is not measured."
        ).format(indicator=indicator_label(spec.indicator), place=place)
    withheld_years = [period for period, index in trend.indices if index is None]
    if withheld_years:
        sentence += " " + _("No slope index for {years}: a group has fewer than 10 deaths.").format(
            years=", ".join(withheld_years)
        )
    source = _("Source: {source}. WIMD {edition}, {origin}. Each year's rates age-standardised (ESP2013) with 95% "
               "CIs; the change in the slope index is tested as a difference of two independent estimates (see "
               "Methods).").format(source=cite(source_id), edition=rows[EDITION].iloc[0],
                                   origin=origin_words(origin, source_id))  # fmt: skip
    options = GroupTrendOptions(title=title, value_label=rate_label(), group_label=spec.groups, source_note=source,
                                synthetic=synthetic)  # fmt: skip
    figure = make_group_trend_figure(rows, options).to_plotly_json()
    return Chart(TREND_GAP, title, synthetic_prefix(origin) + sentence, source, figure, rows, synthetic)


def empty_reason(spec: InequalitiesSpec) -> str:
    """Why a choice has no rates: the reasons its withheld groups carry, if any."""
    held = group_rows()
    held = held[(held[col.INDICATOR] == spec.indicator) & (held[col.SEX] == spec.sex) & (held[KIND] == spec.groups)
                & (held[SCHEME] == spec.scheme) & (held[col.AREA_CODE] == spec.area)]  # fmt: skip
    reasons = sorted({reason_words(code) for code in held[col.SUPPRESSED_REASON].dropna()})
    if reasons:
        return _("No rates for this choice: {reasons}.").format(reasons="; ".join(reasons))
    return _("No rates for this choice.")


@data.per_build
def build(spec: InequalitiesSpec) -> InequalitiesView:
    """Every chart of the view, figures as plain dicts: memoised per build, so a returning view
    costs a cache read instead of plotly's validation (about 0.2 s)."""
    place = place_name(spec)
    rows = chosen(spec.indicator, spec.sex, spec.groups, spec.scheme, spec.area)
    title = _("{indicator} by WIMD {kind}, {place}, {sex}").format(
        indicator=indicator_label(spec.indicator), kind=kind_word(spec.groups), place=place,
        sex=sex_word(spec.sex).lower())  # fmt: skip
    if rows.empty:
        reason = empty_reason(spec)
        charts = (
            *(Chart(chart_id, title, reason, "", None, rows) for chart_id in (QUINTILES, SII, SLOPE_QUINTILE)),
            board_slope_chart(spec), period_slope_chart(), trend_gap_chart(spec, place),
        )  # fmt: skip
        return InequalitiesView(charts, ())
    title += f", {period_label(rows[col.PERIOD].iloc[0])}"
    source = group_source_note(rows)
    synthetic = bool((rows[col.ORIGIN] == "synthetic").any())
    options = GroupChartOptions(
        title=title, value_label=rate_label(), group_label=spec.groups, source_note=source, synthetic=synthetic
    )
    groups = Chart(QUINTILES, title, gap_sentence(rows, spec.indicator, spec.groups, place=place), source,
                   make_group_figure(rows, options).to_plotly_json(), rows, synthetic)  # fmt: skip
    charts = (
        groups, sii_chart(rows, spec, place, source), cause_slope_chart(spec, place), board_slope_chart(spec),
        period_slope_chart(), trend_gap_chart(spec, place),
    )  # fmt: skip
    return InequalitiesView(charts, summary_items(rows, spec))
