"""What the nginx front (``deploy/nginx/``) needs from the app: its 429 page, and exact expiry.

**The 429 page.** nginx limits the expensive pages per client (the partners search, posters,
the API: see ``deploy/nginx/nginx.conf``). When it refuses a request, its ``error_page 429``
asks the app for this page in the language of the refused address, so the text comes from the
gettext catalogs like every other page; nginx keeps a copy for a minute, so a flood of
refusals costs the app almost nothing. The addresses start with ``/_te-druk/``: no route
step, slug or page of the site can start with an underscore.

**Exact expiry.** nginx counts a cached page's life in whole seconds and keeps it up to and
including the second its ``max-age`` ends: a page that says "open now" with ``max-age=5`` at
11:59:55.3 would be served until 12:00:00.999, a second past the closing. So every page the
app lets caches keep also says when it expires for nginx, ``X-Accel-Expires: @<unix time>``,
the last whole second that is still before the page may change. nginx reads that header
before ``Cache-Control`` and never passes it on to visitors; other caches ignore it. It is an
absolute time because a relative one would start counting only when the response reaches nginx,
after the page was rendered; nginx and the app servers share one clock (NTP), as on any server.
"""

from __future__ import annotations

import math
import re

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    jsonify,
    make_response,
    render_template,
)

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


# Requests nginx refuses before the app could see them: a body over 16 KB (413) and an address
# over its 8 KB buffers (414). nginx asks for these instead, and the app answers with its own
# friendly error page in the language of the address (web.handle_http_error), never nginx's.
@bp.route(f"/_te-groot/{LANG}", methods=["GET", "HEAD", "POST"])
def too_large(lang: str) -> Response:
    """Too much text sent (nginx's ``error_page 413``)."""
    abort(413)


@bp.route("/_te-lang/", methods=["GET", "HEAD", "POST"])
def too_long() -> Response:
    """Far too long an address (nginx's ``error_page 414``). nginx stopped reading at the
    request line, so neither the address's language nor Accept-Language reached it: Dutch,
    the site's default, unless a browser's language did arrive."""
    abort(400, description="query")


@bp.route("/_te-groot/api", methods=["GET", "HEAD", "POST"])
def too_large_api() -> Response:
    """A body too large for the API, in the API's error format."""
    return make_response(jsonify(error="request body too large", status=413), 413)


PUBLIC_MAX_AGE = re.compile(r"public, max-age=(\d+)")


def accel_expires(response: Response) -> Response:
    """Tell nginx the last whole second a shared page is right (``X-Accel-Expires: @…``)."""
    if response.status_code not in (200, 304) or "now" not in g:
        return response
    found = PUBLIC_MAX_AGE.fullmatch(response.headers.get("Cache-Control", ""))
    if found:
        # The page may change at now + max-age (or a fraction later: max-age is rounded
        # down); nginx keeps it while its clock's whole second is at most this value.
        changes_at = g.now.timestamp() + int(found.group(1))
        response.headers["X-Accel-Expires"] = f"@{math.floor(changes_at) - 1}"
    return response


def init_app(app: Flask) -> None:
    """Register the 429 pages and the expiry header for nginx.

    Call this before ``caching.init_app``: Flask runs ``after_request`` functions in reverse
    order, so this one then sees the ``Cache-Control`` that caching has set.
    """
    app.register_blueprint(bp)
    app.after_request(accel_expires)
