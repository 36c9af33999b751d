"""fetch -> read -> validate -> write, incrementally and atomically.

A step runs again only when one of its raw files or the ETL code has changed. Each build is a
whole folder, data/builds/<stamp>: new outputs are written to a staging folder, the outputs kept
from the last build (and any records-based figures beside them) are hard-linked in, and only when
every step has passed its contract does data/processed (a symbolic link) flip to the new folder
in one rename. A failed, interrupted or killed build leaves the last good build whole; staging
folders that a killed build left behind are removed by the next one.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from tqdm import tqdm

from dashboard.config import PACKAGE_DIR, Settings
from dashboard.etl.fetch import fetch_all, raw_path_for, read_sidecar
from dashboard.etl.plan import STEP_SOURCES
from dashboard.etl.registry import Registry, load_registry
from dashboard.model.sources import MANIFEST_NAME

if TYPE_CHECKING:  # the steps bring pandas, geopandas, pandera and every reader: imported only to run
    from dashboard.etl.steps import Output, Step


class StepEntry(TypedDict):
    fingerprint: str
    sources: list[str]
    outputs: dict[str, int]  # file name -> rows (features for GeoJSON)
    notes: list[str]
    built_at: str


class Manifest(TypedDict):
    built_at: str
    steps: dict[str, StepEntry]
    sources: dict[str, dict[str, object]]  # source id -> provenance sidecar


# Data files the steps read as code: the source registry, the avoidable-cause definitions and the
# glossary (the health boards' Welsh names).
_CODE_DATA = ("etl/*.toml", "stats/definitions/*.csv", "i18n/glossary.csv")
_STEP_ROOTS = ("etl/build.py", "etl/steps/__init__.py", "etl/inputs.py")


@dataclass
class BuildReport:
    ran: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def imported_modules(roots: Sequence[str] = _STEP_ROOTS) -> list[Path]:
    """Every dashboard module the build's code imports, followed to the end: a change to the DSR,
    CI or disclosure code (dashboard.stats) rebuilds the figures made with it. Read with `ast`,
    so nothing heavy is imported to find out."""
    seen: set[Path] = set()
    queue = [PACKAGE_DIR / root for root in roots]
    while queue:
        path = queue.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "dashboard":
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if alias.name.split(".")[0] == "dashboard"]
            for name in names:
                parts = name.split(".")[1:]
                if parts:  # "from dashboard import columns": the package itself holds nothing to follow
                    relative = Path(*parts)
                    queue += [PACKAGE_DIR / relative.with_suffix(".py"), PACKAGE_DIR / relative / "__init__.py"]
    return sorted(seen)


def code_fingerprint() -> str:
    """Changes whenever code the build runs (any module it imports), the registry or the
    definitions change, so outputs are rebuilt."""
    digest = hashlib.sha256()
    data_files = [path for pattern in _CODE_DATA for path in sorted(PACKAGE_DIR.glob(pattern))]
    for path in [*imported_modules(), *data_files]:
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class PlannedStep(NamedTuple):
    name: str
    sources: tuple[str, ...]


def step_fingerprint(step: PlannedStep | Step, source_hashes: dict[str, str], code: str) -> str:
    digest = hashlib.sha256(code.encode())
    for source_id in sorted(step.sources):
        digest.update(f"{source_id}={source_hashes[source_id]}".encode())
    return digest.hexdigest()


def load_manifest(processed_dir: Path) -> Manifest:
    path = processed_dir / MANIFEST_NAME
    if not path.exists():
        return {"built_at": "", "steps": {}, "sources": {}}
    loaded: Manifest = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def build(
    settings: Settings,
    *,
    registry: Registry | None = None,
    steps: Sequence[Step] | None = None,
    allow_unverified: bool = False,
    force: bool = False,
    progress: bool = True,
) -> BuildReport:
    """Run the whole pipeline; raise SourceError (and write nothing) on bad input. `steps` defaults
    to every step; they are imported only when one has to run."""
    started = time.perf_counter()
    registry = registry if registry is not None else load_registry()
    plan = [PlannedStep(name, sources) for name, sources in STEP_SOURCES.items()] if steps is None else [
        PlannedStep(step.name, step.sources) for step in steps]  # fmt: skip
    needed = sorted({source_id for step in plan for source_id in step.sources})
    fetched = fetch_all(
        (registry[source_id] for source_id in needed),
        settings.raw_dir,
        settings.source_mirror,
        allow_unverified=allow_unverified,
        progress=progress,
    )
    source_hashes = {result.source_id: result.sha256 for result in fetched}
    processed = settings.processed_dir
    previous = load_manifest(processed)["steps"]
    report = BuildReport()
    to_run = _steps_to_run(plan, source_hashes, previous, processed, report, force=force)
    current = _current_build(processed)
    builds = processed.parent / BUILDS_DIR
    _remove_leftovers(builds, keep=current)
    if to_run or not (processed / MANIFEST_NAME).exists():
        final = _build_into_new_folder(builds, to_run, plan, previous, current, settings, registry, steps, report,
                                       progress=progress)  # fmt: skip
        _point(processed, final)
        _remove_leftovers(builds, keep=final)
    for entry in load_manifest(processed)["steps"].values():
        report.rows.update(entry["outputs"])
    report.seconds = time.perf_counter() - started
    return report


def _steps_to_run(plan: Sequence[PlannedStep], source_hashes: dict[str, str], previous: dict[str, StepEntry],
                  processed: Path, report: BuildReport, *, force: bool) -> list[tuple[PlannedStep, str]]:  # fmt: skip
    """The steps whose sources or code changed since they last ran (or whose outputs are gone),
    with their new fingerprints; the others are reported kept."""
    code = code_fingerprint()
    to_run: list[tuple[PlannedStep, str]] = []
    for step in plan:
        fingerprint = step_fingerprint(step, source_hashes, code)
        earlier = previous.get(step.name)
        present = earlier is not None and all((processed / name).exists() for name in earlier["outputs"])
        if not force and earlier is not None and earlier["fingerprint"] == fingerprint and present:
            report.kept.append(step.name)
        else:
            to_run.append((step, fingerprint))
    return to_run


def _build_into_new_folder(
    builds: Path,
    to_run: list[tuple[PlannedStep, str]],
    plan: Sequence[PlannedStep],
    previous: dict[str, StepEntry],
    current: Path | None,
    settings: Settings,
    registry: Registry,
    steps: Sequence[Step] | None,
    report: BuildReport,
    *,
    progress: bool,
) -> Path:
    """Run the steps into a staging folder beside the builds, link in every output not rebuilt,
    write the manifest and rename the folder into place: a failure leaves no partial build."""
    staging = builds / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        from dashboard.etl.inputs import Inputs
        from dashboard.etl.steps import STEPS

        runnable = {step.name: step for step in (STEPS if steps is None else steps)}
        inputs = Inputs(registry, settings.raw_dir)
        new_entries: dict[str, StepEntry] = {}
        for step, fingerprint in tqdm(to_run, desc="build", unit="step", disable=not progress, leave=False):
            result = runnable[step.name].run(inputs)
            rows = {name: _write(staging / name, output) for name, output in result.outputs.items()}
            new_entries[step.name] = {
                "fingerprint": fingerprint,
                "sources": list(step.sources),
                "outputs": rows,
                "notes": result.notes,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            report.ran.append(step.name)
            report.notes[step.name] = result.notes
        if current is not None:  # everything not rebuilt comes along unchanged, records figures too
            for kept in current.iterdir():
                if kept.is_file() and kept.name != MANIFEST_NAME and not (staging / kept.name).exists():
                    os.link(kept, staging / kept.name)
        steps_now = {step.name: new_entries.get(step.name) or previous[step.name] for step in plan}
        _write_manifest(staging, steps_now, registry, settings.raw_dir)
        final = builds / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


BUILDS_DIR = "builds"  # beside data/processed: one folder per build
STAGING_PREFIX = ".staging-"


def _current_build(processed: Path) -> Path | None:
    """The build folder data/processed points to. A data folder from before builds were folders
    (data/processed a plain folder) is moved into data/builds first, so it too flips atomically."""
    if processed.is_symlink():
        return processed.resolve()
    if not processed.exists():
        return None
    builds = processed.parent / BUILDS_DIR
    builds.mkdir(parents=True, exist_ok=True)
    moved = builds / "migrated"
    shutil.rmtree(moved, ignore_errors=True)
    processed.rename(moved)
    _point(processed, moved)
    return moved


def _point(processed: Path, build_dir: Path) -> None:
    """Make data/processed point to `build_dir` in one atomic rename of a new link over the old."""
    link = processed.with_name(f".{processed.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(build_dir, processed.parent), target_is_directory=True)
    link.replace(processed)


def _remove_leftovers(builds: Path, *, keep: Path | None) -> None:
    """Old builds and the staging folders of killed builds; only the current build stays."""
    if not builds.exists():
        return
    for folder in builds.iterdir():
        if keep is not None and folder.resolve() == keep.resolve():
            continue
        if folder.name.startswith(STAGING_PREFIX) and _alive(folder.name.removeprefix(STAGING_PREFIX)):
            continue  # another build running now
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def _write(path: Path, output: Output) -> int:
    """Write one output; returns its row count (features for GeoJSON, bytes for other blobs)."""
    import geopandas as gpd
    import pandas as pd

    if isinstance(output, gpd.GeoDataFrame):
        output.to_parquet(path, index=False)
        return len(output)
    if isinstance(output, pd.DataFrame):
        output.to_parquet(path, index=False)
        return len(output)
    path.write_bytes(output)
    return json.loads(output).get("features", []).__len__() if path.suffix == ".geojson" else len(output)


def _write_manifest(processed: Path, steps: dict[str, StepEntry], registry: Registry, raw_dir: Path) -> None:
    sources = {}
    for source_id, source in registry.items():
        sidecar = read_sidecar(raw_path_for(source, raw_dir))
        if sidecar is not None:
            sources[source_id] = sidecar
    manifest: Manifest = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "steps": steps,
        "sources": sources,
    }
    staged = processed / f".{MANIFEST_NAME}.{os.getpid()}"
    staged.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    staged.replace(processed / MANIFEST_NAME)
