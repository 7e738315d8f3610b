"""The reach figures in the reader's language: the report's words, and the report of a
period read from the counts database. Used by the reach pages, the monitor's overview and
``routekaart usage`` (which must not need the views)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from babel import Locale
from flask import current_app, g
from flask_babel import format_date, gettext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from routekaart.domain import reach
from routekaart.ops import usage
from routekaart.ops.db import get_engine, usage_counts
from routekaart.ops.store import current_content
from routekaart.web.feedback import reason_labels
from routekaart.web.i18n import LANGUAGES, current_language

log = logging.getLogger(__name__)


def labels() -> reach.Labels:
    """The report's own words in the page's language."""
    return reach.Labels(
        other_route=gettext("A route no longer in the Routekaart"),
        other_source=gettext("A poster tag no longer in use"),
        other_language=gettext("Another language"),
        general_help=gettext("Something else, or I don’t know (general help)"),
        start=gettext("The first question"),
        matched=gettext("Own words: the text box found situations"),
        nothing=gettext("Own words: the text box found nothing"),
        chosen={
            "1": gettext("The first suggestion was chosen"),
            "2": gettext("The second suggestion was chosen"),
            "3": gettext("The third suggestion was chosen"),
            reach.NONE_CHOSEN: gettext("None of them (an estimate, see below)"),
        },
        reasons=reason_labels(),
        other_reason=gettext("A reason no longer offered"),
        # Named in the page's language ("Arabisch" on a Dutch page), so no row needs lang="…".
        language_names={
            code: Locale.parse(code).get_display_name(current_language()) for code in LANGUAGES
        },
    )


def table_titles() -> dict[str, str]:
    """The title of each table of the report, in the page's language."""
    own_words = {}
    for code in LANGUAGES:
        name = Locale.parse(code).get_display_name(current_language())
        own_words[f"text_{code}"] = gettext(
            "Own words, pages in %(language)s: did the text box find something?", language=name
        )
        own_words[f"chosen_{code}"] = gettext(
            "Own words, pages in %(language)s: which suggestion was chosen", language=name
        )
    other = reach.table_suffix(reach.OTHER)
    own_words[f"text_{other}"] = gettext(
        "Own words, pages in another language: did the text box find something?"
    )
    own_words[f"chosen_{other}"] = gettext(
        "Own words, pages in another language: which suggestion was chosen"
    )
    return {
        "situations": gettext("Results reached per situation"),
        "organisations": gettext("Results reached per organisation"),
        "languages": gettext("Results reached per language"),
        "sources": gettext("Page views from posters, per place"),
        "funnel": gettext("Each question: reached and continued"),
        "handovers": gettext("Hand-overs by partners per situation"),
        "handover_languages": gettext("Hand-overs by partners per resident language"),
        "helped_yes": gettext("Did it help? \u2018Yes\u2019 per situation"),
        "helped_no": gettext("Did it help? \u2018No\u2019 per situation"),
        "why_not": gettext("Did it help? Why not"),
        **own_words,
    }


def period_title(period: reach.Period) -> str:
    """The month as the page names it: "January 2027"."""
    return format_date(period.first, "LLLL y")


def counting_since(first_day: date | None) -> str | None:
    """The month counting started in ("maart 2026"), for a page without figures; None before
    anything was counted. A month, not a day: days older than the keep period are rolled up
    into rows dated the 1st of their month, so the earliest row is not always the first day."""
    return None if first_day is None else format_date(first_day, "LLLL y")


@dataclass(frozen=True)
class Loaded:
    """A report, or why there is none (the database could not be read)."""

    report: reach.Report | None
    first_day: date | None  # the earliest counted day: no "earlier" link before it


def load(first: date, last: date, period: reach.Period | None) -> Loaded:
    """The report for a range of days in the page's language; no report when the database
    cannot be read (logged: the page says the figures are unavailable, never a stack trace)."""
    try:
        with get_engine(current_app).connect() as conn:
            read = usage.read_counts(conn, first, last)
            first_day = conn.execute(select(func.min(usage_counts.c.day))).scalar()
    except SQLAlchemyError as error:
        log.warning("reach figures unavailable: %s", type(error).__name__)
        return Loaded(None, None)
    report = reach.build_report(
        read.counts, current_content(), current_language(), labels(), period
    )
    report = reach.Report(period, report.tables, report.empty, read.partial_months)
    return Loaded(report, first_day)


def report_for(first: date, last: date) -> reach.Report | None:
    """The report for any range of days in the request's language (the staff export)."""
    return load(first, last, None).report


def found_desk_indicator() -> dict | None:
    """The overview's indicator: results reached in the last whole month; None when the
    database cannot be read."""
    month = reach.month_of(g.now.date()).previous()
    loaded = load(month.first, month.last, month)
    if loaded.report is None:
        return None
    return {
        "period": month,
        "title": period_title(month),
        "cell": loaded.report.found_desk,
        "empty": loaded.report.empty,
        "since": counting_since(loaded.first_day),
    }
