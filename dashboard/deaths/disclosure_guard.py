"""What each LSOA's smoothed figures may publish without giving back a withheld count.

The adversary is strong: it knows the model's fitted parameters, every expected count and every
count the disclosure rule shows. An area's published figures (rounded ratio and limits, or only
their bands) are a non-decreasing function of two things it does not see: the area's own count
(when withheld) and the sum of its neighbours' counts (which makes the area's prior). So the
adversary's best is to find the range of each that gives the same published figures. For each
area, at each level of detail in turn (numbers, then bands only), that range is found by a
binary search on the candidates; the level is kept unless the range pins a withheld count (its
own, or a neighbour's once the shown neighbours are taken away) to less than one death.

Limits: the areas are checked one at a time. An adversary that intersects what several
overlapping neighbourhoods say is not modelled; the ranges found are seldom tight (a rounded
ratio's step is two to four deaths), and the tests run an independent brute-force adversary on
the pipeline's output.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dashboard.deaths.small_areas import (
    BANDS_ONLY,
    DECIMALS,
    MIN_SHOWN,
    SEARCH,
    SHOWN,
    STEP,
    WITHHELD,
    SmallAreaInputs,
    ratio_band,
)
from dashboard.stats import smoothing

# (own count, neighbours' sum, of the areas at these positions) -> their published figures
Published = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]]
STEPS = int(2 * SEARCH / STEP)  # candidates tried either side of the truth


def figures_of(inputs: SmallAreaInputs, result: smoothing.Smoothed, detail: str, method: str) -> Published:
    """The published figures as a function of each area's own count and its neighbours' sum (which
    only the spatial model's prior depends on)."""
    shape, rate = float(result.prior_shape[0]), result.prior_rate
    prior_shape, prior_rate = smoothing.global_prior(inputs.observed, inputs.expected)
    area, neighbour = inputs.neighbours
    neighbours_expected = np.bincount(area, weights=inputs.expected[neighbour], minlength=len(inputs.codes))

    def published(own: np.ndarray, summed: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, ...]:
        if method == "spatial":
            rate_now = shape / ((prior_shape + summed) / (prior_rate + neighbours_expected[rows]))
        else:
            rate_now = rate[rows]
        post = smoothing.posterior(own, inputs.expected[rows], np.full_like(own, shape), rate_now)
        bands = (ratio_band(post.ratio), smoothing.exceedance_band(post.exceedance))
        if detail == BANDS_ONLY:
            return bands
        return (np.round(post.ratio, DECIMALS), np.round(post.lower, DECIMALS), np.round(post.upper, DECIMALS), *bands)

    return published


def _same(left: tuple[np.ndarray, ...], right: tuple[np.ndarray, ...]) -> np.ndarray:
    return np.logical_and.reduce([a == b for a, b in zip(left, right, strict=True)])


def reach(figures: Callable[[np.ndarray], tuple[np.ndarray, ...]], truth: np.ndarray, direction: int,
          floor: np.ndarray) -> np.ndarray:  # fmt: skip
    """How far from `truth` (in candidates of STEP, up to STEPS) the value can move in `direction`
    and give the same figures: binary search, as the figures are monotone in the value."""
    target = figures(truth)
    inside, outside = np.zeros(len(truth), dtype="int64"), np.full(len(truth), STEPS + 1)
    limit = np.where(direction < 0, np.floor((truth - floor) / STEP), STEPS).astype("int64")
    outside = np.minimum(outside, limit + 1)
    while (outside - inside > 1).any():
        middle = (inside + outside) // 2
        candidate = np.maximum(truth + direction * middle * STEP, floor)
        same = _same(figures(candidate), target) & (middle < outside)
        inside, outside = np.where(same, middle, inside), np.where(same, outside, middle)
    return inside


def own_count_pinned(inputs: SmallAreaInputs, published: Published, summed: np.ndarray, withheld: np.ndarray,
                     primary: np.ndarray) -> np.ndarray:  # fmt: skip
    """Areas whose withheld count their own figures pin to less than one death (only the
    withheld areas are searched: a shown count has nothing to give back)."""
    rows = np.flatnonzero(withheld)
    figures = lambda own: published(own, summed[rows], rows)  # noqa: E731
    truth = inputs.observed[rows]
    low = truth - reach(figures, truth, -1, np.zeros_like(truth)) * STEP
    high = truth + reach(figures, truth, +1, np.zeros_like(truth)) * STEP
    low, high = within_rule(low, high, primary[rows])
    pinned = np.zeros(len(withheld), dtype=bool)
    pinned[rows] = high - low < 1
    return pinned


def within_rule(low: np.ndarray, high: np.ndarray, primary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A withheld count's range narrowed by what the rule says of it: a primary one is above 0 and
    below the smallest count shown; any other (secondary) is 0 or at least that."""
    low = np.where(primary, np.maximum(low, STEP), np.where((low > 0) & (low < MIN_SHOWN), MIN_SHOWN, low))
    high = np.where(primary, np.minimum(high, MIN_SHOWN - STEP), np.where((high > 0) & (high < MIN_SHOWN), 0, high))
    return low, high


def neighbour_pinned(inputs: SmallAreaInputs, published: Published, summed: np.ndarray, withheld: np.ndarray,
                     primary: np.ndarray) -> np.ndarray:  # fmt: skip
    """Areas whose figures, less the shown neighbours' counts, pin a withheld neighbour's count."""
    every = np.arange(len(summed))
    figures = lambda total: published(inputs.observed, total, every)  # noqa: E731
    low = summed - reach(figures, summed, -1, np.zeros_like(summed)) * STEP
    high = summed + reach(figures, summed, +1, np.zeros_like(summed)) * STEP
    pinned = np.zeros(len(summed), dtype=bool)
    area, neighbour = inputs.neighbours
    smallest = np.where(primary, STEP, 0.0)
    largest = np.where(primary, MIN_SHOWN - STEP, np.inf)
    for position in np.flatnonzero(withheld[neighbour] & (high[area] - low[area] < 2 * STEPS * STEP)):
        i = area[position]
        members = neighbour[area == i]
        hidden = members[withheld[members]]
        known = inputs.observed[members[~withheld[members]]].sum()
        j = neighbour[position]
        others = hidden[hidden != j]
        lowest, highest = within_rule(np.array([low[i] - known - largest[others].sum()]),
                                      np.array([high[i] - known - smallest[others].sum()]), primary[[j]])  # fmt: skip
        pinned[i] |= bool(highest[0] - lowest[0] < 1)
    return pinned


def guard(inputs: SmallAreaInputs, result: smoothing.Smoothed, withheld: np.ndarray, primary: np.ndarray,
          method: str) -> np.ndarray:  # fmt: skip
    """SHOWN, BANDS_ONLY or WITHHELD for each area: the most detail that pins no withheld count."""
    area, neighbour = inputs.neighbours
    summed = np.bincount(area, weights=inputs.observed[neighbour], minlength=len(inputs.codes))
    level = np.full(len(inputs.codes), WITHHELD, dtype=object)
    for detail in (BANDS_ONLY, SHOWN):  # finer detail wins where it is safe
        published = figures_of(inputs, result, detail, method)
        pinned = own_count_pinned(inputs, published, summed, withheld, primary)
        if method == "spatial":  # the global prior is the same for every area: it tells nothing of the neighbours
            pinned |= neighbour_pinned(inputs, published, summed, withheld, primary)
        level = np.where(pinned, level, detail)
    return level
