"""What each indicator is called on screen, in one place, so pages and figures say the same."""

from __future__ import annotations

from dashboard.stats.disclosure import (
    COUNT_SECONDARY,
    COUNT_SMALL_AREA,
    DEFAULT_RULE,
    RATE_FEW_DEATHS,
    REASON_SEPARATOR,
)

INDICATOR_LABELS: dict[str, str] = {
    "premature_mortality": "Deaths before 75, all causes",
    "avoidable_mortality": "Avoidable deaths before 75",
    "preventable_mortality": "Preventable deaths before 75",
    "treatable_mortality": "Treatable deaths before 75",
    "all_cause_mortality": "Deaths at all ages, all causes",
    "premature_cancer": "Deaths before 75 from cancer",
    "premature_circulatory": "Deaths before 75 from circulatory disease",
    "premature_respiratory": "Deaths before 75 from respiratory disease",
    "premature_injuries": "Deaths before 75 from injuries",
    "premature_other": "Deaths before 75 from other causes",
}
# Cause groups drawn as lines of the least-vs-most-deprived slope chart, with their short names.
CAUSE_GROUPS: dict[str, str] = {
    "premature_cancer": "Cancer",
    "premature_circulatory": "Circulatory",
    "premature_respiratory": "Respiratory",
    "premature_injuries": "Injuries",
    "premature_other": "Other causes",
}
# The split of avoidable deaths, drawn the same way when records are loaded.
AVOIDABLE_PARTS: dict[str, str] = {
    "preventable_mortality": "Preventable",
    "treatable_mortality": "Treatable",
}
# Geography levels as (one, many), for sentences: "ranked 3 of 22 local authorities".
LEVEL_WORDS: dict[str, tuple[str, str]] = {
    "country": ("country", "countries"), "la": ("local authority", "local authorities"),
    "lhb": ("health board", "health boards"),
    "lsoa11": ("LSOA", "LSOAs"), "lsoa21": ("LSOA", "LSOAs"),
}  # fmt: skip
FRACTION = {"quintile": "fifth", "decile": "tenth"}
RATE_LABEL = "Deaths per 100,000 (age-standardised)"


def short_board_name(name: str) -> str:
    """A health board's name without "University Health Board" or "Health Board" (chart labels)."""
    return name.replace(" University Health Board", "").replace(" Health Board", "")


def indicator_label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator.replace("_", " ").capitalize())


SYNTHETIC_PREFIX = "SYNTHETIC DEMONSTRATION DATA: "


def synthetic_prefix(origin: object) -> str:
    """What a key sentence starts with when its figures are synthetic: nothing otherwise."""
    return SYNTHETIC_PREFIX if origin == "synthetic" else ""


# Why the two ONS avoidable-mortality editions held are never drawn as a change (Methods has more).
EDITIONS_DIFFER = (
    "The two are not like for like: the 2020-2022 edition counts COVID-19 (U07.1, U07.2) as preventable, about 36 "
    "deaths per 100,000 in Wales in 2020 alone; ONS rebased its population estimates between the editions; and the "
    "2019 edition's extract does not record its period, sex or standard population. The difference is not a change "
    "in avoidable mortality, and the extracts carry no CIs, so none is tested."
)


# What each suppressed_reason code says (the rule's own thresholds, so words and rule agree).
REASON_WORDS = {
    RATE_FEW_DEATHS: f"fewer than {DEFAULT_RULE.min_deaths_for_rate} deaths: rate not calculated",
    COUNT_SMALL_AREA: f"fewer than {DEFAULT_RULE.smallest_shown_count} deaths in a small area: count withheld",
    COUNT_SECONDARY: "count withheld so that a withheld count nearby cannot be worked out by subtraction",
    "rate-no-sex-population": "no population estimates by sex for this geography: deaths only",
}


def reason_words(reasons: object) -> str:
    """The words for a suppressed_reason cell ("" when there is none; an unknown code as it is)."""
    if not isinstance(reasons, str) or not reasons:
        return ""
    return REASON_SEPARATOR.join(REASON_WORDS.get(code, code) for code in reasons.split(REASON_SEPARATOR))
