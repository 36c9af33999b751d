"""The records pipeline on the synthetic register, checked against the real ONS 2017 tables."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.deaths.__main__ import EXIT_BAD_INPUT, main
from dashboard.deaths.ons_groups import group_of_code
from dashboard.deaths.synthetic import ons_band_of_age
from dashboard.etl import contracts
from dashboard.model import columns as col
from dashboard.stats.rates import dsr_table


def _ons(built: Settings, name: str) -> pd.DataFrame:
    return pd.read_parquet(built.processed_dir / name)


def test_register_reproduces_the_ons_2017_counts_exactly(built: Settings, register_frame: pd.DataFrame) -> None:
    """Every cell of ONS Table 1 (decile x sex x age band x cause group) comes back exactly."""
    deciles = _ons(built, "deprivation_lsoa.parquet").set_index(col.LSOA_CODE)[col.WIMD_DECILE]
    owner = group_of_code()
    records = pd.DataFrame(
        {
            col.WIMD_DECILE: register_frame["lsoa_code"].map(deciles),
            col.SEX: register_frame["sex"].map({"M": "Male", "F": "Female"}),
            col.CAUSE_CODE: register_frame["underlying_cause"].str[:3].map(owner),
            col.AGE_BAND: register_frame["age"].astype(int).map(ons_band_of_age),
        }
    )
    assert records.notna().all().all()
    counted = records.value_counts().rename(col.DEATHS)
    table = _ons(built, "deprivation_deaths.parquet")
    published = table[table[col.DEATHS] > 0].set_index([col.WIMD_DECILE, col.SEX, col.CAUSE_CODE, col.AGE_BAND])
    joined = pd.concat([counted, published[col.DEATHS].rename("ons")], axis=1).fillna(0)
    assert len(register_frame) == 33_248
    assert (joined[col.DEATHS] == joined["ons"]).all()


@pytest.fixture(scope="module")
def synthetic_indicators(built: Settings, register: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("indicators") / "indicators_synthetic.parquet"
    status = main(["build", str(register), "--data-dir", str(built.data_dir), "--out", str(out)])
    assert status == 0
    return pd.read_parquet(out)


def test_pipeline_dsrs_match_the_ons_tables(built: Settings, synthetic_indicators: pd.DataFrame) -> None:
    """Under-75 all-cause DSRs by WIMD 2014 quintile: computed straight from ONS Tables 1 and 3,
    and through the records pipeline from the synthetic register, agree to rounding error."""
    frames = []
    for name, value in (("deprivation_deaths.parquet", col.DEATHS), ("deprivation_population.parquet", col.POPULATION)):
        table = _ons(built, name)
        table = table.assign(
            quintile=(table[col.WIMD_DECILE] + 1) // 2,
            **{col.AGE_BAND: table[col.AGE_BAND].replace({"<1": "0-4", "1-4": "0-4"})},
        )
        frames.append(table.groupby(["quintile", col.AGE_BAND])[value].sum())
    direct = pd.concat(frames, axis=1).reset_index()
    direct = direct[~direct[col.AGE_BAND].isin(["75-79", "80-84", "85-89", "90+"])]
    expected = dsr_table(direct, ["quintile"]).set_index("quintile")
    computed = synthetic_indicators[
        (synthetic_indicators[col.INDICATOR] == "premature_mortality")
        & (synthetic_indicators[col.BREAKDOWN].fillna("").str.startswith("WIMD 2014 national quintile"))
        & (synthetic_indicators[col.SEX] == "Persons")
    ]
    computed = computed.set_index(computed[col.BREAKDOWN].str[-1].astype(int))
    for quintile in range(1, 6):
        assert computed[col.DEATHS].astype(float)[quintile] == expected[col.DEATHS].astype(float)[quintile]
        for column in (col.VALUE, col.LOWER, col.UPPER):
            assert computed.loc[quintile, column] == pytest.approx(expected.loc[quintile, column], rel=1e-9)
    assert computed[col.VALUE].is_monotonic_decreasing


def test_indicator_frame_is_labelled_and_disclosure_controlled(synthetic_indicators: pd.DataFrame) -> None:
    contracts.validate(synthetic_indicators, contracts.INDICATORS, frame_name="synthetic", source_ids=["test"])
    assert set(synthetic_indicators[col.ORIGIN]) == {"synthetic"}
    lsoa = synthetic_indicators[synthetic_indicators[col.GEOGRAPHY_LEVEL] == "lsoa11"]
    shown_counts = lsoa[col.DEATHS].dropna()
    assert not shown_counts.between(1, 4.999).any(), "no LSOA count of 1-4 may be shown"
    rates = synthetic_indicators[synthetic_indicators[col.VALUE].notna()]
    assert (rates[col.DEATHS] >= 10).all(), "no rate from fewer than 10 deaths"
    wales = synthetic_indicators[
        (synthetic_indicators[col.GEOGRAPHY_LEVEL] == "country")
        & synthetic_indicators[col.BREAKDOWN].isna()
        & (synthetic_indicators[col.SEX] == "Persons")
        & (synthetic_indicators[col.AGE_GROUP] == "0-74")
    ].set_index(col.INDICATOR)
    # Preventable and treatable halves add up to avoidable (the 50/50 rule moves, never loses, deaths).
    deaths = wales[col.DEATHS].astype(float)
    assert deaths["preventable_mortality"] + deaths["treatable_mortality"] == pytest.approx(
        deaths["avoidable_mortality"]
    )
    assert deaths["premature_mortality"] == 11_097
    levels = synthetic_indicators.groupby(col.GEOGRAPHY_LEVEL)[col.AREA_CODE].nunique().to_dict()
    assert levels == {"country": 1, "lhb": 7, "la": 22, "lsoa11": 1909}


def test_rejected_rows_are_counted_with_reasons(
    built: Settings, register_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = register_frame.head(2000).copy()
    change = pd.read_parquet(built.processed_dir / "lsoa_change.parquet")
    only_2021 = sorted(set(change[col.LSOA21_CODE]) - set(change[col.LSOA11_CODE]))[0]
    spoil = {
        3: ("registration_date", "not a date"),
        5: ("age", "-4"),
        7: ("age", "131"),
        9: ("sex", "U"),
        11: ("underlying_cause", "ZZ9"),
        13: ("lsoa_code", "W01999999"),
        15: ("lsoa_code", "E01000001"),
        17: ("lsoa_code", only_2021),  # a 2021-only code in a 2011 extract
    }
    for position, (column, value) in spoil.items():
        frame.loc[position, column] = value
    path = tmp_path / "extract.csv"
    frame.drop(columns="synthetic_record").to_csv(path, index=False)
    out = tmp_path / "out.parquet"
    status = main(["build", str(path), "--data-dir", str(built.data_dir), "--out", str(out)])
    report = capsys.readouterr().err
    assert status == 0, report
    assert "2,000 records read, 8 rejected, 1,992 used" in report
    assert "1 rejected: date missing or not a date (e.g. row 5: 'not a date')" in report
    assert "2 rejected: age missing, not written as a whole number, or outside 0-120" in report
    assert "2 rejected: LSOA code unknown in Wales" in report
    assert f"1 rejected: LSOA code belongs to the other LSOA vintage (e.g. row 19: '{only_2021}')" in report
    assert (tmp_path / "out.rejections.txt").read_text().startswith("2,000 records read")
    assert set(pd.read_parquet(out)[col.ORIGIN]) == {"computed"}


def test_2021_lsoas_and_a_mapping_file(
    built: Settings, register_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same deaths keyed by 2021 LSOAs, in another layout: LA totals come out the same."""
    change = pd.read_parquet(built.processed_dir / "lsoa_change.parquet")
    first_2021 = change.drop_duplicates(col.LSOA11_CODE).set_index(col.LSOA11_CODE)[col.LSOA21_CODE]
    merged_away = set(change.loc[change[col.LSOA_CHANGE] == "merged", col.LSOA11_CODE])
    sample = register_frame[~register_frame["lsoa_code"].isin(merged_away)].head(5000)
    other = pd.DataFrame(
        {
            "DOD": pd.to_datetime(sample["registration_date"]).dt.strftime("%d/%m/%Y"),
            "AGEINYRS": sample["age"],
            "SEX": sample["sex"].map({"M": "1", "F": "2"}),
            "ICD10_UNDERLYING": sample["underlying_cause"].str.replace(".", "", regex=False),
            "LSOA21": sample["lsoa_code"].map(first_2021),
        }
    )
    extract = tmp_path / "pcmd.csv"
    other.to_csv(extract, index=False)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\ndate = "DOD"\nage = "AGEINYRS"\nsex = "SEX"\n'
        'underlying_cause = "ICD10_UNDERLYING"\nlsoa = "LSOA21"\n'
        '[options]\nlsoa_vintage = "2021"\nmale = ["1"]\nfemale = ["2"]\n'
    )
    out21, out11 = tmp_path / "from2021.parquet", tmp_path / "from2011.parquet"
    assert (
        main(["build", str(extract), "--mapping", str(mapping), "--data-dir", str(built.data_dir), "--out", str(out21)])
        == 0
    )
    original = tmp_path / "original.csv"
    sample.drop(columns="synthetic_record").to_csv(original, index=False)
    assert main(["build", str(original), "--data-dir", str(built.data_dir), "--out", str(out11)]) == 0
    assert "0 rejected" in capsys.readouterr().err

    def la_deaths(path: Path) -> pd.Series:
        frame = pd.read_parquet(path)
        rows = frame[
            (frame[col.GEOGRAPHY_LEVEL] == "la")
            & (frame[col.SEX] == "Persons")
            & frame[col.BREAKDOWN].isna()
            & (frame[col.AGE_GROUP] == "0-74")
        ]
        return rows[rows[col.INDICATOR] == "premature_mortality"].set_index(col.AREA_CODE)[col.DEATHS].sort_index()

    pd.testing.assert_series_equal(la_deaths(out21), la_deaths(out11))


def test_cli_errors(built: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("age,sex\n40,M\n")
    assert main(["build", str(path), "--data-dir", str(built.data_dir)]) == EXIT_BAD_INPUT
    assert "missing column(s) ['registration_date', 'underlying_cause', 'lsoa_code']" in capsys.readouterr().err
    assert main(["build", str(tmp_path / "nope.csv"), "--data-dir", str(built.data_dir)]) == EXIT_BAD_INPUT
    assert "no such file" in capsys.readouterr().err
    assert main(["synth", "--out", str(tmp_path / "x.csv"), "--data-dir", str(tmp_path / "empty")]) == EXIT_BAD_INPUT
    assert "no built data" in capsys.readouterr().err


def test_synth_cli_writes_a_labelled_register(
    built: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "register.csv"
    assert main(["synth", "--out", str(out), "--data-dir", str(built.data_dir), "--seed", "5"]) == 0
    frame = pd.read_csv(StringIO(out.read_text()))
    assert len(frame) == 33_248 and set(frame["synthetic_record"]) == {"yes"}
    assert np.isin(frame["sex"], ["M", "F"]).all()


def test_periods_for() -> None:
    from dashboard.deaths.pipeline import periods_for

    assert periods_for([2017], None) == [("2017", [2017], False)]
    assert periods_for([2017, 2019], None)[-1] == ("2017-2019", [2017, 2018, 2019], True)
    rolling = [label for label, _, pooled in periods_for([2016, 2017, 2018, 2019, 2020], 3) if pooled]
    assert rolling == ["2016-2018", "2017-2019", "2018-2020"]


def test_pooled_periods_and_age_specific_rates(
    built: Settings, register_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four years of records pooled in rolling 3-year windows; LSOAs get pooled periods only;
    Wales, boards and LAs also get crude rates in each age band, which add back to the 0-74 deaths."""
    frame = register_frame.drop(columns="synthetic_record").copy()
    years = np.resize(["2017", "2018", "2019", "2020"], len(frame))
    frame["registration_date"] = years + frame["registration_date"].str[4:]
    extract = tmp_path / "four_years.csv"
    frame.to_csv(extract, index=False)
    out = tmp_path / "pooled.parquet"
    assert main(["build", str(extract), "--pool-years", "3", "--data-dir", str(built.data_dir), "--out", str(out)]) == 0
    assert "population estimates borrowed from the nearest year held: {2018: 2017}" in capsys.readouterr().err
    result = pd.read_parquet(out)
    contracts.validate(result, contracts.INDICATORS, frame_name="pooled", source_ids=["test"])
    lsoa_periods = set(result.loc[result[col.GEOGRAPHY_LEVEL] == "lsoa11", col.PERIOD])
    assert lsoa_periods == {"2017-2019", "2018-2020"}
    assert {"2017", "2020", "2017-2019"} <= set(result.loc[result[col.GEOGRAPHY_LEVEL] == "la", col.PERIOD])
    wales = result[
        (result[col.GEOGRAPHY_LEVEL] == "country")
        & result[col.BREAKDOWN].isna()
        & (result[col.SEX] == "Persons")
        & (result[col.PERIOD] == "2017-2019")
        & (result[col.INDICATOR] == "premature_mortality")
    ]
    bands = wales[wales[col.AGE_GROUP] != "0-74"]
    assert set(bands[col.AGE_GROUP]) == set(col.ESP_AGE_BANDS[:15])
    total = float(wales.loc[wales[col.AGE_GROUP] == "0-74", col.DEATHS].iloc[0])
    assert float(bands[col.DEATHS].sum()) == pytest.approx(total)
    assert (bands[col.UNIT] == "per 100,000, age-specific (crude)").all()


def _spoilt_extract(register_frame: pd.DataFrame, tmp_path: Path, rows: int, spoilt: int) -> Path:
    """`rows` records from the register with the first `spoilt` given an unknown LSOA code."""
    frame = register_frame.head(rows).drop(columns="synthetic_record").copy()
    frame.loc[frame.index[:spoilt], "lsoa_code"] = "W01999999"
    path = tmp_path / f"extract_{spoilt}_of_{rows}.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_build_that_mostly_fails_says_so_and_writes_nothing(
    built: Settings, register_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    common = ["--data-dir", str(built.data_dir), "--out", str(out)]
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("registration_date,age,sex,underlying_cause,lsoa_code\n")
    assert main(["build", str(header_only), *common]) == EXIT_BAD_INPUT
    assert "has a header but no records" in capsys.readouterr().err
    every_row = _spoilt_extract(register_frame, tmp_path, 200, 200)
    assert main(["build", str(every_row), *common]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert "every record was rejected" in error and "200 rejected: LSOA code unknown in Wales" in error
    assert "No objects to concatenate" not in error
    too_many = _spoilt_extract(register_frame, tmp_path, 1000, 60)  # 6% rejected: over the 5% threshold
    assert main(["build", str(too_many), *common]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert "6.0% of records were rejected (more than 5%)" in error and "--accept-rejections" in error
    assert not out.exists()
    assert main(["build", str(too_many), *common, "--accept-rejections"]) == 0
    capsys.readouterr()
    record = json.loads(out.with_suffix(".json").read_text())
    assert record["rows_read"] == 1000 and record["rejected"] == 60 and record["used"] == 940
    assert record["rejected_by_reason"] == {"LSOA code unknown in Wales": 60}
    assert record["rejected_share"] == pytest.approx(0.06)
    assert record["first_date"] <= record["last_date"] and record["first_date"].startswith("2017")
    under = _spoilt_extract(register_frame, tmp_path, 1000, 40)  # 4%: built without the flag
    assert main(["build", str(under), *common]) == 0


def test_impossible_dates_and_ages_are_rejected_row_by_row(
    built: Settings, register_frame: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dates in 1850, 2030 or 2099, a 13th month, 9999-12-31 (beyond a timestamp: it once stopped the
    whole run) and the age '1e2' are each rejected with their reason; the other rows are used."""
    frame = register_frame.head(400).drop(columns="synthetic_record").copy()
    spoil = {
        0: ("registration_date", "1850-06-01"), 1: ("registration_date", "2030-01-01"),
        2: ("registration_date", "2099-01-01"), 3: ("registration_date", "2017-13-01"),
        4: ("registration_date", "9999-12-31"), 5: ("age", "1e2"), 6: ("age", "4O"),
    }  # fmt: skip
    for position, (column, value) in spoil.items():
        frame.loc[position, column] = value
    frame["age"] = frame["age"].where(frame.index != 7, frame["age"] + ".0")  # '63.0' is a whole number
    path = tmp_path / "dates.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "dates.parquet"
    status = main(["build", str(path), "--data-dir", str(built.data_dir), "--out", str(out)])
    report = capsys.readouterr().err
    assert status == 0, report
    assert "400 records read, 7 rejected, 393 used" in report
    assert "4 rejected: date before 1900 or after today" in report  # 9999-12-31 among them, run not stopped
    assert "1 rejected: date missing or not a date" in report and "'2017-13-01'" in report
    assert "2 rejected: age missing, not written as a whole number" in report and "'1e2'" in report


def test_records_in_merged_2021_lsoas_are_shared_among_their_2011_parts(built: Settings) -> None:
    """A 2021 LSOA formed by merging 2011 LSOAs covers all its parts: each record there is split
    among them by population (weights adding to 1), so every part gets its share and no part gets
    another's; records elsewhere keep weight 1 in the one 2011 LSOA they lie in."""
    from dashboard.deaths.records import WEIGHT, Mapping, validate_records

    change = pd.read_parquet(built.processed_dir / "lsoa_change.parquet")
    population = pd.read_parquet(built.processed_dir / "population.parquet")
    people = population[population[col.GEOGRAPHY_LEVEL] == "lsoa11"].groupby(col.AREA_CODE)[col.POPULATION].sum()
    merged = change[change[col.LSOA_CHANGE] == "merged"]
    merged_2021 = sorted(merged[col.LSOA21_CODE].unique())
    unchanged = change.loc[change[col.LSOA_CHANGE] == "unchanged", col.LSOA21_CODE].iloc[0]
    codes = [*merged_2021, unchanged]
    extract = pd.DataFrame(
        {"registration_date": "2017-05-01", "age": "60", "sex": "F", "underlying_cause": "C34.1", "lsoa_code": codes}
    ).astype(str)
    extract.insert(0, "record_row", range(2, len(codes) + 2))
    lsoa11, lsoa21 = set(change[col.LSOA11_CODE]), set(change[col.LSOA21_CODE])
    clean, report = validate_records(extract, Mapping(lsoa_vintage="2021"), lsoa11, lsoa21, change, people)
    assert report.rejected == 0
    per_record = clean.groupby("record_row")[WEIGHT].sum()
    assert per_record.to_numpy() == pytest.approx(np.ones(len(codes)))
    parts = set(merged[col.LSOA11_CODE])
    assert parts <= set(clean[col.LSOA11_CODE])  # every 2011 part gets its share
    first = merged[merged[col.LSOA21_CODE] == merged_2021[0]]
    shares = clean[clean[col.LSOA11_CODE].isin(first[col.LSOA11_CODE])].set_index(col.LSOA11_CODE)[WEIGHT]
    expected = people.reindex(first[col.LSOA11_CODE]) / people.reindex(first[col.LSOA11_CODE]).sum()
    assert shares.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())
    assert clean.loc[clean["record_row"] == len(codes) + 1, WEIGHT].tolist() == [1.0]
    assert any("shared among their" in note for note in report.notes)
