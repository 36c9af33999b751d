"""Contracts for every processed frame: the promises the dashboard relies on.

Checked at the end of each build step, before anything is written, and again by the tests.
A broken promise becomes a SourceError naming the frame, the column, the first failing row and
the sources the frame came from.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa

from dashboard.etl.errors import SourceError
from dashboard.model import columns as col
from dashboard.model.breakdowns import KINDS, SCHEMES

GROUP_COLUMNS = (col.GROUP_EDITION, col.GROUP_SCHEME, col.GROUP_KIND, col.GROUP_NUMBER)

LSOA11_COUNT = 1909
LSOA21_COUNT = 1917
LA_COUNT = 22
LHB_COUNT = 7
EXPECTED_AREAS = {"country": 1, "lhb": LHB_COUNT, "la": LA_COUNT, "lsoa11": LSOA11_COUNT, "lsoa21": LSOA21_COUNT}
WALES_CODE = r"^W(01|06|11|92)\d{6}$"


def _code(prefix: str, *, nullable: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(rf"^{prefix}\d{{6}}$"), nullable=nullable)


def _count(*, nullable: bool = False) -> pa.Column:
    return pa.Column("int64" if not nullable else "Int64", pa.Check.ge(0), nullable=nullable)


def _rows(count: int) -> pa.Check:
    return pa.Check(lambda frame: len(frame) == count, element_wise=False, error=f"expected {count} rows")


def _per_level_counts(frame: pd.DataFrame) -> bool:
    counts = frame[col.GEOGRAPHY_LEVEL].value_counts().to_dict()
    return bool(counts == EXPECTED_AREAS)


AREAS = pa.DataFrameSchema(
    {
        col.GEOGRAPHY_LEVEL: pa.Column(str, pa.Check.isin(col.GEOGRAPHY_LEVELS)),
        col.AREA_CODE: pa.Column(str, pa.Check.str_matches(WALES_CODE)),
        col.AREA_NAME: pa.Column(str, pa.Check.str_length(min_value=1)),
        col.AREA_NAME_CY: pa.Column(str, pa.Check.str_length(min_value=1)),
        col.LA_CODE: _code("W06", nullable=True),
        col.LHB_CODE: _code("W11", nullable=True),
    },
    unique=[col.GEOGRAPHY_LEVEL, col.AREA_CODE],
    checks=[pa.Check(_per_level_counts, element_wise=False, error=f"area counts per level must be {EXPECTED_AREAS}")],
    strict=True,
)

LSOA_CHANGE = pa.DataFrameSchema(
    {
        col.LSOA11_CODE: _code("W01"),
        col.LSOA21_CODE: _code("W01"),
        col.LSOA_CHANGE: pa.Column(str, pa.Check.isin(["unchanged", "split", "merged", "complex"])),
    },
    unique=[col.LSOA11_CODE, col.LSOA21_CODE],
    strict=True,
)


def boundaries(level: str, count: int) -> pa.DataFrameSchema:
    prefix = {"lsoa11": "W01", "lsoa21": "W01", "la": "W06", "lhb": "W11"}[level]
    return pa.DataFrameSchema(
        {col.AREA_CODE: _code(prefix), col.AREA_NAME: pa.Column(str), col.GEOMETRY: pa.Column(nullable=False)},
        unique=[col.AREA_CODE],
        checks=[_rows(count)],
        strict=True,
    )


def _symmetric(frame: pd.DataFrame) -> bool:
    pairs = set(zip(frame[col.AREA_CODE], frame[col.NEIGHBOUR_CODE], strict=True))
    return all((neighbour, area) in pairs for area, neighbour in pairs)


def neighbours(count: int) -> pa.DataFrameSchema:
    """Neighbour pairs: both ways round, never an area with itself, every one of `count` areas with one."""
    return pa.DataFrameSchema(
        {
            col.AREA_CODE: _code("W01"),
            col.NEIGHBOUR_CODE: _code("W01"),
            col.LINK: pa.Column(str, pa.Check.isin(["boundary", "nearest"])),
        },
        unique=[col.AREA_CODE, col.NEIGHBOUR_CODE],
        checks=[
            pa.Check(_symmetric, element_wise=False, error="every pair must appear both ways round"),
            pa.Check(lambda frame: bool((frame[col.AREA_CODE] != frame[col.NEIGHBOUR_CODE]).all()),
                     element_wise=False, error="an area is not its own neighbour"),
            pa.Check(lambda frame: frame[col.AREA_CODE].nunique() == count, element_wise=False,
                     error=f"every one of the {count} areas needs a neighbour"),
        ],
        strict=True,
    )  # fmt: skip


WIMD = pa.DataFrameSchema(
    {
        col.WIMD_EDITION: pa.Column("int64", pa.Check.isin([2014, 2019, 2025])),
        col.LSOA_VINTAGE: pa.Column("int64", pa.Check.isin([2011, 2021])),
        col.LSOA_CODE: _code("W01"),
        col.LA_CODE: _code("W06"),
        col.LHB_CODE: _code("W11"),
        col.WIMD_RANK: pa.Column("int64", pa.Check.ge(1)),
        col.WIMD_DECILE: pa.Column("int64", pa.Check.in_range(1, 10)),
        col.WIMD_QUINTILE: pa.Column("int64", pa.Check.in_range(1, 5)),
        col.WIMD_LHB_QUINTILE: pa.Column("int64", pa.Check.in_range(1, 5)),
    },
    unique=[col.WIMD_EDITION, col.LSOA_CODE],
    strict=True,
)

WIMD_DOMAINS = pa.DataFrameSchema(
    {
        col.WIMD_EDITION: pa.Column("int64"),
        col.LSOA_CODE: _code("W01"),
        col.WIMD_DOMAIN: pa.Column(str),
        col.WIMD_RANK: pa.Column("int64", pa.Check.ge(1)),
    },
    unique=[col.WIMD_EDITION, col.LSOA_CODE, col.WIMD_DOMAIN],
    strict=True,
)

POPULATION = pa.DataFrameSchema(
    {
        col.GEOGRAPHY_LEVEL: pa.Column(str, pa.Check.isin(["lsoa11", "la"])),
        col.AREA_CODE: pa.Column(str, pa.Check.str_matches(WALES_CODE)),
        col.YEAR: pa.Column("int64", pa.Check.in_range(1990, 2100)),
        col.AGE: pa.Column("int64", pa.Check.in_range(0, 90)),
        col.POPULATION: _count(),
    },
    unique=[col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.YEAR, col.AGE],
    strict=True,
)

ESP2013 = pa.DataFrameSchema(
    {
        col.AGE_BAND: pa.Column(str, pa.Check.isin(col.ESP_AGE_BANDS)),
        col.ESP_WEIGHT: pa.Column("int64", pa.Check.gt(0)),
    },
    unique=[col.AGE_BAND],
    checks=[_rows(19), pa.Check(lambda f: f[col.ESP_WEIGHT].sum() == 100_000, element_wise=False)],
    strict=True,
)

_DECILE_KEYS = [col.YEAR, col.WIMD_EDITION, col.WIMD_DECILE, col.SEX]
DEPRIVATION_DEATHS = pa.DataFrameSchema(
    {
        col.YEAR: pa.Column("int64"),
        col.WIMD_EDITION: pa.Column("int64"),
        col.WIMD_DECILE: pa.Column("int64", pa.Check.in_range(1, 10)),
        col.SEX: pa.Column(str, pa.Check.isin(["Male", "Female"])),
        col.CAUSE_CODE: pa.Column("int64", pa.Check.in_range(1, 99)),
        col.CAUSE_NAME: pa.Column(str),
        col.AGE_BAND: pa.Column(str, pa.Check.isin(col.AGE_BANDS)),
        col.DEATHS: _count(),
    },
    unique=[*_DECILE_KEYS, col.CAUSE_CODE, col.AGE_BAND],
    strict=True,
)
DEPRIVATION_POPULATION = pa.DataFrameSchema(
    {
        col.YEAR: pa.Column("int64"),
        col.WIMD_EDITION: pa.Column("int64"),
        col.WIMD_DECILE: pa.Column("int64", pa.Check.in_range(1, 10)),
        col.SEX: pa.Column(str, pa.Check.isin(["Male", "Female"])),
        col.AGE_BAND: pa.Column(str, pa.Check.isin(col.AGE_BANDS)),
        col.POPULATION: _count(),
    },
    unique=[*_DECILE_KEYS, col.AGE_BAND],
    checks=[
        pa.Check(
            lambda frame: bool((frame.groupby(col.YEAR).size() == 10 * 2 * len(col.AGE_BANDS)).all()),
            element_wise=False,
            error="every year needs 10 deciles x 2 sexes x 20 age bands",
        )
    ],
    strict=True,
)
DEPRIVATION_LSOA = pa.DataFrameSchema(
    {
        col.WIMD_EDITION: pa.Column("int64"),
        col.LSOA_CODE: _code("W01"),
        col.WIMD_DECILE: pa.Column("int64", pa.Check.in_range(1, 10)),
    },
    unique=[col.WIMD_EDITION, col.LSOA_CODE],
    checks=[_rows(LSOA11_COUNT)],
    strict=True,
)

DEATHS_BY_AGE = pa.DataFrameSchema(
    {
        col.YEAR: pa.Column("int64"),
        col.GEOGRAPHY_LEVEL: pa.Column(str, pa.Check.isin(["country", "la"])),
        col.AREA_CODE: pa.Column(str, pa.Check.str_matches(WALES_CODE)),
        col.SEX: pa.Column(str, pa.Check.isin(["Male", "Female"])),
        col.AGE_BAND: pa.Column(str, pa.Check.isin(col.AGE_BANDS)),
        col.DEATHS: _count(),
    },
    unique=[col.YEAR, col.GEOGRAPHY_LEVEL, col.AREA_CODE, col.SEX, col.AGE_BAND],
    checks=[_rows((1 + LA_COUNT) * 2 * len(col.AGE_BANDS))],
    strict=True,
)

INDICATORS = pa.DataFrameSchema(
    {
        col.INDICATOR: pa.Column(str),
        col.GEOGRAPHY_LEVEL: pa.Column(str, pa.Check.isin(col.GEOGRAPHY_LEVELS)),
        col.AREA_CODE: pa.Column(str, pa.Check.str_matches(WALES_CODE)),
        col.AREA_NAME: pa.Column(str),
        col.PERIOD: pa.Column(str),
        col.SEX: pa.Column(str, pa.Check.isin((*col.SEXES, col.NOT_RECORDED))),
        col.AGE_GROUP: pa.Column(str),
        col.BREAKDOWN: pa.Column(str, nullable=True),
        col.GROUP_EDITION: pa.Column(str, pa.Check.str_matches(r"^\d{4}$"), nullable=True),
        col.GROUP_SCHEME: pa.Column(str, pa.Check.isin(SCHEMES), nullable=True),
        col.GROUP_KIND: pa.Column(str, pa.Check.isin(KINDS), nullable=True),
        col.GROUP_NUMBER: pa.Column("float64", pa.Check.in_range(1, 10), nullable=True),
        col.DEATHS: pa.Column("float64", pa.Check.ge(0), nullable=True),
        col.POPULATION: pa.Column("float64", pa.Check.gt(0), nullable=True),
        col.VALUE: pa.Column("float64", pa.Check.ge(0), nullable=True),
        col.LOWER: pa.Column("float64", pa.Check.ge(0), nullable=True),
        col.UPPER: pa.Column("float64", pa.Check.ge(0), nullable=True),
        col.UNIT: pa.Column(str),
        col.SUPPRESSED_REASON: pa.Column(str, nullable=True),
        col.SOURCE_ID: pa.Column(str),
        col.ORIGIN: pa.Column(str, pa.Check.isin(col.ORIGINS)),
    },
    unique=[
        col.INDICATOR,
        col.GEOGRAPHY_LEVEL,
        col.AREA_CODE,
        col.PERIOD,
        col.SEX,
        col.AGE_GROUP,
        col.BREAKDOWN,
        col.SOURCE_ID,
    ],
    checks=[
        pa.Check(
            lambda f: ((f[col.LOWER] <= f[col.VALUE]) & (f[col.VALUE] <= f[col.UPPER])) | f[col.LOWER].isna(),
            error="a confidence interval must contain its value",
        ),
        pa.Check(
            lambda f: f[col.VALUE].notna() | f[col.SUPPRESSED_REASON].notna(),
            error="a missing value needs a suppressed reason",
        ),
        pa.Check(
            lambda f: (
                (f[col.BREAKDOWN].isna() & f[list(GROUP_COLUMNS)].isna().all(axis=1))
                | (f[col.BREAKDOWN].notna() & f[list(GROUP_COLUMNS)].notna().all(axis=1))
            ),
            error="a breakdown label needs its grouping columns, and grouping columns their label",
        ),
    ],
    strict=True,
)


def _interval_holds_ratio(f: pd.DataFrame) -> pd.Series:
    inside = (f[col.SMOOTHED_LOWER] <= f[col.SMOOTHED_RATIO]) & (f[col.SMOOTHED_RATIO] <= f[col.SMOOTHED_UPPER])
    return inside | f[col.SMOOTHED_RATIO].isna()


_RATIO = pa.Column("float64", pa.Check.ge(0), nullable=True)
SMOOTHED = pa.DataFrameSchema(
    {
        col.INDICATOR: pa.Column(str),
        col.PERIOD: pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{4})?$")),
        col.AREA_CODE: _code("W01"),
        col.AREA_NAME: pa.Column(str),
        col.DEATHS: pa.Column("float64", pa.Check.ge(0), nullable=True),
        col.EXPECTED: pa.Column("float64", pa.Check.gt(0)),
        col.SMOOTHED_RATIO: _RATIO,
        col.SMOOTHED_LOWER: _RATIO,
        col.SMOOTHED_UPPER: _RATIO,
        col.RATIO_BAND: pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True),
        col.EXCEEDANCE_BAND: pa.Column("Int64", pa.Check.in_range(1, 3), nullable=True),
        col.DETAIL: pa.Column(str, pa.Check.isin(["shown", "bands", "withheld"])),
        col.SUPPRESSED_REASON: pa.Column(str, nullable=True),
        col.METHOD: pa.Column(str, pa.Check.isin(["global", "spatial"])),
        col.SOURCE_ID: pa.Column(str),
        col.ORIGIN: pa.Column(str, pa.Check.isin(col.ORIGINS)),
    },
    unique=[col.INDICATOR, col.PERIOD, col.AREA_CODE],
    checks=[
        pa.Check(_interval_holds_ratio, error="a credible interval must contain its ratio"),
        pa.Check(lambda f: (f[col.DETAIL] == "shown") == f[col.SMOOTHED_RATIO].notna(),
                 error="numbers exactly where the detail is shown"),
        pa.Check(lambda f: (f[col.DETAIL] == "withheld") == f[col.EXCEEDANCE_BAND].isna(),
                 error="a band unless withheld"),
        pa.Check(lambda f: (f[col.DETAIL] == "shown") | f[col.SUPPRESSED_REASON].notna(),
                 error="figures held back need a reason"),
    ],
    strict=True,
)  # fmt: skip


HLE_PERIODS = 12  # 2011-2013 to 2022-2024
HLE_METHODS = ("standard", "interim")
HLE = pa.DataFrameSchema(
    {
        col.AREA_CODE: pa.Column(str, pa.Check.str_matches(r"^(W06\d{6}|W92000004|E92000001|K02000001)$")),
        col.AREA_NAME: pa.Column(str, pa.Check.str_length(min_value=1)),
        col.GEOGRAPHY_LEVEL: pa.Column(str, pa.Check.isin(["la", "country", col.COMPARATOR])),
        col.SEX: pa.Column(str, pa.Check.isin(["Male", "Female"])),
        col.PERIOD: pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{4}$")),
        col.FIRST_YEAR: pa.Column("int64", pa.Check.in_range(2000, 2100)),
        col.LAST_YEAR: pa.Column("int64", pa.Check.in_range(2000, 2100)),
        col.VALUE: pa.Column("float64", pa.Check.in_range(30, 90)),
        col.LOWER: pa.Column("float64", pa.Check.in_range(30, 90)),
        col.UPPER: pa.Column("float64", pa.Check.in_range(30, 90)),
        col.METHOD: pa.Column(str, pa.Check.isin(HLE_METHODS)),
        col.SOURCE_ID: pa.Column(str),
    },
    unique=[col.AREA_CODE, col.SEX, col.PERIOD],
    checks=[
        pa.Check(lambda f: (f[col.LOWER] <= f[col.VALUE]) & (f[col.VALUE] <= f[col.UPPER]),
                 error="the estimate must lie within its 95% limits"),
        pa.Check(lambda f: f[col.LAST_YEAR] - f[col.FIRST_YEAR] == 2, error="periods are three years"),
        pa.Check(lambda f: bool((f.groupby([col.AREA_CODE, col.SEX]).size() == HLE_PERIODS).all()),
                 element_wise=False, error=f"every area and sex needs all {HLE_PERIODS} periods"),
        pa.Check(lambda f: f.loc[f[col.GEOGRAPHY_LEVEL] == "la", col.AREA_CODE].nunique() == LA_COUNT,
                 element_wise=False, error=f"all {LA_COUNT} local authorities"),
    ],
    strict=True,
)  # fmt: skip

GP_SUPPLY = pa.DataFrameSchema(
    {
        col.AREA_CODE: _code("W06"),
        col.AREA_NAME: pa.Column(str, pa.Check.str_length(min_value=1)),
        col.YEAR: pa.Column("int64", pa.Check.in_range(2000, 2100)),
        col.PATIENTS: pa.Column("int64", pa.Check.gt(0)),
        col.GPS: pa.Column("int64", pa.Check.gt(0)),
        col.PATIENTS_PER_GP: pa.Column("float64", pa.Check.in_range(100, 10_000)),
        col.SOURCE_ID: pa.Column(str),
    },
    unique=[col.AREA_CODE, col.YEAR],
    checks=[_rows(LA_COUNT)],
    strict=True,
)  # fmt: skip


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, frame_name: str, source_ids: Sequence[str]) -> None:
    """Check a frame against its contract; the first failure becomes a SourceError."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        first = cases.iloc[0]
        index = first.get("index")
        at = f" at frame row {int(index)}" if index is not None and pd.notna(index) else ""
        raise SourceError(
            f"frame {frame_name!r} breaks its contract: {first['check']} failed for "
            f"{first['failure_case']!r}{at} ({len(cases)} failures in all); built from {', '.join(source_ids)}",
            column=str(first["column"]) if pd.notna(first["column"]) else None,
        ) from None
