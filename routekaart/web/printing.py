"""Poster PDFs and QR code files for staff (``routekaart poster`` and ``routekaart qr``).

The poster page is printed by Debian's Chromium from the app itself, served on a private
local address for the length of the print; the QR codes on it carry ``PUBLIC_URL``.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask

from routekaart.domain import clock, qr
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web.i18n import LANGUAGES
from routekaart.web.mount import mount_prefix, public_url
from routekaart.web.poster import SIZES

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


class PosterError(Exception):
    """A poster or QR code that cannot be made; the message tells staff what to do."""


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
