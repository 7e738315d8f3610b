"""The monitor pages in a real browser: axe-core clean, filters with and without JavaScript."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import servers
from axe_playwright_python.sync_playwright import Axe

from routekaart import create_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SECOND_EDITION = Path(__file__).resolve().parent / "fixtures" / "monitor" / "second-edition.yaml"


@pytest.fixture(scope="module")
def monitor_server(tmp_path_factory):
    """The app on the bundled content plus a made-up second edition, so charts show too."""
    content = tmp_path_factory.mktemp("monitor") / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copy(SECOND_EDITION, content / "monitor" / SECOND_EDITION.name)
    with servers.threaded(create_app({"TESTING": True, "CONTENT_DIR": str(content)})) as url:
        yield url


@pytest.mark.parametrize(
    "path",
    [
        "/nl/monitor",
        "/ar/monitor",
        "/en/monitor/financiele-zelfredzaamheid",
        "/ar/monitor/fijn-en-veilig-wonen",
        "/nl/monitor/jeugd-onderwijs-jongeren?status=afgerond&editie=2023-2024",
    ],
)
def test_monitor_pages_are_axe_clean(page, live_server, monitor_server, path):
    for base in (live_server, monitor_server):
        page.goto(base + path)
        result = Axe().run(page)
        assert result.violations_count == 0, result.generate_report()


def test_a_chart_is_drawn_with_its_table_beside_it(page, monitor_server):
    page.goto(monitor_server + "/en/monitor")
    chart = page.locator("svg.chart[aria-labelledby='chart-partners']")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 2
    table = page.locator("#ind-partners + .indicator-body table")
    assert "37" in table.inner_text() and "41" in table.inner_text()


def test_choosing_a_status_filters_in_place_with_htmx(page, live_server):
    page.goto(live_server + "/en/monitor/financiele-zelfredzaamheid")
    page.select_option("#filter-status", "niet-opgepakt")
    page.wait_for_url("**status=niet-opgepakt**")
    page.wait_for_function(
        "document.getElementById('result-count').textContent.includes('2 actions')"
    )
    results = page.locator("#monitor-results")
    assert results.locator("article.action").count() == 2
    assert page.locator("#filter-status").input_value() == "niet-opgepakt"


def test_the_filter_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/nl/monitor/jeugd-onderwijs-jongeren")
    page.select_option("#filter-goal", "vve")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**doel=vve**")
    assert page.locator("#monitor-results section.goal").count() == 1
    assert page.locator("#monitor-results article.action").count() == 5
    context.close()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_source_places_wrap_on_a_phone(browser, live_server, lang):
    """A long Dutch heading in "Bron: …" (isolated, so by default kept on one line) wraps inside
    its own box at 320 px instead of pushing the page sideways, also on the Arabic page."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server + f"/{lang}/monitor/jeugd-onderwijs-jongeren")
        assert page.locator(".bron").count() >= 17
        too_wide = page.evaluate(
            "[...document.querySelectorAll('.bron')].filter(e => e.scrollWidth > e.clientWidth)"
            ".length"
        )
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert (too_wide, scroll) == (0, client)
    finally:
        context.close()
