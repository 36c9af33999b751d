"""Embeds and exports against a real gunicorn on the real build: every chart of every page leaves
as PNG, SVG, CSV, XLSX and HTML matching the view layer's chart; images are parsed, sized and
checked not blank; an embed works inside an iframe on another origin in Chromium and sizes it;
oEmbed and link previews point at the chart; synthetic figures keep their label everywhere."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import data
from dashboard.config import Settings, load_settings
from dashboard.export import tables
from dashboard.export.documents import iframe_snippet
from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.model import columns as col
from dashboard.views import charts
from tests.app.browser_helpers import SCREENSHOTS
from tests.app.conftest import _free_port, running_app

pytestmark = pytest.mark.browser
# One link per chart id, each a view where the chart is drawn with published figures.
CHART_LINKS = {
    "quintiles": "indicator=premature_injuries&sex=Female&groups=decile",  # a tenth withheld: shown as such
    "sii": "groups=decile",
    "slope-quintile": "",
    "slope-period": "",
    "map": "measure=wimd2019-quintile",  # 1,909 LSOAs, geometry inline
    "area-profile": "area=W06000015",
    "area-members": "area=W11000030",
    "trend": "area=W06000015",
    "area-spread": "area=W11000031",
    "area-map": "area=W11000030",
}


@pytest.fixture(scope="module")
def app_url(built: Settings) -> Iterator[str]:
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    with running_app(built.data_dir) as url:
        yield url


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _not_blank(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    spread = ImageStat.Stat(image).stddev[0]
    assert spread > 20, f"the image is nearly one colour (stddev {spread:.1f})"
    return image


@pytest.mark.parametrize("chart_id", list(CHART_LINKS))
def test_every_chart_exports_as_images_data_and_html(app_url: str, chart_id: str) -> None:
    query = CHART_LINKS[chart_id]
    found = charts.find(chart_id, query)
    assert found is not None and found.chart is not None and found.chart.drawn
    suffix = f"?{query}" if query else ""
    status, headers, png = fetch(f"{app_url}/export/{chart_id}.png{suffix}")
    assert status == 200 and headers["Content-Type"] == "image/png", png[:200]
    image = _not_blank(png)
    status, _, double = fetch(f"{app_url}/export/{chart_id}.png{suffix}{'&' if query else '?'}scale=2")
    assert status == 200 and Image.open(io.BytesIO(double)).size == (2 * image.width, 2 * image.height)
    status, _, svg = fetch(f"{app_url}/export/{chart_id}.svg{suffix}")
    text = " ".join(ElementTree.fromstring(svg).itertext())
    assert status == 200 and "Source:" in text and found.page_link.split("?")[0] in text
    status, _, csv = fetch(f"{app_url}/export/{chart_id}.csv{suffix}")
    exported = pd.read_csv(io.BytesIO(csv), dtype={col.AREA_CODE: str, col.PERIOD: str})
    expected = tables.figures(found.chart)
    assert status == 200 and list(exported.columns) == list(expected.columns) and len(exported) == len(expected)
    assert list(exported[col.AREA_CODE]) == list(expected[col.AREA_CODE])
    if col.VALUE in expected:
        pd.testing.assert_series_equal(exported[col.VALUE], expected[col.VALUE].astype("float64"), check_names=False)
    status, _, workbook = fetch(f"{app_url}/export/{chart_id}.xlsx{suffix}")
    sheets = pd.read_excel(io.BytesIO(workbook), sheet_name=None, dtype={col.AREA_CODE: str, col.PERIOD: str})
    assert status == 200 and set(sheets) == {"figures", "notes"} and len(sheets["figures"]) == len(expected)
    notes = dict(zip(sheets["notes"]["item"], sheets["notes"]["text"], strict=True))
    assert notes["Source"] == found.chart.source and found.page_link in notes["Link to the view"]
    status, _, html = fetch(f"{app_url}/export/{chart_id}.html{suffix}")
    page = html.decode("utf-8")
    assert status == 200 and "Plotly.newPlot" in page and "<script src=" not in page
    assert re.search(r'<link [^>]*href="(?!data:)', page) is None  # nothing fetched: only an empty data: icon


def test_a_withheld_group_stays_withheld_in_every_export(app_url: str) -> None:
    query = CHART_LINKS["quintiles"]
    _, _, csv = fetch(f"{app_url}/export/quintiles.csv?{query}")
    exported = pd.read_csv(io.BytesIO(csv))
    withheld = exported[exported[col.VALUE].isna()]
    assert list(withheld["group_number"]) == [10]
    assert withheld[col.SUPPRESSED_REASON].str.contains("fewer than 10 deaths").all()
    _, _, svg = fetch(f"{app_url}/export/quintiles.svg?{query}")
    assert "fewer than" in " ".join(ElementTree.fromstring(svg).itertext())


def test_bad_requests_get_clear_answers(app_url: str) -> None:
    assert fetch(f"{app_url}/export/no-such-chart.png")[0] == 404
    assert fetch(f"{app_url}/export/quintiles.gif")[0] == 404
    assert fetch(f"{app_url}/embed/no-such-chart")[0] == 404
    status, _, body = fetch(f"{app_url}/export/quintiles.png?scale=3")
    assert status == 400 and b"scale" in body
    status, _, body = fetch(f"{app_url}/export/area-members.png?area=W06000015")  # a board's chart, for an LA
    assert status == 422 and b"cannot be drawn" in body
    status, headers, _ = fetch(f"{app_url}/export/quintiles.csv?indicator=%3Cscript%3E")
    assert status == 200 and "indicator=" in headers["X-Dashboard-Notice"]


def test_the_slide_size_is_sixteen_by_nine(app_url: str) -> None:
    _, _, png = fetch(f"{app_url}/export/quintiles.png?size=slide")
    assert Image.open(io.BytesIO(png)).size == (1280, 720)


def test_oembed_describes_the_embed_and_its_thumbnail(app_url: str) -> None:
    page = f"{app_url}/inequalities?groups=decile"
    status, headers, body = fetch(f"{app_url}/oembed?url={quote(page)}&maxwidth=600")
    answer = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert answer["version"] == "1.0" and answer["type"] == "rich" and answer["width"] == 600
    assert f'src="{app_url}/embed/quintiles?' in answer["html"] and "groups=decile" in answer["html"]
    thumbnail = fetch(answer["thumbnail_url"])
    assert thumbnail[0] == 200 and thumbnail[1]["Content-Type"] == "image/png"
    assert fetch(f"{app_url}/oembed?url={quote('https://example.org/map')}")[0] == 404
    _, _, head = fetch(f"{app_url}/map")
    html = head.decode("utf-8")
    assert 'type="application/json+oembed"' in html and f'content="{app_url}/export/map.png?' in html
    assert html.count('property="og:title"') == 1


def test_a_standalone_map_draws_from_a_file_with_no_server(
    app_url: str, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    """plotly.js, the LSOA geometry and the (empty) base map are all inside the file."""
    _, _, html = fetch(f"{app_url}/export/area-map.html?area=W11000030")
    saved = tmp_path / "map.html"
    saved.write_bytes(html)
    browser.get(saved.as_uri())
    areas = ".choroplethlocation"
    WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, areas)) >= 250)


@pytest.fixture
def other_origin(tmp_path: Path, app_url: str) -> Iterator[str]:
    """A blog post on another origin (python's http.server on another port) holding the snippet."""
    embed = f"{app_url}/embed/slope-quintile?groups=decile"
    (tmp_path / "post.html").write_text(
        "<!doctype html><html><body><h1>A post</h1><p>Before.</p>"
        + iframe_snippet(embed, "Deaths before 75 by cause")
        + "<p>After.</p></body></html>",
        encoding="utf-8",
    )
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1)
    try:
        yield f"http://127.0.0.1:{port}/post.html"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_embed_works_in_an_iframe_on_another_origin_and_sizes_it(
    other_origin: str, browser: webdriver.Chrome
) -> None:
    browser.get(other_origin)
    frame = browser.find_element(By.TAG_NAME, "iframe")
    WebDriverWait(browser, 40).until(lambda _: frame.size["height"] != 640)  # the embed's own height arrived
    reported = frame.size["height"]
    browser.switch_to.frame(frame)
    try:
        WebDriverWait(browser, 40).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".scatterlayer .trace")) == 5)
        inside = browser.execute_script("return Math.ceil(document.body.getBoundingClientRect().height)")
        assert "respiratory" in browser.find_element(By.ID, "sentence").text.lower()
        assert browser.find_elements(By.PARTIAL_LINK_TEXT, "The full view")
    finally:
        browser.switch_to.default_content()
    assert abs(reported - inside) <= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "embed-on-another-origin.png"))


def test_synthetic_figures_keep_their_label_in_every_export(demo_data: Path) -> None:
    with running_app(demo_data, DASHBOARD_DEMO="synthetic") as url:
        query = "scheme=within-health-board&board=W11000030"
        _, _, csv = fetch(f"{url}/export/quintiles.csv?{query}")
        exported = pd.read_csv(io.BytesIO(csv))
        assert (exported[tables.NOTICE] == SYNTHETIC_LABEL).all() and (exported[col.ORIGIN] == "synthetic").all()
        _, _, svg = fetch(f"{url}/export/quintiles.svg?{query}")
        text = " ".join(ElementTree.fromstring(svg).itertext())
        assert SYNTHETIC_LABEL in text and "SYNTHETIC DEMONSTRATION DATA" in text  # the band and the sentence
        _, _, embed = fetch(f"{url}/embed/quintiles?{query}")
        assert SYNTHETIC_LABEL in embed.decode("utf-8")
        _, _, page = fetch(f"{url}/inequalities?{query}")
        assert 'property="og:image:alt" content="SYNTHETIC DEMONSTRATION DATA' in page.decode("utf-8")
