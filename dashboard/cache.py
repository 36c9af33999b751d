"""The one flask-caching instance, configured from settings.

SimpleCache is per process (tests); FileSystemCache (default) and Redis are shared between
gunicorn workers. Data access memoises through it; callbacks are never cached directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask_caching import Cache

from dashboard.config import Settings, load_settings

cache = Cache()

_CACHE_TYPES = {
    "simple": "SimpleCache",
    "filesystem": "FileSystemCache",
    "redis": "RedisCache",
    "null": "NullCache",
}


def cache_config(settings: Settings) -> dict[str, object]:
    config: dict[str, object] = {
        "CACHE_TYPE": _CACHE_TYPES[settings.cache_backend],
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout_seconds,
        "CACHE_KEY_PREFIX": "dashboard:",
    }
    if settings.cache_backend == "filesystem":
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        config["CACHE_DIR"] = str(settings.cache_dir)
        config["CACHE_THRESHOLD"] = 2000
    if settings.cache_backend == "redis":
        if not settings.redis_url:
            raise ValueError("DASHBOARD_CACHE=redis needs REDIS_URL")
        config["CACHE_REDIS_URL"] = settings.redis_url
    return config


def init_cache(server: Flask, settings: Settings) -> None:
    server.config["DASHBOARD_SETTINGS"] = settings
    cache.init_app(server, config=cache_config(settings))


@contextmanager
def standalone(settings: Settings | None = None) -> Iterator[Flask]:
    """An application context for scripts and tests that use data access outside the web app."""
    server = Flask("dashboard-standalone")
    init_cache(server, settings or load_settings())
    with server.app_context():
        yield server
