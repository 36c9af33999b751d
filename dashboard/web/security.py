"""HTTP security for every response, following OWASP's secure headers guidance: a Content Security
Policy whose only inline scripts are those of the page it is sent with (their SHA-256 hashes,
read from the HTML itself, so Dash's renderer, the embed and present mode all work and nothing
injected would), nosniff, a referrer policy, a permissions policy, who may frame the page (any
origin for embeds, as configured; only the dashboard itself for pages), HSTS over HTTPS, and a
limit on request bodies. Version banners are taken out of the pages (see app.py)."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.config import Settings

MAX_BODY_BYTES: Final = 256 * 1024  # a Dash callback's body is a few kB; a map click a few more
INLINE_SCRIPT: Final = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)
EMBEDDABLE: Final = ("/embed/",)  # paths other sites may frame (frame-ancestors from settings)
PERMISSIONS: Final = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
HSTS: Final = "max-age=31536000; includeSubDomains"


# Dash's client config keys that name versions; the renderer needs none of them with dev tools off.
BANNERS: Final = ("dash_version", "python_version", "dash_version_url", "ddk_version", "plotly_version")
# Dash fingerprints its scripts with its version (".v4_4_1m1796031584."): any word may stand there.
FINGERPRINT: Final = re.compile(r"\.v[0-9a-z_-]+m([0-9a-f]+)\.")


def without_versions(scripts: str) -> str:
    """Script addresses with Dash's version fingerprint replaced by an opaque one of the same form
    (Dash strips any `v<word>m<hex>` part before serving, so the files still load and still bust
    caches when they change)."""
    return FINGERPRINT.sub(lambda match: f".vdm{hashlib.sha256(match.group(0).encode()).hexdigest()[:12]}.", scripts)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script of a page, hashed as the browser hashes them."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]


def content_security_policy(html: str, frame_ancestors: str) -> str:
    scripts = " ".join(["'self'", *dict.fromkeys(script_hashes(html))])
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # plotly and React write style attributes and elements
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
        "base-uri 'self'", "form-action 'self'", f"frame-ancestors {frame_ancestors}",
    ])  # fmt: skip


PUBLIC_URL_KEY: Final = "DASHBOARD_PUBLIC_URL"


def public_base() -> str:
    """The address every absolute link is written with (settings, never the request's Host)."""
    return str(current_app.config[PUBLIC_URL_KEY])


def register_security(server: Flask, settings: Settings) -> None:
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.config[PUBLIC_URL_KEY] = settings.public_url
    # A Host the dashboard does not answer to gets 400 before any view runs (links and cache keys
    # never read it, so this is a second wall, and it keeps spoofed hosts out of the logs' work).
    server.config["TRUSTED_HOSTS"] = list(settings.trusted_hosts)

    @server.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError) -> Response:  # the host is not echoed back
        return Response("This address is not served here.\n", status=400, mimetype="text/plain")

    if settings.behind_proxy:  # nginx (deploy/nginx/) says the client's scheme, host and address
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    @server.after_request
    def secure_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Permissions-Policy"] = PERMISSIONS
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        embeddable = request.path.startswith(EMBEDDABLE)
        ancestors = settings.frame_ancestors if embeddable else "'self'"
        if not embeddable:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        if response.mimetype == "text/html" and not response.direct_passthrough:
            html = response.get_data(as_text=True)
            response.headers["Content-Security-Policy"] = content_security_policy(html, ancestors)
        elif "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = f"default-src 'none'; frame-ancestors {ancestors}"
        return response
