"""The reach figures page (/<lang>/monitor/gebruik), its CSV, the overview's indicator, and the
privacy page that says what is counted."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from babel import Locale
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
from flask_babel import format_date, format_decimal, gettext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from routekaart.ops import usage
from routekaart.ops.db import get_engine, usage_counts
from routekaart.ops.store import current_content
from routekaart.web.i18n import LANG, LANGUAGES, current_language
from routekaart.web.links import keep_state

log = logging.getLogger(__name__)

bp = Blueprint("usage", __name__)

# Days after which daily counts are rolled up into months (`routekaart usage --roll-up`).
KEEP_DAYS = 400


def labels() -> usage.Labels:
    """The report's own words in the page's language."""
    return usage.Labels(
        other_route=gettext("A route no longer in the routekaart"),
        other_source=gettext("A poster tag no longer in use"),
        other_language=gettext("Another language"),
        general_help=gettext("Something else / I don't know (general help)"),
        start=gettext("The first question"),
        matched=gettext("Own words: the text box found situations"),
        nothing=gettext("Own words: the text box found nothing"),
        something_else=gettext("\u201cSomething else\u201d chosen"),
        # Named in the page's language ("Arabisch" on a Dutch page), so no row needs lang="…".
        language_names={
            code: Locale.parse(code).get_display_name(current_language()) for code in LANGUAGES
        },
    )


def table_titles() -> dict[str, str]:
    """The title of each table of the report, in the page's language."""
    return {
        "situations": gettext("Results reached per situation"),
        "organisations": gettext("Results reached per organisation"),
        "languages": gettext("Results reached per language"),
        "sources": gettext("Visits from posters, per place"),
        "funnel": gettext("Each question: reached and continued"),
        "choices": gettext("Own words and \u201cSomething else\u201d"),
        "handovers": gettext("Hand-overs by partners per situation"),
        "handover_languages": gettext("Hand-overs by partners per resident language"),
    }


def period_title(period: usage.Period) -> str:
    """The period as the page names it: "week 1, 2027 (4 Jan – 10 Jan)" or "January 2027"."""
    if period.per == "maand":
        return format_date(period.first, "LLLL y")
    year, week, _ = period.first.isocalendar()
    return gettext(
        "week %(week)s of %(year)s (%(first)s to %(last)s)",
        week=week,
        year=year,
        first=format_date(period.first, "d MMM"),
        last=format_date(period.last, "d MMM y"),
    )


@dataclass(frozen=True)
class Loaded:
    """A report, or why there is none (the database could not be read)."""

    report: usage.Report | None
    first_day: date | None  # the earliest counted day: no "earlier" link before it


def load(first: date, last: date, period: usage.Period | None) -> Loaded:
    """The report for a range of days in the page's language; no report when the database
    cannot be read (logged: the page says the figures are unavailable, never a stack trace)."""
    try:
        with get_engine(current_app).connect() as conn:
            read = usage.read_counts(conn, first, last)
            first_day = conn.execute(select(func.min(usage_counts.c.day))).scalar()
    except SQLAlchemyError as error:
        log.warning("reach figures unavailable: %s", type(error).__name__)
        return Loaded(None, None)
    report = usage.build_report(
        read.counts, current_content(), current_language(), labels(), period
    )
    report = usage.Report(period, report.tables, report.empty, read.partial_months)
    return Loaded(report, first_day)


def chosen_period() -> tuple[str, usage.Period]:
    """``?per=week|maand`` and ``?periode=``; the period of the page's day when absent; 400 when
    malformed."""
    per = request.args.get("per") or "week"
    if per not in usage.PERS:
        abort(400)
    text = request.args.get("periode")
    if not text:
        return per, usage.period_of(per, g.now.date())
    found = usage.parse_period(per, text)
    if found is None:
        abort(400)
    return per, found


@bp.get(f"/{LANG}/monitor/gebruik")
def figures(lang: str) -> Response:
    """Reach figures of one week or month: tables, SVG charts, small numbers hidden."""
    per, period = chosen_period()
    keep_state(per=None if per == "week" else per, periode=request.args.get("periode"))
    loaded = load(period.first, period.last, period)
    today = g.now.date()
    earlier = loaded.first_day is not None and period.first > loaded.first_day
    html = render_template(
        "usage.html",
        content=current_content(),
        report=loaded.report,
        period=period,
        per=per,
        period_title=period_title(period),
        titles=table_titles(),
        earlier=period.previous() if earlier else None,
        later=period.next() if period.next().first <= today else None,
        keep_days=current_app.config["USAGE_KEEP_DAYS"],
    )
    response = make_response(html, 200 if loaded.report else 503)
    return response


@bp.get(f"/{LANG}/monitor/gebruik.csv")
def figures_csv(lang: str) -> Response:
    """The same figures as the page, as CSV (small numbers hidden the same way)."""
    per, period = chosen_period()
    loaded = load(period.first, period.last, period)
    if loaded.report is None:
        abort(503)
    body = usage.write_csv(loaded.report, period.first, period.last, table_titles())
    response = make_response(body)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="routekaart-{period.id}-{lang}.csv"'
    )
    return response


@bp.get(f"/{LANG}/privacy")
def privacy(lang: str) -> str:
    """What the site counts, what it never keeps, and for how long."""
    return render_template(
        "privacy.html",
        content=current_content(),
        keep_days=current_app.config["USAGE_KEEP_DAYS"],
    )


def report_for(first: date, last: date) -> usage.Report | None:
    """The report for any range of days in the request's language (the staff export)."""
    return load(first, last, None).report


def found_desk_indicator() -> dict | None:
    """The overview's indicator: results reached in the last whole month; None when the
    database cannot be read."""
    month = usage.period_of("maand", g.now.date()).previous()
    loaded = load(month.first, month.last, month)
    if loaded.report is None:
        return None
    return {
        "period": month,
        "title": period_title(month),
        "cell": loaded.report.found_desk,
        "empty": loaded.report.empty,
    }


@dataclass(frozen=True)
class HBar:
    """One row of a horizontal bar chart, in SVG user units (already mirrored for Arabic)."""

    label: str
    label_x: float
    label_y: float
    bar_x: float
    bar_y: float
    bar_width: float
    value: str
    value_x: float
    anchor: str  # text-anchor of the label and value: "start", or "end" on right-to-left pages


@dataclass(frozen=True)
class HChart:
    """A horizontal bar chart: one bar per row, its label above it, its figure beside it."""

    width: int
    height: int
    bar_height: int
    rows: list[HBar]


CHART_WIDTH = 320
ROW_HEIGHT = 38
LABEL_CHARS = 44  # longer labels are cut in the chart; the table beside it has them whole


def hbar_chart(table: usage.Table, rtl: bool = False, figure=None) -> HChart:
    """Bars for a table's rows (hidden figures get no bar, only their "< 10" or "hidden")."""
    figure = figure or (lambda row: row.cell)
    shown = [figure(r).value for r in table.rows if figure(r).shown]
    highest = max(shown, default=0) or 1
    room = CHART_WIDTH - 60  # the figure's text goes after the bar
    rows = []
    for i, row in enumerate(table.rows):
        cell = figure(row)
        width = round(room * cell.value / highest, 1) if cell.shown else 0.0
        label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1] + "…"
        top = i * ROW_HEIGHT
        if rtl:
            # Mirrored: bars grow from the right edge, the figure stands to their left.
            bar_x, label_x, anchor = CHART_WIDTH - width, float(CHART_WIDTH), "end"
            value_x = CHART_WIDTH - width - 6
        else:
            bar_x, label_x, anchor = 0.0, 0.0, "start"
            value_x = width + 6
        rows.append(
            HBar(
                label, label_x, top + 13, bar_x, top + 18, width, figure_text(cell), value_x, anchor
            )
        )
    return HChart(CHART_WIDTH, max(len(rows), 1) * ROW_HEIGHT, 14, rows)


def figure_text(cell: usage.Cell) -> str:
    """A figure as the page shows it: the number, "< 10", or "hidden"."""
    if cell.shown:
        return format_decimal(cell.value)
    return small_figure() if cell.state == usage.SMALL_HIDDEN else hidden_figure()


def small_figure() -> str:
    """How a figure under 10 reads (plain text: the template escapes it)."""
    return gettext("< 10")


def hidden_figure() -> str:
    """How a figure hidden to protect a small one reads."""
    return gettext("hidden")


def init_app(app: Flask) -> None:
    """Register the figures and privacy pages and the overview's indicator."""
    app.config.setdefault("USAGE_KEEP_DAYS", KEEP_DAYS)
    app.config["USAGE_KEEP_DAYS"] = int(app.config["USAGE_KEEP_DAYS"])
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        hbar_chart=hbar_chart,
        figure_text=figure_text,
        small_figure=small_figure,
        hidden_figure=hidden_figure,
    )
