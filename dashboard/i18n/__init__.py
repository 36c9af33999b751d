"""The dashboard's two languages: English, the source text, and Welsh, from the cy catalogue.

Every string a person reads is written in English inside `_()` (or marked with `N_()` where it
sits in a table read later) and looked up in `dashboard/i18n/cy/LC_MESSAGES/messages.po` when the
language is Welsh. The language is a context variable: a view's `build` runs inside
`using(spec.lang)` (see `data.memoised`, which keys every memoised result by language too), and a
request's language comes from its `?lang=`. Key sentences are whole templates per language, with
named fields for numbers and names only (`_("{area}: {rate} per 100,000").format(...)`), so Welsh
word order and mutations are the translator's, never assembled here.

`python -m dashboard.i18n check` compares the catalogue with the source (missing and unused
messages) and lists the translations that await review by a Welsh speaker.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

I18N_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "cy")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}  # each in its own language, as a switch shows it
LOCALES = {"en": "en_GB", "cy": "cy_GB"}
REVIEW_FLAG = "review"  # a translation a Welsh speaker has yet to check (flag `#, review` in the .po)

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def catalogue_path(language: str) -> Path:
    return I18N_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def catalogue(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=LOCALES[language])


@cache
def _translations(language: str) -> dict[str, str]:
    if language == DEFAULT_LANGUAGE:
        return {}
    return {str(message.id): str(message.string) for message in catalogue(language) if message.id and message.string}


def current() -> str:
    return _current.get()


def set_current(language: str) -> Token[str]:
    """Set the language until `reset_current(token)` (a web request's whole life)."""
    return _current.set(known(language))


def reset_current(token: Token[str]) -> None:
    _current.reset(token)


def known(language: object) -> str:
    """The language asked for if the dashboard has it, else the default."""
    return language if isinstance(language, str) and language in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def using(language: str) -> Iterator[None]:
    """Run the block in `language` (the default when it is not one of LANGUAGES)."""
    token = _current.set(known(language))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """`message` in the current language (itself in English, and when the catalogue lacks it:
    the completeness test fails on any such message, so none ships)."""
    return _translations(current()).get(message, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802  # gettext's own name for "mark for extraction only"
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def decimal(value: float, places: int = 1, *, signed: bool = False) -> str:
    """A number as the current language writes it: grouped thousands, `places` decimals."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(value, format=pattern, locale=LOCALES[current()])
    return ("+" + text) if signed and value >= 0 else text


def word_list(items: list[str]) -> str:
    """'2013 and 2022', 'a, b and c'; in Welsh 'a' (or 'ac' before a vowel) for 'and'."""
    if len(items) < 2:
        return "".join(items)
    last = items[-1]
    joiner = "and" if current() == DEFAULT_LANGUAGE else ("ac" if last[:1].casefold() in "aeiouwy" else "a")
    return f"{', '.join(items[:-1])} {joiner} {last}"


def long_date(value: date) -> str:
    """'30 November 2026', '30 Tachwedd 2026'."""
    return format_date(value, format="long", locale=LOCALES[current()])


def language_name(language: str) -> str:
    return LANGUAGE_NAMES[language]


def in_language(link: str, language: str | None = None) -> str:
    """`link` (a path, with or without a query) in `language` (default: the current one): the
    default language needs no parameter, any other adds `lang=`."""
    language = known(language or current())
    if language == DEFAULT_LANGUAGE:
        return link
    return f"{link}{'&' if '?' in link else '?'}lang={language}"
