"""The inequalities view: rates by WIMD fifth or tenth with their CIs; the gap, ratio, slope and
relative indices of inequality and excess deaths; least against most deprived by cause and by
health board; and two ONS editions by local authority, set side by side and not called a trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import columns as col
from dashboard import data
from dashboard.breakdowns import KINDS, SCHEMES
from dashboard.figures.deprivation import GroupChartOptions, SlopeIndexOptions, make_group_figure, make_sii_figure
from dashboard.figures.slope import END, LABEL, START, SlopeOptions, make_slope_figure
from dashboard.groups import EDITION, KIND, SCHEME, chosen, complete, group_rows
from dashboard.labels import (
    AVOIDABLE_PARTS,
    EDITIONS_DIFFER,
    FRACTION,
    RATE_LABEL,
    indicator_label,
    reason_words,
    synthetic_prefix,
)
from dashboard.messages import excess_sentence, gap_sentence, refusal
from dashboard.source_lines import cite, group_source_note, origin_words
from dashboard.stats.inequality import SlopeIndex
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.views.gaps import (
    PERIOD_SLOPE,
    board_slope_frame,
    cause_slope_frame,
    gap_figures,
    inequality_index,
    ons_excess_deaths,
    period_slope_frame,
)

PARAMETERS = ("indicator", "sex", "groups", "scheme", "board", "lang")
SEXES = ("Persons", "Male", "Female")
ONS_COUNTS_SOURCE = "ons_deprivation_deaths_2017"  # age-specific counts by group: excess deaths can be computed
QUINTILES, SII, SLOPE_QUINTILE, SLOPE_BOARD, SLOPE_PERIOD = (
    "quintiles", "sii", "slope-quintile", "slope-board", "slope-period",
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
        return "Wales"
    boards = data.areas("lhb").set_index(col.AREA_CODE)[col.AREA_NAME]
    return str(boards.get(spec.board, spec.board))


def rii_text(index: SlopeIndex) -> str:
    """The RII with its CI, or why it is not meaningful (a fitted least deprived rate near zero)."""
    reason = index.rii_unstable_reason
    if reason is not None:
        return f"not meaningful here: {reason}"
    return f"{index.rii:.2f} (95% CI {index.rii_lower:.2f} to {index.rii_upper:.2f})"


def summary_items(rows: pd.DataFrame, spec: InequalitiesSpec) -> tuple[str, ...]:
    """The gap, ratio, SII, RII and (for the ONS counts) excess deaths, or why none is given."""
    if not complete(rows):
        return (refusal(rows, spec.groups),)
    figures = gap_figures(rows)
    first = rows.iloc[0]
    index = inequality_index(spec.indicator, str(first[col.SEX]), spec.groups, str(first[SCHEME]), spec.area)
    items = [
        f"Gap, most minus least deprived: {figures.gap.value:,.1f} per 100,000 "
        f"(95% CI {figures.gap.lower:,.1f} to {figures.gap.upper:,.1f})",
        f"Ratio, most over least deprived: {figures.ratio.value:.2f} "
        f"(95% CI {figures.ratio.lower:.2f} to {figures.ratio.upper:.2f})",
        sii_sentence(index),
        f"Relative index of inequality (PHE: ratio of the fitted extremes): {rii_text(index)}",
    ]
    if first[col.SOURCE_ID] == ONS_COUNTS_SOURCE and first[col.SEX] == "Persons" and first[SCHEME] == "national":
        excess, year = ons_excess_deaths(spec.indicator, spec.groups)
        items.append("Excess deaths a year: " + excess_sentence(excess, year, spec.groups))
    return tuple(items)


def sii_sentence(index: SlopeIndex) -> str:
    return (
        f"Slope index of inequality: {index.sii:,.1f} per 100,000 (95% CI {index.sii_lower:,.1f} to "
        f"{index.sii_upper:,.1f}); the fitted gap across the whole gradient, positive when the most deprived have "
        "the higher rate"
    )


def sii_chart(rows: pd.DataFrame, spec: InequalitiesSpec, place: str, note: str) -> Chart:
    first = rows.iloc[0]
    title = (f"Slope index of inequality: {indicator_label(spec.indicator).lower()}, {place}, "
             f"{str(first[col.SEX]).lower()}, by WIMD {spec.groups}, {first[col.PERIOD]}")  # fmt: skip
    synthetic = bool(first[col.ORIGIN] == "synthetic")
    if not complete(rows):
        return Chart(SII, title, refusal(rows, spec.groups), note, None, rows, synthetic)
    index = inequality_index(spec.indicator, str(first[col.SEX]), spec.groups, str(first[SCHEME]), spec.area)
    rii = f"RII {index.rii:.2f}" if index.rii_unstable_reason is None else "RII not meaningful"
    source = note + " Line: least squares weighted by population (Low & Low 2004)."
    options = SlopeIndexOptions(
        title=title, value_label=RATE_LABEL, source_note=source, synthetic=synthetic,
        sii_text=f"SII {index.sii:,.0f} per 100,000 (95% CI {index.sii_lower:,.0f} to {index.sii_upper:,.0f}); {rii}",
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
    return (f" Not drawn: {names}, whose least or most deprived {FRACTION[kind]} has fewer than 10 deaths, so no "
            "rate.")  # fmt: skip


def cause_slope_chart(spec: InequalitiesSpec, place: str) -> Chart:
    """Least against most deprived for each cause that makes up the measure."""
    fraction = FRACTION[spec.groups]
    slope = cause_slope_frame(spec.indicator, spec.sex, spec.groups, spec.scheme, spec.area)
    drawn = slope.dropna(subset=[START, END]) if not slope.empty else slope
    title = f"Least and most deprived {fraction} by cause, {place}, {spec.sex.lower()}"
    if drawn.empty:
        return Chart(SLOPE_QUINTILE, title, "No cause has a rate in both its least and most deprived "
                     f"{fraction}.", "", None, slope)  # fmt: skip
    widest = drawn.assign(ratio=drawn[END] / drawn[START]).sort_values("ratio").iloc[-1]
    origin, source_id = str(slope[col.ORIGIN].iloc[0]), str(slope[col.SOURCE_ID].iloc[0])
    sentence = synthetic_prefix(origin) + (
        f"The relative gap is widest for {widest[LABEL].lower()}: {widest['ratio']:.1f} times as high in the most "
        f"deprived {fraction} as in the least ({widest[END]:,.0f} against {widest[START]:,.0f} per 100,000)."
        + not_drawn(slope, spec.groups)
    )
    split = set(slope[LABEL]) <= set(AVOIDABLE_PARTS.values())
    subject = "Avoidable deaths before 75, preventable and treatable" if split else "Deaths before 75 by cause"
    title = f"{subject}, least and most deprived {fraction}, {place}, {spec.sex.lower()}, {slope[col.PERIOD].iloc[0]}"
    source = (
        f"Source: {cite(source_id)}. WIMD {slope[EDITION].iloc[0]}. {origin_words(origin, source_id)}. "
        "Right: the gap, most minus least deprived, and the ratio. Bars: 95% CIs." + not_drawn(slope, spec.groups)
    )
    options = SlopeOptions(
        title=title, start_label=f"Least deprived {fraction}", end_label=f"Most deprived {fraction}",
        value_label=RATE_LABEL, source_note=source, synthetic=origin == "synthetic",
    )  # fmt: skip
    figure = make_slope_figure(drawn, options).to_plotly_json()
    return Chart(SLOPE_QUINTILE, title, sentence, source, figure, slope, origin == "synthetic")


def board_slope_chart(spec: InequalitiesSpec) -> Chart:
    """Least against most deprived group within each health board (records only)."""
    fraction = FRACTION[spec.groups]
    label = indicator_label(spec.indicator)
    title = f"{label}, least and most deprived {fraction} within each health board, {spec.sex.lower()}"
    frame = board_slope_frame(spec.indicator, spec.sex, spec.groups)
    if frame.empty:
        return Chart(SLOPE_BOARD, title, "Fifths within each health board come from death records: build an "
                     "extract with `python -m dashboard.deaths build`, or see them on invented data with `make demo`.",
                     "", None, frame)  # fmt: skip
    complete_lines = frame.dropna(subset=[START, END])
    synthetic = bool((frame[col.ORIGIN] == "synthetic").any())
    if complete_lines.empty:
        sentence = (
            f"{label}, {spec.sex.lower()}: no health board has a rate in both its least and most deprived "
            f"{fraction}.{not_drawn(frame, spec.groups)}"
        )
        return Chart(SLOPE_BOARD, title, sentence, "", None, frame, synthetic)
    ratios = complete_lines[END] / complete_lines[START]
    widest = complete_lines.iloc[int(ratios.to_numpy().argmax())]
    sentence = synthetic_prefix("synthetic" if synthetic else "") + (
        f"{label}: the gap inside each health board, {frame[col.PERIOD].iloc[0]}. It is widest in {widest[LABEL]}: "
        f"{widest[END] / widest[START]:.1f} times as high in its most deprived {fraction} as in its least."
        + not_drawn(frame, spec.groups)
    )
    source_id = str(frame[col.SOURCE_ID].iloc[0])
    source = (f"Source: {cite(source_id)}. {origin_words(str(frame[col.ORIGIN].iloc[0]), source_id)}. "
              f"WIMD {frame[EDITION].iloc[0]} {fraction}s within each board. Bars: 95% CIs.")  # fmt: skip
    options = SlopeOptions(
        title=title, start_label=f"Least deprived {fraction} of the board",
        end_label=f"Most deprived {fraction} of the board", value_label=RATE_LABEL, source_note=source,
        synthetic=synthetic,
    )  # fmt: skip
    return Chart(SLOPE_BOARD, title, sentence, source, make_slope_figure(complete_lines, options).to_plotly_json(),
                 frame, synthetic)  # fmt: skip


@data.per_build
def period_slope_chart() -> Chart:
    """Two ONS editions by local authority, side by side, said not to be a change."""
    indicator, _level, start, end = PERIOD_SLOPE
    title = f"{indicator_label(indicator)} by local authority: two ONS editions, not like for like"
    frame = period_slope_frame()
    if frame.empty:
        return Chart(SLOPE_PERIOD, title, "Two editions of this measure are not both built.", "", None, frame)
    higher = int((frame[END] > frame[START]).sum())
    sentence = (
        f"{indicator_label(indicator)}, two ONS editions side by side: the {end} edition's rate is the higher in "
        f"{higher} of {len(frame)} local authorities. {EDITIONS_DIFFER}"
    )
    source = (
        f"Source: {cite('ons_avoidable_la_2019')} and {cite('ons_avoidable_la_2022')}. Published rates. Not like for "
        "like: the 2020-2022 edition counts COVID-19 as preventable; populations rebased; the 2019 edition's period, "
        "sex and standard population not recorded. No CIs published."
    )
    options = SlopeOptions(
        title=title, start_label=f"{start} (period not recorded)", end_label=f"{end} edition", value_label=RATE_LABEL,
        source_note=source, height=900, neutral=True, gap_labels=False, from_zero=False,
    )  # fmt: skip
    return Chart(SLOPE_PERIOD, title, sentence, source, make_slope_figure(frame, options).to_plotly_json(), frame)


def empty_reason(spec: InequalitiesSpec) -> str:
    """Why a choice has no rates: the reasons its withheld groups carry, if any."""
    held = group_rows()
    held = held[(held[col.INDICATOR] == spec.indicator) & (held[col.SEX] == spec.sex) & (held[KIND] == spec.groups)
                & (held[SCHEME] == spec.scheme) & (held[col.AREA_CODE] == spec.area)]  # fmt: skip
    reasons = sorted({reason_words(code) for code in held[col.SUPPRESSED_REASON].dropna()})
    return "No rates for this choice" + (f": {'; '.join(reasons)}." if reasons else ".")


@data.per_build
def build(spec: InequalitiesSpec) -> InequalitiesView:
    """Every chart of the view, figures as plain dicts: memoised per build, so a returning view
    costs a cache read instead of plotly's validation (about 0.2 s)."""
    place = place_name(spec)
    rows = chosen(spec.indicator, spec.sex, spec.groups, spec.scheme, spec.area)
    title = f"{indicator_label(spec.indicator)} by WIMD {spec.groups}, {place}, {spec.sex.lower()}"
    if rows.empty:
        reason = empty_reason(spec)
        charts = (
            *(Chart(chart_id, title, reason, "", None, rows) for chart_id in (QUINTILES, SII, SLOPE_QUINTILE)),
            board_slope_chart(spec), period_slope_chart(),
        )  # fmt: skip
        return InequalitiesView(charts, ())
    title += f", {rows[col.PERIOD].iloc[0]}"
    source = group_source_note(rows)
    synthetic = bool((rows[col.ORIGIN] == "synthetic").any())
    options = GroupChartOptions(
        title=title, value_label=RATE_LABEL, group_label=spec.groups, source_note=source, synthetic=synthetic
    )
    groups = Chart(QUINTILES, title, gap_sentence(rows, spec.indicator, spec.groups, place=place), source,
                   make_group_figure(rows, options).to_plotly_json(), rows, synthetic)  # fmt: skip
    charts = (
        groups, sii_chart(rows, spec, place, source), cause_slope_chart(spec, place), board_slope_chart(spec),
        period_slope_chart(),
    )  # fmt: skip
    return InequalitiesView(charts, summary_items(rows, spec))
