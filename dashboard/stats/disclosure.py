"""Disclosure control and small-number rules, in one place and one configurable rule.

- No rate (or CI) from fewer than 10 deaths: PHE's practice, after Morris et al. (2018)
  showed DSR intervals are unreliable below 10 events.
- No count of 1-4 for an area below local authority level (LSOAs), so no person can be
  recognised from a small-area table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import columns as col


@dataclass(frozen=True)
class DisclosureRule:
    min_deaths_for_rate: int = 10
    smallest_shown_count: int = 5  # counts 1 .. smallest_shown_count - 1 are withheld ...
    small_count_levels: frozenset[str] = field(default_factory=lambda: frozenset({"lsoa11", "lsoa21"}))  # ... here

    def rate_reason(self) -> str:
        return f"fewer than {self.min_deaths_for_rate} deaths: rate not calculated"

    def count_reason(self) -> str:
        return f"1-{self.smallest_shown_count - 1} deaths in a small area: count withheld"


DEFAULT_RULE = DisclosureRule()


def apply_disclosure(frame: pd.DataFrame, rule: DisclosureRule = DEFAULT_RULE) -> pd.DataFrame:
    """Blank what the rule forbids in an indicator frame and say why in suppressed_reason."""
    result = frame.copy()
    deaths = result[col.DEATHS]
    few = deaths < rule.min_deaths_for_rate
    small = (
        result[col.GEOGRAPHY_LEVEL].isin(rule.small_count_levels) & (deaths >= 1) & (deaths < rule.smallest_shown_count)
    )
    joined = (
        pd.Series(np.where(few, rule.rate_reason(), ""), index=result.index)
        + np.where(few & small, "; ", "")
        + np.where(small, rule.count_reason(), "")
    )
    result.loc[few, [col.VALUE, col.LOWER, col.UPPER]] = np.nan
    result.loc[small, col.DEATHS] = np.nan
    earlier = result.get(col.SUPPRESSED_REASON)
    result[col.SUPPRESSED_REASON] = joined.where(joined != "", earlier)
    return result
