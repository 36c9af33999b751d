"""Reader for the Welsh Index of Multiple Deprivation 'index and domain ranks by small area'.

Handles the 2019 workbook (sheet WIMD_2019_ranks, two title rows) and the 2025 CSV export of
the WIMD_2025_ranks sheet; the header row is found by its 'LSOA code' cell in either.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard.etl.errors import SourceError
from dashboard.etl.readers.common import (
    check_codes,
    clean_label,
    frame_below_header,
    label_key,
    read_grid,
    sheet_names,
    to_counts,
)
from dashboard.model import columns as col

OVERALL = "overall"
DOMAINS = {
    "income": "income",
    "employment": "employment",
    "health": "health",
    "education": "education",
    "accesstoservices": "access_to_services",
    "housing": "housing",
    "communitysafety": "community_safety",
    "physicalenvironment": "physical_environment",
}
_OVERALL_HEADER = re.compile(r"^WIMD (\d{4})$")


def read_wimd_ranks(path: Path, source_id: str) -> pd.DataFrame:
    """Long frame: wimd_edition, lsoa_code, domain ('overall' or a domain), rank (1 = most deprived)."""
    sheet = _ranks_sheet(path, source_id) if path.suffix.casefold() != ".csv" else None
    grid = read_grid(path, source_id=source_id, sheet=sheet)
    header_row = next(
        (index for index in range(min(len(grid), 20)) if label_key(grid.iat[index, 0]) == "lsoacode"), None
    )
    if header_row is None:
        raise SourceError("no header row starting 'LSOA code'", source_id=source_id, path=path, sheet=sheet)
    header = [clean_label(cell) for cell in grid.iloc[header_row]]
    overall = [(index, _OVERALL_HEADER.match(name)) for index, name in enumerate(header)]
    found = [(index, match) for index, match in overall if match]
    if not found:
        raise SourceError(
            "no overall rank column named like 'WIMD 2019'",
            source_id=source_id,
            path=path,
            sheet=sheet,
            row=header_row + 1,
        )
    overall_index, match = found[0]
    edition = int(match.group(1))
    body = frame_below_header(grid, header_row)
    codes = body.iloc[:, 0].map(clean_label)
    check_codes(codes, "W01", source_id=source_id, path=path, column=header[0], sheet=sheet)
    pieces = []
    rank_columns = {OVERALL: overall_index} | {
        DOMAINS[label_key(name)]: index for index, name in enumerate(header) if label_key(name) in DOMAINS
    }
    missing = sorted(set(DOMAINS.values()) - set(rank_columns))
    if missing:
        raise SourceError(
            f"domain rank columns missing: {missing}", source_id=source_id, path=path, sheet=sheet, row=header_row + 1
        )
    for domain, index in rank_columns.items():
        ranks = to_counts(body.iloc[:, index], source_id=source_id, path=path, column=header[index], sheet=sheet)
        pieces.append(pd.DataFrame({col.LSOA_CODE: codes, col.WIMD_DOMAIN: domain, col.WIMD_RANK: ranks}))
    frame = pd.concat(pieces, ignore_index=True)
    frame.insert(0, col.WIMD_EDITION, edition)
    _check_overall_is_permutation(frame.loc[frame[col.WIMD_DOMAIN] == OVERALL, col.WIMD_RANK], source_id, path)
    return frame


def _ranks_sheet(path: Path, source_id: str) -> str:
    names = sheet_names(path, source_id=source_id)
    for name in names:
        if re.fullmatch(r"WIMD_\d{4}_ranks", name.strip(), flags=re.IGNORECASE):
            return name
    raise SourceError(f"no sheet named like 'WIMD_2019_ranks' among {names}", source_id=source_id, path=path)


def _check_overall_is_permutation(ranks: pd.Series, source_id: str, path: Path) -> None:
    """The overall rank must run 1..N once each: ties or gaps mean a damaged file."""
    expected = set(range(1, len(ranks) + 1))
    if set(ranks.astype(int)) != expected:
        raise SourceError(
            f"overall ranks are not a permutation of 1..{len(ranks)} (repeated or missing ranks)",
            source_id=source_id,
            path=path,
        )
