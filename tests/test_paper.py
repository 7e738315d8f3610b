"""Issue 23, item 6: paper outlives the day.

A printout is read the day after too: what it says about opening uses dates, never "today" or
"tomorrow" alone. The poster says what its date is (the day it was printed, with the hours in
force that day) and how old the facts' source is.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

PRINTED = re.compile(r'<span class="print-only">(.*?)</span></p>', re.S)  # the dated form


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.mark.parametrize(
    ("lang", "screen", "paper"),
    [
        (
            "nl",
            "Gaat morgen om 09:00 open",
            "Geprint op maandag 7 december 2026. Gaat dinsdag 8 december om 09:00 open",
        ),
        (
            "en",
            "Opens tomorrow at 09:00",
            "Printed on Monday 7 December 2026. Opens Tuesday 8 December at 09:00",
        ),
        ("ar", None, "8 ديسمبر"),
    ],
)
def test_a_printed_result_dates_the_next_opening(client, lang, screen, paper):
    html = client.get(f"/{lang}/direct/deurwaarder?at=2026-12-07T18:00").get_data(as_text=True)
    printed = [text(p) for p in PRINTED.findall(html)]
    assert printed and any(paper in p for p in printed), printed
    for p in printed:
        for relative in ("morgen", "tomorrow", "vandaag", "today", "غدًا", "اليوم"):
            assert relative not in p.split(":", 1)[1], p
    if screen:
        assert screen in text(html)  # the screen keeps the short, relative words


@pytest.mark.parametrize(
    ("lang", "paper"),
    [
        # read 11 (Dutch B9): "open vanaf 09:00", not "gaat om 09:00 open"
        ("nl", "Geprint op maandag 4 januari 2027. Open vanaf 09:00"),
        ("en", "Printed on Monday 4 January 2027. Open from 09:00"),
        ("ar", "طُبعت هذه الصفحة يوم الاثنين 4 يناير 2027. مفتوح ابتداءً من الساعة 09:00"),
    ],
)
def test_paper_does_not_repeat_the_day_it_already_names(client, lang, paper):
    """Ninth read: "On Monday 4 January 2027: Opens Monday 4 January at 09:00" said the day
    twice, with a capital after the colon; an opening later that day is only its time."""
    html = client.get(f"/{lang}/direct/deurwaarder?at=2027-01-04T08:00").get_data(as_text=True)
    printed = [text(p) for p in PRINTED.findall(html)]
    assert any(paper in p for p in printed), printed


def test_the_print_stylesheet_shows_the_dated_form_only_on_paper(client):
    css = client.get("/static/app.css").get_data(as_text=True)
    assert ".print-only { display: none; }" in css
    media = css[css.index("@media print") :]
    assert ".noprint" in media and ".print-only { display: block; }" in media


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", "Geprint op 7 december 2026, gegevens uit 2025."),
        ("en", "Printed on 7 December 2026, details from 2025."),
        ("ar", "طُبع في 7 ديسمبر 2026، والمعلومات من عام 2025."),
    ],
)
def test_the_poster_says_what_its_date_means_and_how_old_the_source_is(client, lang, said):
    page = text(client.get(f"/{lang}/poster?at=2026-12-07T10:00").get_data(as_text=True))
    assert said in page
    assert "Openingstijden op 7 december 2026" not in page
    # What is not yet confirmed is said on the page behind the poster's QR code.
    behind = text(client.get(f"/{lang}/organisatie/kredietbank").get_data(as_text=True))
    unconfirmed = {
        "nl": "De organisatie heeft nog niet alles bevestigd",
        "en": "The organisation hasn’t confirmed all of it yet",
        "ar": "ولم تؤكد الجهة كل ما فيها بعد",
    }
    assert unconfirmed[lang] in behind
