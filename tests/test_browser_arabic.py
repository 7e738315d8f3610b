"""An Arabic-speaking resident walks to a result in Chromium: right to left, done properly."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The visual x position of the first and the last character of an element's text.
FIRST_LAST_X = """
(el) => {
  const node = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const text = node.textContent;
  const start = text.search(/\\S/);
  const end = text.trimEnd().length - 1;
  const rect = (i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    return r.getBoundingClientRect();
  };
  return [rect(start).left, rect(end).left, text.trim()];
}
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar", reduced_motion="reduce"
    )
    page = context.new_page()
    yield page
    context.close()


def test_arabic_resident_walks_to_the_kredietbank(phone, live_server):
    page = phone
    page.goto(live_server + "/")
    assert page.url == live_server + "/ar/"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"

    page.get_by_role("link", name="أحتاج إلى مساعدة عاجلة الآن!").click()
    page.wait_for_url("**/ar/direct")
    page.get_by_role("link", name="وصلتني رسالة بأنه يجب أن أترك بيتي").click()
    page.wait_for_url("**/ar/direct/huis-uit")
    page.get_by_role("heading", name="وصلتك رسالة بأنه يجب أن تترك بيتك").wait_for()
    # htmx swapped the new part in: its fragment inherits the page's direction.
    assert page.locator("#current").evaluate("el => getComputedStyle(el).direction") == "rtl"

    # Bubbles are mirrored: the site's bubbles hug the right edge, the resident's the left.
    width = page.viewport_size["width"]
    bot = page.locator(".answered .bubble.bot").first.bounding_box()
    me = page.locator(".answered .bubble.me").first.bounding_box()
    assert bot["x"] + bot["width"] > width - 40, bot
    assert me["x"] < 40, me
    assert me["x"] + me["width"] < bot["x"] + bot["width"]

    # Phone numbers keep their digit order inside the right-to-left page.
    number = page.locator(".urgent-call .value, a.button.call.big .value").first
    left, right, text = number.evaluate(FIRST_LAST_X)
    assert text == "(070) 300 88 34"
    assert left < right, "the phone number reads scrambled right to left"
    assert number.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert page.locator("a.button.call.big").first.get_attribute("href") == "tel:+31703008834"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "arabic-result-360x740.png"))

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path",
    [
        "/ar/",
        "/ar/jong/schulden",
        "/ar/organisatie/ping-loket",
        "/ar/partners",
        "/ar/monitor",
        "/ar/poster",
        "/ar/toegankelijkheid",
        "/ar/onbekend",
    ],
)
def test_arabic_pages_are_rtl_and_axe_clean(phone, live_server, path):
    page = phone
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # Nothing pushes the page sideways on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    ("path", "leading"), [("/ar/direct/huis-uit", 1.7), ("/nl/direct/huis-uit", 1.5)]
)
def test_arabic_text_gets_its_fonts_and_taller_lines(phone, live_server, path, leading):
    """The script of the language (content/languages.yaml) picks the fonts and line height:
    Arabic fonts before the Latin-only ones, and room for the marks above and below the
    letters."""
    page = phone
    page.goto(live_server + path)
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return [s.fontFamily, parseFloat(s.lineHeight) / parseFloat(s.fontSize)]; })()"
    )
    assert round(style[1], 2) == leading
    assert style[0].startswith("system-ui")  # the phone's own fonts first, no web fonts
    assert ('"Noto Sans Arabic", "Noto Naskh Arabic", Tahoma' in style[0]) == path.startswith(
        "/ar/"
    )
