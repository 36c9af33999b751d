"""The routes charts leave by: `/embed/<chart>?<query>`, `/export/<chart>.<format>?<query>` (png,
svg, csv, xlsx, html) and `/oembed?url=...`. The query is the chart's page's: it goes through the
view's `parse` and `build`, so an embed or export shows exactly what the page shows. An unknown
chart answers 404; a chart the data cannot draw for that view answers 422 with the reason."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from flask import Flask, Response, abort, jsonify, request

from dashboard import data
from dashboard.export import documents, images, present_page, slides, tables
from dashboard.export.gate import RETRY_AFTER_SECONDS, RenderBusyError
from dashboard.i18n import _
from dashboard.views import charts, present
from dashboard.views.base import notice_text
from dashboard.web.security import public_base

IMAGE_OPTIONS: Final = ("scale", "size")  # export options, not part of the view's query
MIMETYPES: Final = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
DOWNLOADS: Final = ("csv", "xlsx", "html")  # saved as files; images open in place
# The chart a page's link previews with (Open Graph, oEmbed).
MAIN_CHART: Final = {"/": "quintiles", "/map": "map", "/inequalities": "quintiles", "/area": "area-profile"}
EMBED_WIDTH, EMBED_HEIGHT = 960, 640
THUMBNAIL_WIDTH = 960


class NotDrawnError(Exception):
    """The view holds no drawable chart of this id (e.g. a board's chart for a local authority)."""


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def split_query(args: dict[str, list[str]], options: tuple[str, ...]) -> tuple[dict[str, object], dict[str, str]]:
    """The view's query and the export's options (the last value of each option given)."""
    view = {name: values for name, values in args.items() if name not in options}
    chosen = {name: values[-1] for name, values in args.items() if name in options and values}
    return dict(view), chosen


def base_url() -> str:
    """Absolute links start here: DASHBOARD_PUBLIC_URL, never the request's Host header."""
    return public_base()


@data.per_build
def exported(chart_id: str, view_query: str, export_format: str, scale: str, size: str, base: str) -> bytes:
    """An export's bytes, memoised per build by everything that shapes it: a warm export is a
    cache read."""
    found = charts.find(chart_id, view_query)
    if found is None or found.chart is None or not found.chart.drawn:
        reason = found.chart.sentence if found is not None and found.chart is not None else ""
        raise NotDrawnError(reason or _("this view has no {chart} chart").format(chart=chart_id))
    link = base + found.page_link
    if export_format in images.FORMATS:
        figure = images.export_figure(found.chart, link, size)
        return images.render(figure, export_format, int(scale))
    if export_format == "csv":
        return tables.to_csv(found.chart)
    if export_format == "xlsx":
        return tables.to_xlsx(found.chart, link)
    return documents.standalone_page(found.chart, link).encode("utf-8")


def _filename(chart_id: str, title: str, export_format: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70].rsplit("-", 1)[0] or chart_id
    return f"{chart_id}--{words}.{export_format}"


def busy(_error: RenderBusyError) -> Response:
    """Every render slot of this worker is in use and its queue full: come back shortly."""
    response = _plain(_("Busy drawing other charts: please try again in a few seconds."), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register_export_routes(server: Flask) -> None:
    server.register_error_handler(RenderBusyError, busy)
    server.add_url_rule("/export/board-pack.<pack_format>", "board_pack", board_pack_response)
    server.add_url_rule("/present", "present", present_response)
    server.add_url_rule("/export/<chart_id>.<export_format>", "export", export_response)
    server.add_url_rule("/embed/<chart_id>", "embed", embed_response)
    server.add_url_rule("/oembed", "oembed", oembed_response)


def export_response(chart_id: str, export_format: str) -> Response:
    if export_format not in MIMETYPES or charts.family_of(chart_id) is None:
        abort(404)  # the app's not-found page, with a way home
    view_args, options = split_query(request.args.to_dict(flat=False), IMAGE_OPTIONS)
    scale, size = options.get("scale", "1"), options.get("size", "standard")
    if scale not in images.SCALES or size not in images.SIZES:
        return _plain(
            _("scale must be one of {scales} and size one of {sizes}.").format(
                scales=", ".join(images.SCALES), sizes=", ".join(images.SIZES)
            ),
            400,
        )
    found = charts.find(chart_id, view_args)
    assert found is not None  # the id was checked above
    try:
        body = exported(chart_id, found.view_query, export_format, scale, size, base_url())
    except NotDrawnError as error:
        return _plain(
            _("The {chart} chart cannot be drawn for this view: {reason}").format(chart=chart_id, reason=error), 422
        )
    response = Response(body, mimetype=MIMETYPES[export_format])
    title = found.chart.title if found.chart is not None else chart_id
    disposition = "attachment" if export_format in DOWNLOADS else "inline"
    filename = _filename(chart_id, title, export_format)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    if found.problems:
        response.headers["X-Dashboard-Notice"] = notice_text(found.problems).encode("ascii", "replace").decode()
    return response


def embed_response(chart_id: str) -> Response:
    if charts.family_of(chart_id) is None:
        abort(404)
    found = charts.find(chart_id, request.args.to_dict(flat=False))
    assert found is not None
    if found.chart is None or not found.chart.drawn:
        reason = (
            found.chart.sentence
            if found.chart is not None
            else _("this view has no {chart} chart").format(chart=chart_id)
        )
        return _plain(
            _("The {chart} chart cannot be drawn for this view: {reason}").format(chart=chart_id, reason=reason), 422
        )
    page = documents.embed_page(found.chart, base_url() + found.page_link, notice_text(found.problems))
    return Response(page, mimetype="text/html")  # its frame-ancestors come from settings (security.py)


def oembed_response() -> Response:
    """oEmbed (https://oembed.com) for a page or embed link of this dashboard: a rich iframe."""
    if request.args.get("format", "json") != "json":
        return _plain(_("Only format=json is offered."), 501)
    target = chart_of_link(request.args.get("url", ""))
    if target is None:
        return _plain(_("The url is not a page or embed of this dashboard."), 404)
    chart_id, view_query = target
    found = charts.find(chart_id, view_query)
    if found is None or found.chart is None or not found.chart.drawn:
        return _plain(_("That link's chart cannot be drawn."), 404)
    width = _bounded(request.args.get("maxwidth"), EMBED_WIDTH)
    height = _bounded(request.args.get("maxheight"), EMBED_HEIGHT)
    query = f"?{view_query}" if view_query else ""
    return jsonify(
        {
            "version": "1.0", "type": "rich", "provider_name": _(documents.SITE_NAME),
            "provider_url": base_url() + "/", "title": found.chart.title, "width": width, "height": height,
            "html": documents.iframe_snippet(f"{base_url()}/embed/{chart_id}{query}", found.chart.title, height),
            "thumbnail_url": f"{base_url()}/export/{chart_id}.png{query}", "thumbnail_width": THUMBNAIL_WIDTH,
        }
    )  # fmt: skip


def _bounded(value: str | None, default: int) -> int:
    return min(int(value), default) if value and value.isdigit() and int(value) > 0 else default


def chart_of_link(url: str) -> tuple[str, str] | None:
    """(chart id, view query) for a link to a page (its main chart) or an embed of this app."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc.casefold() != urlsplit(public_base()).netloc:
        return None
    path = parts.path.rstrip("/") or "/"
    args = parse_qs(parts.query, keep_blank_values=True)
    if path.startswith("/embed/"):
        chart_id = path.removeprefix("/embed/")
    elif path in MAIN_CHART:
        chart_id = MAIN_CHART[path]
    else:
        return None
    query = charts.view_query(chart_id, args)
    return None if query is None else (chart_id, query)


PACK_TYPES: Final = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


@data.per_build
def pack_bytes(present_query: str, pack_format: str, base: str) -> bytes:
    """A board pack, memoised per build by its deck's query: a warm pack is a cache read."""
    spec, _problems = present.parse(present_query)
    pptx = slides.board_pack(present.build(spec), base)
    return pptx if pack_format == "pptx" else slides.to_pdf(pptx)


def board_pack_response(pack_format: str) -> Response:
    if pack_format not in PACK_TYPES:
        abort(404)
    spec, problems = present.parse(request.args.to_dict(flat=False))
    try:
        body = pack_bytes(present.to_query(spec), pack_format, base_url())
    except slides.PdfUnavailableError as error:
        return _plain(str(error), 501)
    response = Response(body, mimetype=PACK_TYPES[pack_format])
    name = re.sub(r"[^a-z0-9]+", "-", present.build(spec).board_name.lower()).strip("-")
    response.headers["Content-Disposition"] = f'attachment; filename="board-pack--{name}.{pack_format}"'
    if problems:
        response.headers["X-Dashboard-Notice"] = notice_text(problems).encode("ascii", "replace").decode()
    return response


def present_response() -> Response:
    spec, _problems = present.parse(request.args.to_dict(flat=False))
    query = present.to_query(spec)
    boards = list(present.boards().itertuples(index=False, name=None))
    page = present_page.present_page(present.build(spec), base_url(), f"/export/board-pack.pptx?{query}", boards)
    return Response(page, mimetype="text/html")
