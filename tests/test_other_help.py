"""A way on when nothing fits (issue #13 part 4): the general-help result lists, after the
desks that take any money question, the other help the programme offers, with only the facts
the source gives and, where it gives no hours or phone, how to find them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from routekaart.content.loader import load

EXPECTED = {
    "nl": [
        "Andere hulp in de wijk:",
        "Ondernemersloket Inholland",
        "Maandag 10:00–12:00",
        "We hebben geen telefoonnummer van dit loket.",
        "Gemeente: hulp bij werk en meedoen",
        "Vraag in de Tuinkamer van Noord wanneer de spreekuren zijn.",
        "Taalhuis",
        "Vraag het bij de balie van de Bibliotheek aan de Vliet",
    ],
    "en": [
        "Other help in the neighbourhood:",
        "Ondernemersloket Inholland",
        "Monday 10:00–12:00",
        "We don’t have a phone number for this desk.",
        "Council help with finding work and getting involved",
        "Ask at the Tuinkamer van Noord when the advice sessions (spreekuren) are",
        "Taalhuis",
        "Ask at the front desk of Bibliotheek aan de Vliet",
    ],
    "ar": [
        "مساعدة أخرى في الحي:",
        "Ondernemersloket Inholland",
        "الاثنين 10:00–12:00",
        "ليس لدينا رقم هاتف لهذا المكتب.",
        "مستشارو البلدية للعمل والمشاركة في المجتمع",
        "اسأل في Tuinkamer van Noord عن يومَي الموعدين الثابتين للاستشارة (spreekuren) وأوقاتهما",
        "Taalhuis",
        "اسأل في مكتب الاستقبال في Bibliotheek aan de Vliet",
    ],
}


def visible(html: str) -> str:
    """The page's text without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_general_help_lists_the_desks_first_then_the_other_help(client, lang):
    html = client.get(f"/{lang}/iets-anders?at=2027-01-06T10:30").get_data(as_text=True)
    text = visible(html)
    start = text.index(EXPECTED[lang][0])
    for part in EXPECTED[lang]:  # in this order, after the desks
        start = text.index(part, start)
    # The desks come first: walk-in hours (Sociaal Service Punt, PING-loket), then the phone.
    desks = [text.index(n) for n in ("Sociaal Service Punt", "PING-loket", "Kredietbank")]
    assert desks == sorted(desks) and desks[-1] < text.index(EXPECTED[lang][0])
    # The other help is not a desk of the routekaart: no call button, no opening status.
    other = html[html.index('class="orgs other-help"') :].split("</ul>\n  <p class=")[0]
    assert "tel:" not in other and 'class="status' not in other


def test_help_that_has_not_started_is_not_offered(client):
    before = visible(client.get("/nl/iets-anders?at=2024-10-01T10:00").get_data(as_text=True))
    assert "hulp bij werk en meedoen" in before  # since September 2024
    assert "Ondernemersloket Inholland" not in before  # from December 2024


def test_other_help_is_neither_a_desk_on_the_poster_nor_in_open_data(client):
    poster = client.get("/nl/poster").get_data(as_text=True)
    organisations = client.get("/api/v1/organisations").get_json()["organisations"]
    for name in ("Ondernemersloket", "Participatieconsulenten", "Taalhuis"):
        assert name not in poster
        assert all(name not in o["name"] for o in organisations)


def test_other_help_at_an_unknown_place_is_an_error(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = "          location: tuinkamer-van-noord\n          valid_from: 2024-09-01\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("tuinkamer-van-noord", "tuinkamer")), "utf-8")
    _, messages = load(content_copy)
    assert any(
        'error: unknown location "tuinkamer" (did you mean "tuinkamer-van-noord"?)' in str(m)
        for m in messages
    )


def test_the_arabic_other_help_isolates_latin_names_and_uses_the_arabic_comma(client):
    """Issue #26: the same markup as the cards: each Latin part isolated, joined by "، "."""
    html = client.get("/ar/iets-anders?at=2027-01-06T10:30").get_data(as_text=True)
    other = html[html.index('class="orgs other-help"') :].split("</ul>\n  <p class=")[0]
    addresses = re.findall(r'<p class="address">(.*?)</p>', other, re.S)
    assert addresses
    for address in addresses:
        outside = re.sub(r"<bdi[^>]*>.*?</bdi>", "", address.split("</span>", 1)[1], flags=re.S)
        assert "," not in outside and "، " in outside, address
