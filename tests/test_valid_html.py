"""Every page of the site is valid HTML, by the W3C's Nu HTML Checker (vnu).

The crawl (tests/crawl.py) collects every page in the three languages; vnu checks them all in
one run (one Java start). `scripts/test` installs the pinned vnu-jar into `.cache/vnu/` and
Debian's Java when it is missing. Without them the check is skipped on a workstation, and
fails under CI, where a skipped check would look like a pass.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from crawl import ERROR_SEEDS, LANGS, MAX_PAGES, ORIGIN, SEEDS, canonical, file_name

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Page types the crawl must reach in every language: a crawler that lost its way (a template
# that stopped linking, a parser that misses forms) would otherwise pass on a handful of pages.
KINDS = [
    "finder-start",
    "finder-step",
    "finder-result",
    "organisatie",
    "partners",
    "partners-query",
    "partners/overdracht",
    "partners/overdracht-taal",
    "partners/organisatie",
    "monitor",
    "monitor-theme",
    "monitor-theme-filtered",
    "poster",
    "poster-query",
    "toegankelijkheid",
    "privacy",
    "monitor/gebruik",
    "monitor/gebruik-query",
    "error-404",
]


def test_no_template_uses_plain_hx_attributes():
    """htmx reads data-hx-*; plain hx-* attributes are not valid HTML."""
    found = [
        f"{path.name}: {match.group(0)}"
        for path in sorted((ROOT / "templates").glob("*.html"))
        for match in re.finditer(r"(?<![\w-])hx-[a-z-]+=", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_crawl_reaches_every_page_type_in_every_language(crawled_pages):
    kinds = Counter(page.kind for page in crawled_pages)
    missing = [f"{lang} {kind}" for lang in LANGS for kind in KINDS if not kinds[f"{lang} {kind}"]]
    assert missing == [], kinds
    assert 300 <= len(crawled_pages) < MAX_PAGES, kinds


def test_every_linked_page_answers_200(crawled_pages):
    """No broken links: only the seeded error addresses answer with an error."""
    expected = {canonical(ORIGIN + seed) for seed in ERROR_SEEDS}
    assert expected <= {canonical(ORIGIN + seed) for seed in SEEDS}
    wrong = [(page.url, page.status) for page in crawled_pages if page.status != 200]
    assert sorted(url for url, _ in wrong) == sorted(expected), wrong
    # The 400 is the malformed preview moment; the unknown addresses are 404.
    assert {status for _, status in wrong} == {400, 404}


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that starts the Nu HTML Checker; skip (or fail under CI) without it."""
    jar = Path(os.environ.get("VNU_JAR", VNU_JAR))
    java = shutil.which("java")
    problem = None
    if java is None:
        problem = "no `java` (apt-get install default-jre-headless)"
    elif not jar.is_file():
        problem = f"no {jar} (bash scripts/test installs the pinned vnu-jar there)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"the HTML check cannot run under CI: {problem}")
        pytest.skip(problem)
    return [java, "-jar", str(jar)]


def test_every_page_is_valid_html(crawled_pages, vnu, tmp_path):
    """The Nu HTML Checker finds no error, and no warning, on any page in any language."""
    names = {}
    for page in crawled_pages:
        name = file_name(page.url)
        assert name not in names, f"two pages map to {name}"
        names[name] = page.url
        (tmp_path / name).write_text(page.html, encoding="utf-8")
    run = subprocess.run(
        [*vnu, "--format", "json", "--skip-non-html", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its report to stderr; its exit status is 1 when it found errors.
    messages = json.loads(run.stderr)["messages"]
    problems = [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}:"
        f"{m.get('firstColumn', m.get('lastColumn'))}: {m.get('subType', m['type'])}: "
        f"{m['message']}  [{m.get('extract', '')}]"
        for m in messages
        # Errors, warnings, and "non-document-error" when a file cannot be read. Plain "info"
        # only points at the first occurrence of something a warning is about.
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert problems == [], (
        f"{len(problems)} errors and warnings on {len(crawled_pages)} pages:\n"
        + "\n".join(problems[:200])
    )
    assert run.returncode == 0, run.stderr[-2000:]
