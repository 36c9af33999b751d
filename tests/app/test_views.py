"""The view layer against the real build, without Dash, Flask or a browser: every link a person
could write parses to a valid view (a bad one to the default plus a problem, never an exception),
every valid view's link parses back to itself, and every view builds, for every area, board,
measure and choice, with published figures only and with death records loaded."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.model import columns as col
from dashboard.model.measures import BY_ID, available_measures, periods, sexes
from dashboard.views import area, care, inequalities, overview
from dashboard.views import map as map_view
from dashboard.views.base import MAX_PARAMETERS, Chart, ViewModel

VIEWS: tuple[ModuleType, ...] = (overview, map_view, inequalities, care, area)
GOLDEN = Path(__file__).parent.parent / "golden" / "overview_view.json"
HOSTILE_VALUES: tuple[object, ...] = (
    "", " ", "nonsense", "<script>alert(1)</script>", "W06000015' OR '1'='1", "x" * 10_000, "\x00", "ü" * 50,
    "../../etc/passwd", 0, -1, 1e308, None, True, [], ["a", "b"], {"a": 1}, ("W06000015", "W06000016"),
)  # fmt: skip
LENIENT = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _settings(data_dir: Path, demo: bool) -> Settings:
    environment = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_CACHE": "simple"}
    return load_settings(environment | ({"DASHBOARD_DEMO": "synthetic"} if demo else {}))


@pytest.fixture(scope="module", params=["published only", "with records"])
def mode(request: pytest.FixtureRequest, built: Settings, demo_data: Path) -> Iterator[str]:
    """Data access pointed at a build outside any Flask application context."""
    demo = request.param == "with records"
    data.configure(_settings(demo_data if demo else built.data_dir, demo))
    yield str(request.param)
    data.configure(load_settings())


def _valid_specs(module: ModuleType) -> list[object]:
    """Every valid spec a view offers (boards and areas in full; the map's every measure, period and sex)."""
    if module is overview:
        return [overview.OverviewSpec()]
    if module is map_view:
        return [
            map_view.MapSpec(measure.id, period, sex)
            for measure in available_measures()
            for period in periods(measure)
            for sex in sexes(measure, period)
        ]
    if module is inequalities:
        allowed = inequalities.choices()
        specs: list[object] = [
            inequalities.InequalitiesSpec(indicator, sex, kind)
            for indicator in allowed["indicator"] for sex in allowed["sex"] for kind in allowed["groups"]
        ]  # fmt: skip
        specs += [inequalities.InequalitiesSpec("premature_mortality", "Persons", kind, "within-health-board", board)
                  for board in allowed["board"] for kind in allowed["groups"]]  # fmt: skip
        return specs
    if module is care:
        return [care.CareSpec(sex, period) for sex in care.SEXES for period in care.hle_periods()]
    codes = area.profile_areas()[col.AREA_CODE]
    return [area.AreaSpec(code, edition) for code in codes for edition in area.WIMD_EDITIONS]


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_valid_view_survives_its_own_link(mode: str, module: ModuleType) -> None:
    specs = _valid_specs(module)
    assert specs
    for spec in specs:
        assert module.parse(module.to_query(spec)) == (spec, []), spec


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_a_round_trip_holds_for_any_valid_spec(mode: str, module: ModuleType) -> None:
    """Hypothesis: any valid spec (drawn from what the data holds, in any language offered)."""
    specs = _valid_specs(module)

    @LENIENT
    @given(st.sampled_from(specs))
    def round_trip(spec: object) -> None:
        query = module.to_query(spec)
        assert module.parse(query) == (spec, [])
        assert module.parse("?" + query) == (spec, [])  # as a browser's location.search gives it

    round_trip()


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_hostile_values_become_the_default_with_a_problem(mode: str, module: ModuleType) -> None:
    default, problems = module.parse("")
    assert problems == []
    for name in (*module.PARAMETERS, "unknown", "__class__"):
        for value in HOSTILE_VALUES:
            spec, problems = module.parse({name: value})
            assert spec == default, (name, value)
            assert problems, (name, value)
            assert all(len(problem) < 120 for problem in problems), problems  # a notice never repeats a huge value


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_any_query_string_parses_without_an_exception(mode: str, module: ModuleType) -> None:
    @LENIENT
    @given(st.text(max_size=300))
    def any_text(query: str) -> None:
        spec, _ = module.parse(query)
        assert module.parse(module.to_query(spec)) == (spec, [])

    any_text()


def test_repeated_and_too_many_parameters_are_problems(mode: str) -> None:
    """`/map?measure=a&measure=b` once gave an empty page."""
    spec, problems = map_view.parse("measure=a&measure=b")
    assert spec == map_view.parse("")[0] and problems == ["measure given 2 times"]
    spec, problems = map_view.parse({"measure": ["avoidable", "all-cause"]})
    assert spec.measure == "avoidable" and problems == ["measure given 2 times"]
    crowded = "&".join(f"p{number}=1" for number in range(MAX_PARAMETERS + 5))
    assert map_view.parse(crowded) == (map_view.parse("")[0], [f"more than {MAX_PARAMETERS} parameters"])
    area_spec, problems = area.parse("area=W06999999&wimd=1999")
    assert area_spec == area.AreaSpec() and problems == ["area='W06999999'", "wimd='1999'"]


def _check_chart(chart: Chart) -> None:
    """A chart as every consumer needs it: an id, a title, a sentence; drawn ones a figure that
    plotly accepts, a source line and a table with area codes; synthetic ones say so."""
    assert chart.chart_id and chart.title, chart
    if not chart.drawn:
        assert chart.sentence, f"{chart.chart_id}: neither drawn nor explained"
        return
    figure = go.Figure(chart.figure)
    assert figure.layout.title.text.replace("<br>", " ") == chart.title  # a long title wrapped, not cut
    assert chart.source.startswith("Source:"), chart.chart_id
    assert isinstance(chart.table, pd.DataFrame) and len(chart.table), chart.chart_id
    assert col.AREA_CODE in chart.table, chart.chart_id
    if chart.synthetic:  # the sentence may speak of a published line beside it; the picture says so
        assert any("SYNTHETIC" in str(note.text) for note in figure.layout.annotations), chart.chart_id


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_view_builds_for_every_choice(mode: str, module: ModuleType) -> None:
    for spec in _valid_specs(module):
        model = module.build(spec)
        assert isinstance(model, ViewModel) and model.charts, spec
        ids = [chart.chart_id for chart in model.charts]
        assert len(ids) == len(set(ids)), ids
        for chart in model.charts:
            _check_chart(chart)


def test_chart_ids_follow_the_design_contract(mode: str) -> None:
    assert [chart.chart_id for chart in map_view.build(map_view.parse("")[0]).charts] == ["map"]
    inequality_ids = {chart.chart_id for chart in inequalities.build(inequalities.parse("")[0]).charts}
    assert {"quintiles", "sii", "slope-quintile", "slope-period"} <= inequality_ids
    cardiff = area.build(area.AreaSpec("W06000015"))
    assert cardiff.chart("area-profile") is not None and cardiff.chart("area-map") is not None
    trend = cardiff.chart("trend")
    assert trend is not None and trend.chart_id.startswith("trend-") and trend.drawn
    assert overview.build(overview.OverviewSpec()).chart("quintiles") is not None


def test_every_board_has_its_local_authorities_and_its_own_fifths_or_why_not(mode: str) -> None:
    for code in area.profile_areas().query(f"{col.GEOGRAPHY_LEVEL} == 'lhb'")[col.AREA_CODE]:
        model = area.build(area.AreaSpec(code))
        members, within = model.chart("area-members"), model.chart("area-within")
        assert members is not None and members.drawn and model.members >= 1, code
        assert set(members.table[col.AREA_CODE]) <= set(data.areas("la")[col.AREA_CODE])
        assert within is not None
        assert within.drawn == (mode == "with records"), (code, within.sentence)


def test_the_map_table_holds_every_area_with_codes_and_comparison_codes(mode: str) -> None:
    for measure in available_measures():
        for period in periods(measure):
            table = map_view.build(map_view.MapSpec(measure.id, period, sexes(measure, period)[0])).charts[0].table
            level_codes = set(data.areas(measure.level)[col.AREA_CODE])  # type: ignore[arg-type]
            assert set(table[col.AREA_CODE]) <= level_codes and table[col.AREA_CODE].is_unique
            if measure.indicator is not None:
                assert set(table["comparison"]) <= {"higher", "lower", "similar", "not-tested"}
    assert BY_ID["avoidable"].level == "la"


def _summary(model: overview.OverviewView) -> dict[str, object]:
    chart = model.charts[0]
    return {
        "title": chart.title,
        "sentence": chart.sentence,
        "source": chart.source,
        "key_numbers": [[number.label, number.value, number.detail] for number in model.key_numbers],
        "sentences": list(model.sentences),
        "bars": [round(float(value), 1) for value in chart.table[col.VALUE]],
    }


def test_the_overview_says_what_its_golden_summary_says(mode: str) -> None:
    """What the headline says, kept beside the tests: a change in it is seen here, looked at, and
    accepted with `UPDATE_GOLDEN=1 pytest tests/app/test_views.py`."""
    if mode != "published only":
        pytest.skip("the golden summary is of the published figures")
    now = _summary(overview.build(overview.OverviewSpec()))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(now, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert now == json.loads(GOLDEN.read_text(encoding="utf-8"))
