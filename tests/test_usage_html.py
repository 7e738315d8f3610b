"""The figures pages with real figures in them (charts, hidden cells, totals) are valid HTML and
SVG by the Nu HTML Checker; the crawl in test_valid_html.py only sees an empty database."""

from __future__ import annotations

import json
import subprocess

from test_usage import WEEK, add, make_app
from test_valid_html import vnu  # noqa: F401  (the fixture that finds the checker)

PAGES = [
    f"/{lang}/{page}"
    for lang in ("nl", "en", "ar")
    for page in ("monitor/gebruik", "monitor/gebruik?periode=2026-12", "monitor", "privacy")
]


def test_figures_pages_with_figures_are_valid_html(tmp_path, vnu):  # noqa: F811
    app = make_app(tmp_path)
    add(app, WEEK)
    client = app.test_client()
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, url in enumerate(PAGES):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        if "gebruik" in url:
            assert "<svg" in html, url
        (folder / f"{n}.html").write_text(html, encoding="utf-8")
    run = subprocess.run(
        [*vnu, "--format", "json", str(folder)], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(run.stderr)["messages"]
    problems = [
        f"{PAGES[int(m['url'].rsplit('/', 1)[1].split('.')[0])]}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert problems == []
