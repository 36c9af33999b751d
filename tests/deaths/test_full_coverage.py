"""The records pipeline at full coverage, in a real extract's order: the checks that would have
caught deaths landing in the wrong LSOAs (issue 21).

Four years of the synthetic register hold deaths in every one of Wales's 1,909 LSOAs; its 2017
is the ONS 2017 table exactly. Through the pipeline: the ONS table comes back cell for cell;
every count equals an independent recount from the register's text; the sums hold (persons =
male + female, avoidable = preventable + treatable, LSOAs to their authority, authorities to
their board, boards to Wales, WIMD groups to Wales and to each board, pooled periods to their
years); disclosure control only withholds; and the vectorised pipeline equals the loop oracle,
also on the same deaths keyed by 2021 LSOAs (so records in merged LSOAs are shared by population).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pytest

from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings
from dashboard.deaths.__main__ import build_from_extract
from dashboard.deaths.cells import death_cells
from dashboard.deaths.ons_groups import group_of_code
from dashboard.deaths.pipeline import (
    INDICATORS,
    Geography,
    categorical_areas,
    compute_indicators,
    undisclosed_indicators,
)
from dashboard.deaths.records import BATCH_BYTES, Mapping
from dashboard.model import columns as col
from dashboard.stats.definition import DEFAULT_VERSION, load_definition
from tests.deaths.helpers import assert_same_frames, validated, with_areas
from tests.deaths.loop_pipeline import loop_indicators
from tests.deaths.recount import frame_keys, recount, recount_population, register_as_records

POOL = 3
BATCH = 256 * 1024  # bytes of CSV per batch when reading in batches
EVERY_LSOA = 1909


@pytest.fixture(scope="module")
def by_date(built: Settings, full_extracts: dict[str, Path]) -> tuple[pd.DataFrame, Geography]:
    records, geography, report = validated(built, full_extracts["by_date"])
    assert report.rejected == 0
    return records, geography


@pytest.fixture(scope="module")
def undisclosed(by_date: tuple[pd.DataFrame, Geography]) -> pd.DataFrame:
    records, geography = by_date
    frame, _notes = undisclosed_indicators(
        records, load_definition(), geography, origin="synthetic", source_id="t", pool_years=POOL
    )
    return frame


@pytest.fixture(scope="module")
def disclosed(by_date: tuple[pd.DataFrame, Geography]) -> pd.DataFrame:
    records, geography = by_date
    frame, _notes = compute_indicators(
        records, load_definition(), geography, origin="synthetic", source_id="t", pool_years=POOL
    )
    return frame


def test_the_extract_covers_every_lsoa(full_register: pd.DataFrame, full_extracts: dict[str, Path]) -> None:
    """The condition the fault needed: every LSOA in the records (and rows in no sorted order)."""
    assert full_register["lsoa_code"].nunique() == EVERY_LSOA
    by_date = pd.read_csv(full_extracts["by_date"], dtype=str)
    assert by_date["registration_date"].is_monotonic_increasing
    assert not by_date["lsoa_code"].is_monotonic_increasing


def test_the_ons_2017_table_comes_back_through_the_pipeline(
    built: Settings, full_extracts: dict[str, Path], full_register: pd.DataFrame
) -> None:
    """Every cell of the ONS 2017 table (WIMD 2014 decile x sex x cause group x age band, all
    ages; '<1' and '1-4' as the pipeline's '0-4') from the shuffled full-coverage extract, through
    the pipeline's own validation, LSOA coding, cell sums and LSOA attributes."""
    records, geography, _report = validated(built, full_extracts["shuffled"])
    owner = group_of_code()
    groups = records["icd10"].astype(str).str[:3].map(owner)
    assert groups.notna().all()
    measures = [f"group_{group}" for group in sorted(set(owner.values()))]
    one_hot = pd.DataFrame({f"group_{g}": (groups == g).astype(float) for g in sorted(set(owner.values()))})
    lsoa = categorical_areas(geography.lsoa)
    lsoa_type = cast(pd.CategoricalDtype, lsoa[col.LSOA11_CODE].dtype)
    cells = death_cells(pd.concat([records, one_hot], axis=1), measures, lsoa_type)
    cells = with_areas(cells[cells[col.YEAR] == 2017], lsoa, lsoa_type)
    cells["wimd2014_decile"] = cells["wimd2014_decile"].astype(int)
    counted = (
        cells.melt(id_vars=["wimd2014_decile", col.SEX, col.AGE_BAND], value_vars=measures, value_name=col.DEATHS)
        .assign(cause_code=lambda frame: frame["variable"].str[6:].astype(int))
        .groupby(["wimd2014_decile", col.SEX, "cause_code", col.AGE_BAND], observed=True)[col.DEATHS]
        .sum()
    )
    with standalone(built):
        table = data.deprivation_deaths()
    table = table.assign(**{col.AGE_BAND: table[col.AGE_BAND].replace({"<1": "0-4", "1-4": "0-4"})})
    published = table.groupby([col.WIMD_DECILE, col.SEX, col.CAUSE_CODE, col.AGE_BAND])[col.DEATHS].sum()
    published.index.names = counted.index.names
    joined = pd.concat([counted.rename("pipeline"), published.rename("ons")], axis=1).fillna(0)
    outside = joined.index.difference(published.index)  # cells the table lacks (prostate in women …)
    assert (joined.loc[outside, "pipeline"] == 0).all()
    assert published.index.isin(joined.index).all() and len(published) > 6000
    mismatched = joined[joined["pipeline"] != joined["ons"]]
    assert mismatched.empty, mismatched.head()
    assert joined["ons"].sum() == (full_register["registration_date"].str[:4] == "2017").sum()


def test_every_count_equals_an_independent_recount(
    undisclosed: pd.DataFrame, full_register: pd.DataFrame, by_date: tuple[pd.DataFrame, Geography]
) -> None:
    """Deaths and populations of every row (every area, LSOA, WIMD group, period, sex, indicator
    and age band), against a recount from the register's text in plain Python."""
    _records, geography = by_date
    records = register_as_records(full_register)
    deaths = recount(records, load_definition(), geography, POOL)
    population = recount_population(records, geography, POOL)
    keys = list(frame_keys(undisclosed))
    assert len(set(keys)) == len(keys)
    expected = np.array([deaths.get(key, 0.0) for key in keys])
    wrong = np.flatnonzero(~np.isclose(undisclosed[col.DEATHS].to_numpy(float), expected, rtol=0, atol=1e-9))
    assert wrong.size == 0, f"{wrong.size} rows differ, e.g. {[keys[i] for i in wrong[:3]]}"
    assert {key for key, count in deaths.items() if count} <= set(keys)  # every non-zero count has its row
    persons = undisclosed[col.SEX] == "Persons"
    people = [population[(k[1], k[2], k[3], k[5], k[6])] for k, is_persons in zip(keys, persons, strict=True)
              if is_persons]  # fmt: skip
    np.testing.assert_allclose(undisclosed.loc[persons, col.POPULATION].to_numpy(float), people, rtol=1e-12)
    levels = undisclosed.groupby(col.GEOGRAPHY_LEVEL)[col.AREA_CODE].nunique().to_dict()
    assert levels == {"country": 1, "lhb": 7, "la": 22, "lsoa11": EVERY_LSOA}


def _wide(frame: pd.DataFrame, split: str, keys: list[str]) -> pd.DataFrame:
    return frame.pivot_table(index=keys, columns=split, values=col.DEATHS, aggfunc="sum", fill_value=0.0)


ROW = [col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP, col.BREAKDOWN]


def test_persons_are_male_plus_female_and_avoidable_is_its_parts(undisclosed: pd.DataFrame) -> None:
    frame = undisclosed[undisclosed[col.AGE_GROUP] == "0-74"].fillna({col.BREAKDOWN: ""})
    by_sex = _wide(frame, col.SEX, [k for k in ROW if k != col.SEX])
    np.testing.assert_allclose(by_sex["Persons"], by_sex["Male"] + by_sex["Female"], rtol=1e-12, atol=1e-9)
    parts = _wide(frame, col.INDICATOR, [k for k in ROW if k != col.INDICATOR])
    np.testing.assert_allclose(
        parts["avoidable_mortality"], parts["preventable_mortality"] + parts["treatable_mortality"], atol=1e-9
    )
    assert (parts["avoidable_mortality"] <= parts["premature_mortality"] + 1e-9).all()


def _totals(frame: pd.DataFrame, level: str, breakdown: str = "") -> pd.DataFrame:
    """Rows of ages 0-74 at a level, with breakdowns starting `breakdown` ('': none)."""
    rows = frame[(frame[col.GEOGRAPHY_LEVEL] == level) & (frame[col.AGE_GROUP] == "0-74")]
    labels = rows[col.BREAKDOWN]
    return rows[labels.fillna("").str.startswith(breakdown) if breakdown else labels.isna()]


def _summed(parts: pd.DataFrame, parent_of: pd.Series, keys: list[str]) -> pd.DataFrame:
    parts = parts.assign(_parent=parts[col.AREA_CODE].map(parent_of))
    assert parts["_parent"].notna().all()
    return parts.groupby(["_parent", *keys])[[col.DEATHS, col.POPULATION]].sum(min_count=1)


def _indexed(totals: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return totals.set_index([col.AREA_CODE, *keys])[[col.DEATHS, col.POPULATION]].rename_axis(["_parent", *keys])


def _assert_sums(parts: pd.DataFrame, parent_of: pd.Series, totals: pd.DataFrame, keys: list[str]) -> None:
    summed = _summed(parts, parent_of, keys)
    whole = _indexed(totals, keys).reindex(summed.index)
    assert not whole[col.DEATHS].isna().any(), "a part has no total"
    np.testing.assert_allclose(summed[col.DEATHS], whole[col.DEATHS], rtol=1e-12, atol=1e-9)
    persons = summed.index.get_level_values(col.SEX) == "Persons"
    np.testing.assert_allclose(summed[col.POPULATION][persons], whole[col.POPULATION][persons], rtol=1e-12)


def test_areas_sum_to_the_areas_holding_them(
    undisclosed: pd.DataFrame, by_date: tuple[pd.DataFrame, Geography]
) -> None:
    """LSOAs to their authority (pooled periods, where LSOAs have rows), authorities to their
    board and boards to Wales (every period), for every indicator and sex."""
    _records, geography = by_date
    lookup = geography.lsoa.set_index(col.LSOA11_CODE)
    la_board = lookup.drop_duplicates(col.LA_CODE).set_index(col.LA_CODE)[col.LHB_CODE]
    keys = [col.INDICATOR, col.PERIOD, col.SEX]
    lsoa, la, lhb = (_totals(undisclosed, level) for level in ("lsoa11", "la", "lhb"))
    wales = _totals(undisclosed, "country")
    _assert_sums(lsoa, lookup[col.LA_CODE], la[la[col.PERIOD].isin(set(lsoa[col.PERIOD]))], keys)
    _assert_sums(la, la_board, lhb, keys)
    _assert_sums(lhb, pd.Series(col.WALES_CODE, index=lhb[col.AREA_CODE].unique()), wales, keys)


def test_wimd_groups_sum_to_wales_and_to_each_board(undisclosed: pd.DataFrame) -> None:
    keys = [col.INDICATOR, col.PERIOD, col.SEX]
    plain = {level: _totals(undisclosed, level) for level in ("country", "lhb")}
    labels = undisclosed[col.BREAKDOWN].dropna().str.rsplit(" ", n=1).str[0].unique()
    assert len(labels) == 5  # WIMD 2019 quintiles, deciles and within-board quintiles; WIMD 2014 both
    for label in labels:
        level = "lhb" if "within-health-board" in label else "country"
        groups = _totals(undisclosed, level, label)
        summed = groups.groupby([col.AREA_CODE, *keys])[[col.DEATHS, col.POPULATION]].sum()
        whole = plain[level].set_index([col.AREA_CODE, *keys])[[col.DEATHS, col.POPULATION]].reindex(summed.index)
        np.testing.assert_allclose(summed[col.DEATHS], whole[col.DEATHS], atol=1e-9, err_msg=label)
        persons = summed.index.get_level_values(col.SEX) == "Persons"
        np.testing.assert_allclose(summed[col.POPULATION][persons], whole[col.POPULATION][persons], err_msg=label)
        assert groups[col.GROUP_NUMBER].nunique() == (10 if "decile" in label else 5)


def test_pooled_periods_are_the_sums_of_their_years(undisclosed: pd.DataFrame) -> None:
    frame = undisclosed[(undisclosed[col.GEOGRAPHY_LEVEL] != "lsoa11")].fillna({col.BREAKDOWN: ""})
    singles = frame[~frame[col.PERIOD].str.contains("-")]
    keys = [k for k in ROW if k != col.PERIOD]
    for period in sorted(p for p in set(frame[col.PERIOD]) if "-" in p):
        first, last = (int(year) for year in period.split("-"))
        years = {str(year) for year in range(first, last + 1)}
        summed = singles[singles[col.PERIOD].isin(years)].groupby(keys)[col.DEATHS].sum()
        pooled = frame[frame[col.PERIOD] == period].set_index(keys)[col.DEATHS]
        np.testing.assert_allclose(pooled.reindex(summed.index).fillna(0), summed, atol=1e-9, err_msg=period)


def test_disclosure_only_withholds(undisclosed: pd.DataFrame, disclosed: pd.DataFrame) -> None:
    """The same rows; every count shown is the count computed; and where persons, male and female
    are all shown, persons is still their sum."""
    left = undisclosed.fillna({col.BREAKDOWN: ""}).set_index(ROW).sort_index()
    right = disclosed.fillna({col.BREAKDOWN: ""}).set_index(ROW).sort_index()
    assert left.index.equals(right.index)
    shown = right[col.DEATHS].notna()
    assert shown.mean() > 0.5 and (~shown).any()
    np.testing.assert_allclose(right.loc[shown, col.DEATHS], left.loc[shown, col.DEATHS], atol=1e-12)
    frame = disclosed[disclosed[col.AGE_GROUP] == "0-74"].fillna({col.BREAKDOWN: ""})
    by_sex = frame.pivot_table(index=[k for k in ROW if k != col.SEX], columns=col.SEX, values=col.DEATHS)
    complete = by_sex.dropna()
    assert len(complete) > 1000
    np.testing.assert_allclose(complete["Persons"], complete["Male"] + complete["Female"], atol=1e-9)


def test_the_vectorised_pipeline_equals_the_loop_at_full_coverage(by_date: tuple[pd.DataFrame, Geography]) -> None:
    records, geography = by_date
    definition = load_definition()
    vectorised, notes = compute_indicators(records, definition, geography, origin="s", source_id="t", pool_years=POOL)
    looped, loop_notes = loop_indicators(records, definition, geography, origin="s", source_id="t", pool_years=POOL)
    assert notes == loop_notes
    assert_same_frames(vectorised, looped)


@pytest.fixture(scope="module")
def keyed_2021(built: Settings, full_register: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same deaths keyed by 2021 LSOAs: an unchanged LSOA keeps its code, a split one gives
    each record one of its parts (seeded), and a merged one its 2021 code."""
    with standalone(built):
        change = data.lsoa_change()
    generator = np.random.default_rng(21)
    children = change.groupby(col.LSOA11_CODE)[col.LSOA21_CODE].agg(list)
    choices = [children[code] for code in full_register["lsoa_code"]]
    codes = [options[generator.integers(len(options))] for options in choices]
    path = tmp_path_factory.mktemp("lsoa21") / "keyed_2021.csv"
    full_register.assign(lsoa_code=codes).to_csv(path, index=False)
    return path


def test_an_extract_keyed_on_2021_lsoas(
    built: Settings, keyed_2021: Path, full_extracts: dict[str, Path], by_date: tuple[pd.DataFrame, Geography]
) -> None:
    """The merge apportionment path runs (records in merged 2021 LSOAs shared by population); the
    vectorised pipeline equals the loop; persons = male + female; and authorities, boards and
    LSOAs untouched by merging keep the counts of the 2011-keyed extract."""
    records, geography, report = validated(built, keyed_2021)
    assert report.rejected == 0
    assert any("LSOA vintage detected as 2021" in note for note in report.notes)
    assert any("shared among their" in note for note in report.notes)
    assert (records["weight"] < 1).any()
    definition = load_definition()
    vectorised, _ = compute_indicators(records, definition, geography, origin="s", source_id="t", pool_years=POOL)
    looped, _ = loop_indicators(records, definition, geography, origin="s", source_id="t", pool_years=POOL)
    assert_same_frames(vectorised, looped)

    raw, _ = undisclosed_indicators(records, definition, geography, origin="s", source_id="t", pool_years=POOL)
    original, _ = undisclosed_indicators(by_date[0], definition, by_date[1], origin="s", source_id="t", pool_years=POOL)
    with standalone(built):
        change = data.lsoa_change()
    merged = set(change.loc[change[col.LSOA_CHANGE] == "merged", col.LSOA11_CODE])

    def counts(frame: pd.DataFrame) -> pd.Series:
        kept = frame[~frame[col.AREA_CODE].isin(merged) & frame[col.BREAKDOWN].isna()]  # groups: shares move
        return kept.set_index(ROW)[col.DEATHS].sort_index()

    pd.testing.assert_series_equal(counts(raw), counts(original), rtol=1e-9)
    in_merged = raw[raw[col.AREA_CODE].isin(merged)]
    assert len(in_merged) and (in_merged[col.DEATHS] % 1 != 0).any()  # shared records: parts of deaths
    assert set(INDICATORS) == set(raw[col.INDICATOR])


def test_a_build_read_in_batches_equals_the_build_read_whole(
    built: Settings, keyed_2021: Path, full_extracts: dict[str, Path], tmp_path: Path
) -> None:
    """A national extract is read, checked and summed a batch at a time, to bound memory: with
    batches of 256 kB (some twenty of them) every figure, reason and note is the one-batch build's,
    for an extract keyed on 2011 LSOAs and for one on 2021 LSOAs (the vintage found in the first
    batch, and the merged LSOAs' note summed over every batch)."""
    for name, extract in (("2011", full_extracts["by_date"]), ("2021", keyed_2021)):
        assert extract.stat().st_size > 10 * BATCH
        outputs = {}
        for size in (BATCH_BYTES, BATCH):
            out = tmp_path / f"{name}_{size}.parquet"
            status = build_from_extract(extract, Mapping(), out, DEFAULT_VERSION, built.processed_dir, POOL,
                                        batch_bytes=size)  # fmt: skip
            assert status == 0
            record = json.loads(out.with_suffix(".json").read_text())
            outputs[size] = (
                pd.read_parquet(out),
                {k: v for k, v in record.items() if k not in ("built_at", "seconds")},
            )
        (whole, whole_record), (batched, batched_record) = outputs[BATCH_BYTES], outputs[BATCH]
        assert_same_frames(batched, whole)
        shared = [note for note in whole_record["notes"] if "shared among their" in note]
        assert len(shared) == (1 if name == "2021" else 0)  # once, summed over every batch
        detected = [note.split(" from the first ")[0] for note in batched_record.pop("notes")]
        assert detected == [note.split(" from the first ")[0] for note in whole_record.pop("notes")]
        assert batched_record == whole_record
        assert whole_record["rows_read"] == sum(1 for _line in extract.open("rb")) - 1
