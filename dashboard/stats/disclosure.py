"""Disclosure control and small-number rules, in one place and one configurable rule.

- No rate (or CI) from fewer than 10 deaths: PHE's practice, after Morris et al. (2018)
  showed DSR intervals are unreliable below 10 events.
- Primary suppression: no count above 0 and below 5 (halves from the 50/50 split and shares of
  merged LSOAs included) for an area below local authority level (LSOAs), so no person can be
  recognised from a small-area table.
- Secondary (complementary) suppression, as ONS and NHS Digital apply it: figures add up
  (persons = male + female; avoidable = preventable + treatable; a local authority, a health
  board or a WIMD group = the sum of its LSOAs), so a withheld count could be worked out by
  subtraction from the figures around it. For every such sum, more counts are withheld until no
  withheld count can be recovered: never a sum with one withheld term, and never withheld terms
  whose known total pins each of them to the smallest count possible. `recoverable` is the
  adversary that tries every route, repeatedly, and the tests run it on the pipeline's output.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from dashboard.model import columns as col

# Why a figure is withheld, as codes in the suppressed_reason column (several joined by "; "):
# `labels.reason_words` says them, so the data holds no sentence to translate or parse back.
RATE_FEW_DEATHS = "rate-few-deaths"
COUNT_SMALL_AREA = "count-small-area"
COUNT_SECONDARY = "count-secondary"
SMOOTHED_GUARD = "smoothed-would-disclose"  # smoothed figures coarsened or withheld (deaths.disclosure_guard)
REASON_SEPARATOR = "; "
SMALLEST_UNIT = 0.5  # counts are multiples of a half death (the 50/50 split); a withheld count is at least this


@dataclass(frozen=True)
class DisclosureRule:
    min_deaths_for_rate: int = 10
    smallest_shown_count: int = 5  # counts above 0 and below this are withheld ...
    small_count_levels: frozenset[str] = field(default_factory=lambda: frozenset({"lsoa11", "lsoa21"}))  # ... here


DEFAULT_RULE = DisclosureRule()


@dataclass(frozen=True)
class Relation:
    """Rows of a frame that add up: the row at `total` (if held) is the sum of the rows at `parts`
    (positions, not labels)."""

    total: int | None
    parts: tuple[int, ...]

    def terms(self) -> tuple[int, ...]:
        return self.parts if self.total is None else (self.total, *self.parts)


def _exposed(relation: Relation, deaths: np.ndarray, hidden: np.ndarray, terms: np.ndarray | None = None) -> list[int]:
    """The hidden terms of one sum that an adversary could work out from the shown ones: the one
    hidden term of a sum; or every hidden part when the shown total, less the shown parts, leaves
    no more than the smallest count for each of them. `terms`: the relation's terms as an array,
    when the caller holds them already."""
    if terms is None:
        terms = np.fromiter(relation.terms(), dtype=np.intp)  # an authority's sum has a hundred terms or more
    unknown = terms[hidden[terms]].tolist()
    if len(unknown) == 1:
        return unknown
    if not unknown or relation.total is None or hidden[relation.total]:
        return []
    parts = terms[1:]
    rest = deaths[relation.total] - deaths[parts[~hidden[parts]]].sum()
    return unknown if rest <= len(unknown) * SMALLEST_UNIT + 1e-9 else []


def secondary_suppression(deaths: np.ndarray, withheld: np.ndarray, relations: Sequence[Relation]) -> np.ndarray:
    """The withheld mask grown until no relation exposes a hidden count: each time one does, the
    smallest shown part of that sum (or its total, when no part is left) is withheld as well.

    Sweeps the relations in order, as often as anything changes; a relation is looked at again
    only when one of its terms has been withheld since it was last looked at (whether a sum
    exposes a count depends on its own terms alone): one later in the order in this same sweep,
    one earlier in the next. That gives the same mask as looking at every relation with a
    withheld term on every sweep, and costs as many looks as there are changes (a heap of the
    sweep's due relations), not a scan of every relation after each change: pooled LSOA periods
    make thousands of changes among a million sums."""
    hidden = withheld.copy()
    terms = [relation.terms() for relation in relations]
    sizes = np.fromiter((len(t) for t in terms), dtype=np.intp, count=len(terms))
    flat = np.fromiter(chain.from_iterable(terms), dtype=np.intp, count=int(sizes.sum()))
    starts = np.concatenate([[0], np.cumsum(sizes)])  # relation i's terms: flat[starts[i]:starts[i + 1]]
    owner = np.repeat(np.arange(len(terms)), sizes)  # the relation each entry of `flat` belongs to
    by_term = np.argsort(flat, kind="stable")
    term_start = np.searchsorted(flat[by_term], np.arange(len(hidden) + 1))
    due = np.bincount(owner, weights=hidden[flat], minlength=len(terms)) > 0  # holds a withheld term
    this_sweep: list[int] = np.flatnonzero(due).tolist()  # sorted: a valid heap
    next_sweep: list[int] = []
    while this_sweep or next_sweep:
        if not this_sweep:
            this_sweep, next_sweep = sorted(next_sweep), []
        index = heapq.heappop(this_sweep)
        due[index] = False
        relation = relations[index]
        newly: list[int] = []
        while _exposed(relation, deaths, hidden, flat[starts[index] : starts[index + 1]]):
            shown = [part for part in relation.parts if not hidden[part]]
            if not shown and relation.total is not None and not hidden[relation.total]:
                shown = [relation.total]
            if not shown:
                break
            term = min(shown, key=lambda term: (deaths[term], term))
            hidden[term] = True
            newly.append(term)
        for term in newly:  # the other sums holding a newly withheld count are due again
            for other in owner[by_term[term_start[term] : term_start[term + 1]]].tolist():
                if other != index and not due[other]:
                    due[other] = True
                    if other > index:
                        heapq.heappush(this_sweep, other)
                    else:
                        next_sweep.append(other)
    return hidden


def recoverable(shown: np.ndarray, relations: Sequence[Relation]) -> set[int]:
    """The adversary: every withheld count (NaN in `shown`) that can be worked out by subtraction,
    using each sum and every count recovered so far, repeated until nothing more comes out."""
    deaths = np.where(np.isnan(shown), 0.0, shown)
    hidden = np.isnan(shown)
    found: set[int] = set()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            exposed = _exposed(relation, deaths, hidden)
            for term in exposed:
                if relation.total is not None and term != relation.total and len(exposed) == 1:
                    others = sum(deaths[part] for part in relation.parts if part != term)
                    deaths[term] = deaths[relation.total] - others
                elif term == relation.total:
                    deaths[term] = sum(deaths[part] for part in relation.parts)
                else:
                    deaths[term] = SMALLEST_UNIT  # pinned to the smallest count
                hidden[term] = False
                found.add(term)
                changed = True
    return found


def apply_disclosure(
    frame: pd.DataFrame, rule: DisclosureRule = DEFAULT_RULE, relations: Sequence[Relation] = ()
) -> pd.DataFrame:
    """Blank what the rule forbids in an indicator frame and say why in suppressed_reason.
    `relations` (positions in `frame`) are the sums that secondary suppression protects."""
    result = frame.reset_index(drop=True)
    deaths = result[col.DEATHS].to_numpy(dtype="float64", na_value=np.nan)
    few = result[col.DEATHS] < rule.min_deaths_for_rate
    small = (
        result[col.GEOGRAPHY_LEVEL].isin(rule.small_count_levels)
        & (result[col.DEATHS] > 0)
        & (result[col.DEATHS] < rule.smallest_shown_count)
    )
    hidden = secondary_suppression(np.nan_to_num(deaths), small.to_numpy(), relations) if relations else small
    secondary = pd.Series(np.asarray(hidden), index=result.index) & ~small
    # Each row's reasons as a number (one bit per reason), then the words of each number: eight
    # strings joined once, not a string built for each of a hundred thousand rows.
    reasons = (RATE_FEW_DEATHS, COUNT_SMALL_AREA, COUNT_SECONDARY)
    bits = sum((mask.to_numpy() << bit for bit, mask in enumerate((few, small, secondary))), np.zeros(len(result), int))
    words = [REASON_SEPARATOR.join(r for bit, r in enumerate(reasons) if number >> bit & 1) for number in range(8)]
    joined = pd.Series(np.asarray(words, dtype=object)[bits], index=result.index, dtype="str")
    result.loc[few, [col.VALUE, col.LOWER, col.UPPER]] = np.nan
    result.loc[small | secondary, col.DEATHS] = np.nan
    earlier = result.get(col.SUPPRESSED_REASON)
    result[col.SUPPRESSED_REASON] = joined.where(joined != "", earlier)
    return result
