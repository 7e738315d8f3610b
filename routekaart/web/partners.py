"""The referral guide for partners: every situation with its desks, search, and the hand-over.

A partner (school bridge worker, library or welfare staff) sits with a resident, finds the
situation in seconds, and hands the resident that page in the resident's language as a link,
a QR code on screen or a printed A5 slip. Nothing the partner types is stored: the search is
a GET parameter, the hand-over has no form fields at all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

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
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from routekaart.content import sourcing
from routekaart.content.model import Closure, Organisation, Recommendation
from routekaart.domain import engine, matcher
from routekaart.ops import counting
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.finder import active_recommendations
from routekaart.web.hours_wording import exception_line
from routekaart.web.i18n import LANG, LANGUAGES, babel_locale, text_direction
from routekaart.web.links import keep_state
from routekaart.web.mount import public_link
from routekaart.web.pagecache import PageCache, cached_page
from routekaart.web.poster import svg_code

bp = Blueprint("partners", __name__)


# A search is a few words; anything longer is cut, never an error (a pasted paragraph is fine).
MAX_QUERY = 100
MAX_WORDS = 8


# --- search ------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text for forgiving matching: no accents or Arabic vowel marks, case-folded, words only.

    NFKD splits "é" into "e" plus a combining accent, which is dropped; punctuation becomes a
    space so "PING-loket" matches "ping loket".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def query_words(query: str) -> tuple[str, ...]:
    """The normalised words of a search, at most :data:`MAX_WORDS`."""
    return tuple(normalise(query[:MAX_QUERY]).split()[:MAX_WORDS])


def _all_in(words: tuple[str, ...], haystack: str) -> bool:
    """Whether every word occurs in ``haystack`` (as a word, a prefix or any part of one)."""
    return all(word in haystack for word in words)


@dataclass(frozen=True)
class Situation:
    """One result of the routekaart as partners see it: the situation and who to send to."""

    conversation: engine.Conversation
    recommendations: tuple[Recommendation, ...]  # active on the page's day, in order
    text: str  # normalised situation text (labels and title, Dutch and the page language)

    @property
    def path(self) -> str:
        """The answer path, e.g. ``direct/huis-uit``."""
        return self.conversation.slug_path

    @property
    def branch(self):
        """The first answer: one of the routekaart's three branches."""
        return self.conversation.steps[0].chosen

    @property
    def label(self):
        """The last answer, which names the situation."""
        return self.conversation.steps[-1].chosen

    def title(self, lang: str) -> str:
        """The situation in words: the answers after the branch, e.g. "Debts › 27 or older"."""
        return " › ".join(step.chosen.label(lang) for step in self.conversation.steps[1:])

    @property
    def result(self):
        """The routekaart's result for this situation."""
        return self.conversation.result

    @property
    def anchor(self) -> str:
        """The id of this situation on the partners page."""
        return "sit-" + self.path.replace("/", "-")

    def position(self, org_id: str) -> int:
        """Where this situation lists an organisation: 1 for the first desk to go to."""
        ids = [r.organisation for r in self.recommendations]
        return ids.index(org_id) + 1


@dataclass(frozen=True)
class Found:
    """What the partners page shows for a search (everything for an empty search)."""

    query: str
    words: tuple[str, ...]
    branches: list[tuple[object, list[Situation]]]  # (branch option, its matching situations)
    organisations: list[str]  # ids of matching organisations, in directory order
    referrers: dict[str, list[Situation]]  # every organisation's situations, not filtered

    @property
    def situation_count(self) -> int:
        """How many situations match."""
        return sum(len(items) for _, items in self.branches)


def _situation_text(conversation: engine.Conversation, langs: tuple[str, ...]) -> str:
    parts = [step.chosen.label(lang) for step in conversation.steps for lang in langs]
    parts += [conversation.result.title(lang) for lang in langs]
    return normalise(" ".join(parts))


def _organisation_text(org: Organisation, langs: tuple[str, ...]) -> str:
    parts = [org.name] + [t(lang) for t in (org.explain, org.about) for lang in langs]
    return normalise(" ".join(parts))


def search(content, lang: str, query: str, day: date) -> Found:
    """Situations and organisations matching ``query`` on ``day``, in Dutch and ``lang``.

    A situation matches when every word occurs in its own text or in the names and
    explanations of the desks it sends to, or when the text box's matcher counts every word
    for it (synonyms, compounds, other spellings). An organisation matches on its own text, or
    because a situation matching on its own text sends people to it ("deurwaarder" lists the
    Kredietbank in the directory too).
    """
    langs = ("nl",) if lang == "nl" else ("nl", lang)
    words = query_words(query)
    # The text box's matcher adds what residents call a situation ("loonbeslag", "evicted",
    # typos): a situation for which every word counted there is found too. A query that names
    # a desk ("schuldhulpmaatje") is about that desk, not a worry: no guesses then.
    names_a_desk = bool(words) and any(
        _all_in(words, normalise(org.name)) for org in content.organisations.values()
    )
    understood = (
        set() if names_a_desk else matcher.for_tree(content.tree).covering(" ".join(words), lang)
    )
    org_text = {oid: _organisation_text(org, langs) for oid, org in content.organisations.items()}
    branches: dict[str, tuple[object, list[Situation]]] = {}
    referrers: dict[str, list[Situation]] = {oid: [] for oid in content.organisations}
    shown_orgs: set[str] = {oid for oid, text in org_text.items() if _all_in(words, text)}
    for conversation in engine.results(content.tree):
        recs = tuple(
            rec
            for rec in conversation.result.organisations
            if content.organisations[rec.organisation].active_on(day)
        )
        situation = Situation(conversation, recs, _situation_text(conversation, langs))
        for rec in recs:
            referrers[rec.organisation].append(situation)
        branch = branches.setdefault(situation.branch.slug, (situation.branch, []))
        combined = situation.text + " " + " ".join(org_text[r.organisation] for r in recs)
        told = conversation.node_id in understood
        if _all_in(words, combined) or told:
            branch[1].append(situation)
        if words and (_all_in(words, situation.text) or told):
            shown_orgs.update(rec.organisation for rec in recs)
    organisations = [oid for oid in content.organisations if oid in shown_orgs]
    return Found(query, words, list(branches.values()), organisations, referrers)


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


def _render_handover(taal: str, target: str, subject: dict) -> Response:
    """The hand-over page: link, QR code, and the slip rendered in the resident's language."""
    content = current_content()
    url = target
    with force_locale(babel_locale(taal)):
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
        qr_code=_qr(url, _("QR code for %(url)s", url=url)),
        slip=Markup(slip),
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
