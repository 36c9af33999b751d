"""Shared fixtures: the mirror of official files, and one real build made once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR, Settings, load_settings
from dashboard.etl.build import build


def _mirror() -> Path:
    configured = os.environ.get("DASHBOARD_SOURCE_MIRROR")
    return Path(configured) if configured else (PROJECT_DIR.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = _mirror()
    if not (path / "geography").is_dir():
        pytest.fail(f"the mirror of official files is not at {path}; set DASHBOARD_SOURCE_MIRROR")
    return path


def settings_for(data_dir: Path, mirror: Path | None, cache: str = "simple") -> Settings:
    return load_settings(
        {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_SOURCE_MIRROR": str(mirror or ""), "DASHBOARD_CACHE": cache}
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, mirror: Path) -> Settings:
    """A complete build from the real mirror files (about 15 s), shared read-only by tests."""
    settings = settings_for(tmp_path_factory.mktemp("built"), mirror)
    build(settings, progress=False)
    return settings


@pytest.fixture
def built_copy(built: Settings, tmp_path: Path) -> Iterator[Settings]:
    """A private copy of the session build, for tests that change or break it."""
    shutil.copytree(built.data_dir, tmp_path / "data")
    yield settings_for(tmp_path / "data", built.source_mirror)


@pytest.fixture
def built_dsr_input(built: Settings, tmp_path: Path) -> Path:
    """A `dsr` CLI input made from the real ONS 2017 tables: deaths and people under 75 by WIMD
    2014 quintile (deciles 1+2, 3+4 …), persons, ESP bands ('<1' and '1-4' joined as '0-4')."""
    import pandas as pd

    from dashboard.model import columns as col

    keys = ["quintile", col.AGE_BAND]
    frames = []
    for name, value in (("deprivation_deaths.parquet", col.DEATHS), ("deprivation_population.parquet", col.POPULATION)):
        frame = pd.read_parquet(built.processed_dir / name)
        frame = frame.assign(
            quintile=(frame[col.WIMD_DECILE] + 1) // 2,
            **{col.AGE_BAND: frame[col.AGE_BAND].replace({"<1": "0-4", "1-4": "0-4"})},
        )
        frames.append(frame.groupby(keys)[value].sum())
    table = pd.concat(frames, axis=1).reset_index()
    table = table[~table[col.AGE_BAND].isin(["75-79", "80-84", "85-89", "90+"])]
    path = tmp_path / "dsr_input.csv"
    table.rename(columns={"quintile": "group"})[["group", col.AGE_BAND, col.DEATHS, col.POPULATION]].to_csv(
        path, index=False
    )
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The test layers (`make unit`, `make integration`, `make browser`): a test that needs the real
    build of the mirror (the `built` fixture, directly or through another) is an integration test,
    unless it drives a browser."""
    for item in items:
        if item.get_closest_marker("browser") is None and "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
