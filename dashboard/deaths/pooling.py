"""Sums over periods by array arithmetic: each row's cell from its columns' integer codes, a
`bincount` per measure, and a period-by-year membership matrix that pools the years of every
period (each year alone, and every pool holding it) in one product."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboard.model import columns as col

POOLED = "_pooled"


PERIOD_ID = "_period_id"
WALES_KEY = "_wales"


def period_members(periods: list[tuple[str, list[int], bool]]) -> pd.DataFrame:
    """One row per (period, year in it): how each year's counts join every period holding it.
    Period labels are categories (sorted as text), one type for every frame the pipeline makes."""
    members = pd.DataFrame(
        [(index, label, year, pooled) for index, (label, years, pooled) in enumerate(periods) for year in years],
        columns=[PERIOD_ID, col.PERIOD, col.YEAR, POOLED],
    )
    return members.astype({col.PERIOD: pd.CategoricalDtype(sorted({label for label, _years, _pooled in periods}))})


def pool(
    frame: pd.DataFrame, key: str, breakdown_column: str | None, members: pd.DataFrame, measures: list[str], *,
    by_band: bool, extra: list[str] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """`measures` summed to (area[, group], period[, sex][, band]) for every period in `members`,
    as numpy arrays: each row's cell (its columns' integer codes, and its year) gets a `bincount`
    sum, and a period-by-year membership matrix pools the years in one product. Rows come out as
    a sorted `groupby(observed=True)` gives them: only cells that hold records, in key order."""
    if frame.empty:
        return frame
    wales = key == WALES_KEY  # one area: no key column to group by (it is added after)
    keys = ([] if wales else [key]) + ([breakdown_column] if breakdown_column else [])
    rest = [*(extra or []), *([col.AGE_BAND] if by_band else [])]
    coded = [_sorted_codes(frame[name]) for name in [*keys, *rest]]
    year_codes, years = _sorted_codes(frame[col.YEAR])
    shape = [len(levels) for _codes, levels in coded]
    cells = int(np.prod(shape))
    held = np.logical_and.reduce([codes >= 0 for codes, _levels in coded])  # a missing key: no group, as groupby
    cell = np.ravel_multi_index([codes[held] for codes, _levels in coded], shape) * len(years) + year_codes[held]
    size = cells * len(years)

    period_ids = np.sort(members[PERIOD_ID].unique())
    membership = np.zeros((len(years), len(period_ids)))  # year -> each period holding it
    year_position = {int(year): index for index, year in enumerate(years)}
    for period_id, year in zip(members[PERIOD_ID].tolist(), members[col.YEAR].tolist(), strict=True):
        if year in year_position:
            membership[year_position[year], np.searchsorted(period_ids, period_id)] = 1.0

    def pooled(weights: np.ndarray | None) -> np.ndarray:
        """Sums per (cell, year), pooled to (key cells, period, rest cells): the sorted groupby order."""
        by_year = np.bincount(cell, weights=weights, minlength=size).reshape(cells, len(years))
        by_period = (by_year @ membership).reshape(*shape, len(period_ids))
        return np.moveaxis(by_period, -1, len(keys)).reshape(-1)

    present = np.flatnonzero(pooled(None) > 0)
    positions = np.unravel_index(present, [*shape[: len(keys)], len(period_ids), *shape[len(keys) :]])
    out: dict[str, object] = {}
    for index, name in enumerate(keys):
        out[name] = coded[index][1].take(positions[index])
    out[PERIOD_ID] = period_ids[positions[len(keys)]]
    for index, name in enumerate(rest, start=len(keys)):
        out[name] = coded[index][1].take(positions[index + 1])
    for name in measures:
        out[name] = pooled(frame[name].to_numpy(dtype="float64")[held])[present]
    result = pd.DataFrame(out)
    labels = members.drop_duplicates(PERIOD_ID).set_index(PERIOD_ID)[col.PERIOD]  # categories: fast keys after
    label_positions = labels.index.get_indexer(pd.Index(result.pop(PERIOD_ID)))
    result.insert(len(keys), col.PERIOD, labels.take(label_positions).reset_index(drop=True))
    return result.assign(**{WALES_KEY: col.WALES_CODE}) if wales else result


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index | pd.Categorical[Any]]:
    """Integer codes in sort order (a category's own order) and the values they stand for; -1 missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.Categorical.from_codes(np.arange(len(values.cat.categories)), dtype=values.dtype)
        return values.cat.codes.to_numpy(), categories
    codes, levels = pd.factorize(values, sort=True)
    return codes, levels
