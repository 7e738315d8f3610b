"""A page from the page cache sent again without Flask: the fast path of a route step.

When a poster goes up, one route step is asked for thousands of times a minute. The page
cache (:mod:`routekaart.web.pagecache`) already renders it once a minute, yet every request
still went through Flask's request machinery (contexts, routing, hooks, header objects): that
was most of a cached step's cost. :class:`Replay` sits in front of Flask and remembers, for
each address, the exact response Flask sent for a page of the page cache, with what the
pipeline needs to send it again by itself:

- the content version, the public address and the minute it was made in: it is sent again
  only while all three are the same, exactly as long as the page cache keeps its page (so it
  never shows anything the page cache would not);
- the request headers the page varies on (its ``Vary``) and whether gzip was asked for;
- the reach counts the view noted (what the page is, never who asked): counted again for
  each visit, by the same rules (:func:`routekaart.ops.counting.counts_as_a_visit`);
- until when the page is right: ``Cache-Control`` and ``X-Accel-Expires`` are worked out anew
  for each request from the moment it arrives (:func:`routekaart.web.caching.expiry_headers`),
  so "open now" never outlives a closing time;
- the line of the access log (method, path, status; never an address).

Everything else comes back byte for byte: the body, the ETag, the security headers and
``X-Content-Version``. Only a plain ``GET`` without a body is replayed; a ``HEAD``, a
revalidation (``If-None-Match``), a staff preview (``?at=``: never cached) or anything Flask
did not mark goes to Flask as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.wsgi import get_path_info

from routekaart.domain import clock
from routekaart.ops.counting import counts_as_a_visit
from routekaart.ops.store import ContentUnavailable
from routekaart.web import accesslog, caching

# Where the pipeline leaves what the replay needs about the response Flask is sending.
ENVIRON_KEY = "routekaart.replay"

# Addresses remembered per worker (up to four variants each, a few KB a page): a poster's wave
# asks for a few dozen.
MAX_ADDRESSES = 256

# The headers worked out anew for each request.
_PER_REQUEST = frozenset({"cache-control", "x-accel-expires"})


@dataclass(slots=True)
class Page:
    """What the pipeline knows about a response that may be replayed (see :func:`remember`);
    the replay adds the status and headers Flask sent."""

    version: str
    public_url: str
    minute: int
    vary_keys: tuple[str, ...]
    vary_values: tuple[str, ...]
    notes: tuple[tuple[str, ...], ...]
    right_until: datetime | None
    private: bool
    body: bytes
    status: str = ""
    headers: list[tuple[str, str]] | None = None


def _base_key(environ: dict[str, Any]) -> tuple[str, str, str, str, bool]:
    """What identifies an address: mount, path, query, scheme (HSTS is sent over HTTPS only)
    and whether gzip was asked for."""
    return (
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("wsgi.url_scheme", "http"),
        "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""),
    )


class Replay:
    """WSGI middleware in front of Flask that sends a remembered page of the page cache again
    (see the module's doc); everything else goes to ``wsgi_app``."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages: dict[tuple, list[Page]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and "HTTP_IF_NONE_MATCH" not in environ
            and not environ.get("CONTENT_LENGTH")
            and "HTTP_TRANSFER_ENCODING" not in environ
        ):
            key = _base_key(environ)
            pages = self.pages.get(key)
            if pages:
                sent = self._send(pages, environ, start_response)
                if sent is not None:
                    return sent
            return self._through_flask(key, environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _send(self, pages: list[Page], environ: dict[str, Any], start_response):
        """The remembered page for this request, sent; None if there is none that is right."""
        config = self.app.config
        now = clock.now(config.get("FIXED_NOW"))
        minute = int(now.timestamp()) // 60
        for page in pages:
            if page.minute == minute and page.vary_values == tuple(
                environ.get(name, "") for name in page.vary_keys
            ):
                break
        else:
            return None
        try:
            version = self.app.extensions["routekaart.content"].get().version
        except ContentUnavailable:
            return None  # Flask answers with its 503 page
        if version != page.version or config["PUBLIC_URL"] != page.public_url:
            return None
        counter = self.app.extensions.get("routekaart.counter")
        if counter is not None and page.notes and counts_as_a_visit(environ, False):
            counter.add(now.date(), list(page.notes))
        headers = [
            *page.headers,
            *caching.expiry_headers(
                now, page.right_until, page.private, config.get("FRONT_CACHE_SECONDS")
            ),
        ]
        start_response(page.status, headers)
        accesslog.write_line("GET", get_path_info(environ), 200)
        return [page.body]

    def _through_flask(self, key: tuple, environ: dict[str, Any], start_response):
        """Let Flask answer; remember the page if the pipeline marked it (:func:`remember`)."""
        sent: list[Any] = []

        def keep_status(status: str, headers: list[tuple[str, str]], *info: Any):
            sent[:] = [status, headers]
            return start_response(status, headers, *info)

        body = self.wsgi_app(environ, keep_status)
        page = environ.pop(ENVIRON_KEY, None)
        if page is not None and sent and sent[0].startswith("200 "):
            page.status = sent[0]
            page.headers = [(k, v) for k, v in sent[1] if k.lower() not in _PER_REQUEST]
            pages = [p for p in self.pages.get(key, ()) if p.vary_values != page.vary_values]
            if key not in self.pages and len(self.pages) >= MAX_ADDRESSES:
                self.pages.clear()  # a flood of addresses: start again (next minute anyway)
            self.pages[key] = [page, *pages[:3]]
        return body


def remember(response: Response) -> Response:
    """The pipeline's last step: mark a page of the page cache that may be sent again by
    :class:`Replay` while its content version and minute last (see the module's doc)."""
    page = g._get_current_object()
    cached = page.get("replayable")
    # expiry_computed: caching.cache_headers gave it a lifetime (never a preview or an error);
    # the status is checked again because a revalidation may have made it a 304 since.
    if (
        cached is None
        or not page.get("expiry_computed")
        or response.status_code != 200
        or request.method != "GET"
    ):
        return response
    vary = response.headers.get("Vary", "")
    keys = caching.environ_keys(vary)
    environ = request.environ
    environ[ENVIRON_KEY] = Page(
        version=cached,
        public_url=current_app.config["PUBLIC_URL"],
        minute=int(page.now.timestamp()) // 60,
        vary_keys=keys,
        vary_values=tuple(environ.get(name, "") for name in keys),
        # What the view noted (count_response keeps it; with counting off it is still there).
        notes=tuple(page.get("noted") or page.get("counts") or ()),
        right_until=page.get("right_until"),
        private=bool(page.get("private_page")),
        body=response.get_data(),
    )
    return response


def init_app(app: Flask) -> None:
    """Put the replay in front of Flask (config ``REPLAY_PAGES``, on by default)."""
    if app.config.get("REPLAY_PAGES", True):
        app.wsgi_app = Replay(app, app.wsgi_app)  # type: ignore[method-assign]
