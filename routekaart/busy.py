"""The page the nginx front shows when one client asks too much at once (HTTP 429).

nginx limits the expensive pages per client (the partners search, posters, the API: see
``deploy/nginx/nginx.conf``). When it refuses a request, its ``error_page 429`` asks the app
for this page in the language of the refused address, so the text comes from the gettext
catalogs like every other page; nginx keeps a copy for a minute, so a flood of refusals costs
the app almost nothing. The addresses start with ``/_te-druk/``: no route step, slug or page
of the site can start with an underscore.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, g, jsonify, make_response, render_template

from .i18n import LANG
from .store import ContentUnavailable, current_content

bp = Blueprint("busy", __name__)

# Seconds a client is asked to wait; nginx's limits refill within a second or two.
RETRY_AFTER = 10


def _refusal(response: Response) -> Response:
    """Mark a 429 answer: try again later, and never store it (it is about this moment)."""
    response.status_code = 429
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route(f"/_te-druk/{LANG}", methods=["GET", "HEAD", "POST"])
def page(lang: str) -> Response:
    """Too many requests at once: wait a few seconds (nginx's ``error_page 429``)."""
    g.error_page = True  # no hreflang alternates; the language switch leads to the start
    try:
        content = current_content()
    except ContentUnavailable:
        content = None
    return _refusal(make_response(render_template("busy.html", content=content)))


@bp.route("/_te-druk/api", methods=["GET", "HEAD", "POST"])
def api() -> Response:
    """The same refusal for the JSON API, in the API's error format."""
    message = f"too many requests: try again in {RETRY_AFTER} seconds"
    return _refusal(jsonify(error=message, status=429))


def init_app(app: Flask) -> None:
    """Register the 429 pages."""
    app.register_blueprint(bp)
