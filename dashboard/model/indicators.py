"""The indicator catalogue: every fact about an indicator, in one place.

An indicator's label, its short name as a part of another (a cause group, preventable or
treatable), the verb its sentences use, the age group it is summarised by, what it is made of
(ONS cause groups, or its share of a death in the records pipeline), where it comes first, and
whether a board's own fifths are shown for it. The labels, sentences, selections, the build, the
records pipeline and the views read these through the dicts below, so adding an indicator is a
catalogue entry, its computation and its translations (`make i18n`). English text is marked with
`N_` and translated where it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from dashboard.i18n import N_

UNDER_75: Final = "0-74"
ALL_AGES: Final = "all ages"
PER_100K: Final = "per 100,000"

Family = Literal["cause group", "avoidable part"]


@dataclass(frozen=True)
class Indicator:
    id: str  # as the indicator frame writes it
    label: str  # "Avoidable deaths before 75"
    verb: str  # what people in a group did: "died before 75 of causes that are avoidable"
    headline_age_group: str = UNDER_75  # the age group it is summarised by on maps, ranks, profiles, trends
    short: str | None = None  # its name as a part of a larger measure ("Cancer", "Preventable")
    family: Family | None = None  # which larger measure it is a part of
    ons_cause_groups: tuple[int, ...] = ()  # the ONS workbook's cause groups (1-19) it is made of
    records_share: str | None = None  # the records pipeline's share column (half a death counts 0.5)
    subject_order: int | None = None  # the dashboard's subject first: 0, then 1; others after
    within_board: bool = False  # a board's profile shows its own WIMD fifths on it (in subject order)
    higher_is_worse: bool = True  # every mortality rate: a higher rate is the worse


CATALOGUE: Final[tuple[Indicator, ...]] = (
    # The records pipeline computes these four, in this order (its share columns and output rows).
    Indicator("avoidable_mortality", N_("Avoidable deaths before 75"),
              N_("died before 75 of causes that are avoidable"), records_share="avoidable", subject_order=0,
              within_board=True),
    Indicator("preventable_mortality", N_("Preventable deaths before 75"),
              N_("died before 75 of causes that are preventable"), short=N_("Preventable"), family="avoidable part",
              records_share="preventable"),
    Indicator("treatable_mortality", N_("Treatable deaths before 75"),
              N_("died before 75 of causes that are treatable"), short=N_("Treatable"), family="avoidable part",
              records_share="treatable"),
    Indicator("premature_mortality", N_("Deaths before 75, all causes"), N_("died before the age of 75"),
              records_share="premature", subject_order=1, within_board=True),
    Indicator("all_cause_mortality", N_("Deaths at all ages, all causes"), N_("died"), headline_age_group=ALL_AGES),
    Indicator("premature_cancer", N_("Deaths before 75 from cancer"), N_("died of cancer before 75"),
              short=N_("Cancer"), family="cause group", ons_cause_groups=(1, 2, 3, 4, 5, 6, 7, 8, 9)),
    Indicator("premature_circulatory", N_("Deaths before 75 from circulatory disease"),
              N_("died of circulatory disease before 75"), short=N_("Circulatory"), family="cause group",
              ons_cause_groups=(12, 13, 14)),
    Indicator("premature_respiratory", N_("Deaths before 75 from respiratory disease"),
              N_("died of respiratory disease before 75"), short=N_("Respiratory"), family="cause group",
              ons_cause_groups=(10,)),
    Indicator("premature_injuries", N_("Deaths before 75 from injuries"), N_("died of injuries before 75"),
              short=N_("Injuries"), family="cause group", ons_cause_groups=(15, 16)),
    Indicator("premature_other", N_("Deaths before 75 from other causes"), N_("died of other causes before 75"),
              short=N_("Other causes"), family="cause group", ons_cause_groups=(11, 17, 18, 19)),
)  # fmt: skip
BY_ID: Final = {indicator.id: indicator for indicator in CATALOGUE}

# The views of the catalogue other modules read.
LABELS: Final = {indicator.id: indicator.label for indicator in CATALOGUE}
VERBS: Final = {indicator.id: indicator.verb for indicator in CATALOGUE}
HEADLINE_AGE_GROUP: Final = {
    indicator.id: indicator.headline_age_group for indicator in CATALOGUE if indicator.headline_age_group != UNDER_75
}
CAUSE_GROUPS: Final = {i.id: str(i.short) for i in CATALOGUE if i.family == "cause group"}
AVOIDABLE_PARTS: Final = {i.id: str(i.short) for i in CATALOGUE if i.family == "avoidable part"}
PREMATURE_CAUSE_GROUPS: Final = {i.id: i.ons_cause_groups for i in CATALOGUE if i.ons_cause_groups}
RECORDS_SHARES: Final = {i.id: str(i.records_share) for i in CATALOGUE if i.records_share}
SUBJECT_FIRST: Final = {i.id: i.subject_order for i in CATALOGUE if i.subject_order is not None}
WITHIN_BOARD: Final = tuple(
    i.id for i in sorted((i for i in CATALOGUE if i.within_board), key=lambda i: i.subject_order or 0)
)
