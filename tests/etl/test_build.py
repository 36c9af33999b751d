"""The real build: contracts hold on every output, the geometry is map-ready, WIMD fifths are
derived as the Welsh Government publishes them, and a second build does nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.config import Settings
from dashboard.etl import contracts
from dashboard.etl.build import MANIFEST_NAME, build
from dashboard.etl.geometry import OVERLAP_TOLERANCE, exteriors_clockwise, total_overlap_area
from dashboard.etl.steps import STEPS
from dashboard.model import columns as col
from dashboard.model.sources import PREMATURE_CAUSE_GROUPS


def _read(settings: Settings, name: str) -> pd.DataFrame:
    return pd.read_parquet(settings.processed_dir / name)


def test_outputs_meet_their_contracts(built: Settings) -> None:
    checks = {
        "areas.parquet": contracts.AREAS,
        "lsoa_change.parquet": contracts.LSOA_CHANGE,
        "wimd.parquet": contracts.WIMD,
        "wimd_domains.parquet": contracts.WIMD_DOMAINS,
        "population.parquet": contracts.POPULATION,
        "esp2013.parquet": contracts.ESP2013,
        "deprivation_deaths.parquet": contracts.DEPRIVATION_DEATHS,
        "deprivation_population.parquet": contracts.DEPRIVATION_POPULATION,
        "deprivation_lsoa.parquet": contracts.DEPRIVATION_LSOA,
        "deaths_by_age_2014.parquet": contracts.DEATHS_BY_AGE,
        "indicators.parquet": contracts.INDICATORS,
    }
    for name, schema in checks.items():
        contracts.validate(_read(built, name), schema, frame_name=name, source_ids=["test"])
    areas = _read(built, "areas.parquet")
    assert areas[col.GEOGRAPHY_LEVEL].value_counts().to_dict() == contracts.EXPECTED_AREAS


def test_wimd_2019_fifths_match_the_welsh_government_sheet(built: Settings, mirror: Path) -> None:
    """Independent check: our deciles and quintiles, derived from ranks, against the
    'Deciles_quintiles_quartiles' sheet Welsh Government published with WIMD 2019."""
    published = pd.read_excel(
        mirror / "deprivation/welsh-index-multiple-deprivation-2019-index-and-domain-ranks-by-small-area.xlsx",
        sheet_name="Deciles_quintiles_quartiles",
        engine="calamine",
    ).set_index("LSOA Code")
    ours = _read(built, "wimd.parquet").query(f"{col.WIMD_EDITION} == 2019").set_index(col.LSOA_CODE)
    joined = ours.join(published, how="inner")
    assert len(joined) == 1909
    assert (joined[col.WIMD_DECILE] == joined["WIMD 2019 Overall Decile"]).all()
    assert (joined[col.WIMD_QUINTILE] == joined["WIMD 2019 Overall Quintile"]).all()


def test_quintiles_within_health_boards(built: Settings) -> None:
    wimd = _read(built, "wimd.parquet")
    for (_, _), board in wimd.groupby([col.WIMD_EDITION, col.LHB_CODE]):
        sizes = board[col.WIMD_LHB_QUINTILE].value_counts()
        assert sorted(sizes.index) == [1, 2, 3, 4, 5]
        assert sizes.max() - sizes.min() <= 4  # groups of ceil(n/5): only the last is short
        # The most deprived LSOA of each board is in its local quintile 1, the least in 5.
        ordered = board.sort_values(col.WIMD_RANK)
        assert ordered[col.WIMD_LHB_QUINTILE].iloc[0] == 1
        assert ordered[col.WIMD_LHB_QUINTILE].iloc[-1] == 5
        assert ordered[col.WIMD_LHB_QUINTILE].is_monotonic_increasing


def test_map_geometry_is_clockwise_and_has_no_new_overlaps(built: Settings) -> None:
    for level, count in [("lsoa11", 1909), ("lsoa21", 1917), ("la", 22), ("lhb", 7)]:
        collection = json.loads((built.processed_dir / f"map_{level}.geojson").read_bytes())
        assert len(collection["features"]) == count
        shapes = np.array([shapely.geometry.shape(feature["geometry"]) for feature in collection["features"]])
        assert shapely.is_valid(shapes).all()
        assert exteriors_clockwise(shapes)
        original = gpd.read_parquet(built.processed_dir / f"boundaries_{level}.parquet").geometry.values
        added = total_overlap_area(shapes) - total_overlap_area(np.asarray(original))
        assert added <= OVERLAP_TOLERANCE * shapely.area(original).sum()
        # Total area kept within 0.5%: simplification must not eat coastlines.
        assert abs(shapely.area(shapes).sum() / shapely.area(original).sum() - 1) < 0.005
        coordinates = shapely.get_coordinates(shapes)
        assert np.allclose(coordinates, np.round(coordinates, 5))


def test_published_indicators(built: Settings) -> None:
    frame = _read(built, "indicators.parquet")
    avoidable = frame[(frame[col.INDICATOR] == "avoidable_mortality") & (frame[col.PERIOD] == "2020-2022")]
    assert len(avoidable) == 22 and set(avoidable[col.ORIGIN]) == {"published"}
    assert avoidable.set_index(col.AREA_CODE).loc["W06000024", col.AREA_NAME] == "Merthyr Tydfil"
    wales_2014 = frame[(frame[col.AREA_CODE] == col.WALES_CODE) & (frame[col.PERIOD] == "2014")]
    assert wales_2014.set_index(col.SEX).loc["Persons", col.VALUE] == 1016.9
    boards = frame[(frame[col.GEOGRAPHY_LEVEL] == "lhb")][col.AREA_CODE].unique()
    assert len(boards) == 5  # two 2014 boards were redrawn in 2019 and are reported, not mapped


def test_second_build_with_nothing_changed_runs_no_step(built_copy: Settings) -> None:
    manifest_before = (built_copy.processed_dir / MANIFEST_NAME).read_bytes()
    started = time.perf_counter()
    report = build(built_copy, progress=False)
    assert report.ran == [] and len(report.kept) == len(STEPS)
    assert time.perf_counter() - started < 5  # about 0.1 s here; generous for a loaded CI machine
    assert (built_copy.processed_dir / MANIFEST_NAME).read_bytes() == manifest_before


def test_provenance_sidecars(built: Settings) -> None:
    manifest = json.loads((built.processed_dir / MANIFEST_NAME).read_text())
    for record in manifest["sources"].values():
        assert record["retrieved_from"].startswith("mirror:")
        assert len(record["sha256"]) == 64 and record["verified_against_registry"] is True
        assert record["licence"] and record["retrieved_at"]


def test_deprivation_population_contract_holds_per_year(built: Settings) -> None:
    """The 1981-2016 edition holds many years: the row check is per year, and a gap is caught."""
    import pytest

    from dashboard.etl.errors import SourceError

    one_year = _read(built, "deprivation_population.parquet")
    two_years = pd.concat([one_year, one_year.assign(**{col.YEAR: 2016})], ignore_index=True)
    contracts.validate(two_years, contracts.DEPRIVATION_POPULATION, frame_name="two years", source_ids=["test"])
    with pytest.raises(SourceError, match="every year needs"):
        contracts.validate(two_years.iloc[1:], contracts.DEPRIVATION_POPULATION, frame_name="gap", source_ids=["t"])


def test_premature_mortality_by_deprivation_from_ons_counts(built: Settings) -> None:
    """Under-75 DSRs by WIMD 2014 group from the ONS 2017 counts: all 11,097 deaths under 75 are
    in every grouping, rates fall from most to least deprived, and the origin says 'computed'."""
    frame = _read(built, "indicators.parquet")
    rows = frame[
        (frame[col.INDICATOR] == "premature_mortality") & (frame[col.SOURCE_ID] == "ons_deprivation_deaths_2017")
    ]
    assert set(rows[col.ORIGIN]) == {"computed"} and set(rows[col.PERIOD]) == {"2017"}
    persons = rows[rows[col.SEX] == "Persons"]
    quintiles = persons[persons[col.BREAKDOWN].fillna("").str.startswith("WIMD 2014 national quintile")]
    deciles = persons[persons[col.BREAKDOWN].fillna("").str.startswith("WIMD 2014 national decile")]
    assert quintiles[col.DEATHS].sum() == deciles[col.DEATHS].sum() == 11_097
    assert persons.loc[persons[col.BREAKDOWN].isna(), col.DEATHS].iloc[0] == 11_097
    ordered = quintiles.assign(q=quintiles[col.BREAKDOWN].str[-1].astype(int)).sort_values("q")
    assert ordered[col.VALUE].is_monotonic_decreasing
    assert ((ordered[col.LOWER] < ordered[col.VALUE]) & (ordered[col.VALUE] < ordered[col.UPPER])).all()
    male = rows[(rows[col.SEX] == "Male") & rows[col.BREAKDOWN].isna()][col.VALUE].iloc[0]
    female = rows[(rows[col.SEX] == "Female") & rows[col.BREAKDOWN].isna()][col.VALUE].iloc[0]
    assert male > female


def test_premature_cause_groups_add_up_to_all_causes(built: Settings) -> None:
    """The five broad cause groups partition the ONS causes: in every group row their deaths add
    up to the all-cause count, and their DSRs add up to the all-cause DSR (a DSR is linear in the
    age-specific counts, so this holds exactly when no row is suppressed)."""
    frame = _read(built, "indicators.parquet")
    frame = frame[frame[col.SOURCE_ID] == "ons_deprivation_deaths_2017"]
    keys = [col.SEX, col.BREAKDOWN]
    every = frame[frame[col.INDICATOR] == "premature_mortality"].fillna({col.BREAKDOWN: "Wales"}).set_index(keys)
    parts = frame[frame[col.INDICATOR].isin(PREMATURE_CAUSE_GROUPS)].fillna({col.BREAKDOWN: "Wales"})
    assert parts[col.INDICATOR].nunique() == 5
    totals = parts.groupby(keys)[[col.DEATHS, col.VALUE]].sum(min_count=5)  # NaN if a part is suppressed
    assert (totals[col.DEATHS] == every.loc[totals.index, col.DEATHS]).all()
    unsuppressed = totals[col.VALUE].notna()
    assert unsuppressed.sum() >= 30
    assert np.allclose(totals.loc[unsuppressed, col.VALUE], every.loc[totals.index[unsuppressed], col.VALUE], rtol=1e-9)
