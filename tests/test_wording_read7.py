"""The seventh read's defects (#26), so they cannot come back."""

import pytest

from routekaart import create_app


@pytest.fixture
def client():
    app = create_app({"FIXED_NOW": "2026-12-07T10:00:00", "TESTING": True})
    return app.test_client()


def heading(html):
    return html.split('id="question"', 1)[1].split("</h2>", 1)[0]


@pytest.mark.parametrize(
    ("lang", "text", "several"),
    [
        (
            "nl",
            "ik heb veel schulden en een deurwaarder",
            "Misschien past een van deze antwoorden:",
        ),
        ("en", "lots of debts and a bailiff", "One of these may match your situation:"),
        ("ar", "عندي ديون كثيرة", "ربما يناسب أحدُ هذه الخيارات وضعك:"),
    ],
)
def test_the_text_box_heading_fits_several_options(client, lang, text, several):
    html = client.post(f"/{lang}/", data={"tekst": text}).get_data(as_text=True)
    assert html.count('class="option"') > 2
    assert several in heading(html)


def test_the_text_box_heading_in_dutch_does_not_say_u_to_a_young_person(client):
    html = client.post("/nl/", data={"tekst": "ik ben 17 en heb schulden"}).get_data(as_text=True)
    assert "bij u" not in heading(html)


def test_openstaat_is_one_word():
    from pathlib import Path

    po = Path(__file__).parent.parent / "translations/nl/LC_MESSAGES/messages.po"
    assert "open staat" not in po.read_text()


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("nl", "Klopt uw melding, dan passen we de gegevens aan.", "Daarna passen we iets aan"),
        ("en", "If it’s correct, we’ll update the information.", "If the report is right"),
        ("ar", "وإذا كان البلاغ صحيحًا نصحّح المعلومات", "مع المكتب قبل تغيير"),
    ],
)
def test_the_report_form_promises_a_change_only_when_the_report_is_right(
    client, lang, said, not_said
):
    html = client.get(f"/{lang}/organisatie/schuldhulpmaatje").get_data(as_text=True)
    assert said in html
    assert not_said not in html


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("nl", "De organisatie heeft nog niet alles bevestigd", "Het loket heeft nog niet"),
        ("en", "The organisation hasn’t confirmed all of it yet, so check first.", "before you go"),
        ("ar", "ولم تؤكد الجهة كل ما فيها بعد، فتحقق منها قبل أن تعتمد عليها.", "قبل أن تذهب"),
    ],
)
def test_a_buddy_scheme_is_no_desk_and_there_is_nowhere_to_go(client, lang, said, not_said):
    for org in ("schuldhulpmaatje", "jongeren-perspectief-fonds"):
        html = client.get(f"/{lang}/organisatie/{org}").get_data(as_text=True)
        assert said in html
        assert not_said not in html


@pytest.mark.parametrize(
    ("path", "said", "not_said"),
    [
        ("/ar/privacy", "اخترتَه: الأول أو الثاني أو الثالث", "اختاره الساكن"),
        ("/ar/iets-anders", "يساعدون السكان على إيجاد عمل", "في الطريق إلى العمل"),
        ("/ar/monitor/financiele-zelfredzaamheid", "إيجاد عمل", "في الطريق إلى العمل"),
        ("/en/iets-anders", "help residents find work", "Council advisers for work"),
        ("/nl/direct/beslag", "Een deel van uw inkomen is beschermd.", "genoeg overhoudt"),
        ("/nl/jong/bijna-18", "het regelen van je zorgverzekering", "formulieren, zoals je"),
        ("/nl/monitor/financiele-zelfredzaamheid", "Daar leren mensen de taal", "les in taal en"),
    ],
)
def test_the_seventh_reads_wording(client, path, said, not_said):
    import re
    from html import unescape

    html = client.get(path).get_data(as_text=True)
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))
    assert said in text
    assert not_said not in text


@pytest.mark.parametrize(
    ("path", "said", "not_said"),
    [
        ("/en/jong/schulden", "Aged 18 to 26", "18 to 26 years"),
        ("/en/direct/dwangbevel", "with the letter in front of you", "to hand"),
        ("/en/direct/huis-uit", "what you need to do now", "what you must do now"),
        ("/ar/organisatie/ping-loket", "اليوم", "<th>يوم"),
    ],
)
def test_the_seventh_reads_english_and_arabic_details(client, path, said, not_said):
    html = client.get(path).get_data(as_text=True)
    assert said in html
    assert not_said not in html
