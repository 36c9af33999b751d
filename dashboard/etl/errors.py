"""One error type for bad input, so every failure names where a person should look."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """Bad input: names the source, file, sheet, row and column where they are known.

    `row` is the row number a person sees in a spreadsheet or text editor (1-based,
    counting header lines), not a pandas index.
    """

    def __init__(
        self,
        message: str,
        *,
        source_id: str | None = None,
        path: Path | str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.source_id = source_id
        self.path = Path(path) if path is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [
            f"source {self.source_id}" if self.source_id else None,
            f"file {self.path}" if self.path else None,
            f"sheet {self.sheet!r}" if self.sheet else None,
            f"row {self.row}" if self.row is not None else None,
            f"column {self.column!r}" if self.column else None,
        ]
        located = ", ".join(part for part in where if part)
        return f"{located}: {self.message}" if located else self.message
