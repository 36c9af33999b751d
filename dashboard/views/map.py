"""The map view: one measure, period and sex across Wales, by local authority, health board or
LSOA, with the Wales figure each area's CI is compared against."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import data
from dashboard.data import build_key
from dashboard.figures.choropleth import COMPARISON, MapOptions, compare_with_benchmark, make_map_figure
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.model.measures import (
    BY_ID,
    DEFAULT_MEASURE,
    MapFrame,
    Measure,
    available_measures,
    map_frame,
    periods,
    sexes,
)
from dashboard.views.base import Chart, Query, ViewModel, choose, language, read_query, write_query
from dashboard.words.labels import period_label, synthetic_prefix
from dashboard.words.messages import range_sentence
from dashboard.words.source_lines import cite, how_made

PARAMETERS = ("measure", "period", "sex", "lang")
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
    label = measure.title().split(" (")[0] + sex_words(sex)
    return range_sentence(frame, label, period_label(period))


def source_line(result: MapFrame, period: str) -> str:
    cited = "; ".join(cite(source_id) for source_id in result.source_ids)
    return _("Source: {source}. Period: {period}. {how_made}.").format(
        source=cited or _("see the Methods page"), period=period_label(period),
        how_made=how_made(result.origins, result.source_ids),
    )  # fmt: skip


def figures_table(result: MapFrame, measure: Measure, period: str) -> pd.DataFrame:
    """The map's figures, one row per area: what the CSV export and the page's table show."""
    frame = result.frame.copy()
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
    source = source_line(result, spec.period)
    options = MapOptions(
        title=title,
        colour_label=measure.colour_title(),
        source_note=source,
        synthetic=synthetic,
        geometry=geometry_url(measure.level),
        quintiles=measure.quintiles,
        benchmark=result.benchmark,
        rates=measure.indicator is not None,
    )
    figure = make_map_figure(result.frame, options).to_plotly_json()
    sentence = synthetic_prefix("synthetic" if synthetic else "") + key_message(
        measure, spec.period, result.frame, spec.sex
    )
    chart = Chart(MAP, title, sentence, source, figure, figures_table(result, measure, spec.period), synthetic)
    return ViewModel((chart,))


def geometry_url(level: str) -> str:
    """Where the browser fetches a level's map geometry (served by `routes`): the build in the link,
    so the browser may keep it for a year and fetches it again only after a rebuild."""
    return f"/geo/{level}.geojson?b={build_key(str(data.manifest()['built_at']))}"
