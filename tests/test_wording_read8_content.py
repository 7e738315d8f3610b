"""The eighth read's defects in the content (#26), so they cannot come back."""

import re
from pathlib import Path

import pytest

from routekaart import create_app
from routekaart.content.loader import load

ROOT = Path(__file__).parent.parent


@pytest.fixture
def client():
    app = create_app({"FIXED_NOW": "2027-01-04T10:30:00", "TESTING": True})
    return app.test_client()


def _questions():
    """Every text the team still has to check with a desk, as partners read it."""
    content, _ = load(ROOT / "content")
    found = []
    for node in content.routekaart.nodes.values():
        for rec in node.result.organisations if node.result else []:
            if rec.to_confirm is not None:
                found.append(rec.to_confirm)
    for org in content.organisations.values():
        refs = [org.about_source, *org.sources.values()]
        refs += [slot.source for slot in org.hours if slot.source is not None]
        found += [r.to_confirm for r in refs if r is not None and r.to_confirm is not None]
    return [t for t in found if not isinstance(t, str)]


# The desk spoken to: "jullie", "you", "أنتم" and its verbs.
ADDRESSED = {
    "nl": r"\b(jullie|Klopt dat)\b",
    "en": r"\b(you|your|yourselves|Is that right)\b",
    "ar": r"(تساعدون|تشرحون|تراجعون|تتحققون|تبحثون|تستطيعون|تحيلون|تغلقون|تقولون"
    r"|عندكم|إليكم|أنكم|يأتيكم)",
}


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_what_we_still_ask_a_desk_is_a_note_for_the_partner_not_a_question_to_the_desk(lang):
    """Read 8, Dutch A1, English 4, Arabic 23: "Helpen jullie …? Klopt dat?", "Do you help …?",
    "هل تساعدون…؟" on the partners' guide, addressed to the desks instead of to its reader."""
    questions = _questions()
    assert len(questions) >= 30
    for text in questions:
        assert not re.search(ADDRESSED[lang], text(lang)), text(lang)


def test_the_partners_guide_reads_the_notes_after_its_label(client):
    page = client.get("/nl/partners").get_data(as_text=True)
    assert "Nog niet bevestigd door de organisatie:" in page
    assert "of ze helpen bij een dwangbevel, ook met afspraken over betalen." in page
    english = client.get("/en/partners").get_data(as_text=True)
    assert "whether they help with an enforcement order (dwangbevel), including" in english


def visible(html):
    """The text a reader sees: no tags, the isolates of Latin names read inline."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("lang", "path", "said", "not_said"),
    [
        # Read 8, Dutch C5-C8, C11, B5, E18 and D8's neighbour C12.
        (
            "nl",
            "direct/deurwaarder",
            "Bij elke nieuwe brief kunnen er kosten bij komen.",
            "kosten geven",
        ),
        (
            "nl",
            "direct/dwangbevel",
            "Bij een dwangbevel heeft u maar weinig tijd om te reageren.",
            "heeft een korte termijn",
        ),
        (
            "nl",
            "direct/beslag",
            "Laat nakijken of u dat deel ook echt overhoudt.",
            "dat deel houdt.",
        ),
        ("nl", "direct/huis-uit", "Neem de brief mee als u erheen gaat.", "als u gaat."),
        ("nl", "direct", "Kies wat het best bij uw situatie past.", "het meest lijkt op"),
        (
            "nl",
            "iets-anders",
            "Medewerkers van de gemeente (participatieconsulenten) helpen",
            "Participatieconsulenten van de gemeente",
        ),
        # Read 13: "een overzicht van", not "overzicht over".
        (
            "nl",
            "organisatie/schuldhulpmaatje",
            "een overzicht van uw geld en brieven",
            "overzicht maakt over",
        ),
        # English 37 and 50.
        ("en", "jong/schulden/18-tot-27", "This fund was a pilot in 2023 and 2024.", "a trial"),
        ("en", "jong/leven", "You don’t have to deal with it alone.", "do it alone"),
        # Arabic 3, 10, 22, 33.
        ("ar", "iets-anders", "أو لا تعرف بالضبط ما تحتاج إليه", "لا تعرف بالضبط<"),
        ("ar", "organisatie/ping-loket", "أسئلتك عن المال والرسائل والاستمارات", "موجود لأسئلتك"),
        ("ar", "binnenkort/formulieren", "بطاقة Ooievaarspas (للتخفيضات)", "(بطاقة تخفيضات)"),
        ("ar", "binnenkort/rekeningen", "ليتمكن من يساعدك", "أحدهم"),
        ("ar", "direct/afgesloten", "كبار سنّ", "كبار في السن"),
    ],
)
def test_the_eighth_reads_content_wording(client, lang, path, said, not_said):
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert said in visible(html)
    assert not_said not in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_partners_reasons_read_as_native_text(client, lang):
    """English 29, 30; Arabic 9: "helps keep a clear picture of things", "unpaid bills with",
    "وهذا من شأن المساعدة في الديون"."""
    page = visible(client.get(f"/{lang}/partners").get_data(as_text=True))
    if lang == "en":
        assert "unpaid bills to the energy company" in page
        assert "unpaid bills with" not in page and "clear picture of things" not in page
    else:
        assert "من اختصاص جهات المساعدة في الديون" in page
        assert "من شأن" not in page
        # Arabic 16: the printed routekaart, the source, is not this site.
        assert "وتفتح Kredietbank كل يوم عمل بحسب دليل المساعدة المطبوع (routekaart)." in page


def test_the_source_line_reads_as_running_text(client):
    """Read 8, Dutch B3 and E4, English 6 and 46: "Te vinden: Gedrukt", nested brackets,
    "2023-2024" with a hyphen."""
    dutch = visible(client.get("/nl/partners").get_data(as_text=True))
    # Read 11: the publisher is a name in every language (no Dutch "programma" in English or
    # Arabic, no Latin comma beside an Arabic one), and no note for editors.
    assert "Monitor Sterk voor Noord 2023–2024 (Sterk voor Noord, begin 2025)" in dutch
    available = "Op te vragen: bij het programma Sterk voor Noord, op papier of als tekstbestand."
    assert available in dutch
    assert "tekstversie" not in dutch and "spelfout" not in dutch
    assert "(Leidschendam-Noord)" not in dutch and "2023-2024" not in dutch
    english = visible(client.get("/en/partners").get_data(as_text=True))
    assert "Available: from the Sterk voor Noord programme, in print or as a text file." in english
    assert "programma" not in english
    arabic = visible(client.get("/ar/partners").get_data(as_text=True))
    assert "programma" not in arabic and "Sterk voor Noord, " not in arabic


def test_arabic_says_whose_website_and_what_kind_of_message(client):
    """Read 8, Arabic 21 and 33: «يشرح الموقع الإلكتروني» (which website?), «أرسل رسالة
    اليوم» (a letter?), «الاتفاق على طريقة الدفع»."""
    page = visible(client.get("/ar/organisatie/schuldhulpmaatje").get_data(as_text=True))
    assert "يشرح موقعهم الإلكتروني" in page and "يشرح الموقع الإلكتروني" not in page
    young = visible(client.get("/ar/jong/rekeningen/18-tot-27").get_data(as_text=True))
    # Read 13: the first organisation listed is a walk-in desk, so no channel is named.
    assert "تواصل اليوم مع إحدى الجهتين أدناه." in young
    assert "أرسل اليوم رسالة واتساب أو بريدًا إلكترونيًا" not in young
    assert "راسلهم اليوم" not in young and "أرسل رسالة اليوم" not in young
    bailiff = visible(client.get("/ar/direct/deurwaarder").get_data(as_text=True))
    assert "وفي الاتفاق على خطة لسداده." in bailiff
