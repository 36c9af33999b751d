"""Keeping the Welsh catalogue whole: what the source asks for, what the catalogue holds, and
which translations await a Welsh speaker's review. Used by `python -m dashboard.i18n` and the
completeness tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from dashboard.config import PACKAGE_DIR
from dashboard.i18n import LOCALES, REVIEW_FLAG, catalogue_path

KEYWORDS = {"_": None, "N_": None, "gettext": None}
FIELD = re.compile(r"\{(\w*)[^{}]*\}")
README_START = "<!-- strings awaiting review: start -->"
README_END = "<!-- strings awaiting review: end -->"


@dataclass(frozen=True)
class Found:
    message: str
    where: str  # first place in the source that asks for it, as path:line


def source_messages(root: Path = PACKAGE_DIR) -> dict[str, Found]:
    """Every message the source marks with _(), N_() or gettext(), with where it is first asked for."""
    found: dict[str, Found] = {}
    method_map = [("**/tests/**", "ignore"), ("**.py", "python")]
    for filename, line, message, _comments, _context in extract_from_dir(
        str(root), method_map=method_map, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message not in found:
            found[message] = Found(message, f"dashboard/{filename}:{line}")
    return found


def read_catalogue(language: str = "cy") -> Catalog:
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=LOCALES[language])


def fields(text: str) -> list[str]:
    return sorted(set(FIELD.findall(text)))  # a translation may repeat a field


@dataclass(frozen=True)
class Problems:
    missing: list[str]  # asked for by the source, absent from the catalogue
    untranslated: list[str]  # in the catalogue with no translation
    unused: list[str]  # in the catalogue, asked for by nothing
    fields_differ: list[str]  # a translation whose {fields} are not the English's

    def __bool__(self) -> bool:
        return bool(self.missing or self.untranslated or self.unused or self.fields_differ)


def problems(language: str = "cy") -> Problems:
    asked = source_messages()
    held = {str(message.id): message for message in read_catalogue(language) if message.id}
    return Problems(
        missing=sorted(set(asked) - set(held)),
        untranslated=sorted(key for key, message in held.items() if not message.string),
        unused=sorted(set(held) - set(asked)),
        fields_differ=sorted(key for key, message in held.items()
                             if message.string and fields(key) != fields(str(message.string))),
    )  # fmt: skip


def update(language: str = "cy") -> tuple[int, int]:
    """Add the source's new messages to the catalogue (empty, flagged for review) and drop the
    unused; returns (added, dropped)."""
    catalog = read_catalogue(language)
    asked = source_messages()
    held = {str(message.id) for message in catalog if message.id}
    for message in sorted(set(asked) - held):
        catalog.add(message, "", locations=[(asked[message].where, 0)], flags=[REVIEW_FLAG])
    dropped = sorted(held - set(asked))
    for message in dropped:
        catalog.delete(message)
    write(catalog, language)
    return len(set(asked) - held), len(dropped)


def write(catalog: Catalog, language: str = "cy") -> None:
    with catalogue_path(language).open("wb") as file:
        write_po(file, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)


def awaiting_review(language: str = "cy") -> list[tuple[str, str]]:
    """(English, Welsh) for every translation flagged for review, in catalogue order."""
    return [(str(message.id), str(message.string)) for message in read_catalogue(language)
            if message.id and REVIEW_FLAG in message.flags]  # fmt: skip


def review_section(language: str = "cy") -> str:
    """The README's list of translations awaiting review, as a Markdown table."""
    pending = awaiting_review(language)
    lines = [README_START, "", f"{len(pending)} translations await review by a Welsh speaker.", "",
             "| English | Cymraeg (draft) |", "|---|---|"]  # fmt: skip
    for english, welsh in pending:
        lines.append(f"| {_cell(english)} | {_cell(welsh)} |")
    return "\n".join([*lines, "", README_END])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def with_review_section(readme: str, language: str = "cy") -> str:
    """The README with its review list replaced by the catalogue's current one."""
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    return readme[:start] + review_section(language) + readme[end:]
