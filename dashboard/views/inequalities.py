"""The inequalities view: rates by WIMD fifth or tenth with their CIs; the gap, ratio, slope and
relative indices of inequality and excess deaths; least against most deprived by cause and by
health board; and two ONS editions by local authority, set side by side and not called a trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.figures.deprivation import (
    GroupChartOptions,
    GroupTrendOptions,
    SlopeIndexOptions,
    make_group_figure,
    make_group_trend_figure,
    make_sii_figure,
)
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.model.breakdowns import KINDS, SCHEMES
from dashboard.model.groups import EDITION, KIND, SCHEME, chosen, complete, gap_figures, group_rows
from dashboard.stats.inequality import SlopeIndex, index_change
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.views.gaps import PERIOD_SLOPE as PERIOD_SLOPE  # re-exported: the page names it
from dashboard.views.gaps import group_trend, inequality_index, ons_excess_deaths
from dashboard.views.inequality_slopes import board_slope_chart, cause_slope_chart, period_slope_chart
from dashboard.views.inequality_spec import QUINTILES, SII, SLOPE_QUINTILE, TREND_GAP, InequalitiesSpec
from dashboard.views.inequality_spec import SLOPE_BOARD as SLOPE_BOARD  # the family's ids, re-exported
from dashboard.views.inequality_spec import SLOPE_PERIOD as SLOPE_PERIOD
from dashboard.words.labels import (
    indicator_label,
    kind_word,
    period_label,
    rate_label,
    reason_words,
    sex_word,
    synthetic_prefix,
)
from dashboard.words.messages import excess_sentence, gap_sentence, refusal
from dashboard.words.source_lines import cite, group_source_note, origin_words

PARAMETERS = ("indicator", "sex", "groups", "scheme", "board", "lang")
SEXES = ("Persons", "Male", "Female")
ONS_COUNTS_SOURCE = "ons_deprivation_deaths_2017"  # age-specific counts by group: excess deaths can be computed


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
