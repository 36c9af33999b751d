"""Records reduced to cells: each record weighed by the definition (its cause, age and sex) and
summed by LSOA, year, sex and ESP band. Every figure the pipeline makes comes from these cells,
so a national extract can be read a batch at a time and only the cells kept (`CellTotals`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import cast

import numpy as np
import pandas as pd

from dashboard.deaths.coding import as_categories, codes_of
from dashboard.deaths.geography import Geography
from dashboard.deaths.records import ICD10, SEX_TYPE, WEIGHT
from dashboard.deaths.stopwatch import Stopwatch
from dashboard.model import columns as col
from dashboard.model import indicators
from dashboard.model.selection import PREMATURE_AGE
from dashboard.stats.definition import Definition

SHARES = indicators.RECORDS_SHARES  # indicator -> its share column (the catalogue's, in its order)

BAND_TYPE = pd.CategoricalDtype(list(col.ESP_AGE_BANDS))


def esp_band_of_age(age: pd.Series) -> pd.Series:
    """Single years to ESP bands (0-4, 5-9 … 85-89, 90+), as categories: made from integer codes,
    not text, as millions of records need."""
    codes = np.minimum(age.to_numpy(dtype="int64") // 5, len(col.ESP_AGE_BANDS) - 1)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=BAND_TYPE), index=age.index)


def weigh_causes(records: pd.DataFrame, definition: Definition) -> pd.DataFrame:
    """Per record, how much it counts towards each indicator (1, 0.5 or 0), applying each cause's
    age range and sex restriction from the definition table (breast cancer: women only). Whole
    arrays, each record's cause row taken by its index: no masked frames per batch."""
    cause = definition.classify(records[ICD10]).to_numpy(dtype="float64", na_value=np.nan)
    table = definition.table
    safe = np.nan_to_num(cause).astype(int)  # a row to take for records of no cause (masked below)
    ages = records[col.AGE].to_numpy()
    sexes = pd.Index(SEX_TYPE.categories)  # each cause's allowed sex as a code: -1 for all
    allowed = sexes.get_indexer(pd.Index(table["sex"]))[safe]
    counted = (
        ~np.isnan(cause)
        & (table["age_min"].to_numpy()[safe] <= ages)
        & (ages <= table["age_max"].to_numpy()[safe])
        & ((allowed < 0) | (allowed == codes_of(as_categories(records[col.SEX], SEX_TYPE), SEX_TYPE)))
    )
    return pd.DataFrame(
        {
            "avoidable": np.where(counted, 1.0, 0.0),
            "preventable": np.where(counted, table["preventable_share"].to_numpy()[safe], 0.0),
            "treatable": np.where(counted, table["treatable_share"].to_numpy()[safe], 0.0),
            "premature": np.where(ages < PREMATURE_AGE, 1.0, 0.0),
        },
        index=records.index,
    )


def weighed_under_75(records: pd.DataFrame, definition: Definition) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records of deaths under 75 and each one's shares (`weigh_causes`), scaled by its weight
    (a part of a record in a merged 2021 LSOA counts its part)."""
    under_75 = records[records[col.AGE] < PREMATURE_AGE]
    weight = under_75[WEIGHT].to_numpy()[:, None]
    shares = weigh_causes(under_75, definition)
    return under_75, pd.DataFrame(shares.to_numpy() * weight, index=shares.index, columns=shares.columns)


@dataclass(frozen=True)
class DenseDeaths:
    """Each measure's deaths as arrays, years in order: both sexes by (LSOA, ESP band, year) and
    by (LSOA, sex, year), and how many band cells hold records in each (LSOA, sex, year): what
    the pipeline pools every area from (`LsoaSums`), with no frame of cells in between."""

    years: tuple[int, ...]
    by_band: dict[str, np.ndarray]
    by_sex: dict[str, np.ndarray]
    sex_cells: np.ndarray


class DeathCells:
    """Records reduced to what every figure is made from: each indicator's deaths (shares summed)
    by LSOA, year, sex and ESP band, and the registration years the records span; and the same
    sums as arrays when they were summed so (`CellTotals`), else made from the frame on demand.
    `deaths` is the frame, or what makes it when first asked for: the indicators are pooled
    from the arrays, so a build without smoothed figures never makes it."""

    def __init__(
        self, deaths: pd.DataFrame | Callable[[], pd.DataFrame], years: frozenset[int], dense: DenseDeaths | None = None
    ) -> None:
        self._deaths, self.years, self.dense = deaths, years, dense

    @cached_property
    def deaths(self) -> pd.DataFrame:
        return self._deaths if isinstance(self._deaths, pd.DataFrame) else self._deaths()

    def as_arrays(self, lsoa_type: pd.CategoricalDtype) -> DenseDeaths:
        """The sums as `DenseDeaths` (LSOAs in `lsoa_type`'s order): one `bincount` per measure."""
        if self.dense is not None:
            return self.dense
        years = tuple(sorted(int(year) for year in self.deaths[col.YEAR].unique()))
        lsoa = codes_of(self.deaths[col.LSOA11_CODE], lsoa_type)
        year = np.searchsorted(years, self.deaths[col.YEAR].to_numpy())
        band = codes_of(self.deaths[col.AGE_BAND], BAND_TYPE)
        sex = codes_of(as_categories(self.deaths[col.SEX], SEX_TYPE), SEX_TYPE)
        measures = [name for name in SHARES.values() if name in self.deaths]
        band_shape = (len(lsoa_type.categories), len(BAND_TYPE.categories), len(years))
        sex_shape = (len(lsoa_type.categories), len(SEX_ORDER), len(years))
        band_cell = np.ravel_multi_index((lsoa, band, year), band_shape)
        sex_cell = np.ravel_multi_index((lsoa, sex, year), sex_shape)

        def summed(cell: np.ndarray, shape: tuple[int, int, int], name: str | None) -> np.ndarray:
            weights = None if name is None else self.deaths[name].to_numpy(dtype="float64")
            return np.bincount(cell, weights=weights, minlength=int(np.prod(shape))).reshape(shape)

        return DenseDeaths(
            years,
            {name: summed(band_cell, band_shape, name) for name in measures},
            {name: summed(sex_cell, sex_shape, name) for name in measures},
            summed(sex_cell, sex_shape, None),
        )


SEX_ORDER = tuple(SEX_TYPE.categories)  # as a sorted groupby gives them


class CellTotals:
    """Batches of records summed as they come into one dense array per year (measure × LSOA ×
    sex × band: 2.3 MB for Wales), so that each batch of a national extract costs the same,
    whatever came before, and the records never need to be held together."""

    def __init__(self, lsoa_type: pd.CategoricalDtype) -> None:
        self.lsoa_type = lsoa_type
        self.measures = list(SHARES.values())
        self.shape = (len(lsoa_type.categories), len(SEX_ORDER), len(BAND_TYPE.categories))
        self.by_year: dict[int, np.ndarray] = {}
        self.years: set[int] = set()

    def add_records(self, records: pd.DataFrame, definition: Definition) -> None:
        """A batch of validated records, weighed by the definition (as `classified_cells` does)
        and added by one `bincount` per measure over (year, LSOA, sex, band) cell numbers."""
        self.years.update(int(year) for year in records[col.YEAR].unique())
        under_75, shares = weighed_under_75(records, definition)
        sexes = codes_of(as_categories(under_75[col.SEX], SEX_TYPE), SEX_TYPE)  # another sex: CodingError
        lsoas = codes_of(as_categories(under_75[col.LSOA11_CODE], self.lsoa_type), self.lsoa_type)
        bands = codes_of(esp_band_of_age(under_75[col.AGE]), BAND_TYPE)
        years, slot = np.unique(under_75[col.YEAR].to_numpy(), return_inverse=True)
        size = int(np.prod(self.shape))
        # Summed over the cells this batch holds (a fraction of every year's cells), then added
        # into each year's totals at those cells: no batch-sized dense arrays to fill and add.
        held, cell_of_record = np.unique(slot * size + np.ravel_multi_index((lsoas, sexes, bands), self.shape),
                                         return_inverse=True)  # fmt: skip
        sums = np.stack([
            np.bincount(cell_of_record, weights=shares[measure].to_numpy(), minlength=len(held))
            for measure in self.measures
        ])  # fmt: skip
        bounds = np.searchsorted(held, np.arange(len(years) + 1) * size)  # each year's run of held cells
        measure_offsets = np.arange(len(self.measures))[:, None] * size
        for position, year in enumerate(years.tolist()):
            totals = self.by_year.setdefault(int(year), np.zeros((len(self.measures), size)))
            run = slice(bounds[position], bounds[position + 1])
            flat = (measure_offsets + (held[run] - position * size)).reshape(-1)  # 1-D: twice as fast as [:, cells]
            totals.reshape(-1)[flat] += sums[:, run].reshape(-1)

    def dense(self) -> DenseDeaths:
        """The totals as arrays (`DenseDeaths`): each year's cells summed over sex, and over band."""
        years = sorted(self.by_year)
        lsoas, sexes, bands = self.shape
        premature = self.measures.index(SHARES["premature_mortality"])
        by_year = [self.by_year[year].reshape(len(self.measures), lsoas, sexes, bands) for year in years]
        by_band = np.stack([totals.sum(axis=2) for totals in by_year], axis=-1)  # (measure, LSOA, band, year)
        by_sex = np.stack([totals.sum(axis=3) for totals in by_year], axis=-1)  # (measure, LSOA, sex, year)
        sex_cells = np.stack([(totals[premature] > 0).sum(axis=2) for totals in by_year], axis=-1)
        return DenseDeaths(
            tuple(years),
            dict(zip(self.measures, by_band, strict=True)),
            dict(zip(self.measures, by_sex, strict=True)),
            sex_cells.astype("float64"),
        )

    def cells(self) -> DeathCells:
        """The totals as arrays, and as `death_cells` gives them (made when asked for)."""
        return DeathCells(self.frame, frozenset(self.years), self.dense() if self.by_year else None)

    def frame(self) -> pd.DataFrame:
        """The totals as `death_cells` gives them: the cells holding records, in key order."""
        premature = self.measures.index(SHARES["premature_mortality"])
        pieces = []
        empty = np.zeros((len(self.measures), 0))  # no records under 75 at all: no cells
        for year, totals in sorted(self.by_year.items()) or [(0, empty)]:
            held = np.flatnonzero(totals[premature] > 0)  # every record under 75 counts here
            lsoa, sex, band = np.unravel_index(held, self.shape)
            pieces.append(pd.DataFrame({
                col.LSOA11_CODE: pd.Categorical.from_codes(lsoa, dtype=self.lsoa_type),
                col.YEAR: np.full(len(held), year, dtype="int64"),
                col.SEX: pd.Series(np.asarray(SEX_ORDER, dtype=object)[sex], dtype="str"),
                col.AGE_BAND: pd.Categorical.from_codes(band, dtype=BAND_TYPE),
                **{measure: totals[index, held] for index, measure in enumerate(self.measures)},
            }))  # fmt: skip
        keys = [col.LSOA11_CODE, col.YEAR, col.SEX, col.AGE_BAND]
        return pd.concat(pieces, ignore_index=True).sort_values(keys, kind="stable").reset_index(drop=True)


def classified_cells(
    records: pd.DataFrame, definition: Definition, geography: Geography, timings: dict[str, float] | None = None
) -> DeathCells:
    """Each record weighed by the definition (its cause, age and sex) and summed into cells."""
    clock = Stopwatch(timings)
    under_75, shares = weighed_under_75(records, definition)
    lsoa_type = cast(pd.CategoricalDtype, categorical_areas(geography.lsoa)[col.LSOA11_CODE].dtype)
    deaths = death_cells(pd.concat([under_75, shares], axis=1), list(SHARES.values()), lsoa_type)
    clock.lap("classify")
    return DeathCells(deaths, frozenset(int(y) for y in records[col.YEAR].unique()))


def death_cells(records: pd.DataFrame, measures: list[str], lsoa_type: pd.CategoricalDtype) -> pd.DataFrame:
    """`measures` summed by (LSOA, year, sex, ESP band), the LSOA coded by position in `lsoa_type`
    (never by `astype`: see `coding`) and the band as `BAND_TYPE`. Any measure columns will do:
    the tests sum ONS cause groups through it to reproduce the ONS table."""
    keyed = pd.DataFrame({
        col.LSOA11_CODE: as_categories(records[col.LSOA11_CODE], lsoa_type),
        col.YEAR: records[col.YEAR], col.SEX: records[col.SEX], col.AGE_BAND: esp_band_of_age(records[col.AGE]),
        **{measure: records[measure] for measure in measures},
    })  # fmt: skip
    keys = [col.LSOA11_CODE, col.YEAR, col.SEX, col.AGE_BAND]
    cells = keyed.groupby(keys, as_index=False, observed=True)[measures].sum()
    return cells.astype({col.SEX: "str"})  # as `CellTotals.cells` gives it


def categorical_areas(lsoa: pd.DataFrame) -> pd.DataFrame:
    """The LSOA table with its area codes (LSOA, local authority, board) and WIMD group numbers as
    categories: every grouped sum keys on their integer codes. The LSOA codes' categories are
    the sorted distinct codes, made explicitly (every other frame is coded against them)."""
    codes = lsoa[col.LSOA11_CODE]
    plain = pd.Series(np.asarray(codes, dtype=object), index=lsoa.index)
    lsoa_type = pd.CategoricalDtype(sorted(plain.unique()))
    others = [name for name in lsoa.columns if name != col.LSOA11_CODE]
    return lsoa.astype(dict.fromkeys(others, "category")).assign(**{col.LSOA11_CODE: as_categories(plain, lsoa_type)})
