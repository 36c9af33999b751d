"""The one flask-caching instance, configured from settings.

SimpleCache is per process (tests); FileSystemCache (default) and Redis are shared between
gunicorn workers. Data access memoises through it; callbacks are never cached directly.

The shared backends store JSON of plain data (`cache_serializer`), never pickles, so a planted
entry cannot run code. Redis fails soft: when it cannot be reached every read is a miss and every
write is skipped (pages compute directly), the outage is logged once when it starts and once when
it ends, and /healthz reports "degraded" meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from flask_caching import Cache
from flask_caching.backends.filesystemcache import FileSystemCache
from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from dashboard.cache_serializer import SafeSerializer
from dashboard.config import Settings, load_settings

cache = Cache()
logger = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_SECONDS = 5.0  # while Redis is down, try it again at most this often
REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}  # a lost Redis costs 1 s at most


class SafeFileSystemCache(FileSystemCache):
    """The cache folder, storing JSON of plain data instead of pickles, bounded in bytes as well
    as entries: images and board packs are hundreds of kB each, so a count alone (cachelib's
    threshold) would let the folder grow to gigabytes. After a write that takes the folder over
    `max_bytes`, the least recently written entries go until it is under 90% of it."""

    serializer = SafeSerializer()  # type: ignore[assignment]  # the same interface, without pickle

    def __init__(self, cache_dir: str, *args: Any, max_bytes: int = 512 * 2**20, **kwargs: Any) -> None:
        super().__init__(cache_dir, *args, **kwargs)
        self.max_bytes = max_bytes
        self._prune_lock = threading.Lock()

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None, mgmt_element: bool = False) -> bool:
        stored = bool(super().set(key, value, timeout, mgmt_element))
        if stored and not mgmt_element:
            self.prune_bytes()
        return stored

    def entries(self) -> list[os.DirEntry[str]]:
        """The cache's entry files (not its count file)."""
        with os.scandir(self._path) as found:
            return [entry for entry in found if entry.is_file() and not self._is_mgmt(entry.name)]

    def size_bytes(self) -> int:
        return sum(entry.stat().st_size for entry in self.entries())

    def prune_bytes(self) -> None:
        with self._prune_lock:
            entries = self.entries()
            total = sum(entry.stat().st_size for entry in entries)
            if total <= self.max_bytes:
                return
            for entry in sorted(entries, key=lambda item: item.stat().st_mtime):
                if total <= 0.9 * self.max_bytes:
                    break
                size = entry.stat().st_size
                with contextlib.suppress(FileNotFoundError):  # another worker took it first
                    Path(entry.path).unlink()
                    total -= size


class ResilientRedisCache(RedisCache):
    """Redis, storing JSON of plain data, that fails soft and says so once per outage."""

    serializer = SafeSerializer()  # type: ignore[assignment]  # the same interface, without pickle
    _lock = threading.Lock()
    _down_since: float | None = None
    _last_try = 0.0

    @classmethod
    def available(cls) -> bool:
        return cls._down_since is None

    def _guard(self, fallback: T, operation: Callable[[], T]) -> T:
        cls = type(self)
        if cls._down_since is not None and time.monotonic() - cls._last_try < RETRY_SECONDS:
            return fallback
        try:
            result = operation()
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            with cls._lock:
                cls._last_try = time.monotonic()
                if cls._down_since is None:
                    cls._down_since = time.time()
                    logger.error("Redis cache unreachable (%s): computing directly until it is back", error)
            return fallback
        if cls._down_since is not None:
            with cls._lock:
                if cls._down_since is not None:
                    logger.warning("Redis cache back after %.0f s", time.time() - cls._down_since)
                    cls._down_since = None
        return result

    def get(self, key: str) -> Any:
        return self._guard(None, lambda: super(ResilientRedisCache, self).get(key))

    def get_many(self, *keys: str) -> list[Any]:
        return self._guard([None] * len(keys), lambda: super(ResilientRedisCache, self).get_many(*keys))

    def has(self, key: str) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).has(key))

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        if self.serializer.dumps(value) is None:  # not storable: computed again next time
            return False
        return self._guard(False, lambda: super(ResilientRedisCache, self).set(key, value, timeout))

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        return self._guard(False, lambda: super(ResilientRedisCache, self).add(key, value, timeout))

    def set_many(self, mapping: dict[str, Any], timeout: int | timedelta | None = None) -> list[Any]:
        return self._guard([], lambda: super(ResilientRedisCache, self).set_many(mapping, timeout))

    def delete(self, key: str) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).delete(key))

    def delete_many(self, *keys: str) -> list[Any]:
        return self._guard([], lambda: super(ResilientRedisCache, self).delete_many(*keys))

    def clear(self) -> bool:
        return self._guard(False, lambda: super(ResilientRedisCache, self).clear())


def cache_degraded() -> bool:
    """True while the shared cache (Redis) cannot be reached."""
    return not ResilientRedisCache.available()


_CACHE_TYPES = {
    "simple": "SimpleCache",
    "filesystem": "dashboard.cache.SafeFileSystemCache",
    "redis": "dashboard.cache.ResilientRedisCache",
    "null": "NullCache",
}


def cache_config(settings: Settings) -> dict[str, object]:
    config: dict[str, object] = {
        "CACHE_TYPE": _CACHE_TYPES[settings.cache_backend],
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout_seconds,
        "CACHE_KEY_PREFIX": "dashboard:json:",  # the format in the key: entries of an older format are never read
    }
    if settings.cache_backend == "filesystem":
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        config["CACHE_DIR"] = str(settings.cache_dir)
        config["CACHE_THRESHOLD"] = 2000
        config["CACHE_OPTIONS"] = {"max_bytes": settings.cache_max_bytes}
    if settings.cache_backend == "redis":
        if not settings.redis_url:
            raise ValueError("DASHBOARD_CACHE=redis needs REDIS_URL")
        config["CACHE_REDIS_URL"] = settings.redis_url
        config["CACHE_OPTIONS"] = dict(REDIS_OPTIONS)
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
