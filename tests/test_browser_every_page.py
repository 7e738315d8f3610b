"""Every crawled page in Debian's Chromium: no sideways scroll at 320 px, and axe-core clean.

The pages are the crawl of tests/crawl.py, the same set the Nu HTML Checker sees. Every page is
measured at 320 px (about 0.1 s a page). axe-core takes about a second a page, so it runs on
the biggest page of each page type in each language (finder start, question, result,
organisation, partners, search, hand-over, monitor, theme, filtered theme, poster, errors …),
about 50 pages, each at 320 px and at 1280 px.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Only the violations come back: the passes of every rule would be most of the time spent.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
AXE_RUN = f"axe.run(document, {json.dumps(AXE_OPTIONS)})"
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}

# The elements that stick out past the right (or, right to left, the left) edge of the page:
# named in the failure, so the message says what to fix.
WIDE_ELEMENTS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 0.5 || box.left < -0.5)) {
      let parent = el.parentElement, inside = false;
      for (; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") { inside = true; break; }
      }
      if (!inside) out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "")
        + " " + Math.round(box.left) + ".." + Math.round(box.right));
    }
  }
  return out.slice(0, 5);
}
"""


def sample(pages):
    """One page of each page type in each language: the biggest, as it has the most to check
    (the theme with the figure tables, the result with the most organisations)."""
    biggest = {}
    for page in pages:
        if page.kind not in biggest or len(page.html) > len(biggest[page.kind].html):
            biggest[page.kind] = page
    return list(biggest.values())


@pytest.fixture
def narrow_page(browser):
    """A page in a 320 px wide browser window."""
    context = browser.new_context(viewport=NARROW)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_at_320_px(narrow_page, live_server, crawled_pages):
    too_wide = []
    for crawled in crawled_pages:
        narrow_page.goto(live_server + crawled.url)
        scroll, client = narrow_page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide.append((crawled.url, scroll, narrow_page.evaluate(WIDE_ELEMENTS)))
    assert too_wide == [], "\n".join(map(str, too_wide))
    assert len(crawled_pages) >= 300


def test_axe_finds_nothing_on_any_page_type_at_320_and_1280_px(browser, live_server, crawled_pages):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    axe = Axe()
    pages = sample(crawled_pages)
    reports = []
    try:
        for crawled in pages:
            page.goto(live_server + crawled.url)
            # axe-core goes into the page once and runs at both widths: injecting it is half
            # the cost of a run.
            page.evaluate(axe.axe_script)
            for viewport in (NARROW, WIDE):
                page.set_viewport_size(viewport)
                results = AxeResults(page.evaluate(AXE_RUN))
                if results.violations_count:
                    where = f"{crawled.url} at {viewport['width']} px"
                    reports.append(f"{where}\n{results.generate_report()}")
    finally:
        context.close()
    assert reports == [], "\n\n".join(reports)
    assert len(pages) >= 40  # about 17 page types in three languages
