"""The page cache: each page rendered at most once a minute, sent as ready bytes.

A route step is asked for thousands of times a minute when a poster goes up; rendering it once
a minute and keeping its plain and gzipped bytes (with the hashes their ETags start from) keeps
the step cheap. The key names everything a page depends on (see :func:`cached_page`); the
partners' search keeps its results in a :class:`PageCache` too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Response, current_app, g, request

from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.compression import gzip_bytes
from routekaart.web.links import page_state

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A rendered page, as bytes and gzipped (residents' phones always ask for gzip), each
    with the hash its ETag starts from, and the moment its opening hours may change (None:
    only when the content changes)."""

    body: bytes
    gzipped: bytes
    right_until: datetime | None
    body_digest: Any
    gzipped_digest: Any

    @classmethod
    def of(cls, html: str, right_until: datetime | None = None) -> CachedPage:
        """Encode, compress and hash a rendered page once."""
        body = html.encode("utf-8")
        gzipped = gzip_bytes(body)
        digest = caching.body_digest
        return cls(body, gzipped, right_until, digest(body), digest(gzipped))

    def response(self, vary: str) -> Response:
        """The page as a response, compressed when the client accepts gzip (``vary``: its
        ``Vary`` header)."""
        if self.right_until is not None:
            caching.right_until(self.right_until)
        if "gzip" in request.environ.get("HTTP_ACCEPT_ENCODING", ""):
            headers = [("Content-Encoding", "gzip"), ("Vary", vary)]
            return caching.KnownBody(self.gzipped, self.gzipped_digest, HTML, headers)
        return caching.KnownBody(self.body, self.body_digest, HTML, [("Vary", vary)])


class PageCache:
    """A small, bounded, thread-safe cache of rendered pages (least recently used goes first);
    the partners' search keeps its results in one too.

    Keys name everything a page depends on, including the minute: opening hours change on
    whole minutes ([from, to) slots), so a page rendered at 09:59:00 is right until 09:59:59.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._pages: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Any:
        """The page for ``key``, if cached."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Any) -> None:
        """Remember a page; forgets the least recently used one beyond ``size``."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def page_cache() -> PageCache:
    """This app's page cache (one per app, so two apps in a process never share pages)."""
    return current_app.extensions["routekaart.pages"]


def cached_page(
    render: Callable[[], str], *variant: object, vary: tuple[str, ...] = ()
) -> Response:
    """The page from this app's page cache, rendered by ``render()`` at most once a minute.

    The key names everything a cached page may depend on: the content version, the public
    address and mount, the language and the endpoint, ``variant`` (the template and whatever
    else the view read from the request, such as a poster's source tag), the page state
    (``keep_state`` and ``?at=``) and the minute: opening hours change on whole minutes
    ([from, to) slots), so a page rendered at 09:59:00 is right until 09:59:59. ``vary``
    names the request headers the view read (its ``Vary``, with Accept-Encoding added).
    """
    # The proxies resolved once: this runs for every route step.
    this, state = request._get_current_object(), g._get_current_object()
    key = (
        current_content().version,
        current_app.config["PUBLIC_URL"],
        this.script_root,
        this.endpoint,
        (this.view_args or {}).get("lang"),
        variant,
        int(state.now.timestamp()) // 60,
        tuple(page_state().items()),
    )
    cache = page_cache()
    page = cache.get(key)
    if page is None:
        page = CachedPage.of(render(), state.get("right_until"))
        if not state.get("undeclared_hours"):
            cache.put(key, page)
    if not state.get("undeclared_hours"):
        # The whole response may be sent again without Flask while the key's content version
        # and minute last (routekaart.web.replay): everything else in the key is in the address.
        state.replayable = key[0]
    return page.response(", ".join((*vary, "Accept-Encoding")))
