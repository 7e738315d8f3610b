"""Error pages: every 4xx and 5xx as a calm page in the address's language (JSON under /api/).

A path that leads nowhere gets a way back to its last good step; a bug or missing content
never shows a stack trace.
"""

from __future__ import annotations

import re

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException

from routekaart.domain import engine
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web.i18n import LANGUAGES, current_language
from routekaart.web.links import MAX_QUERY_VALUE, finder_link

# An address of the route finder as someone might type it from a poster, in lower case.
_TYPED_SHAPE = re.compile(r"/([a-z]{2,3})(?:/[a-z0-9-]+)*/?")


class _TypedAddress:
    """An address of the route finder in a live language (content/languages.yaml)."""

    def fullmatch(self, path: str) -> re.Match[str] | None:
        found = _TYPED_SHAPE.fullmatch(path)
        return found if found is not None and found[1] in LANGUAGES else None


TYPED_ADDRESS = _TypedAddress()


def path_error(error: engine.PathError) -> Response:
    """A friendly page for a path that leads nowhere, with a way back."""
    status = 400 if error.reason in ("malformed", "too-long") else 404
    lang = current_language()
    g.error_page = True
    g.valid_path = error.valid
    html = render_template(
        "error.html",
        status=status,
        back=finder_link(lang, error.valid) if error.valid else None,
        content=_content_or_none(),
    )
    return make_response(html, status)


def _content_or_none():
    try:
        return current_content()
    except ContentUnavailable:
        return None


# What the JSON API says for the 400s the pages explain in words.
API_MESSAGES = {
    "at": "malformed 'at': use YYYY-MM-DDTHH:MM",
    "query": f"query too long: at most {MAX_QUERY_VALUE} characters per value",
}


def handle_http_error(error: HTTPException) -> Response:
    """Every 4xx/5xx as a friendly page in the URL's language (JSON under /api/)."""
    status = error.code or 500
    if request.path.startswith("/api/"):
        message = API_MESSAGES.get(str(error.description), error.name)
        return make_response(jsonify(error=message, status=status), status)
    lowered = request.path.lower()
    if (
        status == 404
        and request.method in ("GET", "HEAD")
        and lowered != request.path
        and TYPED_ADDRESS.fullmatch(lowered)
    ):
        # /NL/Direct typed from a poster: the same address in lower case. Only for addresses
        # of our own shape, so this can never become a redirect to another site.
        query = request.query_string.decode("ascii", "replace")
        target = request.script_root + lowered + ("?" + query if query else "")
        return redirect(target, code=301)
    g.error_page = True
    html = render_template(
        "error.html",
        status=status,
        bad_moment=error.description == "at",
        too_long=error.description == "query",
        back=None,
        content=_content_or_none(),
    )
    response = make_response(html, status)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_unexpected(error: Exception) -> Response:
    """A bug or missing content: a calm page, never a stack trace."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    if isinstance(error, ContentUnavailable):
        status = 503
    else:
        current_app.logger.exception("unexpected error on %s", request.path)
        status = 500
    if request.path.startswith("/api/"):
        name = "Service Unavailable" if status == 503 else "Internal Server Error"
        return make_response(jsonify(error=name, status=status), status)
    g.error_page = True
    html = render_template("error.html", status=status, back=None, content=None)
    return make_response(html, status)


def init_app(app: Flask) -> None:
    """Answer every error with :func:`handle_http_error` or :func:`handle_unexpected`."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
