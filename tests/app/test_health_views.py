"""Healthy life expectancy and GP supply as the views show them, on the real build, checked against
the raw files read here with the csv module (not the project's readers): every period and sex on
the map, every authority's profile, every choice of the care page, a worked gap, the
correlations against scipy, and the deprived shares against WIMD's own count."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.figures.choropleth import COMPARISON, HIGHER, LOWER, SIMILAR
from dashboard.figures.life_expectancy import AREA, ENGLAND, ROLE, WALES
from dashboard.model import columns as col
from dashboard.model.health_frames import AVOIDABLE, DEPRIVED_SHARE, LSOAS, deprived_share
from dashboard.views import area, care, charts, present
from dashboard.views import map as map_view

HLE_FILE = "life_expectancy/ons_healthy_life_expectancy_la_uk_2011_2024.csv"
GP_FILE = "primary_care/wales_la_patients_per_gp_2024.csv"
WALES_CODE = "W92000004"
PERIODS = [f"{year}-{year + 2}" for year in range(2011, 2023)]
SEXES = ("Female", "Male")
Z = 1.959963984540054


@pytest.fixture(scope="module")
def on_build(built: Settings) -> Iterator[None]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    yield
    data.configure(load_settings())


@pytest.fixture(scope="module")
def raw_hle(mirror: Path) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    """(area code, sex, period) -> (value, lower, upper), straight from ONS's file."""
    held = {}
    with (mirror / HLE_FILE).open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            start = int(row["period"][:4])
            sex = row["indicator"].split()[0]
            held[(row["areacd"], sex, f"{start}-{start + 2}")] = (
                float(row["observation"]), float(row["lci_95"]), float(row["uci_95"]))  # fmt: skip
    return held


def _la_codes() -> list[str]:
    return sorted(data.areas().query("geography_level == 'la'")[col.AREA_CODE])


def _se(lower: float, upper: float) -> float:
    return (upper - lower) / (2 * Z)


@pytest.mark.parametrize("sex", SEXES)
def test_every_hle_map_outlines_against_the_wales_row(on_build: None, raw_hle: dict, sex: str) -> None:
    for period in PERIODS:
        chart = map_view.build(map_view.MapSpec("hle", period, sex)).require(map_view.MAP)
        table = chart.table.set_index(col.AREA_CODE)
        assert sorted(table.index) == _la_codes(), period
        wales = raw_hle[(WALES_CODE, sex, period)][0]
        for code, row in table.iterrows():
            value, lower, upper = raw_hle[(str(code), sex, period)]
            assert (row[col.VALUE], row[col.LOWER], row[col.UPPER]) == (value, lower, upper)
            expected = HIGHER if lower > wales else LOWER if upper < wales else SIMILAR
            assert row[COMPARISON] == expected, (period, sex, code)
        assert chart.figure is not None
        hover = dict(zip(chart.figure["data"][0]["locations"], chart.figure["data"][0]["text"], strict=True))
        for code in table.index:
            value, lower, upper = raw_hle[(str(code), sex, period)]
            assert f"Years in good health: {value:.1f}<br>95% CI {lower:.1f} to {upper:.1f}" in hover[code]
        assert chart.drawn and period in chart.title
        assert (period >= "2020") == ("interim" in chart.source), period


def test_the_worked_gap_between_the_longest_and_shortest(on_build: None, raw_hle: dict) -> None:
    """Females 2022-2024 (ONS file): Powys 63.8 (59.1 to 68.4), Merthyr Tydfil 50.1 (44.7 to 55.4).
    Gap 13.7; SE = sqrt(((68.4-59.1)/3.92)^2 + ((55.4-44.7)/3.92)^2) = 3.62; 95% CI 6.6 to 20.8."""
    chart = care.build(care.CareSpec("Female", "2022-2024")).require(care.HLE_GAP)
    assert chart.table.iloc[0][col.AREA_NAME] == "Powys" and chart.table.iloc[-1][col.AREA_NAME] == "Merthyr Tydfil"
    assert "a gap of +13.7 years (95% CI +6.6 to +20.8), beyond chance" in chart.sentence
    high, low = raw_hle[("W06000023", "Female", "2022-2024")], raw_hle[("W06000024", "Female", "2022-2024")]
    error = math.hypot(_se(high[1], high[2]), _se(low[1], low[2]))
    assert round(high[0] - low[0] - Z * error, 1) == 6.6 and round(high[0] - low[0] + Z * error, 1) == 20.8


@pytest.mark.parametrize("sex", SEXES)
def test_every_care_choice_ranks_all_22_and_tests_the_ends(on_build: None, raw_hle: dict, sex: str) -> None:
    for period in PERIODS:
        model = care.build(care.CareSpec(sex, period))
        gap = model.require(care.HLE_GAP)
        assert len(gap.table) == 22 and gap.drawn
        values = {code: raw_hle[(code, sex, period)] for code in _la_codes()}
        high_code = max(values, key=lambda code: values[code][0])
        low_code = min(values, key=lambda code: values[code][0])
        high, low = values[high_code], values[low_code]
        difference = high[0] - low[0]
        error = math.hypot(_se(high[1], high[2]), _se(low[1], low[2]))
        verdict = "beyond chance" if difference - Z * error > 0 else "which may be chance"
        assert f"a gap of +{difference:.1f} years" in gap.sentence and verdict in gap.sentence, (sex, period)
        assert gap.figure is not None
        figure_wales = [shape for shape in gap.figure["layout"]["shapes"] if shape.get("type") == "line"]
        assert figure_wales and figure_wales[0]["x0"] == raw_hle[(WALES_CODE, sex, period)][0]


def test_the_correlations_equal_scipy_and_fisher(on_build: None) -> None:
    """Each scatter's r is scipy's Pearson r of the chart's own table; its 95% CI is Fisher's
    (tanh(atanh r +/- 1.96 / sqrt(n - 3))), and the sentence says beyond chance only when it excludes 0."""
    for sex in SEXES:
        for period in PERIODS:
            model = care.build(care.CareSpec(sex, period))
            cases = [(model.require(care.HLE_DEPRIVATION), DEPRIVED_SHARE, col.VALUE)]
            cases += [(model.require(care.GP_NEED), AVOIDABLE, col.PATIENTS_PER_GP),
                      (model.require(care.GP_DEPRIVATION), DEPRIVED_SHARE, col.PATIENTS_PER_GP)]  # fmt: skip
            for chart, x, y in cases:
                r, _p = stats.pearsonr(chart.table[x], chart.table[y])
                rho, _p = stats.spearmanr(chart.table[x], chart.table[y])
                lower = math.tanh(math.atanh(r) - Z / math.sqrt(len(chart.table) - 3))
                upper = math.tanh(math.atanh(r) + Z / math.sqrt(len(chart.table) - 3))
                assert f"r = {r:+.2f}, 95% CI {lower:+.2f} to {upper:+.2f}" in chart.sentence, (chart.chart_id, period)
                assert chart.figure is not None
                on_chart = " ".join(note["text"] for note in chart.figure["layout"]["annotations"])
                assert (
                    f"r = {r:+.2f} (95% CI {lower:+.2f} to {upper:+.2f}; Spearman's rho {rho:+.2f}; 22 local"
                    in on_chart
                )
                assert ("no correlation" in chart.sentence) == (lower <= 0 <= upper)
    supply = care.build(care.CareSpec()).require(care.GP_NEED)
    assert "r = +0.25, 95% CI -0.20 to +0.60" in supply.sentence  # as measured and written in docs/methods.md


def test_deprived_shares_add_up_to_wimd(on_build: None) -> None:
    """Every LSOA in one authority; the authorities' most deprived fifths add up to Wales's."""
    for edition in (2019, 2025):
        shares = deprived_share(edition)
        wimd = data.wimd(edition)
        assert sorted(shares[col.AREA_CODE]) == _la_codes()
        assert shares[LSOAS].sum() == len(wimd)
        deprived = (shares[LSOAS] * shares[DEPRIVED_SHARE] / 100).round(6)
        assert deprived.eq(deprived.round()).all()
        assert deprived.sum() == (wimd[col.WIMD_QUINTILE] == 1).sum()
        assert abs((wimd[col.WIMD_QUINTILE] == 1).sum() - len(wimd) / 5) <= 1


def test_the_supply_table_is_the_file(on_build: None, mirror: Path) -> None:
    with (mirror / GP_FILE).open(encoding="utf-8", newline="") as file:
        raw = {row["ltla24_code"]: row for row in csv.DictReader(file)}
    table = care.build(care.CareSpec()).require(care.GP_NEED).table.set_index(col.AREA_CODE)
    assert sorted(table.index) == sorted(raw) == _la_codes()
    for code, row in table.iterrows():
        assert row[col.PATIENTS] == int(raw[str(code)]["total_patients"])
        assert row[col.GPS] == int(raw[str(code)]["total_gp"])
        assert row[col.PATIENTS_PER_GP] == pytest.approx(float(raw[str(code)]["patients_per_gp"]), abs=1e-9)
    assert table[AVOIDABLE].notna().all()
    assert table[col.PATIENTS_PER_GP].idxmax() == "W06000022" and table[col.PATIENTS_PER_GP].idxmin() == "W06000003"


def _change_verdict(raw_hle: dict, code: str, sex: str) -> str:
    first, last = raw_hle[(code, sex, "2011-2013")], raw_hle[(code, sex, "2017-2019")]
    difference = last[0] - first[0]
    error = math.hypot(_se(first[1], first[2]), _se(last[1], last[2]))
    lower, upper = difference - Z * error, difference + Z * error
    verdict = "beyond chance" if lower > 0 or upper < 0 else "which may be chance"
    return f"a change of {difference:+.1f} years (95% CI {lower:+.1f} to {upper:+.1f}), {verdict}"


def test_every_authority_profile_draws_its_hle_against_wales_and_england(on_build: None, raw_hle: dict) -> None:
    for code in [*_la_codes(), WALES_CODE]:
        chart = area.build(area.AreaSpec(code, "2019")).require(area.AREA_HLE)
        assert chart.drawn, code
        roles = chart.table.groupby(ROLE)[col.AREA_CODE].unique()
        expected = {AREA: [code], ENGLAND: ["E92000001"]} | ({} if code == WALES_CODE else {WALES: [WALES_CODE]})
        assert {role: list(codes) for role, codes in roles.items()} == expected, code
        assert chart.table.groupby([ROLE, col.SEX]).size().eq(12).all()
        for sex in SEXES:
            verdict = _change_verdict(raw_hle, code, sex)
            assert verdict in chart.sentence, (code, sex, chart.sentence)
        assert "interim method" in chart.sentence and "2020-2022" in chart.sentence
        interim = chart.table[chart.table[col.PERIOD] >= "2020"]
        assert (interim[col.METHOD] == "interim").all() and (chart.table[col.METHOD] == "interim").sum() == len(interim)


def test_a_board_says_why_it_has_no_hle(on_build: None) -> None:
    for board in data.areas().query("geography_level == 'lhb'")[col.AREA_CODE]:
        chart = area.build(area.AreaSpec(board, "2019")).require(area.AREA_HLE)
        assert not chart.drawn and "not for health boards" in chart.sentence


@pytest.mark.parametrize("chart_id", [care.HLE_GAP, care.HLE_DEPRIVATION, care.GP_NEED, care.GP_DEPRIVATION,
                                      area.AREA_HLE])  # fmt: skip
def test_each_new_chart_has_notes_in_years_or_patients(on_build: None, chart_id: str) -> None:
    found = charts.find(chart_id, "area=W06000024" if chart_id == area.AREA_HLE else "sex=Male&period=2017-2019")
    assert found is not None and found.chart is not None
    spec = charts.spec_of(chart_id)
    assert spec is not None and set(spec.columns) <= set(found.chart.table.columns)
    lines = present.numbers(found.chart)
    assert lines and not any("per 100,000 (" in line and "years" in line for line in lines)
    unit = "patients per GP" if chart_id.startswith("gp") else "years in good health"
    assert all(unit in line for line in lines if not line.startswith("..."))


def test_hostile_care_links_draw_the_default(on_build: None) -> None:
    for query in ("sex=Persons", "period=2010-2012", "sex=<b>&period=x", "period=" + "9" * 500, "colour=red"):
        spec, problems = care.parse(query)
        assert spec == care.CareSpec("Female", PERIODS[-1]) and problems, query
    assert care.parse("sex=Male&period=2011-2013&lang=cy") == (care.CareSpec("Male", "2011-2013", "cy"), [])
    assert care.wimd_edition_for("2018-2020") == 2019 and care.wimd_edition_for("2019-2021") == 2025
    assert isinstance(care.build(care.CareSpec("Male", "2011-2013")).require(care.HLE_DEPRIVATION).table, pd.DataFrame)
    assert np.isfinite(care.build(care.CareSpec("Male", "2011-2013")).require(care.HLE_GAP).table[col.VALUE]).all()
