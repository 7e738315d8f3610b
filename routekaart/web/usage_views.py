"""The reach figures page (/<lang>/monitor/gebruik), its CSV, the overview's indicator, and the
privacy page that says what is counted."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
)
from flask_babel import format_decimal, gettext

from routekaart.domain import hiding, reach
from routekaart.ops.store import current_content
from routekaart.web.i18n import LANG
from routekaart.web.links import keep_state, link
from routekaart.web.reach import counting_since, load, period_title, table_titles

bp = Blueprint("usage", __name__)

# Days after which daily counts are rolled up into months (`routekaart usage --roll-up`).
KEEP_DAYS = 400


def chosen_period(lang: str, endpoint: str) -> reach.Period | Response:
    """``?periode=2027-01``; the month of the page's day when absent; 400 when malformed.

    The figures were once also per week (``?periode=2027-W01``, ``?per=week|maand``): those
    addresses get a redirect to the month that holds the week's Thursday, or to the month."""
    per = request.args.get("per")
    text = request.args.get("periode")
    if per not in (None, "", "week", "maand"):
        abort(400)
    if text and "-W" in text:
        found = reach.month_of_week(text)
        if found is None:
            abort(400)
        return redirect(link(endpoint, lang=lang, periode=found.id), 301)
    if per == "week" and not text:
        return redirect(link(endpoint, lang=lang), 301)
    if per == "week":
        abort(400)  # a week's address always named a week
    if not text:
        return reach.month_of(g.now.date())
    found = reach.parse_period(text)
    if found is None:
        abort(400)
    if per:
        return redirect(link(endpoint, lang=lang, periode=found.id), 301)
    return found


@bp.get(f"/{LANG}/monitor/gebruik")
def figures(lang: str) -> Response:
    """Reach figures of one calendar month: tables, SVG charts, small numbers hidden."""
    period = chosen_period(lang, "usage.figures")
    if isinstance(period, Response):
        return period
    keep_state(periode=request.args.get("periode"))
    loaded = load(period.first, period.last, period)
    today = g.now.date()
    earlier = loaded.first_day is not None and period.first > loaded.first_day
    html = render_template(
        "usage.html",
        content=current_content(),
        report=loaded.report,
        period=period,
        period_title=period_title(period),
        titles=table_titles(),
        earlier=period.previous() if earlier else None,
        later=period.next() if period.next().first <= today else None,
        # The month is still running: its figures are not whole. A month after today's has
        # not begun (its last day is also after today, but it is not "so far").
        so_far=period.first <= today <= period.last,
        not_started=period.first > today,
        keep_days=current_app.config["USAGE_KEEP_DAYS"],
        counting_since=counting_since(loaded.first_day),
    )
    response = make_response(html, 200 if loaded.report else 503)
    return response


@bp.get(f"/{LANG}/monitor/gebruik.csv")
def figures_csv(lang: str) -> Response:
    """The same figures as the page, as CSV (small numbers hidden the same way)."""
    period = chosen_period(lang, "usage.figures_csv")
    if isinstance(period, Response):
        return period
    loaded = load(period.first, period.last, period)
    if loaded.report is None:
        abort(503)
    body = reach.write_csv(loaded.report, period.first, period.last, table_titles())
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


def hbar_chart(table: reach.Table, rtl: bool = False, figure=None) -> HChart:
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


def figure_text(cell: hiding.Cell) -> str:
    """A figure as the page shows it: the number, "< 10", or "hidden"."""
    if cell.shown:
        return format_decimal(cell.value)
    if cell.state == hiding.WITHHELD:
        return withheld_figure()
    return small_figure() if cell.state == hiding.SMALL_HIDDEN else hidden_figure()


def small_figure() -> str:
    """How a figure under 10 reads (plain text: the template escapes it)."""
    return gettext("< 10")


def hidden_figure() -> str:
    """How a figure hidden to protect a small one reads."""
    return gettext("hidden")


def withheld_figure() -> str:
    """How a figure of a line that is not shown at all reads."""
    return gettext("not shown")


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
        withheld_figure=withheld_figure,
    )
