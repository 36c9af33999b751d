"""Data access: the only code that reads data/processed, with or without Flask.

Every reader is memoised, keyed by the processed folder and the build's timestamp, so a rebuild is
picked up without restarting the app. Inside the web app (a Flask application context) results go
to the shared flask-caching store, so gunicorn workers share them; elsewhere (the CLIs, export
scripts, tests) to a small store in the process, over the folder `configure()` names or the
environment's. Nothing is read at import time.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import nullcontext
from functools import cache as functools_cache
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import pandas as pd
from flask import current_app, has_app_context

from dashboard.cache import cache
from dashboard.config import PACKAGE_DIR, Settings, load_settings
from dashboard.i18n import DEFAULT_LANGUAGE, current, using
from dashboard.model import columns as col
from dashboard.model.sources import MANIFEST_NAME, SMOOTHED_SUFFIX, SourceRecord

if TYPE_CHECKING:  # geopandas takes 0.5 s to import: only the boundary readers need it
    import geopandas as gpd

MAP_LEVELS = ("lsoa11", "lsoa21", "la", "lhb")
P = ParamSpec("P")
R = TypeVar("R")


class DataNotBuiltError(Exception):
    """data/processed holds no build yet; pages show what to run instead of a traceback."""


_outside_flask: list[Settings] = []  # the settings used outside an application context, once read
LOCAL_ENTRIES = 1024  # results kept in each process (frames and view models), least recent dropped first
LOCAL_BYTES = 64 * 2**20  # and at most this much of images and documents among them
_local_store: OrderedDict[tuple[object, ...], object] = OrderedDict()
_local_bytes = 0
_local_lock = threading.Lock()  # gthread workers serve requests from several threads


def configure(settings: Settings) -> None:
    """Point data access outside the web app (CLIs, exports, tests) at these settings' build."""
    _outside_flask[:] = [settings]
    clear_process_cache()


def clear_process_cache() -> None:
    """Forget what this process remembers (the shared cache keeps its entries)."""
    global _local_bytes  # reset with the store it counts
    with _local_lock:
        _local_store.clear()
        _local_bytes = 0


def _settings() -> Settings:
    if has_app_context() and "DASHBOARD_SETTINGS" in current_app.config:
        return cast(Settings, current_app.config["DASHBOARD_SETTINGS"])
    if not _outside_flask:
        _outside_flask.append(load_settings())
    return _outside_flask[0]


def memoised(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise in two layers: the process (a small store, first) and, in the web app, the shared
    Flask cache (filesystem or Redis, shared by the workers). The process layer spares each
    request decoding the shared cache's JSON (20-50 ms for a view model); the shared layer spares
    each worker computing what another already has. Arguments must be hashable with a stable repr
    (strings, numbers, frozen dataclasses). Results are shared objects: callers copy before
    changing a frame. Every result is kept per language (names and words differ), and computed
    in the language it is kept under."""

    def in_language(language: str, *args: P.args, **kwargs: P.kwargs) -> R:
        with using(language):
            return function(*args, **kwargs)

    in_language.__qualname__ = function.__qualname__  # the shared cache's namespace is the function's
    in_language.__module__ = function.__module__
    through_flask = cache.memoize()(in_language)

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        settings = _settings()
        language = current()
        key = (str(settings.processed_dir), function.__module__, function.__qualname__, language, args,
               tuple(sorted(kwargs.items())))  # fmt: skip
        with _local_lock:
            if key in _local_store:
                _local_store.move_to_end(key)
                return cast(R, _local_store[key])
        if has_app_context():
            if settings.cache_backend == "null":  # caching switched off, to measure without it
                return through_flask(language, *args, **kwargs)
            value = through_flask(language, *args, **kwargs)
        else:
            value = in_language(language, *args, **kwargs)
        with _local_lock:
            _remember(key, value)
        return value

    return wrapper


def _size(value: object) -> int:
    """Bytes a result holds, counted for the large kinds only (images, decks, pages)."""
    return len(value) if isinstance(value, bytes | str) else 0


def _remember(key: tuple[object, ...], value: object) -> None:
    """Keep a result, dropping the least recent beyond LOCAL_ENTRIES results or LOCAL_BYTES of
    images and documents (a worker holding a thousand 350 kB map PNGs would use 350 MB)."""
    global _local_bytes  # the store's running total, guarded by _local_lock
    if key in _local_store:
        _local_bytes -= _size(_local_store.pop(key))
    _local_store[key] = value
    _local_bytes += _size(value)
    while len(_local_store) > LOCAL_ENTRIES or (_local_bytes > LOCAL_BYTES and len(_local_store) > 1):
        _old_key, old = _local_store.popitem(last=False)
        _local_bytes -= _size(old)


def processed_dir() -> Path:
    """The folder this app reads its build from."""
    return _settings().processed_dir


def _stamp() -> str:
    """Changes with every build: part of every cache key."""
    path = processed_dir() / MANIFEST_NAME
    if not path.exists():
        raise DataNotBuiltError(f"no build in {path.parent}; run `make data` (python -m dashboard.etl build)")
    return str(path.stat().st_mtime_ns)


@memoised
def _manifest(processed_dir: str, stamp: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((Path(processed_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    return loaded


@memoised
def _frame(processed_dir: str, name: str, stamp: str) -> pd.DataFrame:
    return pd.read_parquet(Path(processed_dir) / name)


@memoised
def _geo_frame(processed_dir: str, name: str, stamp: str) -> gpd.GeoDataFrame:
    import geopandas as gpd  # lazy: see the import block

    return gpd.read_parquet(Path(processed_dir) / name)


@memoised
def _blob(processed_dir: str, name: str, stamp: str) -> bytes:
    return (Path(processed_dir) / name).read_bytes()


@functools_cache
def code_fingerprint() -> str:
    """A hash of the dashboard's own source: a cached result outlives no change to the code
    that made it (the filesystem and Redis caches survive restarts and deploys)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_version() -> str:
    """Changes whenever anything a page reads changes: the build, a records-based indicator file,
    demonstration mode, or the code. Keys the memoised results of `per_build` functions."""
    processed = processed_dir()
    extras = [
        str(path.stat().st_mtime_ns) if path.exists() else "-"
        for path in (processed / f"indicators_{origin}.parquet" for origin in ("computed", "synthetic"))
    ]
    return ":".join([_stamp(), *extras, "demo" if demo_mode() else "live", code_fingerprint()])


def per_build(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise a pure function of the processed data (and its arguments) for as long as the
    build stands: callbacks then recompute nothing when a person returns to a view."""

    def keyed(version: str, *args: P.args, **kwargs: P.kwargs) -> R:
        return function(*args, **kwargs)

    keyed.__qualname__ = f"{function.__qualname__}.per_build"  # its own cache namespace
    keyed.__module__ = function.__module__
    stored = memoised(keyed)

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        # A view's spec names its language: its build speaks it, whatever the request's.
        language = getattr(args[0], "lang", None) if args else None
        with using(language) if isinstance(language, str) else nullcontext():
            result: R = stored(build_version(), *args, **kwargs)
        return result

    return wrapper


def _read(name: str) -> pd.DataFrame:
    return _frame(str(processed_dir()), name, _stamp())


def is_built() -> bool:
    try:
        _stamp()
    except DataNotBuiltError:
        return False
    return True


def manifest() -> dict[str, Any]:
    return _manifest(str(processed_dir()), _stamp())


def build_summary() -> pd.DataFrame:
    """One row per processed output: step, file, rows (features for maps), built at."""
    rows = [
        {"step": step, "file": file, "rows": count, "built_at": entry["built_at"]}
        for step, entry in manifest()["steps"].items()
        for file, count in entry["outputs"].items()
    ]
    return pd.DataFrame(rows)


def sources() -> list[SourceRecord]:
    """Provenance of every raw file the build read, from the fetch sidecars."""
    fields = ("source_id", "title", "publisher", "vintage", "licence", "page", "retrieved_from", "retrieved_at")
    return [
        SourceRecord(**{name: record[name] for name in fields}, verified=bool(record["verified_against_registry"]))
        for record in manifest()["sources"].values()
    ]


def areas(level: col.GeographyLevel | None = None) -> pd.DataFrame:
    """Every area (or one level's), named in the current language."""
    frame = named(_read("areas.parquet"))
    return frame if level is None else frame[frame[col.GEOGRAPHY_LEVEL] == level].reset_index(drop=True)


def welsh_names() -> dict[str, str]:
    """Area code -> Welsh name, for every area the build knows (an LSOA code of both vintages
    has one Welsh name, as it has one English name)."""
    frame = _read("areas.parquet")
    if col.AREA_NAME_CY not in frame:  # a build made before the Welsh names: English stays
        return {}
    return dict(zip(frame[col.AREA_CODE], frame[col.AREA_NAME_CY], strict=True))


def named(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its area names in the current language: the data holds English names beside
    codes, and the areas table holds each code's Welsh name."""
    if current() == DEFAULT_LANGUAGE or col.AREA_NAME not in frame or col.AREA_CODE not in frame:
        return frame
    welsh = frame[col.AREA_CODE].map(welsh_names())
    return frame.assign(**{col.AREA_NAME: welsh.fillna(frame[col.AREA_NAME])})


def demo_mode() -> bool:
    """True when DASHBOARD_DEMO=synthetic: the shell shows its banner on every page."""
    return _settings().demo


def shown_origins() -> tuple[col.Origin, ...]:
    """The origins pages show: synthetic figures only in demonstration mode."""
    return ("published", "computed", "synthetic") if demo_mode() else ("published", "computed")


def indicators(origins: tuple[col.Origin, ...] | None = None) -> pd.DataFrame:
    """The common indicator frame of the origins asked for (default: `shown_origins()`): the build's
    (published figures, rates from published counts) and the records builds' when present. Synthetic
    figures only in demonstration mode or when asked for, so nothing shows them by accident."""
    origins = shown_origins() if origins is None else origins
    frame = pd.concat([_read("indicators.parquet"), *_records_frames("indicators_{origin}.parquet", origins)])
    return named(frame[frame[col.ORIGIN].isin(origins)].reset_index(drop=True))


def smoothed(origins: tuple[col.Origin, ...] | None = None) -> pd.DataFrame:
    """Smoothed LSOA figures of the records builds (`deaths.small_areas`), of the origins shown."""
    found = _records_frames("indicators_{origin}" + SMOOTHED_SUFFIX, shown_origins() if origins is None else origins)
    return named(pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=list(col.SMOOTHED_COLUMNS)))


def _records_frames(pattern: str, origins: tuple[col.Origin, ...]) -> list[pd.DataFrame]:
    processed = processed_dir()  # each file keyed on its own time, as a records build replaces it
    paths = [processed / pattern.format(origin=origin) for origin in ("computed", "synthetic") if origin in origins]
    return [
        _frame(str(processed), path.name, f"{_stamp()}:{path.stat().st_mtime_ns}") for path in paths if path.exists()
    ]


def records_builds(origins: tuple[col.Origin, ...] | None = None) -> list[dict[str, Any]]:
    """What each records build wrote beside its figures (`python -m dashboard.deaths build`):
    the extract's name, the period its deaths cover, rows read, rejected by reason and used."""
    origins = shown_origins() if origins is None else origins
    found = []
    for origin in ("computed", "synthetic"):
        path = processed_dir() / f"indicators_{origin}.json"
        if origin in origins and path.exists():
            found.append(_records_build(str(path), str(path.stat().st_mtime_ns)))
    return found


@memoised
def _records_build(path: str, stamp: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded


def wimd(edition: int | None = None) -> pd.DataFrame:
    frame = _read("wimd.parquet")
    return frame if edition is None else frame[frame[col.WIMD_EDITION] == edition].reset_index(drop=True)


def wimd_domains() -> pd.DataFrame:
    return _read("wimd_domains.parquet")


def population(level: str | None = None, year: int | None = None) -> pd.DataFrame:
    frame = _read("population.parquet")
    if level is not None:
        frame = frame[frame[col.GEOGRAPHY_LEVEL] == level]
    if year is not None:
        frame = frame[frame[col.YEAR] == year]
    return frame.reset_index(drop=True)


def esp2013() -> pd.DataFrame:
    return _read("esp2013.parquet")


def lsoa_change() -> pd.DataFrame:
    return _read("lsoa_change.parquet")


def deprivation_deaths() -> pd.DataFrame:
    return _read("deprivation_deaths.parquet")


def deprivation_population() -> pd.DataFrame:
    return _read("deprivation_population.parquet")


def deprivation_lsoa() -> pd.DataFrame:
    return _read("deprivation_lsoa.parquet")


def deaths_by_age_2014() -> pd.DataFrame:
    return _read("deaths_by_age_2014.parquet")


def healthy_life_expectancy() -> pd.DataFrame:
    """ONS HLE at birth by LA, Wales, England and the UK, twelve periods, with its method per row."""
    return named(_read("healthy_life_expectancy.parquet"))


def hle_metadata() -> dict[str, Any]:
    return dict(json.loads(_blob(str(processed_dir()), "hle_metadata.json", _stamp())))


def gp_supply() -> pd.DataFrame:
    """Patients, GP headcount and patients per GP by local authority (NWSSP 2024, summed by a third party)."""
    return named(_read("gp_supply.parquet"))


def boundaries(level: str) -> gpd.GeoDataFrame:
    _check_level(level)
    return _geo_frame(str(processed_dir()), f"boundaries_{level}.parquet", _stamp())


def map_geojson(level: str) -> bytes:
    """Simplified, clockwise-ringed GeoJSON for plotly maps; served once from a compressed route."""
    _check_level(level)
    return _blob(str(processed_dir()), f"map_{level}.geojson", _stamp())


def _check_level(level: str) -> None:
    if level not in MAP_LEVELS:
        raise ValueError(f"no map geometry for {level!r}; choose from {MAP_LEVELS}")


def build_key(built_at: str) -> str:
    """A short key for a build, for cache-busting links (the geometry a view's map fetches)."""
    return hashlib.sha256(built_at.encode()).hexdigest()[:12]
