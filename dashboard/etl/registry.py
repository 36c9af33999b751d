"""The source registry: which official files the build reads, where they come from, and how.

The registry itself is data (`sources.toml` beside this module) so that adding an edition or a
mirror path is a reviewed change to one table, not to code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import PACKAGE_DIR
from dashboard.etl.errors import SourceError

REGISTRY_PATH = PACKAGE_DIR / "etl" / "sources.toml"


@dataclass(frozen=True)
class Source:
    """One official raw file and what is known about it."""

    id: str
    title: str
    publisher: str
    vintage: str
    page: str
    download: str
    licence: str
    file: str
    format: str
    reader: str
    layout: str
    sha256: str

    @property
    def file_name(self) -> str:
        return Path(self.file).name


Registry = dict[str, Source]


def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """Parse the registry file; a missing field or a repeated id is an error, not a default."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("source", [])
    fields = set(Source.__dataclass_fields__)
    registry: Registry = {}
    for number, entry in enumerate(entries, start=1):
        missing = fields - set(entry)
        unknown = set(entry) - fields
        if missing or unknown:
            raise SourceError(
                f"registry entry {number} has missing fields {sorted(missing)} and unknown fields {sorted(unknown)}",
                path=path,
            )
        source = Source(**entry)
        if source.id in registry:
            raise SourceError(f"source id {source.id!r} appears twice", path=path)
        registry[source.id] = source
    return registry
