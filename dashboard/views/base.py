"""What every view shares: reading a link's query safely, and the shapes a view builds.

A view is a frozen spec (every choice a page offers, `lang` included) read from a query string by
its module's `parse`, written back by `to_query`, and turned into a `ViewModel` by `build`: named
charts, each with its figure, key sentence, source line and the table of figures behind it. Pages,
embeds, exports and slides all draw from the same `parse` and `build`, so none of them can say
something another does not. Nothing here imports Dash or Flask.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, known, using

MAX_VALUE_LENGTH = 80  # longer than any code, period or id the data holds
MAX_LONG_VALUE_LENGTH = 4000  # a list of chart links (present mode's own sequence)
MAX_PARAMETERS = 32  # a query with more is not a link anyone made
SHOWN_LENGTH = 30  # how much of a bad value a notice repeats

Query = str | Mapping[str, object]


@dataclass(frozen=True, eq=False)
class Chart:
    """One chart of a view. `chart_id` is the design contract's (`map`, `quintiles`, `sii`,
    `slope-quintile`, `slope-period`, `area-profile`, `trend`, ...). `figure` is plotly's JSON as a
    dict, or None where the data cannot draw the chart: `sentence` then says why. `table` holds
    the figures behind it: codes, names, numerators, denominators, value, CI, suppression reason."""

    chart_id: str
    title: str
    sentence: str
    source: str
    figure: dict[str, Any] | None
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    synthetic: bool = False
    method_note: str = ""  # how its figures were made, for a slide's footnote; "" for death rates (the default)

    @property
    def drawn(self) -> bool:
        return self.figure is not None


@dataclass(frozen=True, eq=False)
class ViewModel:
    """What one view shows: its charts in page order, each chart id once."""

    charts: tuple[Chart, ...]

    def require(self, chart_id: str) -> Chart:
        """The chart with this id, which the view always makes (drawn or saying why not)."""
        found = self.chart(chart_id)
        if found is None:
            raise LookupError(f"the view made no {chart_id} chart")
        return found

    def chart(self, chart_id: str) -> Chart | None:
        """The chart with this id; a family id (`trend`) gives the family's first (`trend-...`)."""
        exact = next((chart for chart in self.charts if chart.chart_id == chart_id), None)
        return exact or next((chart for chart in self.charts if chart.chart_id.startswith(chart_id + "-")), None)


def shown(value: object) -> str:
    """A bad value as a notice repeats it: its repr without angle brackets (no markup is ever sent
    back, escaped or not), cut short."""
    text = repr(value).replace("<", "").replace(">", "")
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def read_query(query: Query, names: Collection[str], *, long: Collection[str] = ()) -> tuple[dict[str, str], list[str]]:
    """One string per known parameter, from a raw query string or a mapping (Dash passes page
    arguments as a mapping, with a list for a repeated parameter). Unknown, repeated, non-string,
    over-long or too many parameters are dropped, each with a problem naming it. Parameters in
    `long` (a list of links) may be up to `MAX_LONG_VALUE_LENGTH` characters."""
    grouped: dict[str, list[object]] = {}
    too_many = [_("more than {count} parameters").format(count=MAX_PARAMETERS)]
    if isinstance(query, str):
        try:
            pairs = parse_qsl(query.removeprefix("?"), keep_blank_values=True, max_num_fields=MAX_PARAMETERS)
        except ValueError:
            return {}, too_many
        for key, text in pairs:
            grouped.setdefault(key, []).append(text)
    else:
        if len(query) > MAX_PARAMETERS:
            return {}, too_many
        for key, given_value in query.items():
            grouped[str(key)] = list(given_value) if isinstance(given_value, list | tuple) else [given_value]
    values: dict[str, str] = {}
    problems: list[str] = []
    # The problems are written in the language the link asks for (when it asks for one it has).
    asked = grouped.get("lang", [])
    with using(known(asked[0]) if len(asked) == 1 else DEFAULT_LANGUAGE):
        for name, given in grouped.items():
            if name not in names:
                problems.append(_("an unknown parameter {name}").format(name=shown(name)))
            elif len(given) != 1:
                problems.append(_("{name} given {count} times").format(name=name, count=len(given)))
            elif not isinstance(given[0], str):
                problems.append(f"{name}={shown(given[0])}")
            elif len(given[0]) > (MAX_LONG_VALUE_LENGTH if name in long else MAX_VALUE_LENGTH):
                problems.append(_("{name}={value} (too long)").format(name=name, value=shown(given[0])))
            else:
                values[name] = given[0]
    return values, problems


def choose(values: Mapping[str, str], name: str, allowed: Sequence[str], default: str, problems: list[str]) -> str:
    """The value asked for if the data holds it, else the default and a problem naming it."""
    value = values.get(name)
    if value is None:
        return default
    if value in allowed:
        return value
    problems.append(f"{name}={shown(value)}")
    return default


def language(values: Mapping[str, str], problems: list[str]) -> str:
    return choose(values, "lang", LANGUAGES, DEFAULT_LANGUAGE, problems)


def language_of(query: object) -> str:
    """The language a page's address asks for (a callback's `search`, of any type): the default
    unless it names one the dashboard has."""
    if not isinstance(query, str):
        return DEFAULT_LANGUAGE
    values, _problems = read_query(query, ("lang",))
    return known(values.get("lang"))


def write_query(pairs: Mapping[str, str]) -> str:
    """A spec's query string: every choice written out (so a copied link keeps its period when a
    newer one is built), except an empty value and the default language."""
    return urlencode({name: value for name, value in pairs.items() if value and (name, value) != ("lang", "en")})


def notice_text(problems: Sequence[str]) -> str:
    """The line a person sees when their link asked for something unavailable ('' when nothing)."""
    if not problems:
        return ""
    return _("The link asked for {problems}, which is not available; showing the default instead.").format(
        problems=", ".join(problems)
    )
