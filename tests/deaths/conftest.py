"""Fixtures for the records pipeline: the synthetic register, written once per session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.deaths.synthetic import make_register


@pytest.fixture(scope="session")
def register(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    with standalone(built):
        frame = make_register(data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017))
    path = tmp_path_factory.mktemp("register") / "synthetic_register.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def register_frame(register: Path) -> pd.DataFrame:
    return pd.read_csv(register, dtype=str, keep_default_na=False)
