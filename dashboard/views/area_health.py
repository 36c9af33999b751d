"""The area profile's healthy life expectancy chart: a local authority (or Wales) over ONS's twelve
periods, females and males, against Wales and England. Change is judged only between like-for-
like periods, by a test of the difference; the interim-method periods are named, and the latest is
set against Wales in the same period."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.life_expectancy import AREA, ENGLAND, ROLE, WALES, HleOptions, make_hle_trend_figure
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.model.health import ENGLAND_CODE, HLE_SOURCE, LIKE_FOR_LIKE_PERIODS, is_interim
from dashboard.model.health_frames import hle, hle_periods
from dashboard.stats.inequality import Comparison, absolute_gap, rate_change
from dashboard.views.area_frames import Profile
from dashboard.views.base import Chart
from dashboard.words.health import HLE_METHOD_NOTE, INTERIM_NOTE, difference_words, interval, sex_words, years
from dashboard.words.labels import period_label
from dashboard.words.source_lines import cite

AREA_HLE = "area-hle"
SEXES = ("Female", "Male")
WALES_CODE = "W92000004"


def _estimate(rows: pd.DataFrame, period: str) -> pd.Series | None:
    found = rows[rows[col.PERIOD] == period]
    return None if found.empty else found.iloc[0]


def _change(first: pd.Series, last: pd.Series) -> Comparison:
    return rate_change(first[col.VALUE], first[col.LOWER], first[col.UPPER], last[col.VALUE], last[col.LOWER],
                       last[col.UPPER])  # fmt: skip


def change_sentence(rows: pd.DataFrame, name: str, sex: str) -> str:
    """The like-for-like change of one sex, tested, and the latest period against Wales."""
    start, end = LIKE_FOR_LIKE_PERIODS
    first, last = _estimate(rows[rows[ROLE] == AREA], start), _estimate(rows[rows[ROLE] == AREA], end)
    parts = []
    if first is not None and last is not None:
        parts.append(_("{sex} in {area}: {first} in good health in {start} and {last} in {end}, a change of "
                       "{change}.").format(sex=sex_words(sex)[:1].upper() + sex_words(sex)[1:], area=name,
                                           first=years(first[col.VALUE]), start=start, last=years(last[col.VALUE]),
                                           end=end, change=difference_words(_change(first, last))))  # fmt: skip
    latest_period = max(rows[col.PERIOD])
    reference_role = WALES if (rows[ROLE] == WALES).any() else ENGLAND  # Wales's own profile: against England
    latest = _estimate(rows[rows[ROLE] == AREA], latest_period)
    reference = _estimate(rows[rows[ROLE] == reference_role], latest_period)
    if latest is not None and reference is not None:
        gap = absolute_gap(latest[col.VALUE], latest[col.LOWER], latest[col.UPPER], reference[col.VALUE],
                           reference[col.LOWER], reference[col.UPPER])  # fmt: skip
        parts.append(_("In {period}: {value} ({ci}) against {reference}'s {other}, a difference of {difference}.")
                     .format(period=latest_period, value=years(latest[col.VALUE]),
                             ci=interval(latest[col.LOWER], latest[col.UPPER]), reference=reference[col.AREA_NAME],
                             other=years(reference[col.VALUE]), difference=difference_words(gap)))  # fmt: skip
    return " ".join(parts)


def hle_lines(code: str) -> pd.DataFrame:
    """The area's, Wales's and England's rows, each with its role."""
    rows = hle(levels=("la", "country", "comparator"))
    roles = {WALES_CODE: WALES, ENGLAND_CODE: ENGLAND, code: AREA}  # Wales's own profile: Wales is the area
    rows = rows[rows[col.AREA_CODE].isin(list(roles))]
    return rows.assign(**{ROLE: rows[col.AREA_CODE].map(roles)}).reset_index(drop=True)


def hle_chart(area: Profile) -> Chart:
    """A local authority or Wales over the twelve periods; for a health board, why there is none."""
    title = _("Healthy life expectancy at birth, {area}, females and males").format(area=area.name)
    if area.level not in ("la", "country"):
        why = _("ONS publishes healthy life expectancy for local authorities and Wales, not for health boards: see "
                "each of the board's local authorities.")  # fmt: skip
        return Chart(AREA_HLE, title, why, "", None)
    rows = hle_lines(area.code)
    periods = tuple(sorted(hle_periods()))
    source = _("Source: {source}. Years a newborn could expect to live in self-reported good health. Band: the 95% "
               "CI; hollow markers and shading: {note} Changes tested only between {start} and {end}.").format(
        source=cite(HLE_SOURCE), note=_(INTERIM_NOTE), start=LIKE_FOR_LIKE_PERIODS[0],
        end=LIKE_FOR_LIKE_PERIODS[1])  # fmt: skip
    options = HleOptions(
        title=title, periods=tuple(period_label(period) for period in periods),
        sexes=tuple((sex, sex_words(sex)[:1].upper() + sex_words(sex)[1:]) for sex in SEXES), source_note=source,
        value_label=_("Years in good health"),
    )  # fmt: skip
    sentence = " ".join(change_sentence(rows[rows[col.SEX] == sex], area.name, sex) for sex in SEXES)
    interim = [period for period in periods if is_interim(period)]
    if interim:
        sentence += " " + _("The periods from {first} on use ONS's interim method and are not compared with earlier "
                            "ones.").format(first=interim[0])  # fmt: skip
    figure = make_hle_trend_figure(rows, options).to_plotly_json()
    table = rows[[col.AREA_CODE, col.AREA_NAME, ROLE, col.SEX, col.PERIOD, col.VALUE, col.LOWER, col.UPPER, col.METHOD]]
    return Chart(AREA_HLE, title, sentence, source, figure, table, method_note=_(HLE_METHOD_NOTE))
