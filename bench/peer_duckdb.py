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
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from bench.peer_inputs import (
    AGE_PATTERN,
    AGGREGATIONS,
    DATE_FORMATS,
    FEMALE,
    ICD10_PATTERN,
    MALE,
    MEASURES,
    OLDEST_AGE,
    PREMATURE_AGE,
    Stopwatch,
    dobson_limits,
)


def sql_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def validate(db: duckdb.DuckDBPyConnection, extract: Path) -> int:
    """Table `records` (year, age, sex, code, lsoa11_code) of clean records; the count rejected."""
    db.execute(f"""
        CREATE TEMP TABLE raw AS SELECT registration_date, age, sex, underlying_cause, lsoa_code
        FROM read_csv('{extract}', all_varchar = true, header = true)""")
    db.execute(f"""
        CREATE TEMP TABLE records AS
        WITH cleaned AS (
          SELECT try_strptime(trim(registration_date), {sql_list(DATE_FORMATS)})::DATE AS day,
                 CASE WHEN regexp_matches(trim(age), '{AGE_PATTERN}') THEN TRY_CAST(trim(age) AS DOUBLE) END AS age,
                 CASE WHEN lower(trim(sex)) IN ({", ".join(f"'{s}'" for s in MALE)}) THEN 'Male'
                      WHEN lower(trim(sex)) IN ({", ".join(f"'{s}'" for s in FEMALE)}) THEN 'Female' END AS sex,
                 replace(upper(trim(underlying_cause)), '.', '') AS raw_code,
                 upper(trim(lsoa_code)) AS lsoa11_code
          FROM raw),
        coded AS (
          SELECT *, CASE WHEN length(raw_code) = 4 AND regexp_matches(raw_code, '[X\\-]$') THEN raw_code[1:3]
                         ELSE raw_code END AS code
          FROM cleaned)
        SELECT year(day) AS year, CAST(age AS INTEGER) AS age, sex, code, lsoa11_code
        FROM coded SEMI JOIN lsoa USING (lsoa11_code)
        WHERE day BETWEEN DATE '1900-01-01' AND current_date AND age BETWEEN 0 AND {OLDEST_AGE}
          AND sex IS NOT NULL AND regexp_matches(code, '{ICD10_PATTERN}')""")
    total = db.execute("SELECT count(*) FROM raw").fetchone()
    kept = db.execute("SELECT count(*) FROM records").fetchone()
    db.execute("DROP TABLE raw")
    assert total is not None and kept is not None
    return int(total[0]) - int(kept[0])


def classify(db: duckdb.DuckDBPyConnection) -> None:
    """Table `deaths`: deaths under 75 and each indicator's share, by LSOA, year and band."""
    db.execute(f"""
        CREATE TEMP TABLE deaths AS
        WITH counted AS (
          SELECT r.lsoa11_code, r.year, r.age // 5 AS band,
                 coalesce(c.cause IS NOT NULL AND r.age BETWEEN c.age_min AND c.age_max
                          AND (c.cause_sex = 'all' OR c.cause_sex = r.sex), false) AS counts,
                 c.preventable, c.treatable
          FROM records r LEFT JOIN causes c USING (code)
          WHERE r.age < {PREMATURE_AGE})
        SELECT lsoa11_code, year, band,
               sum(CASE WHEN counts THEN 1.0 ELSE 0.0 END) AS avoidable_mortality,
               sum(CASE WHEN counts THEN preventable ELSE 0.0 END) AS preventable_mortality,
               sum(CASE WHEN counts THEN treatable ELSE 0.0 END) AS treatable_mortality,
               count(*)::DOUBLE AS premature_mortality
        FROM counted GROUP BY ALL""")


def aggregate(db: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Table `cells`: every (LSOA, year, band) with its population, deaths and areas."""
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
        LEFT JOIN deaths d ON d.lsoa11_code = p.lsoa11_code AND d.year = n.year AND d.band = p.band
        JOIN lsoa l ON l.lsoa11_code = p.lsoa11_code""")
    return first, last


def standardise(db: duckdb.DuckDBPyConnection, first: int, last: int) -> duckdb.DuckDBPyRelation:
    """ESP2013 rates and limits for every aggregation, every year and the whole span: the cells
    summed to each aggregation's areas by year and band once, the span summed from those."""
    pieces = []
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
            pieces.append(f"""
                SELECT '{level}' AS level, {area} AS area_code, {f"'{group}'" if group else "NULL"} AS grouping,
                       {f"{group}::BIGINT" if group else "NULL::BIGINT"} AS "group", period, indicator,
                       sum(deaths) AS deaths, sum(population) AS population,
                       sum(weight * deaths / population) / sum(weight) AS rate,
                       sum(weight * weight * deaths / (population * population)) / (sum(weight) ^ 2) AS variance
                FROM ({span}) JOIN esp USING (band)
                GROUP BY ALL""")
    return db.sql(" UNION ALL ".join(pieces))


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
    table = standardise(db, first, last).arrow().read_all()
    limits = dobson_limits(*(table.column(name).to_numpy() for name in ("rate", "variance", "deaths")))
    out = table.drop_columns(["rate", "variance"])
    for name, values in limits.items():
        out = out.append_column(name, pa.array(values))
    watch.lap("standardise")
    pq.write_table(out, args.out)
    watch.lap("write")
    watch.report(rejected, out.num_rows)


if __name__ == "__main__":
    main()
