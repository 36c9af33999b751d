"""The chart registry (dashboard/views/charts.py) is the one list of charts: every chart a view
builds is registered, every entry is built by its family on its page, draws from the published
figures with its example query (or needs records, and says why not), and has a caution for slides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.views import charts
from dashboard.views.notes import GROUP_RATE_COLUMNS, RATE_COLUMNS, SLOPE_TABLE_COLUMNS, area_count
from dashboard.views.present import chart_notes, numbers


@pytest.fixture
def published(built: Settings) -> Iterator[None]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    yield
    data.configure(load_settings())


def test_every_entry_draws_from_its_example_and_carries_a_caution(published: None) -> None:
    ids = [spec.id for spec in charts.REGISTRY]
    assert len(ids) == len(set(ids))
    for spec in charts.REGISTRY:
        assert spec.caution, spec.id
        found = charts.find(spec.id, spec.example)
        assert found is not None and found.chart is not None, spec.id
        assert found.page == spec.page and found.chart.chart_id.startswith(spec.id)
        if not spec.needs_records:
            assert found.chart.drawn, (spec.id, found.chart.sentence)
            assert spec.caution in chart_notes(found.chart), spec.id
        else:
            assert not found.chart.drawn and found.chart.sentence  # needs records: says why


def test_every_chart_a_view_builds_is_registered(published: None) -> None:
    for spec in charts.REGISTRY:
        module = spec.family
        view, _problems = module.parse(spec.example)
        for chart in module.build(view).charts:
            registered = charts.spec_of(chart.chart_id)
            assert registered is not None and registered.family is module, chart.chart_id


@pytest.fixture
def with_records(trend_data: Path) -> Iterator[None]:
    """The three-year synthetic register's figures beside the published ones."""
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(trend_data), "DASHBOARD_CACHE": "simple",
                                  "DASHBOARD_DEMO": "synthetic"}))  # fmt: skip
    yield
    data.configure(load_settings())


def _drawn_charts_follow_their_entries() -> int:
    drawn = 0
    for spec in charts.REGISTRY:
        found = charts.find(spec.id, spec.example)
        assert found is not None and found.chart is not None
        if not found.chart.drawn:
            continue
        table = found.chart.table
        assert set(spec.columns) <= set(table.columns), (spec.id, set(spec.columns) - set(table.columns))
        lines = spec.notes(table)
        assert len(lines) == (1 if spec.notes is area_count else len(table)), spec.id
        if spec.columns in (RATE_COLUMNS, GROUP_RATE_COLUMNS, SLOPE_TABLE_COLUMNS):
            assert all("95% CI" in line or "CI not published" in line or "no rate" in line for line in lines), spec.id
        drawn += 1
    return drawn


def test_each_tables_columns_and_notes_follow_its_registry_entry(published: None) -> None:
    """Every drawn chart's table holds the columns its entry names, and its entry's reader gives a
    line per row (the LSOA map one line for the lot) that carries the row's CI where it has one."""
    assert _drawn_charts_follow_their_entries() == sum(not spec.needs_records for spec in charts.REGISTRY)


def test_charts_from_records_follow_their_entries_too(with_records: None) -> None:
    assert _drawn_charts_follow_their_entries() == len(charts.REGISTRY)
    trend = charts.find("trend-gap", "")
    assert trend is not None and trend.chart is not None
    assert numbers(trend.chart)[0].startswith("2018, WIMD quintile 1")  # a trend's lines say their year


def test_two_editions_are_read_as_editions_not_as_deprivation_groups(published: None) -> None:
    """The slope of two ONS editions by local authority once read 'least deprived 256.0, most
    deprived 251.8' in its speaker notes, from a guess at its table's shape."""
    found = charts.find("slope-period", "")
    assert found is not None and found.chart is not None and found.chart.drawn
    lines = numbers(found.chart)
    assert not any("deprived" in line for line in lines)
    first = found.chart.table.iloc[0]
    assert lines[0].startswith(f"{first['label']}: 2019 edition {first['start']:,.1f}, 2020-2022 edition ")
