"""Read 11, the interface texts: what three native readers found in the templates and catalogs."""

from __future__ import annotations

import html
import re

import pytest

from routekaart import create_app


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


def _page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_paper_says_a_desk_opening_later_that_day_in_full(client):
    """Dutch B9: "Op dinsdag 5 januari 2027: gaat om 09:00 open" read as if a word were missing.
    Read 13: the date is said to be the day of printing ("Geprint op …")."""
    page = _page(client, "/nl/binnenkort/iets-anders?at=2027-01-05T08:00")
    assert "Geprint op dinsdag 5 januari 2027. Open vanaf " in page
    assert "2027. Gaat om " not in page
    english = _page(client, "/en/binnenkort/iets-anders?at=2027-01-05T08:00")
    assert "Printed on Tuesday 5 January 2027. Open from " in english


@pytest.mark.parametrize(
    ("lang", "kicker"),
    [
        ("nl", "Ik heb zorgen of vragen over geld. Waar kan ik heen?"),
        ("en", "I have worries or questions about money. Where can I go?"),
        ("ar", "عندي هموم أو أسئلة عن المال. إلى أين أذهب؟"),
    ],
)
def test_the_slip_carries_the_route_maps_own_title(client, lang, kicker):
    """Dutch C4 and Arabic 12: one tagline for the product, a question with its question mark."""
    page = _page(client, f"/{lang}/partners/organisatie/kredietbank/overdracht")
    assert f'<p class="slip-kicker">{_kicker(lang)} · {kicker}</p>' in page


def _kicker(lang: str) -> str:
    return {"ar": "دليل المساعدة للهموم المالية"}.get(lang, "Routekaart Geldzorgen")


def test_an_organisations_slip_names_it_once(client):
    """Dutch E3: the title "Kredietbank Nederland", then the card "Kredietbank Nederland"."""
    page = _page(client, "/nl/partners/organisatie/kredietbank/overdracht")
    slip = page[
        page.index('<section class="slip"') : page.index("</section>", page.index('class="slip"'))
    ]
    assert slip.count("Kredietbank Nederland") == 1


def test_the_calendar_says_what_to_check_and_the_arabic_event_is_an_opening(client):
    """Dutch B5 ("voordat u belt of gaat") and Arabic 17 («…: أوقات العمل» as an event name);
    read 13: "Kijk eerst …" (no "call" for a desk without a phone) and "PING-loket is open"."""
    dutch = _page(client, "/nl/organisatie/kredietbank.ics")
    assert "Kijk eerst of dit nog klopt:" in dutch and "voordat u belt" not in dutch
    ping = _page(client, "/nl/organisatie/ping-loket.ics")
    assert "SUMMARY:PING-loket is open" in ping and "openingstijden" not in ping
    arabic = _page(client, "/ar/organisatie/kredietbank.ics")
    assert "SUMMARY:Kredietbank Nederland: مفتوح" in arabic
    assert "أوقات العمل" not in arabic


def test_the_monitor_table_keeps_its_years_in_order_in_arabic(client):
    """Arabic 14: «تقرير المتابعة 2023–2024» showed as "2024–2023" in the table headers."""
    page = _page(client, "/ar/monitor")
    headers = re.findall(r'<th scope="col">([^<]*(?:<bdi[^>]*>[^<]*</bdi>)?)</th>', page)
    assert 'تقرير المتابعة <bdi dir="ltr">2023–2024</bdi>' in headers


def test_a_goal_heading_reads_as_a_sentence(client):
    """English 27: "Goal 1 Fewer children grow up in poverty" without a colon."""
    page = _page(client, "/en/monitor/jeugd-onderwijs-jongeren")
    assert '<span class="goal-number">Goal 1:</span>' in page


def test_the_arabic_privacy_page_says_whom_a_partner_helps(client):
    """Arabic 3 and 16: «ليعطيها لمن يساعده» read the other way round; «الخاص بك»."""
    page = html.unescape(_page(client, "/ar/privacy"))
    assert "ليعطيها لأحد السكان الذين يساعدهم" in page
    assert "عنوان IP لجهازك" in page and "الخاص بك" not in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "We only count page views per day"),
        ("nl", "We tellen alleen paginabezoeken per dag"),
        ("ar", "نعدّ زيارات الصفحات لكل يوم فقط"),
    ],
)
def test_one_word_for_what_is_counted(client, lang, said):
    """English 20: visits, pages and page views on the footer, privacy and reach pages."""
    assert said in _page(client, f"/{lang}/")
    privacy = html.unescape(_page(client, f"/{lang}/privacy"))
    assert {"en": "page views per day", "nl": "paginabezoeken per dag"}.get(
        lang, "زيارات الصفحات لكل يوم"
    ) in privacy


def test_the_poster_names_its_languages_and_asks_where_the_code_appears(client):
    """Dutch B2 ("in elke taal") and English 34 ("Where will the poster be used?" / "Advert")."""
    dutch = _page(client, "/nl/poster")
    assert "De QR-codes openen de routekaart in het Nederlands, Engels en Arabisch." in dutch
    assert "Where will this poster go?" in _page(client, "/en/poster")
    assert "Waar hangt of staat deze poster?" in dutch


def test_the_partner_guide_labels_the_dutch_words_of_a_situation(client):
    """English 35: a Dutch line under each situation, without a label. Its isolate may wrap
    (no dir="ltr", which keeps a name on one line): a whole sentence must not overflow."""
    page = _page(client, "/en/partners")
    assert 'In Dutch: <bdi lang="nl">Ik heb een brief gekregen' in page


def test_english_error_page_contracts_as_the_site_does(client):
    """English 25: "We could not understand this address"."""
    page = _page(client, "/en/monitor/gebruik?periode=xx")
    assert "We couldn’t understand this web address" in page
