"""The glossary (glossary.csv): established Welsh terms and names, with where each comes from.
The build takes the health boards' Welsh names from it; translators take the terms."""

from __future__ import annotations

import csv
from functools import cache

from dashboard.i18n import I18N_DIR

GLOSSARY_PATH = I18N_DIR / "glossary.csv"


@cache
def glossary() -> tuple[dict[str, str], ...]:
    with GLOSSARY_PATH.open(encoding="utf-8", newline="") as file:
        return tuple(csv.DictReader(file))


def board_names_cy() -> dict[str, str]:
    """English health board name -> its Welsh name."""
    return {row["english"]: row["cymraeg"] for row in glossary() if row["kind"] == "health board"}
