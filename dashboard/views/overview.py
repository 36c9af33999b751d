"""The overview: the answer first. Deaths before 75 by WIMD fifth of Wales, the gap between the
most and least deprived fifth in plain words from the data, the key numbers with their CIs, excess
deaths, and the spread between local authorities."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import columns as col
from dashboard import data
from dashboard.figures.deprivation import GroupChartOptions, make_group_figure
from dashboard.groups import chosen, complete, wales_row
from dashboard.labels import RATE_LABEL, indicator_label
from dashboard.measures import BY_ID, map_frame, periods
from dashboard.messages import excess_sentence, gap_sentence, range_sentence
from dashboard.source_lines import group_source_note
from dashboard.views.base import Chart, Query, ViewModel, language, read_query, write_query
from dashboard.views.gaps import gap_figures, ons_excess_deaths

PARAMETERS = ("lang",)
HEADLINE_INDICATOR = "premature_mortality"
QUINTILES = "quintiles"


@dataclass(frozen=True)
class OverviewSpec:
    lang: str = "en"


@dataclass(frozen=True)
class KeyNumber:
    label: str
    value: str
    detail: str


@dataclass(frozen=True, eq=False)
class OverviewView(ViewModel):
    key_numbers: tuple[KeyNumber, ...]
    sentences: tuple[str, ...]  # excess deaths, then the spread between local authorities


def parse(query: Query) -> tuple[OverviewSpec, list[str]]:
    values, problems = read_query(query, PARAMETERS)
    return OverviewSpec(language(values, problems)), problems


def to_query(spec: OverviewSpec) -> str:
    return write_query({"lang": spec.lang})


def _ci(lower: float, upper: float, decimals: int = 1) -> str:
    return f"95% CI {lower:,.{decimals}f} to {upper:,.{decimals}f}"


def key_numbers(indicator: str) -> tuple[KeyNumber, ...]:
    """Wales, the most and least deprived fifth, their ratio and gap, each with its CI."""
    rows = chosen(indicator)
    if not complete(rows):  # the refusal is the headline; no number is made from an incomplete set
        return ()
    figures = gap_figures(rows)
    period = str(figures.most[col.PERIOD])
    wales = wales_row(indicator, period)
    numbers = []
    if wales is not None:
        numbers.append(KeyNumber(f"Deaths before 75 in Wales, {period}", f"{wales[col.VALUE]:,.1f}",
                                 f"per 100,000; {_ci(wales[col.LOWER], wales[col.UPPER])}"))  # fmt: skip
    for label, row in (("Most deprived fifth", figures.most), ("Least deprived fifth", figures.least)):
        numbers.append(
            KeyNumber(label, f"{row[col.VALUE]:,.1f}", f"per 100,000; {_ci(row[col.LOWER], row[col.UPPER])}")
        )
    numbers += [
        KeyNumber("Ratio, most to least deprived", f"{figures.ratio.value:.2f}",
                  f"95% CI {figures.ratio.lower:.2f} to {figures.ratio.upper:.2f}"),
        KeyNumber("Gap, most minus least deprived", f"{figures.gap.value:,.0f}",
                  f"per 100,000; {_ci(figures.gap.lower, figures.gap.upper, 0)}"),
    ]  # fmt: skip
    return tuple(numbers)


def area_sentence() -> str:
    """The newest published avoidable mortality by local authority, highest against lowest."""
    measure = BY_ID["avoidable"]
    available = periods(measure)
    if not available:
        return ""
    shown = map_frame(measure, available[0])
    return range_sentence(shown.frame, "Avoidable mortality under 75 by local authority", available[0])


@data.per_build
def build(spec: OverviewSpec) -> OverviewView:
    rows = chosen(HEADLINE_INDICATOR)
    title = f"{indicator_label(HEADLINE_INDICATOR)} by WIMD fifth, Wales"
    if rows.empty:
        return OverviewView((Chart(QUINTILES, title, "No figures by deprivation are built.", "", None),), (), ())
    title += f", {rows[col.PERIOD].iloc[0]}"
    source = group_source_note(rows)
    synthetic = bool((rows[col.ORIGIN] == "synthetic").any())
    options = GroupChartOptions(
        title=title, value_label=RATE_LABEL, group_label="quintile", source_note=source, synthetic=synthetic
    )
    chart = Chart(QUINTILES, title, gap_sentence(rows, HEADLINE_INDICATOR, "quintile"), source,
                  make_group_figure(rows, options).to_plotly_json(), rows, synthetic)  # fmt: skip
    excess, year = ons_excess_deaths(HEADLINE_INDICATOR)
    return OverviewView((chart,), key_numbers(HEADLINE_INDICATOR), (excess_sentence(excess, year), area_sentence()))
