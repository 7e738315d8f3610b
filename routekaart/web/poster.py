"""The printable routekaart poster, QR code images, and poster PDFs for staff.

The poster is printed from the same content as the site, so it is right in every language on
the day it is printed for (``?at=``). Its QR codes carry the public address (``PUBLIC_URL``)
and, optionally, a source tag ``?bron=`` naming where the poster hangs. The tag is checked
against ``settings.sources`` on every page; a known tag is counted per day with the reach
counts (``counting.py``), never logged (the access log drops the query string), so it can never
be tied to a person.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, g, render_template, request
from flask_babel import gettext as _

from routekaart.domain import clock, engine, qr
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web.hours_wording import weekly_lines
from routekaart.web.i18n import LANG, LANGUAGES, NATIVE_NAMES
from routekaart.web.links import keep_state
from routekaart.web.mount import mount_prefix, public_link, public_url
from routekaart.web.pagecache import cached_page

if TYPE_CHECKING:
    from routekaart.content.loader import Content
    from routekaart.content.model import Organisation

bp = Blueprint("poster", __name__)

SIZES = ("a4", "a3")

# The same flags as the browser tests: headless, no sandbox (containers), nothing that calls
# home. Debian's Chromium; Playwright's own browser download is never used.
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# A QR code is a pure function of its address, title and size, so each is drawn once per
# process: the codes of the posters, the steps and the hand-overs are a few hundred addresses
# at most; beyond that the least recently used are drawn again.
svg_code = lru_cache(maxsize=512)(qr.svg)
png_code = lru_cache(maxsize=128)(qr.png)


class PosterError(Exception):
    """A poster or QR code that cannot be made; the message tells staff what to do."""


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
    main = Code(
        lang,
        main_url,
        svg_code(main_url, title=_("QR code to the route finder: %(url)s", url=main_url)),
    )
    others = []
    for other in LANGUAGES:
        if other == lang:
            continue
        url = finder_url(other, "", source)
        title = _("QR code to the route finder in %(language)s", language=NATIVE_NAMES[other])
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


def check_poster_request(app: Flask, lang: str, size: str, source: str | None, at: str | None):
    """Check what staff asked for before starting a browser; PosterError says what is wrong."""
    if lang not in LANGUAGES:
        raise PosterError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if size not in SIZES:
        raise PosterError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    if at is not None and clock.parse_at(at) is None:
        raise PosterError(
            f"--at {at!r} is not a date; write it like 2027-01-04 or 2027-01-04T10:00"
        )
    with app.app_context():
        try:
            sources = current_content().settings.sources
        except ContentUnavailable as error:
            raise PosterError("the content has errors; run `routekaart check` first") from error
    if source is not None and source not in sources:
        allowed = ", ".join(sources) or "(none in content/settings.yaml)"
        raise PosterError(f"unknown source tag {source!r}; allowed: {allowed}")


def poster_path(lang: str, size: str, source: str | None = None, at: str | None = None) -> str:
    """The app-relative address of a poster, e.g. ``/nl/poster?size=a4&bron=tuinkamer``."""
    query = {"size": size, "bron": source, "at": at}
    return f"/{lang}/poster?" + urlencode({k: v for k, v in query.items() if v is not None})


def find_chromium() -> str:
    """Debian's Chromium and Playwright, or a PosterError that says how to install them."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        raise PosterError(
            "a PDF needs the Python package playwright (pip install playwright; do not run "
            "`playwright install`, the system Chromium is used). Without it, open "
            "/nl/poster in Chromium or Chrome and print to PDF by hand."
        ) from error
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        raise PosterError(
            "a PDF needs Chromium: install it with `sudo apt-get install chromium`. Without it, "
            "open /nl/poster in Chromium or Chrome and print to PDF by hand."
        )
    return path


def write_pdf(
    app: Flask,
    out: Path,
    *,
    lang: str,
    size: str = "a4",
    source: str | None = None,
    at: str | None = None,
    browser: Any = None,
) -> Path:
    """Print the poster to a PDF with Chromium; ``browser`` reuses a Playwright browser.

    The app is served on a free port of 127.0.0.1 for as long as it takes; the QR codes still
    carry ``PUBLIC_URL``, not that local address. Raises PosterError for bad input or when
    Chromium or Playwright is missing.
    """
    from werkzeug.serving import make_server

    check_poster_request(app, lang, size, source, at)
    executable = None if browser is not None else find_chromium()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}{poster_path(lang, size, source, at)}"
    try:
        if browser is not None:
            _print(browser, url, out, size)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                own = playwright.chromium.launch(executable_path=executable, args=CHROME_ARGS)
                try:
                    _print(own, url, out, size)
                finally:
                    own.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _print(browser: Any, url: str, out: Path, size: str) -> None:
    page = browser.new_page()
    try:
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            status = response.status if response else "no answer"
            raise PosterError(f"the poster page answered {status}")
        page.pdf(
            path=str(out),
            format=size.upper(),
            print_background=True,
            prefer_css_page_size=True,
        )
    finally:
        page.close()


# --- QR images for staff ------------------------------------------------------------------------


def qr_url(app: Flask, target: str, source: str | None = None) -> str:
    """The address a staff QR code carries: a full URL as given, or a page of this site.

    A path (``nl/direct/huis-uit``, ``/en/poster``) must answer 200 on this site and becomes a
    full public address under ``PUBLIC_URL``, with ``?bron=`` when ``source`` is an allowed tag.
    Raises PosterError otherwise.
    """
    if target.startswith(("http://", "https://")):
        if source is not None:
            raise PosterError("--source works only with a path on this site, not a full URL")
        return target
    path = "/" + target.strip().lstrip("/")
    prefix = mount_prefix(app.config["PUBLIC_URL"])
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :] or "/"
    if "?" in path or "#" in path:
        raise PosterError("write the path without ? or #; use --source for the source tag")
    check_poster_request(app, "nl", "a4", source, None)
    status = app.test_client().get(path).status_code
    if status != 200:
        raise PosterError(f"{path} answers {status} on this site; check the path")
    query = "?" + urlencode({"bron": source}) if source else ""
    return public_url(path, app) + query


def write_qr(app: Flask, target: str, out: Path, source: str | None = None) -> str:
    """Write a QR code image (``.svg`` or ``.png``, from the file name); the encoded URL."""
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise PosterError(f"{out.name}: the file name must end in .svg or .png")
    url = qr_url(app, target, source)
    if suffix == ".svg":
        out.write_text(qr.svg(url, title=url), encoding="utf-8")
    else:
        out.write_bytes(qr.png(url, scale=10))
    return url


def init_app(app: Flask) -> None:
    """Register the poster, the QR code images and the source-tag check."""
    app.register_blueprint(bp)
