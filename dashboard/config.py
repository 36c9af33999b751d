"""Settings read from the environment, once, with defaults that work on a fresh clone.

Every path the project uses is derived here from one base directory, so tests can point the
whole application at a temporary data folder by setting DASHBOARD_DATA_DIR.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

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
    cache_max_bytes: int = 512 * 2**20  # DASHBOARD_CACHE_MAX_MB: the cache folder's bound in bytes
    demo: bool = False  # DASHBOARD_DEMO=synthetic: show the synthetic register's figures, bannered
    frame_ancestors: str = "*"  # DASHBOARD_FRAME_ANCESTORS: who may embed charts (CSP frame-ancestors)
    behind_proxy: bool = False  # DASHBOARD_BEHIND_PROXY=1: trust one proxy's X-Forwarded-* headers
    # DASHBOARD_PUBLIC_URL: the one address every absolute link is written with (embed snippets,
    # oEmbed, link previews, exports, present mode, board packs), never the request's Host header.
    # Locally it defaults to the bind address; a deployment must set it (see `deployment_problem`).
    public_url: str = "http://127.0.0.1:8050"
    public_url_set: bool = False  # whether DASHBOARD_PUBLIC_URL was given
    bind: str = "127.0.0.1:8050"  # DASHBOARD_BIND, as gunicorn.conf.py reads it
    extra_hosts: tuple[str, ...] = ()  # DASHBOARD_TRUSTED_HOSTS: more host names to answer (comma list)

    @property
    def trusted_hosts(self) -> tuple[str, ...]:
        """The Host names answered (any other gets 400): the public URL's, this machine's own
        names (health checks, `make run`), and any extra named."""
        public = urlsplit(self.public_url).hostname or ""
        return tuple(dict.fromkeys([public, *LOOPBACK_NAMES, *self.extra_hosts]))

    def deployment_problem(self) -> str | None:
        """Why the app must not start as configured, or None: serving beyond this machine (a
        bind address other than loopback, or behind a proxy) without DASHBOARD_PUBLIC_URL would
        write links from whatever Host header a request sends."""
        host = self.bind.rsplit(":", 1)[0].strip("[]")
        public_facing = self.behind_proxy or host not in LOOPBACK_NAMES
        if public_facing and not self.public_url_set:
            return (
                f"DASHBOARD_PUBLIC_URL is required when serving beyond this machine (DASHBOARD_BIND={self.bind}"
                f"{', DASHBOARD_BEHIND_PROXY=1' if self.behind_proxy else ''}): set it to the address people use, "
                "e.g. https://dashboard.example.org"
            )
        return None

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def public_url_of(text: str) -> str:
    """'https://Dashboard.example.org/' -> 'https://dashboard.example.org': a scheme and a host
    (and port), nothing else; anything else is refused with the reason."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"DASHBOARD_PUBLIC_URL must be an http:// or https:// address, not {text!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"DASHBOARD_PUBLIC_URL must name only a scheme and a host (no path, query or user): {text!r}")
    port = f":{parts.port}" if parts.port else ""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}{port}"


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
    bind = env.get("DASHBOARD_BIND") or "127.0.0.1:8050"
    return Settings(
        data_dir=data_dir.resolve(),
        source_mirror=Path(mirror).resolve() if mirror else None,
        cache_backend=_cache_backend(env.get("DASHBOARD_CACHE"), redis_url),
        redis_url=redis_url,
        cache_timeout_seconds=int(env.get("DASHBOARD_CACHE_TIMEOUT", "3600")),
        cache_max_bytes=int(env.get("DASHBOARD_CACHE_MAX_MB", "512")) * 2**20,
        language=env.get("DASHBOARD_LANG", "en"),
        demo=_demo(env.get("DASHBOARD_DEMO")),
        frame_ancestors=env.get("DASHBOARD_FRAME_ANCESTORS") or "*",
        behind_proxy=env.get("DASHBOARD_BEHIND_PROXY", "") in ("1", "true", "yes"),
        public_url=public_url_of(env.get("DASHBOARD_PUBLIC_URL") or f"http://{bind}"),
        public_url_set=bool(env.get("DASHBOARD_PUBLIC_URL")),
        bind=bind,
        extra_hosts=tuple(host.strip() for host in env.get("DASHBOARD_TRUSTED_HOSTS", "").split(",") if host.strip()),
    )


def _demo(value: str | None) -> bool:
    if value in (None, "", "off"):
        return False
    if value == "synthetic":
        return True
    raise ValueError(f"DASHBOARD_DEMO must be 'synthetic' or 'off', not {value!r}")
