"""What the nginx front (``deploy/nginx/``) needs from the app: its 429 page, and the pages
nginx shows from disk when the app cannot answer.

**Pages from disk.** When no app server answers (a restart, a crash) nginx would show its own
English "502 Bad Gateway", and for a request it cannot read its English 400/501/505 page.
:func:`write_pages` renders the app's own error page for those, in every language, into a
folder nginx serves (``routekaart front-pages``, run at every deploy): ``<lang>/down.html``
(502, 503, 504: "try again in a few minutes"), ``<lang>/bad-request.html`` (400, 501, 505) and
``api/down.json``. nginx picks the language from the address, as for the 429 page, with the
map :func:`write_pages` writes beside the pages (``languages.conf``, from
``content/languages.yaml``), so the nginx configuration itself names no language.

**The 429 page.** nginx limits the expensive pages per client (the partners search, posters,
the API: see ``deploy/nginx/nginx.conf``). When it refuses a request, its ``error_page 429``
asks the app for this page in the language of the refused address, so the text comes from the
gettext catalogs like every other page; nginx keeps a copy for a minute, so a flood of
refusals costs the app almost nothing. The addresses start with ``/_te-druk/``: no route
step, slug or page of the site can start with an underscore.

**Exact expiry** for nginx (``X-Accel-Expires``) is set with ``Cache-Control``, in
:mod:`routekaart.web.caching`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

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
from werkzeug.exceptions import default_exceptions

from routekaart.content.model import LANGUAGES
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web.i18n import LANG

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
# friendly error page in the language of the address (errors.handle_http_error), never nginx's.
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


# The pages nginx serves from disk, by file name: the status whose text they show.
DISK_PAGES = {"down": 503, "bad-request": 400}


def write_pages(app: Flask, folder: Path) -> list[Path]:
    """Write the pages nginx shows without the app (see the top) into ``folder``."""
    from routekaart.web.errors import handle_http_error

    written = []
    for lang in LANGUAGES:
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for name, status in DISK_PAGES.items():
            with app.test_request_context(f"/{lang}/"):
                app.preprocess_request()  # the page's language and moment, as for a visit
                response = handle_http_error(default_exceptions[status]())
                path = folder / lang / f"{name}.html"
                path.write_bytes(response.get_data())
                written.append(path)
    (folder / "api").mkdir(parents=True, exist_ok=True)
    path = folder / "api" / "down.json"
    path.write_text(json.dumps({"error": "the service is restarting: try again", "status": 503}))
    written.append(path)
    path = folder / "languages.conf"
    path.write_text(nginx_language_map(LANGUAGES))
    written.append(path)
    return written


def nginx_language_map(languages: Sequence[str]) -> str:
    """nginx's ``map`` from an address to the language of the pages it serves from disk:
    ``$routekaart_lang`` is the address's live language, else Dutch (the site's default)."""
    if not all(re.fullmatch(r"[a-z]{2,3}", code) for code in languages):
        raise ValueError(f"not a language code nginx may read: {languages}")
    return (
        "# Written by `routekaart front-pages` from content/languages.yaml (the live languages,\n"
        "# whose pages are in this folder); included by deploy/nginx/nginx.conf. Do not edit.\n"
        "map $request_uri $routekaart_lang {\n"
        f'    "~^/(?<lang>{"|".join(languages)})/" $lang;\n'
        f"    default {languages[0]};\n"
        "}\n"
    )


def init_app(app: Flask) -> None:
    """Register the 429 pages."""
    app.register_blueprint(bp)
