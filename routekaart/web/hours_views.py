"""Opening hours in the templates: what a page shows about an organisation's hours.

:mod:`routekaart.domain.hours` does the reasoning and :mod:`routekaart.web.hours_wording`
the words. The template globals registered here take everything they use as arguments (the
content the view rendered the page with, the page's moment and language), so a template shows
what its view gave it and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import ngettext

from routekaart.domain import hours
from routekaart.web import caching
from routekaart.web.hours_wording import (
    StatusLine,
    holiday_hedge,
    slot_text,
    status_line,
    time_range,
    unstated_note,
    weekly_lines,
)


def hours_status(content, org_id: str, moment: datetime, lang: str) -> StatusLine:
    """The status line of an organisation at ``moment``: "Open now, until 12:00", …"""
    org = content.organisations[org_id]
    status = hours.status(org, content.settings, moment)
    caching.check_declared(org_id)  # the view set the page's lifetime (caching.shows_hours)
    return status_line(org, status, content.locations, lang)


def hours_week(content, org_id: str, moment: datetime) -> list[hours.Day]:
    """Monday to Sunday of the week of ``moment`` for an organisation."""
    return hours.week(content.organisations[org_id], content.settings, moment)


def _closed_rest_of_today(content, org_ids, moment: datetime) -> list[hours.Status] | None:
    """The statuses of ``org_ids`` when none of them is open now or opens later on the day of
    ``moment``, and the page knows it: each has opening hours (an organisation without hours
    may answer at any time), none is on a public holiday it never confirmed it closes on (its
    card says "often closed, call first"), and at least one of them is in force; else None. An
    urgent result then says to call as soon as they open, not "today"."""
    statuses = []
    for org_id in org_ids:
        caching.check_declared(org_id)  # the view set the page's lifetime (caching.shows_hours)
        found = hours.status(content.organisations[org_id], content.settings, moment)
        if found.state == "no-hours" or found.open_now or found.today.unsure:
            return None
        if found.next is not None and found.next.start.date() == found.moment.date():
            return None
        statuses.append(found)
    return statuses if any(found.state == "closed" for found in statuses) else None


def closed_today_notice(content, org_ids, moment: datetime) -> str | None:
    """The urgent result's line when no organisation of the list can be called today
    (:func:`_closed_rest_of_today`), or None: "closed for the rest of today" only when one of
    them was open earlier today; on a day none of them opened (a Saturday, a holiday) "closed
    today", never "the rest of today"."""
    org_ids = list(org_ids)
    statuses = _closed_rest_of_today(content, org_ids, moment)
    if statuses is None:
        return None
    if any(found.today.openings for found in statuses):
        return ngettext(
            "This organisation is closed for the rest of today. Call as soon as it opens.",
            "These organisations are closed for the rest of today. Call as soon as they open.",
            len(org_ids),
        )
    return ngettext(
        "This organisation is closed today. Call as soon as it opens.",
        "These organisations are closed today. Call as soon as they open.",
        len(org_ids),
    )


def init_app(app: Flask) -> None:
    """Register the template globals for opening hours."""
    app.jinja_env.globals.update(
        hours_status=hours_status,
        hours_week=hours_week,
        closed_today_notice=closed_today_notice,
        weekly_lines=weekly_lines,
        has_hours=hours.has_hours,
        time_range=time_range,
        slot_text=slot_text,
        holiday_hedge=holiday_hedge,
        unstated_note=unstated_note,
    )
