"""Cymraeg without a browser: the catalogue is whole (every message the source asks for translated,
none unused, fields kept), every view of every area and choice builds in Welsh with no English
left in its titles, key sentences or source lines, Welsh area names are the ONS ones, numbers and
dates are written as Welsh writes them, each request's documents carry their language, and the
palettes meet WCAG contrast."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import date
from types import ModuleType

import pandas as pd
import pytest
from flask.testing import FlaskClient

from dashboard import data, i18n
from dashboard.config import PROJECT_DIR, Settings
from dashboard.figures import theme
from dashboard.i18n import decimal, long_date, using
from dashboard.i18n.glossary import board_names_cy
from dashboard.i18n.tools import problems, with_review_section
from dashboard.model import columns as col
from dashboard.views import area, inequalities, overview
from dashboard.views import map as map_view
from dashboard.web.shell import with_language
from dashboard.words.labels import AGE_WORDS, SEX_WORDS, UNIT_WORDS
from dashboard.words.source_lines import REGISTRY_WORDS
from tests.app.test_views import VIEWS, _valid_specs, mode  # noqa: F401  # `mode`: the data each test runs on

# Words that are English and never Welsh: one of them in a Welsh page's text is a string the
# catalogue missed. ("is", "at", "a", "i", "o" and "y" are Welsh words too, so they are not here.)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "with",
        "from",
        "deaths",
        "death",
        "rate",
        "rates",
        "per",
        "most",
        "least",
        "deprived",
        "than",
        "which",
        "this",
        "these",
        "their",
        "area",
        "areas",
        "source",
        "sources",
        "between",
        "within",
        "has",
        "have",
        "was",
        "were",
        "not",
        "no",
        "by",
        "in",
        "for",
        "or",
        "show",
        "table",
        "figure",
        "figures",
        "page",
        "chart",
        "download",
        "link",
        "only",
        "each",
        "every",
        "fifth",
        "tenth",
        "board",
        "boards",
        "local",
        "authority",
        "authorities",
        "higher",
        "lower",
        "wales",
    ]
)
# Names and terms both languages write the same: codes, methods, acronyms, places.
SHARED = ("Low & Low", "Dobson", "ESP2013", "ICD-10", "PHE", "OECD/Eurostat", "COVID-19", "Abertawe Bro Morgannwg",
          "Cwm Taf", "U07.1", "U07.2", "in situ")  # fmt: skip
WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ]+")


def english_words(text: str, titles: tuple[str, ...] = ()) -> list[str]:
    """The English-only words in `text`, once publication titles (cited as published), code in
    backticks and shared names are taken out."""
    for kept in (*sorted(titles, key=len, reverse=True), *SHARED):
        text = text.replace(kept, " ")
    text = re.sub(r"`[^`]*`", " ", text)
    return sorted({word for word in WORD.findall(text) if word.lower() in ENGLISH_WORDS})


def test_english_words_finds_english_and_passes_welsh() -> None:
    assert english_words("Deaths before 75 in Wales") == ["Deaths", "Wales", "in"]
    welsh = "Marwolaethau cyn 75 oed yng Nghymru: is na Chymru, tebyg at ei debyg, a'r pumed mwyaf difreintiedig."
    assert english_words(welsh) == []
    assert english_words("Ffynhonnell: ONS, Deaths registered in Wales (2023)", ("Deaths registered in Wales",)) == []


def test_the_welsh_catalogue_is_whole() -> None:
    found = problems()
    assert not found, json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=1)[:3000]


def test_docs_list_every_translation_awaiting_review() -> None:
    listing = (PROJECT_DIR / "docs" / "translations.md").read_text(encoding="utf-8")
    assert with_review_section(listing) == listing, "run `make i18n` to refresh docs/translations.md"


def _titles() -> tuple[str, ...]:
    return tuple(record.title for record in data.sources())


def _view_texts(model: object) -> list[str]:
    texts = []
    for chart in model.charts:  # type: ignore[attr-defined]
        texts += [chart.title, chart.sentence, chart.source]
    for name in ("summary", "sentences"):
        texts += list(getattr(model, name, ()))
    for number in getattr(model, "key_numbers", ()):
        texts += [number.label, number.value, number.detail]
    for name in ("no_trend", "trend_caveat"):
        texts.append(getattr(model, name, ""))
    return texts


@pytest.mark.parametrize("module", VIEWS, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_view_of_every_choice_speaks_welsh(mode: str, module: ModuleType) -> None:  # noqa: F811
    titles = _titles()
    for spec in _valid_specs(module):
        welsh = dataclasses.replace(spec, lang="cy")  # type: ignore[type-var]
        english_model, welsh_model = module.build(spec), module.build(welsh)
        assert [chart.chart_id for chart in welsh_model.charts] == [chart.chart_id for chart in english_model.charts]
        for text in _view_texts(welsh_model):
            assert english_words(text, titles) == [], (welsh, text)
        for english, cymraeg in zip(english_model.charts, welsh_model.charts, strict=True):
            # The same figures in both languages: only the words differ.
            assert english.drawn == cymraeg.drawn, english.chart_id
            values = [sorted(chart.table.get(col.VALUE, pd.Series(dtype=float)).dropna().tolist())
                      for chart in (english, cymraeg)]  # fmt: skip
            assert values[0] == values[1], english.chart_id


def test_a_link_in_welsh_keeps_its_language_through_every_view(mode: str) -> None:  # noqa: F811
    for module in (overview, map_view, inequalities, area):
        spec, problems_found = module.parse("lang=cy")
        assert spec.lang == "cy" and problems_found == []
        assert "lang=cy" in module.to_query(spec)
    _spec, bad = map_view.parse("lang=cy&measure=nonsense")
    assert bad and "Gofynnodd" not in " ".join(bad)  # the problem names the value; the notice is Welsh
    from dashboard.views.base import notice_text

    with using("cy"):
        assert notice_text(bad).startswith("Gofynnodd y ddolen am")


def test_welsh_area_names_are_the_ons_names(built: Settings) -> None:
    """LSOA names are made from the authorities' Welsh names; ONS's own LSOA11NMW (in the 2011
    boundary file, a separate source) must agree for every one of the 1,909, but for one spelling:
    ONS's LSOA names write Torfaen "Tor-faen", its WIMD lookup (and the council) "Torfaen"."""
    geojson = json.loads((built.source_mirror / "geography" / "wales_lsoa11_bsc.geojson").read_text())  # type: ignore[operator]
    ons = {feature["properties"]["LSOA11CD"]: feature["properties"]["LSOA11NMW"] for feature in geojson["features"]}
    areas = pd.read_parquet(built.processed_dir / "areas.parquet")
    lsoa11 = areas[areas[col.GEOGRAPHY_LEVEL] == "lsoa11"].set_index(col.AREA_CODE)
    assert len(lsoa11) == 1909 and set(lsoa11.index) == set(ons)
    differ = {code for code, name in lsoa11[col.AREA_NAME_CY].items() if name != ons[code]}
    torfaen = set(lsoa11.index[lsoa11[col.LA_CODE] == "W06000020"])
    assert differ == torfaen and all(ons[code].startswith("Tor-faen ") for code in differ)
    las = areas[areas[col.GEOGRAPHY_LEVEL] == "la"].set_index(col.AREA_CODE)[col.AREA_NAME_CY]
    assert las["W06000015"] == "Caerdydd" and las["W06000001"] == "Ynys Môn" and las["W06000024"] == "Merthyr Tudful"
    boards = areas[areas[col.GEOGRAPHY_LEVEL] == "lhb"]
    assert len(boards) == 7 and boards[col.AREA_NAME_CY].str.startswith("Bwrdd Iechyd").all()
    assert set(boards[col.AREA_NAME]) == set(board_names_cy())
    assert areas.loc[areas[col.GEOGRAPHY_LEVEL] == "country", col.AREA_NAME_CY].tolist() == ["Cymru"]


def test_numbers_and_dates_are_written_as_each_language_writes_them() -> None:
    with using("cy"):
        assert long_date(date(2026, 11, 30)) == "30 Tachwedd 2026"
        assert decimal(12345.678) == "12,345.7" and decimal(-3.44, signed=True) == "-3.4"
        assert decimal(3.0, 0, signed=True) == "+3"
    with using("en"):
        assert long_date(date(2026, 11, 30)) == "30 November 2026"
    assert i18n.current() == "en"  # nothing leaks out of a block


def test_every_registry_word_and_data_label_has_its_translation(mode: str) -> None:  # noqa: F811
    for record in data.sources():
        for word in (record.publisher, record.vintage, record.licence):
            if re.fullmatch(r"[\d\- ]+", word):  # a year or a span of years reads the same in both
                continue
            assert word in REGISTRY_WORDS, f"add {word!r} to source_lines.REGISTRY_WORDS"
    frame = data.indicators()
    assert set(frame[col.UNIT].dropna()) <= set(UNIT_WORDS), set(frame[col.UNIT]) - set(UNIT_WORDS)
    assert set(frame[col.SEX].dropna()) <= set(SEX_WORDS)
    words = {age for age in frame[col.AGE_GROUP].dropna() if not re.fullmatch(r"[\d\-+ ]+", age)}  # "65-69" is in both
    assert words <= set(AGE_WORDS), words - set(AGE_WORDS)


def test_the_language_switch_keeps_every_other_choice() -> None:
    assert with_language("/map", "?measure=avoidable&period=2020-2022", "cy") == (
        "/map?measure=avoidable&period=2020-2022&lang=cy"
    )
    assert with_language("/map", "?measure=avoidable&lang=cy", "en") == "/map?measure=avoidable"
    assert with_language("/", "", "cy") == "/?lang=cy"


@pytest.mark.parametrize(
    ("path", "language", "words"),
    [
        ("/", "en", "Who dies too young in Wales"),
        ("/?lang=cy", "cy", "Pwy sy'n marw'n rhy ifanc"),
        ("/map?lang=cy", "cy", "Pwy sy"),
        ("/embed/quintiles?lang=cy", "cy", "Marwolaethau cyn 75 oed"),
        ("/embed/quintiles", "en", "Deaths before 75"),
        ("/present?lang=cy", "cy", "Pwy sy'n marw'n rhy ifanc"),
        ("/no-such-page?lang=cy", "cy", "Ni chanfuwyd y dudalen"),
        ("/no-such-page", "en", "Page not found"),
    ],
)
def test_every_document_says_its_language(client: FlaskClient, path: str, language: str, words: str) -> None:
    page = client.get(path).get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert words in html.unescape(page)


def test_exports_speak_the_language_of_their_link(client: FlaskClient) -> None:
    csv = client.get("/export/quintiles.csv?lang=cy").get_data(as_text=True)
    assert "Swyddfa Ystadegau Gwladol" in csv
    svg = client.get("/export/quintiles.svg?lang=cy").get_data(as_text=True)
    assert "Ffynhonnell" in svg and "Source:" not in svg


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_the_wcag_worked_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WebAIM's smallest AA grey


def test_palettes_meet_wcag_contrast() -> None:
    css = (PROJECT_DIR / "assets" / "style.css").read_text(encoding="utf-8")
    text_colours = dict(re.findall(r"--(\w+): (#[0-9a-f]{6})", css))
    for name in ("ink", "muted", "accent"):  # body text and links on white: 4.5:1 (1.4.3)
        assert contrast(text_colours[name], "#ffffff") >= 4.5, name
    assert contrast("#ffffff", "#0b0c0c") >= 4.5  # navigation
    banner = re.search(r"\.demo-banner \{ background: (#[0-9a-f]{6})", css)
    assert banner and contrast("#ffffff", banner.group(1)) >= 4.5  # the SYNTHETIC banner's white text
    assert contrast("#ffffff", theme.SYNTHETIC_BAND) >= 4.5  # and the band across a synthetic chart
    assert contrast("#ffdd00", "#0b0c0c") >= 3 and contrast("#0b0c0c", "#ffffff") >= 3  # the focus ring, both grounds
    for colour in (theme.INK, theme.MUTED, theme.SIMILAR_TO_WALES):  # chart text and marks: 4.5:1
        assert contrast(colour, "#ffffff") >= 4.5, colour
    for colour in (*theme.CATEGORICAL, theme.HIGHER_THAN_WALES, theme.LOWER_THAN_WALES):  # lines: 3:1 (1.4.11)
        assert contrast(colour, "#ffffff") >= 3, colour


def test_bars_in_light_colours_have_an_ink_edge(mode: str) -> None:  # noqa: F811
    chart = overview.build(overview.OverviewSpec()).charts[0]
    assert chart.figure is not None
    bars = [trace for trace in chart.figure["data"] if trace["type"] == "bar"]
    assert bars and all(trace["marker"]["line"]["color"] == theme.INK for trace in bars)
    light = [colour for colour in theme.QUINTILE_COLOURS if contrast(colour, "#ffffff") < 3]
    assert light  # the reason for the edge: the palette's light end is under 3:1 on white
