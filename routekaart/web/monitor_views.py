"""The programme monitor pages: an overview, and a page per theme filtered by goal and status."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, make_response, render_template, request
from flask_babel import format_decimal, gettext, ngettext
from markupsafe import Markup, escape

from routekaart.content.loader import Content
from routekaart.content.monitor import STATUSES, EditionFile, Figure, Monitor, Sourced
from routekaart.ops.store import current_content
from routekaart.web.i18n import LANG, bdi_nl, current_language, format_list
from routekaart.web.links import keep_state
from routekaart.web.reach import found_desk_indicator

bp = Blueprint("monitor", __name__)


# --- helpers --------------------------------------------------------------------------------------


def current_monitor() -> tuple[Content, Monitor]:
    """The content and its monitor; 404 when the content has no monitor section."""
    content = current_content()
    found = content.extra.get("monitor")
    if found is None:
        abort(404)
    return content, found


def chosen_edition(monitor: Monitor) -> EditionFile:
    """The edition named by ``?editie=`` (the newest when absent); 400 when it does not exist."""
    edition_id = request.args.get("editie", "")
    if not edition_id:
        return monitor.latest
    found = monitor.edition(edition_id)
    if found is None:
        abort(400)
    return found


def edition_args(monitor: Monitor, edition: EditionFile) -> dict[str, str]:
    """Query arguments that keep a chosen older edition on links (nothing for the newest)."""
    return {} if edition is monitor.latest else {"editie": edition.edition.id}


def figure_value(figure: Figure) -> str:
    """A figure as the page shows it: the number in the page's locale, "about" when approximate."""
    number = format_decimal(figure.value)
    return gettext("about %(number)s", number=number) if figure.approx else number


def bron_places(item: Sourced, edition: EditionFile | None = None) -> Markup:
    """Where the source tells an action or a point of attention, e.g. "Rolmodellen, alinea 1"
    or "X, alinea 1 en 2 en Y, alinea 3" (in the page's language). On a page in another
    language a heading reads translated, with the Dutch heading in brackets ("“Role models”
    (Rolmodellen), paragraph 1"), so readers can find the place in the Dutch document; the
    Dutch is isolated so it reads well on the Arabic pages."""
    lang = current_language()
    places = []
    for section, numbers in item.bron_sections():
        heading = edition.heading(section) if edition is not None else None
        said = heading.get(lang) if heading is not None and lang != "nl" else None
        numbered = format_list([format_decimal(n) for n in numbers])
        if said is None:
            place = ngettext(
                "%(section)s, paragraph %(numbers)s",
                "%(section)s, paragraphs %(numbers)s",
                len(numbers),
                section=bdi_nl(section),
                numbers=numbered,
            )
        else:
            place = ngettext(
                "%(section)s (%(dutch)s), paragraph %(numbers)s",
                "%(section)s (%(dutch)s), paragraphs %(numbers)s",
                len(numbers),
                section=escape(said),
                dutch=bdi_nl(section),
                numbers=numbered,
            )
        places.append(Markup(place))
    return format_list(places)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in SVG user units."""

    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        """The horizontal centre, where the bar's labels go."""
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    """The geometry of a small bar chart; the template draws it as inline SVG."""

    width: int
    height: int
    baseline: float
    bars: list[Bar]


def bar_chart(values: list[float], rtl: bool = False, width: int = 320, height: int = 170) -> Chart:
    """Bars for ``values`` in order (oldest first; mirrored for right-to-left pages).

    The tallest bar fills the plot area; a zero value gets no bar, only its labels. Room is left
    above the bars for the value and below the baseline for the date.
    """
    top, bottom = 26.0, 34.0
    baseline = height - bottom
    plot = baseline - top
    highest = max(values, default=0) or 1
    slot = width / max(len(values), 1)
    bar_width = min(56.0, slot * 0.6)
    bars = []
    for i, value in enumerate(values):
        index = len(values) - 1 - i if rtl else i
        bar_height = plot * value / highest
        x = slot * index + (slot - bar_width) / 2
        bars.append(
            Bar(round(x, 1), round(baseline - bar_height, 1), bar_width, round(bar_height, 1))
        )
    return Chart(width, height, baseline, bars)


# --- views ----------------------------------------------------------------------------------------


@bp.get(f"/{LANG}/monitor")
def overview(lang: str) -> str:
    """The programme at a glance: themes, actions per status, key figures."""
    content, monitor = current_monitor()
    edition = chosen_edition(monitor)
    keep_state(**edition_args(monitor, edition))
    return render_template(
        "monitor.html",
        content=content,
        monitor=monitor,
        edition=edition,
        edition_args=edition_args(monitor, edition),
        edition_args_for=lambda other: edition_args(monitor, other),
        dutch_only=monitor.dutch_only(edition, lang),
        # The reach figure reads the counts database: here, not from inside the template.
        found_desk=found_desk_indicator(),
    )


@bp.get(f"/{LANG}/monitor/<theme_id>")
def theme(lang: str, theme_id: str) -> Response:
    """A theme's goals, actions and figures; htmx gets only the filtered results."""
    content, monitor = current_monitor()
    found = monitor.programme.themes.get(theme_id)
    if found is None:
        abort(404)
    edition = chosen_edition(monitor)
    goal_id = request.args.get("doel") or None
    if goal_id is not None and goal_id not in [g.id for g in found.goals]:
        abort(400)
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        abort(400)
    keep_state(doel=goal_id, status=status, **edition_args(monitor, edition))
    goals = [
        (number, goal)
        for number, goal in enumerate(found.goals, start=1)
        if goal_id is None or goal.id == goal_id
    ]
    shown = {g.id: monitor.actions(edition, theme_id, g.id, status) for _, g in goals}
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    html = render_template(
        "_monitor_results.html" if partial else "monitor_theme.html",
        content=content,
        monitor=monitor,
        edition=edition,
        edition_args=edition_args(monitor, edition),
        theme_id=theme_id,
        theme=found,
        goals=goals,
        shown=shown,
        count=len(monitor.actions(edition, theme_id, goal_id, status)),
        goal_id=goal_id,
        status=status,
        oob=partial,
        dutch_only=monitor.dutch_only(edition, lang, theme_id),
    )
    response = make_response(html)
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    """Register the monitor pages and their template helpers."""
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        figure_value=figure_value,
        bron_places=bron_places,
        bar_chart=bar_chart,
        format_decimal=format_decimal,
        STATUSES=STATUSES,
    )
