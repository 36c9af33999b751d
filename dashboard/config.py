"""Settings read from the environment, once, with defaults that work on a fresh clone.

Every path the project uses is derived here from one base directory, so tests can point the
whole application at a temporary data folder by setting DASHBOARD_DATA_DIR.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PROJECT_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

CacheBackend = Literal["simple", "filesystem", "redis", "null"]
CACHE_BACKENDS: tuple[CacheBackend, ...] = ("simple", "filesystem", "redis", "null")


@dataclass(frozen=True)
class Settings:
    """Where data lives and how it is cached; see the README's 'Configuration' table."""

    data_dir: Path
    source_mirror: Path | None
    cache_backend: CacheBackend
    redis_url: str | None
    cache_timeout_seconds: int
    language: str
    demo: bool = False  # DASHBOARD_DEMO=synthetic: show the synthetic register's figures, bannered
    frame_ancestors: str = "*"  # DASHBOARD_FRAME_ANCESTORS: who may embed charts (CSP frame-ancestors)
    behind_proxy: bool = False  # DASHBOARD_BEHIND_PROXY=1: trust one proxy's X-Forwarded-* headers
    trusted_hosts: tuple[str, ...] = ()  # DASHBOARD_TRUSTED_HOSTS: host names answered (others: 400); empty: any

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def _cache_backend(value: str | None, redis_url: str | None) -> CacheBackend:
    if not value:
        return "redis" if redis_url else "filesystem"
    for backend in CACHE_BACKENDS:
        if value == backend:
            return backend
    raise ValueError(f"DASHBOARD_CACHE must be one of {', '.join(CACHE_BACKENDS)}, not {value!r}")


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment (or the mapping given, for tests)."""
    env = dict(os.environ) if environ is None else environ
    data_dir = Path(env.get("DASHBOARD_DATA_DIR") or PROJECT_DIR / "data")
    mirror = env.get("DASHBOARD_SOURCE_MIRROR")
    redis_url = env.get("REDIS_URL") or None
    return Settings(
        data_dir=data_dir.resolve(),
        source_mirror=Path(mirror).resolve() if mirror else None,
        cache_backend=_cache_backend(env.get("DASHBOARD_CACHE"), redis_url),
        redis_url=redis_url,
        cache_timeout_seconds=int(env.get("DASHBOARD_CACHE_TIMEOUT", "3600")),
        language=env.get("DASHBOARD_LANG", "en"),
        demo=_demo(env.get("DASHBOARD_DEMO")),
        frame_ancestors=env.get("DASHBOARD_FRAME_ANCESTORS") or "*",
        behind_proxy=env.get("DASHBOARD_BEHIND_PROXY", "") in ("1", "true", "yes"),
        trusted_hosts=tuple(host.strip() for host in env.get("DASHBOARD_TRUSTED_HOSTS", "").split(",") if host.strip()),
    )


def _demo(value: str | None) -> bool:
    if value in (None, "", "off"):
        return False
    if value == "synthetic":
        return True
    raise ValueError(f"DASHBOARD_DEMO must be 'synthetic' or 'off', not {value!r}")
