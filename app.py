"""The dashboard's entry point: Dash pages, cache, routes and `server` for gunicorn.

Run with `make run`, or `gunicorn app:server`. Nothing here reads data: pages do, through
dashboard.data, when a person opens them.
"""

from html import escape
from typing import Any

from dash import Dash, page_registry
from flask import request
from flask_compress import Compress

from dashboard.cache import init_cache
from dashboard.config import PACKAGE_DIR, load_settings
from dashboard.export.previews import preview_tags, with_previews
from dashboard.export.routes import register_export_routes
from dashboard.i18n import _, known, using
from dashboard.web import shell
from dashboard.web.components import SITE_NAME
from dashboard.web.routes import (
    GEOJSON_MIMETYPE,
    JAVASCRIPT_MIMETYPE,
    PLOTLY_BUNDLE_URL,
    register_callback_guard,
    register_language,
    register_not_found,
    register_routes,
)
from dashboard.web.security import BANNERS, public_base, register_security, without_versions


class Dashboard(Dash):
    """Dash, with each page's head carrying its link preview (Open Graph, Twitter, oEmbed)."""

    def interpolate_index(  # the signature Dash's own has
        self, metas: Any = "", title: Any = "", css: Any = "", config: Any = "", scripts: Any = "",
        app_entry: Any = "", favicon: Any = "", renderer: Any = "",
    ) -> Any:  # fmt: skip
        language = known(request.args.get("lang"))
        with using(language):
            tags = preview_tags(public_base(), request.path, request.args.to_dict(flat=False))
            # Dash writes the site's name into its twitter tags in English; they speak the page's language.
            metas = str(metas).replace(f'content="{SITE_NAME}"', f'content="{escape(_(SITE_NAME))}"')
            page = super().interpolate_index(
                metas=with_previews(metas, tags), title=_(SITE_NAME), css=css, config=config,
                scripts=without_versions(str(scripts)), app_entry=app_entry, favicon=favicon, renderer=renderer,
            )  # fmt: skip
        # The page's language from its first byte (screen readers, translation tools, axe's html-has-lang).
        return str(page).replace("<html>", f'<html lang="{language}">', 1)

    def _config(self) -> Any:
        """Dash's client config, without the Dash and Python versions (banners an attacker reads)."""
        config = super()._config()
        for key in BANNERS:
            config.pop(key, None)
        return config


settings = load_settings()
if (problem := settings.deployment_problem()) is not None:
    raise SystemExit(f"error: {problem}")
app = Dashboard(
    __name__,
    use_pages=True,
    pages_folder=str(PACKAGE_DIR / "pages"),
    title=SITE_NAME,
    update_title=None,  # type: ignore[arg-type]  # Dash documents None as "leave the title alone"
    # Page layouts depend on the data (an unbuilt app shows what to run), so Dash cannot check
    # every callback id against them at start-up; browser tests check for console errors instead.
    suppress_callback_exceptions=True,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    # A partial plotly.js (scatter, bar, choropleth): dcc.Graph uses it instead of the full 4.8 MB one.
    external_scripts=[PLOTLY_BUNDLE_URL],
)
server = app.server
server.config["COMPRESS_MIMETYPES"] = [
    "text/html",
    "text/css",
    "application/javascript",
    JAVASCRIPT_MIMETYPE,
    "application/json",
    GEOJSON_MIMETYPE,
]
Compress(server)
init_cache(server, settings)
register_language(server)
register_routes(server)
register_export_routes(server)
register_not_found(server, [page["path"] for page in page_registry.values()])
register_callback_guard(server, lambda: app.callback_map)
register_security(server, settings)  # after Compress: its headers are read from the uncompressed page

app.layout = shell.layout(settings.demo)
if settings.demo:
    shell.register_demo_banner()

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8050, debug=False)
