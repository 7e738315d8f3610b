"""The opening hours of the coming weeks as an iCalendar file, to add to a phone's calendar.

``GET /<lang>/organisatie/<id>.ics``: every opening of the next weeks (``hours.CALENDAR_WEEKS``)
as an event in UTC, after holidays and dated exceptions, from the page's moment (``?at=``).
The texts are in ``lang``; the page link is on the public address (``PUBLIC_URL``), never the
host a request came in on. (Named ``ical`` so it never shadows Python's ``calendar``.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, Flask, Response, abort, g
from flask_babel import force_locale, gettext

from routekaart.content.model import Organisation
from routekaart.domain import hours
from routekaart.ops.store import current_content
from routekaart.web.hours_wording import holiday_hedge
from routekaart.web.i18n import LANG, babel_locale
from routekaart.web.mount import public_link

bp = Blueprint("ical", __name__)


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


def calendar_text(
    content, org_id: str, org: Organisation, lang: str, first: date, stamp: datetime
) -> str:
    """An iCalendar in ``lang`` with every opening of ``org`` in the coming weeks (UTC)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sterk voor Noord//Routekaart Geldzorgen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(org.name)}",
    ]
    page = public_link("web.organisation", lang=lang, org_id=org_id)
    with force_locale(babel_locale(lang)):
        # No "before you call": the PING-loket has no phone number.
        description = gettext("Check first that this is still right: %(url)s", url=page)
        by_phone = gettext("%(name)s: open by phone", name=org.name)
        # Not "walk-in hours": no source says the desks take people without an appointment.
        # An event is a time the desk is open ("PING-loket is open"), not a list of times; hours
        # the source does not say are for visitors (the Kredietbank's) keep the neutral title.
        is_open = gettext("%(name)s is open", name=org.name)
        opening_hours = gettext("%(name)s: opening hours", name=org.name)
    for offset in range(hours.CALENDAR_WEEKS * 7):
        day = hours.day_hours(org, content.settings, first + timedelta(days=offset))
        # A public holiday the desk never confirmed it closes on: the usual hours stay in the
        # calendar as tentative, saying what the site says ("often closed"), never dropped as
        # if the closure were a fact.
        hedged = [(o, True) for o in day.usual] if day.unsure else []
        for opening, unsure in [(o, False) for o in day.openings] + hedged:
            if opening.end <= stamp:
                continue
            if opening.by_phone:
                summary, where = by_phone, org.phone or ""
            elif opening.unstated:
                summary, where = opening_hours, ""
            else:
                loc = content.locations[opening.location]
                summary = is_open
                where = ", ".join(p for p in (loc.name, loc.street, loc.postcode, loc.city) if p)
            about = description
            if unsure:
                with force_locale(babel_locale(lang)):
                    summary = gettext(
                        "%(name)s: public holiday (%(reason)s), may be closed",
                        name=org.name,
                        reason=day.reason(lang),
                    )
                about = f"{holiday_hedge(org, day.reason(lang), lang)} {description}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{org_id}-{_utc(opening.start)}@routekaart-geldzorgen",
                f"DTSTAMP:{_utc(stamp)}",
                f"DTSTART:{_utc(opening.start)}",
                f"DTEND:{_utc(opening.end)}",
                f"SUMMARY:{_ics_text(summary)}",
                f"LOCATION:{_ics_text(where)}" if where else "",
                f"DESCRIPTION:{_ics_text(about)}",
                "STATUS:TENTATIVE" if unsure else "",
                f"URL:{page}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines if line)


@bp.get(f"/{LANG}/organisatie/<org_id>.ics")
def calendar(lang: str, org_id: str) -> Response:
    """The organisation's opening hours for the coming weeks, to add to a phone calendar."""
    content = current_content()
    org = content.organisations.get(org_id)
    today = g.now.date()
    if org is None or org.state_on(today) == "ended" or not hours.has_hours(org):
        abort(404)
    # Made on the minute, as pages are: the same file (and ETag) for a whole minute.
    body = calendar_text(content, org_id, org, lang, today, g.now.replace(second=0, microsecond=0))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{org_id}.ics"'
    return response


def init_app(app: Flask) -> None:
    """Register the calendar download."""
    app.register_blueprint(bp)
