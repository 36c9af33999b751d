"""The 19 broad cause groups of the ONS workbook 'Deaths by selected causes … by deprivation
decile areas' (its Definition sheet, Box 1), as ICD-10 three-character ranges.

Groups 15 and 16 say "see Box 2", which the workbook lacks: intentional injuries are taken as
X60-Y09 (self-harm and assault) and unintentional as V01-X59. Group 18 ("all other causes") is
every remaining chapter used for underlying causes. The ranges do not overlap.
"""

from __future__ import annotations

from functools import cache

GROUP_RANGES: dict[int, str] = {
    1: "C22",
    2: "C18-C20",
    3: "C15-C17, C21, C23-C26",
    4: "C81-C96",
    5: "C33-C34",
    6: "C61",
    7: "C50",
    8: "C53",
    9: "C00-C14, C30-C32, C37-C49, C51-C52, C54-C60, C62-C80, C97, D00-D48",
    10: "J00-J99",
    11: "E10-E14",
    12: "I20-I25",
    13: "I60-I69",
    14: "I00-I19, I26-I59, I70-I99",
    15: "X60-Y09",
    16: "V01-X59",
    17: "F00-F03, G30",
    18: "A00-B99, D50-D89, E00-E07, E15-E90, F04-F99, G00-G29, G31-G99, H00-H95, K00-K93, L00-L99, M00-M99, "
    "N00-N99, O00-O99, Q00-Q99, R00-R99, Y10-Y89",
    19: "P00-P96",
}


def _expand(spec: str) -> list[str]:
    codes: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        start, _, end = item.partition("-")
        end = end or start
        letters = [chr(c) for c in range(ord(start[0]), ord(end[0]) + 1)]
        for letter in letters:
            low = int(start[1:]) if letter == start[0] else 0
            high = int(end[1:]) if letter == end[0] else 99
            codes.extend(f"{letter}{number:02d}" for number in range(low, high + 1))
    return codes


@cache
def group_codes() -> dict[int, tuple[str, ...]]:
    """Three-character codes of each group."""
    return {group: tuple(_expand(spec)) for group, spec in GROUP_RANGES.items()}


@cache
def group_of_code() -> dict[str, int]:
    """Three-character code -> group; raises if two groups claim a code."""
    owner: dict[str, int] = {}
    for group, codes in group_codes().items():
        for code in codes:
            if code in owner:
                raise ValueError(f"{code} is in groups {owner[code]} and {group}")
            owner[code] = group
    return owner
