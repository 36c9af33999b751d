"""Sums over periods by array arithmetic: each measure by (LSOA, band or sex, year), summed over
whole LSOAs for every other area (`LsoaSums`), and a period-by-year membership matrix that pools
the years of every period (each year alone, and every pool holding it) in one product."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from dashboard.model import columns as col

POOLED = "_pooled"


PERIOD_ID = "_period_id"
WALES_KEY = "_wales"
ROWS = "_rows"  # the count of rows in each cell: a cell with none is absent, as from a groupby


def period_members(periods: list[tuple[str, list[int], bool]]) -> pd.DataFrame:
    """One row per (period, year in it): how each year's counts join every period holding it.
    Period labels are categories (sorted as text), one type for every frame the pipeline makes."""
    members = pd.DataFrame(
        [(index, label, year, pooled) for index, (label, years, pooled) in enumerate(periods) for year in years],
        columns=[PERIOD_ID, col.PERIOD, col.YEAR, POOLED],
    )
    return members.astype({col.PERIOD: pd.CategoricalDtype(sorted({label for label, _years, _pooled in periods}))})


class LsoaSums:
    """Measures summed to (LSOA, rest cell, year), from which every area and group is pooled.

    Every board, authority and WIMD group is a set of whole LSOAs, so its sums are sums of these.
    LSOAs sharing every grouping (the same board, authority and WIMD groups: some 630 classes of
    1,909 LSOAs) are summed once, and each geography is pooled from those class sums instead of
    passing over every cell again. `areas` is the LSOA table in the LSOA codes' category order
    (`rows_in_category_order`); `rest` the columns kept apart within each area and period (the ESP
    band, or sex) with their levels; `sums` each measure (and ROWS, the rows in each cell) as an
    array (LSOA, *rest, year)."""

    def __init__(
        self, areas: pd.DataFrame, sums: dict[str, np.ndarray], rest: dict[str, pd.Index | pd.Categorical[Any]],
        years: pd.Index | pd.Categorical[Any],
    ) -> None:  # fmt: skip
        self.areas, self.rest, self.years = areas, rest, years
        self.measures = [name for name in sums if name != ROWS]
        self.sums = {name: values.reshape(len(areas), -1) for name, values in sums.items()}
        groupings = [name for name in areas.columns if name != col.LSOA11_CODE]
        class_of_lsoa, first = _classes(areas[groupings])
        self.classes = areas[groupings].take(first).reset_index(drop=True)
        self.class_sums = _summed_by_area(self.sums, [class_of_lsoa], [len(first)])

    def pooled(self, key: str, breakdown_column: str | None, members: pd.DataFrame) -> pd.DataFrame:
        """The measures summed to (area[, group], period, rest) for every period in `members`, as
        a sorted `groupby(observed=True)` gives them: only cells that hold rows, in key order."""
        wales = key == WALES_KEY  # one area: no key column to group by (it is added after)
        keys = ([] if wales else [key]) + ([breakdown_column] if breakdown_column else [])
        table, sums = (self.areas, self.sums) if key == col.LSOA11_CODE else (self.classes, self.class_sums)
        coded = [_sorted_codes(table[name]) for name in keys]
        key_shape = [len(levels) for _codes, levels in coded]
        period_ids, membership = _membership(members, self.years)
        by_area = _summed_by_area(sums, [codes for codes, _levels in coded], key_shape)
        rest_shape = [len(levels) for levels in self.rest.values()]

        def by_period(name: str) -> np.ndarray:
            """One measure by (area cell, period, rest cell), flattened in that order."""
            pooled = by_area[name].reshape(-1, len(self.years)) @ membership  # (area cell × rest cell, period)
            return np.moveaxis(pooled.reshape(len(by_area[name]), -1, len(period_ids)), -1, 1).reshape(-1)

        present = np.flatnonzero(by_period(ROWS) > 0)
        positions = np.unravel_index(present, [*key_shape, len(period_ids), *rest_shape])
        out: dict[str, object] = {name: coded[index][1].take(positions[index]) for index, name in enumerate(keys)}
        out[col.PERIOD] = _period_labels(members, period_ids).take(positions[len(keys)])
        for index, (name, levels) in enumerate(self.rest.items(), start=len(keys) + 1):
            out[name] = levels.take(positions[index])
        out.update({name: by_period(name)[present] for name in self.measures})
        result = pd.DataFrame(out)
        return result.assign(**{WALES_KEY: col.WALES_CODE}) if wales else result


def _classes(groupings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each LSOA's class (the same value in every grouping column) and each class's first LSOA."""
    codes = [_sorted_codes(groupings[name])[0] + 1 for name in groupings.columns]  # missing -1 -> 0
    combined = np.ravel_multi_index(codes, [int(c.max()) + 1 for c in codes]) if codes else np.zeros(len(groupings))
    _distinct, first, class_of = np.unique(combined, return_index=True, return_inverse=True)
    return class_of, first


def _summed_by_area(
    sums: dict[str, np.ndarray], key_codes: list[np.ndarray], key_shape: list[int]
) -> dict[str, np.ndarray]:
    """Rows of `sums` added up by their key cell (rows with a missing key left out): one row per
    key cell, zeros where none; the rows as they are when each is its own cell (the LSOAs)."""
    rows = len(next(iter(sums.values())))
    held = np.logical_and.reduce([np.ones(rows, dtype=bool), *(codes >= 0 for codes in key_codes)])
    cell = np.ravel_multi_index([codes[held] for codes in key_codes], key_shape) if key_codes else np.zeros(
        int(held.sum()), dtype="int64"
    )  # fmt: skip
    cells = int(np.prod(key_shape))
    if held.all() and cells == rows and np.array_equal(cell, np.arange(rows)):
        return sums
    order = np.argsort(cell, kind="stable")
    starts = np.flatnonzero(np.diff(cell[order], prepend=-1))
    targets = cell[order][starts]  # the key cell of each run of rows
    rows_in_order = np.flatnonzero(held)[order]
    summed = {}
    for name, values in sums.items():
        summed[name] = np.zeros((cells, values.shape[1]))
        if len(starts):
            summed[name][targets] = np.add.reduceat(values[rows_in_order], starts, axis=0)
    return summed


def _period_labels(members: pd.DataFrame, period_ids: np.ndarray) -> pd.Categorical[Any]:
    """The period label (categories) of each id in `period_ids`."""
    ids = members[PERIOD_ID].to_numpy()
    _distinct, first = np.unique(ids, return_index=True)
    return cast(pd.Categorical, members[col.PERIOD].array).take(first[np.searchsorted(ids[first], period_ids)])


def _membership(members: pd.DataFrame, years: pd.Index | pd.Categorical[Any]) -> tuple[np.ndarray, np.ndarray]:
    """The period ids in order, and the year-by-period matrix: 1 where a period holds the year."""
    period_ids = np.sort(members[PERIOD_ID].unique())
    membership = np.zeros((len(years), len(period_ids)))
    year_position = {int(year): index for index, year in enumerate(years)}
    for period_id, year in zip(members[PERIOD_ID].tolist(), members[col.YEAR].tolist(), strict=True):
        if year in year_position:
            membership[year_position[year], np.searchsorted(period_ids, period_id)] = 1.0
    return period_ids, membership


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index | pd.Categorical[Any]]:
    """Integer codes in sort order (a category's own order) and the values they stand for; -1 missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.Categorical.from_codes(np.arange(len(values.cat.categories)), dtype=values.dtype)
        return values.cat.codes.to_numpy(), categories
    codes, levels = pd.factorize(values, sort=True)
    return codes, levels
