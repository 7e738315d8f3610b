"""Issue #26, the fourth read: the wording defects an independent editor found, each kept from
coming back. (The partners' reasons and questions are in test_partners.py, the young people's
"Je antwoord" in test_young_people.py.)"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from test_usage import add, make_app

from routekaart.content.glossary import dutch_texts

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CATALOGS = ROOT / "translations"


def visible(html: str) -> str:
    """The text of a page, tags gone."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def content_texts(lang: str, folder: Path = CONTENT) -> list[tuple[str, str]]:
    """Every text in ``lang`` of every content file, with the file it stands in."""
    found = []
    for path in sorted([*folder.glob("*.yaml"), *(folder / "monitor").glob("*.yaml")]):
        if path.name == "glossary.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc, text in dutch_texts(data):
            if lang == "nl" and loc[:1] == ("headings",):
                continue  # the monitor's source headings are the source's Dutch, quoted
            value = text.get(lang)
            if isinstance(value, str):
                found.append((path.name, value))
    return found


def catalog_texts(lang: str) -> list[str]:
    """Every translation in the interface catalog of ``lang`` (plural forms each)."""
    with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        found.extend(s for s in strings if s)
    return found


def all_texts(lang: str) -> list[str]:
    return [text for _name, text in content_texts(lang)] + catalog_texts(lang)


# --- 3. a form is for a benefit, not a benefit ------------------------------------------------


def test_forms_are_for_a_benefit_not_a_benefit(client):
    for wrong in ("aanvragen uitkering", "formulieren, zoals een uitkering"):
        assert not [t for t in all_texts("nl") if wrong in t], wrong
    assert not [t for t in all_texts("ar") if "مثل الإعانة" in t]
    page = visible(client.get("/nl/binnenkort/formulieren").get_data(as_text=True))
    assert (
        "Denk aan formulieren voor een uitkering, subsidie of de Ooievaarspas (een kortingspas)."
        in page
    )
    arabic = visible(client.get("/ar/binnenkort/formulieren").get_data(as_text=True))
    assert "مثلًا لطلب إعانة أو دعم مالي" in arabic


# --- 4. Arabic ----------------------------------------------------------------------------------


def test_often_closed_has_a_subject_in_arabic(client):
    assert not [t for t in all_texts("ar") if "غالبًا مغلق" in t]
    slip = visible(
        client.get("/nl/partners/organisatie/ping-loket/overdracht?taal=ar").get_data(as_text=True)
    )
    # Read 14: a general statement about the organisations, plural: the slip goes on to
    # «الجهتان» for two of them.
    assert "غالبًا ما تُغلق الجهات في العطل الرسمية" in slip


def test_the_arabic_monitor_says_who_carries_out_an_action_with_names_isolated(client):
    html = client.get("/ar/monitor/jeugd-onderwijs-jongeren").get_data(as_text=True)
    whos = re.findall(r'<p class="who">(.*?)</p>', html)
    assert whos
    labels = set()
    for who in whos:
        names = who.split("</span>", 1)[1]
        # Read 11, Arabic 5: one organisation is «الجهة المنفذة», a list «الجهات المنفذة»
        # (two: «الجهتان المنفذتان»); the label counts the entries of the action's list.
        label = re.match(r'<span class="label">([^<]*)</span>', who).group(1)
        labels.add(label)
        if re.fullmatch(r' <bdi lang="nl" dir="ltr">[^<]*</bdi>', names):
            assert label == "الجهة المنفذة:", who
        if "،" in names:
            assert label == "الجهات المنفذة:", who
        # Every Latin name in its own isolate; "و" written onto the next one, never apart.
        assert not re.search(r"[A-Za-z]", re.sub(r"<bdi[^>]*>[^<]*</bdi>", "", names)), who
        assert not re.search(r"و\s+<bdi", names), who
    assert "الجهة المنفذة:" in labels and "الجهات المنفذة:" in labels
    kansrijke = next(w for w in whos if "Kansrijke Start" in w)
    # "و" between every two names, as CLDR's Arabic list does (the ninth read, Arabic C5).
    assert "، <bdi" not in kansrijke and kansrijke.count("و<bdi") == 2


def test_arabic_writes_wa_onto_a_latin_word_and_uses_one_quote_style():
    texts = all_texts("ar")
    assert not [t for t in texts if re.search(r"(^|\s)و [A-Za-z0-9]", t)]
    assert not [t for t in catalog_texts("ar") if "“" in t or "”" in t]


def test_the_reach_page_speaks_of_residents_own_words_in_one_voice():
    own_words = [t for t in catalog_texts("ar") if "بكلمات" in t]
    assert len(own_words) >= 6
    assert all("بكلماتهم" in t for t in own_words), own_words


# --- 5. the Dutch monitor -------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [r"S&W", r"\ben/of\b", r"\bmedio\b", r"\b[Bb]ewoners?\b", r"\bwijkbewoners\b"],
)
def test_the_dutch_monitor_and_interface_use_one_plain_word(wrong):
    found = [t for t in all_texts("nl") if re.search(wrong, t)]
    assert found == [], found


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_senw_is_explained_where_a_monitor_page_first_names_it(client, lang):
    gloss = {
        "nl": "SenW (de welzijnsorganisatie)",
        "en": "SenW (the welfare organisation)",
        "ar": "SenW (جهة الرعاية الاجتماعية في الحي)",
    }[lang]
    for theme in ("jeugd-onderwijs-jongeren", "fijn-en-veilig-wonen"):
        html = client.get(f"/{lang}/monitor/{theme}").get_data(as_text=True)
        html = re.sub(r'<p class="who">.*?</p>', "", html)  # the bare list of names
        page = visible(html)
        assert page.index("SenW") == page.index(gloss), (lang, theme)


# --- 6. when counting started ---------------------------------------------------------------


def test_the_reach_page_without_figures_says_when_counting_started(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    empty = {
        # November 2026 has ended: not "yet" or "so far" (ninth read).
        "nl": "In deze maand zijn geen paginabezoeken geteld.",
        "en": "No page views were counted this month.",
        "ar": "لم تُعَدّ أي زيارة للصفحات في هذا الشهر.",
    }
    for lang, sentence in empty.items():
        page = visible(client.get(f"/{lang}/monitor/gebruik?periode=2026-11").get_data(True))
        assert sentence in page, lang
    add(app, [(date(2026, 12, 3), "result", "direct/huis-uit", "nl", 20)])
    since = {
        "nl": "Voor deze periode zijn er geen cijfers. De routekaart telt sinds december 2026.",
        "en": "There are no figures for this period. The Routekaart has been counting since "
        "December 2026.",
        "ar": "يعدّ دليل المساعدة الزيارات منذ ديسمبر 2026.",
    }
    for lang, sentence in since.items():
        page = visible(client.get(f"/{lang}/monitor/gebruik?periode=2026-11").get_data(True))
        assert sentence in page, lang
        assert "started counting" not in page and "met tellen" not in page


# --- 7. the product name in English ---------------------------------------------------------


def test_english_explains_the_dutch_product_name_once(client):
    page = visible(client.get("/en/").get_data(as_text=True))
    assert page.count("Routekaart Geldzorgen: Dutch for ‘where to go with money worries’") == 1


# --- 8. opening hours whose purpose nobody told us --------------------------------------------


def test_hours_of_unknown_purpose_are_said_as_a_person_would(client):
    """Read 5: said once under the hours, as a sentence, not "(we don't know …)" after each of
    the six lines of the week table."""
    said = {
        "nl": "Bel eerst en vraag of langskomen op deze tijden kan.",
        "en": "Call first to ask whether you can visit at these times.",
        "ar": "اتصل أولًا واسأل هل يمكن الحضور في هذه الأوقات.",
    }
    for lang, sentence in said.items():
        page = visible(client.get(f"/{lang}/organisatie/kredietbank").get_data(as_text=True))
        assert page.count(sentence) == 1, lang
        assert page.count("09:00–17:00") >= 6, lang  # the week table is still there
        for url in (f"/{lang}/direct/huis-uit", f"/{lang}/partners", f"/{lang}/poster"):
            page = visible(client.get(url).get_data(as_text=True))
            assert "(we " not in page and "openingstijden (" not in page, url
            assert "أوقات العمل (" not in page, url
    for wrong in ("dat weten we niet", "bellen of langskomen:", "openingstijden (we weten"):
        assert not [t for t in catalog_texts("nl") if wrong in t]
    assert not [t for t in catalog_texts("en") if "in person: we don" in t]
    assert not [t for t in catalog_texts("en") if "opening hours (we don" in t]
    assert not [t for t in catalog_texts("ar") if "بالهاتف أو بالحضور: لا نعرف" in t]


# --- the fifth read (2026-12-07 01:20) ------------------------------------------------------


def test_a_stopped_service_offers_no_way_to_contact_it_in_the_partners_guide(client):
    """Read 5, Dutch 7: "Contact: Geen: deze hulp is gestopt." followed by "Stuur een
    WhatsApp-bericht of een e-mail." contradicted itself."""
    for lang, stopped, send in (
        ("nl", "Geen: deze hulp is gestopt.", "Stuur een WhatsApp"),
        ("en", "None: this service has stopped.", "Send a WhatsApp"),
        ("ar", "لا يوجد: توقفت هذه الخدمة.", "أرسل رسالة واتساب"),
    ):
        html = client.get(f"/{lang}/partners").get_data(as_text=True)
        entry = html[html.index('id="dir-jongerenadviespunt"') :]
        entry = visible(entry[: entry.index("</article>")])
        assert stopped in entry, lang
        assert send not in entry, lang


def test_the_jpf_note_is_plain_and_not_about_a_future_that_has_passed(client):
    """Read 5, Dutch 2 / English 6 / Arabic 12: "In 2025 zou worden bekeken of het doorgaat"."""
    said = {
        "nl": ("Dit fonds was een proef in 2023 en 2024.", "In 2025 zou"),
        "en": ("This fund was a pilot in 2023 and 2024.", "was to be decided"),
        "ar": ("كان هذا الصندوق مشروعًا تجريبيًا", "أن يُقرَّر في 2025"),
    }
    for lang, (now, gone) in said.items():
        page = visible(client.get(f"/{lang}/jong/schulden/18-tot-27").get_data(as_text=True))
        assert now in page and gone not in page, lang


def test_the_adults_result_reached_from_the_young_peoples_branch_says_why_it_says_u(client):
    """Read 5, Dutch 3, and the language editor (wording7): the questions asked in "je" keep
    "Je antwoord:"; the adults' result below says "u", and once why (test_wording_editor.py)."""
    for path in ("jong/rekeningen/27-plus", "jong/schulden/27-plus"):
        page = visible(client.get(f"/nl/{path}").get_data(as_text=True))
        assert "Uw antwoord" not in page, path
        assert page.count("Je antwoord:") == 3, path
        assert page.count("27 jaar of ouder? Dan is dit de hulp voor volwassenen:") == 1, path
        assert "Daarom zeggen we" not in page, path


def test_dutch_left_in_english_and_arabic_results_is_glossed(client):
    """Read 5, English 4 / Arabic 1: "the debts behind the beslag", "أدت إلى beslag"."""
    english = visible(client.get("/en/direct/beslag").get_data(as_text=True))
    assert "the debts that led to part of your income being taken (beslag)" in english
    assert "behind the beslag" not in english
    arabic = visible(client.get("/ar/direct/beslag").get_data(as_text=True))
    assert "أدت إلى الحجز (beslag)" in arabic
    assert "أدت إلى beslag" not in arabic
    assert "هل يمكنهم أن يراجعوا معك هل" not in arabic  # read 5, Arabic 4: a double هل


def test_english_situation_labels_say_what_happened_as_people_say_it(client):
    """Read 5, English 1 and 2: "I got a letter that I must leave my home"."""
    page = visible(client.get("/en/direct").get_data(as_text=True))
    assert "I’ve had a letter telling me to leave my home" in page
    assert "I’m getting letters from a bailiff" in page
    assert "I got a letter that I must" not in page


def test_the_text_box_speaks_as_we_not_i(client):
    """Read 5, Dutch 13 / English 3: "Ik denk dat dit bij u past", "I am not sure what fits"."""
    for wrong in ("Ik denk dat", "Ik weet niet zeker wat bij u past"):
        assert not [t for t in catalog_texts("nl") if wrong in t], wrong
    for wrong in ("I think this fits you", "I am not sure what fits you"):
        assert not [t for t in catalog_texts("en") if wrong in t], wrong
    assert not [t for t in catalog_texts("ar") if "لست متأكدًا مما يناسبك" in t]


def test_partners_ask_desks_with_jullie_and_read_the_source_line_in_their_language(client):
    """Read 5, Dutch 8 and 9, English 4 and 10, Arabic 10: "Helpt u … / Leggen jullie …",
    "Situaties die mensen hierheen sturen", "Where to find it: Gedrukt, …"."""
    for _name, text in content_texts("nl"):
        assert not re.search(r"\b(Helpt u|Bent u dicht|dat u helpt)\b", text), text
    dutch = visible(client.get("/nl/partners").get_data(as_text=True))
    assert "Bij deze situaties verwijzen we hierheen" in dutch
    assert "Situaties die mensen hierheen sturen" not in dutch
    english = visible(client.get("/en/partners").get_data(as_text=True))
    assert "Available: from the Sterk voor Noord programme, in print or as a text file." in english
    assert "Gedrukt" not in english and "begin 2025" not in english
    arabic = visible(client.get("/ar/partners").get_data(as_text=True))
    assert "الحالات التي تحيل الناس إلى هنا" not in arabic
    assert "Gedrukt" not in arabic


def test_the_reach_tables_name_each_row_in_one_voice(tmp_path):
    """Read 5, Dutch 10: "U heeft schulden (Ik heb schulden)"; "Hoe oud ben je?" twice."""
    app = make_app(tmp_path)
    rows = [
        (date(2026, 12, 3), "result", path, "nl", 20)
        for path in (
            "binnenkort/schulden",
            "jong/schulden/27-plus",
            "jong/rekeningen/onder-18",
        )
    ]
    rows += [
        (date(2026, 12, 3), "step", path, "nl", 20)
        for path in (
            "",
            "jong",
            "jong/rekeningen",
            "jong/schulden",
        )
    ]
    add(app, rows)
    page = visible(app.test_client().get("/nl/monitor/gebruik?periode=2026-12").get_data(True))
    assert "(Ik heb schulden)" not in page and "betalen (Ik kan mijn rekeningen" not in page
    assert "U heeft schulden (27 jaar of ouder)" in page
    assert "Hoe oud ben je? (Ik kan mijn rekeningen niet betalen)" in page
    assert "Hoe oud ben je? (Ik heb schulden en kom daar zelf niet uit)" in page
