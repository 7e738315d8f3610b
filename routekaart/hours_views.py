"""Opening hours in the templates: the status line, the week and the weekly hours of a page.

:mod:`routekaart.hours` does the reasoning and :mod:`routekaart.hours_wording` the words; these
template globals hand them to the templates in the page's language at the page's moment.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from markupsafe import Markup

from . import hours
from .hours import Opening
from .hours_wording import StatusLine, WeeklyLine, status_line, time_range, weekly_lines
from .i18n import current_language
from .opendata import organisation_jsonld
from .store import current_content

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


def opening_hours_jsonld(org_id: str) -> dict[str, Any]:
    """Template global: the organisation's schema.org JSON-LD at the page's moment."""
    content = current_content()
    return organisation_jsonld(content, org_id, current_language(), g.now.date())


def hours_has(org_id: str) -> bool:
    """Template global: whether an organisation has opening hours at all."""
    return hours.has_hours(current_content().organisations[org_id])


def opening_range(opening: Opening) -> Markup:
    """Template global: an opening as ``10:00–12:00`` in the page's language."""
    return time_range(opening, current_language())


def init_app(app: Flask) -> None:
    """Register the template helpers for opening hours."""
    app.jinja_env.globals.update(
        hours_status=hours_status,
        hours_week=hours_week,
        hours_summary=hours_summary,
        hours_has=hours_has,
        opening_hours_jsonld=opening_hours_jsonld,
        time_range=opening_range,
    )
