"""The printable routekaart poster and QR code images (the PDF for staff: ``printing``).

The poster is printed from the same content as the site, so it is right in every language on
the day it is printed for (``?at=``). Its QR codes carry the public address (``PUBLIC_URL``)
and, optionally, a source tag ``?bron=`` naming where the poster hangs. The tag is checked
against ``settings.sources`` on every page (:func:`routekaart.web.pipeline.check_source`); a
known tag is counted per day with the reach counts (``counting.py``), never logged (the access
log drops the query string), so it can never be tied to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, Response, abort, g, render_template, request
from flask_babel import gettext as _

from routekaart.domain import engine, qr
from routekaart.ops.store import current_content
from routekaart.web.hours_wording import weekly_lines
from routekaart.web.i18n import LANG, LANGUAGES, format_list, language_name
from routekaart.web.links import keep_state
from routekaart.web.mount import public_link
from routekaart.web.pagecache import cached_page

if TYPE_CHECKING:
    from routekaart.content.loader import Content
    from routekaart.content.model import Organisation

bp = Blueprint("poster", __name__)

SIZES = ("a4", "a3")


# A QR code is a pure function of its address, title and size, so each is drawn once per
# process: the codes of the posters, the steps and the hand-overs are a few hundred addresses
# at most; beyond that the least recently used are drawn again.
svg_code = lru_cache(maxsize=512)(qr.svg)
png_code = lru_cache(maxsize=128)(qr.png)


# --- the source tag -------------------------------------------------------------------------


def finder_url(lang: str, path: str = "", source: str | None = None) -> str:
    """The full public address of a step of the route finder, for a QR code.

    Raises ValueError for a source tag that is not in ``settings.sources``, so an unknown
    tag is never encoded, whoever calls this.
    """
    if source is not None and source not in current_content().settings.sources:
        raise ValueError(f"unknown source tag {source!r}")
    return public_link("web.finder", lang=lang, path=path, bron=source)


# --- what the poster shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    """One of the three first answers, with the situations under it and who helps."""

    label: str
    situations: list[str]
    organisations: list[str]  # names, in the order the routes recommend them


def branches(content: Content, lang: str, day: date) -> list[Branch]:
    """The start question's answers, each with its situations and the active organisations."""
    tree = content.tree
    conversations = engine.results(tree)
    found = []
    for option in tree.nodes[tree.start].options or ():
        node = tree.nodes[option.next]
        situations = [o.label(lang) for o in node.options or ()]
        if node.result is not None:
            situations = [node.result.title(lang)]
        names: list[str] = []
        for conversation in conversations:
            if conversation.path[0] != option.slug:
                continue
            for rec in conversation.result.organisations:
                org = content.organisations[rec.organisation]
                if org.active_on(day) and org.name not in names:
                    names.append(org.name)
        found.append(Branch(option.label(lang), situations, names))
    return found


def active_organisations(content: Content, day: date) -> list[tuple[str, Organisation]]:
    """Every organisation active on ``day``, in the order of the content; ended ones never."""
    return [(org_id, org) for org_id, org in content.organisations.items() if org.active_on(day)]


@dataclass(frozen=True)
class Code:
    """A QR code on the poster: the language it opens, its address and its image."""

    lang: str
    url: str
    svg: str


def poster_codes(lang: str, source: str | None) -> tuple[Code, list[Code]]:
    """The big code for this language's route finder and small ones for the other languages."""
    main_url = finder_url(lang, "", source)
    here = language_name(lang)
    main = Code(
        lang,
        main_url,
        # Named by its language, as the small codes are: a read-out address says nothing.
        svg_code(main_url, title=_("QR code to the Routekaart in %(language)s", language=here)),
    )
    others = []
    for other in LANGUAGES:
        if other == lang:
            continue
        url = finder_url(other, "", source)
        title = _("QR code to the Routekaart in %(language)s", language=language_name(other))
        others.append(Code(other, url, svg_code(url, title=title)))
    return main, others


# --- views ---------------------------------------------------------------------------------------


@bp.get(f"/{LANG}/poster")
def poster(lang: str) -> Response:
    """The routekaart poster for printing on A4 or A3 (``?size=``), with QR codes."""
    size = request.args.get("size", "a4")
    if size not in SIZES:
        abort(400)
    keep_state(size=request.args.get("size"))
    source = request.args.get("bron") or None
    content = current_content()
    day = g.now.date()

    def render() -> str:
        main_code, other_codes = poster_codes(lang, source)
        return render_template(
            "poster.html",
            content=content,
            size=size,
            sizes=SIZES,
            source=source,
            start=content.tree.nodes[content.tree.start],
            branches=branches(content, lang, day),
            organisations=[
                (org_id, org, weekly_lines(content, org, day, lang))
                for org_id, org in active_organisations(content, day)
            ],
            main_code=main_code,
            plain_url=finder_url(lang),
            # "in het Nederlands, Engels en Arabisch": the languages by name, not "each".
            language_names=format_list([language_name(code) for code in LANGUAGES]),
            other_codes=other_codes,
        )

    # The poster changes with the content and the day; the page cache keeps it per minute.
    # The source tag is not page state (it is never repeated in links), so it is in the key.
    return cached_page(render, size, source)


def _step_url(lang: str) -> str:
    """The public address of the step in ``?path=`` (400 if malformed, 404 if unknown)."""
    conversation = engine.resolve(current_content().tree, request.args.get("path", ""))
    if isinstance(conversation, engine.PathError):
        abort(400 if conversation.reason in ("malformed", "too-long") else 404)
    return finder_url(lang, conversation.slug_path, request.args.get("bron") or None)


def _image(body: str | bytes, mimetype: str, lang: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    name = "-".join(["routekaart", lang, *request.args.get("path", "").split("/")]).strip("-")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{extension}"'
    # Cache-Control comes from caching.py: public, kept at most ten minutes, as every page,
    # so a removed step or a new PUBLIC_URL shows soon.
    return response


@bp.get(f"/{LANG}/qr.svg")
def qr_svg(lang: str) -> Response:
    """An SVG QR code for a step of the route finder (``?path=direct/huis-uit``)."""
    url = _step_url(lang)
    return _image(svg_code(url, title=url), "image/svg+xml", lang, "svg")


@bp.get(f"/{LANG}/qr.png")
def qr_png(lang: str) -> Response:
    """A PNG QR code for a step of the route finder (``?path=direct/huis-uit``)."""
    return _image(png_code(_step_url(lang), scale=10), "image/png", lang, "png")


# --- PDF for staff ----------------------------------------------------------------------------


# --- QR images for staff ------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Register the poster, the QR code images and the source-tag check."""
    app.register_blueprint(bp)
