"""The two sources beyond deaths, read from the real files and from doctored copies: healthy life
expectancy (ONS, checked against figures PROVENANCE.md records) and GP supply (NWSSP, totals from
its PROVENANCE.md), and a clear error naming the row and column for each wrong layout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.etl.errors import SourceError
from dashboard.etl.readers import health
from dashboard.model import columns as col

HLE = "life_expectancy/ons_healthy_life_expectancy_la_uk_2011_2024.csv"
HLE_METADATA = "life_expectancy/ons_healthy_life_expectancy_la_uk_2011_2024.json"
GP = "primary_care/wales_la_patients_per_gp_2024.csv"


def test_hle_real_file(mirror: Path) -> None:
    frame = health.read_healthy_life_expectancy(mirror / HLE, "hle")
    wales = frame[frame[col.AREA_CODE] == col.WALES_CODE].set_index([col.SEX, col.PERIOD])[col.VALUE]
    # PROVENANCE.md: Wales female 61.9 (2011-2013) to 58.5 (2022-2024); male 61.3 to 59.2.
    assert (wales[("Female", "2011-2013")], wales[("Female", "2022-2024")]) == (61.9, 58.5)
    assert (wales[("Male", "2011-2013")], wales[("Male", "2022-2024")]) == (61.3, 59.2)
    welsh = frame[frame[col.AREA_CODE].str.startswith("W")]
    assert len(welsh) == 552  # 22 LAs and Wales x 2 sexes x 12 periods, as PROVENANCE.md counts
    assert set(frame.loc[frame[col.GEOGRAPHY_LEVEL] == col.COMPARATOR, col.AREA_NAME]) == {"England", "United Kingdom"}
    assert sorted(frame[col.PERIOD].unique())[0] == "2011-2013"
    assert sorted(frame[col.PERIOD].unique())[-1] == "2022-2024"
    assert (frame[col.LOWER] <= frame[col.VALUE]).all() and (frame[col.VALUE] <= frame[col.UPPER]).all()


@pytest.mark.parametrize(
    ("interval", "years"),
    [("2011-01-01/P3Y", (2011, 2013)), ("2022-01-01/P3Y", (2022, 2024)), ("2019-01-01/P1Y", (2019, 2019))],
)
def test_iso_period(interval: str, years: tuple[int, int]) -> None:
    assert health.period_of(interval, source_id="s", path=Path("f.csv"), row=2) == years


@pytest.mark.parametrize("interval", ["2011-2013", "2011-04-01/P3Y", "P3Y", "2011-01-01/P3M", ""])
def test_iso_period_rejects_other_forms(interval: str) -> None:
    with pytest.raises(SourceError, match="ISO 8601"):
        health.period_of(interval, source_id="s", path=Path("f.csv"), row=7)


def test_hle_metadata_names_the_interim_method(mirror: Path) -> None:
    metadata = health.read_hle_metadata(mirror / HLE_METADATA, "meta")
    assert metadata["released"] == "2026-02-19"
    assert metadata["in_development"] is True
    assert metadata["interim_method"] is True
    assert "logistic regression" in metadata["caveats"]


def test_gp_supply_real_file(mirror: Path) -> None:
    frame = health.read_gp_supply(mirror / GP, "gp")
    # PROVENANCE.md: 3,295,789 patients and 2,713 GPs; Conwy 1,005.5 to Newport 1,455.5 per GP.
    assert (len(frame), int(frame[col.PATIENTS].sum()), int(frame[col.GPS].sum())) == (22, 3_295_789, 2_713)
    by_code = frame.set_index(col.AREA_CODE)[col.PATIENTS_PER_GP]
    assert round(by_code["W06000003"], 1) == 1005.5 and by_code.idxmin() == "W06000003"
    assert round(by_code["W06000022"], 1) == 1455.5 and by_code.idxmax() == "W06000022"


def _doctored(mirror: Path, tmp_path: Path, name: str, old: str, new: str, count: int = 1) -> Path:
    path = tmp_path / Path(name).name
    shutil.copyfile(mirror / name, path)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("lci_95,uci_95", "lower,upper", "no header row with the columns"),
        ("K02000001,United Kingdom,Country,Male healthy life expectancy,2011-01-01/P3Y",
         "K02000001,United Kingdom,Country,Male healthy life expectancy,2011-2013", "row 2, column 'period'"),
        ("Male healthy life expectancy", "Male life expectancy", "is not one of"),
        ("W06000001,Isle of Anglesey,Local Authority District,Male healthy life expectancy,2022-01-01/P3Y,61.2,",
         "W06000001,Isle of Anglesey,Local Authority District,Male healthy life expectancy,2022-01-01/P3Y,61.2x,",
         "column 'observation'"),
    ],
)  # fmt: skip
def test_hle_wrong_layout_is_named(mirror: Path, tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _doctored(mirror, tmp_path, HLE, old, new)
    with pytest.raises(SourceError, match=message) as raised:
        health.read_healthy_life_expectancy(path, "ons_hle_la")
    assert path.name in str(raised.value) and "ons_hle_la" in str(raised.value)


def test_hle_repeated_row_is_named(mirror: Path, tmp_path: Path) -> None:
    path = tmp_path / "hle.csv"
    lines = (mirror / HLE).read_text(encoding="utf-8").splitlines(keepends=True)
    welsh = next(line for line in lines if line.startswith("W06000001"))
    path.write_text("".join([*lines, welsh]), encoding="utf-8")
    with pytest.raises(SourceError, match=f"row {len(lines) + 1}.*more than once"):
        health.read_healthy_life_expectancy(path, "ons_hle_la")


def test_hle_metadata_wrong_layout(tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"ess-beta-metadata": {"shared": {"sourceDate": "2026-02-19", "caveats": ""}}}))
    with pytest.raises(SourceError, match="sourceDate"):
        health.read_hle_metadata(path, "ons_hle_metadata")
    path.write_text("{not json")
    with pytest.raises(SourceError, match="cannot be read as JSON"):
        health.read_hle_metadata(path, "ons_hle_metadata")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"total_gp"', '"gp_fte"', "no header row with the columns"),
        ('"W06000001",66118,61', '"W07000001",66118,61', "row 2, column 'ltla24_code'"),
        ('"W06000003",116641,116,1005.52586206897', '"W06000003",116641,116,1205.5', "row 4, column 'patients_per_gp'"),
        ('"W06000002",123645,117', '"W06000002",123645,0', "no GPs"),
        ('"W06000002",123645', '"W06000002",-5', "column 'total_patients'"),
    ],
)
def test_gp_supply_wrong_layout_is_named(mirror: Path, tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _doctored(mirror, tmp_path, GP, old, new)
    with pytest.raises(SourceError, match=message):
        health.read_gp_supply(path, "nwssp_gp_supply_la_2024")


def test_gp_supply_cut_short(mirror: Path, tmp_path: Path) -> None:
    path = tmp_path / "gp.csv"
    path.write_bytes((mirror / GP).read_bytes().rstrip(b"\n")[:-12])
    with pytest.raises(SourceError, match="cut short"):
        health.read_gp_supply(path, "nwssp_gp_supply_la_2024")


def test_built_frames_hold_their_promises(built: Settings) -> None:
    """The build's HLE marks the interim periods and keeps every period; the supply frame names each LA."""
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    hle = data.healthy_life_expectancy()
    interim = hle.loc[hle[col.METHOD] == "interim", col.PERIOD].unique()
    assert sorted(interim) == ["2020-2022", "2021-2023", "2022-2024"]
    assert hle.groupby([col.AREA_CODE, col.SEX]).size().eq(12).all()
    supply = data.gp_supply()
    assert supply[col.AREA_NAME].notna().all() and len(supply) == 22
    assert data.hle_metadata()["interim_method"] is True
    data.configure(load_settings())
