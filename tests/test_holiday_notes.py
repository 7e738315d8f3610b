"""Issue 23, item 5: holiday notes a resident can follow.

A holiday note appears only on a day the desk would otherwise open (Saturday 26 December 2026
is Boxing Day, and neither the Kredietbank nor the PING-loket ever opens on a Saturday); it
advises calling only a desk with a phone number (the PING-loket has none). The calendar keeps
an unconfirmed holiday as the site does: tentative, "often closed", never silently dropped.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from routekaart.domain import hours

LANGS = ("nl", "en", "ar")
HOLIDAY_WORDS = {"nl": "feestdag", "en": "public holiday", "ar": "عطلة رسمية"}
# Compared in lower case: a note starts a sentence ("Bel eerst.") or goes on one.
CALL_FIRST = {"nl": "bel eerst", "en": "call first", "ar": "اتصل أولًا"}
NO_PHONE = {
    "nl": "geen telefoonnummer om dat na te vragen",
    "en": "no phone number to check",
    "ar": "ولا يوجد رقم هاتف للسؤال",
}


def visible(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.get_data(as_text=True)
    body = body[body.index("<main") :]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("org_id", ["kredietbank", "ping-loket"])
def test_no_holiday_note_on_a_saturday_the_desk_never_opens(client, lang, org_id):
    """The status line and the row of that Saturday (the Friday before, Christmas Day, is a day
    the Kredietbank would open: its row keeps its note)."""
    html = client.get(f"/{lang}/organisatie/{org_id}?at=2026-12-26T10:00").get_data(as_text=True)
    status = re.search(r'<p class="status[^"]*">(.*?)</p>', html, re.S).group(1)
    today = re.search(r'<tr class="today"[^>]*>(.*?)</tr>', html, re.S).group(1)
    for part in (status, today):
        assert HOLIDAY_WORDS[lang] not in unescape(part).lower()
        assert CALL_FIRST[lang] not in unescape(part).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_the_kredietbank_on_a_weekday_holiday_says_often_closed_call_first(client, lang):
    page = visible(client, f"/{lang}/organisatie/kredietbank?at=2026-12-25T10:00").lower()
    assert HOLIDAY_WORDS[lang] in page and CALL_FIRST[lang] in page


@pytest.mark.parametrize("lang", LANGS)
def test_ping_on_a_holiday_never_says_call(client, lang):
    """King's Day 2026 is a Monday, when the PING-loket would open at the library."""
    page = visible(client, f"/{lang}/organisatie/ping-loket?at=2026-04-27T10:30").lower()
    assert HOLIDAY_WORDS[lang] in page and NO_PHONE[lang] in page
    assert CALL_FIRST[lang] not in page


def test_the_day_model_names_a_holiday_only_when_the_desk_would_open(app):
    with app.app_context():
        from routekaart.ops.store import current_content

        content = current_content()
    kb = content.organisations["kredietbank"]
    boxing_saturday = hours.day_hours(
        kb, content.settings, __import__("datetime").date(2026, 12, 26)
    )
    assert boxing_saturday.reason is None and boxing_saturday.holiday is None
    christmas_friday = hours.day_hours(
        kb, content.settings, __import__("datetime").date(2026, 12, 25)
    )
    assert christmas_friday.unsure and christmas_friday.usual and not christmas_friday.openings


@pytest.mark.parametrize("lang", LANGS)
def test_printed_texts_advise_calling_only_where_there_is_a_number(client, lang):
    """The slip advises calling only where there is a number; the poster (little room) only
    says "often closed": each desk's page behind its QR code says what to do."""
    slip = {
        "nl": "Op feestdagen vaak dicht: bel eerst als er een telefoonnummer is.",
        "en": "Often closed on public holidays: call first if there’s a phone number.",
        "ar": "غالبًا ما تُغلق الجهات في العطل الرسمية: اتصل أولًا إذا كان هناك رقم هاتف.",
    }[lang]
    assert slip in visible(client, f"/nl/partners/organisatie/ping-loket/overdracht?taal={lang}")
    poster = {
        "nl": "Op feestdagen vaak dicht.",
        "en": "Often closed on public holidays.",
        "ar": "غالبًا ما تُغلق الجهات في العطل الرسمية.",
    }[lang]
    page = visible(client, f"/{lang}/poster")
    call = {"nl": "bel eerst", "en": "call first", "ar": "اتصل أولًا"}[lang]
    # The Kredietbank's card says "Call first to ask whether you can visit" (its hours'
    # purpose is unknown); the holiday line itself gives no advice.
    assert poster in page and f"{poster[:-1]}: {call}" not in page


def test_the_ping_calendar_keeps_an_unconfirmed_holiday_as_tentative(client):
    body = client.get("/nl/organisatie/ping-loket.ics?at=2026-04-20T09:00").get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    events = unfolded.split("BEGIN:VEVENT")[1:]
    kings_day = [e for e in events if "DTSTART:20260427" in e]
    assert len(kings_day) == 1
    assert "STATUS:TENTATIVE" in kings_day[0]
    assert "feestdag (Koningsdag)\\, vaak dicht" in kings_day[0]
    assert "geen telefoonnummer om dat na te vragen" in kings_day[0]
    assert "bel eerst" not in kings_day[0]
