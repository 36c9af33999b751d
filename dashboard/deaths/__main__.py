"""Command line: python -m dashboard.deaths build EXTRACT | synth --out FILE.

  build EXTRACT  validate, classify and aggregate a record-level death extract (CSV or parquet)
                 into the indicator frame, written to data/processed/indicators_<origin>.parquet
                 (origin 'computed', or 'synthetic' for the synthetic register). Rejected rows
                 are counted by reason with examples, on stderr and beside the output.
  synth --out F  write the synthetic register calibrated on the ONS 2017 tables.

Needs a built data folder (python -m dashboard.etl build). Bad input exits with status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import json
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

import pandas as pd

from dashboard.config import load_settings
from dashboard.deaths.cells import CellTotals, DeathCells, categorical_areas
from dashboard.deaths.geography import Geography, LsoaVintages, read_geography, read_lsoa_vintages
from dashboard.deaths.pipeline import indicators_from_cells
from dashboard.deaths.records import BATCH_BYTES, ExtractError, Mapping, Rejections, extract_batches, validate_batch
from dashboard.deaths.stopwatch import Stopwatch
from dashboard.deaths.synthetic import DEFAULT_SEED, SYNTHETIC_MARKER, make_register
from dashboard.etl.errors import SourceError
from dashboard.model import columns as col
from dashboard.model.sources import MANIFEST_NAME, RECORDS_PREFIX, SMOOTHED_SUFFIX
from dashboard.stats.definition import DEFAULT_VERSION, Definition, load_definition

EXIT_BAD_INPUT = 2
T = TypeVar("T")
MAX_REJECTED_SHARE = 0.05  # more rejected than this and the build stops, unless --accept-rejections
# What the stages after the records need, slow to import (pandera 0.4 s, scipy.special 0.2 s):
# imported on a thread while the records are read, which pyarrow does without the GIL.
LATER_MODULES = ("scipy.special", "dashboard.etl.contracts")


def build_from_extract(
    extract: Path,
    mapping: Mapping,
    target: Path | None,
    definition_version: str,
    processed_dir: Path,
    pool_years: int | None = None,
    *,
    max_rejected_share: float = MAX_REJECTED_SHARE,
    accept_rejections: bool = False,
    batch_bytes: int = BATCH_BYTES,
    smoothing: bool = True,
) -> int:
    seconds: dict[str, float] = {}
    clock = Stopwatch(seconds)
    geography = read_geography(processed_dir)
    batches, synthetic = extract_batches(extract, mapping, synthetic_marker=SYNTHETIC_MARKER, batch_bytes=batch_bytes)
    origin = "synthetic" if synthetic else "computed"
    totals, report = summed_batches(batches, mapping, geography, read_lsoa_vintages(processed_dir),
                                    load_definition(definition_version), clock)  # fmt: skip
    refuse_unusable(extract, report, totals, max_rejected_share if not accept_rejections else 1.0)
    cells = totals.cells()
    clock.lap("aggregate")  # the totals as arrays: counted with the sums made from them
    source_id = f"{RECORDS_PREFIX}{extract.name}"
    indicators, notes = indicators_from_cells(cells, geography, origin=origin, source_id=source_id,
                                              pool_years=pool_years, timings=seconds)  # fmt: skip
    clock.restart()
    report.notes.extend(notes)
    from dashboard.etl import contracts  # pandera: imported by the stage that needs it, not at start-up

    contracts.validate(indicators, contracts.INDICATORS, frame_name=f"indicators_{origin}", source_ids=[str(extract)])
    clock.lap("contract")
    target = target or processed_dir / f"indicators_{origin}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    smoothed, smoothing_record = (
        smoothed_areas(cells, geography, indicators, processed_dir, origin, extract, report)
        if smoothing else (None, {"skipped": "--no-smoothing"})
    )  # fmt: skip
    clock.lap("smooth")
    build_record = {
        "extract": extract.name, "origin": origin, "source_id": source_id,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"), "definition": definition_version,
        "pool_years": pool_years, **report.as_record(), "smoothing": smoothing_record,
    }  # fmt: skip
    write_outputs(target, indicators, smoothed, build_record, report)
    clock.lap("write")
    # Seconds per stage go in the record beside the figures, so a slow build can be read afterwards.
    build_record["seconds"] = {stage: round(value, 3) for stage, value in seconds.items()}
    target.with_suffix(".json").write_text(json.dumps(build_record, indent=1) + "\n", encoding="utf-8")
    print(report.summary(), file=sys.stderr)
    print(f"{len(indicators):,} indicator rows ({origin}) written to {target}")
    return 0


def import_modules(names: tuple[str, ...]) -> None:
    """Import `names` now, so that the stage needing one finds it imported (or waits for it)."""
    for name in names:
        importlib.import_module(name)


def write_outputs(
    target: Path, indicators: pd.DataFrame, smoothed: pd.DataFrame | None, build_record: dict[str, object],
    report: Rejections,
) -> None:  # fmt: skip
    """The rejections, the build record, then the figures, each staged and moved into place. A
    build without smoothed figures removes the last build's, which would not match these."""
    target.with_name(target.stem + ".rejections.txt").write_text(report.summary() + "\n", encoding="utf-8")
    # The record first, then the figures: the pages key their caches on the figures' file.
    target.with_suffix(".json").write_text(json.dumps(build_record, indent=1) + "\n", encoding="utf-8")
    staged = target.with_name(f".{target.name}.part")
    indicators.to_parquet(staged, index=False)
    smoothed_target = target.with_name(target.stem + SMOOTHED_SUFFIX)
    if smoothed is not None:
        smoothed_staged = smoothed_target.with_name(f".{smoothed_target.name}.part")
        smoothed.to_parquet(smoothed_staged, index=False)
        smoothed_staged.replace(smoothed_target)
    else:
        smoothed_target.unlink(missing_ok=True)
    staged.replace(target)


def smoothed_areas(
    cells: DeathCells, geography: Geography, indicators: pd.DataFrame, processed_dir: Path, origin: str,
    extract: Path, report: Rejections,
) -> tuple[pd.DataFrame | None, dict[str, object]]:  # fmt: skip
    """The smoothed LSOA figures of every pooled period, checked against their contract, and what
    the build record says of the fit; none (with a note) from a data folder built before neighbours."""
    from dashboard.deaths.small_areas import METHOD, read_neighbours, smoothed_frame  # scipy.optimize: this stage's
    from dashboard.etl import contracts

    if not (processed_dir / "neighbours_lsoa11.parquet").exists():
        report.notes.append("no smoothed LSOA figures: the data folder has no LSOA neighbours (rebuild it)")
        return None, {}
    smoothed, parameters = smoothed_frame(cells, geography, read_neighbours(processed_dir), indicators, origin=origin,
                                          source_id=f"{RECORDS_PREFIX}{extract.name}")  # fmt: skip
    contracts.validate(smoothed, contracts.SMOOTHED, frame_name=f"smoothed_{origin}", source_ids=[str(extract)])
    return smoothed, {"method": METHOD, "fits": parameters}


def refuse_unusable(extract: Path, report: Rejections, totals: CellTotals, max_rejected_share: float) -> None:
    """Stop the build (nothing written) when the extract holds no usable records, or too few."""
    if report.total_rows == 0:
        raise ExtractError(f"{extract}: the extract has a header but no records; nothing was built")
    if not totals.years:
        raise ExtractError(f"{extract}: every record was rejected; nothing was built\n{report.summary()}")
    if report.rejected_share > max_rejected_share:
        raise ExtractError(
            f"{extract}: {report.rejected_share:.1%} of records were rejected (more than {max_rejected_share:.0%}); "
            f"nothing was built. Fix the extract or the mapping, or pass --accept-rejections to build from the "
            f"rest.\n{report.summary()}"
        )


def summed_batches(
    batches: Iterator[pd.DataFrame], mapping: Mapping, geography: Geography, vintages: LsoaVintages,
    definition: Definition, clock: Stopwatch,
) -> tuple[CellTotals, Rejections]:  # fmt: skip
    """The extract a batch at a time: read, checked and summed into cells, so that memory is
    bounded by the batch; the cells' totals and the rejection report (finished)."""
    lsoa11 = set(geography.lsoa[col.LSOA11_CODE])
    people = geography.population.groupby(col.LSOA11_CODE)[col.POPULATION].sum()
    report = Rejections()
    totals = CellTotals(cast(pd.CategoricalDtype, categorical_areas(geography.lsoa)[col.LSOA11_CODE].dtype))
    clock.lap("geography")
    threading.Thread(target=import_modules, args=(LATER_MODULES,), daemon=True).start()  # while the records are read
    for frame in timed(batches, clock, "read"):
        records, vintage = validate_batch(frame, mapping, lsoa11, vintages.lsoa21, vintages.change, people, report)
        mapping = dataclasses.replace(mapping, lsoa_vintage=str(vintage))  # every batch read as the first
        del frame
        clock.lap("validate")
        if not records.empty:
            totals.add_records(records, definition)
            clock.lap("classify")
    report.finish()
    return totals, report


def timed(items: Iterator[T], clock: Stopwatch, stage: str) -> Iterator[T]:
    """`items`, with the time each takes to arrive (a batch being read) counted to `stage`."""
    clock.restart()
    for item in items:
        clock.lap(stage)
        yield item


def year_span(text: str) -> list[int]:
    """'2013-2022' (or one year) as the list of years."""
    first, _dash, last = text.partition("-")
    try:
        years = list(range(int(first), int(last or first) + 1))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year or a span such as 2013-2022") from error
    if not years or len(years) > 60:
        raise argparse.ArgumentTypeError(f"{text!r}: between 1 and 60 years")
    return years


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.deaths", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="records -> indicator frame")
    build.add_argument("extract", type=Path)
    build.add_argument("--mapping", type=Path, help="TOML naming the extract's columns (default: the synthetic layout)")
    build.add_argument("--out", type=Path)
    build.add_argument("--definition", default=DEFAULT_VERSION)
    build.add_argument("--pool-years", type=int, help="also pool N consecutive years (rolling), e.g. 3 or 5 for LSOAs")
    build.add_argument("--accept-rejections", action="store_true",
                       help=f"build even when more than {MAX_REJECTED_SHARE:.0%} of records are rejected")  # fmt: skip
    build.add_argument("--no-smoothing", action="store_true",
                       help="skip the smoothed LSOA figures (and remove the last build's)")  # fmt: skip
    synth = commands.add_parser("synth", help="write the synthetic register")
    synth.add_argument("--out", type=Path, required=True)
    synth.add_argument("--seed", type=int, default=DEFAULT_SEED)
    synth.add_argument("--years", type=year_span, default=None,
                       help="registration years, e.g. 2013-2022 (default: 2017, as published)")  # fmt: skip
    for sub in (build, synth):
        sub.add_argument("--data-dir", type=Path, help="data folder (default: $DASHBOARD_DATA_DIR or ./data)")
    args = parser.parse_args(argv)

    settings = load_settings()
    if args.data_dir:
        settings = dataclasses.replace(settings, data_dir=args.data_dir.resolve())
    settings = dataclasses.replace(settings, cache_backend="simple")  # one process: no shared cache needed
    try:
        if not (settings.processed_dir / MANIFEST_NAME).exists():
            raise ExtractError(f"no built data in {settings.processed_dir}; run `python -m dashboard.etl build`")
        if args.command == "synth":
            from dashboard import data  # the web app's data access, slow to import: only the register needs it

            data.configure(settings)
            register = make_register(
                data.deprivation_deaths(), data.deprivation_lsoa(), data.population("lsoa11", 2017), seed=args.seed,
                years=args.years,
            )  # fmt: skip
            args.out.parent.mkdir(parents=True, exist_ok=True)
            (register.to_parquet if args.out.suffix == ".parquet" else register.to_csv)(args.out, index=False)
            print(f"{len(register):,} synthetic records written to {args.out}")
            return 0
        mapping = Mapping.from_toml(args.mapping) if args.mapping else Mapping()
        return build_from_extract(
            args.extract, mapping, args.out, args.definition, settings.processed_dir, args.pool_years,
            accept_rejections=args.accept_rejections, smoothing=not args.no_smoothing,
        )  # fmt: skip
    except (ExtractError, SourceError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    # pandera imports hypothesis when it is installed (the dev requirements are), for generating
    # test data, which a build never does: 0.4 s of a one-million-record build. Marking it absent
    # in this process only (never on import: the test suite uses hypothesis) makes pandera skip it.
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    # Likewise geopandas and shapely (0.07 s), which pandera imports to recognise geometry columns: a
    # build checks none (the register, `synth`, reads the web app's data, geometry included).
    if sys.argv[1:2] == ["build"]:
        sys.modules.setdefault("geopandas", None)  # type: ignore[arg-type]
    # The cyclic garbage collector walks every object alive at each full pass, and once more at
    # exit: the thousand modules' objects, which live until the end. Frozen (after the imports,
    # and again before exit), they are left out of those walks: 0.1 s of a one-million-record
    # build's collections, and 0.2 s of its exit (bench/deaths_engines.py). In this process only:
    # a test calling main() keeps its collector as it was.
    gc.freeze()
    status = main()
    gc.freeze()
    sys.exit(status)
