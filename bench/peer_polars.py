"""A peer of the records pipeline in plain polars: what an analyst might write instead.

Reads the extract as text; rejects bad dates (ISO, UK day-first, compact; 1900 to today), ages
(whole years 0-120), sexes, ICD-10 codes and LSOAs (2011 vintage only); classifies causes by
joining a code lookup made from the definition table (`peer_inputs`), with each cause's age and
sex limits; sums deaths under 75 by LSOA, year and ESP band (both sexes); joins populations
(each year from the nearest year held); and gives ESP2013 rates with Byar (10 or more deaths) or
exact Poisson limits by Wales, board, authority and WIMD 2019 group, every year and the whole
span, and by LSOA over the whole span. No disclosure control, no rows by sex, no age-specific
rates: the pipeline does those too.

    python -m bench.peer_polars EXTRACT INPUTS_DIR OUT.parquet

prints one JSON line: seconds per stage, rows rejected, rows written, peak memory (GB).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import polars as pl

from bench.peer_inputs import (
    AGE_GROUPS,
    AGE_PATTERN,
    AGGREGATIONS,
    DATE_FORMATS,
    FEMALE,
    HEADLINE_AGES,
    ICD10_PATTERN,
    MALE,
    MEASURES,
    MIN_DEATHS_FOR_RATE,
    OLDEST_AGE,
    PREMATURE_AGE,
    SMALLEST_SHOWN_COUNT,
    Stopwatch,
    crude_limits,
    dobson_limits,
)

COLUMNS = ["registration_date", "age", "sex", "underlying_cause", "lsoa_code"]


def validated(extract: Path, lsoas: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Clean records (year, age, sex, code, LSOA) and the count rejected. Each column's checks run
    once per distinct value, joined back to the rows (as the pipeline does): ten million records
    hold some 11,000 dates, 121 ages and a few thousand codes."""
    text = pl.read_csv(extract, columns=COLUMNS, infer_schema=False)  # every column as text
    day = pl.col("registration_date").str.strip_chars()
    when = pl.coalesce([day.str.strptime(pl.Date, layout, strict=False) for layout in DATE_FORMATS])
    age = pl.col("age").str.strip_chars()
    sex = pl.col("sex").str.strip_chars().str.to_lowercase()
    code = pl.col("underlying_cause").str.strip_chars().str.to_uppercase().str.replace_all(".", "", literal=True)
    code = (
        pl.when((code.str.len_chars() == 4) & code.str.contains(r"[X\-]$")).then(code.str.slice(0, 3)).otherwise(code)
    )
    parsers = {
        "registration_date": when.alias("date"),
        "age": pl.when(age.str.contains(AGE_PATTERN)).then(age.cast(pl.Float64, strict=False)).alias("age_years"),
        "sex": pl.when(sex.is_in(MALE)).then(pl.lit("Male")).when(sex.is_in(FEMALE)).then(pl.lit("Female"))
        .alias("sex_read"),
        "underlying_cause": pl.when(code.str.contains(ICD10_PATTERN)).then(code).alias("code"),
        "lsoa_code": pl.col("lsoa_code").str.strip_chars().str.to_uppercase().alias("lsoa11_code"),
    }  # fmt: skip
    clean = text
    for column, parse in parsers.items():
        distinct = text.select(pl.col(column).unique())
        clean = clean.join(distinct.with_columns(parse), on=column, how="left", nulls_equal=True)
    good = (
        pl.col("date").is_between(date(1900, 1, 1), date.today())
        & pl.col("age_years").is_between(0, OLDEST_AGE)
        & pl.col("sex_read").is_not_null()
        & pl.col("code").is_not_null()
        & pl.col("lsoa11_code").is_in(lsoas["lsoa11_code"].implode())
    )
    kept = clean.filter(good.fill_null(False))
    records = kept.select(pl.col("date").dt.year().alias("year"), pl.col("age_years").cast(pl.Int64).alias("age"),
                          pl.col("sex_read").alias("sex"), "code", "lsoa11_code")  # fmt: skip
    return records, len(text) - len(kept)


def weighed(records: pl.DataFrame, causes: pl.DataFrame) -> pl.DataFrame:
    """Deaths under 75 with each indicator's share (1, 0.5 or 0), summed by LSOA, year and band."""
    under_75 = records.filter(pl.col("age") < PREMATURE_AGE).join(causes, on="code", how="left")
    counts = (
        pl.col("cause").is_not_null()
        & pl.col("age").is_between(pl.col("age_min"), pl.col("age_max"))
        & ((pl.col("cause_sex") == "all") | (pl.col("cause_sex") == pl.col("sex")))
    ).fill_null(False)
    shares = under_75.select(
        "lsoa11_code", "year", (pl.col("age") // 5).alias("band"), "sex",
        pl.when(counts).then(1.0).otherwise(0.0).alias("avoidable_mortality"),
        pl.when(counts).then(pl.col("preventable")).otherwise(0.0).alias("preventable_mortality"),
        pl.when(counts).then(pl.col("treatable")).otherwise(0.0).alias("treatable_mortality"),
        pl.lit(1.0).alias("premature_mortality"),
    )  # fmt: skip
    return shares.group_by("lsoa11_code", "year", "band", "sex").sum()


def cells(deaths: pl.DataFrame, inputs: Path, years: list[int]) -> pl.DataFrame:
    """Every (LSOA, year, band) with its population and deaths of both sexes (0 where none), and its areas."""
    deaths = deaths.group_by("lsoa11_code", "year", "band").agg(pl.col(MEASURES).sum())
    population = pl.read_parquet(inputs / "population.parquet").filter(pl.col("age") < PREMATURE_AGE)
    held = sorted(population["year"].unique().to_list())
    wanted = range(years[0], years[-1] + 1)
    source = pl.DataFrame(
        {"year": list(wanted), "source_year": [min(held, key=lambda h: (abs(h - y), h)) for y in wanted]}
    )
    people = (
        population.with_columns((pl.col("age") // 5).alias("band"))
        .group_by("lsoa11_code", pl.col("year").alias("source_year"), "band")
        .agg(pl.col("population").sum())
        .join(source, on="source_year")
        .drop("source_year")
    )
    joined = people.join(deaths, on=["lsoa11_code", "year", "band"], how="left").with_columns(
        pl.col(MEASURES).fill_null(0.0)
    )
    return joined.join(pl.read_parquet(inputs / "lsoa.parquet"), on="lsoa11_code")


def rates(cell: pl.DataFrame, esp: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """ESP2013 rates and limits for every aggregation, every year and the whole span; and for
    Wales, each board and each authority, the crude rate in every age band."""
    whole = f"{years[0]}-{years[-1]}"
    standardised, by_age = [], []
    for level, area, group, yearly in AGGREGATIONS:
        by = [area, *([group] if group else [])]
        wide = cell.group_by(*by, "year", "band").agg(pl.col("population", *MEASURES).sum())
        banded = wide.unpivot(index=[*by, "year", "band", "population"], on=MEASURES, variable_name="indicator",
                              value_name="deaths").join(esp, on="band")  # fmt: skip
        by.append("indicator")
        spans = [banded.group_by(*by, "band", "weight").agg(pl.col("deaths").sum(), pl.col("population").sum())
                 .with_columns(pl.lit(whole).alias("period"))]  # fmt: skip
        if yearly:
            spans.append(banded.with_columns(pl.col("year").cast(pl.String).alias("period")).drop("year"))
        labels: list[pl.Expr | str] = [
            pl.lit(level).alias("level"), pl.col(area).alias("area_code"), pl.lit(group).alias("grouping"),
            (pl.col(group) if group else pl.lit(None)).cast(pl.Int64).alias("group"), "period",
        ]  # fmt: skip
        for span in spans:
            table = span.group_by(*by, "period").agg(
                pl.col("deaths").sum(), pl.col("population").sum(),
                ((pl.col("weight") * pl.col("deaths") / pl.col("population")).sum()
                 / pl.col("weight").sum()).alias("rate"),
                ((pl.col("weight") ** 2 * pl.col("deaths") / pl.col("population") ** 2).sum()
                 / pl.col("weight").sum() ** 2).alias("variance"),
            )  # fmt: skip
            standardised.append(table.select(*labels, pl.lit(HEADLINE_AGES).alias("age_group"), "indicator",
                                             "deaths", "population", "rate", "variance"))  # fmt: skip
            if group is None and level != "lsoa11":
                by_age.append(span.select(*labels, pl.col("band").replace_strict(range(len(AGE_GROUPS)), AGE_GROUPS)
                                          .alias("age_group"), "indicator", "deaths", "population"))  # fmt: skip
    table = pl.concat(standardised, how="vertical_relaxed")
    limits = dobson_limits(table["rate"].to_numpy(), table["variance"].to_numpy(), table["deaths"].to_numpy())
    table = table.drop("rate", "variance").with_columns(pl.Series(name, values) for name, values in limits.items())
    ages = pl.concat(by_age, how="vertical_relaxed")
    limits = crude_limits(ages["deaths"].to_numpy(), ages["population"].to_numpy())
    ages = ages.with_columns(pl.Series(name, values) for name, values in limits.items())
    return pl.concat([table, ages]).with_columns(pl.lit("Persons").alias("sex"))


def by_sex(deaths: pl.DataFrame, lsoa: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """Deaths of men and of women (no rate: no population by sex) in every aggregation, every
    year and the whole span, where there are records."""
    whole = f"{years[0]}-{years[-1]}"
    sexed = deaths.group_by("lsoa11_code", "year", "sex").agg(pl.col(MEASURES).sum()).join(lsoa, on="lsoa11_code")
    pieces = []
    for level, area, group, yearly in AGGREGATIONS:
        by = [area, *([group] if group else [])]
        yearly_sums = sexed.group_by(*by, "year", "sex").agg(pl.col(MEASURES).sum())
        whole_span = yearly_sums.group_by(*by, "sex").agg(pl.col(MEASURES).sum())
        spans = [whole_span.with_columns(pl.lit(whole).alias("period"))]
        if yearly:
            spans.append(yearly_sums.with_columns(pl.col("year").cast(pl.String).alias("period")).drop("year"))
        for span in spans:
            long = span.unpivot(index=[*by, "sex", "period"], on=MEASURES, variable_name="indicator",
                                value_name="deaths")  # fmt: skip
            pieces.append(long.select(
                pl.lit(level).alias("level"), pl.col(area).alias("area_code"), pl.lit(group).alias("grouping"),
                (pl.col(group) if group else pl.lit(None)).cast(pl.Int64).alias("group"), "period",
                pl.lit(HEADLINE_AGES).alias("age_group"), "indicator", "deaths", "sex",
            ))  # fmt: skip
    return pl.concat(pieces, how="vertical_relaxed")


def disclosed(table: pl.DataFrame) -> pl.DataFrame:
    """The disclosure rule's primary part: no rate from fewer than 10 deaths, no LSOA count above
    0 and below 5. (The pipeline's secondary suppression has no peer: see docs/performance.md.)"""
    few = pl.col("deaths") < MIN_DEATHS_FOR_RATE
    small = (pl.col("level") == "lsoa11") & (pl.col("deaths") > 0) & (pl.col("deaths") < SMALLEST_SHOWN_COUNT)
    return table.with_columns(
        *(pl.when(few).then(None).otherwise(pl.col(name)).alias(name) for name in ("value", "lower", "upper")),
        pl.when(small).then(None).otherwise(pl.col("deaths")).alias("deaths"),
    )


def main(argv: list[str]) -> None:
    extract, inputs, out = (Path(arg) for arg in argv)
    watch = Stopwatch()
    records, rejected = validated(extract, pl.read_parquet(inputs / "lsoa.parquet"))
    watch.lap("read_validate")
    deaths = weighed(records, pl.read_parquet(inputs / "causes.parquet"))
    watch.lap("classify")
    years = sorted(records["year"].unique().to_list())
    cell = cells(deaths, inputs, years)
    watch.lap("aggregate")
    table = rates(cell, pl.read_parquet(inputs / "esp.parquet"), years)
    table = pl.concat([table, by_sex(deaths, pl.read_parquet(inputs / "lsoa.parquet"), years)], how="diagonal_relaxed")
    watch.lap("standardise")
    table = disclosed(table)
    watch.lap("disclose")
    table.write_parquet(out)
    watch.lap("write")
    watch.report(rejected, len(table))


if __name__ == "__main__":
    main(sys.argv[1:])
