"""Data access through each cache backend: memoised reads, rebuilds picked up, and a clear
state when nothing is built. Redis is a real redis-server on 127.0.0.1, started here."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from dashboard.cache import cache, standalone
from dashboard.config import Settings
from dashboard.model import columns as col
from dashboard.model.measures import BY_ID, map_frame, periods
from tests.app.conftest import _free_port, start_redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    port = _free_port()
    process = start_redis(port)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


class _ReadCounter:
    """Counts parquet files read, to tell a cache hit from a miss (the cache's own Parquet bytes,
    read from memory, are not files)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = pd.read_parquet

        def counted(*args: object, **kwargs: object) -> pd.DataFrame:
            self.calls += isinstance(args[0], str | Path)
            return original(*args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(data.pd, "read_parquet", counted)


@pytest.mark.parametrize("backend", ["simple", "filesystem", "redis"])
def test_reads_are_memoised(
    built_copy: Settings, backend: str, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replace(built_copy, cache_backend=backend, redis_url=redis_url)  # type: ignore[arg-type]
    counter = _ReadCounter(monkeypatch)
    with standalone(settings):
        cache.clear()
        data.clear_process_cache()
        first = data.areas("la")
        data.clear_process_cache()  # the second read must come from the shared backend, as another worker's would
        second = data.areas("la")
        assert counter.calls == 1, "the second read must come from the cache"
        pd.testing.assert_frame_equal(first, second)
        assert len(first) == 22 and first[col.AREA_CODE].str.startswith("W06").all()
        # A rebuild changes the manifest, and so every cache key: fresh data without a restart.
        manifest = settings.processed_dir / "manifest.json"
        later = time.time_ns() + 10_000_000
        os.utime(manifest, ns=(later, later))
        data.areas("la")
        assert counter.calls == 2
    if backend == "filesystem":
        assert any(settings.cache_dir.iterdir()), "FileSystemCache writes under data/cache"


def test_data_access_answers(built: Settings) -> None:
    with standalone(built):
        assert set(data.wimd(2025)[col.LSOA_VINTAGE]) == {2021}
        assert len(data.population("la", 2020)) == 22 * 91
        assert data.esp2013()[col.ESP_WEIGHT].sum() == 100_000
        assert len(data.boundaries("lhb")) == 7
        assert data.map_geojson("la").startswith(b'{"type":"FeatureCollection"')
        assert {record.source_id for record in data.sources()} >= {"wimd2019_ranks", "esp2013"}
        assert set(data.build_summary()["file"]) >= {"indicators.parquet", "map_lsoa21.geojson"}
        with pytest.raises(ValueError, match="no map geometry"):
            data.map_geojson("ward")


def test_nothing_built(tmp_path: Path, built: Settings) -> None:
    with standalone(replace(built, data_dir=tmp_path)):
        assert data.is_built() is False
        with pytest.raises(data.DataNotBuiltError, match="make data"):
            data.indicators()


def test_computed_and_synthetic_indicators_join_the_published(built_copy: Settings) -> None:
    built_frame = pd.read_parquet(built_copy.processed_dir / "indicators.parquet")
    published = built_frame[built_frame[col.ORIGIN] == "published"]
    synthetic = published.head(3).assign(**{col.ORIGIN: "synthetic", col.SOURCE_ID: "deaths:test"})
    with standalone(built_copy):
        assert set(data.indicators()[col.ORIGIN]) == {"published", "computed"}
        synthetic.to_parquet(built_copy.processed_dir / "indicators_synthetic.parquet")
        assert "synthetic" not in set(data.indicators()[col.ORIGIN]), "synthetic figures only when asked for"
        both = data.indicators(("published", "synthetic"))
        assert len(both) == len(published) + 3
        assert set(data.indicators(("synthetic",))[col.ORIGIN]) == {"synthetic"}


def test_per_build_results_are_kept_until_the_data_changes(built_copy: Settings) -> None:
    """A memoised computation runs once per build, and again when a records-based indicator file
    appears (the demo and computed figures must never be hidden behind a stale cache)."""
    calls: list[str] = []

    @data.per_build
    def counted(label: str) -> int:
        calls.append(label)
        return len(data.indicators())

    with standalone(built_copy):
        cache.clear()
        first = counted("a")
        assert counted("a") == first and calls == ["a"]
        counted("b")
        assert calls == ["a", "b"], "arguments are part of the key"
        extra = data.indicators().head(3).assign(**{col.ORIGIN: "computed"})
        extra.to_parquet(built_copy.processed_dir / "indicators_computed.parquet")
        assert counted("a") == first + 3 and calls == ["a", "b", "a"]


def test_unrecorded_fields_are_never_assumed_and_editions_are_never_a_trend(built: Settings) -> None:
    """The ONS 2019-edition extract records neither sex, ages nor standard population: its rows say
    'not recorded'. It still maps (titled so), but no profile line, rank or trend joins it to the
    2020-2022 edition; the two all-cause ASMR years (same ONS series) do form a trend."""
    from dashboard.views.area_frames import profile, trend_series

    with standalone(built):
        frame = data.indicators()
        earlier = frame[frame[col.SOURCE_ID] == "ons_avoidable_la_2019"]
        assert len(earlier) == 22
        assert (earlier[col.SEX] == col.NOT_RECORDED).all() and (earlier[col.AGE_GROUP] == col.NOT_RECORDED).all()
        assert earlier[col.UNIT].str.contains("standard population not recorded").all()
        assert not (frame[col.SOURCE_ID] != "ons_avoidable_la_2019").pipe(lambda keep: frame[keep][col.SEX]).eq(
            col.NOT_RECORDED).any()  # fmt: skip
        measure = BY_ID["avoidable"]
        assert periods(measure) == ["2020-2022", "2019 edition"]
        assert map_frame(measure, "2019 edition", col.NOT_RECORDED).frame[col.VALUE].notna().sum() == 22
        assert "avoidable-change" not in BY_ID
        cardiff = profile("W06000015")
        assert not cardiff.own[col.SOURCE_ID].eq("ons_avoidable_la_2019").any()
        series = trend_series(cardiff.own)
        assert [(s[col.INDICATOR].iloc[0], list(s[col.PERIOD])) for s in series] == [
            ("all_cause_mortality", ["2014", "2023"])
        ]
