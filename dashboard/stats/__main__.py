"""Command line for analysts: python -m dashboard.stats dsr|rate|sii FILE.csv (CSV to stdout).

  dsr   columns group, age_band, deaths, population; age bands 0-4, 5-9 … 85-89, 90+. Each group
        is standardised to ESP2013 over the bands it has (bands to 70-74 give an under-75 rate).
        -> group, deaths, population, value, lower, upper (per 100,000)
  rate  columns group, deaths, population -> group, value, lower, upper (per 100,000)
  sii   columns quintile (or decile), value, population, lower, upper; 1 = most deprived
        -> sii, sii_lower, sii_upper, rii, rii_lower, rii_upper

Rates from fewer than 10 deaths are left blank (and named on stderr). Bad input exits with
status 2 and names the file, row and column.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.stats.disclosure import DEFAULT_RULE, RATE_FEW_DEATHS
from dashboard.stats.inequality import DEFAULT_SEED, DEFAULT_SIMULATIONS, slope_index
from dashboard.stats.rates import ESP2013, crude_rate, dsr
from dashboard.words.labels import reason_word

EXIT_BAD_INPUT = 2


class InputError(Exception):
    """A bad CSV: the message names the row (as a text editor counts lines) and the column."""


def _read(path: Path, required: list[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: cannot be read as CSV: {error}") from error
    frame.columns = [name.strip().lower() for name in frame.columns]
    missing = [name for name in required if name not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {missing}; found {list(frame.columns)}")
    return frame


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, whole: bool = False, positive: bool = False) -> pd.Series:
    text = frame[column].str.strip()
    values = pd.to_numeric(text, errors="coerce")
    checks = [
        (values.isna(), "is not a number"),
        (values < 0, "is negative"),
        ((values <= 0) if positive else values.isna() & False, "must be positive"),
        ((values % 1 != 0) if whole else values.isna() & False, "is not a whole number"),
    ]
    for bad, problem in checks:
        if bool(bad.fillna(False).any()):
            index = int(bad.fillna(False).to_numpy().argmax())
            raise InputError(
                f"{path}: row {index + 2}, column {column!r}: value {frame[column].iloc[index]!r} {problem}"
            )
    return values.astype("float64")


def _blank_if_few(table: pd.DataFrame, deaths: pd.Series) -> pd.DataFrame:
    few = deaths < DEFAULT_RULE.min_deaths_for_rate
    if few.any():
        table.loc[few.to_numpy(), ["value", "lower", "upper"]] = np.nan
        groups = ", ".join(str(group) for group in table.loc[few.to_numpy(), "group"])
        print(f"note: {reason_word(RATE_FEW_DEATHS)} for {groups}", file=sys.stderr)
    return table


def run_dsr(path: Path) -> pd.DataFrame:
    frame = _read(path, ["group", "age_band", "deaths", "population"])
    frame["age_band"] = frame["age_band"].str.strip()
    unknown = ~frame["age_band"].isin(list(ESP2013))
    if unknown.any():
        index = int(unknown.to_numpy().argmax())
        raise InputError(
            f"{path}: row {index + 2}, column 'age_band': {frame['age_band'].iloc[index]!r} is not one of "
            "0-4, 5-9 … 85-89, 90+"
        )
    repeated = frame.duplicated(["group", "age_band"])
    if repeated.any():
        index = int(repeated.to_numpy().argmax())
        raise InputError(f"{path}: row {index + 2}: group {frame['group'].iloc[index]!r} repeats its age band")
    frame["deaths"] = _numbers(frame, "deaths", path, whole=True)
    frame["population"] = _numbers(frame, "population", path, positive=True)
    rows = []
    for group, bands in frame.groupby("group", sort=False):
        rate = dsr(bands["deaths"], bands["population"], bands["age_band"].map(ESP2013))
        rows.append({"group": group, "deaths": int(rate.deaths), "population": rate.population,
                     "value": rate.value, "lower": rate.lower, "upper": rate.upper})  # fmt: skip
    table = pd.DataFrame(rows)
    return _blank_if_few(table, table["deaths"])


def run_rate(path: Path) -> pd.DataFrame:
    frame = _read(path, ["group", "deaths", "population"])
    deaths = _numbers(frame, "deaths", path, whole=True)
    population = _numbers(frame, "population", path, positive=True)
    rates = [crude_rate(d, n) for d, n in zip(deaths, population, strict=True)]
    table = pd.DataFrame(
        {
            "group": frame["group"],
            "value": [rate.value for rate in rates],
            "lower": [rate.lower for rate in rates],
            "upper": [rate.upper for rate in rates],
        }
    )
    return _blank_if_few(table, deaths)


def run_sii(path: Path, *, seed: int, simulations: int) -> pd.DataFrame:
    frame = _read(path, ["value", "population", "lower", "upper"])
    group = next((name for name in ("quintile", "decile") if name in frame.columns), None)
    if group is None:
        raise InputError(f"{path}: missing column 'quintile' (or 'decile'); found {list(frame.columns)}")
    order = _numbers(frame, group, path, whole=True, positive=True)
    if sorted(order) != list(range(1, len(order) + 1)):
        raise InputError(f"{path}: column {group!r} must hold 1 … {len(order)} once each (1 = most deprived)")
    frame = frame.assign(_order=order).sort_values("_order")
    result = slope_index(
        _numbers(frame, "value", path),
        _numbers(frame, "population", path, positive=True),
        _numbers(frame, "lower", path),
        _numbers(frame, "upper", path),
        seed=seed,
        simulations=simulations,
    )
    return pd.DataFrame([result.__dict__])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.stats", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("measure", choices=["dsr", "rate", "sii"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="simulation seed for SII/RII CIs")
    parser.add_argument("--simulations", type=int, default=DEFAULT_SIMULATIONS)
    args = parser.parse_args(argv)
    try:
        if args.measure == "dsr":
            table = run_dsr(args.file)
        elif args.measure == "rate":
            table = run_rate(args.file)
        else:
            table = run_sii(args.file, seed=args.seed, simulations=args.simulations)
    except (InputError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    table.to_csv(sys.stdout, index=False, float_format="%.6g")
    return 0


if __name__ == "__main__":
    sys.exit(main())
