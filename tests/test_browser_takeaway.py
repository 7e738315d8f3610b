"""Issue 28 in Debian's Chromium: share, read aloud, offline; nothing leaves the origin.

Each resident is a phone-sized context that records every request and fails the test when one
left the site's origin, or when the page broke the Content-Security-Policy or logged an error
(``Resident.check_clean`` from tests/test_browser_finder.py).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import unquote

import pytest
from babel.dates import format_date, format_time
from conftest import PUBLIC
from playwright.sync_api import expect
from test_browser_finder import CONTENT, Resident

from routekaart.domain import engine
from routekaart.domain.hours import AMSTERDAM
from routekaart.web.i18n import babel_locale

pytestmark = pytest.mark.browser

LRI, PDI = "\u2066", "\u2069"
AR_PHONE = f"{LRI}(070) 300 88 34{PDI}"

# No share sheet (as on most desktop browsers), or one that records what it was given.
NO_SHARE = "delete Navigator.prototype.share; delete navigator.share;"
RECORD_SHARE = """
window.__shared = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) { window.__shared.push(data); return Promise.resolve(); },
});
"""


@pytest.fixture
def person(browser, public_server):
    people = []

    def make(javascript: bool = True, init: str | None = None) -> Resident:
        resident = Resident(browser, public_server, javascript=javascript)
        if init:
            resident.context.add_init_script(init)
        people.append(resident)
        return resident

    yield make
    for resident in people:
        resident.check_clean()
        resident.context.close()


def until(page, check: str) -> None:
    """Wait until the arrow function ``check`` is true in the page (up to 10 s).

    Playwright's ``wait_for_function`` evaluates its string with ``eval`` in the page, which
    our CSP refuses; this polls from an ``evaluate`` (DevTools protocol, outside the CSP)."""
    done = page.evaluate(
        "async () => { const check = CHECK;"
        " for (let i = 0; i < 200; i++) { if (check()) return true;"
        " await new Promise(r => setTimeout(r, 50)); } return false; }".replace("CHECK", check)
    )
    assert done, check


def _whatsapp_text(page) -> str:
    href = page.locator(".share a[href^='https://wa.me/']").get_attribute("href")
    assert href.startswith("https://wa.me/?text=")
    return unquote(href.removeprefix("https://wa.me/?text="))


# --- share ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label", "phone_line"),
    [
        ("nl", "Stuur via WhatsApp", "Kredietbank Nederland, telefoon (070) 300 88 34"),
        ("en", "Send by WhatsApp", "Kredietbank Nederland, phone (070) 300 88 34"),
        ("ar", "أرسل عبر واتساب", f"{LRI}Kredietbank Nederland{PDI}، الهاتف {AR_PHONE}"),
    ],
)
@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js-no-share-sheet"])
def test_share_links_without_a_share_sheet(person, lang, label, phone_line, javascript):
    resident = person(javascript=javascript, init=NO_SHARE)
    page = resident.open(f"/{lang}/direct/huis-uit")
    if javascript:
        page.wait_for_load_state("load")
        until(page, "() => document.querySelector('script[src*=\"takeaway.js\"]') !== null")
    whatsapp = page.get_by_role("link", name=label)
    expect(whatsapp).to_be_visible()
    expect(page.locator(".share a[href^='sms:?&body=']")).to_be_visible()
    expect(page.locator("button.share-native")).to_be_hidden()
    text = _whatsapp_text(page)
    assert phone_line in text.split("\n")
    assert text.endswith(f"{PUBLIC}/{lang}/direct/huis-uit")
    sms = page.locator(".share a[href^='sms:']").get_attribute("href")
    assert unquote(sms.removeprefix("sms:?&body=")) == text


def test_arabic_whatsapp_message_reads_right_to_left_with_numbers_in_order(person):
    """The message as WhatsApp would lay it out: Chromium's bidi shows the groups in order."""
    resident = person(javascript=True, init=NO_SHARE)
    page = resident.open("/ar/direct/huis-uit")
    text = _whatsapp_text(page)
    # Lay the message out in a right-to-left box, as a chat bubble does, and read what the eye
    # sees on the phone line: the digits must come in their written order, left to right.
    order = page.evaluate(
        """text => {
          const box = document.createElement("div");
          box.dir = "rtl"; box.style.whiteSpace = "pre-line"; box.style.width = "340px";
          box.textContent = text.split("\\n")[1];
          document.body.appendChild(box);
          const range = document.createRange(), node = box.firstChild, digits = [];
          for (let i = 0; i < node.length; i++) {
            if (!/[0-9]/.test(node.data[i])) continue;
            range.setStart(node, i); range.setEnd(node, i + 1);
            digits.push([range.getBoundingClientRect().left, node.data[i]]);
          }
          box.remove();
          return digits.sort((a, b) => a[0] - b[0]).map(d => d[1]).join("");
        }""",
        text,
    )
    assert order == "0703008834"
    # Without the isolates the same line scrambles: the test can fail.
    scrambled = page.evaluate(
        """text => {
          const box = document.createElement("div");
          box.dir = "rtl"; box.textContent = text; document.body.appendChild(box);
          const range = document.createRange(), node = box.firstChild, digits = [];
          for (let i = 0; i < node.length; i++) {
            if (!/[0-9]/.test(node.data[i])) continue;
            range.setStart(node, i); range.setEnd(node, i + 1);
            digits.push([range.getBoundingClientRect().left, node.data[i]]);
          }
          box.remove();
          return digits.sort((a, b) => a[0] - b[0]).map(d => d[1]).join("");
        }""",
        "الهاتف (070) 300 88 34",
    )
    assert scrambled != "0703008834"


def test_the_phones_share_sheet_gets_the_same_text(person):
    resident = person(javascript=True, init=RECORD_SHARE)
    page = resident.open("/nl/direct/huis-uit")
    button = page.get_by_role("button", name="Delen…")
    expect(button).to_be_visible()
    expect(page.locator(".share-fallback").first).to_be_hidden()
    text = _whatsapp_text(page)
    button.click()
    until(page, "() => window.__shared.length === 1")
    assert page.evaluate("window.__shared[0]") == {"text": text}


def test_share_on_an_organisation_page_without_javascript(person):
    page = person(javascript=False).open("/en/organisatie/sociaal-service-punt")
    expect(page.get_by_role("link", name="Send by text message")).to_be_visible()
    assert "(070) 205 70 00" in _whatsapp_text(page)


# --- read aloud ----------------------------------------------------------------------------------


def speech_stub(*voices: tuple[str, str]) -> str:
    """A recording speechSynthesis with these (name, lang) voices; utterances end on demand."""
    listed = ", ".join(
        f'{{name: "{name}", voiceURI: "{name}", lang: "{lang}", localService: true}}'
        for name, lang in voices
    )
    return """
window.__said = []; window.__cancelled = 0; window.__pending = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  getVoices: function () { return [VOICES]; },
  speak: function (u) {
    window.__said.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name});
    window.__pending.push(u);
  },
  cancel: function () { window.__cancelled += 1; window.__pending = []; },
  addEventListener: function () {},
}});
window.__finish = function () {
  var all = window.__pending; window.__pending = [];
  all.forEach(function (u) { if (u.onend) u.onend(); });
};
""".replace("VOICES", listed)


def _spoken_on(page) -> str:
    return page.locator(".read-aloud").get_attribute("data-speak")


def _wait_for_script(page) -> None:
    until(page, "() => document.querySelector('script[src*=\"takeaway.js\"]') !== null")
    page.wait_for_load_state("load")


@pytest.mark.parametrize(
    ("lang", "path", "voices", "chosen", "label", "heard"),
    [
        (
            "nl",
            "/nl/direct/huis-uit",
            [
                ("English", "en-US"),
                ("Google Nederlands", "nl-NL"),
                ("Microsoft Colette Online (Natural) - Dutch (Netherlands)", "nl-NL"),
            ],
            "Microsoft Colette Online (Natural) - Dutch (Netherlands)",
            "Lees voor",
            "negen tot twaalf uur",
        ),
        (
            "en",
            "/en/direct/huis-uit",
            [("Google UK English Female", "en-GB")],
            "Google UK English Female",
            "Read aloud",
            "zero seven zero",
        ),
        (
            "ar",
            "/ar/direct/huis-uit",
            [
                ("English", "en-US"),
                (
                    "Android Speech Recognition and Synthesis from Google ar-xa-x-arc-network",
                    "ar_XA",
                ),
            ],
            "Android Speech Recognition and Synthesis from Google ar-xa-x-arc-network",
            "استمع",
            "من التاسعة صباحًا إلى الثانية عشرة ظهرًا",
        ),
    ],
)
def test_read_aloud_speaks_the_servers_text_with_a_voice_of_the_page_language(
    person, lang, path, voices, chosen, label, heard
):
    resident = person(init=speech_stub(*voices))
    page = resident.open(path)
    _wait_for_script(page)
    button = page.get_by_role("button", name=label, exact=True)
    expect(button).to_be_visible()
    button.click()
    until(page, "() => window.__said.length > 0")
    said = page.evaluate("window.__said")
    assert {s["voice"] for s in said} == {chosen}
    assert all(s["lang"].lower().startswith(lang) for s in said)
    spoken = " ".join(s["text"] for s in said)
    assert " ".join(spoken.split()) == " ".join(_spoken_on(page).split())
    assert heard in spoken
    # While it reads, a stop button; stopping cancels the speech and brings back "Read aloud".
    stop = page.locator("button.stop-speaking")
    expect(stop).to_be_visible()
    expect(stop).to_be_focused()
    expect(button).to_be_hidden()
    stop.click()
    assert page.evaluate("window.__cancelled") >= 2  # once before speaking, once to stop
    expect(button).to_be_visible()
    expect(stop).to_be_hidden()


def test_read_aloud_ends_by_itself(person):
    page = person(init=speech_stub(("Xander", "nl-NL"))).open("/nl/direct")
    _wait_for_script(page)
    page.get_by_role("button", name="Lees voor").click()
    expect(page.locator("button.stop-speaking")).to_be_visible()
    said = page.evaluate("window.__said")
    assert said[0]["text"] == "Wat is er gebeurd?"
    assert said[0]["lang"] == "nl-NL"
    page.evaluate("window.__finish()")
    expect(page.get_by_role("button", name="Lees voor")).to_be_visible()
    expect(page.locator("button.stop-speaking")).to_be_hidden()


@pytest.mark.parametrize(
    "voices",
    [
        [("English", "en-US"), ("Deutsch", "de-DE")],  # Android lists no Dutch voice: no button
        [],
    ],
    ids=["no-dutch-voice", "no-voices"],
)
def test_no_button_without_a_voice_for_the_page_language(person, voices):
    page = person(init=speech_stub(*voices)).open("/nl/direct/huis-uit")
    _wait_for_script(page)
    page.wait_for_timeout(0)
    expect(page.locator("button.speak")).to_be_hidden()
    expect(page.locator("button.stop-speaking")).to_be_hidden()


def test_no_button_without_javascript(person):
    page = person(javascript=False).open("/nl/direct/huis-uit")
    expect(page.locator("button.speak")).to_be_hidden()


def test_the_next_question_gets_its_own_words_after_an_htmx_step(person):
    page = person(init=speech_stub(("Xander", "nl-NL"))).open("/nl/")
    _wait_for_script(page)
    page.get_by_role("link", name="Help! Ik heb nu direct hulp nodig", exact=True).click()
    page.wait_for_url("**/nl/direct")
    button = page.locator("#current button.speak")
    expect(button).to_be_visible()
    button.click()
    until(page, "() => window.__said.length > 0")
    assert page.evaluate("window.__said[0].text") == "Wat is er gebeurd?"


# --- offline -------------------------------------------------------------------------------------

KEPT = """async (wanted) => {
  for (let i = 0; i < 200; i++) {
    const cache = await caches.open("routekaart-pages-1");
    const keys = (await cache.keys()).map(r => new URL(r.url).pathname);
    if (wanted.every(p => keys.includes(p))) return keys;
    await new Promise(r => setTimeout(r, 50));
  }
  const cache = await caches.open("routekaart-pages-1");
  return (await cache.keys()).map(r => new URL(r.url).pathname);
}"""


def _kept(page, *paths: str) -> list[str]:
    return page.evaluate(KEPT, list(paths))


def kept_at(page, lang: str) -> str:
    """When the worker kept this page, as the site writes it ("woensdag 6 januari om 10:30")."""
    stamp = page.evaluate(
        """async () => (await (await caches.open("routekaart-pages-1"))
            .match(location.href.split("#")[0])).headers.get("X-Kept-At")"""
    )
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(AMSTERDAM)
    locale = babel_locale(lang)
    day = format_date(moment, "EEEE d MMMM", locale=locale)
    at = {"nl": " om ", "en": " at "}.get(lang, ", ")
    return f"{day}{at}{format_time(moment, 'HH:mm', locale=locale)}"


def test_a_kept_result_opens_offline_with_contacts_hours_and_when_it_was_viewed(person):
    resident = person(init=NO_SHARE)
    page = resident.open("/nl/direct/huis-uit")
    _wait_for_script(page)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    kept = _kept(page, "/nl/direct/huis-uit", "/nl/")
    assert {"/nl/direct/huis-uit", "/nl/"} <= set(kept), kept
    online_status = page.locator(".org .status").first
    expect(online_status).to_be_visible()
    expect(page.locator(".offline-note")).to_be_hidden()

    resident.context.set_offline(True)
    page.goto(resident.base + "/nl/direct/huis-uit")
    note = page.locator(".offline-note")
    expect(note).to_be_visible()
    expect(note).to_have_text(
        f"Geen internet. Deze pagina is geladen op {kept_at(page, 'nl')}. "
        "Een loket dat hier als ‘open’ staat, kan intussen dicht zijn."
    )
    # No "open now" without a connection; the contacts and the weekly hours are all there.
    expect(page.locator(".org .status").first).to_be_hidden()
    expect(page.locator(".urgent a.call")).to_have_attribute("href", "tel:+31703008834")
    expect(page.locator(".org ul.hours").first).to_contain_text("Maandag tot en met vrijdag")
    expect(page.locator(".org ul.hours").first).to_contain_text("09:00–17:00")
    # The style sheet came along: the call button is still a button.
    colour = page.locator(".urgent a.call").evaluate("a => getComputedStyle(a).backgroundColor")
    assert colour != "rgba(0, 0, 0, 0)"
    page.screenshot(path="test-artifacts/offline-result.png", full_page=True)

    # The start page was kept with it; a page never seen is the browser's own "no connection".
    page.goto(resident.base + "/nl/")
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator("#current a.option").first).to_be_visible()
    with pytest.raises(Exception, match="ERR_"):
        page.goto(resident.base + "/nl/binnenkort/stress")

    # Back online: the network answers again, and the page says "open now" once more.
    resident.context.set_offline(False)
    page.goto(resident.base + "/nl/direct/huis-uit")
    expect(page.locator(".offline-note")).to_be_hidden()
    expect(page.locator(".org .status").first).to_be_visible()
    assert page.evaluate("document.documentElement.hasAttribute('data-offline')") is False


def test_steps_taken_with_htmx_are_kept_too(person):
    resident = person(init=NO_SHARE)
    keeping: list[tuple[str, str | None]] = []

    def note(request) -> None:
        headers = request.headers
        if (
            request.service_worker
            and "hx-request" not in headers
            and request.resource_type != "document"
        ):
            keeping.append((request.url.removeprefix(resident.base), headers.get("purpose")))

    resident.context.on("request", note)
    page = resident.open("/en/")
    _wait_for_script(page)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    until(page, "() => navigator.serviceWorker.controller !== null")
    page.get_by_role("link", name="It’s urgent: I need help now", exact=True).click()
    page.wait_for_url("**/en/direct")
    page.get_by_role(
        "link", name="I’ve had a letter telling me to leave my home", exact=True
    ).click()
    page.wait_for_url("**/en/direct/huis-uit")
    kept = _kept(page, "/en/", "/en/direct", "/en/direct/huis-uit")
    assert {"/en/", "/en/direct", "/en/direct/huis-uit"} <= set(kept), kept
    # The whole pages fetched only to keep them are marked, so they are never counted as visits.
    pages = [(u, purpose) for u, purpose in keeping if not u.startswith(("/static/", "/sw.js"))]
    assert ("/en/direct", "prefetch") in pages and ("/en/direct/huis-uit", "prefetch") in pages
    assert all(purpose == "prefetch" for _, purpose in pages), pages

    resident.context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_contain_text(
        f"This page was loaded on {kept_at(page, 'en')};"
    )
    expect(page.locator(".org h3").first).to_have_text("Kredietbank Nederland")
    # "Change this answer" goes back one step, kept as well.
    page.get_by_role("link", name="Change this answer").last.click()
    page.wait_for_url("**/en/direct#question")
    expect(page.locator(".offline-note")).to_be_visible()


def test_the_cache_stays_within_its_budget(person):
    """At most 12 pages (start page kept last), and at most 8 files."""
    resident = person(init=NO_SHARE)
    page = resident.open("/nl/")
    _wait_for_script(page)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    until(page, "() => navigator.serviceWorker.controller !== null")
    paths = [f"/nl/{'/'.join(c.path)}" for c in engine.results(CONTENT.tree)][:15]
    for path in paths:
        page.goto(resident.base + path)
    _kept(page, paths[-1])
    # The trim runs right after a page is put: wait until it has (no fixed sleep).
    pages = page.evaluate(
        """async () => {
          for (let i = 0; i < 200; i++) {
            const keys = await (await caches.open("routekaart-pages-1")).keys();
            if (keys.length <= 12) return keys.map(r => new URL(r.url).pathname);
            await new Promise(r => setTimeout(r, 50));
          }
          return (await (await caches.open("routekaart-pages-1")).keys()).map(r => r.url);
        }"""
    )
    files = page.evaluate(
        "caches.open('routekaart-files-1').then(c => c.keys()).then(k => k.length)"
    )
    assert len(pages) <= 12, pages
    assert "/nl/" in pages and paths[-1] in pages and paths[0] not in pages
    assert files <= 8
    size = page.evaluate(
        """async () => {
          let total = 0;
          for (const name of ["routekaart-pages-1", "routekaart-files-1"]) {
            const cache = await caches.open(name);
            for (const r of await cache.keys()) {
              total += (await (await cache.match(r)).arrayBuffer()).byteLength;
            }
          }
          return total;
        }"""
    )
    print(f"kept: {len(pages)} pages, {files} files, {size} bytes")
    assert size < 600_000


# --- the whole visit: nothing leaves the origin --------------------------------------------------


def test_nothing_leaves_the_origin_the_workers_own_requests_included(browser, public_server):
    """A walk with share, read aloud and the worker, online and offline: every request (the
    page's and the service worker's) goes to the site itself, and the CSP is never broken."""
    resident = Resident(browser, public_server)
    resident.context.add_init_script(speech_stub(("Google Nederlands", "nl-NL")) + RECORD_SHARE)
    from_worker: list[str] = []
    resident.context.on(
        "request", lambda r: from_worker.append(r.url) if r.service_worker else None
    )
    try:
        page = resident.open("/nl/")
        _wait_for_script(page)
        until(page, "() => navigator.serviceWorker.controller !== null")
        page.get_by_role("link", name="Help! Ik heb nu direct hulp nodig", exact=True).click()
        page.wait_for_url("**/nl/direct")
        page.get_by_role(
            "link", name="Ik heb een brief gekregen dat ik mijn huis uit moet", exact=True
        ).click()
        page.wait_for_url("**/nl/direct/huis-uit")
        page.locator("#current button.speak").click()
        page.get_by_role("button", name="Delen…").click()
        until(page, "() => window.__shared.length === 1")
        # The share text names the public address, but nothing is fetched from it.
        assert PUBLIC in page.evaluate("window.__shared[0].text")
        _kept(page, "/nl/direct/huis-uit")
        resident.context.set_offline(True)
        page.reload()
        expect(page.locator(".offline-note")).to_be_visible()
        resident.context.set_offline(False)
        assert from_worker, "the worker's requests are recorded too"
        everything = resident.requests
        assert all(u.startswith(resident.base + "/") or u == "data:," for u in everything)
        resident.check_clean()
    finally:
        resident.context.close()


def test_a_content_change_reaches_a_kept_page_the_next_time_it_is_opened_online(
    browser, content_copy
):
    import servers
    from test_live_reload import rewrite

    from routekaart import create_app

    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content_copy),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
        }
    )
    with servers.threaded(app) as base:
        resident = Resident(browser, base)
        try:
            page = resident.open("/nl/organisatie/kredietbank")
            _wait_for_script(page)
            _kept(page, "/nl/organisatie/kredietbank")
            worker_before = page.evaluate("fetch('/sw.js').then(r => r.text())")
            resident.context.set_offline(True)
            page.reload()
            expect(page.locator(".offline-note")).to_be_visible()
            expect(page.locator("a.call")).to_contain_text("(070) 300 88 34")

            rewrite(
                content_copy / "organisations.yaml",
                "phone: (070) 300 88 34",
                "phone: (070) 300 88 35",
            )
            resident.context.set_offline(False)
            page.reload()  # online: the network answers, with the new number
            expect(page.locator(".offline-note")).to_be_hidden()
            expect(page.locator("a.call")).to_contain_text("(070) 300 88 35")
            # ... and the kept copy is the new one, and the worker is a new one.
            assert page.evaluate("fetch('/sw.js').then(r => r.text())") != worker_before
            until(
                page,
                """() => { window.__k = window.__k || caches.open("routekaart-pages-1")
                  .then(c => c.match(location.href)).then(r => r.text())
                  .then(t => { window.__kept = t; window.__k = null; });
                  return (window.__kept || "").includes("(070) 300 88 35"); }""",
            )
            resident.context.set_offline(True)
            page.reload()
            expect(page.locator(".offline-note")).to_be_visible()
            expect(page.locator("a.call")).to_contain_text("(070) 300 88 35")
            resident.context.set_offline(False)
            resident.check_clean()
        finally:
            resident.context.close()


def test_an_arabic_page_offline_says_when_it_was_viewed_in_arabic(person):
    resident = person(init=NO_SHARE)
    page = resident.open("/ar/organisatie/sociaal-service-punt")
    _wait_for_script(page)
    _kept(page, "/ar/organisatie/sociaal-service-punt")
    resident.context.set_offline(True)
    page.reload()
    note = page.locator(".offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(
        f"حُمّلت هذه الصفحة يوم {kept_at(page, 'ar')}".replace(", ", " الساعة ")
    )
    expect(page.locator("a.call")).to_contain_text("(070) 205 70 00")
    resident.context.set_offline(False)
