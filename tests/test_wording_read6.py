"""Issue #26, the sixth read: the wording defects an independent editor found, each kept from
coming back (the printed status, the age question's last answer, the u/je greeting, ...)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from routekaart import create_app


def visible(html: str) -> str:
    """The text of a page, tags gone."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def monday():
    """Monday 7 December 2026, 10:00: the Sociaal Service Punt is open until 12:00."""
    app = create_app({"TESTING": True, "FIXED_NOW": "2026-12-07T10:00:00"})
    return app.test_client()


def _printed(html: str) -> list[str]:
    spans = re.findall(r'<span class="print-only">(.*?)</span>', html)
    return [unescape(re.sub(r"<[^>]+>", "", m)) for m in spans]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Geprint op maandag 7 december 2026. Open tot 12:00"),
        ("en", "Printed on Monday 7 December 2026. Open until 12:00"),
        ("ar", "طُبعت هذه الصفحة يوم الاثنين 7 ديسمبر 2026. مفتوح حتى الساعة 12:00"),
    ],
)
def test_paper_names_the_moment_and_never_says_open_now(monday, lang, expected):
    for path in ("direct/huis-uit", "partners"):
        html = monday.get(f"/{lang}/{path}").get_data(as_text=True)
        printed = _printed(html)
        assert any(expected in line for line in printed), (path, printed)
        now_words = {"nl": "Nu open", "en": "Open now", "ar": "مفتوح الآن"}[lang]
        assert not any(now_words in line for line in printed), (path, printed)
    screen = visible(monday.get(f"/{lang}/direct/huis-uit").get_data(as_text=True))
    assert {"nl": "Nu open tot 12:00", "en": "Open now until 12:00"}.get(lang, "") in screen


@pytest.mark.parametrize(
    ("lang", "answer", "title"),
    [
        (
            "nl",
            "Dat weet ik niet, of zeg ik liever niet",
            "Hier kun je terecht met je vraag",
        ),
        ("en", "I don’t know, or I’d rather not say", "Here’s where you can go with your question"),
        ("ar", "لا أعرف، أو أفضّل ألّا أقول", "هنا تجد من يساعدك في سؤالك"),
    ],
)
def test_the_age_questions_last_answer_is_about_age_and_keeps_its_address(
    client, lang, answer, title
):
    for worry in ("rekeningen", "schulden"):
        question = visible(client.get(f"/{lang}/jong/{worry}").get_data(as_text=True))
        assert answer in question
        assert "Iets anders, of ik weet het niet" not in question
        page = client.get(f"/{lang}/jong/{worry}/iets-anders")
        assert page.status_code == 200
        text = visible(page.get_data(as_text=True))
        assert answer in text and title in text
        assert "andere vraag" not in text
    # The first question of the branch keeps the usual wording.
    first = visible(client.get("/nl/jong").get_data(as_text=True))
    assert "Iets anders, of ik weet het niet" in first


def test_the_young_peoples_pages_never_greet_with_u(client):
    text = visible(client.get("/nl/jong/bijna-18").get_data(as_text=True))
    assert not re.search(r"\b(u|uw)\b", text.split("Privacy")[0]), text


def test_a_question_may_word_the_fallback_its_own_way_only_as_a_question():
    from routekaart.content.model import Node

    with pytest.raises(ValueError):
        Node.model_validate(
            {
                "result": {"urgency": "normal", "title": {"nl": "a"}, "advice": {"nl": "b"}},
                "fallback_label": {"nl": "Weet ik niet"},
            }
        )


def test_the_share_message_of_a_desk_without_phone_gives_its_whatsapp_and_its_warning(monday):
    from urllib.parse import unquote

    # Its own page: on the route it now follows the Kredietbank (read 12: a service that may
    # have stopped never comes first), and the route's message names the first desk.
    html = monday.get("/nl/organisatie/jongeren-perspectief-fonds").get_data(as_text=True)
    link = unquote(unescape(re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)))
    assert "WhatsApp: 06 14 32 61 65" in link
    assert "of het er nog is" in link


def test_an_ended_service_does_not_say_check_before_you_go(client):
    for lang, check in (("nl", "vraag het eerst na"), ("en", "check first")):
        text = visible(client.get(f"/{lang}/organisatie/jongerenadviespunt").get_data(as_text=True))
        assert check not in text
    text = visible(client.get("/nl/organisatie/jongerenadviespunt").get_data(as_text=True))
    assert text.count("liep tot en met 31 december 2024") == 1


@pytest.mark.parametrize(
    ("path", "said", "not_said"),
    [
        ("/nl/binnenkort", "Ik heb stress omdat ik te weinig geld heb", "stress om te"),
        ("/nl/jong", "Ik kan mijn rekeningen niet betalen", "Ik kan rekeningen"),
        ("/nl/organisatie/kredietbank", "Deze gegevens zijn uit 2025.", "bron van"),
        ("/nl/binnenkort/rekeningen", "Burgemeester Kolfschotenlaan", "Burg. "),
        ("/nl/organisatie/ping-loket", "geld, brieven en formulieren", "geld, post en"),
        ("/nl/binnenkort/rekeningen", "PING-loket: wat klopt er niet?", "bij PING-loket"),
        ("/nl/direct/iets-anders", "Gemeente: hulp bij werk en meedoen", "meedoen, van de"),
        ("/en/jong", "I’m almost 18 and don’t know what I need to sort out", "I am almost 18"),
        ("/en/direct", "I’ve had an enforcement order", "I got an"),
        ("/en/jong/leven", "Area coordinator (gebiedsregisseur)", "<h3>Gebiedsregisseur"),
        ("/en/organisatie/kredietbank", "This information dates from 2025.", "a source of"),
        ("/en/privacy", "a letter telling you to leave your home", "a letter that you"),
        # Read 11: digits, as in «ستبلغ 18 سنة».
        ("/ar/jong", "سأبلغ 18 سنة قريبًا", "سأبلغ الثامنة عشرة"),
        ("/ar/direct/huis-uit", "متأخرات الإيجار", "الإيجار المتأخر"),
        ("/ar/", "(Routekaart Geldzorgen)", "xyzzy"),
    ],
)
def test_the_sixth_reads_wording(client, path, said, not_said):
    html = client.get(path).get_data(as_text=True)
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))
    assert said in text
    assert not_said not in (html if not_said.startswith("<") else text)
