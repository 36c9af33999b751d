"""Present mode and board packs for every health board, against a real server: the deck from the
view layer, the PPTX opened with python-pptx and inspected, the PDF's pages rendered with pdftoppm
and checked not blank, and present mode stepped with the keyboard in Chromium at 1280x720 and
1920x1080; a person's own sequence kept in the URL; synthetic labels on slides and in notes."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.model import columns as col
from dashboard.views import present
from tests.app.browser_helpers import SCREENSHOTS
from tests.app.conftest import running_app
from tests.app.test_exports import fetch

pytestmark = pytest.mark.browser
BOARDS = ("W11000023", "W11000024", "W11000025", "W11000028", "W11000029", "W11000030", "W11000031")


@pytest.fixture(scope="module")
def app_url(built: Settings) -> Iterator[str]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    with running_app(built.data_dir) as url:
        yield url


def test_every_board_has_the_seven_slide_preset(app_url: str) -> None:
    assert sorted(present.boards()[col.AREA_CODE]) == sorted(BOARDS)
    for board in BOARDS:
        deck = present.build(present.PresentSpec(board))
        assert len(deck.slides) == 7, board
        assert deck.slides[0].chart is None and deck.slides[-1].chart is None
        drawn = [slide.chart for slide in deck.slides[1:-1]]
        assert all(chart is not None and chart.drawn for chart in drawn), board
        assert deck.board_name in deck.slides[0].kicker and deck.vintages


def _pptx(url: str) -> Any:
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"].endswith("presentationml.presentation"), body[:200]
    return Presentation(io.BytesIO(body))


def _texts(slide: object) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)  # type: ignore[attr-defined]


@pytest.mark.parametrize("board", BOARDS)
def test_each_board_pack_opens_with_a_picture_per_chart_and_notes_with_cis(app_url: str, board: str) -> None:
    deck = present.build(present.PresentSpec(board))
    pack = _pptx(f"{app_url}/export/board-pack.pptx?board={board}")
    slides = list(pack.slides)
    assert len(slides) == 1 + len(deck.slides)
    assert deck.board_name in _texts(slides[0]) and "Board pack made" in _texts(slides[0])
    for slide, item in zip(slides[1:], deck.slides, strict=True):
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == (1 if item.chart is not None else 0)
        assert item.headline in _texts(slide)
        notes = slide.notes_slide.notes_text_frame.text
        if item.chart is not None:
            assert "The numbers behind the chart:" in notes and "What not to conclude:" in notes
            if col.LOWER in item.chart.table or "start_lower" in item.chart.table:  # a chart of rates
                assert "95% CI" in notes or "CI not published" in notes
            assert "Source:" in _texts(slide)
    quintiles = next(item for item in deck.slides if item.chart is not None and item.chart.chart_id == "quintiles")
    assert "95% CI 556.8 to 600.1" in quintiles.notes  # the most deprived fifth of Wales, 2017


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and poppler are installed by .ci/run")  # fmt: skip
def test_the_pdf_board_pack_has_readable_pages(app_url: str, tmp_path: Path) -> None:
    status, headers, body = fetch(f"{app_url}/export/board-pack.pdf?board=W11000030")
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    (tmp_path / "pack.pdf").write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "pack.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 8
    for page in pages:
        assert ImageStat.Stat(Image.open(page).convert("L")).stddev[0] > 15, page.name
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[2], SCREENSHOTS / "board-pack-page-3.png")


def test_a_person_s_own_sequence_is_kept_in_the_url(app_url: str) -> None:
    spec, problems = present.parse("slides=" + quote("sii?groups=decile,map,not-a-chart,trend?area=W06000015"))
    assert problems == ["slide 'not-a-chart'"] and [link.split("?")[0] for link in spec.slides] == [
        "sii",
        "map",
        "trend",
    ]
    assert present.parse(present.to_query(spec)) == (spec, [])
    deck = present.build(spec)
    assert [slide.chart.chart_id if slide.chart else None for slide in deck.slides] == [
        "sii", "map", "trend-all_cause_mortality", None
    ]  # fmt: skip
    pack = _pptx(f"{app_url}/export/board-pack.pptx?{present.to_query(spec)}")
    assert len(pack.slides) == 1 + len(deck.slides)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_present_mode_steps_with_the_keyboard(app_url: str, browser: webdriver.Chrome, size: tuple[int, int]) -> None:
    browser.set_window_size(*size)
    try:
        browser.get(f"{app_url}/present?board=W11000031")
        counter = browser.find_element(By.ID, "counter")
        WebDriverWait(browser, 20).until(lambda _: counter.text == "1 / 7")
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(browser, 20).until(lambda _: counter.text == "2 / 7")
        areas = ".slide.current .choroplethlocation"
        WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, areas)) >= 22)
        body.send_keys(Keys.SPACE)
        WebDriverWait(browser, 20).until(lambda _: counter.text == "3 / 7")
        body.send_keys(Keys.END)
        WebDriverWait(browser, 20).until(lambda _: counter.text == "7 / 7")
        assert "Caveats" in browser.find_element(By.CSS_SELECTOR, ".slide.current").text
        body.send_keys(Keys.HOME)
        WebDriverWait(browser, 20).until(lambda _: counter.text == "1 / 7")
        width, height = browser.execute_script(
            "var box = document.getElementById('deck').getBoundingClientRect(); return [box.width, box.height];"
        )
        assert abs(width / height - 16 / 9) < 0.02
        browser.find_element(By.ID, "deck").click()  # a click on the right of a slide steps on
        WebDriverWait(browser, 20).until(lambda _: counter.text == "2 / 7")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / f"present-{size[0]}x{size[1]}.png"))
    finally:
        browser.set_window_size(1280, 1000)


def test_synthetic_slides_say_so_on_the_slide_and_in_the_notes(demo_data: Path) -> None:
    with running_app(demo_data, DASHBOARD_DEMO="synthetic") as url:
        pack = _pptx(f"{url}/export/board-pack.pptx?board=W11000030")
        within = [slide for slide in pack.slides if "within Cwm Taf" in _texts(slide)]
        assert within, "the board's own fifths come from records in demonstration mode"
        assert SYNTHETIC_LABEL in _texts(within[0])
        assert "SYNTHETIC DEMONSTRATION DATA" in within[0].notes_slide.notes_text_frame.text
