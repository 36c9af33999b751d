"""The map view: one measure, period and sex across Wales, by local authority, health board or
LSOA, with the Wales figure each area's CI is compared against."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.data import build_key
from dashboard.figures.choropleth import COMPARISON, NOT_TESTED, MapOptions, compare_with_benchmark, make_map_figure
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.model.measures import (
    BY_ID,
    DEFAULT_MEASURE,
    MapFrame,
    Measure,
    available_measures,
    interim,
    map_frame,
    periods,
    sexes,
)
from dashboard.stats.inequality import Comparison, absolute_gap
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.words.health import HLE_METHOD_NOTE, INTERIM_NOTE, hle_range_sentence
from dashboard.words.labels import period_label, synthetic_prefix
from dashboard.words.messages import range_sentence
from dashboard.words.source_lines import cite, how_made

PARAMETERS = ("measure", "period", "sex", "lang")
SMOOTHING_METHOD = "Poisson-gamma empirical Bayes (global)"  # in the smoothed map's table
MAP = "map"


@dataclass(frozen=True)
class MapSpec:
    measure: str = DEFAULT_MEASURE
    period: str = ""
    sex: str = "Persons"
    lang: str = "en"


def parse(query: Query) -> tuple[MapSpec, list[str]]:
    """The map a link asks for, each choice checked against what the build holds."""
    values, problems = read_query(query, PARAMETERS)
    measure_ids = [measure.id for measure in available_measures()]
    measure_id = choose(values, "measure", measure_ids, DEFAULT_MEASURE, problems)
    held_periods = periods(BY_ID[measure_id])
    period = choose(values, "period", held_periods, held_periods[0] if held_periods else "", problems)
    held_sexes = sexes(BY_ID[measure_id], period)
    sex = choose(values, "sex", held_sexes, held_sexes[0] if held_sexes else "Persons", problems)
    return MapSpec(measure_id, period, sex, language(values, problems)), problems


def to_query(spec: MapSpec) -> str:
    return write_query({"measure": spec.measure, "period": spec.period, "sex": spec.sex, "lang": spec.lang})


def sex_words(sex: str) -> str:
    """What a title adds for the sex shown: nothing for persons, and says so where unrecorded."""
    if sex == col.NOT_RECORDED:
        return _(" (sex, ages and standard population not recorded in the extract held)")
    return {"Male": _(", males"), "Female": _(", females")}.get(sex, "")


def key_message(measure: Measure, period: str, frame: pd.DataFrame, sex: str = "Persons") -> str:
    """One sentence from the data (the shared template): the highest and lowest area."""
    if measure.wimd_field is not None:
        return ""
    if measure.smoothed:
        return exceedance_sentence(measure, period, frame)
    if measure.healthy_life:
        return hle_range_sentence(frame, sex, period_label(period), longest_against_shortest(frame))
    label = measure.title().split(" (")[0] + sex_words(sex)
    return range_sentence(frame, label, period_label(period))


def longest_against_shortest(frame: pd.DataFrame) -> Comparison | None:
    """The gap between the highest and lowest area, tested from their two CIs (independent samples)."""
    shown = frame.dropna(subset=[col.VALUE, col.LOWER, col.UPPER]).sort_values(col.VALUE)
    if len(shown) < 2:
        return None
    low, high = shown.iloc[0], shown.iloc[-1]
    return absolute_gap(high[col.VALUE], high[col.LOWER], high[col.UPPER], low[col.VALUE], low[col.LOWER],
                        low[col.UPPER])  # fmt: skip


def exceedance_sentence(measure: Measure, period: str, frame: pd.DataFrame) -> str:
    """How many LSOAs are probably above Wales, how many probably not, and how many cannot be told."""
    bands = frame[col.VALUE].value_counts()
    banded = int(bands.sum())
    if not banded:
        return _("No LSOA has a smoothed figure for this period.")
    what = _("avoidable deaths before 75") if measure.indicator == "avoidable_mortality" else _("deaths before 75")
    return _(
        "In {period}, {high} of {count} LSOAs ({share}) probably have a higher risk of {what} than Wales as a whole "
        "(probability over 0.8, after smoothing), {low} probably do not (0.2 or less), and for {uncertain} the "
        "deaths are too few to tell."
    ).format(period=period_label(period), high=decimal(bands.get(3.0, 0), 0), count=decimal(banded, 0),
             share=f"{bands.get(3.0, 0) / banded:.0%}", what=what, low=decimal(bands.get(1.0, 0), 0),
             uncertain=decimal(bands.get(2.0, 0), 0))  # fmt: skip


def source_line(result: MapFrame, period: str, measure: Measure | None = None) -> str:
    cited = "; ".join(cite(source_id) for source_id in result.source_ids)
    healthy_life = measure is not None and measure.healthy_life
    line = _("Source: {source}. Period: {period}. {how_made}.").format(
        source=cited or _("see the Methods page"), period=period_label(period),
        how_made=_("Published estimates") if healthy_life else how_made(result.origins, result.source_ids),
    )  # fmt: skip
    if measure is not None and healthy_life:
        line += " " + _(
            "Years a newborn could expect to live in self-reported good health; outlines from ONS's 95% CIs."
        )
        line += " " + _(INTERIM_NOTE) if interim(measure, period) else ""
    if col.EXPECTED in result.frame:
        line += " " + _("Smoothed by a Poisson-gamma empirical Bayes model (Clayton and Kaldor 1987), indirectly "
                        "standardised to Wales by age; probabilities, not rates. See Methods.")  # fmt: skip
    return line


def figures_table(result: MapFrame, measure: Measure, period: str) -> pd.DataFrame:
    """The map's figures, one row per area: what the CSV export and the page's table show."""
    frame = result.frame.copy()
    if measure.smoothed:
        return frame.drop(columns=col.VALUE).assign(  # the bands are the comparison: no CI is tested against Wales
            **{col.PERIOD: period, col.METHOD: SMOOTHING_METHOD, COMPARISON: NOT_TESTED}
        )
    if measure.healthy_life:
        comparison = compare_with_benchmark(frame, result.benchmark)
        published = {col.PERIOD: period, col.UNIT: measure.colour_title(), col.SUPPRESSED_REASON: None}
        return frame.assign(**published).assign(**{COMPARISON: comparison})
    if measure.indicator is None:
        return frame.assign(**{col.PERIOD: period, col.UNIT: measure.colour_title()})
    return frame.assign(**{COMPARISON: compare_with_benchmark(frame, result.benchmark)})


@data.per_build
def build(spec: MapSpec) -> ViewModel:
    """The map, its key sentence and its figures; the figure as a plain dict, memoised per build,
    so a returning view skips plotly's validation of 1,909 areas."""
    measure = BY_ID[spec.measure]
    result = map_frame(measure, spec.period, spec.sex)
    synthetic = "synthetic" in result.origins
    title = f"{measure.title()}, {period_label(spec.period)}" + sex_words(spec.sex)
    source = source_line(result, spec.period, measure)
    options = MapOptions(
        title=title,
        colour_label=measure.colour_title(),
        source_note=source,
        synthetic=synthetic,
        geometry=geometry_url(measure.level),
        quintiles=measure.quintiles,
        benchmark=result.benchmark,
        rates=(measure.indicator is not None and not measure.smoothed) or measure.healthy_life,
        exceedance=measure.smoothed,
        higher_is_better=measure.higher_is_better,
    )
    figure = make_map_figure(result.frame, options).to_plotly_json()
    sentence = synthetic_prefix("synthetic" if synthetic else "") + key_message(
        measure, spec.period, result.frame, spec.sex
    )
    method = _(HLE_METHOD_NOTE) if measure.healthy_life else ""
    chart = Chart(MAP, title, sentence, source, figure, figures_table(result, measure, spec.period), synthetic,
                  method_note=method)  # fmt: skip
    return ViewModel((chart,))


def geometry_url(level: str) -> str:
    """Where the browser fetches a level's map geometry (served by `routes`): the build in the link,
    so the browser may keep it for a year and fetches it again only after a rebuild."""
    return f"/geo/{level}.geojson?b={build_key(str(data.manifest()['built_at']))}"
