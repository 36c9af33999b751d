"""Plain Flask routes beside the Dash pages: health check, map geometry and the plotly bundle.

Geometry is fetched once by the browser from /geo/<level>.geojson (compressed, cacheable)
instead of being embedded in every figure and callback response. The partial plotly.js bundle
(tools/plotly-bundle) is served from /vendor/, compressed, and cached for a year: its name
carries its version.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from html import escape
from typing import Any, cast

import brotli
from dash.exceptions import DependencyException
from flask import Flask, Response, abort, g, jsonify, request

from dashboard import data, i18n
from dashboard.cache import cache_degraded
from dashboard.config import PACKAGE_DIR
from dashboard.data import build_key

GEOJSON_MIMETYPE = "application/geo+json"
JAVASCRIPT_MIMETYPE = "text/javascript"
VENDOR_DIR = PACKAGE_DIR / "vendor"
PLOTLY_VERSION = "4.1.1"  # the plotly.js inside the installed plotly package; tests check they agree
PLOTLY_BUNDLE = f"plotly-{PLOTLY_VERSION}-dashboard.min.js"
# Served under a name from its content, not its version: it still changes when the bundle does,
# and names no version to look up vulnerabilities by.
PLOTLY_BUNDLE_DIGEST = hashlib.sha256((VENDOR_DIR / PLOTLY_BUNDLE).read_bytes()).hexdigest()[:16]
PLOTLY_BUNDLE_URL = f"/vendor/plotly-{PLOTLY_BUNDLE_DIGEST}.min.js"


YEAR_SECONDS = 31_536_000


@cache
def _vendor_file(name: str) -> bytes:
    return (VENDOR_DIR / name).read_bytes()


@lru_cache(maxsize=16)  # a few geometry levels and the bundle; old builds' versions fall out
def _compressed(key: str, body: bytes) -> dict[str, bytes]:
    """gzip and brotli versions of a large, unchanging body, made once per process and key (the
    key names the build or the content): 34 requests/s when gzipped on every request, against
    hundreds when served ready-made."""
    return {"br": brotli.compress(body, quality=9), "gzip": gzip.compress(body, compresslevel=9), "identity": body}


def precompressed(key: str, body: bytes, mimetype: str, *, immutable: bool) -> Response:
    """`body` in the best encoding the client accepts, with an ETag from `key` (304 when it matches)."""
    etag = hashlib.sha256(key.encode()).hexdigest()[:24]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        versions = _compressed(key, body)
        encoding = next((name for name in ("br", "gzip") if name in request.accept_encodings), "identity")
        response = Response(versions[encoding], mimetype=mimetype)
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = YEAR_SECONDS if immutable else 3600
    if immutable:
        response.cache_control.immutable = True
    return response


def register_routes(server: Flask) -> None:
    @server.get("/healthz")
    def healthz() -> Response:
        built = data.is_built()
        # "degraded": serving, but computing every figure because the shared cache is unreachable.
        body: dict[str, object] = {"status": "degraded" if cache_degraded() else "ok", "data_built": built,
                                   "cache": "unreachable" if cache_degraded() else "ok"}  # fmt: skip
        if built:
            body["built_at"] = data.manifest()["built_at"]
        return jsonify(body)

    @server.get("/geo/<level>.geojson")
    def geometry(level: str) -> Response:
        if level not in data.MAP_LEVELS:
            abort(404)
        if not data.is_built():
            abort(503, description="no data built yet; run `make data`")
        build = data.manifest()["built_at"]
        # A link carrying the build (views write ?b=<build>) may be cached for a year.
        return precompressed(f"{level}:{build}", data.map_geojson(level), GEOJSON_MIMETYPE,
                             immutable=request.args.get("b") == build_key(build))  # fmt: skip

    @server.get("/vendor/<name>")
    def vendor(name: str) -> Response:
        if f"/vendor/{name}" != PLOTLY_BUNDLE_URL:
            abort(404)
        return precompressed(PLOTLY_BUNDLE_DIGEST, _vendor_file(PLOTLY_BUNDLE), JAVASCRIPT_MIMETYPE, immutable=True)


# Dash's routes that answer any path: the index and its catch-all. Only a page may reach them.
CATCH_ALL_RULES = ("/", "/<path:path>")
COMPONENT_SUITES = "/_dash-component-suites/"
NOT_FOUND_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{heading}</h1><p>{where}</p>
<p><a href="{home}">{home_words}</a></p></main></body></html>
"""


def register_language(server: Flask) -> None:
    """Each request speaks the language its address asks for (`?lang=cy`): embeds, exports, slides,
    present mode and error pages. Reset after the request, so a worker thread's next request
    starts from the default."""

    @server.before_request
    def set_language() -> None:
        g.language_token = i18n.set_current(i18n.known(request.args.get("lang")))

    @server.teardown_request
    def reset_language(_error: BaseException | None) -> None:
        token = g.pop("language_token", None)
        if token is not None:
            i18n.reset_current(token)


def register_not_found(server: Flask, page_paths: Iterable[str]) -> None:
    """An address that is neither a page nor something the app serves answers 404 with a plain
    page that links home, never the app shell with status 200 (which told crawlers and link
    checkers that /.env existed). The test is the route a request matched, not a prefix of its
    path: '/export/', '/present/x', '/_dash-anything', '/assets/' and '/export/..%2Fx.png' match
    only Dash's catch-all, and are not pages. A file Dash does not hold under its component
    suites (a source map) is a 404 too, not a FileNotFoundError's 500."""
    pages = {path.rstrip("/") or "/" for path in page_paths}

    @server.before_request
    def unknown_path() -> Response | None:
        rule = request.url_rule
        if rule is not None and rule.rule in CATCH_ALL_RULES and (request.path.rstrip("/") or "/") not in pages:
            return _not_found()
        return None

    @server.errorhandler(404)
    @server.errorhandler(DependencyException)  # a file Dash does not serve under /_dash-component-suites/
    def not_found(_: Exception) -> Response:
        return _not_found()

    @server.errorhandler(FileNotFoundError)
    def missing_file(error: FileNotFoundError) -> Response:
        if request.path.startswith(COMPONENT_SUITES):  # registered by Dash, not shipped (source maps)
            return _not_found()
        raise error


def _not_found() -> Response:
    language = i18n.current()
    page = NOT_FOUND_PAGE.format(
        lang=language, title=escape(i18n._("Not found — Who dies too young in Wales")),
        heading=escape(i18n._("Page not found")),
        where=i18n._("There is no page at {path}.").format(path=f"<code>{escape(request.path)}</code>"),
        home=i18n.in_language("/"), home_words=escape(i18n._("Go to the overview")),
    )  # fmt: skip
    return Response(page, status=404, mimetype="text/html")


PAGE_ROUTER_ID = "_pages_location"  # Dash pages' own location component
CALLBACK_PATH = "/_dash-update-component"


def _declared_outputs(callback: dict[str, Any]) -> list[tuple[str, str]]:
    declared = callback["output"]
    outputs = declared if isinstance(declared, list) else [declared]
    return [(str(output.component_id), str(output.component_property).split("@")[0]) for output in outputs]


def _dependencies_match(sent: object, declared: list[dict[str, Any]], kind: str) -> str | None:
    """Why a body's inputs or state do not match the callback's declared ones, or None."""
    if sent is None and not declared:
        return None
    if not isinstance(sent, list) or len(sent) != len(declared):
        return f"{kind}: expected a list of {len(declared)}"
    for item, want in zip(sent, declared, strict=True):
        if not isinstance(item, dict) or item.get("id") != str(want["id"]) or item.get("property") != want["property"]:
            return f"{kind}: expected {want['id']}.{want['property']}"
    return None


def callback_body_problem(body: object, callbacks: dict[str, Any]) -> str | None:
    """Why a callback request's body is not one the browser would send for a declared callback,
    or None: checked before Dash reads it, so a malformed body is a 400 and never one of Dash's
    own errors (AttributeError, KeyError, 'Wrong length output_spec', InvalidCallbackReturnValue)."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        return "no such callback"
    callback = callbacks[output]
    declared = _declared_outputs(callback)
    outputs = body.get("outputs")
    outputs = outputs if isinstance(outputs, list) else [outputs]
    if len(declared) > 1 and not isinstance(body.get("outputs"), list):
        return "outputs: expected a list"
    sent = [(item.get("id"), str(item.get("property", "")).split("@")[0]) if isinstance(item, dict) else None
            for item in outputs]  # fmt: skip
    if not callback.get("no_output") and sent != declared:
        return "outputs do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(name, str) for name in changed):
        return "changedPropIds: expected a list of strings"
    return _dependencies_match(body.get("inputs"), callback["inputs"], "inputs") or _dependencies_match(
        body.get("state"), callback.get("state", []), "state"
    )


def _page_router_problem(body: dict[str, Any]) -> str | None:
    """Dash's own page router fails with a 500 on a pathname that does not start with '/' or a
    search that is not text: values no browser sends."""
    for item in body.get("inputs", []):
        if item.get("id") != PAGE_ROUTER_ID:
            continue
        value = item.get("value")
        good = (isinstance(value, str) and value.startswith("/")) if item.get("property") == "pathname" else (
            value is None or isinstance(value, str))  # fmt: skip
        if not good:
            return "bad value for the page router"
    return None


def register_callback_guard(server: Flask, callbacks: Callable[[], dict[str, Any]]) -> None:
    """Every callback request's body is checked for shape against the callback it names (from
    `callbacks`, Dash's callback map) before Dash sees it: anything a browser would not send
    answers 400 with one line saying why, and no traceback reaches the log. The dashboard's own
    callbacks then check their values as links are checked."""

    @server.before_request
    def callback_shape() -> Response | None:
        if request.path != CALLBACK_PATH or request.method != "POST":  # a GET there is the catch-all's 404
            return None
        body = request.get_json(silent=True)
        problem = callback_body_problem(body, callbacks())
        if problem is None:
            problem = _page_router_problem(cast(dict[str, Any], body))
        if problem is not None:
            return Response(f"bad callback request: {problem}\n", status=400, mimetype="text/plain")
        return None
