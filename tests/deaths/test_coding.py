"""Codes that cannot drift: `coding` gives each value its position in the categories asked for,
whatever order or type the values arrive in (the trap: `astype` to a categorical type with the
same set of categories in another order keeps the old codes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.deaths.coding import CodingError, as_categories, codes_of, encode, rows_in_category_order

WANTED = pd.CategoricalDtype(["W01000001", "W01000002", "W01000003", "W01000004"])


def test_the_astype_trap_is_avoided() -> None:
    """The same set of categories in another order: `astype` keeps the old codes (pandas 3.1),
    `as_categories` recodes them."""
    values = pd.Series(pd.Categorical(["W01000003", "W01000001", "W01000003"],
                                      categories=["W01000004", "W01000003", "W01000002", "W01000001"]))  # fmt: skip
    assert values.astype(WANTED).cat.codes.tolist() != [2, 0, 2]  # the trap, as pandas behaves
    recoded = as_categories(values, WANTED)
    assert recoded.cat.codes.tolist() == [2, 0, 2]
    assert recoded.astype(str).tolist() == values.astype(str).tolist()


@given(
    st.lists(st.sampled_from(list(WANTED.categories)), min_size=0, max_size=40),
    st.permutations(list(WANTED.categories)),
    st.booleans(),
)
def test_codes_decode_to_the_values_in_any_order(rows: list[str], order: list[str], categorical: bool) -> None:
    values = pd.Series(pd.Categorical(rows, categories=order)) if categorical else pd.Series(rows, dtype=object)
    codes = encode(values, pd.Index(WANTED.categories))
    assert [WANTED.categories[code] for code in codes] == rows


def test_unknown_and_missing_values_are_refused() -> None:
    with pytest.raises(CodingError, match="not among the categories"):
        encode(pd.Series(["W01000001", "W01999999"]), pd.Index(WANTED.categories))
    with pytest.raises(CodingError, match="missing"):
        encode(pd.Series(["W01000001", None]), pd.Index(WANTED.categories))
    assert encode(pd.Series(["W01000002", None]), pd.Index(WANTED.categories), allow_missing=True).tolist() == [1, -1]
    with pytest.raises(CodingError, match="not unique"):
        encode(pd.Series(["a"]), pd.Index(["a", "a"]))


def test_unused_categories_need_no_code() -> None:
    """A validated extract keeps the categories of rejected rows; they are not looked up."""
    values = pd.Series(pd.Categorical(["W01000002"], categories=["W01999999", "W01000002"]))
    assert encode(values, pd.Index(WANTED.categories)).tolist() == [1]


def test_codes_are_read_only_in_the_expected_order() -> None:
    reordered = pd.Series(pd.Categorical(["W01000001"], categories=list(reversed(WANTED.categories))))
    with pytest.raises(CodingError):
        codes_of(reordered, WANTED)
    assert codes_of(as_categories(reordered, WANTED), WANTED).tolist() == [0]


def test_table_rows_follow_the_categories() -> None:
    table = pd.DataFrame({"lsoa": ["W01000004", "W01000002", "W01000001", "W01000003"], "la": ["d", "b", "a", "c"]})
    ordered = rows_in_category_order(table, "lsoa", WANTED)
    assert ordered["la"].tolist() == ["a", "b", "c", "d"]
    codes = np.array([3, 0, 0])
    assert ordered["la"].take(codes).tolist() == ["d", "a", "a"]
    with pytest.raises(CodingError, match="no row"):
        rows_in_category_order(table.head(3), "lsoa", WANTED)
