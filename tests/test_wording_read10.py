"""The tenth read (issue #26): what the three readers found in the interface texts."""

from __future__ import annotations

import html
import re


def spoken(client, url):
    page = client.get(url).get_data(as_text=True)
    return html.unescape(re.search(r'data-speak="([^"]*)"', page).group(1))


def test_the_partners_guide_marks_the_line_that_holds_today_by_its_weekday(client):
    """ "(today's hours)" after "Monday to Friday" read as if the whole range were today's."""
    for lang, said in [("en", "(today is Monday)"), ("nl", "(vandaag is het maandag)")]:
        page = client.get(f"/{lang}/partners?q=ping&at=2026-06-01T10:00").get_data(as_text=True)
        assert said in page
        assert "today’s hours" not in page and "tijden van vandaag" not in page


def test_a_single_organisation_slip_names_it_and_its_qr_code_reads_no_address(client):
    """Read 11, Dutch A1/E6 and Arabic 9: "of PING-loket vandaag open is" (no article), and a
    fund or a volunteer service without opening hours never "opens"."""
    page = client.get("/nl/partners/organisatie/kredietbank/overdracht").get_data(as_text=True)
    assert "Op deze pagina staat of het loket vandaag open is en wat er is veranderd:" in page
    assert "of ze vandaag open is" not in page
    for org in ("ping-loket", "sociaal-service-punt"):
        slip = client.get(f"/nl/partners/organisatie/{org}/overdracht").get_data(as_text=True)
        assert "of het loket vandaag open is" in slip, org
    for org in ("jongeren-perspectief-fonds", "schuldhulpmaatje"):
        for lang, said, never in [
            ("nl", "Op deze pagina staat altijd de nieuwste informatie:", "vandaag open"),
            ("ar", "لتجد أحدث المعلومات دائمًا:", "هل يفتح"),
        ]:
            slip = client.get(f"/{lang}/partners/organisatie/{org}/overdracht").get_data(True)
            assert said in slip and never not in slip, (org, lang)
    labels = re.findall(r'aria-label="(QR[^"]*)"', page)
    assert "QR-code naar de pagina: Kredietbank Nederland" in labels
    assert not [label for label in labels if "http" in label]


def test_the_poster_codes_are_named_by_their_language_not_their_address(client):
    page = client.get("/en/poster?bron=krantje").get_data(as_text=True)
    labels = re.findall(r'aria-label="(QR[^"]*)"', page)
    assert labels[0] == "QR code to the Routekaart in English"
    assert not [label for label in labels if "http" in label]


def test_read_aloud_says_what_the_card_shows(client):
    """The website of a desk with only a website, and the warning that help may have stopped."""
    said = spoken(client, "/en/binnenkort/schulden")
    assert "Website: www.schuldhulpmaatje.nl" in said
    said = spoken(client, "/en/jong/schulden/18-tot-27")
    assert "whether it’s still running" in said
    assert "Email: jpf@lv.nl" in said


def test_the_report_form_says_the_help_stopped_not_a_desk(client):
    page = client.get("/nl/organisatie/schuldhulpmaatje").get_data(as_text=True)
    assert "Deze hulp bestaat niet meer" in page
    assert "Dit loket is gestopt" not in page
