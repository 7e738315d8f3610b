"""The thirteenth read (three native readers), content texts: advice that fits the organisations
shown, the young people's "something else" in plain words, one word for an organisation in
Arabic, and the partners' notes read as one sentence after their label."""

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
AT = "at=2027-01-04T10:30"


def visible(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text = re.sub(r"<script.*?</script>", "", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text)))


ADVICE = {
    ("nl", "rekeningen"): "Neem vandaag nog contact op met een van deze organisaties.",
    ("en", "rekeningen"): "Get in touch with one of these organisations today.",
    ("ar", "rekeningen"): "تواصل اليوم مع إحدى الجهتين أدناه.",
    ("nl", "schulden"): "Neem deze week contact op met een van deze organisaties.",
    ("en", "schulden"): "Get in touch with one of these organisations this week.",
    ("ar", "schulden"): "تواصل هذا الأسبوع مع إحدى الجهتين أدناه.",
}
FIRST = {"rekeningen": "PING-loket", "schulden": "Kredietbank Nederland"}


@pytest.mark.parametrize(("lang", "worry"), sorted(ADVICE))
def test_the_young_adults_advice_fits_the_organisations_shown(client, lang, worry):
    """Major (all three readers): "Stuur vandaag een bericht" stood over a walk-in desk (PING)
    or a phone line (the Kredietbank); the JPF, which takes messages, comes after them."""
    path = f"jong/{worry}/18-tot-27"
    for url in (f"/{lang}/{path}?{AT}", f"/nl/partners/overdracht/{path}?taal={lang}&{AT}"):
        page = visible(client, url)
        assert ADVICE[lang, worry] in page, url
        for wrong in ("Stuur vandaag een bericht", "Stuur deze week een bericht", "Send a message"):
            assert wrong not in page, url
        assert "أرسل رسالة هذا الأسبوع" not in page and "أرسل اليوم رسالة" not in page
        after = page[page.index(ADVICE[lang, worry]) :]
        assert after.index(FIRST[worry]) < after.index("Jongeren Perspectief Fonds"), url


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_the_partners_guide_lists_the_jpf_after_the_others_as_the_resident_sees_it(client, lang):
    guide = visible(client, f"/{lang}/partners?{AT}")
    for dutch, first in (
        ("Ik kan mijn rekeningen niet betalen, 18 tot 27 jaar", "PING-loket"),
        ("Ik heb schulden en kom daar zelf niet uit, 18 tot 27 jaar", "Kredietbank Nederland"),
    ):
        part = guide[guide.index(dutch) :]
        assert part.index(first) < part.index("Jongeren Perspectief Fonds"), dutch


@pytest.mark.parametrize(
    ("lang", "label", "heading", "wrong"),
    [
        (
            "nl",
            "Ik heb andere vragen over mijn leven",
            "Je hebt een andere vraag",
            "Je hebt vragen",
        ),
        (
            "en",
            "I need help with something else in my life",
            "You need help with something else in your life",
            "questions about your life",
        ),
        (
            "ar",
            "أحتاج إلى مساعدة في أمر آخر في حياتي",
            "تحتاج إلى مساعدة في أمر آخر في حياتك",
            "أسئلة عن أمور",
        ),
    ],
)
def test_the_young_peoples_something_else_is_said_plainly(client, lang, label, heading, wrong):
    assert label in visible(client, f"/{lang}/jong?{AT}")
    page = visible(client, f"/{lang}/jong/leven?{AT}")
    assert heading in page and wrong not in page
    jpf = visible(client, f"/{lang}/organisatie/jongeren-perspectief-fonds?{AT}")
    assert "vragen over het leven" not in jpf and "questions about life" not in jpf


def _notes():
    """Every "still to confirm" note of the route map and the organisations, per language."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "to_confirm" and isinstance(value, dict) and "ar" in value:
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in ("routekaart.yaml", "organisations.yaml"):
        walk(yaml.safe_load((ROOT / "content" / name).read_text(encoding="utf-8")))
    return found


def test_arabic_notes_say_organisation_and_end_a_question_with_a_question_mark():
    """Arabic B3 and A1: «بانتظار تأكيد الجهة: هل …» ends with «؟», and the note says «الجهة»
    as its label does, never «المكتب» for the same organisation."""
    notes = _notes()
    assert len(notes) >= 30
    for note in notes:
        arabic = note["ar"]
        if arabic.startswith("هل "):
            assert arabic.endswith("؟"), arabic
        assert "المكتب" not in arabic, arabic
        for lang in ("nl", "en", "ar"):
            assert not re.search(r":\s", note[lang]), note[lang]


def test_arabic_content_names_no_organisation_a_desk_where_it_is_not_one():
    text = (ROOT / "content" / "routekaart.yaml").read_text(encoding="utf-8")
    text += (ROOT / "content" / "organisations.yaml").read_text(encoding="utf-8")
    for wrong in (
        "مكتب Kredietbank",
        "يتعاون هذا المكتب",
        "هل يساعد المكتب",
        "أمر تنفيذ (dwangbevel)",
    ):
        assert wrong not in text, wrong
    assert "وصلني أمر تحصيل إجباري (dwangbevel)" in text
    assert "مثل استمارات التأمين الصحي وبدل التأمين الصحي (zorgtoeslag)." in text
