"""Security and privacy headers on every response, and a privacy-safe access log."""

from __future__ import annotations

import gzip
import logging
from functools import lru_cache

from flask import Flask, Response, request, request_finished

# No inline script or style and no eval anywhere: htmx is configured through a meta tag.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

access_log = logging.getLogger("routekaart.access")


@lru_cache(maxsize=16)
def _gzip_file(body: bytes) -> bytes:
    """Gzip of a static file's bytes, kept so each file is compressed once."""
    return gzip.compress(body, compresslevel=9, mtime=0)


def gzip_bytes(body: bytes) -> bytes:
    """Gzip as this site sends it: level 6, no timestamp (so the same page gives the same bytes)."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def _compress(response: Response, present: dict[str, str]) -> None:
    """Gzip text responses for clients that accept it (residents are on prepaid data).

    ``present`` holds the response's headers by lower-case name (werkzeug's own lookups are
    linear scans, and a missing header costs them an exception)."""
    if not present.get("content-type", "").lower().startswith(COMPRESSIBLE):
        return
    vary = present.get("vary")
    if vary is None:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = vary + ", Accept-Encoding"
    if (
        response.status_code < 200
        or response.status_code in (204, 206, 304)
        or "content-encoding" in present
        or "gzip" not in request.environ.get("HTTP_ACCEPT_ENCODING", "")
    ):
        return
    if response.direct_passthrough:
        # A file from static/ (CSS, JS): small, so read it and serve its cached gzip.
        response.direct_passthrough = False
        body = _gzip_file(response.get_data())
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(etag + "-gz", weak)
    else:
        body = response.get_data()
        if len(body) < 512:
            return
        body = gzip_bytes(body)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"


def init_app(app: Flask) -> None:
    """Add the headers, compression and the access log to ``app``."""
    # Werkzeug's own request log writes client IP addresses: keep it to warnings.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    @app.after_request
    def secure(response: Response) -> Response:
        # One pass over the headers instead of a lookup per header: this runs on every
        # response, and werkzeug's header lookups are linear scans.
        present = {name.lower(): value for name, value in response.headers}
        response.headers.extend(
            [(name, value) for name, value in HEADERS.items() if name.lower() not in present]
        )
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        _compress(response, present)
        return response

    # After every after-request function, so the line has the status sent (a 304 too).
    request_finished.connect(log_access, app)


def log_access(sender: Flask, response: Response, **extra: object) -> None:
    """One line of the access log: method, path without query string (a search may hold what
    someone typed) and status. Never the client's address or user agent."""
    if access_log.isEnabledFor(logging.INFO):
        path = request.path[:200].encode("ascii", "backslashreplace").decode("ascii")
        path = "".join(c if c.isprintable() else "?" for c in path)
        access_log.info("%s %s %s", request.method, path, response.status_code)
