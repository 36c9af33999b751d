"""The sums disclosure control must protect in the records pipeline's output: which rows add up
to which, so that secondary suppression leaves no withheld count to be worked out by subtraction."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from dashboard.deaths.geography import Geography
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.breakdowns import Grouping
from dashboard.stats.disclosure import DEFAULT_RULE, DisclosureRule, Relation

SEX_PARTS = ("Male", "Female")
AVOIDABLE_PARTS = tuple(indicators.AVOIDABLE_PARTS)


def additive_relations(
    frame: pd.DataFrame, geography: Geography, rule: DisclosureRule = DEFAULT_RULE
) -> list[Relation]:
    """Every sum in the frame that involves a small-area row (the only rows with withheld counts):
    persons = male + female and avoidable = preventable + treatable for each LSOA row; and each
    local authority, health board and WIMD group (national, and within each board) = the sum of its
    LSOAs, for each indicator, period and sex. Positions refer to `frame` as given."""
    frame = frame.assign(_position=np.arange(len(frame)))
    small = frame[frame[col.GEOGRAPHY_LEVEL].isin(rule.small_count_levels)]
    # Totals are looked up only for the small areas' periods and age groups (not the age bands of
    # the larger areas' age-specific rates): the lookups below are then a sixth of the rows.
    totals = frame[frame[col.PERIOD].isin(small[col.PERIOD].unique()) & frame[col.AGE_GROUP].isin(
        small[col.AGE_GROUP].unique())][[col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.BREAKDOWN, col.GROUP_EDITION,
        col.GROUP_SCHEME, col.GROUP_KIND, col.GROUP_NUMBER, col.INDICATOR, col.PERIOD, col.SEX, col.AGE_GROUP,
        "_position"]]  # fmt: skip
    relations: list[Relation] = []
    for split, total, parts in (
        (col.SEX, "Persons", SEX_PARTS),
        (col.INDICATOR, "avoidable_mortality", AVOIDABLE_PARTS),
    ):
        others = [c for c in (col.INDICATOR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.PERIOD, col.SEX, col.AGE_GROUP)
                  if c != split]  # fmt: skip
        wide = small.pivot_table(index=others, columns=split, values="_position", aggfunc="first")
        if total not in wide or not set(parts) & set(wide.columns):
            continue
        held = wide[[part for part in parts if part in wide.columns]].to_numpy()
        wholes = wide[total].to_numpy()
        usable = ~np.isnan(wholes) & ~np.isnan(held).all(axis=1)  # a part with no deaths has no row: 0
        for whole, row in zip(wholes[usable].astype(int).tolist(), held[usable].tolist(), strict=True):
            relations.append(Relation(whole, tuple(int(p) for p in row if p == p)))  # NaN != NaN
    plain = small[small[col.BREAKDOWN].isna()]
    lsoas = plain.merge(geography.lsoa, left_on=col.AREA_CODE, right_on=col.LSOA11_CODE, how="left")
    key = [col.INDICATOR, col.PERIOD, col.SEX, col.AGE_GROUP]
    parents: list[tuple[str, list[str], Grouping | None]] = [  # (level of the total, LSOA columns naming it, grouping)
        ("la", [col.LA_CODE], None), ("lhb", [col.LHB_CODE], None),
        *((grouping.level, [col.LHB_CODE, column] if grouping.level == "lhb" else [column], grouping)
          for column, grouping in geography.groupings.items()),
    ]  # fmt: skip
    lsoa_positions = lsoas["_position"].to_numpy()
    for level, columns, grouping in parents:
        at_level = totals[totals[col.GEOGRAPHY_LEVEL] == level]
        if grouping is not None:
            held_totals = at_level[
                (at_level[col.GROUP_EDITION] == str(grouping.edition)) & (at_level[col.GROUP_SCHEME] == grouping.scheme)
                & (at_level[col.GROUP_KIND] == grouping.kind)
            ]  # fmt: skip
            group = held_totals[col.GROUP_NUMBER].astype(int)
            names = [*(held_totals[k] for k in key), *([held_totals[col.AREA_CODE]] if level == "lhb" else []), group]
        else:
            held_totals = at_level[at_level[col.BREAKDOWN].isna()]
            names = [*(held_totals[k] for k in key), held_totals[col.AREA_CODE]]
        # Plain Python values (lists), not pyarrow-backed strings, for the lookups: millions of them.
        lookup = dict(zip(zip(*(names_.tolist() for names_ in names), strict=True),
                          held_totals["_position"].tolist(), strict=True))  # fmt: skip
        usable = lsoas.dropna(subset=columns)
        positions = lsoa_positions[usable.index]
        for group_key, rows in usable.groupby([*key, *columns], sort=False).indices.items():
            named = tuple(int(v) if isinstance(v, float) else v for v in cast(tuple[object, ...], group_key))
            relations.append(Relation(lookup.get(named), tuple(positions[rows].tolist())))
    return relations
