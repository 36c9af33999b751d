"""Command line: python -m dashboard.etl fetch|build|status.

Bad input exits with status 2 and a message naming the source, file, sheet, row and column;
the last good build in data/processed is left as it was.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from dashboard.config import load_settings
from dashboard.etl.build import build, load_manifest
from dashboard.etl.errors import SourceError
from dashboard.etl.fetch import fetch_all
from dashboard.etl.registry import load_registry

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.etl", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fetch", "build", "status"])
    parser.add_argument("--mirror", type=Path, help="folder of official files (default: $DASHBOARD_SOURCE_MIRROR)")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: $DASHBOARD_DATA_DIR or ./data)")
    parser.add_argument(
        "--allow-unverified", action="store_true", help="accept files whose checksum differs from the registry"
    )
    parser.add_argument("--force", action="store_true", help="rebuild every step even if nothing changed")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)

    settings = load_settings()
    if args.mirror:
        settings = dataclasses.replace(settings, source_mirror=args.mirror.resolve())
    if args.data_dir:
        settings = dataclasses.replace(settings, data_dir=args.data_dir.resolve())
    try:
        if args.command == "fetch":
            results = fetch_all(
                load_registry().values(),
                settings.raw_dir,
                settings.source_mirror,
                allow_unverified=args.allow_unverified,
                progress=not args.quiet,
            )
            for result in results:
                print(f"{result.action:10} {result.source_id:32} {result.path}")
        elif args.command == "build":
            report = build(settings, allow_unverified=args.allow_unverified, force=args.force, progress=not args.quiet)
            for step in report.ran:
                for note in report.notes.get(step, []):
                    print(f"  {step}: {note}")
            print(
                f"built {len(report.ran)} step(s), kept {len(report.kept)} unchanged, "
                f"{len(report.rows)} outputs in {settings.processed_dir} ({report.seconds:.1f} s)"
            )
        else:
            manifest = load_manifest(settings.processed_dir)
            steps = manifest["steps"]
            if not steps:
                print(f"nothing built yet in {settings.processed_dir}; run `python -m dashboard.etl build`")
                return 1
            for name, entry in steps.items():
                outputs = ", ".join(f"{file} ({rows})" for file, rows in entry["outputs"].items())
                print(f"{name:22} {entry['built_at']}  {outputs}")
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
