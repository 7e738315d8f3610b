"""A resident types their worry in the text box, with JavaScript (htmx) and without."""

from __future__ import annotations

import re
from datetime import date

import pytest
import servers
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.test_browser_finder import (  # noqa: F401  (fixtures used by name)
    AXE_TAGS,
    Resident,
    path_of,
    resident,
    resident_without_js,
    turns,
)
from tests.test_counting import PHONE, counting_app
from tests.test_usage import add

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
    expect(question).to_contain_text("Misschien past")
    expect(question).to_be_focused()
    expect(page.locator(".answered .me")).to_contain_text("de deurwaarder stond voor de deur")
    assert path_of(page) == "/nl/"  # the words never go into the address
    assert turns(page) == 3
    options = page.locator("#current a.option")
    expect(options.last).to_have_text("Iets anders, of ik weet het niet")
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
    expect(page.locator("#question")).to_contain_text("ربما يناسب أحدُ هذه الخيارات وضعك:")
    expect(page.locator(".answered .me")).to_contain_text("قطعوا عني الكهربا")
    page.locator("#current a.option").first.click()
    # Without JavaScript the marker of the first suggestion stays in the address (counted once).
    page.wait_for_url(re.compile(r"/ar/direct/afgesloten\?gekozen=1#question$"))
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")


def test_nothing_fits_offers_the_branches_something_else_and_the_box_again(resident):  # noqa: F811
    page = resident.open("/en/")
    page.get_by_label("Or describe your situation in a few words").fill("recipe for pancakes")
    page.get_by_role("button", name="Find help").click()
    expect(page.locator("#question")).to_contain_text(
        "We couldn’t find a situation that matches your words."
    )
    expect(page.locator("#current a.option")).to_have_text(
        [
            "It’s urgent: I need help now",
            "I have a question about money and need help soon",
            "I’m young and need help",
            "Something else, or I don’t know",
        ]
    )
    box = page.get_by_label("Or describe your situation in a few words")
    box.fill("bailiff at my door")
    page.get_by_role("button", name="Find help").click()
    expect(page.locator("#current a.option").first).to_have_text(
        "I’m getting letters from a bailiff (deurwaarder) or debt collector (incassobureau)"
    )


# --- which suggestion was chosen is counted (issue 25) ------------------------------------------


@pytest.fixture
def counting_site(tmp_path):
    """An app that counts (into its own SQLite file), with a month of the text box's counts on
    the Dutch pages already in: 29 texts found situations, 10 found nothing, 12 residents chose
    the first suggestion and 9 the second. Yields (app, base URL)."""
    app = counting_app(f"sqlite:///{tmp_path / 'counts.sqlite3'}")
    monday = date(2027, 1, 4)  # in the month of the fixed clock (conftest.NOW)
    add(
        app,
        [
            (monday, "free_text", "matched", "nl", 29),
            (monday, "free_text", "nothing", "nl", 10),
            (monday, "choice", "1", "nl", 12),
            (monday, "choice", "2", "nl", 9),
        ],
    )
    with servers.threaded(app) as url:
        yield app, url


def second_chosen(page, base: str, query: str = "") -> str:
    """The figure "the second suggestion was chosen" of this month on the Dutch reach page."""
    page.goto(f"{base}/nl/monitor/gebruik{query}")
    table = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Nederlands: welke"))
    )
    row = table.locator(
        "tr", has=page.get_by_role("rowheader", name="De tweede suggestie is gekozen")
    )
    return row.locator("td").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_resident_picks_the_second_suggestion_and_it_is_counted(
    browser, counting_site, javascript
):
    """Type a worry, pick the second suggestion: the reach page's "second" goes from "< 10" to
    10 (12, 10, "< 10", "< 10" under 30 texts with suggestions). With JavaScript the address
    bar loses the marker at once: a reload or a shared address does not count again."""
    app, base = counting_site
    person = Resident(browser, base, javascript=javascript, user_agent=PHONE)
    try:
        page = person.open("/nl/")
        assert second_chosen(page, base) == "< 10"
        page = person.open("/nl/")
        page.get_by_label("Of beschrijf uw situatie in een paar woorden").fill(
            "ik heb schulden en rekeningen"
        )
        page.get_by_role("button", name="Zoek hulp").click()
        expect(page.locator("#question")).to_contain_text("Misschien past")
        second = page.locator("#current a.option").nth(1)
        href = second.get_attribute("href")
        assert href.endswith("?gekozen=2#question")
        step = href.split("?")[0]
        second.click()
        page.wait_for_load_state()
        expect(page.locator("#question")).to_be_visible()
        if javascript:
            expect(page).to_have_url(f"{base}{step}#question")
            canonical = page.locator("link[rel=canonical]").get_attribute("href")
            assert canonical.endswith(step) and "gekozen" not in canonical
        else:
            expect(page).to_have_url(f"{base}{href}")
        assert app.extensions["routekaart.counter"].flush()
        # (Another address of the same month: the browser may keep the first one's page.)
        assert second_chosen(page, base, "?periode=2027-01") == "10"
        person.check_clean()
    finally:
        person.context.close()


WAY_ON = {
    "nl": (
        "Of beschrijf uw situatie in een paar woorden",
        "Zoek hulp",
        "We hebben niets gevonden dat bij uw woorden past.",
        "Iets anders, of ik weet het niet",
    ),
    "ar": (
        "أو صف وضعك ببضع كلمات",
        "ابحث عن مساعدة",
        "لم نجد حالة تناسب كلماتك.",
        "شيء آخر، أو لا أعرف",
    ),
}


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_nothing_fits_leads_on_in_the_pages_language(browser, live_server, lang, javascript):
    """Issue 25: when nothing fits, the three branches and "Iets anders" in the page's language,
    with and without JavaScript; the last one opens the general help."""
    label, button, not_sure, something_else = WAY_ON[lang]
    person = Resident(browser, live_server, javascript=javascript)
    try:
        page = person.open(f"/{lang}/")
        page.get_by_label(label).fill("zzqx wvvq")
        page.get_by_role("button", name=button).click()
        expect(page.locator("#question")).to_contain_text(not_sure)
        options = page.locator("#current a.option")
        expect(options).to_have_count(4)
        expect(options.last).to_have_text(something_else)
        assert path_of(page) == f"/{lang}/"
        options.last.click()
        page.wait_for_url(re.compile(rf"/{lang}/iets-anders#question$"))
        expect(page.locator("html")).to_have_attribute("lang", lang)
        person.check_clean()
    finally:
        person.context.close()
