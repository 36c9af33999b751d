"""Link previews: the tags in each page's head that make a shared link show its chart (Open Graph,
Twitter cards) and let a blog platform find the embed (oEmbed discovery). The chart is the page's
main chart for the view in the link, from the view layer like every other export."""

from __future__ import annotations

import logging
import re
from html import escape
from urllib.parse import urlencode

from dashboard import data
from dashboard.export.routes import MAIN_CHART
from dashboard.views import charts

logger = logging.getLogger(__name__)
SITE_NAME = "Who dies too young in Wales"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def preview_tags(base: str, path: str, query: dict[str, list[str]]) -> str:
    """The head tags for a page at `path` with `query` ("" for pages without a chart, or when the
    data is not built; a failure is logged, never shown)."""
    chart_id = MAIN_CHART.get(path.rstrip("/") or "/")
    if chart_id is None or not data.is_built():
        return ""
    try:
        found = charts.find(chart_id, query)
    except Exception:
        logger.exception("no link preview for %s", path)
        return ""
    if found is None or found.chart is None or not found.chart.drawn:
        return ""
    suffix = f"?{found.view_query}" if found.view_query else ""
    page_url = base + (path or "/") + suffix
    image = f"{base}/export/{chart_id}.png{suffix}"
    chart = found.chart
    tags = [
        f'<link rel="alternate" type="application/json+oembed" title="{escape(chart.title)}" '
        f'href="{escape(base + "/oembed?" + urlencode({"url": page_url, "format": "json"}))}">',
        _meta("property", "og:type", "website"),
        _meta("property", "og:site_name", SITE_NAME),
        _meta("property", "og:title", chart.title),
        _meta("property", "og:description", chart.sentence or chart.title),
        _meta("property", "og:url", page_url),
        _meta("property", "og:image", image),
        _meta("property", "og:image:alt", chart.sentence or chart.title),
        _meta("name", "twitter:card", "summary_large_image"),
        _meta("name", "twitter:title", chart.title),
        _meta("name", "twitter:description", chart.sentence or chart.title),
        _meta("name", "twitter:image", image),
        _meta("name", "twitter:image:alt", chart.sentence or chart.title),
    ]
    return "\n".join(tags)


_SOCIAL_TAG = re.compile(r'<meta (?:property="og:|name="twitter:)[^>]*>\s*')


def with_previews(metas: str, tags: str) -> str:
    """The page's head tags with the chart's preview tags in place of Dash's generic ones (which
    carry an empty image): one og:title, never two that disagree."""
    return metas + tags if not tags else _SOCIAL_TAG.sub("", metas) + tags
