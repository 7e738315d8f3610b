"""The resident's pages: the route finder, organisation pages, accessibility, errors."""

from __future__ import annotations

from datetime import UTC, timedelta

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
)
from htmx_flask import Htmx
from werkzeug.exceptions import RequestEntityTooLarge

from routekaart.content.model import international_digits
from routekaart.domain import engine, matcher, reach
from routekaart.ops import counting
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.errors import path_error
from routekaart.web.i18n import LANG, LANGUAGES, best_language
from routekaart.web.links import (
    alternate_link,
    app_now,
    bare_url,
    finder_link,
    link,
    osm_link,
    switch_language_link,
)
from routekaart.web.mount import public_link
from routekaart.web.pagecache import PageCache, cached_page

bp = Blueprint("web", __name__)


# --- request context -------------------------------------------------------------------------


def active_recommendations(result, content) -> list:
    """The result's organisations that are still (or already) active on the page's day, in the
    content's order, except that a service that may have stopped (a pilot past its decision,
    unconfirmed) never comes first: the page says "Start with the first one"."""
    day = g.now.date()
    active = [
        r for r in result.organisations if content.organisations[r.organisation].active_on(day)
    ]
    # sorted() is stable: the others keep their order, and so do the doubtful ones.
    return sorted(active, key=lambda r: content.organisations[r.organisation].may_have_stopped(day))


# --- views ---------------------------------------------------------------------------------------


@bp.get("/")
def root() -> Response:
    """Send the resident to the route finder in their browser's language."""
    response = redirect(link("web.finder", lang=best_language(), path=""), code=302)
    response.vary.add("Accept-Language")
    return response


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
    if request.query_string and CHOSEN in request.args:
        note_choice(lang)
    template = "_turn.html" if wants_next_turn(conversation) else "finder.html"

    def render() -> str:
        return render_conversation(template, content, conversation, lang)

    # A step depends only on the key of cached_page: kept per minute.
    return cached_page(render, conversation.slug_path, template, vary=HTMX_HEADERS)


# The marker of a suggestion of the text box followed: ``?gekozen=2`` on the suggestion's link.
# Counted (which suggestion, never the words) and otherwise ignored: the page is the same as at
# its clean address, which its <link rel="canonical">, share links, QR codes and hand-overs
# name; app.js takes the marker out of the address bar. Pages opened with it are kept by the
# browser only ("private"), never by nginx, so every choice reaches the app and is counted.
CHOSEN = "gekozen"


def note_choice(lang: str) -> None:
    """Count the suggestion chosen (``?gekozen=1``, ``2`` or ``3``; anything else is not
    counted), and keep the page out of shared caches."""
    chosen = request.args.get(CHOSEN)
    if chosen in reach.CHOICES:
        counting.note("choice", chosen, lang)
    caching.private()


def render_conversation(template: str, content, conversation, lang: str, **extra) -> str:
    """A step of the conversation in ``template`` (the page or its htmx turn): a result with
    the desks in force today, whose hours the page's caching follows; ``extra`` goes to the
    template as it is."""
    recommendations = (
        active_recommendations(conversation.result, content) if conversation.result else []
    )
    caching.shows_hours(content, (r.organisation for r in recommendations), g.now)
    return render_template(
        template,
        content=content,
        conversation=conversation,
        title=conversation_title(conversation, content, lang),
        recommendations=recommendations,
        urgent_call=first_phone(recommendations, content),
        **extra,
    )


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
    try:
        sent = request.form.get("tekst", "")
    except RequestEntityTooLarge:
        # More than the app reads at all (MAX_CONTENT_LENGTH): the words were never read,
        # so none can be kept; the resident is asked for a shorter text.
        sent, too_long = "", True
    else:
        too_long = len(" ".join(sent[: MAX_TYPED * 4].split())) > MAX_TYPED
    typed = " ".join(sent[: MAX_TYPED * 2].split())[:MAX_TYPED]
    suggestions = matcher.match(content.tree, typed, lang) if typed and not too_long else []
    if typed and not too_long:  # whether the words found something, never the words
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
            # Too long: the first MAX_TYPED characters stay in the box, to shorten there.
            kept=typed if too_long else "",
            too_long=too_long,
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
    caching.shows_hours(content, [org_id], g.now)
    return render_template(
        "organisation.html", content=content, org_id=org_id, org=org, organisation_page=True
    )


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


# --- errors ---------------------------------------------------------------------------------------


def other_help_on(result, day) -> list:
    """The other help of a result that has started by ``day`` (its ``valid_from``)."""
    return [h for h in result.other_help if h.valid_from is None or h.valid_from <= day]


def init_app(app: Flask) -> None:
    """Register the resident's pages, template helpers and error pages."""
    Htmx(app)
    app.extensions["routekaart.pages"] = PageCache()
    app.register_blueprint(bp)
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
