"""Every page and every embed in Chromium, in English and in Welsh: axe-core (WCAG 2.2 A and AA)
finds no serious or critical violation, `<html lang>` is the page's language, a Welsh page shows no
English (read from the rendered page), a keyboard alone reaches every control with focus always
visible, and the map's search box opens a profile without a mouse."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import data
from dashboard.config import PROJECT_DIR, Settings, load_settings
from dashboard.i18n import in_language
from dashboard.views import charts
from dashboard.web.ids import AreaPage, MapPage
from tests.app.browser_helpers import SCREENSHOTS, severe
from tests.app.test_cymraeg import english_words

pytestmark = pytest.mark.browser

AXE = PROJECT_DIR / "tests" / "accessibility" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "overview": "/",
    "map": "/map",
    "map-lsoa": "/map?measure=wimd2019-quintile",
    "inequalities": "/inequalities",
    "care": "/care",
    "care-interim-free": "/care?sex=Male&period=2011-2013",
    "area-cardiff": "/area?area=W06000015",
    "area-board": "/area?area=W11000030",
    "area-wales": "/area?area=W92000004",
    "methods": "/methods",
    "data": "/data",
    "present": "/present",
    "not-found": "/no-such-page",
}
# Every chart the published figures can draw, with a query that draws it (the registry's own).
EMBEDS = {spec.id: spec.example for spec in charts.REGISTRY if not spec.needs_records}
# The text of the page a person reads: every text node outside scripts, code and charts' SVG, and
# outside any element marked as another language (publication titles, the definition table).
PAGE_TEXT = """
const parts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  const parent = node.parentElement;
  if (!parent || parent.closest("script, style, code, pre, svg, noscript")) continue;
  const marked = parent.closest("[lang]");
  if (marked && marked.getAttribute("lang") !== document.documentElement.lang) continue;
  parts.push(node.textContent);
}
for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
  if (element.closest("svg, .modebar, [lang]:not([lang='" + document.documentElement.lang + "'])")) continue;
  for (const name of ["aria-label", "title", "placeholder", "alt"]) {
    if (element.getAttribute(name)) parts.push(element.getAttribute(name));
  }
}
return parts.join("\\n");
"""


def settle(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")
    WebDriverWait(driver, 60).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "._dash-loading, [data-dash-is-loading='true']")
    )
    time.sleep(1.5)  # late callbacks: the shell's words, the tables


def axe_violations(driver: webdriver.Chrome) -> list[dict[str, object]]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: `cd tests/accessibility && npm ci` (make test does it)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, object]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(result => done("
        "result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ("
        "{id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));",
        AXE_TAGS,
    )
    return found


@pytest.fixture(scope="module")
def titles(built: Settings) -> Iterator[tuple[str, ...]]:
    """The registry's publication titles, which a Welsh page cites as published."""
    data.configure(load_settings({"DASHBOARD_DATA_DIR": str(built.data_dir), "DASHBOARD_CACHE": "simple"}))
    yield tuple(record.title for record in data.sources())
    data.configure(load_settings())


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_passes_axe_and_speaks_its_language(
    server_url: str, browser: webdriver.Chrome, titles: tuple[str, ...], name: str, lang: str
) -> None:
    browser.get(server_url + in_language(PAGES[name], lang))
    settle(browser)
    assert browser.execute_script("return document.documentElement.lang") == lang
    assert axe_violations(browser) == []
    if lang == "cy":
        text = browser.execute_script(PAGE_TEXT)
        assert english_words(text, titles) == [], [line for line in text.splitlines() if english_words(line, titles)]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / f"cy-{name}.png"))
    errors = [entry for entry in severe(browser) if not (name == "not-found" and "status of 404" in entry["message"])]
    assert errors == []  # (the not-found page's own 404 is the point of it)


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("chart_id", list(EMBEDS))
def test_every_embed_passes_axe_and_speaks_its_language(
    server_url: str, browser: webdriver.Chrome, titles: tuple[str, ...], chart_id: str, lang: str
) -> None:
    query = EMBEDS[chart_id]
    browser.get(server_url + in_language(f"/embed/{chart_id}" + (f"?{query}" if query else ""), lang))
    settle(browser)
    assert browser.execute_script("return document.documentElement.lang") == lang
    assert browser.find_elements(By.CSS_SELECTOR, "#chart .main-svg"), "the chart is drawn"
    assert axe_violations(browser) == []
    if lang == "cy":
        text = browser.execute_script(PAGE_TEXT)
        assert english_words(text, titles) == [], text


FOCUS_STYLE = """
const element = document.activeElement;
const style = getComputedStyle(element);
const box = element.getBoundingClientRect();
return {tag: element.tagName, id: element.id, text: (element.innerText || element.value || "").slice(0, 40),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== "none", hidden: element.closest("[aria-hidden='true']") !== null,
        seen: box.width > 0 && box.height > 0};
"""
KEYBOARD_PAGES = ("/", "/map", "/inequalities", "/care", "/area?area=W11000030", "/methods", "/data")


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_a_keyboard_alone_reaches_every_control_with_focus_visible(
    server_url: str, browser: webdriver.Chrome, path: str
) -> None:
    browser.get(server_url + path)
    settle(browser)  # nothing clicked: the first Tab starts from the top of the document
    stops: list[dict[str, object]] = []
    for _press in range(120):
        press(browser, Keys.TAB)
        stop = browser.execute_script(FOCUS_STYLE)
        if stops and stop == stops[0]:
            break  # round again to the first stop
        stops.append(stop)
    assert stops and stops[0]["id"] == "shell-skip", stops[:2]  # the skip link comes first
    for stop in stops:
        if stop["tag"] == "BODY":
            continue
        assert stop["outline"] or stop["shadow"], stop  # focus is always visible
        assert not stop["hidden"] and stop["seen"], stop  # never on something hidden
    reachable = {stop["id"] for stop in stops}
    assert "shell-language" in reachable  # the language switch
    interactive = browser.execute_script(
        "return [...document.querySelectorAll('main button:not([disabled]), main a[href], main summary, main select')]"
        ".filter(e => e.getClientRects().length && !e.closest('.modebar, [aria-hidden=true]'))"
        # inside a closed <details> only its summary can take focus
        ".filter(e => { const d = e.closest('details'); return !d || d.open || e.parentElement === d; }).length"
    )
    assert len(stops) >= interactive, (len(stops), interactive)  # every control on the page is a stop


def press(driver: webdriver.Chrome, *keys: str) -> None:
    """Keys as a person presses them: to whatever has focus, without clicking anything first."""
    ActionChains(driver).send_keys(*keys).perform()


def test_the_skip_link_moves_focus_to_the_content(server_url: str, browser: webdriver.Chrome) -> None:
    browser.get(server_url + "/inequalities")
    settle(browser)
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "shell-skip"
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "main-content")


def test_the_map_search_opens_a_profile_without_a_mouse(server_url: str, browser: webdriver.Chrome) -> None:
    """In Welsh: type part of a Welsh name, choose it with the keyboard, land on its profile."""
    browser.get(f"{server_url}/map?lang=cy")
    settle(browser)
    focused_id = "return document.activeElement && document.activeElement.id"
    for _press in range(30):  # tab on until the search box's button has focus
        press(browser, Keys.TAB)
        if browser.execute_script(focused_id) == MapPage.SEARCH:
            break
    assert browser.execute_script(focused_id) == MapPage.SEARCH
    # The first key opens the list and moves focus to its search field; keys sent in that instant
    # can be lost on a busy machine (Dash 4's dropdown), so the rest is typed once the field has it.
    press(browser, "C")
    typed = "return document.activeElement && document.activeElement.type === 'search' && document.activeElement.value"
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(typed) == "C")
    press(browser, *"aerd")
    # The list filtered by what was typed (every option holds "Caerd"), not the whole list still
    # showing while the search catches up. The options are read in one script call: the list
    # re-renders as the search runs, and elements found in one call can be gone by the next.
    option_texts = "return [...document.querySelectorAll('[role=option]')].map(o => o.textContent.trim())"
    WebDriverWait(browser, 20).until(
        lambda d: (
            (texts := d.execute_script(option_texts)) and "Caerdydd" in texts and all("Caerd" in text for text in texts)
        )
    )
    focused_value = "return document.activeElement && document.activeElement.value"
    for _press in range(10):  # arrow down to it (each option is an input holding its area code), then Enter
        before = browser.execute_script(focused_value)
        press(browser, Keys.ARROW_DOWN)
        # Focus moves when the dropdown has handled the key, not when the key is sent: wait for the
        # move, or the next press lands on an option still on its way and skips one.
        WebDriverWait(browser, 5).until(lambda d, was=before: d.execute_script(focused_value) != was)
        if browser.execute_script(focused_value) == "W06000015":
            break
    assert browser.execute_script(focused_value) == "W06000015"
    press(browser, Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: "/area?area=W06000015" in d.current_url and "lang=cy" in d.current_url)
    WebDriverWait(browser, 40).until(lambda d: "Caerdydd" in d.find_element(By.ID, AreaPage.KEY_MESSAGE).text)
    assert severe(browser) == []


def test_welsh_screenshots_are_kept_for_a_person_to_look_at() -> None:
    """The Welsh pages' screenshots (written above) exist and are not blank, for review by eye."""
    shots = sorted(Path(SCREENSHOTS).glob("cy-*.png"))
    assert len(shots) >= len(PAGES)
    from PIL import Image

    for shot in shots:
        grey = Image.open(shot).convert("L")
        darkest, lightest = min(grey.getdata()), max(grey.getdata())
        assert lightest - darkest > 100, shot  # more than one shade: something is drawn
    assert all(re.fullmatch(r"cy-[\w-]+\.png", shot.name) for shot in shots)
