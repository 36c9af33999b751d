"""How strongly two area measures go together, with the uncertainty 22 areas leave.

Pearson's r with Fisher's z interval (z = atanh r, SE = 1 / sqrt(n - 3)), and Spearman's rank
correlation beside it, since one outlying authority can carry r. An ecological correlation: it
describes areas, never the people in them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from dashboard.stats.intervals import z_value

MIN_AREAS = 4  # Fisher's interval needs n > 3


@dataclass(frozen=True)
class Correlation:
    r: float
    lower: float
    upper: float
    rank_r: float  # Spearman's rho
    areas: int

    @property
    def beyond_chance(self) -> bool:
        """True when the interval excludes zero (a two-sided test of no correlation at that level)."""
        return self.lower > 0 or self.upper < 0


def correlation(x: ArrayLike, y: ArrayLike, *, confidence: float = 0.95) -> Correlation:
    """Pearson's r of paired values with its Fisher z interval; pairs with a missing value are
    dropped (and counted in `areas`), fewer than four pairs or a constant variable is an error."""
    first, second = np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64")
    if first.shape != second.shape:
        raise ValueError(f"x and y differ in length: {first.shape} and {second.shape}")
    kept = ~(np.isnan(first) | np.isnan(second))
    first, second = first[kept], second[kept]
    if len(first) < MIN_AREAS:
        raise ValueError(f"a correlation with an interval needs at least {MIN_AREAS} areas, got {len(first)}")
    if np.ptp(first) == 0 or np.ptp(second) == 0:
        raise ValueError("one of the two measures is the same in every area: no correlation is defined")
    r = float(np.corrcoef(first, second)[0, 1])
    r = min(max(r, -1.0), 1.0)
    margin = z_value(confidence) / np.sqrt(len(first) - 3)
    centre = np.arctanh(min(max(r, -0.999999999), 0.999999999))
    rank_r = float(np.corrcoef(_ranks(first), _ranks(second))[0, 1])
    return Correlation(r, float(np.tanh(centre - margin)), float(np.tanh(centre + margin)), rank_r, len(first))


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties given their mean rank (as Spearman's rho needs)."""
    order = values.argsort(kind="stable")
    ranks = np.empty(len(values), dtype="float64")
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    return ranks
