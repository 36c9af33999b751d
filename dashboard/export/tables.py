"""A chart's figures as CSV or XLSX: exactly the rows behind the chart, with area codes and names,
numerators, denominators, value and CI, suppression reasons in words, unit, period, origin, and
each row's source and licence; synthetic rows say so in a column of their own. The XLSX adds a
notes sheet: title, key sentence, source line, the link to the view, and when it was made."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Final

import pandas as pd

from dashboard import data
from dashboard.figures.choropleth import COMPARISON, comparison_words
from dashboard.figures.profile import EDITION_LABEL, IS_AREA
from dashboard.figures.theme import SYNTHETIC_LABEL
from dashboard.i18n import _
from dashboard.model import columns as col
from dashboard.views.base import Chart
from dashboard.words.labels import reason_words
from dashboard.words.source_lines import cite, licence

FORMATS: Final = ("csv", "xlsx")
SOURCE: Final = "source"
LICENCE: Final = "licence"
NOTICE: Final = "notice"
INTERNAL_COLUMNS: Final = (IS_AREA, EDITION_LABEL)  # how a chart draws, not what it shows


def figures(chart: Chart) -> pd.DataFrame:
    """The chart's table as exported: codes kept, reasons and comparisons in words, sources cited."""
    table = chart.table.drop(columns=[name for name in INTERNAL_COLUMNS if name in chart.table]).copy()
    if col.SUPPRESSED_REASON in table:
        table[col.SUPPRESSED_REASON] = table[col.SUPPRESSED_REASON].map(reason_words)
    if COMPARISON in table:
        table[COMPARISON] = table[COMPARISON].map(comparison_words)
    if col.SOURCE_ID in table:
        table[SOURCE] = table[col.SOURCE_ID].map(cite)
        table[LICENCE] = table[col.SOURCE_ID].map(licence)
    else:
        table[SOURCE] = chart.source
    if chart.synthetic:
        synthetic = table[col.ORIGIN] == "synthetic" if col.ORIGIN in table else pd.Series(True, index=table.index)
        table.insert(0, NOTICE, synthetic.map({True: _(SYNTHETIC_LABEL), False: ""}))
    return table.reset_index(drop=True)


# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, CSV injection):
# a hostile area name or note could run one on the reader's machine.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell that a spreadsheet would read as a formula prefixed by an
    apostrophe, as OWASP advises for CSV; numbers (a negative change) are left alone."""

    def defuse(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    text_columns = [name for name in frame.columns if not pd.api.types.is_numeric_dtype(frame[name])]
    return frame.assign(**{name: frame[name].map(defuse) for name in text_columns})


def to_csv(chart: Chart) -> bytes:
    """RFC 4180 lines (CRLF), so a text cell holding a carriage return is quoted, not split."""
    return inert(figures(chart)).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def notes(chart: Chart, link: str) -> pd.DataFrame:
    rows = [
        (_("Title"), chart.title),
        (_("Key sentence"), chart.sentence),
        (_("Source"), chart.source),
        (_("Link to the view"), link),
        (_("Data built"), str(data.manifest().get("built_at", ""))),
        (_("Exported"), datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
    ]
    if chart.synthetic:
        rows.insert(0, (_("Notice"), _(SYNTHETIC_LABEL)))
    return pd.DataFrame(rows, columns=["item", "text"])


def to_xlsx(chart: Chart, link: str) -> bytes:
    """The figures and notes sheets, every text cell stored as text: openpyxl would store a
    value beginning '=' as a formula, so any such cell is set back to a string."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        figures(chart).to_excel(writer, sheet_name="figures", index=False)
        notes(chart, link).to_excel(writer, sheet_name="notes", index=False)
        for sheet in writer.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return buffer.getvalue()
