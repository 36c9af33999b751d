"""The records build reads its geography straight from the built parquet files; these tests hold
it equal to the same tables reached through the web app's data access, for every LSOA."""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.deaths.geography import GROUPINGS, read_geography, read_lsoa_vintages
from dashboard.etl.contracts import LSOA11_COUNT, LSOA21_COUNT
from dashboard.model import columns as col


def test_geography_from_the_files_equals_the_data_access_tables(built: Settings) -> None:
    geography = read_geography(built.processed_dir)
    with standalone(built):
        lsoas = data.areas("lsoa11")
        wimd = data.wimd(2019).set_index(col.LSOA_CODE)
        deciles_2014 = data.deprivation_lsoa().set_index(col.LSOA_CODE)[col.WIMD_DECILE]
        population = data.population("lsoa11")
        english = {code: name for code, name in zip(data.areas()[col.AREA_CODE], data.areas()[col.AREA_NAME],
                                                    strict=True)}  # fmt: skip
    table = geography.lsoa.set_index(col.LSOA11_CODE)
    assert len(table) == LSOA11_COUNT and table.index.is_unique
    assert set(table.index) == set(lsoas[col.AREA_CODE])
    by_code = lsoas.set_index(col.AREA_CODE)
    assert (table[col.LA_CODE] == by_code.loc[table.index, col.LA_CODE]).all()
    assert (table[col.LHB_CODE] == by_code.loc[table.index, col.LHB_CODE]).all()
    assert (table["wimd2019_decile"] == wimd.loc[table.index, col.WIMD_DECILE]).all()
    assert (table["wimd2019_lhb_quintile"] == wimd.loc[table.index, col.WIMD_LHB_QUINTILE]).all()
    assert (table["wimd2014_decile"] == deciles_2014.loc[table.index]).all()
    # Quintile q is deciles 2q-1 and 2q, in both editions; every group is filled for every LSOA.
    assert (table["wimd2019_quintile"] == (table["wimd2019_decile"] + 1) // 2).all()
    assert table[list(GROUPINGS)].notna().all().all()
    held = population.rename(columns={col.AREA_CODE: col.LSOA11_CODE})[list(geography.population.columns)]
    pd.testing.assert_frame_equal(geography.population.reset_index(drop=True), held.reset_index(drop=True))
    assert geography.names == english  # the command line speaks English; the pages name areas per language


def test_lsoa_vintages_hold_every_2021_code(built: Settings) -> None:
    vintages = read_lsoa_vintages(built.processed_dir)
    with standalone(built):
        assert vintages.lsoa21 == set(data.areas("lsoa21")[col.AREA_CODE])
        pd.testing.assert_frame_equal(vintages.change, data.lsoa_change())
    assert len(vintages.lsoa21) == LSOA21_COUNT
