"""Security and privacy headers on every response."""

from __future__ import annotations

import logging

from flask import Flask, Response, request

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


def add_headers(response: Response, present: dict[str, str]) -> Response:
    """The headers of :data:`HEADERS` that a view did not set itself, and HSTS over HTTPS.

    ``present`` holds the response's headers by lower-case name (one pass over them, made by
    the pipeline for this step and gzip: werkzeug's own lookups are linear scans)."""
    response.headers.extend(
        [(name, value) for name, value in HEADERS.items() if name.lower() not in present]
    )
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


def init_app(app: Flask) -> None:
    """Keep werkzeug's own request log (which writes client addresses) to warnings."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
