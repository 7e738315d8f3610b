"""Gzip for clients that accept it: residents are often on prepaid data.

Pages are gzipped at level 6 without a timestamp, so the same page gives the same bytes (and
the same ETag); static files are compressed once at level 9 and kept.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import Response, request

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")


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


def compress(response: Response, present: dict[str, str]) -> Response:
    """Gzip ``response`` when it is text and the client accepts gzip; add ``Vary``.
    ``present``: its headers by lower-case name, as they were before the security headers."""
    _compress(response, present)
    return response
