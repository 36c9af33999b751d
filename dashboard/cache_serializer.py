"""A cache serializer that cannot run code: JSON of plain data, with tagged forms for the few
kinds of value the dashboard memoises (tables as Parquet bytes, arrays, tuples, bytes, and the
dashboard's own frozen dataclasses, rebuilt only from an allowlist of classes). Pickle, cachelib's
default, runs whatever a planted cache entry says when it is read, so anyone able to write to
Redis (or the cache folder) could run code in the web workers; this format can only give back data.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import io
import json
import logging
from typing import IO, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from cachelib.serializers import BaseSerializer

logger = logging.getLogger(__name__)
ALLOWED_MODULE_PREFIX = "dashboard."  # dataclasses are rebuilt only from the dashboard's own modules
TAG = "__cache__"


class UnsafeCacheValueError(ValueError):
    """A cached entry names something the serializer will not build: it is treated as a miss."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [_encode(item) for item in value]}
    if isinstance(value, dict):
        return {TAG: "dict", "items": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, bytes):
        return {TAG: "bytes", "data": base64.b64encode(value).decode("ascii")}
    if isinstance(value, gpd.GeoDataFrame):
        buffer = io.BytesIO()
        value.to_parquet(buffer)
        return {TAG: "geoframe", "data": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, pd.DataFrame):
        buffer = io.BytesIO()
        value.to_parquet(buffer)
        return {TAG: "frame", "data": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, pd.Series):
        return {TAG: "series", "frame": _encode(value.to_frame(name="value")), "name": _encode(value.name)}
    if isinstance(value, np.ndarray):
        return {TAG: "array", "items": _encode(value.tolist()), "dtype": str(value.dtype)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        fields = {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {TAG: "dataclass", "class": f"{kind.__module__}:{kind.__qualname__}", "fields": fields}
    raise TypeError(f"the cache does not store {type(value).__name__} values")


def _dataclass(name: str) -> type:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith(ALLOWED_MODULE_PREFIX) or "." in qualname:
        raise UnsafeCacheValueError(f"not a dashboard dataclass: {name!r}")
    kind = getattr(importlib.import_module(module_name), qualname, None)
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        raise UnsafeCacheValueError(f"not a dashboard dataclass: {name!r}")
    return kind


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    tag = value.get(TAG)
    if tag == "tuple":
        return tuple(_decode(item) for item in value["items"])
    if tag == "dict":
        return {_decode(key): _decode(item) for key, item in value["items"]}
    if tag == "bytes":
        return base64.b64decode(value["data"])
    if tag in ("frame", "geoframe"):
        reader = gpd.read_parquet if tag == "geoframe" else pd.read_parquet
        return reader(io.BytesIO(base64.b64decode(value["data"])))
    if tag == "series":
        return _decode(value["frame"])["value"].rename(_decode(value["name"]))
    if tag == "array":
        return np.asarray(_decode(value["items"]), dtype=np.dtype(value["dtype"]))
    if tag == "dataclass":
        return _dataclass(value["class"])(**{name: _decode(item) for name, item in value["fields"].items()})
    raise UnsafeCacheValueError(f"unknown cache entry {tag!r}")


def dumps_value(value: Any) -> bytes:
    return json.dumps(_encode(value), separators=(",", ":")).encode("utf-8")


def loads_value(data: bytes) -> Any:
    return _decode(json.loads(data.decode("utf-8")))


class SafeSerializer(BaseSerializer):
    """cachelib's serializer interface (bytes for Redis, a stream for the cache folder) over the
    JSON format above. A value it cannot store is not cached; an entry it cannot read is a miss."""

    def dumps(self, value: Any, protocol: int = 0) -> bytes | None:
        try:
            return dumps_value(value)
        except (TypeError, ValueError) as error:
            logger.warning("not cached: %s", error)
            return None

    def loads(self, bvalue: bytes) -> Any:
        if bvalue is None:
            return None
        try:
            return loads_value(bvalue)
        except (UnsafeCacheValueError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            logger.warning("cache entry ignored: %s", error)
            return None

    def dump(self, value: Any, f: IO[bytes], protocol: int = 0) -> None:
        encoded = self.dumps(value)
        if encoded is not None:
            f.write(encoded)

    def load(self, f: IO[bytes]) -> Any:
        return self.loads(f.read())
