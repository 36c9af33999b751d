"""A peer of the records pipeline in DuckDB SQL: what an analyst with a database might write.

The same rules as `peer_polars` (from `peer_inputs`): the extract read as text, bad dates, ages,
sexes, ICD-10 codes and LSOAs rejected; causes classified by joining the code lookup with each
cause's age and sex limits; deaths under 75 summed by LSOA, year and ESP band; populations
joined (each year from the nearest year held); ESP2013 rates by Wales, board, authority and WIMD
group for every year and the whole span, and by LSOA over the span. The limits are computed in
numpy from the counts, as the SQL has no gamma quantile. DuckDB runs on every core and spills to
disk past its memory limit, so it is the peer to watch at 10M and beyond.

    python -m bench.peer_duckdb EXTRACT INPUTS_DIR OUT.parquet [--memory-limit 4GB]

prints one JSON line: seconds per stage, rows rejected, rows written, peak memory (GB).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from bench.peer_inputs import (
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


def sql_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def validate(db: duckdb.DuckDBPyConnection, extract: Path) -> int:
    """Table `records` (year, age, sex, code, lsoa11_code) of clean records; the count rejected."""
    db.execute(f"""
        CREATE TEMP TABLE raw AS SELECT registration_date, age, sex, underlying_cause, lsoa_code
        FROM read_csv('{extract}', all_varchar = true, header = true)""")
    # Each column's checks once per distinct value, joined back to the rows (as the pipeline does).
    # A missing value (NULL) joins nothing, so its row is rejected, as it should be.
    db.execute(f"""
        CREATE TEMP TABLE records AS
        WITH days AS (
          SELECT registration_date, try_strptime(trim(registration_date), {sql_list(DATE_FORMATS)})::DATE AS day
          FROM (SELECT DISTINCT registration_date FROM raw)),
        ages AS (
          SELECT age, CASE WHEN regexp_matches(trim(age), '{AGE_PATTERN}') THEN TRY_CAST(trim(age) AS DOUBLE) END
                      AS years
          FROM (SELECT DISTINCT age FROM raw)),
        sexes AS (
          SELECT sex, CASE WHEN lower(trim(sex)) IN ({", ".join(f"'{s}'" for s in MALE)}) THEN 'Male'
                           WHEN lower(trim(sex)) IN ({", ".join(f"'{s}'" for s in FEMALE)}) THEN 'Female'
                      END AS sex_read
          FROM (SELECT DISTINCT sex FROM raw)),
        causes_read AS (
          SELECT underlying_cause, CASE WHEN length(raw_code) = 4 AND regexp_matches(raw_code, '[X\\-]$')
                                        THEN raw_code[1:3] ELSE raw_code END AS code
          FROM (SELECT underlying_cause, replace(upper(trim(underlying_cause)), '.', '') AS raw_code
                FROM (SELECT DISTINCT underlying_cause FROM raw))),
        areas AS (
          SELECT lsoa_code, upper(trim(lsoa_code)) AS lsoa11_code FROM (SELECT DISTINCT lsoa_code FROM raw))
        SELECT year(day) AS year, CAST(years AS INTEGER) AS age, sex_read AS sex, code, a.lsoa11_code
        FROM raw JOIN days USING (registration_date) JOIN ages USING (age) JOIN sexes USING (sex)
             JOIN causes_read USING (underlying_cause) JOIN areas a USING (lsoa_code)
        SEMI JOIN lsoa l ON l.lsoa11_code = a.lsoa11_code
        WHERE day BETWEEN DATE '1900-01-01' AND current_date AND years BETWEEN 0 AND {OLDEST_AGE}
          AND sex_read IS NOT NULL AND regexp_matches(code, '{ICD10_PATTERN}')""")
    total = db.execute("SELECT count(*) FROM raw").fetchone()
    kept = db.execute("SELECT count(*) FROM records").fetchone()
    db.execute("DROP TABLE raw")
    assert total is not None and kept is not None
    return int(total[0]) - int(kept[0])


def classify(db: duckdb.DuckDBPyConnection) -> None:
    """Table `deaths`: deaths under 75 and each indicator's share, by LSOA, year, band and sex."""
    db.execute(f"""
        CREATE TEMP TABLE deaths AS
        WITH counted AS (
          SELECT r.lsoa11_code, r.year, r.age // 5 AS band, r.sex,
                 coalesce(c.cause IS NOT NULL AND r.age BETWEEN c.age_min AND c.age_max
                          AND (c.cause_sex = 'all' OR c.cause_sex = r.sex), false) AS counts,
                 c.preventable, c.treatable
          FROM records r LEFT JOIN causes c USING (code)
          WHERE r.age < {PREMATURE_AGE})
        SELECT lsoa11_code, year, band, sex,
               sum(CASE WHEN counts THEN 1.0 ELSE 0.0 END) AS avoidable_mortality,
               sum(CASE WHEN counts THEN preventable ELSE 0.0 END) AS preventable_mortality,
               sum(CASE WHEN counts THEN treatable ELSE 0.0 END) AS treatable_mortality,
               count(*)::DOUBLE AS premature_mortality
        FROM counted GROUP BY ALL""")


def aggregate(db: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Table `cells`: every (LSOA, year, band) with its population, deaths of both sexes and areas."""
    span = db.execute("SELECT min(year), max(year) FROM records").fetchone()
    assert span is not None
    first, last = int(span[0]), int(span[1])
    db.execute(f"""
        CREATE TEMP TABLE cells AS
        WITH held AS (SELECT DISTINCT year AS source_year FROM population),
        wanted AS (SELECT range AS year FROM range({first}, {last + 1})),
        nearest AS (
          SELECT year, arg_min(source_year, abs(source_year - year) * 10000 + source_year) AS source_year
          FROM wanted CROSS JOIN held GROUP BY year),
        people AS (
          SELECT lsoa11_code, year AS source_year, age // 5 AS band, sum(population)::DOUBLE AS population
          FROM population WHERE age < {PREMATURE_AGE} GROUP BY ALL)
        SELECT p.lsoa11_code, n.year, p.band, p.population,
               {", ".join(f"coalesce(d.{m}, 0.0) AS {m}" for m in MEASURES)}, l.*EXCLUDE (lsoa11_code)
        FROM people p JOIN nearest n USING (source_year)
        LEFT JOIN (SELECT lsoa11_code, year, band, {", ".join(f"sum({m}) AS {m}" for m in MEASURES)}
                   FROM deaths GROUP BY ALL) d ON d.lsoa11_code = p.lsoa11_code AND d.year = n.year AND d.band = p.band
        JOIN lsoa l ON l.lsoa11_code = p.lsoa11_code""")
    return first, last


def _labels(level: str, area: str, group: str | None) -> str:
    """The select list naming a row's aggregation and period, as the peers' output spells it."""
    grouping = f"'{group}'" if group else "NULL"
    number = f"{group}::BIGINT" if group else "NULL::BIGINT"
    return f"'{level}' AS level, {area} AS area_code, {grouping} AS grouping, {number} AS \"group\", period"


def standardise(db: duckdb.DuckDBPyConnection, first: int, last: int) -> tuple[pa.Table, pa.Table]:
    """ESP2013 rates for every aggregation, every year and the whole span (with the rate's
    variance, for the limits); and the deaths and people in each age band of Wales, each board and
    each authority. The cells are summed to each aggregation's areas by year and band once."""
    standardised, by_age = [], []
    for number, (level, area, group, yearly) in enumerate(AGGREGATIONS):
        by = ", ".join([area, *([group] if group else [])])
        db.execute(f"""
            CREATE TEMP TABLE banded_{number} AS UNPIVOT (
              SELECT {by}, year, band, sum(population) AS population, {", ".join(f"sum({m}) AS {m}" for m in MEASURES)}
              FROM cells GROUP BY ALL) ON {", ".join(MEASURES)} INTO NAME indicator VALUE deaths""")
        spans = [f"SELECT {by}, '{first}-{last}' AS period, band, indicator, sum(deaths) AS deaths, "
                 f"sum(population) AS population FROM banded_{number} GROUP BY ALL"]  # fmt: skip
        if yearly:
            spans.append(
                f"SELECT {by}, year::VARCHAR AS period, band, indicator, deaths, population FROM banded_{number}"
            )
        for span in spans:
            standardised.append(f"""
                SELECT {_labels(level, area, group)}, '{HEADLINE_AGES}' AS age_group, indicator,
                       sum(deaths) AS deaths, sum(population) AS population,
                       sum(weight * deaths / population) / sum(weight) AS rate,
                       sum(weight * weight * deaths / (population * population)) / (sum(weight) ^ 2) AS variance
                FROM ({span}) JOIN esp USING (band)
                GROUP BY ALL""")
            if group is None and level != "lsoa11":
                by_age.append(f"""
                    SELECT {_labels(level, area, group)}, (band * 5)::VARCHAR || '-' || (band * 5 + 4)::VARCHAR
                           AS age_group, indicator, deaths, population
                    FROM ({span})""")
    return (db.sql(" UNION ALL ".join(standardised)).arrow().read_all(),
            db.sql(" UNION ALL ".join(by_age)).arrow().read_all())  # fmt: skip


def by_sex(db: duckdb.DuckDBPyConnection, first: int, last: int) -> pa.Table:
    """Deaths of men and of women (no rate: no population by sex) in every aggregation, every
    year and the whole span, where there are records."""
    db.execute(f"""
        CREATE TEMP TABLE sexed AS
        SELECT l.*, d.year, d.sex, {", ".join(f"sum(d.{m}) AS {m}" for m in MEASURES)}
        FROM deaths d JOIN lsoa l USING (lsoa11_code) GROUP BY ALL""")
    pieces = []
    for level, area, group, yearly in AGGREGATIONS:
        by = ", ".join([area, *([group] if group else [])])
        sums = ", ".join(f"sum({m}) AS {m}" for m in MEASURES)
        spans = [f"SELECT {by}, sex, '{first}-{last}' AS period, {sums} FROM sexed GROUP BY ALL"]
        if yearly:
            spans.append(f"SELECT {by}, sex, year::VARCHAR AS period, {sums} FROM sexed GROUP BY ALL")
        for span in spans:
            pieces.append(f"""
                SELECT {_labels(level, area, group)}, '{HEADLINE_AGES}' AS age_group, indicator, deaths, sex
                FROM (UNPIVOT ({span}) ON {", ".join(MEASURES)} INTO NAME indicator VALUE deaths)""")
    return db.sql(" UNION ALL ".join(pieces)).arrow().read_all()


def disclosed(table: pa.Table) -> pa.Table:
    """The disclosure rule's primary part, as `peer_polars.disclosed`: no rate from fewer than 10
    deaths, no LSOA count above 0 and below 5."""
    deaths = table.column("deaths").to_numpy(zero_copy_only=False)
    few = deaths < MIN_DEATHS_FOR_RATE
    small = (table.column("level").to_numpy(zero_copy_only=False) == "lsoa11") & (deaths > 0)
    small &= deaths < SMALLEST_SHOWN_COUNT
    for name, blank in (("value", few), ("lower", few), ("upper", few), ("deaths", small)):
        values = table.column(name).to_numpy(zero_copy_only=False).astype("float64")
        values[blank] = np.nan
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(values, from_pandas=True))
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extract", type=Path)
    parser.add_argument("inputs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--memory-limit", default=None, help="DuckDB's memory_limit, e.g. 4GB (it spills past it)")
    args = parser.parse_args(argv)
    watch = Stopwatch()
    db = duckdb.connect()
    if args.memory_limit:
        db.execute(f"SET memory_limit = '{args.memory_limit}'")
    for name in ("lsoa", "population", "causes", "esp"):
        db.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM read_parquet('{args.inputs / f'{name}.parquet'}')")
    rejected = validate(db, args.extract)
    watch.lap("read_validate")
    classify(db)
    watch.lap("classify")
    first, last = aggregate(db)
    watch.lap("aggregate")
    table, ages = standardise(db, first, last)
    limits = dobson_limits(*(table.column(name).to_numpy() for name in ("rate", "variance", "deaths")))
    table = table.drop_columns(["rate", "variance"])
    for name, values in limits.items():
        table = table.append_column(name, pa.array(values))
    for name, values in crude_limits(ages.column("deaths").to_numpy(), ages.column("population").to_numpy()).items():
        ages = ages.append_column(name, pa.array(values))
    persons = pa.concat_tables([table, ages], promote_options="permissive").append_column(
        "sex", pa.array(["Persons"] * (len(table) + len(ages)))
    )
    out = pa.concat_tables([persons, by_sex(db, first, last)], promote_options="permissive")
    watch.lap("standardise")
    out = disclosed(out)
    watch.lap("disclose")
    pq.write_table(out, args.out)
    watch.lap("write")
    watch.report(rejected, out.num_rows)


if __name__ == "__main__":
    main()
