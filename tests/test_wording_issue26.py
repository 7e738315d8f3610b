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
        for _loc, text in dutch_texts(data):
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
    assert "Bijvoorbeeld om een uitkering, subsidie of de Ooievaarspas aan te vragen." in page
    arabic = visible(client.get("/ar/binnenkort/formulieren").get_data(as_text=True))
    assert "مثلًا لطلب إعانة أو دعم مالي" in arabic


# --- 4. Arabic ----------------------------------------------------------------------------------


def test_often_closed_has_a_subject_in_arabic(client):
    assert not [t for t in all_texts("ar") if "غالبًا مغلق" in t]
    slip = visible(
        client.get("/nl/partners/organisatie/ping-loket/overdracht?taal=ar").get_data(as_text=True)
    )
    assert "غالبًا ما تكون المكاتب مغلقة في العطل الرسمية" in slip


def test_the_arabic_monitor_says_who_carries_out_an_action_with_names_isolated(client):
    html = client.get("/ar/monitor/jeugd-onderwijs-jongeren").get_data(as_text=True)
    whos = re.findall(r'<p class="who">(.*?)</p>', html)
    assert whos
    for who in whos:
        assert who.startswith('<span class="label">الجهات المنفذة:</span>'), who
        names = who.split("</span>", 1)[1]
        # Every Latin name in its own isolate; "و" written onto the last one, never apart.
        assert not re.search(r"[A-Za-z]", re.sub(r"<bdi[^>]*>[^<]*</bdi>", "", names)), who
        assert not re.search(r"و\s+<bdi", names), who
    kansrijke = next(w for w in whos if "Kansrijke Start" in w)
    assert "، <bdi" in kansrijke and "و<bdi" in kansrijke


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
        "nl": "De routekaart heeft nog geen bezoeken geteld.",
        "en": "The Routekaart has not counted any visits so far.",
        "ar": "لم يعدّ دليل المساعدة أي زيارة حتى الآن.",
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
    assert page.count("Routekaart Geldzorgen: Dutch for “where to go with money worries”") == 1


# --- 8. opening hours whose purpose nobody told us --------------------------------------------


def test_hours_of_unknown_purpose_are_said_as_a_person_would(client):
    """Read 5: said once under the hours, as a sentence, not "(we don't know …)" after each of
    the six lines of the week table."""
    said = {
        "nl": "We weten niet of dit tijden zijn om te bellen of om langs te komen.",
        "en": "We don’t know whether these are times to phone or to visit.",
        "ar": "لا نعرف إن كانت هذه أوقاتًا للاتصال أم للحضور.",
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
