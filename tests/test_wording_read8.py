"""The eighth read: the interface defects three native readers found (nl, en, ar), each kept
from coming back: the urgent line when every desk is closed, mobile numbers in pairs, a month
that has not begun, language names in running sentences, counts of nothing, ..."""

from __future__ import annotations

import re
from html import unescape

import pytest

from routekaart import create_app
from routekaart.content.model import _whatsapp


def visible(html: str) -> str:
    """The text of a page, tags gone."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def at(moment: str):
    return create_app({"TESTING": True, "FIXED_NOW": moment}).test_client()


# --- a Dutch mobile number is grouped in pairs ---------------------------------------------------


@pytest.mark.parametrize(
    "written", ["06 143 261 65", "0614326165", "06-14326165", "+31 6 14326165", "0031614326165"]
)
def test_a_mobile_number_reads_06_and_four_pairs_however_it_was_written(written):
    assert _whatsapp(written) == "06 14 32 61 65"


def test_the_pages_show_the_mobile_number_in_pairs(client):
    page = visible(client.get("/nl/organisatie/jongeren-perspectief-fonds").get_data(as_text=True))
    assert "06 14 32 61 65" in page and "143 261" not in page


# --- an urgent result when no desk opens again today --------------------------------------------

CLOSED_TODAY = {
    "nl": "Deze organisaties zijn de rest van vandaag dicht. Bel zodra ze opengaan.",
    "en": "These organisations are closed for the rest of today. Call as soon as they open.",
    "ar": "مغلقتان بقية اليوم. اتصل بهما فور أن تفتحا.",
}
# Read 13: on a day none of them opened (a Saturday) never "the rest of today".
CLOSED_ALL_DAY = {
    "nl": "Deze organisaties zijn vandaag dicht. Bel zodra ze weer open zijn.",
    "en": "These organisations are closed today. Call as soon as they open.",
    "ar": "مغلقتان اليوم. اتصل بهما فور أن تفتحا.",
}


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
@pytest.mark.parametrize("moment", ["2027-01-09T11:00:00", "2027-01-04T18:30:00"])
def test_an_urgent_result_says_call_when_they_open_if_none_opens_again_today(lang, moment):
    """Saturday, or Monday evening: "Call today" next to "Opens Monday at 09:00" could not be
    done; the page says to call as soon as they open."""
    html = at(moment).get(f"/{lang}/direct/huis-uit").get_data(as_text=True)
    line = re.search(r'<p class="closed-today">(.*?)</p>', html, re.S)
    assert line is not None
    said = (CLOSED_ALL_DAY if moment.startswith("2027-01-09") else CLOSED_TODAY)[lang]
    assert said in line.group(1)
    assert "rest" not in line.group(1) or said == CLOSED_TODAY[lang]
    spoken = re.search(r'data-speak="([^"]*)"', html)
    assert spoken is not None and said in unescape(spoken.group(1))
    # Nor does the advice above it still say "today" (it says "as soon as you can").
    assert {"nl": "Bel vandaag", "en": "Call today", "ar": "اتصل اليوم"}[lang] not in html


@pytest.mark.parametrize(
    "moment",
    [
        "2027-01-04T10:30:00",
        "2027-01-04T07:30:00",
        # Christmas Day on a Friday, at 11:00: the Kredietbank never confirmed it closes on
        # holidays, so its card says "often closed, call first" and the page must not also say
        # "closed for the rest of today". (On a Saturday the holiday changes nothing.)
        "2026-12-25T11:00:00",
    ],
)
def test_an_urgent_result_says_nothing_more_while_a_desk_is_open_or_opens_today(moment):
    html = at(moment).get("/nl/direct/huis-uit").get_data(as_text=True)
    assert "closed-today" not in html


# --- the reach page: a month that has not begun -------------------------------------------------


def test_a_month_after_today_has_not_started_and_is_not_so_far():
    client = at("2027-01-04T10:30:00")
    later = client.get("/nl/monitor/gebruik?periode=2027-02").get_data(as_text=True)
    assert '<h2 class="period-title">Februari 2027 (nog niet begonnen)</h2>' in later
    now = client.get("/nl/monitor/gebruik?periode=2027-01").get_data(as_text=True)
    assert '<h2 class="period-title">Januari 2027 (tot nu toe)</h2>' in now
    english = client.get("/en/monitor/gebruik?periode=2027-02").get_data(as_text=True)
    assert "February 2027 (hasn’t started yet)" in english


# --- language names in running sentences -------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "taal", "said"),
    [
        ("en", "ar", "The page opens in Arabic."),
        ("en", "nl", "The page opens in Dutch."),
        ("nl", "en", "De pagina opent in het Engels."),
        ("ar", "nl", "فتُفتح الصفحة باللغة الهولندية."),
    ],
)
def test_the_hand_over_page_names_the_language_in_the_pages_language(client, lang, taal, said):
    html = client.get(f"/{lang}/partners/overdracht/direct/huis-uit?taal={taal}")
    assert said in visible(html.get_data(as_text=True))


def test_the_posters_codes_name_the_language_in_the_pages_language(client):
    html = client.get("/en/poster").get_data(as_text=True)
    assert "QR code to the Routekaart in Arabic" in html
    assert "Routekaart in العربية" not in html


# --- counts of nothing ----------------------------------------------------------------------------


def test_no_actions_and_no_hits_are_said_in_words(client):
    monitor = visible(
        client.get("/en/monitor/jeugd-onderwijs-jongeren?status=gestopt").get_data(as_text=True)
    )
    assert "There are no actions with this status." in monitor
    assert "0 actions shown" not in monitor
    partners = visible(client.get("/en/partners?q=xyzabc").get_data(as_text=True))
    assert "0 situations" not in partners
    assert "No situations or organisations found" in partners
    dutch = visible(client.get("/nl/partners?q=xyzabc").get_data(as_text=True))
    assert "Geen situaties of organisaties gevonden" in dutch


# --- 'je' on the young people's pages -----------------------------------------------------------


def test_the_youth_slip_and_description_say_je(client):
    slip = client.get("/nl/partners/overdracht/jong/bijna-18").get_data(as_text=True)
    assert "Scan de code om deze pagina op je telefoon te openen" in slip
    assert "uw telefoon" not in slip
    page = client.get("/nl/jong").get_data(as_text=True)
    assert 'content="Waar je heen kunt met zorgen of vragen over geld' in page
    adults = client.get("/nl/direct").get_data(as_text=True)
    assert 'content="Waar u heen kunt met zorgen of vragen over geld' in adults


# --- the poster, the week table, the holiday line -----------------------------------------------


def test_the_posters_time_and_place_do_not_run_together(client):
    text = visible(client.get("/en/poster").get_data(as_text=True))
    assert not re.search(r"\d\d:\d\d(Bibliotheek|Tuinkamer|Sporthal)", text)


def test_the_arabic_week_table_joins_a_place_with_the_arabic_comma(client):
    html = client.get("/ar/organisatie/ping-loket").get_data(as_text=True)
    table = html.split('<table class="week">', 1)[1].split("</table>", 1)[0]
    assert "Tuinkamer van Noord, Sporthal" not in visible(table)
    assert "اليوم والتاريخ" in table


def test_the_dutch_week_table_says_dicht(client):
    table = client.get("/nl/organisatie/kredietbank").get_data(as_text=True)
    table = table.split('<table class="week">', 1)[1].split("</table>", 1)[0]
    assert "Gesloten" not in table and "gesloten" not in table


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        # Each part a whole sentence with its full stop (tenth read): no comma splice, and on
        # paper ("On Friday 25 December 2026: it’s a public holiday …") only one colon.
        ("nl", "Feestdag (eerste kerstdag): vaak dicht. Bel eerst. Vanaf "),
        ("en", "Public holiday (Christmas Day): may be closed. Call first. "),
        ("ar", "عطلة رسمية (عيد الميلاد): غالبًا ما تكون الجهة مغلقة. اتصل أولًا."),
    ],
)
def test_the_holiday_line_reads_as_sentences(lang, said):
    html = at("2026-12-25T10:00:00").get(f"/{lang}/organisatie/kredietbank").get_data(as_text=True)
    text = visible(html)
    assert said in text
    assert "· usual hours" not in text and "· gewone tijden" not in text


def test_the_dutch_partner_search_does_not_offer_dutch_twice(client):
    dutch = visible(client.get("/nl/partners").get_data(as_text=True))
    assert "Bijvoorbeeld: deurwaarder, beslag, formulieren, jong." in dutch
    assert "in de taal van deze pagina" not in dutch
    english = visible(client.get("/en/partners").get_data(as_text=True))
    assert "You can search in English or in Dutch." in english
