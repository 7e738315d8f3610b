"""HTTP caching: how long a page stays right, a strong ETag, and ``304 Not Modified``.

Every page knows until when it is right. A view that shows opening hours says which
organisations' status it shows (:func:`shows_hours`), and so the next moment any of them
changes (:func:`right_until`); the template's ``hours_status`` only checks that the view said
so (a page that shows an undeclared status is never stored). The page is also
right only until midnight (the words say "today", holidays and end dates are whole days), and
at most :data:`MAX_AGE` seconds, so a content edit shows soon. The response then carries
``Cache-Control: public, max-age=N`` with N the whole seconds left until that moment: no
browser or proxy can keep "open now" past a closing time.

Never stored: anything with a ``?at=`` preview, error pages, and anything that is not a GET
(the text box's answer). Views that set their own ``Cache-Control`` (hand-over pages say
``no-store``) keep it. Static files keep their long, versioned caching (``assets.py``).
A page the view marks :func:`private` (a suggestion of the text box followed, ``?gekozen=``)
is ``private``: browsers keep it, nginx never does.

The ETag names the exact bytes sent (gzipped or not), the content version the page was made
from, and the request headers the page varies on (``HX-Request`` …), so a fragment and a full
page never share one.

**Exact expiry for nginx.** nginx counts a cached page's life in whole seconds and keeps it up
to and including the second its ``max-age`` ends: a page that says "open now" with
``max-age=5`` at 11:59:55.3 would be served until 12:00:00.999, a second past the closing. So
every page that caches may keep also says when it expires for nginx, ``X-Accel-Expires:
@<unix time>``, the last whole second that is still before the page may change. nginx reads
that header before ``Cache-Control`` and never passes it on to visitors; other caches ignore
it. It is an absolute time because a relative one would start counting only when the response
reaches nginx, after the page was rendered; nginx and the app servers share one clock (NTP), as
on any server.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from flask import Response, current_app, g, has_request_context, request

from routekaart.domain import hours
from routekaart.domain.clock import AMSTERDAM
from routekaart.web.application import Response as PageResponse

# Ten minutes: the longest anyone may keep a page, so a content edit is seen soon.
MAX_AGE = 600

# How long the documented nginx front keeps a page before it asks again ("still the same?",
# answered with a 304 while nothing changed): a published content change reaches residents
# through the front within this, plus the second it takes to publish. Config
# ``FRONT_CACHE_SECONDS``.
FRONT_SECONDS = 2

# Served by assets.py with their own year-long, versioned caching.
STATIC_ENDPOINTS = frozenset({"static", "htmx_js"})


def right_until(moment: datetime) -> None:
    """Report that the page being built may read differently from ``moment`` on."""
    if not has_request_context():
        return
    page = g._get_current_object()
    known = page.get("right_until")
    if known is None or moment < known:
        page.right_until = moment


def private() -> None:
    """Keep this page out of shared caches (nginx): ``Cache-Control: private``, no
    ``X-Accel-Expires``; the browser may keep it as long as any page."""
    g.private_page = True


def shows_hours(content, org_ids: Iterable[str], moment: datetime) -> None:
    """The view's word that its page shows the opening status of ``org_ids`` at ``moment``:
    the page is right until the first of them may open, close or change its status."""
    shown = g.setdefault("hours_shown", set())
    for org_id in org_ids:
        if org_id not in shown:
            shown.add(org_id)
            org = content.organisations[org_id]
            right_until(hours.next_change_of(org, content.settings, moment))


def check_declared(org_id: str) -> None:
    """Called where a page shows an organisation's status: did its view declare it?

    If not, the page's cache lifetime does not know that status, so the page is never stored
    (``no-store``). Under tests and in debug mode it is an error, so a new page that shows
    hours another way fails its tests instead of silently keeping "open now" past closing."""
    if not has_request_context() or org_id in g.get("hours_shown", ()):
        return
    if current_app.testing or current_app.debug:
        raise RuntimeError(
            f"{request.endpoint} shows the status of {org_id!r} without caching.shows_hours"
        )
    current_app.logger.error("%s shows hours it did not declare", request.endpoint)
    g.undeclared_hours = True


def seconds_left(now: datetime, until: datetime | None) -> int:
    """Whole seconds from ``now`` until the page may change, at most :data:`MAX_AGE`."""
    local = now.astimezone(AMSTERDAM)
    # Seconds to midnight by the wall clock: this runs on every response, and it only matters
    # in the last ten minutes of a day, when no daylight-saving change (02:00-03:00) lies
    # between now and midnight, so wall-clock seconds are real seconds there.
    to_midnight = 86400 - (local.hour * 3600 + local.minute * 60 + local.second)
    seconds = min(MAX_AGE, to_midnight)
    if until is not None:
        # In UTC: Python subtracts two times of the same zone by the wall clock, which would
        # count the hour skipped in March.
        seconds = min(seconds, int((until.astimezone(UTC) - now.astimezone(UTC)).total_seconds()))
    return max(0, seconds)


def body_digest(body: bytes) -> Any:
    """The start of an ETag: a hash of the bytes sent (a ``hashlib`` object, to be copied)."""
    return hashlib.blake2b(body, digest_size=16)


def strong_etag(digest: Any, varies_on: str = "") -> str:
    """A strong ETag for a body as sent (``digest``: its :func:`body_digest`), plus the
    request header values it varies on."""
    digest = digest.copy()
    digest.update(b"\0" + varies_on.encode("latin-1", "replace"))
    return digest.hexdigest()


class KnownBody(PageResponse):
    """A response whose body was hashed when its bytes were made: a page from the page cache
    is sent thousands of times and hashed once. Setting new data forgets the hash."""

    body_digest: Any = None

    def __init__(
        self, body: bytes, digest: Any, content_type: str, headers: list[tuple[str, str]]
    ) -> None:
        super().__init__(body, headers=headers, content_type=content_type)
        self.body_digest = digest

    def set_data(self, value: bytes | str) -> None:
        self.body_digest = None
        super().set_data(value)


def expiry_headers(
    now: datetime, until: datetime | None, private: bool, front_seconds: int | None
) -> list[tuple[str, str]]:
    """``Cache-Control`` (and for a public page ``X-Accel-Expires``) of a page that is right
    until ``until`` (None: until the content changes), sent at ``now``; ``front_seconds``: the
    config ``FRONT_CACHE_SECONDS`` (None: :data:`FRONT_SECONDS`)."""
    seconds = seconds_left(now, until)
    if private:
        return [("Cache-Control", f"private, max-age={seconds}")]
    # The page may change at now + max-age (or a fraction later: max-age is rounded down);
    # nginx keeps it while its clock's whole second is at most this value, and never longer
    # than the front's seconds, so a new content version is asked for soon (nginx then
    # revalidates: a 304 while the page is the same).
    front = min(seconds, FRONT_SECONDS if front_seconds is None else front_seconds)
    # X-Accel-Expires first: nginx then skips reading the Cache-Control after it, which it
    # does again on every cache hit (it parses a cached page's stored headers each time).
    return [
        ("X-Accel-Expires", f"@{math.floor(now.timestamp()) + front - 1}"),
        ("Cache-Control", f"public, max-age={seconds}"),
    ]


@lru_cache(maxsize=64)
def environ_keys(vary: str) -> tuple[str, ...]:
    """The WSGI environ keys of the request headers named in ``vary``, except Accept-Encoding
    (gzip is in the bytes already). A site has a handful of different ``Vary`` values."""
    keys = ("HTTP_" + name.strip().upper().replace("-", "_") for name in vary.split(","))
    return tuple(key for key in keys if key not in ("HTTP_", "HTTP_ACCEPT_ENCODING"))


def _varies_on(vary: str, environ: dict) -> str:
    """The values of the request headers named in ``vary``."""
    return "\n".join(f"{key}={environ.get(key, '')}" for key in environ_keys(vary))


def cache_headers(response: Response) -> Response:
    """Add ``Cache-Control`` and a strong ETag, and answer ``If-None-Match`` with 304."""
    # The proxies resolved once: each use of ``request`` or ``g`` looks up the context.
    this, page = request._get_current_object(), g._get_current_object()
    content = page.get("_content")
    if content is not None:  # staff compare it with what `routekaart check` printed
        response.headers.add("X-Content-Version", content.version)
    if this.endpoint in STATIC_ENDPOINTS:
        return response
    if (
        this.method not in ("GET", "HEAD")
        or response.status_code >= 400
        or page.get("preview")
        or page.get("undeclared_hours")
    ):
        # A preview must never be served as now, an error never outlive its cause, a page
        # with a status its view did not declare never outlive it, and a POST answer (a
        # resident's own words) never be kept anywhere.
        response.headers["Cache-Control"] = "no-store"
        return response
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return response  # redirects, and files sent by send_file with their own caching
    # One pass over the headers: werkzeug's lookups are linear scans, and this runs on every
    # page (a route step takes a quarter of a millisecond in all).
    present = {name.lower(): value for name, value in response.headers}
    control = present.get("cache-control")
    if control is None:
        now = page.get("now")
        if now is None:  # no moment was read for this request: nothing to count from
            response.headers["Cache-Control"] = "no-store"
            return response
        response.headers.extend(
            expiry_headers(
                now,
                page.get("right_until"),
                page.get("private_page", False),
                current_app.config.get("FRONT_CACHE_SECONDS"),
            )
        )
        page.expiry_computed = True  # so routekaart.web.replay may work it out anew
    elif "no-store" in control:
        # Exactly "no-store", whatever else a view wrote: the nginx front keeps it for
        # browsers by one exact match (deploy/nginx/nginx.conf, $browser_cache_control).
        if control != "no-store":
            response.headers["Cache-Control"] = "no-store"
        return response
    environ = this.environ
    digest = getattr(response, "body_digest", None) or body_digest(response.get_data())
    # The content version is part of the ETag: a revalidation after a publish gets the page
    # anew even where its bytes happen to be the same.
    varies_on = _varies_on(present.get("vary", ""), environ)
    if content is not None:
        varies_on = content.version + "\n" + varies_on
    etag = strong_etag(digest, varies_on)
    response.headers.add("ETag", f'"{etag}"')
    if "HTTP_IF_NONE_MATCH" in environ:
        # Werkzeug compares (weakly, as RFC 9110 asks for If-None-Match) and turns a match
        # into a 304; the body and its entity headers are dropped when it is sent.
        response.make_conditional(environ)
        # It also adds a Date header, which gunicorn and werkzeug's server send themselves.
        del response.headers["Date"]
    return response
