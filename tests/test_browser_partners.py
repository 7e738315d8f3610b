"""The partners' guide in a real browser: live search, the same results without JavaScript,
QR codes that a phone can scan, an A5 slip, and axe-core."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from routekaart.content.loader import load
from routekaart.domain import engine

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "http://127.0.0.1:5000"
_CONTENT, _ = load(ROOT / "content")
RESULT_PATHS = [c.slug_path for c in engine.results(_CONTENT.tree)]

A5 = (419.53, 595.28)  # points


def situation_ids(page) -> list[str]:
    return page.locator("li.situation").evaluate_all("items => items.map(i => i.id)")


def decode_qr(png: bytes) -> list[str]:
    """The texts of the QR codes in a screenshot."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_live_search_filters_as_you_type_and_keeps_the_url(page, live_server):
    page.goto(f"{live_server}/en/partners")
    expect(page.locator("li.situation")).to_have_count(len(RESULT_PATHS))
    page.fill("#q", "bailiff")
    expect(page.locator("li.situation")).to_have_count(1)
    assert situation_ids(page) == ["sit-direct-deurwaarder"]
    expect(page).to_have_url(f"{live_server}/en/partners?q=bailiff")
    expect(page.locator("#partner-announce")).to_have_text("1 situation · 2 organisations")
    # Focus stays in the search box while typing.
    assert page.evaluate("document.activeElement.id") == "q"
    page.fill("#q", "")
    expect(page.locator("li.situation")).to_have_count(len(RESULT_PATHS))


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("nl", "deurwaarder"),
        ("nl", "Deurwaarder"),
        ("nl", "deurwaard"),
        ("nl", "beslag"),
        ("en", "bailiff"),
    ],
)
def test_the_plain_form_without_javascript_gives_the_same_results(
    browser, page, live_server, lang, query
):
    page.goto(f"{live_server}/{lang}/partners")
    page.fill("#q", query)
    page.wait_for_url(f"**/{lang}/partners?q={query}")
    expect(page.locator("li.situation")).not_to_have_count(len(RESULT_PATHS))
    with_js = situation_ids(page)

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server}/{lang}/partners")
    plain.fill("#q", query)
    plain.click("form.partner-search button[type=submit]")
    plain.wait_for_url(f"**/{lang}/partners?q={query}")
    assert situation_ids(plain) == with_js
    assert with_js and all("deurwaarder" in i or "beslag" in i for i in with_js)
    context.close()


def test_every_hand_over_qr_code_decodes_to_its_link(page, live_server):
    page.set_viewport_size({"width": 1000, "height": 900})
    for path in RESULT_PATHS:
        for taal in ("nl", "en", "ar"):
            page.goto(f"{live_server}/nl/partners/overdracht/{path}?taal={taal}")
            link = page.locator("#handover-link").get_attribute("href")
            assert link == f"{PUBLIC}/{taal}/{path}"
            assert decode_qr(page.locator("figure.qr svg").screenshot()) == [link], link
            # The slip's small code carries the same link.
            assert decode_qr(page.locator(".slip-qr svg").screenshot()) == [link], link
            opened = page.request.get(live_server + link.removeprefix(PUBLIC))
            assert opened.status == 200


def test_the_big_qr_code_is_large_on_screen(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/en/partners/overdracht/direct/huis-uit?taal=ar")
    box = page.locator("figure.qr svg").bounding_box()
    assert box["width"] >= 300 and abs(box["width"] - box["height"]) < 2


def test_the_slip_prints_alone_on_one_a5_page(page, live_server):
    page.goto(f"{live_server}/en/partners/overdracht/direct/huis-uit?taal=ar")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A5, abs=1.5)
    text = reader.pages[0].extract_text()
    assert "Kredietbank Nederland" in text
    assert "Let the resident scan" not in text  # the partner's screen part is not printed


def test_every_slip_fits_on_one_a5_page_even_with_three_desks(page, live_server):
    """Before 2025 the youth routes list three desks (the JAP too): the longest slips."""
    too_long = []
    for path in RESULT_PATHS:
        for taal in ("nl", "en", "ar"):
            page.goto(
                f"{live_server}/nl/partners/overdracht/{path}?taal={taal}&at=2024-06-03T10:00"
            )
            pages = len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
            if pages != 1:
                too_long.append((path, taal, pages))
    assert too_long == []


def test_the_print_button_appears_with_javascript(page, live_server):
    page.goto(f"{live_server}/nl/partners/overdracht/direct/beslag?taal=en")
    expect(page.locator("button.print")).to_be_visible()


@pytest.mark.parametrize(
    "url",
    [
        "/nl/partners",
        "/ar/partners?q=beslag",
        "/en/partners/overdracht/direct/huis-uit?taal=ar",
        "/ar/partners/organisatie/ping-loket/overdracht?taal=nl",
    ],
)
def test_axe_finds_no_violations(page, live_server, url):
    page.goto(live_server + url)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
