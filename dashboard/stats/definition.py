"""The avoidable mortality definition as data: which ICD-10 underlying causes count, at which
ages, and how much of each death is preventable or treatable.

Definitions live in `definitions/<version>.csv` beside this module, so another list (an earlier
ONS definition, a revision) is a new file, not new code. Each row keeps its evidence flag and
note, which the Methods page shows.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import pandas as pd

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
DEFAULT_VERSION = "oecd_eurostat_2019"
_ICD10 = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]?$")


def normalise_icd10(code: object) -> str | None:
    """'i21.9 ' -> 'I219', 'C34' -> 'C34', 'X42X' -> 'X42'; None when not an ICD-10 code."""
    if not isinstance(code, str):
        return None
    text = code.strip().upper().replace(".", "")
    if len(text) == 4 and text.endswith(("X", "-")):  # ONS pads 3-character codes: 'X42X'
        text = text[:3]
    return text if _ICD10.match(text) else None


@dataclass(frozen=True)
class CodeRange:
    """Codes from `start` to `end` inclusive, compared on their first len(start) characters."""

    start: str
    end: str

    def contains(self, code: str) -> bool:
        width = len(self.start)
        return len(code) >= width and self.start <= code[:width] <= self.end


def parse_codes(spec: str) -> tuple[CodeRange, ...]:
    """'A00-A09, A35, K86.1-K86.9' -> ranges; a malformed item is an error, never skipped."""
    ranges = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        start, _, end = item.partition("-")
        first, last = start.replace(".", ""), (end or start).replace(".", "")
        if not (_ICD10.match(first) and _ICD10.match(last) and len(first) == len(last) and first <= last):
            raise ValueError(f"malformed ICD-10 code or range {item!r}")
        ranges.append(CodeRange(first, last))
    return tuple(ranges)


@dataclass(frozen=True)
class Cause:
    cause_group: str
    broad_group: str
    category: str
    preventable_share: float
    treatable_share: float
    age_min: int
    age_max: int
    sex: str  # "all", or the one sex ("Female", "Male") the cause counts for
    evidence: str
    note: str
    includes: tuple[CodeRange, ...]
    excludes: tuple[CodeRange, ...]

    def matches(self, code: str) -> bool:
        return any(r.contains(code) for r in self.includes) and not any(r.contains(code) for r in self.excludes)


@dataclass(frozen=True)
class Definition:
    version: str
    causes: tuple[Cause, ...]
    table: pd.DataFrame

    def cause_of(self, code: str | None) -> int | None:
        """Index of the cause a normalised code belongs to, or None (not avoidable)."""
        if code is None:
            return None
        found = [index for index in self.by_letter.get(code[0], ()) if self.causes[index].matches(code)]
        if len(found) > 1:
            raise ValueError(f"{code} matches more than one cause: {[self.causes[i].cause_group for i in found]}")
        return found[0] if found else None

    @cached_property
    def seen_codes(self) -> dict[str, int | None]:
        """The cause of every code classified so far (at most the ICD-10 codes there are)."""
        return {}

    @cached_property
    def by_letter(self) -> dict[str, tuple[int, ...]]:
        """Causes indexed by the ICD-10 chapter letters their ranges span: a code is only
        compared with the few causes that could hold it."""
        index: dict[str, list[int]] = {}
        for position, cause in enumerate(self.causes):
            letters = {chr(c) for r in cause.includes for c in range(ord(r.start[0]), ord(r.end[0]) + 1)}
            for letter in letters:
                index.setdefault(letter, []).append(position)
        return {letter: tuple(positions) for letter, positions in index.items()}

    def causes_of(self, codes: list[str]) -> list[int | None]:
        """`cause_of` for many normalised codes at once: each range compared with every code in
        one array operation (a national extract holds thousands of distinct codes)."""
        if not codes:
            return []
        text = np.asarray(codes, dtype="U4")
        length = np.char.str_len(text)
        prefix = {width: text.astype(f"U{width}") for width in (3, 4)}  # the first 3 or 4 characters

        def within(ranges: tuple[CodeRange, ...]) -> np.ndarray:
            inside = np.zeros(len(text), dtype=bool)
            for code_range in ranges:
                width = len(code_range.start)
                head = prefix[width]
                inside |= (length >= width) & (head >= code_range.start) & (head <= code_range.end)
            return inside

        matched = np.array([within(cause.includes) & ~within(cause.excludes) for cause in self.causes]).reshape(
            len(self.causes), len(text)
        )
        several = matched.sum(axis=0) > 1
        if several.any():
            position = int(np.flatnonzero(several)[0])
            names = [self.causes[index].cause_group for index in np.flatnonzero(matched[:, position])]
            raise ValueError(f"{codes[position]} matches more than one cause: {names}")
        found = np.where(matched.any(axis=0), matched.argmax(axis=0), -1)
        return [int(index) if index >= 0 else None for index in found]

    def classify(self, codes: pd.Series) -> pd.Series:
        """Cause index per record (missing when not avoidable); each distinct code looked up once."""
        positions, distinct = pd.factorize(codes)  # missing codes: position -1
        seen = self.seen_codes  # a national extract comes in batches: each code is looked up once in all
        unseen = [str(code) for code in distinct if code not in seen]
        seen.update(zip(unseen, self.causes_of(unseen), strict=True))
        causes = pd.array([seen[code] for code in distinct] + [None], dtype="Int64")
        return pd.Series(causes.take(positions), index=codes.index)  # -1 takes the last: missing


SEX_RESTRICTIONS = ("all", "Female", "Male")


def _sex(file_name: str, row: Mapping[Hashable, object]) -> str:
    sex = str(row.get("sex", "all"))
    if sex not in SEX_RESTRICTIONS:
        raise ValueError(f"{file_name}: sex of {row['cause_group']!r} is {sex!r}; use one of {SEX_RESTRICTIONS}")
    return sex


@cache
def load_definition(version: str = DEFAULT_VERSION) -> Definition:
    path = DEFINITIONS_DIR / f"{version}.csv"
    if not path.exists():
        known = sorted(p.stem for p in DEFINITIONS_DIR.glob("*.csv"))
        raise ValueError(f"no avoidable mortality definition {version!r}; known: {known}")
    table = pd.read_csv(path, comment="#", dtype={"exclude": str, "note": str}, keep_default_na=False)
    causes = []
    for row in table.to_dict(orient="records"):
        shares = float(row["preventable_share"]), float(row["treatable_share"])
        if abs(sum(shares) - 1) > 1e-9:
            raise ValueError(f"{path.name}: shares of {row['cause_group']!r} do not add up to 1")
        causes.append(
            Cause(
                cause_group=str(row["cause_group"]),
                broad_group=str(row["broad_group"]),
                category=str(row["category"]),
                preventable_share=shares[0],
                treatable_share=shares[1],
                age_min=int(row["age_min"]),
                age_max=int(row["age_max"]),
                sex=_sex(path.name, row),
                evidence=str(row["evidence"]),
                note=str(row["note"]),
                includes=parse_codes(str(row["icd10"])),
                excludes=parse_codes(str(row["exclude"])),
            )
        )
    return Definition(version, tuple(causes), table)
