"""What the records pipeline knows of Wales's geography: each 2011 LSOA's authority, board and
WIMD groups, and its population by year and single year of age, read straight from the built
parquet files (not through the web app's data access, whose imports of geopandas, Flask and the
cache cost a command-line build about a second before it reads a record)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.model import columns as col
from dashboard.model.breakdowns import Grouping

GROUPINGS = {  # the LSOA column holding each grouping's numbers (read_geography makes them)
    "wimd2019_quintile": Grouping(2019, "national", "quintile", "country"),
    "wimd2019_decile": Grouping(2019, "national", "decile", "country"),
    "wimd2019_lhb_quintile": Grouping(2019, "within-health-board", "quintile", "lhb"),
    "wimd2014_quintile": Grouping(2014, "national", "quintile", "country"),
    "wimd2014_decile": Grouping(2014, "national", "decile", "country"),
}


@dataclass(frozen=True)
class Geography:
    """LSOA 2011 -> its LA, LHB and WIMD groups, and persons by LSOA, year and single age."""

    lsoa: pd.DataFrame  # lsoa11_code, la_code, lhb_code, and one column per WIMD grouping
    population: pd.DataFrame  # lsoa11_code, year, age, population
    names: dict[str, str]  # area code -> name
    groupings: dict[str, Grouping]  # LSOA column holding the group numbers -> its grouping


@dataclass(frozen=True)
class LsoaVintages:
    """What a record's LSOA code is checked against: the 2021 codes and how each maps to 2011."""

    lsoa21: set[str]
    change: pd.DataFrame  # lsoa11_code, lsoa21_code, lsoa_change (the contract LSOA_CHANGE)


def read_geography(processed: Path) -> Geography:
    """The pipeline's geography from a built data folder (python -m dashboard.etl build)."""
    areas = pd.read_parquet(processed / "areas.parquet")
    lsoas = areas.loc[areas[col.GEOGRAPHY_LEVEL] == "lsoa11", [col.AREA_CODE, col.LA_CODE, col.LHB_CODE]]
    lsoas = lsoas.rename(columns={col.AREA_CODE: col.LSOA11_CODE}).reset_index(drop=True)
    wimd = pd.read_parquet(processed / "wimd.parquet")
    wimd = wimd[wimd[col.WIMD_EDITION] == 2019].set_index(col.LSOA_CODE)
    codes = lsoas[col.LSOA11_CODE]
    lsoas["wimd2019_decile"] = codes.map(wimd[col.WIMD_DECILE])
    lsoas["wimd2019_quintile"] = codes.map(wimd[col.WIMD_QUINTILE])
    lsoas["wimd2019_lhb_quintile"] = codes.map(wimd[col.WIMD_LHB_QUINTILE])
    deciles_2014 = pd.read_parquet(processed / "deprivation_lsoa.parquet").set_index(col.LSOA_CODE)[col.WIMD_DECILE]
    lsoas["wimd2014_decile"] = codes.map(deciles_2014)
    lsoas["wimd2014_quintile"] = (lsoas["wimd2014_decile"] + 1) // 2
    population = pd.read_parquet(processed / "population.parquet")
    population = population.loc[population[col.GEOGRAPHY_LEVEL] == "lsoa11"].rename(
        columns={col.AREA_CODE: col.LSOA11_CODE}
    )[[col.LSOA11_CODE, col.YEAR, col.AGE, col.POPULATION]]
    names = dict(zip(areas[col.AREA_CODE], areas[col.AREA_NAME], strict=True))
    return Geography(lsoas, population.reset_index(drop=True), names, GROUPINGS)


def read_lsoa_vintages(processed: Path) -> LsoaVintages:
    """The 2021 LSOA codes and the 2011-2021 change table, from the built data folder."""
    areas = pd.read_parquet(processed / "areas.parquet", columns=[col.GEOGRAPHY_LEVEL, col.AREA_CODE])
    lsoa21 = set(areas.loc[areas[col.GEOGRAPHY_LEVEL] == "lsoa21", col.AREA_CODE])
    return LsoaVintages(lsoa21, pd.read_parquet(processed / "lsoa_change.parquet"))
