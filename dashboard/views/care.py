"""Care and need: how long people in each local authority live in good health and how that goes
with deprivation, and GP supply set against need (the inverse care law: good care tends to be
scarcest where it is needed most).

Four charts: every authority's healthy life expectancy with its CI and the gap between the
longest and shortest tested; healthy life expectancy against the share of the authority's LSOAs
in the most deprived fifth of Wales; patients per GP against ONS's avoidable mortality; and
patients per GP against the same deprived share. Each correlation is Pearson's r with its
interval over 22 areas, so each sentence says what 22 areas can show and no more: areas, not
people; one year of GP headcounts, not full-time equivalents. Practice-level figures (list sizes,
payments, practice deprivation) would arrive as further sources of the registry and further
charts of this family, without changing these."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard import data
from dashboard.figures.life_expectancy import RankedOptions, make_ranked_figure
from dashboard.figures.scatter import ScatterOptions, make_scatter_figure
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.model.health import GP_SUPPLY_SOURCE, GP_SUPPLY_YEAR, HLE_SOURCE, is_interim
from dashboard.model.health_frames import (
    AVOIDABLE,
    DEPRIVED_SHARE,
    NEED_EDITION,
    NEED_PERIOD,
    avoidable_by_la,
    deprived_share,
    hle,
    hle_periods,
    hle_wales,
    supply_against_need,
)
from dashboard.model.measures import WIMD_SOURCES
from dashboard.stats.correlation import Correlation, correlation
from dashboard.stats.inequality import absolute_gap
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.words.health import (
    CORRELATION_METHOD_NOTE,
    GP_CAVEATS,
    HLE_METHOD_NOTE,
    INTERIM_NOTE,
    correlation_words,
    hle_range_sentence,
    sex_words,
    short_correlation_words,
)
from dashboard.words.source_lines import cite

PARAMETERS = ("sex", "period", "lang")
SEXES = ("Female", "Male")
HLE_GAP = "hle-gap"
HLE_DEPRIVATION = "hle-deprivation"
GP_NEED = "gp-need"
GP_DEPRIVATION = "gp-deprivation"
LAST_YEAR_FOR_WIMD_2019 = 2020  # HLE periods ending by 2020 are set against WIMD 2019, later ones WIMD 2025


@dataclass(frozen=True)
class CareSpec:
    sex: str = "Female"
    period: str = ""  # an HLE period; the newest when empty
    lang: str = "en"


def parse(query: Query) -> tuple[CareSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS)
    sex = choose(values, "sex", SEXES, SEXES[0], problems)
    periods = hle_periods()
    period = choose(values, "period", periods, periods[0] if periods else "", problems)
    return CareSpec(sex, period, language(values, problems)), problems


def to_query(spec: CareSpec) -> str:
    return write_query({"sex": spec.sex, "period": spec.period, "lang": spec.lang})


def wimd_edition_for(period: str) -> int:
    """The WIMD edition nearest an HLE period: 2019 for periods ending by 2020, else 2025."""
    return 2019 if int(period.rsplit("-", 1)[-1]) <= LAST_YEAR_FOR_WIMD_2019 else NEED_EDITION


def _sex_title(sex: str) -> str:
    words = sex_words(sex)
    return words[:1].upper() + words[1:]


def _hle_source(period: str, extra: str = "") -> str:
    note = " " + _(INTERIM_NOTE) if is_interim(period) else ""
    return _("Source: {source}{extra}. Years a newborn could expect to live in self-reported good health; bars: "
             "95% CIs.{note}").format(source=cite(HLE_SOURCE), extra=extra, note=note)  # fmt: skip


def hle_gap_chart(spec: CareSpec) -> Chart:
    """Every local authority's healthy life expectancy, highest at the top, Wales as a line, and the
    gap between the longest and shortest with its CI."""
    rows = hle(spec.sex, spec.period, ("la",))
    title = _("Healthy life expectancy at birth of {sex}, local authorities of Wales, {period}").format(
        sex=sex_words(spec.sex), period=spec.period)  # fmt: skip
    if len(rows.dropna(subset=[col.VALUE])) < 2:
        return Chart(HLE_GAP, title, _("ONS publishes no healthy life expectancy for this choice."), "", None)
    ordered = rows.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    low, high = ordered.iloc[0], ordered.iloc[-1]
    gap = absolute_gap(high[col.VALUE], high[col.LOWER], high[col.UPPER], low[col.VALUE], low[col.LOWER],
                       low[col.UPPER])  # fmt: skip
    wales = hle_wales(spec.sex, spec.period)
    source = _hle_source(spec.period)
    options = RankedOptions(
        title=title, value_label=_("Years in good health"), source_note=source,
        benchmark=None if wales is None else float(wales[col.VALUE]),
        benchmark_label=_("Wales {value}").format(value=decimal(wales[col.VALUE])) if wales is not None else "",
    )  # fmt: skip
    figure = make_ranked_figure(rows, options).to_plotly_json()
    sentence = hle_range_sentence(rows, spec.sex, spec.period, gap)
    table = rows[[col.AREA_CODE, col.AREA_NAME, col.SEX, col.PERIOD, col.VALUE, col.LOWER, col.UPPER, col.METHOD]]
    return Chart(HLE_GAP, title, sentence, source, figure, table.sort_values(col.VALUE, ascending=False),
                 method_note=_(HLE_METHOD_NOTE))  # fmt: skip


def correlation_sentence(first: str, second: str, result: Correlation) -> str:
    """What a correlation over the local authorities shows, and that it describes areas."""
    if not result.beyond_chance:
        found = _("{first} and {second} show no correlation that {areas} local authorities can tell from chance: "
                  "{figures}.")  # fmt: skip
    elif result.r < 0:
        found = _("Across the {areas} local authorities, where {first} is higher, {second} tends to be lower: "
                  "{figures}.")  # fmt: skip
    else:
        found = _("Across the {areas} local authorities, where {first} is higher, {second} tends to be higher too: "
                  "{figures}.")  # fmt: skip
    text = found.format(first=first, second=second, areas=result.areas, figures=short_correlation_words(result))
    return text[:1].upper() + text[1:]


def deprivation_label(edition: int) -> str:
    return _("LSOAs in the most deprived fifth of Wales (WIMD {edition}), %").format(edition=edition)


def hle_deprivation_chart(spec: CareSpec) -> Chart:
    """Each authority's healthy life expectancy against its share of LSOAs in the most deprived
    fifth of Wales, with r and its CI."""
    edition = wimd_edition_for(spec.period)
    rows = hle(spec.sex, spec.period, ("la",)).merge(deprived_share(edition), on=col.AREA_CODE, how="left",
                                                      validate="one_to_one")  # fmt: skip
    title = _("Healthy life expectancy of {sex} and deprivation by local authority, {period}").format(
        sex=sex_words(spec.sex), period=spec.period)  # fmt: skip
    kept = rows.dropna(subset=[col.VALUE, DEPRIVED_SHARE])
    if len(kept) < 4 or kept[DEPRIVED_SHARE].nunique() < 2:
        return Chart(HLE_DEPRIVATION, title, _("Too few local authorities have both figures for a correlation."), "",
                     None)  # fmt: skip
    result = correlation(kept[DEPRIVED_SHARE], kept[col.VALUE])
    share_words = _("the share of LSOAs in the most deprived fifth")
    sentence = correlation_sentence(share_words, _("healthy life expectancy"), result) + " " + _(
        "These are areas, not people: the correlation does not say that deprivation shortens any one person's healthy "
        "life."
    )  # fmt: skip
    source = _hle_source(spec.period, "; " + cite(WIMD_SOURCES[edition]))
    options = ScatterOptions(title=title, x=DEPRIVED_SHARE, y=col.VALUE, x_label=deprivation_label(edition),
                             y_label=_("Years in good health"), source_note=source,
                             summary=correlation_words(result), y_interval=True)  # fmt: skip
    figure = make_scatter_figure(kept, options).to_plotly_json()
    table = kept[
        [col.AREA_CODE, col.AREA_NAME, col.SEX, col.PERIOD, col.VALUE, col.LOWER, col.UPPER, col.METHOD, DEPRIVED_SHARE]
    ]
    return Chart(HLE_DEPRIVATION, title, sentence, source, figure, table.sort_values(DEPRIVED_SHARE),
                 method_note=_(CORRELATION_METHOD_NOTE))  # fmt: skip


def supply_sentence(frame: pd.DataFrame) -> str:
    """The range of patients per GP, fewest and most, in plain numbers."""
    ordered = frame.sort_values(col.PATIENTS_PER_GP)
    fewest, most = ordered.iloc[0], ordered.iloc[-1]
    return _("In {year}, patients per GP (headcount) ranged from {low} in {low_area} to {high} in {high_area}.").format(
        year=GP_SUPPLY_YEAR, low=decimal(fewest[col.PATIENTS_PER_GP], 0), low_area=fewest[col.AREA_NAME],
        high=decimal(most[col.PATIENTS_PER_GP], 0), high_area=most[col.AREA_NAME])  # fmt: skip


def avoidable_source() -> str:
    """The source id of ONS's avoidable mortality by local authority for the need period."""
    sources = avoidable_by_la()[col.SOURCE_ID].unique()
    return str(sources[0]) if len(sources) else ""


def _gp_source(need_source: str) -> str:
    return _("Source: {supply}; {need}. {caveats}").format(supply=cite(GP_SUPPLY_SOURCE), need=need_source,
                                                          caveats=_(GP_CAVEATS))  # fmt: skip


def gp_chart(chart_id: str) -> Chart:
    """Patients per GP against need: ONS's avoidable mortality (`GP_NEED`) or the deprived share."""
    frame = supply_against_need()
    by_need = chart_id == GP_NEED
    need = AVOIDABLE if by_need else DEPRIVED_SHARE
    need_label = (_("Avoidable deaths under 75 per 100,000, {period} (ONS, published)").format(period=NEED_PERIOD)
                  if by_need else deprivation_label(NEED_EDITION))  # fmt: skip
    title = (_("Patients per GP against avoidable mortality, local authorities of Wales") if by_need
             else _("Patients per GP against deprivation, local authorities of Wales"))  # fmt: skip
    kept = frame.dropna(subset=[need, col.PATIENTS_PER_GP])
    if len(kept) < 4:
        return Chart(chart_id, title, _("Too few local authorities have both figures for a correlation."), "", None)
    result = correlation(kept[need], kept[col.PATIENTS_PER_GP])
    need_words = _("avoidable mortality") if by_need else _("the share of LSOAs in the most deprived fifth")
    need_source = cite(avoidable_source()) if by_need else cite(WIMD_SOURCES[NEED_EDITION])
    sentence = supply_sentence(kept) + " " + correlation_sentence(need_words, _("patients per GP"), result)
    source = _gp_source(need_source)
    options = ScatterOptions(title=title, x=need, y=col.PATIENTS_PER_GP, x_label=need_label,
                             y_label=_("Patients per GP (headcount), {year}").format(year=GP_SUPPLY_YEAR),
                             source_note=source, summary=correlation_words(result))  # fmt: skip
    figure = make_scatter_figure(kept, options).to_plotly_json()
    table = kept[[col.AREA_CODE, col.AREA_NAME, col.PATIENTS, col.GPS, col.PATIENTS_PER_GP, AVOIDABLE, DEPRIVED_SHARE]]
    ordered = table.sort_values(col.PATIENTS_PER_GP, ascending=False)
    return Chart(chart_id, title, sentence, source, figure, ordered, method_note=_(CORRELATION_METHOD_NOTE))


@data.per_build
def build(spec: CareSpec) -> ViewModel:
    """The page's four charts; a spec without a period shows the newest."""
    if not spec.period and hle_periods():
        spec = replace(spec, period=hle_periods()[0])
    return ViewModel((hle_gap_chart(spec), hle_deprivation_chart(spec), gp_chart(GP_NEED), gp_chart(GP_DEPRIVATION)))
