"""The figures pages with figures, in Debian's Chromium: axe-core clean at 320 and 1280 px, no
sideways scroll on a 320 px phone, in Dutch and in right-to-left Arabic."""

from __future__ import annotations

import pytest
import servers
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from test_browser_every_page import AXE_RUN, NARROW, WIDE, WIDE_ELEMENTS
from test_usage import WEEK, add, make_app

pytestmark = pytest.mark.browser


@pytest.fixture
def figures_server(tmp_path):
    """The app with a week of counts, served from a thread; yields its base URL."""
    app = make_app(tmp_path)
    add(app, WEEK)
    with servers.threaded(app) as url:
        yield url


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_figures_with_charts_are_accessible_and_fit_a_phone(browser, figures_server, lang):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    axe = Axe()
    reports = []
    try:
        for path in ("monitor/gebruik", "monitor", "privacy"):
            page.goto(f"{figures_server}/{lang}/{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], (
                path,
                page.evaluate(WIDE_ELEMENTS),
            )
            page.evaluate(axe.axe_script)
            for viewport in (NARROW, WIDE):
                page.set_viewport_size(viewport)
                results = AxeResults(page.evaluate(AXE_RUN))
                if results.violations_count:
                    reports.append(f"{path} {viewport}\n{results.generate_report()}")
            page.set_viewport_size(NARROW)
        page.goto(f"{figures_server}/{lang}/monitor/gebruik")
        # Every chart is one image with a name; its bars carry no text of their own.
        assert page.locator("svg[role=img]").count() == 16
        name = {"nl": "Staafdiagram:", "ar": "رسم بياني بالأعمدة:"}[lang]
        assert page.get_by_role("img", name=name, exact=False).count() == 16
    finally:
        context.close()
    assert reports == [], "\n\n".join(reports)
