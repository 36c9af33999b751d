"""The overview: the answer first. Deaths before 75 by WIMD fifth of Wales, the gap between the
most and least deprived fifth in plain words from the data, the key numbers with their CIs, excess
deaths, and the spread between local authorities."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import data
from dashboard.figures.deprivation import GroupChartOptions, make_group_figure
from dashboard.i18n import _, decimal
from dashboard.model import columns as col
from dashboard.model.groups import chosen, complete, gap_figures, wales_row
from dashboard.model.measures import BY_ID, map_frame, periods
from dashboard.views.base import Chart, Query, ViewModel, language, read_query, write_query
from dashboard.views.gaps import ons_excess_deaths
from dashboard.words.labels import ci_words, indicator_label, period_label, rate_label
from dashboard.words.messages import excess_sentence, gap_sentence, range_sentence
from dashboard.words.source_lines import group_source_note

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


def _per_100k(lower: float, upper: float, decimals: int = 1) -> str:
    return _("per 100,000; {ci}").format(ci=ci_words(lower, upper, decimals))


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
        numbers.append(KeyNumber(_("Deaths before 75 in Wales, {period}").format(period=period_label(period)),
                                 decimal(wales[col.VALUE]), _per_100k(wales[col.LOWER], wales[col.UPPER])))  # fmt: skip
    for label, row in ((_("Most deprived fifth"), figures.most), (_("Least deprived fifth"), figures.least)):
        numbers.append(KeyNumber(label, decimal(row[col.VALUE]), _per_100k(row[col.LOWER], row[col.UPPER])))
    numbers += [
        KeyNumber(_("Ratio, most to least deprived"), decimal(figures.ratio.value, 2),
                  ci_words(figures.ratio.lower, figures.ratio.upper, 2)),
        KeyNumber(_("Gap, most minus least deprived"), decimal(figures.gap.value, 0),
                  _per_100k(figures.gap.lower, figures.gap.upper, 0)),
    ]  # fmt: skip
    return tuple(numbers)


def area_sentence() -> str:
    """The newest published avoidable mortality by local authority, highest against lowest."""
    measure = BY_ID["avoidable"]
    available = periods(measure)
    if not available:
        return ""
    shown = map_frame(measure, available[0])
    return range_sentence(shown.frame, _("Avoidable mortality under 75 by local authority"), period_label(available[0]))


@data.per_build
def build(spec: OverviewSpec) -> OverviewView:
    rows = chosen(HEADLINE_INDICATOR)
    title = _("{indicator} by WIMD fifth, Wales").format(indicator=indicator_label(HEADLINE_INDICATOR))
    if rows.empty:
        return OverviewView((Chart(QUINTILES, title, _("No figures by deprivation are built."), "", None),), (), ())
    title += f", {period_label(rows[col.PERIOD].iloc[0])}"
    source = group_source_note(rows)
    synthetic = bool((rows[col.ORIGIN] == "synthetic").any())
    options = GroupChartOptions(
        title=title, value_label=rate_label(), group_label="quintile", source_note=source, synthetic=synthetic
    )
    chart = Chart(QUINTILES, title, gap_sentence(rows, HEADLINE_INDICATOR, "quintile"), source,
                  make_group_figure(rows, options).to_plotly_json(), rows, synthetic)  # fmt: skip
    excess, year = ons_excess_deaths(HEADLINE_INDICATOR)
    return OverviewView((chart,), key_numbers(HEADLINE_INDICATOR), (excess_sentence(excess, year), area_sentence()))
