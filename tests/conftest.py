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
