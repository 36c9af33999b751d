"""Trends from death records: the synthetic register over several years (2017 as ONS published it,
other years varied and seeded), rates by WIMD fifth year by year with their CIs, and the slope
index's change tested as a difference; in the view, in both languages, and in Chromium."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import data
from dashboard.cache import standalone
from dashboard.config import Settings, load_settings
from dashboard.deaths.synthetic import make_register, year_factor
from dashboard.model import columns as col
from dashboard.stats.inequality import SlopeIndex, index_change
from dashboard.views import area, inequalities
from dashboard.web.ids import AreaPage, InequalitiesPage
from tests.app.conftest import running_app
from tests.app.test_accessibility import axe_violations, settle
from tests.app.test_cymraeg import english_words


def _index(sii: float, lower: float, upper: float) -> SlopeIndex:
    return SlopeIndex(sii, lower, upper, 2.0, 1.5, 2.5, 500.0, 200.0)


def test_the_change_in_the_slope_index_is_a_difference_of_two_estimates() -> None:
    """Worked by hand: SIIs 100 (95% CI 80.4 to 119.6, so SE 10) and 130 (110.4 to 149.6, SE 10):
    the change is 30 with SE √(10² + 10²) = 14.142, so 95% CI 30 ± 1.95996 × 14.142 = 2.28 to 57.72."""
    change = index_change(_index(100, 80.4, 119.6), _index(130, 110.4, 149.6))
    assert change.value == pytest.approx(30)
    assert (change.lower, change.upper) == pytest.approx((2.282, 57.718), abs=0.01)
    flat = index_change(_index(100, 80.4, 119.6), _index(110, 90.4, 129.6))
    assert flat.lower < 0 < flat.upper  # the CI includes zero: may be chance


def test_the_register_keeps_2017_exact_and_varies_other_years(built: Settings) -> None:
    with standalone(built):
        deaths, deciles, people = data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017)
        one = make_register(deaths, deciles, people, years=[2016, 2017])
        again = make_register(deaths, deciles, people, years=[2016, 2017])
    pd.testing.assert_frame_equal(one, again)  # seeded
    years = one["registration_date"].str[:4]
    assert (years == "2017").sum() == int(deaths[col.DEATHS].sum())  # the ONS table, as published
    assert (years == "2016").sum() != (years == "2017").sum()
    assert year_factor(2016, 1) < year_factor(2016, 10)  # deaths fell faster in the least deprived
    assert year_factor(2017, 5) == 1.0


@pytest.fixture
def trend_mode(trend_data: Path) -> Iterator[None]:
    """The data configured on the three-year register for one test (another test may configure
    other data: a module-wide setting would not survive it)."""
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(trend_data), "DASHBOARD_CACHE": "simple",
                                  "DASHBOARD_DEMO": "synthetic"}))  # fmt: skip
    yield
    data.configure(load_settings())


def test_rates_by_fifth_year_by_year_with_the_change_tested(trend_mode: None) -> None:
    for spec in (inequalities.InequalitiesSpec(), inequalities.InequalitiesSpec(groups="decile")):
        chart = inequalities.build(spec).chart(inequalities.TREND_GAP)
        assert chart is not None and chart.drawn and chart.synthetic
        table = chart.table
        assert sorted(table[col.PERIOD].unique()) == ["2016", "2017", "2018"]  # single years, never pools
        assert len(table) == 3 * (5 if spec.groups == "quintile" else 10)
        assert table[col.LOWER].notna().all() and (table[col.LOWER] <= table[col.VALUE]).all()
        assert table[col.GROUP_EDITION].nunique() == 1 and table[col.SOURCE_ID].nunique() == 1  # one series
        assert "in 2016" in chart.sentence and "in 2018" in chart.sentence and "95% CI" in chart.sentence
        assert ("beyond chance" in chart.sentence) != ("may be chance" in chart.sentence)
        welsh = inequalities.build(dataclasses.replace(spec, lang="cy")).chart(inequalities.TREND_GAP)
        assert welsh is not None and english_words(welsh.sentence + welsh.title) == []
        assert len(chart.figure["data"]) == (5 if spec.groups == "quintile" else 10)  # type: ignore[index]


def test_every_board_profile_has_its_own_fifths_year_by_year(trend_mode: None) -> None:
    """On the area profile, each of the seven boards: its own fifths (ranked within the board) in
    each year, from the same view function as the Inequalities page, in both languages."""
    boards = data.areas("lhb")[col.AREA_CODE].tolist()
    assert len(boards) == 7
    for board in boards:
        view = area.build(area.AreaSpec(board))
        chart = view.chart(area.WITHIN_TREND)
        assert chart is not None and chart.drawn and chart.synthetic, board
        table = chart.table
        assert set(table[col.AREA_CODE]) == {board} and set(table[col.GROUP_SCHEME]) == {"within-health-board"}
        assert sorted(table[col.PERIOD].unique()) == ["2016", "2017", "2018"] and len(table) == 15
        assert view.name in chart.sentence and "2018" in chart.sentence
        same = inequalities.build(inequalities.InequalitiesSpec(
            indicator=table[col.INDICATOR].iloc[0], scheme="within-health-board", board=board,
        )).chart(inequalities.TREND_GAP)  # fmt: skip
        assert same is not None and same.table[col.VALUE].tolist() == table[col.VALUE].tolist()
        welsh = area.build(area.AreaSpec(board, lang="cy")).chart(area.WITHIN_TREND)
        assert welsh is not None and english_words(welsh.sentence + welsh.title) == [], board
    la = area.build(area.AreaSpec(data.areas("la")[col.AREA_CODE].iloc[0]))
    assert la.chart(area.WITHIN_TREND) is None  # no fifths within a local authority


def test_without_records_over_years_the_view_says_why(built: Settings) -> None:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    try:
        chart = inequalities.build(inequalities.InequalitiesSpec()).chart(inequalities.TREND_GAP)
    finally:
        data.configure(load_settings())
    assert chart is not None and not chart.drawn and "death records" in chart.sentence
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    try:
        board = area.build(area.AreaSpec(data.areas("lhb")[col.AREA_CODE].iloc[0])).chart(area.WITHIN_TREND)
    finally:
        data.configure(load_settings())
    assert board is not None and not board.drawn and "death records" in board.sentence


@pytest.mark.browser
def test_the_trend_in_chromium_and_as_an_embed(trend_data: Path, browser: webdriver.Chrome) -> None:
    with running_app(trend_data, DASHBOARD_DEMO="synthetic") as url:
        browser.get(f"{url}/inequalities")
        lines = f"#{InequalitiesPage.TREND_GRAPH} .scatterlayer .trace"
        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, lines)) == 5)
        assert "2018" in browser.find_element(By.ID, InequalitiesPage.TREND_MESSAGE).text
        with standalone(load_settings({"DASHBOARD_DATA_DIR": str(trend_data), "DASHBOARD_CACHE": "simple"})):
            board = data.areas("lhb")[col.AREA_CODE].iloc[-1]
        browser.get(f"{url}/area?area={board}")
        lines = f"#{AreaPage.WITHIN_TREND_GRAPH} .scatterlayer .trace"
        WebDriverWait(browser, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, lines)) == 5)
        assert "2018" in browser.find_element(By.ID, AreaPage.WITHIN_TREND_MESSAGE).text
        assert axe_violations(browser) == []
        browser.get(f"{url}/embed/area-within-trend?area={board}&lang=cy")
        settle(browser)
        assert browser.find_elements(By.CSS_SELECTOR, "#chart .main-svg")
        browser.get(f"{url}/embed/trend-gap?lang=cy")
        settle(browser)
        assert browser.find_elements(By.CSS_SELECTOR, "#chart .main-svg")
        assert axe_violations(browser) == []
