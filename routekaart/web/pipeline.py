"""The request pipeline: what runs before and after every view, in one place and in order.

Before the view:

1. :func:`refuse_large_body` — a body over ``MAX_CONTENT_LENGTH`` (16 KB) gets 413 on every
   address, read away first (up to a bound) so the client hears the answer; first, so no
   other refusal leaves the body unread;
2. :func:`read_moment` — ``g.now`` (or the staff preview ``?at=``) and the limits on the
   query string, so even an error page knows its moment;
3. :func:`check_source` — a poster's ``?bron=`` tag must be one of ``settings.sources``.

After the view, in this order (each step sees what the one before it made):

1. :func:`relative_location` — redirects to this site never repeat the Host header (not in
   ``Location``, not in the body);
2. :func:`routekaart.web.assets.cache_versioned` — versioned static files are kept a year;
3. :func:`routekaart.ops.counting.count_response` — the day's aggregate counts;
4. :func:`headers_and_gzip` — security headers on every response
   (:mod:`routekaart.web.security`), then gzip for clients that accept it
   (:mod:`routekaart.web.compression`);
5. :func:`routekaart.web.caching.cache_headers` — ``X-Content-Version`` (the published content
   version the response was made from), ``Cache-Control`` until the page may change
   (the view says until when: :func:`routekaart.web.caching.shows_hours`), a strong ETag over
   the bytes actually sent, and ``304 Not Modified``;
6. :func:`routekaart.web.replay.remember` — a page of the page cache is marked so the replay
   in front of Flask (:mod:`routekaart.web.replay`) can send it again by itself while its
   content version and minute last, with the same counts, log line and headers.

When the response is sent, :func:`routekaart.web.accesslog.log_access` writes one line
(method, path, status: never an address). Flask's own hooks are used once each, so the order
above is the order that runs; blueprints add no hooks of their own, except the open data API's
CORS header (:mod:`routekaart.opendata.api`), which only concerns ``/api/``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, g, request, request_finished
from werkzeug.utils import redirect

from routekaart.domain import clock
from routekaart.ops import counting
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web import accesslog, assets, caching, compression, replay, security
from routekaart.web.links import MAX_QUERY_STRING, MAX_QUERY_VALUE, app_now


def read_moment() -> None:
    """Set ``g.now``: the current moment, or the moment staff preview with ``?at=``.

    An error page for a bad query is about now, so ``g.now`` is set before any refusal.
    """
    page, this = g._get_current_object(), request._get_current_object()
    page.now, page.preview = app_now(), False
    if not this.query_string:
        return  # a route step has none (and parsing an empty query costs microseconds)
    if len(this.query_string) > MAX_QUERY_STRING or any(
        len(value) > MAX_QUERY_VALUE for value in this.args.values()
    ):
        abort(400, description="query")
    at = this.args.get("at")
    if at is None:
        return
    moment = clock.parse_at(at)
    if moment is None:
        abort(400, description="at")
    page.now, page.preview = moment, True


# How much of a body that is too large is read (and thrown away) before the 413 is sent. A
# server that answers and closes while the client is still sending makes the kernel reset the
# connection: the client sees "broken pipe" instead of the answer (gunicorn itself reads at
# most 64 KB after answering). Bounded, so a sender of gigabytes cannot hold a worker.
DRAIN_BYTES = 32 * 1024 * 1024
DRAIN_SECONDS = 5.0


def refuse_large_body() -> None:
    """413 for a body over ``MAX_CONTENT_LENGTH``, on every address, whether or not its view
    reads a body (a POST where only GET is allowed would otherwise get 405 and a reset).

    A chunked body (no ``Content-Length``) is read here up to the limit: a small one is kept
    in memory for the view, with its length; a larger one is refused the same way."""
    environ = request.environ
    if not environ.get("CONTENT_LENGTH") and "HTTP_TRANSFER_ENCODING" not in environ:
        return  # no body (every route step): nothing to measure
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None:
        return
    length = request.content_length
    stream = environ.get("wsgi.input")
    if length is None and "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        head = _read(stream, limit + 1)
        if len(head) <= limit:  # the whole body: the view reads it by its length
            environ["wsgi.input"] = io.BytesIO(head)
            environ["CONTENT_LENGTH"] = str(len(head))
            del environ["HTTP_TRANSFER_ENCODING"]
            environ.pop("wsgi.input_terminated", None)
            return
        length = DRAIN_BYTES  # unknown: read away what the bound allows
    if length is None or length <= limit:
        return
    _read(stream, min(length, DRAIN_BYTES), keep=False)
    g.now, g.preview = app_now(), False  # the error page's moment (no ?at= preview here)
    abort(413)


def _read(stream, size: int, keep: bool = True) -> bytes:
    """Up to ``size`` bytes of the body (at most :data:`DRAIN_SECONDS`); kept or thrown away."""
    parts: list[bytes] = []
    left = size
    deadline = time.monotonic() + DRAIN_SECONDS
    try:
        while stream is not None and left > 0 and time.monotonic() < deadline:
            chunk = stream.read(min(left, 65536))
            if not chunk:
                break
            left -= len(chunk)
            if keep:
                parts.append(chunk)
    except (OSError, ValueError):
        pass  # the client went away: nothing more to read
    return b"".join(parts)


def relative_location(response: Response) -> Response:
    """Make a redirect to this site relative, so it never repeats the request's Host header.

    Werkzeug builds the redirects it makes itself (``/nl`` → ``/nl/``) from the Host header;
    a forged host would otherwise send the visitor to another site.
    """
    if not 300 <= response.status_code < 400:
        return response  # (a missing header costs werkzeug an exception)
    location = response.headers.get("Location")
    if location and "//" in location[:8]:
        parts = urlsplit(location)
        if parts.netloc == request.host:
            relative = parts.path + ("?" + parts.query if parts.query else "")
            response.headers["Location"] = relative
            # Werkzeug's body names the link too ("You should be redirected to http://…").
            response.set_data(redirect(relative, response.status_code).get_data())
    return response


def check_source() -> None:
    """Refuse (400) a ``?bron=`` that is not in ``settings.sources``, on every page."""
    if not request.query_string or "bron" not in request.args:
        return
    if request.endpoint in (None, "static", "htmx_js"):
        return
    if request.path.startswith("/api/"):
        return
    try:
        sources = current_content().settings.sources
    except ContentUnavailable:
        return  # the page itself answers 503
    values = request.args.getlist("bron")
    if values == [""]:
        return  # "not specified" in the poster form: no tag at all
    if len(values) != 1 or values[0] not in sources:
        abort(400, description="bron")


def headers_and_gzip(response: Response) -> Response:
    """Security headers, then gzip, from one pass over the response's headers."""
    present = {name.lower(): value for name, value in response.headers}
    security.add_headers(response, present)
    return compression.compress(response, present)


def gzip_only(response: Response) -> Response:
    """Gzip without the security headers: the front adds them (``FRONT_SENDS_SECURITY_HEADERS``)."""
    return compression.compress(response, {name.lower(): value for name, value in response.headers})


BEFORE: tuple[Callable[[], None], ...] = (refuse_large_body, read_moment, check_source)
AFTER: tuple[Callable[[Response], Response], ...] = (
    relative_location,
    assets.cache_versioned,
    counting.count_response,
    headers_and_gzip,
    caching.cache_headers,
    replay.remember,
)


def before() -> None:
    """Run the :data:`BEFORE` steps in order."""
    for step in BEFORE:
        step()


def init_app(app: Flask) -> None:
    """Install the pipeline: one before-request and one after-request hook, and the log.

    Called once the services are set up: a step whose service is off (counting, under
    ``COUNT_USAGE = False``) is left out of this app's list, so it costs nothing."""
    steps = tuple(
        step
        for step in AFTER
        if step is not counting.count_response or "routekaart.counter" in app.extensions
    )
    if app.config.get("FRONT_SENDS_SECURITY_HEADERS"):
        # Behind the documented nginx front, which adds them to every response it sends
        # (deploy/nginx/routekaart-headers.conf): nginx would parse the app's copies on every
        # cache hit only to hide them.
        steps = tuple(gzip_only if step is headers_and_gzip else step for step in steps)

    def after(response: Response) -> Response:
        """Run the :data:`AFTER` steps in order."""
        for step in steps:
            response = step(response)
        return response

    app.before_request(before)
    app.after_request(after)
    # After every after-request step, so the line has the status sent (a 304 too).
    request_finished.connect(accesslog.log_access, app)
    # In front of Flask: a page of the page cache sent again without it (the mount, if any,
    # goes in front of this).
    replay.init_app(app)
