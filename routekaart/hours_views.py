"""Opening hours on the web: status lines in the resident's language, open data, calendars.

:mod:`routekaart.hours` does the reasoning; this module turns its answers into words (gettext
and Babel), JSON for ``/api/v1/organisations``, schema.org JSON-LD and an iCalendar file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Blueprint, Flask, Response, abort, g, jsonify, url_for
from flask_babel import gettext
from markupsafe import Markup

from . import hours
from .hours import AMSTERDAM, Opening
from .hours_wording import StatusLine, WeeklyLine, status_line, time_range, weekly_lines
from .i18n import current_language
from .model import WEEKDAYS, Organisation, international_digits
from .store import current_content

bp = Blueprint("hours", __name__)

# How far ahead the calendar download and the JSON-LD special days reach.
CALENDAR_WEEKS = 8


# --- template helpers ------------------------------------------------------------------------


def hours_status(org_id: str) -> StatusLine:
    """Template global: the status line of an organisation at the page's moment."""
    content = current_content()
    org = content.organisations[org_id]
    status = hours.status(org, content.settings, g.now)
    return status_line(org, status, content.locations, current_language())


def hours_week(org_id: str) -> list[hours.Day]:
    """Template global: Monday to Sunday of the page's week for an organisation."""
    content = current_content()
    return hours.week(content.organisations[org_id], content.settings, g.now)


def hours_summary(org_id: str) -> list[WeeklyLine]:
    """Template global: the weekly hours as they stand on the page's day, in words."""
    content = current_content()
    org = content.organisations[org_id]
    return weekly_lines(content, org, g.now.date(), current_language())


# --- schema.org JSON-LD ------------------------------------------------------------------------

_SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _spec(days: list[str] | None, opens: str, closes: str, **extra: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"@type": "OpeningHoursSpecification"}
    if days:
        spec["dayOfWeek"] = [f"https://schema.org/{_SCHEMA_DAYS[WEEKDAYS.index(d)]}" for d in days]
    spec.update(opens=opens, closes=closes, **extra)
    return spec


def opening_hours_jsonld(org_id: str) -> dict[str, Any]:
    """Template global: schema.org Organization with OpeningHoursSpecification per place."""
    content = current_content()
    org = content.organisations[org_id]
    lang = current_language()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url_for("web.organisation", lang="nl", org_id=org_id, _external=True),
        "name": org.name,
        "description": org.about(lang),
    }
    if org.website:
        data["url"] = org.website
    if org.email:
        data["email"] = org.email
    if org.phone:
        data["telephone"] = "+" + international_digits(org.phone)
    today = g.now.date()
    if org.state_on(today) == "ended":
        data["dissolutionDate"] = org.valid_until.isoformat()
        return data
    by_place: dict[str | None, list[dict[str, Any]]] = {}
    for slot in org.hours:
        extra = {}
        if slot.valid_from:
            extra["validFrom"] = slot.valid_from.isoformat()
        if slot.valid_until:
            extra["validThrough"] = slot.valid_until.isoformat()
        spec = _spec(slot.days, f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}", **extra)
        by_place.setdefault(slot.location, []).append(spec)
    # Holidays and exceptions in the coming weeks; "00:00"–"00:00" means closed all day.
    for offset in range(CALENDAR_WEEKS * 7):
        day = hours.day_hours(org, content.settings, today + timedelta(days=offset))
        if day.reason is None:
            continue
        iso = day.day.isoformat()
        dated = {"validFrom": iso, "validThrough": iso}
        for place in by_place:
            mine = [o for o in day.openings if o.location == place]
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


# --- open data -------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds") if moment else None


def organisation_json(org_id: str, org: Organisation, status: hours.Status, locations) -> dict:
    """One organisation in ``/api/v1/organisations``."""
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
        "checked_on": org.checked_on.isoformat(),
    }


@bp.get("/api/v1/organisations")
def api_organisations() -> Response:
    """Every organisation with its opening status at ``?at=`` (local time) or now."""
    content = current_content()
    items = [
        organisation_json(
            org_id, org, hours.status(org, content.settings, g.now), content.locations
        )
        for org_id, org in content.organisations.items()
    ]
    response = jsonify(at=_iso(g.now), timezone="Europe/Amsterdam", organisations=items)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- iCalendar -------------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(org_id: str, org: Organisation, content, first: date, stamp: datetime) -> str:
    """An iCalendar with every opening of ``org`` in the coming weeks (times in UTC)."""
    lang = current_language()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sterk voor Noord//Routekaart Geldzorgen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(org.name)}",
    ]
    page = url_for("web.organisation", lang=lang, org_id=org_id, _external=True)
    description = gettext("Please check before you go: %(url)s", url=page)
    for opening in hours.openings(org, content.settings, first, CALENDAR_WEEKS * 7):
        if opening.end <= stamp:
            continue
        if opening.by_phone:
            summary = gettext("%(name)s: open by phone", name=org.name)
            where = org.phone or ""
        else:
            summary = gettext("%(name)s: walk-in hours", name=org.name)
            loc = content.locations[opening.location]
            where = ", ".join(p for p in (loc.name, loc.street, loc.postcode, loc.city) if p)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{org_id}-{_utc(opening.start)}@routekaart-geldzorgen",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(opening.start)}",
            f"DTEND:{_utc(opening.end)}",
            f"SUMMARY:{_ics_text(summary)}",
            f"LOCATION:{_ics_text(where)}" if where else "",
            f"DESCRIPTION:{_ics_text(description)}",
            f"URL:{page}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines if line)


@bp.get("/<any(nl, en, ar):lang>/organisatie/<org_id>.ics")
def calendar(lang: str, org_id: str) -> Response:
    """The organisation's opening hours for the coming weeks, to add to a phone calendar."""
    content = current_content()
    org = content.organisations.get(org_id)
    today = g.now.date()
    if org is None or org.state_on(today) == "ended" or not hours.has_hours(org):
        abort(404)
    body = calendar_text(org_id, org, content, today, g.now)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{org_id}.ics"'
    return response


def hours_has(org_id: str) -> bool:
    """Template global: whether an organisation has opening hours at all."""
    return hours.has_hours(current_content().organisations[org_id])


def opening_range(opening: Opening) -> Markup:
    """Template global: an opening as ``10:00–12:00`` in the page's language."""
    return time_range(opening, current_language())


def init_app(app: Flask) -> None:
    """Register the open-data and calendar routes and the template helpers for hours."""
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        hours_status=hours_status,
        hours_week=hours_week,
        hours_summary=hours_summary,
        hours_has=hours_has,
        opening_hours_jsonld=opening_hours_jsonld,
        time_range=opening_range,
    )
