"""'Heeft dit geholpen?': the resident's yes or no (and after no, one reason) on every result.

The answer is a POST to the result's own address, with no cookie and nothing of the page in a
URL. Without JavaScript the answer is the same page with the question replaced by a thank-you
(or, after "no", the reasons); with htmx only that bubble (``#feedback``) is replaced. The
answer is one count per day (:mod:`routekaart.ops.counting`, table ``feedback_counts``):
the result, the answer, the page language; nothing else is kept.

Not counted (the page is answered all the same): crawlers, link previews and scripts (the same
rule as reach counts), a form sent from another site (``Sec-Fetch-Site: cross-site``), staff
previews, and answers over the cap of this process (:class:`routekaart.domain.feedback.Cap`;
nginx limits each visitor first). A GET never counts anything.
"""

from __future__ import annotations

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
from flask_babel import gettext
from werkzeug.exceptions import MethodNotAllowed

from routekaart.domain import engine, feedback, reach
from routekaart.ops import counting
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.finder import VARY, render_conversation
from routekaart.web.i18n import LANG

bp = Blueprint("feedback", __name__)


def reason_labels() -> dict[str, str]:
    """The reasons after "no", in the page's language, in the form's order."""
    return {
        "dicht": gettext("The desk was closed"),
        "niet-bereikt": gettext("I couldn’t reach them"),
        "niet-mijn-situatie": gettext("This isn’t my situation"),
        "niet-begrepen": gettext("I don’t understand the text"),
    }


@bp.post(f"/{LANG}/<path:path>")
def answer(lang: str, path: str) -> Response:
    """Count a resident's answer about a result and thank them: the whole page, or only the
    bubble for htmx. A bad form gets a friendly 400 page; any page but a result a 405."""
    content = current_content()
    conversation = engine.resolve(content.tree, path)
    if (
        isinstance(conversation, engine.PathError)
        or conversation.result is None
        or path != conversation.slug_path
    ):
        # Any other page (a question, the accessibility page, a typo) takes no POST: the
        # friendly 405 it always gave.
        raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
    helped = request.form.get("geholpen")
    reason = request.form.get("waarom")
    if reason is not None:
        if reason not in feedback.REASONS:
            abort(400)
        state, note = "thanks", ("why_not", conversation.slug_path, reason, lang)
    elif helped in feedback.ANSWERS:
        state = "thanks" if helped == "ja" else "why"
        note = ("helped", conversation.slug_path, feedback.ANSWERS[helped], lang)
    else:
        abort(400)
    count(note, reach.situation_of(content, conversation.slug_path))
    htmx = request.htmx
    if htmx and not htmx.history_restore_request and htmx.target == "feedback":
        html = render_template(
            "_feedback.html", content=content, conversation=conversation, feedback_state=state
        )
    else:
        html = render_conversation("finder.html", content, conversation, lang, feedback_state=state)
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = VARY
    return response


def fact_labels() -> dict[str, str]:
    """The facts of a desk that can be reported wrong, in the page's language."""
    return {
        "telefoon": gettext("Phone number"),
        "whatsapp": gettext("WhatsApp"),
        "email": gettext("Email address"),
        "adres": gettext("Address"),
        "openingstijden": gettext("Opening hours"),
        "gestopt": gettext("This service has stopped"),
        "anders": gettext("Something else"),
    }


@bp.post(f"/{LANG}/organisatie/<org_id>")
def report(lang: str, org_id: str) -> Response:
    """ "Klopt er iets niet?": count each fact ticked about a desk and thank the sender: the
    organisation page, or only the report's box for htmx. Nothing ticked, or a fact not on the
    form, gets a friendly 400 page; an unknown organisation a 404."""
    content = current_content()
    org = content.organisations.get(org_id)
    if org is None:
        abort(404)
    facts = request.form.getlist("fout")
    if not facts or len(facts) > len(feedback.FACTS) or set(facts) - set(feedback.FACTS):
        abort(400)
    notes = [("wrong", org_id, fact, lang) for fact in sorted(set(facts))]
    count_all(notes, f"desk:{org_id}")
    htmx = request.htmx
    if htmx and not htmx.history_restore_request and htmx.target == f"report-{org_id}":
        html = render_template(
            "_report.html",
            content=content,
            org_id=org_id,
            report_state="thanks",
            organisation_page=True,
        )
    else:
        caching.shows_hours(content, [org_id], g.now)
        html = render_template(
            "organisation.html",
            content=content,
            org_id=org_id,
            org=org,
            report_state="thanks",
            organisation_page=True,
        )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = VARY
    return response


def count(note: tuple[str, str, str, str], situation: str) -> None:
    """Count the answer, unless a crawler, another site or the cap says no."""
    count_all([note], situation)


def count_all(notes: list[tuple[str, str, str, str]], situation: str) -> None:
    """Count the notes of one answer, unless a crawler, another site or the cap says no."""
    counter = current_app.extensions.get("routekaart.feedback_counter")
    if counter is None:  # counting is off (COUNT_USAGE)
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return
    if not counting.counts_as_a_visit(request.environ, g.get("preview", False)):
        return
    if not current_app.extensions["routekaart.answer_cap"].take(g.now, situation):
        return
    counter.add(g.now.date(), notes)


def init_app(app: Flask) -> None:
    """Register the answer view and this process's cap."""
    app.extensions["routekaart.answer_cap"] = feedback.Cap(
        int(app.config.get("ANSWERS_PER_SITUATION_PER_MINUTE", feedback.PER_SITUATION_PER_MINUTE)),
        int(app.config.get("ANSWERS_PER_MINUTE", feedback.PER_MINUTE)),
    )
    app.register_blueprint(bp)
    app.jinja_env.globals.update(feedback_reasons=reason_labels, report_facts=fact_labels)
