"""The chart registry (dashboard/views/charts.py) is the one list of charts: every chart a view
builds is registered, every entry is built by its family on its page, draws from the published
figures with its example query (or needs records, and says why not), and has a caution for slides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.views import charts
from dashboard.views.present import chart_notes


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
