"""schema.org JSON-LD for the organisation pages: an Organization with its opening hours per
place, as on a given day (only what the source states, never an unconfirmed closure).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from routekaart.content.model import WEEKDAYS, international_digits
from routekaart.domain import hours
from routekaart.web.mount import public_link

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
