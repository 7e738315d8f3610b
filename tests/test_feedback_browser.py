"""'Heeft dit geholpen?' in Debian's Chromium on a 320 px phone, in Dutch, English and
right-to-left Arabic: axe-core finds nothing in the question, the reasons or the thank-you;
with htmx only the bubble changes (the address stays); without JavaScript the form posts and
the same page comes back thanked. No cookie is ever set."""

from __future__ import annotations

import pytest
import servers
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from test_browser_every_page import AXE_RUN, NARROW, WIDE_ELEMENTS
from test_browser_finder import WATCH_CSP

from routekaart import create_app

pytestmark = pytest.mark.browser

WORDS = {
    "nl": ("Heeft dit geholpen?", "Nee", "Het loket was dicht", "Versturen", "Bedankt voor uw"),
    "en": ("Did this help?", "No", "The desk was closed", "Send", "Thank you for your answer"),
    "ar": ("هل ساعدك هذا؟", "لا", "كانت الجهة مغلقة", "إرسال", "شكرًا على إجابتك"),
}


@pytest.fixture(scope="module")
def site():
    with servers.threaded(create_app({"TESTING": True})) as url:
        yield url


def axe_clean(page, axe: Axe, where: str) -> list[str]:
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], (
        where,
        page.evaluate(WIDE_ELEMENTS),
    )
    page.evaluate(axe.axe_script)
    results = AxeResults(page.evaluate(AXE_RUN))
    return [f"{where}\n{results.generate_report()}"] if results.violations_count else []


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_the_answer_with_htmx_is_accessible_at_320_px(browser, site, lang):
    question, no, reason, send, thanks = WORDS[lang]
    context = browser.new_context(viewport=NARROW)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    axe, problems = Axe(), []
    try:
        url = f"{site}/{lang}/direct/huis-uit"
        page.goto(url)
        bubble = page.locator("#feedback")
        assert question in bubble.inner_text()
        problems += axe_clean(page, axe, "question")
        bubble.get_by_role("button", name=no, exact=True).click()
        page.get_by_role("radio", name=reason).wait_for()
        assert page.url == url  # htmx swapped the bubble; the address is the result's
        problems += axe_clean(page, axe, "reasons")
        page.get_by_role("radio", name=reason).check()
        page.get_by_role("button", name=send).click()
        page.get_by_role("status").filter(has_text=thanks).wait_for()
        assert page.url == url
        problems += axe_clean(page, axe, "thanks")
        assert page.evaluate("window.__csp || []") == []
        assert context.cookies() == []
    finally:
        context.close()
    assert problems == [], "\n\n".join(problems)


def test_the_answer_without_javascript_is_the_same_page_thanked(browser, site):
    context = browser.new_context(viewport=NARROW, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site}/nl/iets-anders")
        page.locator("#feedback").get_by_role("button", name="Ja", exact=True).click()
        page.get_by_text("Bedankt voor uw antwoord").wait_for()
        assert page.url == f"{site}/nl/iets-anders"
        assert page.locator("h1").count() == 1 and page.locator("#question").count() == 1
        assert context.cookies() == []
    finally:
        context.close()


REPORT_WORDS = {
    "nl": ("Klopt er iets niet?", "Telefoonnummer", "Versturen", "We controleren de melding"),
    "en": ("Is something wrong?", "Phone number", "Send", "We check your report"),
    "ar": ("هل هناك خطأ؟", "رقم الهاتف", "إرسال", "نتحقق من بلاغك"),
}


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_a_report_about_a_desk_is_accessible_at_320_px(browser, site, lang):
    summary, fact, send, thanks = REPORT_WORDS[lang]
    context = browser.new_context(viewport=NARROW)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    axe, problems = Axe(), []
    try:
        for url in (f"{site}/{lang}/organisatie/kredietbank", f"{site}/{lang}/partners"):
            page.goto(url)
            box = page.locator("#report-kredietbank")
            box.get_by_text(summary).click()
            problems += axe_clean(page, axe, f"{url} open")
            box.get_by_role("checkbox", name=fact).check()
            box.get_by_role("button", name=send).click()
            page.locator("#report-kredietbank").get_by_text(thanks).wait_for()
            assert page.url == url
            problems += axe_clean(page, axe, f"{url} thanked")
        assert page.evaluate("window.__csp || []") == []
        assert context.cookies() == []
    finally:
        context.close()
    assert problems == [], "\n\n".join(problems)
