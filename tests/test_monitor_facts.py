"""The monitor's facts as the source has them (issue 12, part 8): periods only where the source
gives one, statuses that match what the source says, and a page that says statuses are ours."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from routekaart.content import loader as content_module

ROOT = Path(__file__).resolve().parent.parent
SEED = "seed/sterk-voor-noord-monitor-2023-2024.txt"  # in ../shared
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
MONTHS += ["september", "oktober", "november", "december"]
QUARTER_ENDS = {"maart": "q1", "juni": "q2", "september": "q3", "december": "q4"}


def sentences(shared) -> list[str]:
    """The source's sentences: lines joined, hyphenated words mended, split at " . "."""
    raw = shared(SEED).read_text(encoding="utf-8")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", raw)
    text = re.sub(r"\s+", " ", text)
    return re.split(r"\s[.?!]\s", text)


def monitor():
    """The bundled monitor."""
    content, _ = content_module.load(ROOT / "content", today=date(2026, 11, 27))
    return content.extra["monitor"]


def period_words(period: str) -> tuple[set[str], set[str]]:
    """The words of a period that the source must say: quarters (same sentence) and months and
    years (same sentence or the one before, which often names the year)."""
    # The site says a quarter's end in plain words ("tot eind september 2024" for the source's
    # "tot eind Q3 2024", issue #26): that is the same period, so the source must say Q3.
    period = period.lower()
    for month, quarter in QUARTER_ENDS.items():
        period = period.replace(f"eind {month}", f"eind {quarter}")
    words = period.replace("–", " ").split()
    quarters = {w for w in words if re.fullmatch(r"q[1-4]", w)}
    dated = {w for w in words if w in MONTHS or re.fullmatch(r"20\d\d", w)}
    return quarters, dated


def test_every_figure_carries_only_a_period_the_source_gives(shared):
    """A figure's period ("tot eind Q3 2024", "eind 2023") is said in the source's sentence with
    that figure; a figure the source gives without one says so, or names the edition period."""
    said = sentences(shared)
    found = monitor()
    for edition in found.editions:
        free = {edition.edition.published.nl, "2023–2024"}
        for measurements in found.measurements.values():
            for m in measurements:
                period = m.figure.period.nl
                if period in free or "periode onbekend" in period:
                    continue
                quarters, dated = period_words(period)
                value = re.compile(rf"(?<![\d,.]){m.figure.value}(?![\d,])")
                ok = any(
                    value.search(s)
                    and all(q in s.lower() for q in quarters)
                    and all(w in (said[i - 1] + " " + s).lower() for w in dated)
                    for i, s in enumerate(said)
                )
                assert ok, (m.figure.indicator, m.figure.value, period)


def test_the_figures_without_a_period_in_the_source_do_not_get_the_third_quarter():
    """Only the 8 who found work are "tot eind Q3 2024" (said "tot eind september 2024"); 132
    and 126 have no period."""
    found = monitor()
    period = {i: ms[0].figure.period.nl for i, ms in found.measurements.items()}
    assert period["aan-het-werk"] == "tot eind september 2024"
    for other in ("participatiestappen", "trajecten"):
        assert "Q3" not in period[other] and "september" not in period[other]


@pytest.mark.parametrize(
    ("action_id", "source_words"),
    [
        ("kind-naar-gezonder-gewicht", "gestart in Noord en wordt uitgebreid naar Bovenveen"),
        ("dealbreakers", "wordt nu naar Bovenveen uitgebreid"),
    ],
)
def test_actions_that_still_run_in_noord_are_running(shared, action_id, source_words):
    """The source says both still run in Noord and are being extended to Bovenveen: they are
    "loopt", not "elders voortgezet"."""
    text = re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "", shared(SEED).read_text(encoding="utf-8")))
    assert source_words in text
    actions = {a.id: a for e in monitor().editions for t in e.themes.values() for a in t.actions}
    assert actions[action_id].status == "loopt"


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
@pytest.mark.parametrize("path", ["/{lang}/monitor", "/{lang}/monitor/fijn-en-veilig-wonen"])
def test_the_monitor_says_the_statuses_are_the_team_s_assessment(client, lang, path):
    """The source gives no statuses: the pages that show them say whose judgement they are."""
    html = client.get(path.format(lang=lang)).get_data(as_text=True)
    note = re.search(r'<p class="status-note">(.*?)</p>', html, re.S)
    assert note, path
    expected = {"nl": "programmateam", "en": "programme team", "ar": "فريق البرنامج"}[lang]
    assert expected in note.group(1)


def test_every_action_has_a_summary_in_english_and_arabic():
    """No action is Dutch only: each has a summary (or its whole text) in both languages."""
    for edition in monitor().editions:
        for theme in edition.themes.values():
            for action in theme.actions:
                for lang in ("en", "ar"):
                    assert action.summary is not None or action.text.has(lang), action.id


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_english_and_arabic_monitor_show_the_whole_text_in_their_language(client, lang):
    """Since issue #26 every action's whole text is in English and Arabic: the reader gets it
    in their language, with no Dutch text and no summary repeating it."""
    html = client.get(f"/{lang}/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    dealbreakers = {
        "en": "The Dealbreakers pilot is a success.",
        "ar": "تجربة Dealbreakers ناجحة.",
    }[lang]
    start = '<article class="action" aria-labelledby="action-jonge-aanwas-dealbreakers">'
    article = html[html.index(start) :].split("</article>", 1)[0]
    long = article[article.index('<p class="long">') :]
    assert dealbreakers in unescape(re.sub(r"<[^>]+>", "", long)), long
    assert '<p class="summary">' not in article
    assert '<p class="long" lang="nl"' not in article


def test_the_dutch_monitor_shows_no_summary_twice(client):
    """On the Dutch page the full text is the Dutch reader's: no extra summary line."""
    html = client.get("/nl/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    assert '<p class="summary">' not in html
