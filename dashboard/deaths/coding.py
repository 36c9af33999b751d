"""Text to integer codes, explicitly, for the records pipeline's array sums.

Why this module exists: `Series.astype(CategoricalDtype(categories))` does nothing when the series
is already categorical with the same *set* of categories in another order (unordered categorical
dtypes compare equal whatever their order), so its `.cat.codes` do not follow `categories`. That
put deaths in the wrong LSOAs whenever an extract held every LSOA in Wales. Here a value's code is
always its position in the categories asked for, found by `Index.get_indexer` on the distinct
values, and decoding the codes is checked to give back the values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


class CodingError(AssertionError):
    """Codes that would not decode to their values: a programming error, never bad input."""


def encode(values: pd.Series, categories: pd.Index, *, allow_missing: bool = False) -> np.ndarray:
    """Each value's position in `categories` (-1 for a missing value, when allowed).

    Works on the distinct values (an extract has millions of rows but thousands of codes) and
    checks that `categories` taken at the codes gives back every distinct value."""
    if not categories.is_unique:
        raise CodingError(f"categories are not unique: {categories[categories.duplicated()].tolist()[:5]}")
    if isinstance(values.dtype, pd.CategoricalDtype):
        row_positions = values.cat.codes.to_numpy().astype(np.int64)  # positions in the series' own categories
        own = values.cat.categories
        used = np.bincount(row_positions + 1, minlength=len(own) + 1)[1:] > 0  # unused categories need no code
        distinct = pd.Index(np.asarray(own, dtype=object)[used])
    else:
        row_positions, uniques = pd.factorize(values)
        distinct = pd.Index(np.asarray(uniques, dtype=object))
        used = np.ones(len(distinct), dtype=bool)
    found_used = categories.get_indexer(distinct)
    unknown = found_used < 0
    if unknown.any():
        examples = distinct[unknown][:5].tolist()
        raise CodingError(f"{int(unknown.sum())} value(s) not among the categories, e.g. {examples}")
    if len(distinct) and not np.array_equal(
        np.asarray(categories.take(found_used), dtype=object), np.asarray(distinct, dtype=object)
    ):
        raise CodingError("decoded categories differ from the values")
    found = np.full(len(used), -1, dtype=np.int64)
    found[used] = found_used
    missing = row_positions < 0
    if missing.any() and not allow_missing:
        raise CodingError(f"{int(missing.sum())} missing value(s) where every row needs a code")
    codes = np.where(missing, -1, found.take(np.where(missing, 0, row_positions)) if len(found) else -1)
    return codes.astype(np.int64)


def as_categories(values: pd.Series, dtype: pd.CategoricalDtype, *, allow_missing: bool = False) -> pd.Series:
    """`values` as `dtype`'s categories, coded by position in them: the safe form of
    `values.astype(dtype)` (see the module's note)."""
    codes = encode(values, pd.Index(dtype.categories), allow_missing=allow_missing)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=values.index, name=values.name)


def codes_of(values: pd.Series, dtype: pd.CategoricalDtype) -> np.ndarray:
    """A categorical series' codes, after checking they follow `dtype`'s categories in order."""
    held = values.dtype
    if not isinstance(held, pd.CategoricalDtype) or not held.categories.equals(dtype.categories):
        raise CodingError(f"{values.name!r} is not coded in the expected categories' order")
    return values.cat.codes.to_numpy()


def rows_in_category_order(table: pd.DataFrame, key: str, dtype: pd.CategoricalDtype) -> pd.DataFrame:
    """`table` (one row per key) reordered so that row i holds category i: taking its rows at a
    series' codes then gives each row the attributes of its own key."""
    keys = pd.Index(np.asarray(table[key], dtype=object))
    if not keys.is_unique:
        raise CodingError(f"{key} is not unique in the table")
    positions = keys.get_indexer(pd.Index(np.asarray(dtype.categories, dtype=object)))
    if (positions < 0).any():
        raise CodingError(f"{int((positions < 0).sum())} categories have no row in the table")
    ordered = table.take(positions).reset_index(drop=True)
    decoded: Any = np.asarray(ordered[key], dtype=object)
    if not np.array_equal(decoded, np.asarray(dtype.categories, dtype=object)):
        raise CodingError("the table's rows do not follow the categories")
    return ordered
