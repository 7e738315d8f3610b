"""The JSON documents of the open data API: the routes, an organisation's opening status at
a moment and its sources, and the text box's suggestions. Plain functions over the content;
the views (:mod:`routekaart.opendata.api`) add the moment and the public address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from flask_babel import force_locale, gettext

from routekaart.content import sourcing
from routekaart.content.model import Organisation
from routekaart.domain import engine, hours, matcher
from routekaart.domain.hours import AMSTERDAM
from routekaart.opendata.hsds import iso_date
from routekaart.web.i18n import LANGUAGES, babel_locale


def routes_document(content, day: date, finder_url: Callable[[str, str], str]) -> dict:
    """Every situation with its path and organisations; ``finder_url(lang, path)``."""
    routes = []
    for conversation in engine.results(content.tree):
        result = conversation.result
        routes.append(
            {
                "path": conversation.slug_path,
                "branch": conversation.path[0],
                "urgency": result.urgency,
                "steps": [
                    {
                        "slug": step.chosen.slug,
                        "question": step.node.question.model_dump(),
                        "answer": step.chosen.label.model_dump(),
                    }
                    for step in conversation.steps
                ],
                "title": result.title.model_dump(),
                "advice": result.advice.model_dump(),
                "urls": {lang: finder_url(lang, conversation.slug_path) for lang in LANGUAGES},
                "organisations": [
                    {
                        "id": rec.organisation,
                        "name": content.organisations[rec.organisation].name,
                        "why": rec.why.model_dump(),
                        "reason": rec.reason and rec.reason.model_dump(),
                        "to_confirm": rec.to_confirm and rec.to_confirm.model_dump(),
                        "active": content.organisations[rec.organisation].active_on(day),
                    }
                    for rec in result.organisations
                ],
            }
        )
    return {
        "date": day.isoformat(),
        "languages": list(LANGUAGES),
        "desk_choice": {"by": "team", "note": _desk_choice_note()},
        "routes": routes,
    }


def _desk_choice_note() -> dict[str, str]:
    """The partners' page's words, in every language: which desk serves which situation is
    the team's judgement, not the source's."""
    note = {}
    for lang in LANGUAGES:
        with force_locale(babel_locale(lang)):
            note[lang] = gettext(
                "We chose the organisation for each situation, as a debt adviser would. The "
                "printed Routekaart lists the situations and the organisations, but doesn’t say "
                "which one goes with which situation. Each referral says why."
            )
    return note


def sources_json(content, org_id: str) -> dict:
    """Where an organisation's facts come from, as ``/api/v1/organisations`` shows it."""
    directory, settings = content.directory, content.settings
    confirmed = sourcing.last_confirmed(directory, org_id)
    return {
        "documents": [
            {
                "id": cited.id,
                "title": cited.document.title,
                "publisher": cited.document.publisher,
                "date": cited.document.said("date"),
                "as_of": cited.document.as_of.isoformat(),
                "where": cited.document.said("where"),
                "sections": list(cited.sections),
            }
            for cited in sourcing.documents_of(org_id, directory, settings)
        ],
        "last_confirmed": iso_date(confirmed),
        # The date of the oldest source (document or confirmation): how old the facts are,
        # never a check.
        "as_of": iso_date(sourcing.facts_as_of(org_id, directory, settings)),
        "facts": [
            {
                "fact": fact.kind,
                "document": fact.reference.document if fact.reference else None,
                "section": fact.reference.section if fact.reference else None,
                "confirmation": fact.reference.confirmation if fact.reference else None,
                "to_confirm": fact.open_question,
            }
            for fact in sourcing.facts_of(org_id, directory, settings)
        ],
    }


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds") if moment else None


def organisation_json(
    org_id: str, org: Organisation, status: hours.Status, locations, sources: dict | None = None
) -> dict:
    """One organisation in ``/api/v1/organisations`` (``sources``: see :func:`sources_json`)."""
    slot = status.slot
    location = None
    if slot is not None and slot.location is not None:
        loc = locations[slot.location]
        location = {
            "id": slot.location,
            "name": loc.name,
            "street": loc.street,
            "postcode": loc.postcode,
            "city": loc.city,
        }
    return {
        "id": org_id,
        "name": org.name,
        "status": status.state,
        "open_now": status.open_now,
        "open_until": iso(status.current.end) if status.current else None,
        "next_opening": iso(status.next.start) if status.next else None,
        "next_closing": iso(status.next.end) if status.next else None,
        "by_phone": slot.by_phone if slot else None,
        "location": location,
        "ended": status.state == "ended",
        "ended_on": status.ended_on.isoformat() if status.state == "ended" else None,
        "starts_on": status.starts_on.isoformat() if status.starts_on else None,
        "hours_note": org.hours_note.nl if org.hours_note else None,
        "may_have_stopped": org.may_have_stopped(status.moment.astimezone(AMSTERDAM).date()),
        "sources": sources,
    }


MAX_MATCH_TEXT = 2000  # characters; the matcher reads the first 500


def match_document(content, text: str, lang: str) -> dict:
    """The situations that fit a resident's words, as ``POST /api/v1/match`` answers."""
    return {
        "matches": [
            {
                "path": s.path,
                "title": s.title(lang),
                "urgency": s.urgency,
                "score": s.score,
            }
            for s in matcher.match(content.tree, text, lang)
        ]
    }
