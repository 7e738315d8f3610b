"""HTTP caching: how long a page stays right, a strong ETag, and ``304 Not Modified``.

Every page knows until when it is right. The views and the hours template globals report the
next moment any opening status they show changes (:func:`right_until`); the page is also
right only until midnight (the words say "today", holidays and end dates are whole days), and
at most :data:`MAX_AGE` seconds, so a content edit shows soon. The response then carries
``Cache-Control: public, max-age=N`` with N the whole seconds left until that moment: no
browser or proxy can keep "open now" past a closing time.

Never stored: anything with a ``?at=`` preview, error pages, and anything that is not a GET
(the text box's answer). Views that set their own ``Cache-Control`` (hand-over pages say
``no-store``) keep it. Static files keep their long, versioned caching (``assets.py``).

The ETag names the exact bytes sent (gzipped or not) and the request headers the page varies
on (``HX-Request`` …), so a fragment and a full page never share one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta

from flask import Flask, Response, g, has_request_context, request

from .clock import AMSTERDAM

# Ten minutes: the longest anyone may keep a page, so a content edit is seen soon.
MAX_AGE = 600

# Served by assets.py with their own year-long, versioned caching.
STATIC_ENDPOINTS = frozenset({"static", "htmx_js"})


def right_until(moment: datetime) -> None:
    """Report that the page being built may read differently from ``moment`` on."""
    if not has_request_context():
        return
    known = g.get("right_until")
    if known is None or moment < known:
        g.right_until = moment


def next_midnight(moment: datetime) -> datetime:
    """The start of the next day in Amsterdam after ``moment``."""
    local = moment.astimezone(AMSTERDAM)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=AMSTERDAM)
    return tomorrow.astimezone(AMSTERDAM)


def seconds_left(now: datetime, until: datetime | None) -> int:
    """Whole seconds from ``now`` until the page may change, at most :data:`MAX_AGE`."""
    limit = min(now + timedelta(seconds=MAX_AGE), next_midnight(now))
    if until is not None:
        limit = min(limit, until)
    return max(0, int((limit - now).total_seconds()))


def strong_etag(body: bytes, varies_on: str = "") -> str:
    """A strong ETag for ``body`` as sent, plus the request header values it varies on."""
    digest = hashlib.blake2b(body, digest_size=16)
    digest.update(b"\0" + varies_on.encode("latin-1", "replace"))
    return digest.hexdigest()


def _varies_on(response: Response) -> str:
    """The values of the request headers named in ``Vary`` (gzip is in the bytes already)."""
    names = [name.strip() for name in response.headers.get("Vary", "").split(",")]
    return "\n".join(
        f"{name}={request.headers.get(name, '')}"
        for name in names
        if name and name.lower() != "accept-encoding"
    )


def _not_modified(response: Response) -> Response:
    """Turn ``response`` into a bodiless 304 that keeps its caching headers."""
    response.status_code = 304
    response.set_data(b"")
    for name in ("Content-Encoding", "Content-Length", "Content-Type"):
        response.headers.pop(name, None)
    return response


def cache_headers(response: Response) -> Response:
    """Add ``Cache-Control`` and a strong ETag, and answer ``If-None-Match`` with 304."""
    if request.endpoint in STATIC_ENDPOINTS:
        return response
    if request.method not in ("GET", "HEAD") or response.status_code >= 400 or g.get("preview"):
        # A preview must never be served as now, an error never outlive its cause, and a
        # POST answer (a resident's own words) never be kept anywhere.
        response.headers["Cache-Control"] = "no-store"
        return response
    if response.status_code != 200 or response.direct_passthrough:
        return response  # redirects, and files sent by send_file with their own caching
    if "Cache-Control" not in response.headers:
        seconds = seconds_left(g.now, g.get("right_until"))
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    elif "no-store" in response.headers["Cache-Control"]:
        return response
    etag = strong_etag(response.get_data(), _varies_on(response))
    response.set_etag(etag)
    if request.if_none_match.contains_weak(etag):
        return _not_modified(response)
    return response


def init_app(app: Flask) -> None:
    """Add the caching headers to every response of ``app``.

    Call this before ``security.init_app``: Flask runs ``after_request`` functions in reverse
    order, so this one then sees the gzipped bytes that are actually sent.
    """
    app.after_request(cache_headers)
