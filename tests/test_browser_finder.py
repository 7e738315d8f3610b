"""A resident on a phone, in Debian's Chromium: with JavaScript (htmx) and without.

Each test opens its own browser context at 360×740 and records every request, every console
error and every Content-Security-Policy violation; `resident` fails the test when the page
reached outside its own origin or broke the CSP.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from routekaart import create_app
from routekaart.domain import engine
from routekaart.ops.store import current_content

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 360, "height": 740}

# Runs before any page script (through the DevTools protocol, so the CSP does not apply to it).
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _content():
    app = create_app({"TESTING": True})
    with app.app_context():
        return current_content()


CONTENT = _content()
RESULT_PATHS = ["/".join(c.path) for c in engine.results(CONTENT.tree)]


class Resident:
    """A browser context on a phone, with what it requested and what went wrong in it."""

    def __init__(self, browser, base: str, javascript: bool = True, **options) -> None:
        self.base = base
        self.context = browser.new_context(
            viewport=options.pop("viewport", PHONE), java_script_enabled=javascript, **options
        )
        self.context.add_init_script(WATCH_CSP)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page

    def check_clean(self) -> None:
        """Nothing left our origin; no CSP violation, console error or script error."""
        foreign = [u for u in self.requests if not u.startswith(self.base + "/") and u != "data:,"]
        assert not foreign, foreign
        assert not self.errors, self.errors
        if self.page.context.pages and not self.page.is_closed():
            try:
                violations = self.page.evaluate("window.__csp || []")
            except Exception:  # JavaScript off: the page cannot run our watcher
                violations = []
            assert not violations, violations


@pytest.fixture
def resident(browser, live_server):
    """A resident with JavaScript on."""
    person = Resident(browser, live_server)
    yield person
    person.check_clean()
    person.context.close()


@pytest.fixture
def resident_without_js(browser, live_server):
    """A resident whose browser runs no JavaScript."""
    person = Resident(browser, live_server, javascript=False)
    yield person
    person.check_clean()
    person.context.close()


@pytest.fixture
def resident_without_worker(browser, live_server):
    """A resident with JavaScript on but no service worker (static/sw.js), for the tests that
    change responses with ``page.route``: requests a worker answers never reach it."""
    person = Resident(browser, live_server, service_workers="block")
    yield person
    person.check_clean()
    person.context.close()


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def turns(page: Page) -> int:
    return page.locator("#conversation > li").count()


def choose(page: Page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()


# --- walking the routekaart ---------------------------------------------------------------


def test_walk_to_the_kredietbank_with_javascript(resident):
    page = resident.open("/nl/")
    page.evaluate("window.__samePage = true")  # survives only if no full page load happens
    assert turns(page) == 2

    with page.expect_response(re.compile(r"/nl/direct$")) as step:
        choose(page, "Help! Ik heb nu direct hulp nodig")
    fragment = step.value
    assert fragment.request.headers["hx-request"] == "true"
    assert "<html" not in fragment.text()
    page.wait_for_url("**/nl/direct")
    question = page.locator("#question")
    expect(question).to_have_text("Wat is er gebeurd?")
    expect(question).to_be_focused()
    expect(page.locator("#announce")).to_have_text("Wat is er gebeurd?")
    expect(page).to_have_title(re.compile("^Wat is er gebeurd?"))
    assert turns(page) == 3
    # The resident's own answer is their bubble, on the other side.
    expect(page.locator(".answered .me").first).to_contain_text("Help! Ik heb nu direct hulp")

    choose(page, "Ik heb een brief gekregen dat ik mijn huis uit moet")
    page.wait_for_url("**/nl/direct/huis-uit")
    expect(page.locator("#question")).to_be_focused()
    expect(page.locator("#question")).to_have_text(
        "U heeft een brief gekregen dat u uw huis uit moet"
    )
    expect(page.locator("#announce")).to_have_text(
        "U heeft een brief gekregen dat u uw huis uit moet"
    )
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")
    expect(page.locator(".urgent a.call")).to_have_attribute("href", "tel:+31703008834")
    expect(page.locator("button.print")).to_be_visible()
    assert turns(page) == 4
    assert page.evaluate("window.__samePage") is True
    # The language switch followed the conversation.
    expect(page.locator("#langs a[hreflang=en]")).to_have_attribute("href", "/en/direct/huis-uit")
    # The question is in view after the smooth scroll.
    expect(page.locator("#question")).to_be_in_viewport()


def test_walk_to_the_kredietbank_without_javascript(resident_without_js):
    page = resident_without_js.open("/nl/")
    choose(page, "Help! Ik heb nu direct hulp nodig")
    page.wait_for_url("**/nl/direct#question")
    expect(page.locator("#question")).to_have_text("Wat is er gebeurd?")
    expect(page.locator("#question")).to_be_in_viewport()
    choose(page, "Ik heb een brief gekregen dat ik mijn huis uit moet")
    page.wait_for_url("**/nl/direct/huis-uit#question")
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")
    expect(page.locator(".urgent a.call")).to_be_visible()
    assert turns(page) == 4
    # Printing is the browser's own menu here: no dead button.
    expect(page.locator("button.print")).to_be_hidden()


def test_keyboard_only(resident):
    page = resident.open("/en/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    expect(page.locator(".skip")).to_be_in_viewport()
    page.keyboard.press("Enter")
    option = page.locator("#current a.option").first
    for _ in range(10):
        page.keyboard.press("Tab")
        if option.evaluate("a => a === document.activeElement"):
            break
    expect(option).to_be_focused()
    # Focus is visible: a solid outline that the stylesheet draws, not the browser's default.
    outline = option.evaluate(
        "a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth"
    )
    assert outline == "solid 3px", outline
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/direct")
    expect(page.locator("#question")).to_be_focused()
    # The next Tab reaches the first new option, not the top of the page.
    page.keyboard.press("Tab")
    expect(page.locator("#current a.option").first).to_be_focused()


# --- back, change, start over ---------------------------------------------------------------


def test_back_and_forward_buttons_with_javascript(resident):
    page = resident.open("/nl/")
    choose(page, "Ik ben jong en heb hulp nodig")
    page.wait_for_url("**/nl/jong")
    expect(page.locator("#question")).to_be_focused()
    first_question = page.locator("#question").inner_text()
    choose(page, page.locator("#current a.option").first.inner_text())
    page.wait_for_url(re.compile(r"/nl/jong/[a-z0-9-]+$"))
    expect(page.locator("#question")).to_be_focused()

    page.go_back()
    page.wait_for_url("**/nl/jong")
    expect(page.locator("#question")).to_have_text(first_question)
    expect(page.locator("#conversation > li")).to_have_count(3)
    assert page.locator("h1").count() == 1
    expect(page.locator("#question")).to_be_focused()  # the resident continues right there
    expect(page).to_have_title(re.compile("^" + re.escape(first_question)))
    page.go_back()
    page.wait_for_url(re.compile(r"/nl/$"))
    expect(page.locator("#conversation > li")).to_have_count(2)
    page.go_forward()
    page.wait_for_url("**/nl/jong")
    expect(page.locator("#question")).to_have_text(first_question)
    expect(page.locator("#conversation > li")).to_have_count(3)
    # Going on after a history restore still uses htmx and still works.
    choose(page, page.locator("#current a.option").first.inner_text())
    page.wait_for_url(re.compile(r"/nl/jong/[a-z0-9-]+$"))
    expect(page.locator("#conversation > li")).to_have_count(4)


def test_back_from_another_page_never_shows_a_bare_fragment(resident):
    """The browser cache keeps the fragment and the page apart (Vary: HX-Request)."""
    page = resident.open("/nl/")
    choose(page, "Help! Ik heb nu direct hulp nodig")
    page.wait_for_url("**/nl/direct")
    choose(page, "Ik heb een brief gekregen dat ik mijn huis uit moet")
    page.wait_for_url("**/nl/direct/huis-uit")
    page.locator(".org h3 a").first.click()
    page.wait_for_url("**/nl/organisatie/kredietbank")
    page.go_back()
    page.wait_for_url("**/nl/direct/huis-uit")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#conversation > li")).to_have_count(4)
    expect(page.locator("header .brand")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_change_an_earlier_answer_then_start_over(browser, live_server, javascript):
    person = Resident(browser, live_server, javascript=javascript)
    try:
        page = person.open("/nl/direct/huis-uit")
        page.locator(".answered .change a").first.click()
        page.wait_for_url(re.compile(r"/nl/(#question)?$"))
        expect(page.locator("#question")).to_have_text("Wat past het best?")
        expect(page.locator("#conversation > li")).to_have_count(2)  # later answers dropped
        choose(page, "Ik heb een vraag over geld en heb binnenkort hulp nodig")
        page.wait_for_url(re.compile(r"/nl/binnenkort(#question)?$"))
        choose(page, page.locator("#current a.option").first.inner_text())
        page.wait_for_url(re.compile(r"/nl/binnenkort/schulden(#question)?$"))
        expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")
        restart = page.locator(".restart a")  # (by place: its words get translated)
        expect(restart).to_be_in_viewport()  # always on screen, even at the end of a result
        restart.click()
        page.wait_for_url(re.compile(r"/nl/$"))
        expect(page.locator("#conversation > li")).to_have_count(2)
        person.check_clean()
    finally:
        person.context.close()


def test_language_switch_keeps_the_place_after_htmx_steps(resident):
    page = resident.open("/nl/")
    choose(page, "Help! Ik heb nu direct hulp nodig")
    page.wait_for_url("**/nl/direct")
    page.locator("#langs a[hreflang=ar]").click()
    page.wait_for_url("**/ar/direct")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#question")).to_have_text("ماذا حدث؟")
    expect(page.locator("#conversation > li")).to_have_count(3)


@pytest.mark.parametrize("failure", ["server-error", "network-error"])
def test_a_failed_htmx_step_falls_back_to_following_the_link(resident_without_worker, failure):
    """A 5xx/4xx or a dropped connection on the fragment: the link is followed the ordinary way."""
    resident = resident_without_worker
    page = resident.open("/en/")

    def fail_fragments(route):
        if route.request.headers.get("hx-request") != "true":
            return route.continue_()
        if failure == "server-error":
            return route.fulfill(status=500, body="broken")
        return route.abort("connectionreset")

    page.route("**/en/direct", fail_fragments)
    choose(page, "It’s urgent: I need help now")
    page.wait_for_url("**/en/direct")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#question")).to_have_text("What has happened?")
    expect(page.locator("#conversation > li")).to_have_count(3)
    # The failed fragment itself was reported by the browser; that is the point of the test.
    # (htmx logs its error events to the console as well.)
    resident.errors = [
        e for e in resident.errors if "500" not in e and "ERR_" not in e and "htmx:" not in e
    ]


# --- accessibility, layout, privacy --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nl/",
        "/nl/direct",
        "/nl/direct/huis-uit",
        "/en/binnenkort/formulieren",
        "/ar/jong/schulden/18-tot-27",
        "/nl/bogus",
        "/en/toegankelijkheid",
        "/nl/direct?at=2027-01-04T10:00",
    ],
)
def test_axe_finds_no_violations(resident, path):
    page = resident.open(path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    if path == "/nl/bogus":
        resident.errors = [e for e in resident.errors if "404" not in e]


def test_axe_after_htmx_steps(resident):
    page = resident.open("/ar/")
    page.locator("#current a.option").nth(1).click()
    page.wait_for_url("**/ar/binnenkort")
    page.locator("#current a.option").first.click()
    page.wait_for_url("**/ar/binnenkort/schulden")
    page.wait_for_timeout(400)  # let the fade-in finish before measuring contrast
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


NARROW_PAGES = ["/nl/", "/nl/direct", "/nl/bogus", "/nl/toegankelijkheid"] + [
    f"/{lang}/{path}" for lang in ("nl", "ar") for path in RESULT_PATHS
]


def test_no_horizontal_scroll_at_320_px(browser, live_server):
    person = Resident(browser, live_server, viewport={"width": 320, "height": 640})
    try:
        for path in NARROW_PAGES:
            page = person.open(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
        person.errors = [e for e in person.errors if "404" not in e]
        person.check_clean()
    finally:
        person.context.close()


MEASURE = """
() => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && s.visibility !== "hidden" &&
      !e.closest(".visually-hidden") && !e.classList.contains("skip");
  };
  const small = [...document.querySelectorAll("a, button")].filter(visible)
    .map((e) => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 44 || r.height < 44)
    .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`);
  const tiny = [...document.querySelectorAll("body *")].filter(visible)
    .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16)
    .map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 30)}`);
  const fonts = getComputedStyle(document.body).fontFamily;
  return { small, tiny, fonts };
}
"""


@pytest.mark.parametrize(
    "path", ["/nl/", "/nl/jong/rekeningen", "/nl/direct/huis-uit", "/ar/binnenkort/rekeningen"]
)
def test_tap_targets_text_size_and_system_fonts(resident, path):
    page = resident.open(path)
    found = page.evaluate(MEASURE)
    assert not found["small"], found["small"]  # tap targets of at least 44×44 px
    assert not found["tiny"], found["tiny"]  # text of at least 16 px
    assert found["fonts"].startswith("system-ui")
    # Only our own stylesheet and scripts were loaded: no web fonts.
    assert not [u for u in resident.requests if re.search(r"\.(woff2?|ttf|otf)\b", u)]


def test_one_h1_landmarks_and_an_ordered_conversation(resident):
    page = resident.open("/en/direct/huis-uit")
    expect(page.locator("h1")).to_have_count(1)
    for role in ("banner", "main", "contentinfo", "navigation"):
        expect(page.get_by_role(role).first).to_be_attached()
    assert page.locator("#conversation").evaluate("e => e.tagName") == "OL"
    expect(page.locator(".skip")).to_have_attribute("href", "#main")
    # Quick replies are links, the print button is a button: nothing fakes either.
    assert page.locator("[role=button], [onclick], div[tabindex], span[tabindex]").count() == 0


def test_screenshot_of_a_result_on_a_phone(resident):
    """Saved for people to look at: test-artifacts/finder-result-360x740.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = resident.open("/nl/")
    choose(page, "Help! Ik heb nu direct hulp nodig")
    page.wait_for_url("**/nl/direct")
    choose(page, "Ik heb een brief gekregen dat ik mijn huis uit moet")
    page.wait_for_url("**/nl/direct/huis-uit")
    expect(page.locator("#question")).to_be_focused()
    page.wait_for_timeout(800)  # the smooth scroll and the fade-in
    page.screenshot(path=str(ARTIFACTS / "finder-result-360x740.png"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.screenshot(path=str(ARTIFACTS / "finder-result-360x740-end.png"))
    page.goto(resident.base + "/ar/jong/schulden/18-tot-27#question")
    page.screenshot(path=str(ARTIFACTS / "finder-result-ar-360x740.png"))
    assert (ARTIFACTS / "finder-result-360x740.png").stat().st_size > 10_000


# --- print -------------------------------------------------------------------------------


def test_every_result_prints_on_one_a4_page(browser, public_server):
    person = Resident(browser, public_server, javascript=False)
    try:
        for lang in ("nl", "ar"):
            for path in RESULT_PATHS:
                page = person.open(f"/{lang}/{path}")
                pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
                assert len(pdf.pages) == 1, (lang, path, len(pdf.pages))
                text = pdf.pages[0].extract_text()
                for phone in page.locator(".org a[href^='tel:'] .value").all_inner_texts():
                    assert phone.replace(" ", "") in text.replace(" ", ""), (path, phone)
                for address in page.locator(".org .address bdi").all_inner_texts():
                    assert address.replace(" ", "") in text.replace(" ", ""), (path, address)
                if lang == "nl":
                    printed = text.replace(" ", "").replace("\n", "")
                    assert "www.sterkvoornoord.nl/nl/" + path in printed
        person.check_clean()
    finally:
        person.context.close()


def test_print_button_prints(resident):
    page = resident.open("/en/binnenkort/rekeningen")
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.locator("button.print").click()
    assert page.evaluate("window.__printed") is True


# --- taps a resident makes by accident or on purpose ---------------------------------------


def test_a_second_tap_while_the_first_is_loading_is_ignored(resident_without_worker):
    """On a slow connection people tap again, or tap another answer: one step happens."""
    resident = resident_without_worker
    page = resident.open("/nl/")
    fragments = []

    def slow(route):
        if route.request.headers.get("hx-request") == "true":
            fragments.append(route.request.url)
            page.wait_for_timeout(400)
        route.continue_()

    page.route(re.compile(r"/nl/(direct|binnenkort)$"), slow)
    options = page.locator("#current a.option")
    options.nth(0).click()
    options.nth(1).click(no_wait_after=True)
    page.wait_for_url("**/nl/direct")
    expect(page.locator("#question")).to_have_text("Wat is er gebeurd?")
    page.wait_for_timeout(600)
    assert fragments == [resident.base + "/nl/direct"]
    expect(page.locator("#conversation > li")).to_have_count(3)
    expect(page.locator("#current")).to_have_count(1)


def test_ctrl_click_opens_a_quick_reply_in_a_new_tab(resident):
    page = resident.open("/en/")
    with resident.context.expect_page() as opened:
        page.locator("#current a.option").first.click(modifiers=["Control"])
    tab = opened.value
    tab.wait_for_load_state()
    assert path_of(tab) == "/en/direct#question"
    expect(tab.locator("#question")).to_have_text("What has happened?")
    # The first tab stayed where it was.
    assert path_of(page) == "/en/"
    expect(page.locator("#conversation > li")).to_have_count(2)


@pytest.mark.parametrize(("lang", "mine"), [("nl", "right"), ("ar", "left")])
def test_chat_bubbles_mirror_in_arabic(resident, lang, mine):
    """The resident's answers sit on the end side: right in Dutch, left in Arabic."""
    page = resident.open(f"/{lang}/direct")
    me = page.locator(".answered .me").bounding_box()
    bot = page.locator(".answered .bot").bounding_box()
    width = PHONE["width"]
    if mine == "right":
        assert me["x"] + me["width"] > width - 30 and bot["x"] < 30
    else:
        assert me["x"] < 30 and bot["x"] + bot["width"] > width - 30
    # Phone numbers stay left-to-right inside the Arabic text.
    assert page.locator("bdi[dir=ltr]").count() >= 1
