"""Open data for other systems: the routes as JSON, and an Open Referral HSDS 3.0 export.

``GET /api/v1/routes`` lists every situation of the routekaart with its answer path and the
organisations it sends people to, in order. ``GET /api/v1/hsds/…`` serves the organisations in
the shape of the Human Services Data Specification 3.0 API (``/organizations``,
``/services`` and their ``/{id}``), so a municipal social map can import them.
``GET /api/v1/organisations`` gives every organisation's opening status at a moment.
``POST /api/v1/match`` answers the situations that fit a resident's own words (the same
matcher as the conversation's text box). All are documented in ``openapi.yaml``, served at
``/api/v1/openapi.yaml``.

The builders below are plain functions over the content model; the views add the moment
(``g.now``, which honours ``?at=``) and absolute URLs on ``PUBLIC_URL``. The organisation
page's schema.org JSON-LD (:func:`organisation_jsonld`) is built here too; the calendar
download is :mod:`routekaart.opendata.ical`.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    jsonify,
    request,
    send_file,
)
from flask_babel import force_locale, gettext

from routekaart import ROOT
from routekaart.content import sourcing
from routekaart.content.model import WEEKDAYS, Location, Organisation, international_digits
from routekaart.domain import engine, hours, matcher
from routekaart.domain.hours import AMSTERDAM
from routekaart.ops.store import current_content
from routekaart.web import caching
from routekaart.web.hours_wording import WeeklyLine, weekly_lines
from routekaart.web.i18n import LANGUAGES, babel_locale
from routekaart.web.mount import public_link

bp = Blueprint("opendata", __name__, url_prefix="/api/v1")

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/latest/hsds/"

# HSDS ids are UUIDs. They are derived from our stable slugs (uuid5), so an importer sees the
# same id for the Kredietbank in every export, on every server.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.sterkvoornoord.nl/routekaart-geldzorgen")

# HSDS addresses require a province and a postcode. Every location of the programme lies in
# the municipality Leidschendam-Voorburg, province Zuid-Holland. A postcode is only given when
# staff wrote one in the content; otherwise it is an empty string, never a guess.
PROVINCE = "Zuid-Holland"
COUNTRY = "NL"

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500

Url = Callable[[str], str]  # from a site path to an absolute URL


def hsds_id(kind: str, *parts: str) -> str:
    """A stable UUID for an HSDS record, e.g. ``hsds_id("service", "kredietbank")``."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *parts))))


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: HSDS fields are typed, so ``null`` is not allowed where a string is."""
    return {k: v for k, v in record.items() if v is not None and v != []}


# --- /api/v1/routes ----------------------------------------------------------------------------


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
                        "reason": rec.reason,
                        "to_confirm": rec.to_confirm,
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
                "Which desk serves which situation is our judgement, made as a debt-help "
                "professional would: the printed routekaart lists the situations and the desks, "
                "but does not say which desk goes with which situation. Each referral says why."
            )
    return note


# --- HSDS 3.0 ------------------------------------------------------------------------------------


# HSDS service statuses for where an organisation stands on a day (model.Period.state_on).
HSDS_STATUS = {"active": "active", "ended": "defunct", "not-started": "inactive"}


def _status(org: Organisation, day: date) -> str:
    return HSDS_STATUS[org.state_on(day)]


def hsds_location(loc_id: str, loc: Location, lang: str) -> dict:
    """An HSDS ``location`` with its one physical address."""
    location_id = hsds_id("location", loc_id)
    return _clean(
        {
            "id": location_id,
            "location_type": "physical",
            "name": loc.name,
            "description": loc.directions(lang) if loc.directions else None,
            "external_identifier": loc_id,
            "external_identifier_type": "routekaart-geldzorgen location id",
            "addresses": [
                {
                    "id": hsds_id("address", loc_id),
                    "location_id": location_id,
                    "address_1": loc.street,
                    "city": loc.city,
                    "state_province": PROVINCE,
                    "postal_code": loc.postcode or "",
                    "country": COUNTRY,
                    "address_type": "physical",
                }
            ],
        }
    )


def _attending(slot) -> str | None:
    """HSDS ``attending_type``: at a place, by phone, or None when the source does not say."""
    if slot.location:
        return "in person"
    return None if slot.unstated() else "phone"


def _schedule(content, org_id: str, line: WeeklyLine) -> dict:
    """A weekly slot as an HSDS ``schedule`` (iCalendar-style WEEKLY recurrence)."""
    org = content.organisations[org_id]
    slot = line.slot
    service_id = hsds_id("service", org_id)
    valid_from = slot.valid_from or org.valid_from
    valid_to = slot.valid_until or org.valid_until
    opens, closes = slot.opens.strftime("%H:%M"), slot.closes.strftime("%H:%M")
    return _clean(
        {
            "id": hsds_id("schedule", org_id, str(line.index)),
            "service_id": service_id,
            "location_id": hsds_id("location", slot.location) if slot.location else None,
            "service_at_location_id": (
                hsds_id("service_at_location", org_id, slot.location) if slot.location else None
            ),
            "valid_from": valid_from.isoformat() if valid_from else None,
            "valid_to": valid_to.isoformat() if valid_to else None,
            "freq": "WEEKLY",
            "interval": 1,
            "wkst": "MO",
            "byday": ",".join(ICAL_DAYS[WEEKDAYS.index(day)] for day in slot.days),
            "opens_at": opens,
            "closes_at": closes,
            # The same words as the site's weekly hours, in the language asked for.
            "description": line.text,
            # Hours whose source does not say what they are for (the Kredietbank's) get no
            # attending_type: neither "phone" nor "in person" would be backed by the source.
            "attending_type": _attending(slot),
            # [from, to): open at opens_at, closed at closes_at exactly.
            "notes": "Europe/Amsterdam; open from opens_at up to, not including, closes_at",
        }
    )


def _phones(org_id: str, org: Organisation) -> list[dict]:
    service_id = hsds_id("service", org_id)
    phones = []
    if org.phone:
        phones.append(
            {
                "id": hsds_id("phone", org_id, "voice"),
                "service_id": service_id,
                "number": org.phone,
                "type": "voice",
            }
        )
    if org.whatsapp:
        phones.append(
            {
                "id": hsds_id("phone", org_id, "whatsapp"),
                "service_id": service_id,
                "number": org.whatsapp,
                "type": "text",
                "description": "WhatsApp",
            }
        )
    return phones


def _iso_date(day: date | None) -> str | None:
    """A date as ``YYYY-MM-DD``, or None."""
    return day.isoformat() if day else None


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
                "date": cited.document.date,
                "as_of": cited.document.as_of.isoformat(),
                "where": cited.document.where,
                "sections": list(cited.sections),
            }
            for cited in sourcing.documents_of(org_id, directory, settings)
        ],
        "last_confirmed": _iso_date(confirmed),
        # The date of the oldest source (document or confirmation): how old the facts are,
        # never a check.
        "as_of": _iso_date(sourcing.facts_as_of(org_id, directory, settings)),
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


# HSDS 3.0 has no source field on a service; its attributes (a taxonomy term with a value) do
# have room for one. One attribute per cited document, one per fact still to confirm.
_SOURCE_TERM = {
    "id": hsds_id("taxonomy_term", "source"),
    "name": "source",
    "description": "Where the facts of this service come from: a document and its section.",
}
_TO_CONFIRM_TERM = {
    "id": hsds_id("taxonomy_term", "to_confirm"),
    "name": "to_confirm",
    "description": "A fact of this service that no source supports yet (in Dutch).",
}


def _source_attributes(content, org_id: str, service_id: str) -> list[dict]:
    """HSDS attributes that say where a service's facts come from."""
    found = []
    for cited in sourcing.documents_of(org_id, content.directory, content.settings):
        doc = cited.document
        value = f"{doc.title} ({doc.publisher}, {doc.date})"
        if cited.sections:
            value += ": " + "; ".join(cited.sections)
        found.append((f"document/{cited.id}", _SOURCE_TERM, value))
    for i, (fact, question) in enumerate(
        sourcing.open_questions(org_id, content.directory, content.settings)
    ):
        found.append((f"to_confirm/{i}", _TO_CONFIRM_TERM, f"{fact.kind}: {question}"))
    return [
        {
            "id": hsds_id("attribute", org_id, key),
            "link_id": service_id,
            "link_type": term["name"],
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
            "value": value,
        }
        for key, term, value in found
    ]


def hsds_service(
    content, org_id: str, lang: str, day: date, page_url: Url, *, nest_org: bool = True
) -> dict:
    """An HSDS ``service``, fully nested: phones, schedules, locations and its organization."""
    org = content.organisations[org_id]
    service_id = hsds_id("service", org_id)
    # The slots a resident is told about on ``day``: in force or starting later, never ended.
    lines = weekly_lines(content, org, day, lang)
    schedules = [(line.slot, _schedule(content, org_id, line)) for line in lines]
    at_locations = []
    for loc_id in dict.fromkeys(line.slot.location for line in lines if line.slot.location):
        at_locations.append(
            {
                "id": hsds_id("service_at_location", org_id, loc_id),
                "service_id": service_id,
                "location_id": hsds_id("location", loc_id),
                "schedules": [s for slot, s in schedules if slot.location == loc_id],
                "location": hsds_location(loc_id, content.locations[loc_id], lang),
            }
        )
    age = org.age
    return _clean(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", org_id),
            "name": org.name,
            "alternate_name": org.explain(lang),
            "description": org.about(lang),
            "url": org.website or page_url(org_id),
            "email": org.email,
            "status": _status(org, day),
            # The content's upper bound is exclusive ("18 tot 27"); HSDS's maximum_age is the
            # oldest age served.
            "minimum_age": age.min if age else None,
            "maximum_age": age.last if age else None,
            # HSDS: "the date that the information about the service was last checked".
            # Only a desk's confirmation is a check; a document's date is not.
            "assured_date": _iso_date(sourcing.last_confirmed(content.directory, org_id)),
            "alert": _alert(org, lang, day),
            "phones": _phones(org_id, org),
            "schedules": [s for slot, s in schedules if not slot.location],
            "service_at_locations": at_locations,
            "attributes": _source_attributes(content, org_id, service_id),
            "organization": (
                hsds_organization(content, org_id, lang, day, page_url, nest_services=False)
                if nest_org
                else None
            ),
        }
    )


def _alert(org: Organisation, lang: str, day: date) -> str | None:
    """HSDS ``alert``: the hours note, and that a pilot may have stopped (see Continuation)."""
    notes = [org.hours_note(lang)] if org.hours_note else []
    if org.continuation is not None and org.may_have_stopped(day):
        notes.insert(0, org.continuation.note(lang))
    return " ".join(notes) or None


def hsds_organization(
    content, org_id: str, lang: str, day: date, page_url: Url, *, nest_services: bool = True
) -> dict:
    """An HSDS ``organization`` with its locations and (as in the HSDS API) its services."""
    org = content.organisations[org_id]
    lines = weekly_lines(content, org, day, lang)
    loc_ids = dict.fromkeys(line.slot.location for line in lines if line.slot.location)
    return _clean(
        {
            "id": hsds_id("organization", org_id),
            "name": org.name,
            "alternate_name": org.explain(lang),
            "description": org.about(lang),
            "email": org.email,
            "website": org.website,
            "uri": page_url(org_id),
            "locations": [hsds_location(i, content.locations[i], lang) for i in loc_ids],
            "services": (
                [hsds_service(content, org_id, lang, day, page_url, nest_org=False)]
                if nest_services
                else None
            ),
        }
    )


def page(contents: list[dict], number: int, per_page: int) -> dict:
    """An HSDS API page: the ``Page`` fields and ``contents``."""
    total = len(contents)
    pages = max(1, math.ceil(total / per_page))
    chunk = contents[(number - 1) * per_page : number * per_page]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(chunk),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not chunk,
        "contents": chunk,
    }


# --- /api/v1/organisations: the opening status at a moment --------------------------------------


def _iso(moment: datetime | None) -> str | None:
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
        "open_until": _iso(status.current.end) if status.current else None,
        "next_opening": _iso(status.next.start) if status.next else None,
        "next_closing": _iso(status.next.end) if status.next else None,
        "by_phone": slot.by_phone if slot else None,
        "location": location,
        "ended": status.state == "ended",
        "ended_on": status.ended_on.isoformat() if status.state == "ended" else None,
        "starts_on": status.starts_on.isoformat() if status.starts_on else None,
        "hours_note": org.hours_note.nl if org.hours_note else None,
        "may_have_stopped": org.may_have_stopped(status.moment.astimezone(AMSTERDAM).date()),
        "sources": sources,
    }


# --- schema.org JSON-LD (in the organisation page) ------------------------------------------------

_SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _spec(days: list[str] | None, opens: str, closes: str, **extra: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"@type": "OpeningHoursSpecification"}
    if days:
        spec["dayOfWeek"] = [f"https://schema.org/{_SCHEMA_DAYS[WEEKDAYS.index(d)]}" for d in days]
    spec.update(opens=opens, closes=closes, **extra)
    return spec


def organisation_jsonld(content, org_id: str, lang: str, day: date) -> dict[str, Any]:
    """schema.org Organization with OpeningHoursSpecification per place, as on ``day``.

    The ``@id`` is the Dutch organisation page on the public address (``PUBLIC_URL``).
    """
    org = content.organisations[org_id]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": public_link("web.organisation", lang="nl", org_id=org_id),
        "name": org.name,
        "description": org.about(lang),
    }
    if org.state_on(day) == "ended":
        # An ended service gives no way to reach it: nobody answers there any more.
        data["dissolutionDate"] = org.valid_until.isoformat()
        return data
    if org.website:
        data["url"] = org.website
    if org.email:
        data["email"] = org.email
    if org.phone:
        data["telephone"] = "+" + international_digits(org.phone)
    by_place: dict[str | None, list[dict[str, Any]]] = {}
    for _, slot in hours.weekly_slots(org, day):
        extra = {}
        if slot.valid_from:
            extra["validFrom"] = slot.valid_from.isoformat()
        if slot.valid_until:
            extra["validThrough"] = slot.valid_until.isoformat()
        spec = _spec(slot.days, f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}", **extra)
        by_place.setdefault(slot.location, []).append(spec)
    # Holidays and exceptions in the coming weeks; "00:00"–"00:00" means closed all day.
    for offset in range(hours.CALENDAR_WEEKS * 7):
        special = hours.day_hours(org, content.settings, day + timedelta(days=offset))
        # A holiday no desk confirmed is "often closed" on the site: schema.org cannot say
        # "often", so it states no closure (the regular hours stand, as in the calendar).
        if special.reason is None or special.unsure:
            continue
        iso = special.day.isoformat()
        dated = {"validFrom": iso, "validThrough": iso}
        for place in by_place:
            mine = [o for o in special.openings if o.location == place]
            if not mine:
                by_place[place].append(_spec(None, "00:00", "00:00", **dated))
            for o in mine:
                by_place[place].append(_spec(None, f"{o.start:%H:%M}", f"{o.end:%H:%M}", **dated))
    places = []
    for place, specs in by_place.items():
        if place is None:
            data["contactPoint"] = {
                "@type": "ContactPoint",
                "contactType": "customer service",
                **({"telephone": data["telephone"]} if "telephone" in data else {}),
                "hoursAvailable": specs,
            }
            continue
        loc = content.locations[place]
        address = {
            "@type": "PostalAddress",
            "streetAddress": loc.street,
            "addressLocality": loc.city,
            "addressCountry": "NL",
        }
        if loc.postcode:
            address["postalCode"] = loc.postcode
        places.append(
            {
                "@type": "Place",
                "name": loc.name,
                "address": address,
                "openingHoursSpecification": specs,
            }
        )
    if places:
        data["location"] = places
    return data


# --- views -------------------------------------------------------------------------------------


def _bad_request(message: str) -> Response:
    response = jsonify(error=message, status=400)
    response.status_code = 400
    response.headers["Cache-Control"] = "no-store"
    return response


def _query() -> tuple[str, int, int] | Response:
    """``lang``, ``page`` and ``per_page`` from the query string, or a 400 JSON response."""
    lang = request.args.get("lang", "nl")
    if lang not in LANGUAGES:
        return _bad_request("unknown 'lang': use nl, en or ar")
    try:
        number = int(request.args.get("page", "1"))
        per_page = int(request.args.get("per_page", str(DEFAULT_PER_PAGE)))
    except ValueError:
        return _bad_request("'page' and 'per_page' must be whole numbers")
    if number < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        return _bad_request(f"'page' must be 1 or more, 'per_page' from 1 to {MAX_PER_PAGE}")
    return lang, number, per_page


def _organisation_url(lang: str) -> Url:
    return lambda org_id: public_link("web.organisation", lang=lang, org_id=org_id)


def _find(content, record_id: str, kind: str) -> str | None:
    """Our organisation id for an HSDS id (or for our own slug)."""
    for org_id in content.organisations:
        if record_id in (org_id, hsds_id(kind, org_id)):
            return org_id
    return None


@bp.get("/routes")
def routes() -> Response:
    """Every situation with its path and organisations, as JSON."""

    def finder_url(lang: str, path: str) -> str:
        return public_link("web.finder", lang=lang, path=path)

    return jsonify(routes_document(current_content(), g.now.date(), finder_url))


@bp.get("/hsds/")
def hsds_root() -> Response:
    """HSDS API meta information."""
    return jsonify(
        version=HSDS_VERSION,
        profile=HSDS_PROFILE,
        openapi_url=public_link("opendata.openapi"),
    )


def _hsds_list(build) -> Response:
    """Every organisation built as an HSDS record by ``build``, one page at a time."""
    query = _query()
    if isinstance(query, Response):
        return query
    lang, number, per_page = query
    content = current_content()
    url = _organisation_url(lang)
    records = [build(content, org_id, lang, g.now.date(), url) for org_id in content.organisations]
    return jsonify(page(records, number, per_page))


def _hsds_one(build, kind: str, record_id: str) -> Response:
    """The one HSDS record of ``kind`` with ``record_id``, built by ``build``; 404 if none."""
    query = _query()
    if isinstance(query, Response):
        return query
    content = current_content()
    org_id = _find(content, record_id, kind)
    if org_id is None:
        abort(404)
    lang = query[0]
    return jsonify(build(content, org_id, lang, g.now.date(), _organisation_url(lang)))


@bp.get("/hsds/organizations")
def hsds_organizations() -> Response:
    """All organisations as fully nested HSDS organizations, one page at a time."""
    return _hsds_list(hsds_organization)


@bp.get("/hsds/organizations/<record_id>")
def hsds_organization_by_id(record_id: str) -> Response:
    """One fully nested HSDS organization."""
    return _hsds_one(hsds_organization, "organization", record_id)


@bp.get("/hsds/services")
def hsds_services() -> Response:
    """All services, fully nested, one page at a time."""
    return _hsds_list(hsds_service)


@bp.get("/hsds/services/<record_id>")
def hsds_service_by_id(record_id: str) -> Response:
    """One fully nested HSDS service."""
    return _hsds_one(hsds_service, "service", record_id)


@bp.get("/organisations")
def organisations() -> Response:
    """Every organisation with its opening status at ``?at=`` (local time) or now."""
    content = current_content()
    items = []
    for org_id, org in content.organisations.items():
        status = hours.status(org, content.settings, g.now)
        caching.right_until(hours.next_change(status))
        items.append(
            organisation_json(org_id, org, status, content.locations, sources_json(content, org_id))
        )
    return jsonify(at=_iso(g.now), timezone="Europe/Amsterdam", organisations=items)


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


@bp.post("/match")
def match() -> Response:
    """The situations that fit ``{"text": …, "lang": …}``, best first, at most three.

    The text is private: it is read from the body only, never logged or kept, and the answer
    is not cached anywhere.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _bad_request('send a JSON object like {"text": "...", "lang": "nl"}')
    text, lang = body.get("text"), body.get("lang", "nl")
    if not isinstance(text, str):
        return _bad_request("'text' must be a string")
    if len(text) > MAX_MATCH_TEXT:
        return _bad_request(f"'text' is too long: at most {MAX_MATCH_TEXT} characters")
    if lang not in LANGUAGES:
        return _bad_request("unknown 'lang': use nl, en or ar")
    unknown = sorted(set(body) - {"text", "lang"})
    if unknown:
        return _bad_request(f"unknown field(s): {', '.join(map(str, unknown))}")
    response = jsonify(match_document(current_content(), text, lang))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/openapi.yaml")
def openapi() -> Response:
    """The OpenAPI description of this API."""
    return send_file(ROOT / "openapi.yaml", mimetype="application/yaml", max_age=3600)


@bp.after_request
def allow_other_sites(response: Response) -> Response:
    """Let partners' own web pages call the API from the browser (CORS).

    The API holds public facts and takes no cookies or credentials, so any origin may read
    it; a browser's preflight for ``POST /match`` with a JSON body is answered here too.
    """
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    """Register the open data API, and the JSON-LD that organisation pages embed."""
    app.register_blueprint(bp)
    app.jinja_env.globals["organisation_jsonld"] = organisation_jsonld
