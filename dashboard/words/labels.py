"""What each indicator is called on screen, in one place, so pages and figures say the same.
The tables hold English marked for the catalogue (N_); the functions give the current language's."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_, _, current, decimal
from dashboard.model import indicators
from dashboard.stats.disclosure import (
    COUNT_SECONDARY,
    COUNT_SMALL_AREA,
    DEFAULT_RULE,
    RATE_FEW_DEATHS,
    REASON_SEPARATOR,
    SMOOTHED_GUARD,
)

INDICATOR_LABELS = indicators.LABELS  # the catalogue's (dashboard/indicators.py)
CAUSE_GROUPS = indicators.CAUSE_GROUPS
AVOIDABLE_PARTS = indicators.AVOIDABLE_PARTS
# Geography levels as (one, many), for sentences: "ranked 3 of 22 local authorities".
LEVEL_WORDS: dict[str, tuple[str, str]] = {
    "country": (N_("country"), N_("countries")), "la": (N_("local authority"), N_("local authorities")),
    "lhb": (N_("health board"), N_("health boards")),
    "lsoa11": (N_("LSOA"), N_("LSOAs")), "lsoa21": (N_("LSOA"), N_("LSOAs")),
}  # fmt: skip
FRACTION = {"quintile": N_("fifth"), "decile": N_("tenth")}
KIND_WORDS = {"quintile": N_("quintile"), "decile": N_("decile")}
RATE_LABEL = N_("Deaths per 100,000 (age-standardised)")


def level_word(level: str, *, many: bool = False) -> str:
    """'local authority' or 'local authorities' (`many`), in the current language."""
    return _(LEVEL_WORDS[level][1 if many else 0])


def fraction(kind: str) -> str:
    """'fifth' for quintiles, 'tenth' for deciles, in the current language."""
    return _(FRACTION[kind])


# Values the data holds that a person reads: sexes, ages, units and periods named as editions.
SEX_WORDS = {"Persons": N_("Persons"), "Male": N_("Male"), "Female": N_("Female"), "not recorded": N_("not recorded")}
AGE_WORDS = {"0-74": N_("0-74"), "all ages": N_("all ages"), "not recorded": N_("not recorded")}
UNIT_WORDS = {
    "per 100,000, age-standardised (standard population not recorded)":
        N_("per 100,000, age-standardised (standard population not recorded)"),
    "per 100,000, age-standardised (ESP2013)": N_("per 100,000, age-standardised (ESP2013)"),
    "per 100,000, age-standardised (ESP2013), ages 0-74": N_("per 100,000, age-standardised (ESP2013), ages 0-74"),
    "per 100,000, age-specific (crude)": N_("per 100,000, age-specific (crude)"),
}  # fmt: skip


def sex_word(sex: str) -> str:
    words = SEX_WORDS.get(sex)
    return _(words) if words else sex


def unit_words(unit: str) -> str:
    words = UNIT_WORDS.get(unit)
    return _(words) if words else unit


def period_label(period: object) -> str:
    """A period as data holds it ('2020-2022', '2019 edition') in the current language."""
    text = str(period)
    if text.endswith(" edition"):
        return _("{year} edition").format(year=text.removesuffix(" edition"))
    return text


def kind_word(kind: str) -> str:
    """'quintile' or 'decile', in the current language."""
    return _(KIND_WORDS[kind])


def ci_words(lower: float, upper: float, decimals: int = 1) -> str:
    """'95% CI 369.8 to 383.9' in the current language, or 'CI not published' where there is none."""
    if pd.isna(lower):
        return _("CI not published")
    return _("95% CI {lower} to {upper}").format(lower=decimal(lower, decimals), upper=decimal(upper, decimals))


def rate_label() -> str:
    return _(RATE_LABEL)


def cause_name(indicator: str) -> str:
    """A cause group's or avoidable part's short name ('Cancer', 'Preventable')."""
    return _({**CAUSE_GROUPS, **AVOIDABLE_PARTS}[indicator])


# The health boards' Welsh names, as the boards and ONS (LHB22NMW) give them; the English names in
# the data end "University Health Board" or "Teaching Health Board", the Welsh begin "Bwrdd Iechyd".
WELSH_BOARD_PREFIXES = ("Bwrdd Iechyd Prifysgol ", "Bwrdd Iechyd Addysgu ", "Bwrdd Iechyd ")


def short_board_name(name: str) -> str:
    """A health board's name without "University Health Board" or "Health Board" (chart labels),
    or in Welsh without "Bwrdd Iechyd Prifysgol" and the like."""
    if current() == "cy":
        for prefix in WELSH_BOARD_PREFIXES:
            if name.startswith(prefix):
                return name.removeprefix(prefix)
    return name.replace(" University Health Board", "").replace(" Health Board", "")


def indicator_label(indicator: str) -> str:
    label = INDICATOR_LABELS.get(indicator)
    return _(label) if label else indicator.replace("_", " ").capitalize()


SYNTHETIC_PREFIX = N_("SYNTHETIC DEMONSTRATION DATA: ")


def synthetic_prefix(origin: object) -> str:
    """What a key sentence starts with when its figures are synthetic: nothing otherwise."""
    return _(SYNTHETIC_PREFIX) if origin == "synthetic" else ""


# Why the two ONS avoidable-mortality editions held are never drawn as a change (Methods has more).
EDITIONS_DIFFER = N_(
    "The two are not like for like: the 2020-2022 edition counts COVID-19 (U07.1, U07.2) as preventable, in the "
    "pandemic's years; ONS rebased its population estimates between the editions; and the 2019 edition's extract does "
    "not record its period, sex or standard population. The difference is not a change in avoidable mortality, and "
    "the extracts carry no CIs, so none is tested."
)


# What each suppressed_reason code says (the rule's own thresholds, so words and rule agree).
REASON_WORDS = {
    RATE_FEW_DEATHS: N_("fewer than {count} deaths: rate not calculated"),
    COUNT_SMALL_AREA: N_("fewer than {count} deaths in a small area: count withheld"),
    COUNT_SECONDARY: N_("count withheld so that a withheld count nearby cannot be worked out by subtraction"),
    "rate-no-sex-population": N_("no population estimates by sex for this geography: deaths only"),
    SMOOTHED_GUARD: N_(
        "smoothed figures given only as bands, or withheld, so that a withheld count cannot be worked out from them"
    ),
}
REASON_THRESHOLDS = {
    RATE_FEW_DEATHS: DEFAULT_RULE.min_deaths_for_rate,
    COUNT_SMALL_AREA: DEFAULT_RULE.smallest_shown_count,
}


def reason_word(code: str) -> str:
    """One suppressed_reason code in words (the rule's own thresholds, so words and rule agree)."""
    words = REASON_WORDS.get(code)
    return _(words).format(count=REASON_THRESHOLDS.get(code, "")) if words else code


def reason_words(reasons: object) -> str:
    """The words for a suppressed_reason cell ("" when there is none; an unknown code as it is)."""
    if not isinstance(reasons, str) or not reasons:
        return ""
    return REASON_SEPARATOR.join(reason_word(code) for code in reasons.split(REASON_SEPARATOR))
