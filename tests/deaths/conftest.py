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


FULL_YEARS = [2016, 2017, 2018, 2019]  # 2017 as ONS published it; every LSOA holds deaths over the four


@pytest.fixture(scope="session")
def full_register(built: Settings) -> pd.DataFrame:
    """Four years of the synthetic register: every one of the 1,909 LSOAs, rows shuffled as made."""
    with standalone(built):
        return make_register(
            data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017), years=FULL_YEARS
        )


@pytest.fixture(scope="session")
def full_extracts(full_register: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four-year register as CSV in two orders: shuffled, and by registration date (as a
    real extract comes, the order within a day arbitrary)."""
    folder = tmp_path_factory.mktemp("full")
    paths = {"shuffled": folder / "shuffled.csv", "by_date": folder / "by_date.csv"}
    full_register.to_csv(paths["shuffled"], index=False)
    full_register.sort_values("registration_date", kind="stable").to_csv(paths["by_date"], index=False)
    return paths
