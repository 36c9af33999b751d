"""Obtain each raw file into data/raw/, from a mirror folder or the official URL.

A raw file is only replaced once the new bytes are complete and their checksum is known, so a
failed fetch leaves the last good file (and its provenance sidecar) in place.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from dashboard.etl.errors import SourceError
from dashboard.etl.registry import Source

SIDECAR_SUFFIX = ".provenance.json"
DOWNLOAD_TIMEOUT_SECONDS = 60
DOWNLOAD_ATTEMPTS = 3
CHUNK_BYTES = 1 << 16
USER_AGENT = "wales-avoidable-mortality-dashboard (+https://github.com/)"


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    path: Path
    action: str  # "kept", "copied" or "downloaded"
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sidecar_path(raw_path: Path) -> Path:
    return raw_path.with_name(raw_path.name + SIDECAR_SUFFIX)


def read_sidecar(raw_path: Path) -> dict[str, object] | None:
    path = sidecar_path(raw_path)
    if not path.exists():
        return None
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def raw_path_for(source: Source, raw_dir: Path) -> Path:
    return raw_dir / source.file


def fetch_all(
    sources: Iterable[Source],
    raw_dir: Path,
    mirror: Path | None,
    *,
    allow_unverified: bool = False,
    progress: bool = True,
) -> list[FetchResult]:
    """Fetch every source; stop at the first failure with a SourceError."""
    items = list(sources)
    results = []
    for source in tqdm(items, desc="fetch", unit="file", disable=not progress, leave=False):
        results.append(fetch_source(source, raw_dir, mirror, allow_unverified=allow_unverified))
    return results


def fetch_source(
    source: Source,
    raw_dir: Path,
    mirror: Path | None,
    *,
    allow_unverified: bool = False,
) -> FetchResult:
    """Bring one source's raw file up to date; keep it if it already holds the right bytes."""
    target = raw_path_for(source, raw_dir)
    current = _current_digest(source, target, mirror, allow_unverified)
    if current is not None:
        return FetchResult(source.id, target, "kept", current)

    if mirror is not None:
        mirrored = mirror / source.file
        if not mirrored.exists():
            raise SourceError(
                f"not in the mirror folder {mirror} (expected {source.file})",
                source_id=source.id,
                path=mirrored,
            )
        origin = f"mirror:{mirrored}"
        staged = _stage_copy(mirrored, target)
        action = "copied"
    elif source.download:
        origin = source.download
        staged = _stage_download(source, target)
        action = "downloaded"
    else:
        raise SourceError(
            "this file is a cut or derivation of the official product and has no direct "
            f"download; obtain it from a mirror folder (--mirror or DASHBOARD_SOURCE_MIRROR). "
            f"Official page: {source.page}",
            source_id=source.id,
            path=target,
        )

    digest = sha256_of(staged)
    verified = digest == source.sha256
    if not verified and not allow_unverified:
        staged.unlink(missing_ok=True)
        raise SourceError(
            f"checksum {digest[:12]}… does not match the registry's {source.sha256[:12]}… "
            f"for {origin}; the file differs from the tested edition. Check it, then update "
            "sources.toml, or rerun with --allow-unverified to let the reader's layout checks decide",
            source_id=source.id,
            path=target,
        )
    staged.replace(target)
    _write_sidecar(source, target, origin, digest, verified)
    return FetchResult(source.id, target, action, digest)


def _current_digest(source: Source, target: Path, mirror: Path | None, allow_unverified: bool) -> str | None:
    """The digest of a raw file worth keeping: intact, acceptable, and (with a mirror) still what
    the mirror holds; None when it must be fetched again.

    Without a mirror nothing is downloaded again once a good file is in place.
    """
    sidecar = read_sidecar(target)
    if not target.exists() or sidecar is None:
        return None
    current = sha256_of(target)
    if sidecar.get("sha256") != current or (current != source.sha256 and not allow_unverified):
        return None
    if mirror is not None and not ((mirror / source.file).exists() and sha256_of(mirror / source.file) == current):
        return None
    return current


def _temporary_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    return Path(name)


def _stage_copy(mirrored: Path, target: Path) -> Path:
    staged = _temporary_beside(target)
    shutil.copyfile(mirrored, staged)
    return staged


def _stage_download(source: Source, target: Path) -> Path:
    """Download with a timeout, retrying transient failures; a short body is an error."""
    last_error: Exception | None = None
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        staged = _temporary_beside(target)
        try:
            _download_to(source.download, staged, label=source.id)
            return staged
        except urllib.error.HTTPError as error:
            staged.unlink(missing_ok=True)
            if error.code < 500:
                raise SourceError(
                    f"download failed: HTTP {error.code} {error.reason} from {source.download}",
                    source_id=source.id,
                    path=target,
                ) from error
            last_error = error
        except (urllib.error.URLError, TimeoutError, ConnectionError, _ShortBodyError) as error:
            staged.unlink(missing_ok=True)
            last_error = error
        if attempt < DOWNLOAD_ATTEMPTS:
            time.sleep(0.5 * 2 ** (attempt - 1))
    raise SourceError(
        f"download failed after {DOWNLOAD_ATTEMPTS} attempts from {source.download}: {last_error}",
        source_id=source.id,
        path=target,
    )


class _ShortBodyError(Exception):
    """The server closed the connection before sending the bytes it announced."""


def _download_to(url: str, staged: Path, *, label: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise SourceError(f"download URL {url!r} is not http(s)")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (http(s) checked above)
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) checked above)
        announced = response.headers.get("Content-Length")
        expected = int(announced) if announced else None
        received = 0
        with (
            staged.open("wb") as out,
            tqdm(total=expected, unit="B", unit_scale=True, desc=label, leave=False) as bar,
        ):
            while True:
                try:
                    chunk = response.read(CHUNK_BYTES)
                except http.client.IncompleteRead as error:
                    raise _ShortBodyError(f"body cut short after {received + len(error.partial)} bytes") from error
                if not chunk:
                    break
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if expected is not None and received != expected:
        raise _ShortBodyError(f"body cut short: received {received} of {expected} bytes")


def _write_sidecar(source: Source, target: Path, origin: str, digest: str, verified: bool) -> None:
    record = {
        "source_id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "vintage": source.vintage,
        "licence": source.licence,
        "page": source.page,
        "retrieved_from": origin,
        "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": digest,
        "bytes": target.stat().st_size,
        "verified_against_registry": verified,
    }
    path = sidecar_path(target)
    staged = _temporary_beside(path)
    staged.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    staged.replace(path)
