"""Readers against the real official files: totals checked against figures the publishers print
(or that the mirror's PROVENANCE.md records from independent checks)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.etl.readers import geography, ons_area, ons_deprivation, population, wimd
from dashboard.etl.readers.common import age_band_label, clean_label, label_key, strip_footnote
from dashboard.model import columns as col


def test_clean_label_fixes_official_punctuation() -> None:
    assert clean_label("Rhondda\u201a Cynon\u201a Taff   ") == "Rhondda, Cynon, Taff"
    assert clean_label("Age\u00adstandardised") == "Age-standardised"
    assert strip_footnote("ENGLAND AND WALES1") == "ENGLAND AND WALES"
    assert strip_footnote("Isle of Anglesey") == "Isle of Anglesey"
    assert label_key("Rhondda, Cynon, Taff") == "rhonddacynontaff"


@pytest.mark.parametrize(
    ("official", "ours"),
    [
        ("<1", "<1"),
        ("Under 1", "<1"),
        ("01-04", "1-4"),
        (" 1 \u00ad 4", "1-4"),
        ("5\u00ad9", "5-9"),
        ("90 and over", "90+"),
        ("90+", "90+"),
        ("85-89", "85-89"),
        ("All ages", None),
    ],
)
def test_age_band_labels(official: str, ours: str | None) -> None:
    assert age_band_label(official) == ours


def test_wimd_2019_workbook_strict_ooxml(mirror: Path) -> None:
    path = mirror / "deprivation/welsh-index-multiple-deprivation-2019-index-and-domain-ranks-by-small-area.xlsx"
    frame = wimd.read_wimd_ranks(path, "wimd2019_ranks")
    overall = frame[frame[col.WIMD_DOMAIN] == "overall"]
    assert len(overall) == 1909
    assert set(frame[col.WIMD_EDITION]) == {2019}
    assert frame[col.WIMD_DOMAIN].nunique() == 9
    # PROVENANCE.md spot check: W01000001 Aberffraw & Rhosneigr 1 is ranked 885.
    assert overall.set_index(col.LSOA_CODE).loc["W01000001", col.WIMD_RANK] == 885


def test_wimd_2025_csv(mirror: Path) -> None:
    frame = wimd.read_wimd_ranks(mirror / "deprivation/wimd-2025-index-and-domain-ranks-by-small-area.csv", "x")
    overall = frame[frame[col.WIMD_DOMAIN] == "overall"].set_index(col.LSOA_CODE)
    assert len(overall) == 1917
    assert overall.loc["W01000003", col.WIMD_RANK] == 570  # Amlwch Port, per PROVENANCE.md


def test_population_totals_match_ons(mirror: Path) -> None:
    # Sums recorded in ../shared/data/README.md for the mid-year estimates.
    for name, year, total in [
        ("sape_mid2017_lsoa11_persons_syoa_wales.csv", 2017, 3_125_165),
        ("sape_mid2019_lsoa11_persons_syoa_wales.csv", 2019, 3_152_879),
        ("mye_mid2020_ltla21_persons_syoa_wales.csv", 2020, 3_169_586),
    ]:
        frame = population.read_population_by_age(mirror / "population" / name, name, year)
        assert int(frame[col.POPULATION].sum()) == total
        assert frame[col.AGE].between(0, 90).all()


def test_esp2013_weights(mirror: Path) -> None:
    frame = population.read_esp2013(mirror / "population/european_standard_population.csv", "esp2013")
    assert frame.set_index(col.AGE_BAND)[col.ESP_WEIGHT].to_dict()["0-4"] == 5000
    assert frame.set_index(col.AGE_BAND)[col.ESP_WEIGHT].to_dict()["90+"] == 1000


def test_ons_deprivation_workbook_totals(mirror: Path) -> None:
    book = ons_deprivation.read_deprivation_workbook(
        mirror / "mortality/ons_wales_deaths_wimd2014_decile_cause_age_sex_2017.xls", "x"
    )
    deaths = book.deaths
    # Totals recorded in mortality/PROVENANCE.md: 33,248 deaths (16,564 male), 11,097 under 75.
    assert deaths[col.DEATHS].sum() == 33_248
    assert deaths.loc[deaths[col.SEX] == "Male", col.DEATHS].sum() == 16_564
    under_75 = deaths[~deaths[col.AGE_BAND].isin(["75-79", "80-84", "85-89", "90+"])]
    assert under_75[col.DEATHS].sum() == 11_097
    by_decile = deaths.groupby(col.WIMD_DECILE)[col.DEATHS].sum()
    assert (by_decile[1], by_decile[10]) == (3_247, 2_724)
    assert book.population[col.POPULATION].sum() == 3_125_165
    assert set(book.deaths[col.WIMD_EDITION]) == {2014}
    assert len(book.lsoa_deciles) == 1909
    assert book.lsoa_deciles[col.WIMD_DECILE].value_counts().sort_index().tolist() == [191] * 9 + [190]


def test_ons_2014_area_tables(mirror: Path) -> None:
    folder = mirror / "mortality/ons_deaths_by_area_2014"
    rates = ons_area.read_area_rates(folder / "table1a.csv", "x").set_index([col.AREA_NAME, col.SEX, "measure"])
    assert rates.loc[("WALES", "Persons", "asmr"), col.VALUE] == pytest.approx(1016.9)
    assert rates.loc[("WALES", "Persons", "deaths"), col.VALUE] == 31_439
    assert rates.loc[("Rhondda, Cynon, Taff", "Female", "asmr"), col.VALUE] == pytest.approx(996.2)
    by_age = ons_area.read_area_deaths_by_age(folder / "table2.csv", "x")
    wales = by_age[by_age[col.AREA_NAME] == "WALES"]
    assert wales[col.DEATHS].sum() == 31_439  # the WALES row appears twice in the table; kept once
    assert len(wales) == 40


def test_lookups_and_boundaries(mirror: Path) -> None:
    lookup = geography.read_lsoa_lookup(mirror / "geography/wales_lsoa11_lad_lhb_lookup.csv", "x")
    assert len(lookup) == 1909 and set(lookup[col.LSOA_VINTAGE]) == {2011}
    assert lookup[col.LA_CODE].nunique() == 22 and lookup[col.LHB_CODE].nunique() == 7
    change = geography.read_lsoa_change(mirror / "geography/wales_lsoa11_lsoa21_lad22_lookup.csv", "x")
    assert change[col.LSOA_CHANGE].value_counts().to_dict() == {"unchanged": 1837, "split": 58, "merged": 45}
    shapes = geography.read_boundaries(mirror / "geography/wales_lad24_buc.geojson", "x")
    assert len(shapes) == 22 and shapes.crs.to_epsg() == 4326


def test_published_la_rates(mirror: Path) -> None:
    layout = "CSV: ltla24_code, avoidable_deaths_per_100k, year"
    frame = ons_area.read_published_la_rates(mirror / "mortality/people_avoidable_mortality.csv", "x", "unused", layout)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 22
    assert set(frame[col.PERIOD]) == {"2020-2022"}
    # PROVENANCE.md: Monmouthshire lowest at 217.9, Merthyr Tydfil highest at 388.0.
    rates = frame.set_index(col.AREA_CODE)[col.VALUE]
    assert (rates["W06000021"], rates["W06000024"]) == (217.9, 388.0)
