"""Reading and validating a record-level death extract (PCMD, SAIL or similar).

A small mapping file names the extract's columns, so any layout can be read. Every row is
checked; a row that fails is rejected with its reason and counted, never dropped silently.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from dashboard.i18n import N_
from dashboard.model import columns as col
from dashboard.stats.definition import normalise_icd10

RECORD_ROW = "record_row"  # the row number in the extract (header = row 1)
ICD10 = "icd10"
LSOA_SUPPLIED = "lsoa_supplied"
WEIGHT = "weight"  # the share of a record counted in its 2011 LSOA: 1, or a part of a merged 2021 LSOA
OLDEST_PLAUSIBLE_AGE = 120

REASON_DATE = N_("date missing or not a date")
REASON_DATE_RANGE = N_("date before 1900 or after today")
REASON_AGE = N_("age missing, not written as a whole number, or outside 0-120")  # OLDEST_PLAUSIBLE_AGE
REASON_SEX = N_("sex missing or not recognised as male or female")
REASON_ICD10 = N_("underlying cause missing or not an ICD-10 code")
REASON_LSOA_UNKNOWN = N_("LSOA code unknown in Wales")
REASON_LSOA_VINTAGE = N_("LSOA code belongs to the other LSOA vintage")


class ExtractError(Exception):
    """The extract as a whole cannot be used (missing file or column, bad mapping)."""


@dataclass(frozen=True)
class Mapping:
    """Which extract column holds what, and how sex is coded."""

    date: str = "registration_date"
    age: str = "age"
    sex: str = "sex"
    underlying_cause: str = "underlying_cause"
    lsoa: str = "lsoa_code"
    lsoa_vintage: str = "auto"  # "2011", "2021" or "auto"
    male: tuple[str, ...] = ("m", "male", "1")
    female: tuple[str, ...] = ("f", "female", "2")

    @classmethod
    def from_toml(cls, path: Path) -> Mapping:
        """[columns] date/age/sex/underlying_cause/lsoa; [options] lsoa_vintage, male, female."""
        try:
            with path.open("rb") as handle:
                loaded = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ExtractError(f"mapping {path}: {error}") from error
        columns, options = loaded.get("columns", {}), loaded.get("options", {})
        unknown = (set(columns) - {"date", "age", "sex", "underlying_cause", "lsoa"}) | (
            set(options) - {"lsoa_vintage", "male", "female"}
        )
        if unknown:
            raise ExtractError(f"mapping {path}: unknown keys {sorted(unknown)}")
        defaults = cls()
        return cls(
            **{
                name: str(columns.get(name, getattr(defaults, name)))
                for name in ("date", "age", "sex", "underlying_cause", "lsoa")
            },
            lsoa_vintage=str(options.get("lsoa_vintage", defaults.lsoa_vintage)),
            male=tuple(str(v).casefold() for v in options.get("male", defaults.male)),
            female=tuple(str(v).casefold() for v in options.get("female", defaults.female)),
        )


@dataclass
class Rejections:
    """Rejected rows by reason: counts and a few examples (row number and value) for each."""

    total_rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    first_date: str | None = None  # the earliest and latest date among the rows used (ISO)
    last_date: str | None = None
    shared_records: int = 0  # records in 2021 LSOAs formed by merging, shared among their 2011 parts
    shared_lsoa21: set[str] = field(default_factory=set)
    shared_lsoa11: set[str] = field(default_factory=set)

    def finish(self) -> None:
        """The notes that sum up every batch, once the last is in."""
        if self.shared_records:
            self.notes.append(
                f"{self.shared_records:,} records in {len(self.shared_lsoa21)} 2021 LSOAs formed by merging were "
                f"shared among their {len(self.shared_lsoa11)} 2011 parts by population"
            )

    def add(self, reason: str, rows: pd.Series, values: pd.Series) -> None:
        if len(rows) == 0:
            return
        self.counts[reason] = self.counts.get(reason, 0) + len(rows)
        shown = self.examples.setdefault(reason, [])
        for row, value in zip(rows.head(3 - len(shown)), values.head(3 - len(shown)), strict=True):
            shown.append(f"row {row}: {value!r}")

    @property
    def rejected(self) -> int:
        return sum(self.counts.values())

    @property
    def used(self) -> int:
        return self.total_rows - self.rejected

    @property
    def rejected_share(self) -> float:
        """Rejected rows as a share of the rows read (0 for an empty extract)."""
        return self.rejected / self.total_rows if self.total_rows else 0.0

    def as_record(self) -> dict[str, object]:
        """The report as plain data, for the build's sidecar and the status page."""
        return {
            "rows_read": self.total_rows, "rejected": self.rejected, "used": self.used,
            "rejected_share": self.rejected_share, "rejected_by_reason": dict(self.counts),
            "first_date": self.first_date, "last_date": self.last_date, "notes": list(self.notes),
        }  # fmt: skip

    def summary(self) -> str:
        lines = [
            f"{self.total_rows:,} records read, {self.rejected:,} rejected, {self.total_rows - self.rejected:,} used"
        ]
        for reason, count in sorted(self.counts.items(), key=lambda item: -item[1]):
            lines.append(f"  {count:,} rejected: {reason} (e.g. {'; '.join(self.examples[reason])})")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


BATCH_BYTES = 16 * 2**20  # of CSV text read at a time (about 450,000 records): memory stays bounded
# (pyarrow's reader reads some 18 blocks ahead, 0.3 GB of 16 MB blocks, 1.4 GB of 64 MB ones)
BATCH_ROWS = 2_000_000  # of a parquet extract read at a time
TEXT = pa.dictionary(pa.int32(), pa.string())  # each CSV column as read: its distinct values and codes


def read_extract(path: Path, mapping: Mapping, *, synthetic_marker: str) -> tuple[pd.DataFrame, bool]:
    """The extract's mapped columns, as text, with each row's number in the file; and whether
    it carries the synthetic register's marker column (so its figures are labelled synthetic)."""
    batches, synthetic = extract_batches(path, mapping, synthetic_marker=synthetic_marker)
    frames = list(batches)
    return (pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]), synthetic


def extract_batches(
    path: Path, mapping: Mapping, *, synthetic_marker: str, batch_bytes: int = BATCH_BYTES
) -> tuple[Iterator[pd.DataFrame], bool]:
    """The extract read a batch at a time (as `read_extract` gives it whole, row numbers running
    on), so that a national extract of tens of millions of records needs the memory of one batch;
    and whether it carries the synthetic marker. At least one batch, empty for a header alone."""
    if not path.exists():
        raise ExtractError(f"{path}: no such file")
    wanted = [mapping.date, mapping.age, mapping.sex, mapping.underlying_cause, mapping.lsoa]
    parquet = path.suffix.casefold() == ".parquet"
    try:
        if parquet:
            names = pq.ParquetFile(path).schema_arrow.names
        else:  # the header, from the first block only
            names = pa_csv.open_csv(path, read_options=pa_csv.ReadOptions(block_size=1 << 20)).schema.names
    except Exception as error:  # pyarrow and the CSV parser raise many types for damaged files
        raise ExtractError(f"{path}: cannot be read: {error}") from error
    missing = [name for name in wanted if name not in names]
    if missing:
        raise ExtractError(f"{path}: missing column(s) {missing} (see the mapping file); found {names}")

    def batches() -> Iterator[pd.DataFrame]:
        first_row = 2  # the header is row 1
        try:
            if parquet:
                reader: Iterator[pa.RecordBatch] = pq.ParquetFile(path).iter_batches(BATCH_ROWS, columns=wanted)
            else:
                # pyarrow's reader, about 5 times pandas' own for text columns (bench/deaths_pipeline.py
                # measures both), every column as text so that each value can be checked as written,
                # and dictionary-encoded as it is read: the distinct values and each row's code, which
                # is all `per_value` needs (no factorising of ten million strings after); its threads
                # convert a block's columns side by side (10M records 3.8 s -> 3.4 s, 35 MB more).
                reader = pa_csv.open_csv(
                    path, read_options=pa_csv.ReadOptions(block_size=batch_bytes, use_threads=True),
                    convert_options=pa_csv.ConvertOptions(
                        include_columns=wanted, column_types=dict.fromkeys(wanted, TEXT)
                    ),
                )  # fmt: skip
            empty = True
            # The next batch is parsed on another thread (pyarrow lets go of the GIL) while this
            # one is checked: the read costs little more than reading the file whole on every core.
            with ThreadPoolExecutor(max_workers=1) as reading:
                pending = reading.submit(next, reader, None)
                while (batch := pending.result()) is not None:
                    pending = reading.submit(next, reader, None)
                    frame = batch.to_pandas()[wanted]
                    frame = frame if not parquet else frame.astype("str")  # the CSV's columns are categories
                    frame.insert(0, RECORD_ROW, np.arange(first_row, first_row + len(frame)))
                    first_row += len(frame)
                    empty = False
                    yield frame
        except (pa.ArrowException, OSError) as error:  # a damaged row past the first block
            raise ExtractError(f"{path}: cannot be read near row {first_row}: {error}") from error
        if empty:
            yield pd.DataFrame({RECORD_ROW: np.arange(0), **{name: pd.Series(dtype="str") for name in wanted}})

    return batches(), synthetic_marker in names


def validate_records(
    frame: pd.DataFrame, mapping: Mapping, lsoa11: set[str], lsoa21: set[str], change: pd.DataFrame,
    lsoa11_population: pd.Series,
) -> tuple[pd.DataFrame, Rejections]:  # fmt: skip
    """Clean records (year, age, sex, icd10, lsoa11_code) and the rejection report.

    2021 LSOAs are mapped to the 2011 LSOA they lie in (unchanged and split LSOAs map exactly);
    a record in a 2021 LSOA formed by merging is shared among its 2011 parts by population.
    """
    report = Rejections()
    clean, _vintage_used = validate_batch(frame, mapping, lsoa11, lsoa21, change, lsoa11_population, report)
    report.finish()
    return clean, report


def validate_batch(
    frame: pd.DataFrame, mapping: Mapping, lsoa11: set[str], lsoa21: set[str], change: pd.DataFrame,
    lsoa11_population: pd.Series, report: Rejections,
) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """One batch of `validate_records`, its rejections added to `report` (call `report.finish()`
    after the last); and the LSOA vintage it read (pass it in the mapping for the next batches,
    so that every batch is read as the first was)."""
    report.total_rows += len(frame)
    rows = frame[RECORD_ROW]
    dates = per_value(frame[mapping.date], parse_dates)
    ages = per_value(frame[mapping.age], parse_ages)
    sexes = per_value(frame[mapping.sex], lambda text: parse_sexes(text, mapping))
    codes = per_value(frame[mapping.underlying_cause], lambda text: text.map(normalised_icd10))
    lsoas = per_value(frame[mapping.lsoa], lambda text: text.str.strip().str.upper())

    bad_date = dates.isna()
    out_of_range = impossible_dates(dates)
    bad_age = ages.isna() | (ages % 1 != 0) | (ages < 0) | (ages > OLDEST_PLAUSIBLE_AGE)
    bad_sex = sexes == ""
    bad_code = codes.isna()
    vintage = _vintage(lsoas, mapping, lsoa11, lsoa21, report)
    this, other = (lsoa11, lsoa21) if vintage == 2011 else (lsoa21, lsoa11)
    known = lsoas.isin(this)
    wrong_vintage = ~known & lsoas.isin(other)
    unknown = ~known & ~wrong_vintage
    rejected = pd.Series(False, index=frame.index)
    for mask, reason, values in (
        (bad_date, REASON_DATE, frame[mapping.date]),
        (out_of_range, REASON_DATE_RANGE, frame[mapping.date]),
        (bad_age, REASON_AGE, frame[mapping.age]),
        (bad_sex, REASON_SEX, frame[mapping.sex]),
        (bad_code, REASON_ICD10, frame[mapping.underlying_cause]),
        (unknown, REASON_LSOA_UNKNOWN, frame[mapping.lsoa]),
        (wrong_vintage, REASON_LSOA_VINTAGE, frame[mapping.lsoa]),
    ):
        first_time = mask & ~rejected  # a row is counted once, under its first problem
        report.add(reason, rows[first_time], values[first_time])
        rejected |= mask
    keep = ~rejected
    if keep.any():
        first, last = dates[keep].min().date().isoformat(), dates[keep].max().date().isoformat()
        report.first_date = min(first, report.first_date or first)  # ISO dates sort as text
        report.last_date = max(last, report.last_date or last)
    taken = slice(None) if bool(keep.all()) else keep  # as a rule nothing is rejected: no column copied by a mask
    clean = pd.DataFrame({  # from arrays: columns of one length, no index to align column by column
        RECORD_ROW: rows[taken].to_numpy(),
        col.YEAR: dates[taken].dt.year.to_numpy(dtype="int64"),
        col.AGE: ages[taken].to_numpy(dtype="int64"),
        # Two categories, not text: a batch's sexes as codes, without building strings per row.
        col.SEX: sexes[taken].cat.set_categories(SEX_TYPE.categories).array,
        ICD10: codes[taken].array,
        LSOA_SUPPLIED: lsoas[taken].array,
    })  # fmt: skip
    if vintage == 2011:
        clean[col.LSOA11_CODE] = clean[LSOA_SUPPLIED]
        clean[WEIGHT] = 1.0
    else:
        clean = _to_lsoa11(clean, change, lsoa11_population, report)
    return clean.reset_index(drop=True), vintage


def per_value(values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`parse` run once on each distinct value and spread back to every row: twenty years of
    registrations hold millions of rows but only thousands of distinct dates, ages, sexes, causes
    and areas, so the checks cost as many values as there are distinct ones."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # as the CSV reader gives them: coded already
        positions = values.cat.codes.to_numpy()
        each = pd.Series(values.cat.categories, dtype="str")
        if (positions < 0).any():  # a missing value: one more distinct value, as factorize would give
            positions = np.where(positions < 0, len(each), positions)
            each = pd.concat([each, pd.Series([None], dtype="str")], ignore_index=True)
        parsed = parse(each).reset_index(drop=True)
    else:
        positions, distinct = pd.factorize(values, use_na_sentinel=False)
        parsed = parse(pd.Series(distinct, dtype=values.dtype)).reset_index(drop=True)
    if pd.api.types.is_string_dtype(parsed.dtype):  # text comes back as categories: codes, not strings
        codes, categories = pd.factorize(parsed)  # a missing value: code -1
        return pd.Series(pd.Categorical.from_codes(codes[positions], categories=categories), index=values.index)
    spread = parsed.take(positions)  # numbers and dates in their own type
    spread.index = values.index
    return spread


def parse_ages(values: pd.Series) -> pd.Series:
    """Whole years as written ('67', '67.0'); anything else missing."""
    text = values.str.strip()
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,3}(\.0+)?"), None), errors="coerce")


def parse_sexes(values: pd.Series, mapping: Mapping) -> pd.Series:
    """'Male' or 'Female' from the mapping's codes, '' for anything else."""
    text = values.str.strip().str.casefold()
    return pd.Series(np.select([text.isin(mapping.male), text.isin(mapping.female)], ["Male", "Female"], ""),
                     index=values.index)  # fmt: skip


SEX_TYPE = pd.CategoricalDtype(["Female", "Male"])  # as a sorted groupby orders them


# Each batch holds the same ten thousand or so distinct codes again: remembered, they are
# normalised once per build, not once per batch (half of checking a batch, before).
normalised_icd10 = functools.lru_cache(maxsize=1 << 17)(normalise_icd10)


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y")
EARLIEST_DATE = pd.Timestamp("1900-01-01")  # no registration extract goes further back


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in the usual extract layouts (ISO, UK day-first, compact), each tried vectorised and
    strictly: '2017-13-01' is no date, never guessed as 13 January. Dates outside what a timestamp
    holds ('9999-12-31') come back missing instead of stopping the run."""
    text = values.astype("str").str.strip()
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")  # microseconds reach 9999
    for layout in DATE_FORMATS:
        missing = dates.isna()
        if not missing.any():
            break
        dates[missing] = pd.to_datetime(text[missing], format=layout, errors="coerce").astype("datetime64[us]")
    return dates


def impossible_dates(dates: pd.Series, today: pd.Timestamp | None = None) -> pd.Series:
    """Dates before 1900 or after today: a death not yet happened, or a typing slip (1850, 2099)."""
    today = pd.Timestamp.today().normalize() if today is None else today
    return dates.notna() & ((dates < EARLIEST_DATE) | (dates > today))


def _vintage(lsoas: pd.Series, mapping: Mapping, lsoa11: set[str], lsoa21: set[str], report: Rejections) -> int:
    if mapping.lsoa_vintage in ("2011", "2021"):
        return int(mapping.lsoa_vintage)
    if mapping.lsoa_vintage != "auto":
        raise ExtractError(f"lsoa_vintage must be 2011, 2021 or auto, not {mapping.lsoa_vintage!r}")
    in11, in21 = lsoas.isin(lsoa11).sum(), lsoas.isin(lsoa21).sum()
    vintage = 2011 if in11 >= in21 else 2021
    report.notes.append(  # from the first batch: every later one is read as the first was
        f"LSOA vintage detected as {vintage} from the first {len(lsoas):,} records ({in11:,} codes are 2011 LSOAs, "
        f"{in21:,} are 2021 LSOAs)"
    )
    return vintage


def _to_lsoa11(clean: pd.DataFrame, change: pd.DataFrame, population: pd.Series, report: Rejections) -> pd.DataFrame:
    """2021 LSOAs onto the 2011 LSOAs that WIMD 2019 and the populations use. An unchanged or split
    2021 LSOA lies inside one 2011 LSOA. One formed by merging covers several: its records are
    shared among those parts in proportion to their population (a record becomes one row per part,
    each with its `weight`), so no part is left without deaths and none takes another's."""
    merged_codes = set(change.loc[change[col.LSOA_CHANGE] == "merged", col.LSOA21_CODE])
    single = change[~change[col.LSOA21_CODE].isin(merged_codes)].drop_duplicates(col.LSOA21_CODE)
    parts = change[change[col.LSOA21_CODE].isin(merged_codes)][[col.LSOA21_CODE, col.LSOA11_CODE]].drop_duplicates()
    people = parts[col.LSOA11_CODE].map(population).fillna(0).astype("float64")
    totals = people.groupby(parts[col.LSOA21_CODE]).transform("sum")
    evenly = 1 / parts.groupby(col.LSOA21_CODE)[col.LSOA11_CODE].transform("size")
    parts = parts.assign(_weight=(people / totals).where(totals > 0, evenly)).rename(columns={"_weight": WEIGHT})
    in_merged = clean[LSOA_SUPPLIED].isin(merged_codes)
    whole = clean[~in_merged].copy()
    whole[col.LSOA11_CODE] = whole[LSOA_SUPPLIED].map(single.set_index(col.LSOA21_CODE)[col.LSOA11_CODE])
    whole[WEIGHT] = 1.0
    shared = (
        clean[in_merged]
        .merge(parts, left_on=LSOA_SUPPLIED, right_on=col.LSOA21_CODE, how="left")
        .drop(columns=col.LSOA21_CODE)
    )
    if in_merged.any():
        report.shared_records += int(in_merged.sum())
        report.shared_lsoa21.update(clean.loc[in_merged, LSOA_SUPPLIED].unique().tolist())
        report.shared_lsoa11.update(shared[col.LSOA11_CODE].unique().tolist())
    return pd.concat([whole, shared], ignore_index=True).sort_values(RECORD_ROW, kind="stable")
