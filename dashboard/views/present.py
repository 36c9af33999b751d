"""The present view: a deck of slides for a health board meeting, each a chart from the view layer
with its key sentence as the headline, its source line, and speaker notes holding the numbers
behind the chart with their 95% CIs and what not to conclude from it. A board's preset sequence,
or a person's own sequence of chart links kept in the URL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote

import pandas as pd

from dashboard import data
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.views import charts, notes
from dashboard.views.base import Chart, Query, choose, language, read_query, shown, write_query
from dashboard.words.caveats import caveats

PARAMETERS = ("board", "slides", "lang")
MAX_SLIDES = 20
NOTE_LINES = 25  # numbers in a slide's notes; the rest are in the chart's CSV
DEFAULT_BOARD = "W11000029"  # Cardiff and Vale: the board of the default area


@dataclass(frozen=True)
class PresentSpec:
    board: str = DEFAULT_BOARD
    slides: tuple[str, ...] = ()  # a person's own sequence of chart links ("sii?groups=decile"); empty: preset
    lang: str = "en"


@dataclass(frozen=True, eq=False)
class Slide:
    kicker: str  # above the headline: the chart's title, or the subject of a text slide
    headline: str  # the key sentence
    chart: Chart | None  # None for a text slide
    points: tuple[str, ...]  # a text slide's lines
    notes: str  # speaker notes
    source: str
    link: str  # the chart's page, relative ("" for a text slide)
    outline: tuple[str, ...] = ()  # map areas drawn outlined on the slide (a board's local authorities)
    outline_label: str = ""


@dataclass(frozen=True, eq=False)
class Deck:
    board: str
    board_name: str
    slides: tuple[Slide, ...]
    vintages: tuple[str, ...]  # "publisher, title (vintage)" of every source the deck's charts use


def boards() -> pd.DataFrame:
    return data.areas("lhb")[[col.AREA_CODE, col.AREA_NAME]].sort_values(col.AREA_NAME)


def parse_link(link: str) -> tuple[str, str] | None:
    """(chart id, normalised view query) of a chart link, or None when no such chart exists."""
    chart_id, _mark, query = link.partition("?")
    normalised = charts.view_query(chart_id, query)
    return None if normalised is None else (chart_id, normalised)


def parse(query: Query) -> tuple[PresentSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS, long=("slides",))
    board = choose(values, "board", boards()[col.AREA_CODE].tolist(), DEFAULT_BOARD, problems)
    links: list[str] = []
    for link in (unquote(part) for part in values.get("slides", "").split(",") if part):
        parsed = parse_link(link)
        if parsed is None or len(links) >= MAX_SLIDES:
            problems.append(_("slide {link}").format(link=shown(link)) if parsed is None
                            else _("more than {count} slides").format(count=MAX_SLIDES))  # fmt: skip
            continue
        links.append(f"{parsed[0]}?{parsed[1]}" if parsed[1] else parsed[0])
    return PresentSpec(board, tuple(links), language(values, problems)), problems


def to_query(spec: PresentSpec) -> str:
    return write_query({"board": spec.board, "slides": ",".join(spec.slides), "lang": spec.lang})


def numbers(chart: Chart) -> list[str]:
    """The figures behind a chart, one line each, by its registry entry's reader of its table
    (rates with their CIs, and withheld ones said so), cut at `NOTE_LINES`."""
    spec = charts.spec_of(chart.chart_id)
    lines = (spec.notes if spec is not None else notes.area_count)(chart.table)
    if len(lines) > NOTE_LINES:
        more = _("... and {count} more: every figure is in the chart's CSV.").format(count=len(lines) - NOTE_LINES)
        lines = [*lines[:NOTE_LINES], more]
    return lines


def chart_notes(chart: Chart) -> str:
    spec = charts.spec_of(chart.chart_id)  # a chart's caution is its registry entry's
    caution = spec.caution if spec is not None else None
    parts = [chart.sentence, _("The numbers behind the chart:"), *numbers(chart)]
    if caution:
        parts += [_("What not to conclude:"), _(caution)]
    return "\n".join(part for part in parts if part)


def chart_slide(chart_id: str, query: str, lang: str) -> Slide | None:
    found = charts.find(chart_id, query, lang=lang)
    if found is None or found.chart is None or not found.chart.drawn:
        return None
    chart = found.chart
    return Slide(chart.title, chart.sentence, chart, (), chart_notes(chart), chart.source, found.page_link)


def board_map_slide(board: str, board_name: str, lang: str) -> Slide | None:
    """The local authority map with the board's local authorities outlined."""
    slide = chart_slide("map", "", lang)
    if slide is None:
        return None
    las = data.areas("la")
    members = tuple(sorted(las.loc[las[col.LHB_CODE] == board, col.AREA_CODE]))
    label = _("{board}: its {count} local authorities").format(board=board_name, count=len(members))
    kicker = _("{title}; outlined: {label}").format(title=slide.kicker, label=label)
    return replace(slide, kicker=kicker, outline=members, outline_label=label)


def _first(lang: str, *choices: tuple[str, str]) -> Slide | None:
    return next((slide for chart_id, query in choices if (slide := chart_slide(chart_id, query, lang)) is not None),
                None)  # fmt: skip


def headline_slide(board: str, board_name: str, lang: str) -> Slide:
    wales = chart_slide("quintiles", "", lang)
    own = _first(lang, ("area-profile", f"area={board}"), ("area-members", f"area={board}"))
    points = tuple(slide.headline for slide in (wales, own) if slide is not None)
    notes = "\n".join(slide.notes for slide in (wales, own) if slide is not None)
    return Slide(_("Who dies too young: Wales and {board}").format(board=board_name), _(
        "Deaths before 75: the gap between the most and least deprived, and where the board stands"), None, points,
                 notes, "", "")  # fmt: skip


def caveats_slide(chart_slides: list[Slide]) -> Slide:
    sources = sorted({slide.source for slide in chart_slides if slide.source})
    held = caveats()
    notes = "\n".join(f"{term} {text}" for term, text in held) + "\n" + _("Sources:") + "\n" + "\n".join(sources)
    return Slide(_("What these figures can and cannot show"), _("Caveats and sources"), None,
                 tuple(term for term, _text in held), notes, "", "/methods")  # fmt: skip


@data.per_build
def build(spec: PresentSpec) -> Deck:
    names = boards().set_index(col.AREA_CODE)[col.AREA_NAME]
    board_name = str(names.get(spec.board, spec.board))
    if spec.slides:
        chosen = [chart_slide(*link.partition("?")[::2], spec.lang) for link in spec.slides]
        middle = [slide for slide in chosen if slide is not None]
        first: list[Slide] = []
    else:
        area = f"area={spec.board}"
        middle = [slide for slide in (
            board_map_slide(spec.board, board_name, spec.lang),
            chart_slide("quintiles", "", spec.lang),
            chart_slide("slope-quintile", "", spec.lang),
            _first(spec.lang, ("area-within", area), ("area-spread", area)),
            _first(spec.lang, ("area-profile", area), ("area-members", area)),
        ) if slide is not None]  # fmt: skip
        first = [headline_slide(spec.board, board_name, spec.lang)]
    vintages = tuple(sorted({slide.source for slide in middle if slide.source}))
    return Deck(spec.board, board_name, (*first, *middle, caveats_slide(middle)), vintages)
