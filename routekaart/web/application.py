"""The Flask class the site runs on, and the response class it sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask import Response as FlaskResponse
from werkzeug.datastructures import Headers


class Response(FlaskResponse):
    """Flask's response, sent without a copy of its headers when nothing in them needs fixing.

    Before sending, werkzeug copies every response's headers (each one checked again on the
    way in) so it can fix a few of them for the request: a relative ``Location`` made absolute,
    a ``Content-Length`` removed from a 1xx/204/304 or added to a body it knows. A page this
    site sends is made for one request and dropped afterwards, so the copy only costs: a route
    step has about fifteen headers. A 200 with a body in memory and without ``Location`` or
    ``Content-Location`` keeps its own headers and gets its ``Content-Length`` added; anything
    else goes werkzeug's way."""

    def get_wsgi_headers(self, environ: dict[str, Any]) -> Headers:
        if self.status_code != 200 or not self.is_sequence:
            return super().get_wsgi_headers(environ)
        headers = self.headers
        has_length = False
        for name, _ in headers:
            lower = name.lower()
            if lower == "content-length":
                has_length = True
            elif lower in ("location", "content-location"):
                return super().get_wsgi_headers(environ)
        if not has_length and self.automatically_set_content_length:
            headers.add("Content-Length", str(sum(len(part) for part in self.iter_encoded())))
        return headers


class App(Flask):
    """Flask, deciding once per function whether it is ``async``, with :class:`Response`.

    Flask asks ``inspect.iscoroutinefunction`` about every before- and after-request function
    and the view on every request (eight times for a route step); the answer never changes."""

    response_class = Response

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = self._sync[func] = super().ensure_sync(func)
        return sync
