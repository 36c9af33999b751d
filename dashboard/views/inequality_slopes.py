"""The inequalities view's slope charts: least against most deprived by cause, within each
health board, and two ONS editions side by side (never called a trend); and the sentences that
name the widest gap with its uncertainty."""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.figures.slope import END, LABEL, START, SlopeOptions, make_slope_figure
from dashboard.i18n import _, decimal, word_list
from dashboard.model import columns as col
from dashboard.model.groups import EDITION
from dashboard.views.base import Chart
from dashboard.views.gaps import (
    PERIOD_SLOPE,
    Widest,
    board_slope_frame,
    cause_slope_frame,
    period_slope_frame,
    widest_ratio,
)
from dashboard.views.inequality_spec import SLOPE_BOARD, SLOPE_PERIOD, SLOPE_QUINTILE, InequalitiesSpec
from dashboard.words.labels import (
    AVOIDABLE_PARTS,
    EDITIONS_DIFFER,
    cause_name,
    fraction,
    indicator_label,
    period_label,
    rate_label,
    sex_word,
    synthetic_prefix,
)
from dashboard.words.source_lines import cite, origin_words


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
