"""The frame around every page: a skip link, the navigation and the language switch, in the
language of the address. Page links keep `?lang=cy`; the switch opens the same view in the other
language (every other parameter kept), and `<html lang>` follows (set per request by `app`, and
here when a person moves between pages without a reload)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from dash import Input, Output, callback, clientside_callback, dcc, html, page_container, page_registry

from dashboard.i18n import LANGUAGES, N_, _, in_language, language_name, using
from dashboard.views.base import language_of
from dashboard.web.ids import Shell

PRESENT = N_("Present")
DEMO_BANNER = N_(
    "Demonstration mode: figures marked SYNTHETIC come from an invented register of deaths, not from real deaths. "
    "Published figures are shown as usual, each with its source."
)
MAIN_ID = "main-content"


def other_language(language: str) -> str:
    return next(other for other in LANGUAGES if other != language)


def with_language(path: str, search: str, language: str) -> str:
    """The same address in `language`: every other parameter kept, `lang` set (English is the
    default, so written as no `lang` at all)."""
    pairs = [(name, value) for name, value in parse_qsl(search.removeprefix("?"), keep_blank_values=True)
             if name != "lang"]  # fmt: skip
    return in_language(path + ("?" + urlencode(pairs) if pairs else ""), language)


def nav_links(language: str) -> list[html.A]:
    with using(language):
        names = [(str(page["name"]), str(page["relative_path"])) for page in page_registry.values()]
        return [html.A(_(name), href=in_language(path)) for name, path in names] + [
            html.A(_(PRESENT), href=in_language("/present"))
        ]


def layout(demo: bool) -> html.Div:
    """The shell as first sent (English); `_localise` redraws its words for the address's language."""
    aria_label: dict[str, Any] = {"aria-label": _("Pages")}  # a wildcard attribute: no keyword for it
    return html.Div(
        [
            dcc.Location(id=Shell.LOCATION),
            dcc.Store(id=Shell.PAGE_LANGUAGE),
            html.A(_("Skip to the content"), href=f"#{MAIN_ID}", id=Shell.SKIP, className="skip-link"),
            html.Div(_(DEMO_BANNER), id=Shell.DEMO_BANNER, role="alert", className="demo-banner") if demo else None,
            html.Header(
                [
                    html.Nav(nav_links("en"), id=Shell.NAV, className="shell-nav", **aria_label),
                    html.A(
                        language_name("cy"),
                        href="?lang=cy",
                        id=Shell.LANGUAGE,
                        lang="cy",
                        hrefLang="cy",
                        className="language-switch",
                    ),
                ],
                className="shell-header",
            ),
            html.Main(page_container, id=MAIN_ID, className="shell-main", tabIndex="-1"),
        ]
    )


@callback(
    Output(Shell.NAV, "children"),
    Output(Shell.NAV, "aria-label"),
    Output(Shell.SKIP, "children"),
    Output(Shell.LANGUAGE, "href"),
    Output(Shell.LANGUAGE, "children"),
    Output(Shell.LANGUAGE, "lang"),
    Output(Shell.LANGUAGE, "hrefLang"),
    Input(Shell.LOCATION, "pathname"),
    Input(Shell.LOCATION, "search"),
)
def _localise(path: object, search: object) -> tuple[object, ...]:
    language = language_of(search)
    other = other_language(language)
    address = with_language(path if isinstance(path, str) and path.startswith("/") else "/",
                            search if isinstance(search, str) else "", other)  # fmt: skip
    with using(language):
        return nav_links(language), _("Pages"), _("Skip to the content"), address, language_name(other), other, other


def register_demo_banner() -> None:
    """In demonstration mode, the banner speaks the address's language too."""

    @callback(Output(Shell.DEMO_BANNER, "children"), Input(Shell.LOCATION, "search"))
    def _banner(search: object) -> str:
        with using(language_of(search)):
            return _(DEMO_BANNER)


# <html lang> follows the address when a person moves between pages without a reload.
clientside_callback(
    """function (search) {
        var language = new URLSearchParams(search || "").get("lang") === "cy" ? "cy" : "en";
        document.documentElement.lang = language;
        return language;
    }""",
    Output(Shell.PAGE_LANGUAGE, "data"),
    Input(Shell.LOCATION, "search"),
)
