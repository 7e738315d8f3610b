"""The referral guide for partners: every situation with its desks, search, and the hand-over.

A partner (school bridge worker, library or welfare staff) sits with a resident, finds the
situation in seconds, and hands the resident that page in the resident's language as a link,
a QR code on screen or a printed A5 slip. Nothing the partner types is stored: the search is
a GET parameter, the hand-over has no form fields at all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
)
from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from markupsafe import Markup

from routekaart.content import sourcing
from routekaart.content.ages import slug_range
from routekaart.content.model import Closure, Option, Organisation
from routekaart.domain import engine
from routekaart.domain.partner_search import MAX_QUERY, Found, query_words, search
from routekaart.ops import counting
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.finder import active_recommendations
from routekaart.web.hours_wording import exception_line
from routekaart.web.i18n import (
    LANG,
    LANGUAGES,
    babel_locale,
    informal_at,
    speaks_to_young_people,
    text_direction,
)
from routekaart.web.links import keep_state
from routekaart.web.mount import public_link
from routekaart.web.pagecache import PageCache, cached_page
from routekaart.web.poster import svg_code

bp = Blueprint("partners", __name__)


# --- search ------------------------------------------------------------------------------------


def cached_search(content, lang: str, query: str, day: date) -> Found:
    """:func:`search`, remembered per content version, language, normalised words and day.

    "Schuld", "schuld " and "SCHULD" are one search; the cache is a bounded LRU per app, so
    a stream of different searches costs memory for the last :data:`SEARCHES_KEPT` only.
    """
    key = (content.version, lang, query_words(query), day)
    searches = current_app.extensions["routekaart.searches"]
    found = searches.get(key)
    if found is None:
        found = search(content, lang, query, day)
        searches.put(key, found)
    return replace(found, query=query)


# --- hours and facts, as partners read them ------------------------------------------------------


def places(content, org: Organisation) -> list:
    """The locations where the organisation has walk-in hours, in order of first mention."""
    seen: list[str] = []
    for slot in org.hours:
        if slot.location and slot.location not in seen:
            seen.append(slot.location)
    return [content.locations[loc] for loc in seen]


def coming_exceptions(org: Organisation, day: date) -> list[Closure]:
    """Dated exceptions that are not over yet on ``day``."""
    return [c for c in org.exceptions if (c.until or c.date) >= day]


def ended(org: Organisation, day: date) -> bool:
    """Whether the organisation stopped before ``day`` (see ``model.Period.state_on``)."""
    return org.state_on(day) == "ended"


def cited_documents(content, org_id: str) -> list[sourcing.Cited]:
    """The documents an organisation's facts come from, with the sections cited."""
    return sourcing.documents_of(org_id, content.directory, content.settings)


def open_questions(content, org_id: str) -> list[tuple[sourcing.Fact, str]]:
    """The organisation's facts still to confirm, each with the question for the desk."""
    return sourcing.open_questions(org_id, content.directory, content.settings)


def stale(content, org_id: str, day: date) -> bool:
    """Whether the sources of the organisation's facts (documents or confirmations) are older
    than ``settings.stale_after_days``."""
    dated = sourcing.facts_as_of(org_id, content.directory, content.settings)
    return dated is not None and dated + timedelta(days=content.settings.stale_after_days) < day


# --- hand-over ---------------------------------------------------------------------------------


def _resident_language(lang: str) -> str:
    """The resident's language from ``?taal=`` (the partner's language when absent)."""
    taal = request.args.get("taal", lang)
    if taal not in LANGUAGES:
        abort(400)
    keep_state(taal=taal)
    return taal


def _qr(url: str, title: str) -> Markup:
    """A QR code for ``url`` (``qr.svg`` writes no ids, so several fit on one page)."""
    return Markup(svg_code(url, title=title))


def _age_answer(conversation: engine.Conversation) -> Option | None:
    """The age a partner chose on the way to a result ("Aged 18 to 26"), or None.

    Three hand-over pages share one result title ("You can't pay your bills") and differ only
    in the age chosen: the heading names it, so a partner can tell them apart."""
    for step in reversed(conversation.steps):
        if slug_range(step.chosen.slug) is not None:
            return step.chosen
    return None


def _render_handover(taal: str, target: str, subject: dict) -> Response:
    """The hand-over page: link, QR code, and the slip rendered in the resident's language."""
    content = current_content()
    url = target
    with force_locale(babel_locale(taal)):
        # The slip speaks as its page does: "je" in the young people's branch (informal_at).
        conversation = subject.get("conversation")
        node_id = getattr(conversation, "node_id", None)
        # An organisation's own page in "je" (the Jongeren Perspectief Fonds) hands over in "je".
        young = node_id is None and speaks_to_young_people(content, subject.get("org_id"))
        if informal_at(content, node_id) or young:
            title = pgettext("je", "Scan to open this page on your phone")
        else:
            title = _("Scan to open this page on your phone")
        slip = render_template(
            "_handover_slip.html",
            content=content,
            lang=taal,
            dir=text_direction(taal),
            url=url,
            qr_code=_qr(url, title),
            **subject,
        )
    html = render_template(
        "handover.html",
        content=content,
        taal=taal,
        url=url,
        # The template names the code after the page's title: a screen reader would spell out
        # a raw address character by character.
        qr_for=partial(_qr, url),
        slip=Markup(slip),
        # The page around the slip speaks to the partner: "u", also for a young person's slip.
        partner_frame=True,
        **subject,
    )
    response = make_response(html)
    # The hand-over page must not be kept by shared caches or sent onwards.
    response.headers["Cache-Control"] = "no-store"
    return response


# --- views -------------------------------------------------------------------------------------


@bp.get(f"/{LANG}/partners")
def index(lang: str) -> Response:
    """Every situation with its desks, and the directory; filtered by ``?q=``."""
    content = current_content()
    query = request.args.get("q", "")[:MAX_QUERY]
    keep_state(q=query)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "_partners_list.html" if partial else "partners.html"

    def render() -> str:
        found = cached_search(content, lang, query, g.now.date())
        # Every desk's status may be on the page (the list and the directory): simplest is
        # to say so for all of them.
        caching.shows_hours(content, content.organisations, g.now)
        return render_template(template, content=content, found=found, q=query)

    # Kept per minute in the page cache (the search is in the page state, so in the key):
    # the same search by many partners, or a hammered one, is rendered once a minute.
    return cached_page(render, template, vary=("HX-Request",))


@bp.get(f"/{LANG}/partners/overdracht/<path:path>")
def handover(lang: str, path: str) -> Response:
    """Hand a situation over: ``?taal=`` picks the resident's language."""
    content = current_content()
    conversation = engine.resolve(content.tree, path)
    if isinstance(conversation, engine.PathError):
        abort(400 if conversation.reason in ("malformed", "too-long") else 404)
    if conversation.result is None:
        abort(404)
    taal = _resident_language(lang)
    counting.note("handover", conversation.slug_path, taal)
    target = public_link("web.finder", lang=taal, path=conversation.slug_path)
    recommendations = active_recommendations(conversation.result, content)
    subject = {
        "conversation": conversation,
        "age_option": _age_answer(conversation),
        "result": conversation.result,
        "recommendations": recommendations,
        "org_id": None,
        "org": None,
        "source_ids": [r.organisation for r in recommendations],
    }
    return _render_handover(taal, target, subject)


@bp.get(f"/{LANG}/partners/organisatie/<org_id>/overdracht")
def handover_organisation(lang: str, org_id: str) -> Response:
    """Hand one organisation's page over in the resident's language."""
    content = current_content()
    org = content.organisations.get(org_id)
    if org is None or not org.active_on(g.now.date()):
        abort(404)
    taal = _resident_language(lang)
    target = public_link("web.organisation", lang=taal, org_id=org_id)
    subject = {
        "conversation": None,
        "age_option": None,
        "result": None,
        "recommendations": [],
        "org_id": org_id,
        "org": org,
        "source_ids": [org_id],
    }
    return _render_handover(taal, target, subject)


@bp.context_processor
def helpers() -> dict:
    """Functions the partner templates use."""
    return {
        "places": places,
        "coming_exceptions": coming_exceptions,
        "ended": ended,
        "stale": stale,
        "exception_line": exception_line,
        "cited_documents": cited_documents,
        "last_confirmed": sourcing.last_confirmed,
        "open_questions": open_questions,
        "today": g.now.date(),
    }


# How many searches each app remembers (each is a few kilobytes of references).
SEARCHES_KEPT = 256


def init_app(app: Flask) -> None:
    """Register the partner pages and their search cache."""
    app.extensions["routekaart.searches"] = PageCache(SEARCHES_KEPT)
    app.register_blueprint(bp)
