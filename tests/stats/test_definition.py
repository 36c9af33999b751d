"""The avoidable mortality definition table: parsing, classification and integrity."""

from __future__ import annotations

import itertools
import string

import pytest

from dashboard.stats.definition import Definition, load_definition, normalise_icd10, parse_codes


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("I21.9", "I219"), (" i219 ", "I219"), ("C34", "C34"), ("X42X", "X42"), ("", None), ("21.9", None), (None, None)],
)
def test_normalise(raw: object, normalised: str | None) -> None:
    assert normalise_icd10(raw) == normalised


@pytest.mark.parametrize(
    ("code", "cause", "preventable", "treatable"),
    [
        ("I219", "Ischaemic heart diseases", 0.5, 0.5),  # in both lists: split 50/50
        ("C340", "Malignant neoplasm of trachea, bronchus and lung", 1.0, 0.0),
        ("C509", "Malignant neoplasm of breast", 0.0, 1.0),
        ("A403", "Sepsis due to S. pneumoniae or H. influenzae", 1.0, 0.0),  # carved out of A40-A41
        ("A401", "Sepsis (other)", 0.0, 1.0),
        ("E244", "Alcohol-specific disorders and poisonings", 1.0, 0.0),  # carved out of E24-E25
        ("K852", "Alcohol-specific disorders and poisonings", 1.0, 0.0),
        ("X42", "Drug disorders and drug poisonings", 1.0, 0.0),
        ("U071", "COVID-19", 1.0, 0.0),
    ],
)
def test_classification(code: str, cause: str, preventable: float, treatable: float) -> None:
    definition = load_definition()
    index = definition.cause_of(code)
    assert index is not None
    found = definition.causes[index]
    assert (found.cause_group, found.preventable_share, found.treatable_share) == (cause, preventable, treatable)


@pytest.mark.parametrize("code", ["C449", "R99", "K86", "G309", "I509"])
def test_not_avoidable(code: str) -> None:
    assert load_definition().cause_of(code) is None


def test_no_code_belongs_to_two_causes() -> None:
    """Every three- and four-character code A00 … Z99.9 matches at most one row, so no death is
    counted twice."""
    definition = load_definition()
    for letter, number in itertools.product(string.ascii_uppercase, range(100)):
        stem = f"{letter}{number:02d}"
        for code in (stem, *(stem + str(digit) for digit in range(10))):
            definition.cause_of(code)  # raises on a double match


def test_table_carries_its_uncertainty() -> None:
    table = load_definition().table
    assert len(table) == 92
    assert set(table["evidence"]) == {
        "official",
        "official-category",
        "corroborated",
        "two-implementations",
        "disputed",
    }
    disputed = table[table["evidence"] == "disputed"]
    assert len(disputed) == 11 and (disputed["note"] != "").all()
    both = table[table["category"] == "both"]
    assert ((both["preventable_share"] == 0.5) & (both["treatable_share"] == 0.5)).all()
    assert (table["age_max"] == 74).all()


def test_bad_specs_are_refused() -> None:
    with pytest.raises(ValueError, match="malformed"):
        parse_codes("A09-A00")
    with pytest.raises(ValueError, match="no avoidable mortality definition"):
        load_definition("made_up")


def test_sex_and_age_restrictions_are_applied_as_written() -> None:
    """Breast cancer (C50) is avoidable for women only (Eurostat: 'female only'); every cause counts
    only inside its own age range. Each restricted row of the table is tried on both sides."""
    import pandas as pd

    from dashboard.deaths.cells import weigh_causes
    from dashboard.deaths.records import ICD10
    from dashboard.model import columns as col

    definition = load_definition()
    table = definition.table
    assert table.loc[table["icd10"] == "C50", "sex"].tolist() == ["Female"]
    assert set(table["sex"]) == {"all", "Female"}
    records = pd.DataFrame(
        {ICD10: ["C50.9", "C50.9", "C34.1", "C34.1"], col.AGE: [60, 60, 60, 60],
         col.SEX: ["Female", "Male", "Female", "Male"]}
    )  # fmt: skip
    shares = weigh_causes(records, definition)
    assert shares["avoidable"].tolist() == [1.0, 0.0, 1.0, 1.0]
    assert shares["treatable"].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert shares["premature"].tolist() == [1.0, 1.0, 1.0, 1.0]  # still a death before 75
    for cause in definition.causes:
        code = cause.includes[0].start
        inside = pd.DataFrame({ICD10: [code], col.AGE: [cause.age_min], col.SEX: ["Female"]})
        assert weigh_causes(inside, definition)["avoidable"].iloc[0] == 1.0, cause.cause_group
        if cause.age_min > 0:
            below = inside.assign(**{col.AGE: [cause.age_min - 1]})
            assert weigh_causes(below, definition)["avoidable"].iloc[0] == 0.0, cause.cause_group
        if cause.age_max < 74:
            above = inside.assign(**{col.AGE: [cause.age_max + 1]})
            assert weigh_causes(above, definition)["avoidable"].iloc[0] == 0.0, cause.cause_group


def test_many_codes_at_once_classify_as_one_at_a_time() -> None:
    """`causes_of` (one array operation per range) against `cause_of` (one code at a time) on every
    code of ICD-10's shape: 3 characters, and 4 with each fourth character an extract writes."""
    definition = load_definition()
    letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    three = [f"{letter}{number:02d}" for letter in letters for number in range(100)]
    codes = three + [code + fourth for code in three for fourth in "0123456789AX"]
    one_at_a_time = [definition.cause_of(code) for code in codes]
    assert definition.causes_of(codes) == one_at_a_time
    assert sum(found is not None for found in one_at_a_time) > 10_000  # the comparison is not of nothing
    assert definition.causes_of([]) == []


def test_a_code_in_two_causes_is_an_error_either_way() -> None:
    definition = load_definition()
    doubled = Definition(definition.version, (*definition.causes, definition.causes[0]), definition.table)
    code = definition.causes[0].includes[0].start
    with pytest.raises(ValueError, match="more than one cause"):
        doubled.cause_of(code)
    with pytest.raises(ValueError, match=f"{code} matches more than one cause"):
        doubled.causes_of(["I219", code])
