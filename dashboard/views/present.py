"""The present view: a deck of slides for a health board meeting, each a chart from the view layer
with its key sentence as the headline, its source line, and speaker notes holding the numbers
behind the chart with their 95% CIs and what not to conclude from it. A board's preset sequence,
or a person's own sequence of chart links kept in the URL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import unquote

import pandas as pd

from dashboard import columns as col
from dashboard import data
from dashboard.caveats import CAVEATS
from dashboard.figures.profile import ROW, SHARE
from dashboard.figures.slope import END, END_LOWER, END_UPPER, LABEL, START, START_LOWER, START_UPPER
from dashboard.labels import reason_words
from dashboard.views import charts
from dashboard.views.base import Chart, Query, choose, language, read_query, shown, write_query

PARAMETERS = ("board", "slides", "lang")
MAX_SLIDES = 20
NOTE_LINES = 25  # numbers in a slide's notes; the rest are in the chart's CSV
DEFAULT_BOARD = "W11000029"  # Cardiff and Vale: the board of the default area
WHAT_NOT_TO_CONCLUDE = {
    "map": "A higher rate in one local authority is not, on its own, evidence that services there are worse: "
    "the published rates carry no confidence intervals, so differences between areas are not tested.",
    "quintiles": "These are rates for areas grouped by deprivation, not for deprived people: they do not show that "
    "any one person's deprivation caused a death (the ecological fallacy). WIMD includes a health domain, so part "
    "of the gradient is built into the grouping.",
    "sii": "The slope index summarises the whole gradient as a straight line; it is not a count of deaths that "
    "could be prevented, and it is only as good as the straight-line fit.",
    "slope-quintile": "The ratio for a small cause group can be large while its absolute gap is small; compare the "
    "gap in deaths per 100,000 as well as the ratio.",
    "slope-period": "The two ONS editions differ in definition and population base: the difference between them is "
    "not a change in avoidable mortality.",
    "area-profile": "A rank says where an area stands, not by how much: neighbouring ranks often have overlapping "
    "confidence intervals.",
    "area-members": "No rate for the board is made from its local authorities' published rates; their ranks among "
    "the 22 are not tested against each other.",
    "area-within": "Fifths within the board rank its own LSOAs; they are not comparable with other boards' fifths "
    "or with the national fifths.",
    "area-spread": "Where an area's LSOAs sit among the fifths of Wales describes its places, not its people.",
    "trend": "A change between two periods is tested only where both have confidence intervals; overlapping "
    "intervals do not show that nothing changed.",
}


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
    chart_id, _, query = link.partition("?")
    normalised = charts.view_query(chart_id, query)
    return None if normalised is None else (chart_id, normalised)


def parse(query: Query) -> tuple[PresentSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS, long=("slides",))
    board = choose(values, "board", boards()[col.AREA_CODE].tolist(), DEFAULT_BOARD, problems)
    links: list[str] = []
    for link in (unquote(part) for part in values.get("slides", "").split(",") if part):
        parsed = parse_link(link)
        if parsed is None or len(links) >= MAX_SLIDES:
            problems.append(f"slide {shown(link)}" if parsed is None else f"more than {MAX_SLIDES} slides")
            continue
        links.append(f"{parsed[0]}?{parsed[1]}" if parsed[1] else parsed[0])
    return PresentSpec(board, tuple(links), language(values, problems)), problems


def to_query(spec: PresentSpec) -> str:
    return write_query({"board": spec.board, "slides": ",".join(spec.slides), "lang": spec.lang})


def _ci(lower: float, upper: float) -> str:
    return "CI not published" if pd.isna(lower) else f"95% CI {lower:,.1f} to {upper:,.1f}"


def _row_label(row: pd.Series) -> str:
    if col.GROUP_NUMBER in row and pd.notna(row[col.GROUP_NUMBER]):
        return f"WIMD {row[col.GROUP_KIND]} {int(row[col.GROUP_NUMBER])} (1 = most deprived)"
    parts = [str(row[name]) for name in (col.AREA_NAME, ROW) if name in row and pd.notna(row[name])]
    return ", ".join(dict.fromkeys(parts)) or str(row.get(col.AREA_CODE, ""))


def numbers(chart: Chart) -> list[str]:
    """The figures behind a chart, one line each, with their CIs, and withheld ones said so."""
    table = chart.table
    lines: list[str] = []
    if START in table:
        for _, row in table.iterrows():
            lines.append(
                f"{row[LABEL]}: least deprived {row[START]:,.1f} ({_ci(row[START_LOWER], row[START_UPPER])}), "
                f"most deprived {row[END]:,.1f} ({_ci(row[END_LOWER], row[END_UPPER])})"
                if pd.notna(row[START]) and pd.notna(row[END]) else f"{row[LABEL]}: no rate at one end (fewer than "
                "10 deaths)"
            )  # fmt: skip
    elif SHARE in table:
        for _, row in table.iterrows():
            lines.append(f"WIMD {row[col.WIMD_EDITION]} fifth {row[col.WIMD_QUINTILE]}: {row['count']} LSOAs "
                         f"({row[SHARE]:.0f}%)")  # fmt: skip
    elif col.LOWER in table:
        for _, row in table.iterrows():
            if pd.isna(row[col.VALUE]):
                lines.append(f"{_row_label(row)}: no rate ({reason_words(row.get(col.SUPPRESSED_REASON))})")
                continue
            deaths = f", {row[col.DEATHS]:,.0f} deaths" if pd.notna(row.get(col.DEATHS)) else ""
            lines.append(f"{_row_label(row)}: {row[col.VALUE]:,.1f} per 100,000 ({_ci(row[col.LOWER], row[col.UPPER])}"
                         f"{deaths})")  # fmt: skip
    else:
        lines.append(f"{len(table):,} areas: every figure is in the chart's CSV.")
    if len(lines) > NOTE_LINES:
        lines = [*lines[:NOTE_LINES], f"... and {len(lines) - NOTE_LINES} more: every figure is in the chart's CSV."]
    return lines


def chart_notes(chart: Chart) -> str:
    family = "trend" if chart.chart_id.startswith("trend") else chart.chart_id
    caution = WHAT_NOT_TO_CONCLUDE.get(family, "")
    parts = [chart.sentence, "The numbers behind the chart:", *numbers(chart)]
    if caution:
        parts += ["What not to conclude:", caution]
    return "\n".join(part for part in parts if part)


def chart_slide(chart_id: str, query: str) -> Slide | None:
    found = charts.find(chart_id, query)
    if found is None or found.chart is None or not found.chart.drawn:
        return None
    chart = found.chart
    return Slide(chart.title, chart.sentence, chart, (), chart_notes(chart), chart.source, found.page_link)


def board_map_slide(board: str, board_name: str) -> Slide | None:
    """The local authority map with the board's local authorities outlined."""
    slide = chart_slide("map", "")
    if slide is None:
        return None
    las = data.areas("la")
    members = tuple(sorted(las.loc[las[col.LHB_CODE] == board, col.AREA_CODE]))
    label = f"{board_name}: its {len(members)} local authorities"
    return replace(slide, kicker=f"{slide.kicker}; outlined: {label}", outline=members, outline_label=label)


def _first(*choices: tuple[str, str]) -> Slide | None:
    return next((slide for chart_id, query in choices if (slide := chart_slide(chart_id, query)) is not None), None)


def headline_slide(board: str, board_name: str) -> Slide:
    wales = chart_slide("quintiles", "")
    own = _first(("area-profile", f"area={board}"), ("area-members", f"area={board}"))
    points = tuple(slide.headline for slide in (wales, own) if slide is not None)
    notes = "\n".join(slide.notes for slide in (wales, own) if slide is not None)
    return Slide(f"Who dies too young: Wales and {board_name}", "Deaths before 75: the gap between the most and "
                 "least deprived, and where the board stands", None, points, notes, "", "")  # fmt: skip


def caveats_slide(chart_slides: list[Slide]) -> Slide:
    sources = sorted({slide.source for slide in chart_slides if slide.source})
    notes = "\n".join(f"{term} {text}" for term, text in CAVEATS) + "\nSources:\n" + "\n".join(sources)
    return Slide("What these figures can and cannot show", "Caveats and sources", None,
                 tuple(term for term, _ in CAVEATS), notes, "", "/methods")  # fmt: skip


@data.per_build
def build(spec: PresentSpec) -> Deck:
    names = boards().set_index(col.AREA_CODE)[col.AREA_NAME]
    board_name = str(names.get(spec.board, spec.board))
    if spec.slides:
        chosen = [chart_slide(*link.partition("?")[::2]) for link in spec.slides]
        middle = [slide for slide in chosen if slide is not None]
        first: list[Slide] = []
    else:
        area = f"area={spec.board}"
        middle = [slide for slide in (
            board_map_slide(spec.board, board_name),
            chart_slide("quintiles", ""),
            chart_slide("slope-quintile", ""),
            _first(("area-within", area), ("area-spread", area)),
            _first(("area-profile", area), ("area-members", area)),
        ) if slide is not None]  # fmt: skip
        first = [headline_slide(spec.board, board_name)]
    vintages = tuple(sorted({slide.source for slide in middle if slide.source}))
    return Deck(spec.board, board_name, (*first, *middle, caveats_slide(middle)), vintages)
