"""A resident types their worry in the text box, with JavaScript (htmx) and without."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.test_browser_finder import (  # noqa: F401  (fixtures used by name)
    AXE_TAGS,
    path_of,
    resident,
    resident_without_js,
    turns,
)

pytestmark = pytest.mark.browser


def test_type_a_worry_with_javascript(resident):  # noqa: F811
    page = resident.open("/nl/")
    page.evaluate("window.__samePage = true")  # survives only if no full page load happens
    page.get_by_label("Of beschrijf uw situatie in een paar woorden").fill(
        "de deurwaarder stond voor de deur"
    )
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.keyboard.press("Enter")
    assert answer.value.request.headers["hx-request"] == "true"
    assert "<html" not in answer.value.text()
    question = page.locator("#question")
    expect(question).to_contain_text("Dit is dringend.")
    expect(question).to_contain_text("Ik denk dat dit bij u past:")
    expect(question).to_be_focused()
    expect(page.locator(".answered .me")).to_contain_text("de deurwaarder stond voor de deur")
    assert path_of(page) == "/nl/"  # the words never go into the address
    assert turns(page) == 3
    options = page.locator("#current a.option")
    expect(options.last).to_have_text("Iets anders")
    page.wait_for_timeout(400)  # let the fade-in finish before measuring contrast
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()

    options.first.click()
    page.wait_for_url("**/nl/direct/deurwaarder#question")
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")
    assert not any("deurwaarder%20stond" in u or "stond+voor" in u for u in resident.requests)


def test_type_a_worry_without_javascript(resident_without_js):  # noqa: F811
    page = resident_without_js.open("/ar/")
    page.get_by_label("أو صف وضعك ببضع كلمات").fill("قطعوا عني الكهربا")
    page.get_by_role("button", name="ابحث عن مساعدة").click()
    page.wait_for_load_state()
    assert path_of(page) == "/ar/"
    expect(page.locator("#question")).to_contain_text("أعتقد أن هذا يناسبك:")
    expect(page.locator(".answered .me")).to_contain_text("قطعوا عني الكهربا")
    page.locator("#current a.option").first.click()
    page.wait_for_url(re.compile(r"/ar/direct/afgesloten#question$"))
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")


def test_nothing_fits_offers_the_branches_something_else_and_the_box_again(resident):  # noqa: F811
    page = resident.open("/en/")
    page.get_by_label("Or describe your situation in a few words").fill("recipe for pancakes")
    page.get_by_role("button", name="Find help").click()
    expect(page.locator("#question")).to_contain_text("I am not sure what fits you.")
    expect(page.locator("#current a.option")).to_have_text(
        [
            "Help! I need help right now.",
            "I have a question about money and need help soon.",
            "I am young and need help.",
            "Something else / I don’t know",
        ]
    )
    box = page.get_by_label("Or describe your situation in a few words")
    box.fill("bailiff at my door")
    page.get_by_role("button", name="Find help").click()
    expect(page.locator("#current a.option").first).to_have_text(
        "I get letters from a bailiff (deurwaarder) or debt collector (incassobureau)"
    )
