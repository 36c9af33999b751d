"""The indicator catalogue (dashboard/indicators.py) and the data agree: every indicator a build
writes is catalogued, and every catalogue entry is built, from the published figures or from
records (the synthetic register through the records pipeline)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.config import Settings
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.measures import MEASURES
from dashboard.words.labels import indicator_label
from dashboard.words.messages import verb


def _built_indicators(folder: Path) -> set[str]:
    return {
        str(name)
        for path in sorted((folder / "processed").glob("indicators*.parquet"))
        for name in pd.read_parquet(path, columns=[col.INDICATOR])[col.INDICATOR].unique()
    }


def test_every_built_indicator_is_catalogued_and_every_entry_built(built: Settings, demo_data: Path) -> None:
    published, with_records = _built_indicators(built.data_dir), _built_indicators(demo_data)
    assert published <= set(indicators.BY_ID) and with_records <= set(indicators.BY_ID)
    assert with_records == set(indicators.BY_ID), sorted(set(indicators.BY_ID) - with_records)
    assert set(indicators.RECORDS_SHARES) <= with_records  # the records pipeline makes every one it names


def test_each_entry_is_whole() -> None:
    for indicator in indicators.CATALOGUE:
        assert indicator_label(indicator.id) == indicator.label and verb(indicator.id) == indicator.verb
        assert (indicator.short is None) == (indicator.family is None), indicator.id
        assert indicator.headline_age_group in (indicators.UNDER_75, indicators.ALL_AGES)
    groups = [group for codes in indicators.PREMATURE_CAUSE_GROUPS.values() for group in codes]
    assert sorted(groups) == list(range(1, 20)), "the ONS cause groups 1-19, each in one indicator"
    assert indicators.WITHIN_BOARD[0] == min(indicators.SUBJECT_FIRST, key=indicators.SUBJECT_FIRST.__getitem__)
    assert {measure.indicator for measure in MEASURES if measure.indicator} <= set(indicators.BY_ID)
