"""Links between pages, and what of the query string a page carries along.

Every link of a page keeps a staff preview (``?at=``) and the page state its view kept
(:func:`keep_state`); the language switch leads to the same place in another language.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, g, request, url_for

from routekaart.domain import clock
from routekaart.web.mount import public_link


def app_now():
    """The app's idea of now: the real clock, or ``FIXED_NOW`` when tests or a demo set it."""
    return clock.now(current_app.config.get("FIXED_NOW"))


def link(endpoint: str, **values: object) -> str:
    """``url_for`` that keeps a staff preview (``?at=``) on every link of the page."""
    if g.get("preview"):
        values.setdefault("at", request.args["at"])
    return url_for(endpoint, **values)


def finder_link(lang: str, path: tuple[str, ...] | str = (), chosen: int | None = None) -> str:
    """The URL of a step of the conversation; ``chosen``: the text box's suggestion it is
    (``?gekozen=2``, counted by the finder and otherwise ignored)."""
    slug_path = path if isinstance(path, str) else "/".join(path)
    if chosen is not None:
        return link("web.finder", lang=lang, path=slug_path, gekozen=chosen)
    return link("web.finder", lang=lang, path=slug_path)


def switch_language_target(lang: str) -> tuple[str, dict[str, object]]:
    """This page in another language, as an endpoint and its values, keeping the exact place.

    On an error page the switch leads to the last good step (or the start) in that language,
    so a mistyped or hostile address is never repeated in the page.
    """
    view_args = request.view_args or {}
    if g.get("error_page") or request.endpoint is None or "lang" not in view_args:
        values: dict[str, object] = {"lang": lang, "path": "/".join(g.get("valid_path", ()))}
        if g.get("preview"):
            values["at"] = request.args["at"]
        return "web.finder", values
    return request.endpoint, {**view_args, "lang": lang, **page_state()}


def switch_language_link(lang: str) -> str:
    """The link of the language switch: this page in ``lang``."""
    endpoint, values = switch_language_target(lang)
    return url_for(endpoint, **values)


def alternate_link(lang: str) -> str:
    """The full public address of this page in ``lang`` (``hreflang`` alternates)."""
    endpoint, values = switch_language_target(lang)
    return public_link(endpoint, **values)


# The longest query value any page can use: a search is cut at 100 characters, the rest are
# short ids, sizes and moments. A longer value cannot be right and gets a 400, so nothing a
# visitor sends is echoed into a page at any length.
MAX_QUERY_VALUE = 200


MAX_QUERY_STRING = 2048


def keep_state(**values: str | None) -> None:
    """Remember the checked query values that are part of where someone is on this page.

    The view calls this after it has validated them (a search, the resident's language on a
    hand-over, a poster size, monitor filters); the language switch carries exactly these and
    the preview moment along. Anything else in the query string (such as a poster's ?bron=
    tag, or a parameter the page does not know) is never repeated in a link.
    """
    g.page_state = {key: value for key, value in values.items() if value}


def page_state() -> dict[str, str]:
    """The page-state query values of this request: the ones its view kept, and ``at``."""
    page = g._get_current_object()
    kept, preview = page.get("page_state"), page.get("preview")
    if not kept and not preview:
        return {}  # most pages (every route step): no copy to make
    state = dict(kept or {})
    if preview:
        state["at"] = request.args["at"]
    return state


def osm_link(location) -> str:
    """A plain link to OpenStreetMap's search for an address (no embedded map)."""
    query = f"{location.street}, {location.city}"
    return "https://www.openstreetmap.org/search?query=" + quote(query)


def bare_url(url: str) -> str:
    """A web address as people read it: without ``https://`` and a trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")
