"""Open Referral HSDS 3.0: the organisations, services, locations and schedules of the
routekaart in the shape a municipal social map imports. Ids are UUIDs derived from our slugs,
so every export and every server gives the same ids.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from routekaart.content import sourcing
from routekaart.content.model import WEEKDAYS, Location, Organisation
from routekaart.web.hours_wording import WeeklyLine, unstated_note, weekly_lines

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


Url = Callable[[str], str]  # from a site path to an absolute URL


def hsds_id(kind: str, *parts: str) -> str:
    """A stable UUID for an HSDS record, e.g. ``hsds_id("service", "kredietbank")``."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *parts))))


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: HSDS fields are typed, so ``null`` is not allowed where a string is."""
    return {k: v for k, v in record.items() if v is not None and v != []}


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


def _schedule(content, org_id: str, line: WeeklyLine, lang: str) -> dict:
    """A weekly slot as an HSDS ``schedule`` (iCalendar-style WEEKLY recurrence)."""
    note = unstated_note([line], lang)
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
            # Hours of unknown purpose say so after the times, as the pages do under them.
            "description": f"{line.text}. {note}" if note else line.text,
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
        value = f"{doc.title} ({doc.publisher}, {doc.said('date')})"
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
    schedules = [(line.slot, _schedule(content, org_id, line, lang)) for line in lines]
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
            "assured_date": iso_date(sourcing.last_confirmed(content.directory, org_id)),
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


def iso_date(day: date | None) -> str | None:
    """A date as ``YYYY-MM-DD``, or None."""
    return day.isoformat() if day else None
