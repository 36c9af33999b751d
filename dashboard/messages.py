"""Key messages: one-sentence findings written from templates and the data, never typed numbers.
The overview, the inequalities page and the figures' alt text all use these, so they agree."""

from __future__ import annotations

import pandas as pd

from dashboard import columns as col
from dashboard.groups import EDITION, GROUP, complete, withheld
from dashboard.labels import FRACTION, indicator_label, reason_words, synthetic_prefix
from dashboard.stats.inequality import Comparison
from dashboard.views.gaps import gap_figures

# What people in a group did, per indicator, to read as "people … died before 75 at 2.4 times the rate".
VERBS: dict[str, str] = {
    "premature_mortality": "died before the age of 75",
    "avoidable_mortality": "died before 75 of causes that are avoidable",
    "preventable_mortality": "died before 75 of causes that are preventable",
    "treatable_mortality": "died before 75 of causes that are treatable",
    "premature_cancer": "died of cancer before 75",
    "premature_circulatory": "died of circulatory disease before 75",
    "premature_respiratory": "died of respiratory disease before 75",
    "premature_injuries": "died of injuries before 75",
    "premature_other": "died of other causes before 75",
}


def times(ratio: float) -> str:
    """'2.4 times the rate', or plain words near 1, where 'times' misleads."""
    return "about the same rate as" if abs(ratio - 1) < 0.05 else f"{ratio:.1f} times the rate of"


def refusal(rows: pd.DataFrame, kind: str) -> str:
    """Why the summaries of a selection are not given: which groups have no rate, and the rule."""
    missing = withheld(rows)
    fraction = FRACTION[kind]
    numbers = ", ".join(str(int(group)) for group in missing[GROUP])
    reasons = sorted({reason_words(code) for code in missing[col.SUPPRESSED_REASON].dropna()}) or ["rate withheld"]
    which = f"{fraction} {numbers}" if len(missing) == 1 else f"{fraction}s {numbers}"
    return (
        f"No gap, ratio, slope index or excess deaths for this choice: {which} (1 = most deprived) "
        f"{'has' if len(missing) == 1 else 'have'} no rate ({'; '.join(reasons)}), and each of these needs every "
        f"{fraction}."
    )


def gap_sentence(rows: pd.DataFrame, indicator: str, kind: str, *, place: str = "Wales") -> str:
    """'In 2017, people living in the most deprived fifth of Wales died before 75 at 2.4 times …';
    or, when a group has no rate, the refusal (never a gap to the next group along)."""
    if not complete(rows):
        first = rows.iloc[0]
        return synthetic_prefix(first[col.ORIGIN]) + (
            f"{indicator_label(indicator)}, {place}, {first[col.PERIOD]}, by WIMD {first[EDITION]} {kind}: "
            + refusal(rows, kind)
        )
    figures = gap_figures(rows)
    fraction = FRACTION[kind]
    verb = VERBS.get(indicator, "died")
    synthetic = synthetic_prefix(figures.most[col.ORIGIN])
    return (
        f"{synthetic}In {figures.most[col.PERIOD]}, people living in the most deprived {fraction} of {place} {verb} at "
        f"{times(figures.ratio.value)} those in the least deprived {fraction}: "
        f"{figures.most[col.VALUE]:,.0f} against {figures.least[col.VALUE]:,.0f} deaths per 100,000 "
        f"(age-standardised; 95% CI of the ratio {figures.ratio.lower:.2f} to {figures.ratio.upper:.2f}; "
        f"WIMD {figures.most[EDITION]})."
    )


def excess_sentence(result: Comparison, year: int, kind: str = "quintile") -> str:
    return (
        f"Had everyone in Wales died at the age-specific rates of the least deprived {FRACTION[kind]}, about "
        f"{result.value:,.0f} fewer people would have died before 75 in {year} "
        f"(95% CI {result.lower:,.0f} to {result.upper:,.0f})."
    )


def range_sentence(frame: pd.DataFrame, label: str, period: str) -> str:
    """'…, 2020-2022: highest in Blaenau Gwent (…), lowest in … , 1.8 times as high.' from area rows."""
    shown = frame.dropna(subset=[col.VALUE]).sort_values(col.VALUE)
    if len(shown) < 2:
        return ""
    lowest, highest = shown.iloc[0], shown.iloc[-1]
    low, high = float(lowest[col.VALUE]), float(highest[col.VALUE])
    return (
        f"{label}, {period}: highest in {highest[col.AREA_NAME]} ({high:,.1f} per 100,000), "
        f"lowest in {lowest[col.AREA_NAME]} ({low:,.1f}), {high / low:.1f} times as high."
    )


def in_period(period: str) -> str:
    """'in 2014', 'in 2020-2022', but 'in the 2019 edition'."""
    return f"in the {period}" if period.endswith("edition") else f"in {period}"


def trend_sentence(rows: pd.DataFrame, name: str, peers: str | None) -> str:
    """One measure for one area, first and last period (rows in time order, with peer rank and peers):
    the change, its rank at each end among `peers` ("local authorities"), and whether the change
    can be told from chance: 95% CIs that do not overlap (a conservative test)."""
    first, last = rows.iloc[0], rows.iloc[-1]
    change = last[col.VALUE] - first[col.VALUE]
    if pd.isna(first[col.LOWER]) or pd.isna(last[col.LOWER]):
        verdict = "No CIs are published for both periods, so the change is not tested."
    elif first[col.UPPER] < last[col.LOWER] or last[col.UPPER] < first[col.LOWER]:
        verdict = "Their 95% CIs do not overlap: a change beyond chance."
    else:
        verdict = "Their 95% CIs overlap: the change may be chance."
    ranks = (
        "" if peers is None
        else f"; ranked {int(first[col.PEER_RANK])} then {int(last[col.PEER_RANK])} of {int(last[col.PEERS])} {peers} "
             "(1 = highest)"
    )  # fmt: skip
    return (
        f"{indicator_label(first[col.INDICATOR])} in {name}: {first[col.VALUE]:,.1f} per 100,000 "
        f"{in_period(first[col.PERIOD])} and {last[col.VALUE]:,.1f} {in_period(last[col.PERIOD])} ({change:+,.1f})"
        f"{ranks}. {verdict}"
    )
