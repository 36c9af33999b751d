"""Periods of a records build, and the population year each registration year is given: pure
functions, shared by the pipeline and by the views that say which years' populations are borrowed."""

from __future__ import annotations


def population_years(wanted: list[int], held: list[int]) -> dict[int, int]:
    """Each wanted year's population year: itself if held, else the nearest held (earlier on ties)."""
    return {year: min(held, key=lambda h: (abs(h - year), h)) for year in wanted}


def periods_for(years: list[int], pool_years: int | None) -> list[tuple[str, list[int], bool]]:
    """(label, years, pooled) for each period: every single year, then either every run of
    `pool_years` consecutive years (rolling, as Fingertips pools small areas) or the whole span."""
    periods = [(str(year), [year], False) for year in years]
    span = list(range(years[0], years[-1] + 1)) if years else []
    if pool_years and pool_years > 1:
        windows = [span[start : start + pool_years] for start in range(len(span) - pool_years + 1)]
        periods += [(f"{window[0]}-{window[-1]}", window, True) for window in windows]
    elif len(span) > 1:
        periods.append((f"{span[0]}-{span[-1]}", span, True))
    return periods


def borrowed_years(periods: list[str], held: list[int]) -> dict[int, int]:
    """Years inside `periods` ('2013', '2018-2020') with no population estimate of their own,
    each with the year whose estimate it uses."""
    years: list[int] = []
    for period in periods:
        first, _dash, last = period.partition("-")
        if first.isdigit() and (not last or last.isdigit()):
            years.extend(range(int(first), int(last or first) + 1))
    return {year: source for year, source in population_years(sorted(set(years)), held).items() if year != source}
