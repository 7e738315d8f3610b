"""The typesetting filters of the templates: :mod:`routekaart.domain.typeset` for Jinja.

``latin_runs`` reads the page's direction from the template context, so a template writes
``{{ text|latin_runs }}`` and gets isolated Latin runs on right-to-left pages only.
"""

from __future__ import annotations

from flask import Flask, g
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from routekaart.content.model import Location
from routekaart.domain.typeset import (
    addresses_kept_whole,
    isolate_latin,
    isolate_latin_plain,
    isolated_place,
    list_comma,
    list_semicolon,
    ltr,
    words_lang,
)
from routekaart.ops.store import current_content


@pass_context
def latin_runs(context: Context, text: str) -> Markup:
    """Jinja filter: :func:`isolate_latin` on a right-to-left page; elsewhere the text escaped,
    with web and e-mail addresses that never break in the middle of a word."""
    if context.get("dir") == "rtl":
        return isolate_latin(text)
    if isinstance(text, Markup):
        return text
    return addresses_kept_whole(str(text))


@pass_context
def latin_isolates(context: Context, text: str) -> str:
    """Jinja filter: :func:`isolate_latin_plain` on a right-to-left page, for text where no
    markup may stand (an ``<option>``); elsewhere the text as it is."""
    return isolate_latin_plain(str(text)) if context.get("dir") == "rtl" else str(text)


# --- place names said once in the reader's words ----------------------------------------------
# A Dutch place name ("Bibliotheek aan de Vliet") says nothing to a reader of English or Arabic.
# A location's "kind" ("library", "المكتبة") follows its name the first time a page names it
# (issue #26): in an address line (place_name) or in a monitor text (gloss_places). Dutch
# pages never gloss: the name says it.


def _glossed(scope: str = "page") -> set[str]:
    """The locations this response has glossed already in ``scope``: the page, or a piece of
    it printed on its own (the hand-over slip, ``scope="slip"``)."""
    if "glossed_places" not in g:
        g.glossed_places = {}
    return g.glossed_places.setdefault(scope, set())


def _short(location: Location) -> str:
    """The name before its first comma: "Tuinkamer van Noord" of "…, Sporthal de Fluit"."""
    return location.name.split(", ")[0]


def _kind_once(location: Location, lang: str, scope: str = "page") -> str | None:
    """The location's kind in ``lang`` if ``scope`` has not said it yet (then it has)."""
    kind = location.kind.get(lang) if location.kind is not None and lang != "nl" else None
    if kind is None or location.name in _glossed(scope):
        return None
    _glossed(scope).add(location.name)
    return kind


def place_name(location: Location, lang: str, scope: str = "page") -> Markup:
    """A location's name, isolated, with its kind after the first part the first time the page
    (or the slip) names it: "Tuinkamer van Noord (community room), Sporthal de Fluit"."""
    kind = _kind_once(location, lang, scope)
    if kind is None:
        return place_parts(location, lang)
    short, _, rest = location.name.partition(", ")
    glossed = Markup("{} ({})").format(ltr(short), kind)
    return glossed + Markup(list_comma(lang)) + ltr(rest) if rest else glossed


def place_parts(location: Location, lang: str) -> Markup:
    """A location's name, each part isolated and joined with the page's comma, as in the
    address line: "Tuinkamer van Noord، Sporthal de Fluit" on an Arabic page, never a Latin
    comma among Arabic punctuation."""
    return isolated_place(location.name, lang)


def gloss_places(text: str, lang: str) -> str:
    """A content text (a monitor text) with the kind after the first name of each location
    this page has not glossed yet: "at the Tuinkamer van Noord (community room)". A name
    already followed by a bracket is left as it is."""
    if lang == "nl" or isinstance(text, Markup):
        return text
    for location in current_content().directory.locations.values():
        short = _short(location)
        at = text.find(short)
        if at < 0 or location.name in _glossed():
            continue
        end = at + len(short)
        if text[end:].lstrip().startswith("("):
            _glossed().add(location.name)
            continue
        kind = _kind_once(location, lang)
        if kind is not None:
            text = f"{text[:end]} ({kind}){text[end:]}"
    return text


@pass_context
def ltr_filter(context: Context, text: str, css_class: str | None = None) -> Markup:
    """Jinja filter ``ltr``: :func:`ltr`, and on a right-to-left page Dutch words (an
    organisation's name) marked ``lang="nl"`` so a screen reader reads them in a Dutch voice."""
    lang = words_lang(str(text)) if context.get("dir") == "rtl" else None
    return ltr(text, css_class, lang)


def init_app(app: Flask) -> None:
    """Register the filters ``ltr``, ``latin_runs``, ``latin_isolates`` and ``gloss_places``
    and the globals ``list_comma``, ``list_semicolon``, ``place_name`` and ``place_parts``."""
    app.jinja_env.filters["ltr"] = ltr_filter
    app.jinja_env.filters["latin_runs"] = latin_runs
    app.jinja_env.filters["latin_isolates"] = latin_isolates
    app.jinja_env.filters["gloss_places"] = gloss_places
    app.jinja_env.globals["list_comma"] = list_comma
    app.jinja_env.globals["place_name"] = place_name
    app.jinja_env.globals["place_parts"] = place_parts
    app.jinja_env.globals["list_semicolon"] = list_semicolon
