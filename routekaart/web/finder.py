"""The resident's pages: the route finder, organisation pages, accessibility, errors."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from htmx_flask import Htmx
from werkzeug.exceptions import HTTPException

from routekaart.content.model import international_digits
from routekaart.domain import clock, engine, matcher
from routekaart.ops import counting
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web import caching
from routekaart.web.i18n import LANG, LANGUAGES, best_language, current_language
from routekaart.web.mount import public_link
from routekaart.web.security import gzip_bytes

bp = Blueprint("web", __name__)


# An address of the route finder as someone might type it from a poster, in lower case.
TYPED_ADDRESS = re.compile(rf"/(?:{'|'.join(LANGUAGES)})(?:/[a-z0-9-]+)*/?")


# --- request context -------------------------------------------------------------------------


@bp.before_app_request
def read_moment() -> None:
    """Set ``g.now``: the current moment, or the moment staff preview with ``?at=``.

    An error page for a bad query is about now, so ``g.now`` is set before any refusal.
    """
    g.now, g.preview = app_now(), False
    if not request.query_string:
        return  # a route step has none (and parsing an empty query costs microseconds)
    if len(request.query_string) > MAX_QUERY_STRING or any(
        len(value) > MAX_QUERY_VALUE for value in request.args.values()
    ):
        abort(400, description="query")
    at = request.args.get("at")
    if at is None:
        return
    moment = clock.parse_at(at)
    if moment is None:
        abort(400, description="at")
    g.now, g.preview = moment, True


def app_now():
    """The app's idea of now: the real clock, or ``FIXED_NOW`` when tests or a demo set it."""
    return clock.now(current_app.config.get("FIXED_NOW"))


def link(endpoint: str, **values: object) -> str:
    """``url_for`` that keeps a staff preview (``?at=``) on every link of the page."""
    if g.get("preview"):
        values.setdefault("at", request.args["at"])
    return url_for(endpoint, **values)


def finder_link(lang: str, path: tuple[str, ...] | str = ()) -> str:
    """The URL of a step of the conversation."""
    slug_path = path if isinstance(path, str) else "/".join(path)
    return link("web.finder", lang=lang, path=slug_path)


def switch_language_target(lang: str) -> tuple[str, dict[str, object]]:
    """This page in another language, as an endpoint and its values, keeping the exact place.

    On an error page the switch leads to the last good step (or the start) in that language,
    so a mistyped or hostile address is never repeated in the page.
    """
    view_args = request.view_args or {}
    if g.get("error_page") or request.endpoint is None or "lang" not in view_args:
        values: dict[str, object] = {"lang": lang, "path": "/".join(g.get("valid_path", ()))}
        if g.get("preview"):
            values["at"] = request.args["at"]
        return "web.finder", values
    return request.endpoint, {**view_args, "lang": lang, **page_state()}


def switch_language_link(lang: str) -> str:
    """The link of the language switch: this page in ``lang``."""
    endpoint, values = switch_language_target(lang)
    return url_for(endpoint, **values)


def alternate_link(lang: str) -> str:
    """The full public address of this page in ``lang`` (``hreflang`` alternates)."""
    endpoint, values = switch_language_target(lang)
    return public_link(endpoint, **values)


# The longest query value any page can use: a search is cut at 100 characters, the rest are
# short ids, sizes and moments. A longer value cannot be right and gets a 400, so nothing a
# visitor sends is echoed into a page at any length.
MAX_QUERY_VALUE = 200
MAX_QUERY_STRING = 2048


def keep_state(**values: str | None) -> None:
    """Remember the checked query values that are part of where someone is on this page.

    The view calls this after it has validated them (a search, the resident's language on a
    hand-over, a poster size, monitor filters); the language switch carries exactly these and
    the preview moment along. Anything else in the query string (such as a poster's ?bron=
    tag, or a parameter the page does not know) is never repeated in a link.
    """
    g.page_state = {key: value for key, value in values.items() if value}


def page_state() -> dict[str, str]:
    """The page-state query values of this request: the ones its view kept, and ``at``."""
    kept, preview = g.get("page_state"), g.get("preview")
    if not kept and not preview:
        return {}  # most pages (every route step): no copy to make
    state = dict(kept or {})
    if preview:
        state["at"] = request.args["at"]
    return state


def osm_link(location) -> str:
    """A plain link to OpenStreetMap's search for an address (no embedded map)."""
    query = f"{location.street}, {location.city}"
    return "https://www.openstreetmap.org/search?query=" + quote(query)


def bare_url(url: str) -> str:
    """A web address as people read it: without ``https://`` and a trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


def active_recommendations(result, content) -> list:
    """The result's organisations that are still (or already) active on the page's day."""
    day = g.now.date()
    return [r for r in result.organisations if content.organisations[r.organisation].active_on(day)]


# --- views ---------------------------------------------------------------------------------------


@bp.get("/")
def root() -> Response:
    """Send the resident to the route finder in their browser's language."""
    response = redirect(link("web.finder", lang=best_language(), path=""), code=302)
    response.vary.add("Accept-Language")
    return response


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


# The headers a finder response depends on besides the URL; caches must keep them apart so the
# back button never shows a bare fragment as a page.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-History-Restore-Request")
VARY = ", ".join(HTMX_HEADERS)


@bp.get(f"/{LANG}/", defaults={"path": ""})
@bp.get(f"/{LANG}/<path:path>")
def finder(lang: str, path: str) -> Response:
    """A step of the conversation: the whole page, or only the new part for htmx."""
    if path != path.lower() and path.isascii() and len(path) <= engine.MAX_CHARS:
        # People type printed addresses on phones that capitalise the first letter.
        return redirect(finder_link(lang, path.lower()), code=301)
    content = current_content()
    conversation = engine.resolve(content.tree, path)
    if isinstance(conversation, engine.PathError):
        return path_error(conversation)
    if path and path != conversation.slug_path:
        return redirect(finder_link(lang, conversation.path), code=301)
    counting.note_conversation(conversation, lang, content)
    template = "_turn.html" if wants_next_turn(conversation) else "finder.html"

    def render() -> str:
        recommendations = (
            active_recommendations(conversation.result, content) if conversation.result else []
        )
        return render_template(
            template,
            content=content,
            conversation=conversation,
            title=conversation_title(conversation, content, lang),
            recommendations=recommendations,
            urgent_call=first_phone(recommendations, content),
        )

    # A step depends only on the key of cached_page: kept per minute.
    return cached_page(render, conversation.slug_path, template, vary=HTMX_HEADERS)


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
        current_content().fingerprint,
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
        cache.put(key, page)
    return page.response(", ".join((*vary, "Accept-Encoding")))


# What the text box reads of a resident's words; the field has the same maxlength.
MAX_TYPED = 500


@bp.post(f"/{LANG}/")
def understand(lang: str) -> Response:
    """The text box: the situations that fit the resident's words, as the next turn.

    The words arrive in the body of a POST and leave only in this response: never in a URL,
    a log, a cookie or the page cache, and the response is marked ``no-store``. The form has
    no side effects, so it needs no CSRF token.
    """
    content = current_content()
    typed = " ".join(request.form.get("tekst", "")[: MAX_TYPED * 2].split())[:MAX_TYPED]
    suggestions = matcher.match(content.tree, typed, lang) if typed else []
    if typed:  # whether the words found something, never the words
        counting.note("free_text", "matched" if suggestions else "nothing", lang)
    start = engine.resolve(content.tree, ())
    htmx = request.htmx
    partial = bool(htmx) and not htmx.history_restore_request and htmx.target == "current"
    response = make_response(
        render_template(
            "_understood.html" if partial else "finder.html",
            content=content,
            conversation=start,
            title=content.routekaart.title(lang),
            typed=typed,
            suggestions=suggestions,
            urgent=matcher.clearly_urgent(suggestions),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = VARY
    return response


def wants_next_turn(conversation: engine.Conversation) -> bool:
    """Whether htmx asked for only the newest turn, to swap in place of ``#current``.

    Anything else (a history restore, a request aimed at another element, a plain visit)
    gets the whole page, so every URL htmx pushes also works on its own.
    """
    htmx = request.htmx
    return (
        bool(htmx)
        and not htmx.history_restore_request
        and htmx.target == "current"
        and bool(conversation.steps)
    )


def conversation_title(conversation: engine.Conversation, content, lang: str) -> str:
    """The page title: the result, the open question, or the routekaart's own title."""
    if conversation.result is not None:
        return conversation.result.title(lang)
    if conversation.steps:
        return conversation.node.question(lang)
    return content.routekaart.title(lang)


def first_phone(recommendations: list, content):
    """The first recommended organisation that can be phoned (for an urgent result)."""
    for recommendation in recommendations:
        org = content.organisations[recommendation.organisation]
        if org.phone:
            return org
    return None


@bp.get(f"/{LANG}/organisatie/<org_id>")
def organisation(lang: str, org_id: str) -> str:
    """Everything about one organisation."""
    content = current_content()
    org = content.organisations.get(org_id)
    if org is None:
        abort(404)
    return render_template("organisation.html", content=content, org_id=org_id, org=org)


@bp.get(f"/{LANG}/toegankelijkheid")
def accessibility(lang: str) -> str:
    """The accessibility statement."""
    return render_template("toegankelijkheid.html", content=current_content())


@bp.get("/.well-known/security.txt")
def security_txt() -> Response:
    """Security contact (RFC 9116), from configuration; it always expires within a year."""
    expires = (app_now() + timedelta(days=180)).astimezone(UTC).replace(microsecond=0)
    body = (
        f"Contact: {current_app.config['SECURITY_CONTACT']}\n"
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}\n"
        "Preferred-Languages: nl, en\n"
    )
    return Response(body, mimetype="text/plain")


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


# --- errors ---------------------------------------------------------------------------------------


# What the JSON API says for the 400s the pages explain in words.
API_MESSAGES = {
    "at": "malformed 'at': use YYYY-MM-DDTHH:MM",
    "query": f"query too long: at most {MAX_QUERY_VALUE} characters per value",
}


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
            response.headers["Location"] = parts.path + ("?" + parts.query if parts.query else "")
    return response


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
    g.error_page = True
    html = render_template("error.html", status=status, back=None, content=None)
    return make_response(html, status)


def other_help_on(result, day) -> list:
    """The other help of a result that has started by ``day`` (its ``valid_from``)."""
    return [h for h in result.other_help if h.valid_from is None or h.valid_from <= day]


def init_app(app: Flask) -> None:
    """Register the resident's pages, template helpers and error pages."""
    Htmx(app)
    app.extensions["routekaart.pages"] = PageCache()
    app.register_blueprint(bp)
    app.after_request(relative_location)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.jinja_env.globals.update(
        link=link,
        finder_link=finder_link,
        switch_language_link=switch_language_link,
        alternate_link=alternate_link,
        public_link=public_link,
        osm_link=osm_link,
        intl=international_digits,
        answers=engine.answers,
        other_help_on=other_help_on,
        LANGUAGES=LANGUAGES,
    )
    app.jinja_env.filters["bare_url"] = bare_url
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
