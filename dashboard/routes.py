"""Plain Flask routes beside the Dash pages: health check and map geometry.

Geometry is fetched once by the browser from /geo/<level>.geojson (compressed, cacheable)
instead of being embedded in every figure and callback response.
"""

from __future__ import annotations

from flask import Flask, Response, abort, jsonify

from dashboard import data

GEOJSON_MIMETYPE = "application/geo+json"


def register_routes(server: Flask) -> None:
    @server.get("/healthz")
    def healthz() -> Response:
        built = data.is_built()
        body: dict[str, object] = {"status": "ok", "data_built": built}
        if built:
            body["built_at"] = data.manifest()["built_at"]
        return jsonify(body)

    @server.get("/geo/<level>.geojson")
    def geometry(level: str) -> Response:
        if level not in data.MAP_LEVELS:
            abort(404)
        if not data.is_built():
            abort(503, description="no data built yet; run `make data`")
        response = Response(data.map_geojson(level), mimetype=GEOJSON_MIMETYPE)
        response.cache_control.public = True
        response.cache_control.max_age = 3600
        return response
