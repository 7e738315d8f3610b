"""Staff preview: any page at another moment with ?at=, with a notice; malformed is a 400."""

from __future__ import annotations

import re

import pytest


def test_preview_notice_and_status_at_that_moment(client):
    """?at=2027-01-04T10:00 (a Monday) shows the site as then: PING open, with a notice."""
    html = client.get("/en/organisatie/ping-loket?at=2027-01-04T10:00").get_data(as_text=True)
    notice = re.search(r'<p class="preview" role="status">(.*?)</p>', html, re.S)
    assert notice and "4 January 2027" in notice.group(1)
    assert "Open now until" in html
    assert 'aria-current="date"' in html and "Monday 4 January" in html


def test_no_notice_without_preview(client):
    """Without ?at= there is no preview notice."""
    html = client.get("/en/organisatie/ping-loket").get_data(as_text=True)
    assert 'class="preview"' not in html


def test_preview_moment_changes_the_answer(client):
    """The same page at two moments: open at 10:00, closed at 12:00."""
    open_html = client.get("/en/organisatie/ping-loket?at=2027-01-04T10:00").get_data(True)
    closed_html = client.get("/en/organisatie/ping-loket?at=2027-01-04T12:00").get_data(True)
    assert 'class="status open"' in open_html
    assert 'class="status closed"' in closed_html


def test_links_keep_the_preview_moment(client):
    """Every link to our own pages keeps ?at= so staff can click through the preview."""
    html = client.get("/en/direct/huis-uit?at=2027-01-04T10:00").get_data(as_text=True)
    own = [h for h in re.findall(r'href="(/[^"]*)"', html) if not h.startswith("/static")]
    assert own
    assert all("at=2027-01-04T10:00" in h for h in own), own


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
@pytest.mark.parametrize(
    "at", ["2027-02-30T10:00", "2027-01-04T10:60", "4 januari", "2027-01-04T10:00Z", ""]
)
def test_malformed_preview_is_a_400_in_the_page_language(client, lang, at):
    """A malformed moment: a friendly 400 page in the URL's language, never a 500."""
    response = client.get(f"/{lang}/organisatie/ping-loket", query_string={"at": at})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    assert ('dir="rtl"' in html) == (lang == "ar")
    assert "2027-01-04T10:00" in html  # the example of a good preview moment


def test_malformed_preview_message_in_english(client):
    """The English page explains how to write the moment."""
    response = client.get("/en/?at=soon")
    assert response.status_code == 400
    assert "The preview time isn’t valid" in response.get_data(as_text=True)


def test_preview_on_a_skipped_hour_is_moved_forward(client):
    """2026-03-29 02:30 does not exist in Amsterdam: shown as 03:30 summer time, not a 500."""
    response = client.get("/api/v1/organisations", query_string={"at": "2026-03-29T02:30"})
    assert response.status_code == 200
    assert response.get_json()["at"] == "2026-03-29T03:30:00+02:00"


def test_preview_on_a_doubled_hour_is_the_first(client):
    """2026-10-25 02:30 happens twice: the first (summer time) is meant."""
    response = client.get("/api/v1/organisations", query_string={"at": "2026-10-25T02:30"})
    assert response.get_json()["at"] == "2026-10-25T02:30:00+02:00"


def test_calendar_follows_the_preview(client):
    """The .ics download at a preview moment starts from that moment."""
    body = client.get("/nl/organisatie/ping-loket.ics?at=2027-01-04T12:00").get_data(True)
    first = re.search(r"DTSTART:(\S+)", body).group(1)
    assert first == "20270106T100000Z"  # Wednesday 6 January, 11:00 local


@pytest.mark.parametrize(
    ("at", "lang", "shown"),
    [
        ("2027-07-01T10:00", "nl", "10:00"),  # summer: UTC would read 08:00
        ("2027-01-04T23:30", "nl", "23:30"),  # winter, late: UTC would read 22:30
        ("2027-07-01T16:45", "en", "16:45"),  # British English: a 24-hour clock here too
    ],
)
def test_the_preview_notice_names_the_moment_in_amsterdam_time(client, at, lang, shown):
    html = client.get(f"/{lang}/?at={at}").get_data(as_text=True)
    notice = re.search(r'<p class="preview" role="status">(.*?)</p>', html, re.S).group(1)
    assert shown in notice
    utc_hour = {"10:00": "08:00", "23:30": "22:30", "16:45": "14:45"}[shown]
    assert utc_hour not in notice
    assert ("(Nederlandse tijd)" if lang == "nl" else "(Netherlands time)") in notice


@pytest.mark.parametrize(
    ("lang", "moment"),
    [
        ("nl", "zo ziet deze pagina eruit op maandag 4 januari 2027 om 10:30 (Nederlandse tijd)."),
        (
            "en",
            "this is how the page would look on Monday 4 January 2027 at 10:30 (Netherlands time).",
        ),
        ("ar", "هكذا تبدو هذه الصفحة يوم الاثنين 4 يناير 2027 الساعة 10:30 (بتوقيت هولندا)."),
    ],
)
def test_the_preview_notice_names_the_moment_on_a_24_hour_clock(client, lang, moment):
    # It said "10:30:00 AM" in English and "10:30:00 ص" in Arabic; the site says "10:30". Then
    # "Midden-Europese standaardtijd" and «في الاثنين»: now Dutch time, and «يوم الاثنين».
    html = client.get(f"/{lang}/?at=2027-01-04T10:30").get_data(as_text=True)
    notice = html.split('class="preview"', 1)[1].split("</p>", 1)[0]
    assert notice.endswith(moment)
