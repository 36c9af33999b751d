"""Helpers every reader shares: reading a sheet as a raw grid, finding headers by name,
cleaning official labels, and turning cells into checked counts."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.etl.errors import SourceError

# Characters the official files use in place of plain punctuation.
_CHARACTER_FIXES = {
    "\u00ad": "-",  # soft hyphen, in ONS age bands ("5­9")
    "\u201a": ",",  # single low-9 quotation mark, used as a comma ("Rhondda‚ Cynon‚ Taff")
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
}


def clean_label(value: object) -> str:
    """Normalise a header or name cell: fixed punctuation, single spaces, no padding."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    for bad, good in _CHARACTER_FIXES.items():
        text = text.replace(bad, good)
    return re.sub(r"\s+", " ", text).strip()


def label_key(value: object) -> str:
    """A comparison key: case-folded, '&' as 'and', punctuation and spaces removed."""
    text = clean_label(value).casefold().replace("&", " and ")
    return re.sub(r"[^0-9a-z\u00c0-\u024f]+", "", text)


def strip_footnote(name: str) -> str:
    """'ENGLAND AND WALES1' -> 'ENGLAND AND WALES': ONS appends footnote digits to names."""
    return re.sub(r"(?<=[A-Za-z)])\d+(,\d+)*$", "", name).strip()


def require_file(path: Path, source_id: str) -> None:
    if not path.exists():
        raise SourceError("file is missing; run `python -m dashboard.etl fetch`", source_id=source_id, path=path)


def require_complete_text(path: Path, source_id: str) -> None:
    """A text file (CSV) must end with a line break: one that stops inside its last row was cut
    short in transfer (a last line 'W06000022,31' would otherwise read as a rate of 31). For the
    layouts whose registered files end so (the one-row-per-area extracts and population files);
    the ONS 2014 table exports end without one, and their contracts count their rows instead."""
    require_file(path, source_id)
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            raise SourceError("file is empty", source_id=source_id, path=path)
        handle.seek(-1, 2)
        last = handle.read(1)
    if last not in (b"\n", b"\r"):
        lines = path.read_bytes().count(b"\n") + 1
        raise SourceError(
            "file ends inside its last row (no final line break): it was cut short; fetch it again",
            source_id=source_id, path=path, row=lines,
        )  # fmt: skip


def read_grid(path: Path, *, source_id: str, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or one sheet of a workbook as a grid of cells, headers included.

    The grid's index i is the row a person sees as i + 1, so errors can name real rows.
    """
    require_file(path, source_id)
    suffix = path.suffix.casefold()
    try:
        if suffix == ".csv":
            return pd.read_csv(
                path, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False, encoding="utf-8"
            )
        return pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, header=None, engine="calamine")
    except (ValueError, KeyError) as error:
        if sheet is not None and "not found" in str(error).casefold():
            raise SourceError(f"sheet {sheet!r} is missing", source_id=source_id, path=path) from error
        raise SourceError(f"cannot be read as {suffix[1:]}: {error}", source_id=source_id, path=path) from error
    except (UnicodeDecodeError, pd.errors.ParserError, zipfile.BadZipFile, OSError) as error:
        raise SourceError(f"cannot be read (corrupt or truncated?): {error}", source_id=source_id, path=path) from error
    except Exception as error:  # calamine raises its own types for corrupt workbooks
        raise SourceError(
            f"cannot be read (corrupt or truncated?): {type(error).__name__}: {error}",
            source_id=source_id,
            path=path,
        ) from error


def person_row(label: Any) -> int:
    """The row a person sees for a grid index label (grids keep index i for row i + 1)."""
    return int(label) + 1


def sheet_names(path: Path, *, source_id: str) -> list[str]:
    require_file(path, source_id)
    try:
        return [str(name) for name in pd.ExcelFile(path, engine="calamine").sheet_names]
    except Exception as error:  # calamine raises its own types for corrupt workbooks
        raise SourceError(
            f"cannot be opened as a workbook (corrupt or truncated?): {type(error).__name__}: {error}",
            source_id=source_id,
            path=path,
        ) from error


def find_header_row(grid: pd.DataFrame, required: Sequence[str], *, max_rows: int = 40) -> int | None:
    """Index of the first row holding every required label (compared by label_key)."""
    wanted = {label_key(name) for name in required}
    for index in range(min(len(grid), max_rows)):
        cells = {label_key(cell) for cell in grid.iloc[index].tolist()}
        if wanted <= cells:
            return index
    return None


def require_header_row(
    grid: pd.DataFrame, required: Sequence[str], *, source_id: str, path: Path, sheet: str | None = None
) -> int:
    row = find_header_row(grid, required)
    if row is None:
        raise SourceError(
            f"no header row with the columns {list(required)}; the layout differs from the tested edition",
            source_id=source_id,
            path=path,
            sheet=sheet,
        )
    return row


def frame_below_header(grid: pd.DataFrame, header_row: int) -> pd.DataFrame:
    """The rows under a header row, dropping rows that are entirely blank."""
    body = grid.iloc[header_row + 1 :]
    blank = body.apply(lambda row: all(clean_label(cell) == "" for cell in row), axis=1)
    return body.loc[~blank]


def to_counts(
    values: pd.Series,
    *,
    source_id: str,
    path: Path,
    column: str,
    sheet: str | None = None,
    allow_missing: bool = False,
) -> pd.Series:
    """Whole, non-negative numbers; the first bad cell is named by its row and column.

    The series' index must be the grid index (row a person sees minus one).
    """
    text = values.map(lambda cell: clean_label(cell).replace(",", ""))
    numbers = pd.to_numeric(text.replace("", np.nan), errors="coerce")
    bad = numbers.isna() & ((text != "") | (not allow_missing))
    _raise_first(values, bad, "is not a number", source_id=source_id, path=path, column=column, sheet=sheet)
    _raise_first(values, numbers < 0, "is negative", source_id=source_id, path=path, column=column, sheet=sheet)
    _raise_first(
        values,
        numbers.notna() & (numbers % 1 != 0),
        "is not a whole number",
        source_id=source_id,
        path=path,
        column=column,
        sheet=sheet,
    )
    return numbers.astype("Int64")


def to_numbers(values: pd.Series, *, source_id: str, path: Path, column: str, sheet: str | None = None) -> pd.Series:
    """Decimal values such as published rates; blank cells stay missing, text is an error."""
    text = values.map(lambda cell: clean_label(cell).replace(",", ""))
    numbers = pd.to_numeric(text.replace({"": np.nan, ":": np.nan}), errors="coerce")
    bad = numbers.isna() & ~text.isin(["", ":"])
    _raise_first(values, bad, "is not a number", source_id=source_id, path=path, column=column, sheet=sheet)
    _raise_first(values, numbers < 0, "is negative", source_id=source_id, path=path, column=column, sheet=sheet)
    return numbers.astype("float64")


def _raise_first(
    values: pd.Series, mask: pd.Series, problem: str, *, source_id: str, path: Path, column: str, sheet: str | None
) -> None:
    if not bool(mask.fillna(False).any()):
        return
    first = mask[mask.fillna(False)].index[0]
    raise SourceError(
        f"value {values.loc[first]!r} {problem} ({int(mask.fillna(False).sum())} such cells)",
        source_id=source_id,
        path=path,
        sheet=sheet,
        row=person_row(first),
        column=column,
    )


def check_codes(
    codes: pd.Series, prefix: str, *, source_id: str, path: Path, column: str, sheet: str | None = None
) -> None:
    """Codes of the expected GSS family (e.g. W01 for LSOAs), each once."""
    wrong = ~codes.astype(str).str.fullmatch(rf"{prefix}\d{{6}}")
    _raise_first(
        codes, wrong, f"is not a {prefix} area code", source_id=source_id, path=path, column=column, sheet=sheet
    )
    repeated = codes.duplicated(keep="first")
    _raise_first(codes, repeated, "appears more than once", source_id=source_id, path=path, column=column, sheet=sheet)


AGE_BAND_ALIASES = {
    "<1": "<1",
    "under1": "<1",
    "0": "<1",
    "1-4": "1-4",
    "01-04": "1-4",
    "90+": "90+",
    "90andover": "90+",
    "90plus": "90+",
}


def age_band_label(value: object) -> str | None:
    """Official age-band labels ('01-04', ' 1 ­ 4', '90 and over') as the project's ('1-4', '90+')."""
    text = clean_label(value).replace(" ", "")
    if text.casefold() in AGE_BAND_ALIASES:
        return AGE_BAND_ALIASES[text.casefold()]
    if text in AGE_BAND_ALIASES:
        return AGE_BAND_ALIASES[text]
    match = re.fullmatch(r"0*(\d+)-0*(\d+)", text)
    if match:
        return f"{int(match.group(1))}-{int(match.group(2))}"
    return None
