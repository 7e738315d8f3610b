"""The poster in Chromium: every QR code scans to the right address; one page per paper size."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import servers
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from pypdf import PdfReader

from routekaart import create_app
from routekaart.web.printing import write_pdf

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://www.sterkvoornoord.nl/geldzaken"
LANGS = ("nl", "en", "ar")
# Paper sizes in PostScript points (1/72 inch).
PAPER = {"a4": (595.3, 841.9), "a3": (841.9, 1190.6)}


@pytest.fixture(scope="module")
def public_app():
    """The app as it runs on the live site, under /geldzaken."""
    return create_app({"TESTING": True, "PUBLIC_URL": PUBLIC})


@pytest.fixture(scope="module")
def server(public_app):
    """The app on a free local port, as a proxy that strips /geldzaken would serve it."""
    with servers.threaded(public_app) as url:
        yield url


def scan(png: bytes) -> list[str]:
    """The texts of the QR codes in a screenshot."""
    pixels = np.array(Image.open(io.BytesIO(png)).convert("L"))
    return [r.text for r in zxingcpp.read_barcodes(pixels) if r.format.name == "QRCode"]


@pytest.mark.parametrize("source", [None, "tuinkamer"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_code_on_the_printed_poster_scans_to_the_expected_address(
    browser, server, lang, source
):
    context = browser.new_context(device_scale_factor=2, viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.emulate_media(media="print")
    query = "?bron=" + source if source else ""
    response = page.goto(f"{server}/{lang}/poster{query}")
    assert response.status == 200
    tag = f"?bron={source}" if source else ""
    expected = [f"{PUBLIC}/{lang}/{tag}"] + [
        f"{PUBLIC}/{other}/{tag}" for other in LANGS if other != lang
    ]
    codes = page.locator(".poster svg.qr-code")
    assert codes.count() == 3
    scanned = [scan(codes.nth(i).screenshot()) for i in range(3)]
    assert scanned == [[url] for url in expected]
    # The whole printed page holds exactly these three codes, nothing else scannable.
    assert sorted(scan(page.locator(".poster").screenshot())) == sorted(expected)
    context.close()


@pytest.mark.parametrize("size", ["a4", "a3"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_one_page_of_the_chosen_size(browser, public_app, tmp_path, lang, size):
    out = write_pdf(public_app, tmp_path / "poster.pdf", lang=lang, size=size, browser=browser)
    pages = PdfReader(out).pages
    assert len(pages) == 1
    width, height = (float(v) for v in pages[0].mediabox[2:])
    assert (width, height) == pytest.approx(PAPER[size], abs=1)
    text = pages[0].extract_text()
    assert "Kredietbank Nederland" in text and "jpf@lv.nl" in text


def test_the_poster_before_the_jap_ended_still_fits_one_page(browser, public_app, tmp_path):
    # In 2024 the Jongerenadviespunt was still there: six organisations instead of five.
    out = write_pdf(
        public_app,
        tmp_path / "poster.pdf",
        lang="ar",
        size="a4",
        source="bibliotheek",
        at="2024-06-03",
        browser=browser,
    )
    pages = PdfReader(out).pages
    assert len(pages) == 1
    assert "jap@senw-lv.nl" in pages[0].extract_text()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_poster_page_is_accessible_and_styled_under_the_mount_point(browser, server, lang):
    page = browser.new_page()
    page.goto(f"{server}/geldzaken/{lang}/poster?bron=school")
    # The stylesheet came from /geldzaken/static/: the first branch has its red band.
    band = page.locator(".branch-1 h2").evaluate("e => getComputedStyle(e).backgroundColor")
    assert band == "rgb(164, 0, 15)"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.close()


def test_the_poster_command_writes_a_pdf(tmp_path):
    # A separate process: the command starts its own Playwright, which cannot run inside the
    # Playwright that pytest-playwright keeps open in this one.
    out = tmp_path / "tuinkamer.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "routekaart", "poster", "--lang", "ar", "--size", "a3"]
        + ["--source", "tuinkamer", "--at", "2027-01-04", "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "ROUTEKAART_PUBLIC_URL": PUBLIC},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out} (A3, ar)" in result.stdout
    pages = PdfReader(out).pages
    assert len(pages) == 1
    assert tuple(float(v) for v in pages[0].mediabox[2:]) == pytest.approx(PAPER["a3"], abs=1)
