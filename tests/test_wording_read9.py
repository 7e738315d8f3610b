"""The ninth read: the interface defects three native readers found (nl, en, ar), each kept
from coming back: hours said as an instruction, age variants of one hand-over told apart,
first and second choice, a month that has ended, one word for the resident in Arabic, ..."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.test_wording_issue26 import catalog_texts


def visible(html: str) -> str:
    """The text of a page, tags gone."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def page(client, url: str) -> str:
    return visible(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", "Bel eerst en vraag of langskomen op deze tijden kan."),
        ("en", "Call first to ask whether you can visit at these times."),
        ("ar", "اتصل أولًا واسأل هل يمكن الحضور في هذه الأوقات."),
    ],
)
def test_hours_of_unknown_purpose_say_what_to_do(client, lang, said):
    """Not "we don't know whether these are times to phone or to visit": a resident told to
    call as soon as they can reads what to do."""
    for url in (f"/{lang}/direct/huis-uit", f"/{lang}/organisatie/kredietbank"):
        assert said in page(client, url), url
    assert "We don’t know whether" not in page(client, f"/{lang}/poster")


@pytest.mark.parametrize(
    ("lang", "ages"),
    [
        ("en", ["(younger than 18)", "(aged 18 to 26)", "(27 or older)"]),
        ("nl", ["(jonger dan 18)", "(18 tot 27 jaar)", "(27 jaar of ouder)"]),
    ],
)
def test_the_age_variants_of_a_hand_over_have_their_own_title(client, lang, ages):
    titles = []
    for slug in ("onder-18", "18-tot-27", "27-plus"):
        html = client.get(f"/{lang}/partners/overdracht/jong/rekeningen/{slug}").get_data(True)
        titles.append(visible(re.search(r"<h1>(.*?)</h1>", html, re.S)[1]).strip())
    for title, age in zip(titles, ages, strict=True):
        assert title.endswith(age), titles
    assert len(set(titles)) == 3


def test_the_directory_says_first_choice_not_number_on_the_list(client):
    english = page(client, "/en/partners")
    assert "(first choice)" in english and "(second choice)" in english
    assert "on the list" not in english
    assert "(eerste keus)" in page(client, "/nl/partners")


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("nl", "We tellen alleen paginabezoeken per dag, nooit wie u bent.", "per dag: nooit"),
        # Read 14: "count … never who you are" does not work in English: two sentences.
        ("en", "We only count page views per day. We never know who you are.", "per day: never"),
    ],
)
def test_the_reach_page_says_what_it_counts_in_one_sentence(client, lang, said, not_said):
    text = page(client, f"/{lang}/monitor/gebruik")
    assert said in text and not_said not in text


def test_english_interface_uses_contractions_on_the_print_warning():
    assert not [t for t in catalog_texts("en") if "Do not print" in t]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", "Dat weet ik niet, of zeg ik liever niet."),
        ("en", "I don’t know, or I’d rather not say."),
        ("ar", "لا أعرف، أو أفضّل ألّا أقول."),
    ],
)
def test_read_aloud_says_or_where_an_answer_has_a_slash(client, lang, said):
    """A voice reads "/" as "schuine streep": the spoken text says "or" instead."""
    html = client.get(f"/{lang}/jong/rekeningen").get_data(as_text=True)
    spoken = unescape(re.search(r'data-speak="([^"]*)"', html)[1])
    assert said in spoken and " / " not in spoken


@pytest.mark.parametrize(("lang", "wrong"), [("nl", "“”„"), ("en", "“”"), ("ar", "“”„")])
def test_one_quotation_mark_style_per_language(lang, wrong):
    """Dutch and British English quote with ‘…’, Arabic with «…» (ninth read: three styles
    were mixed on the Dutch pages)."""
    assert not [t for t in catalog_texts(lang) if any(mark in t for mark in wrong)]


def test_a_young_persons_hand_over_page_speaks_to_the_partner_with_u(client):
    """Ninth read, Dutch 10: the frame said "Als u deze pagina print" and, in its footer, "we
    volgen je niet"; only the slip itself says "je"."""
    html = client.get("/nl/partners/overdracht/jong/rekeningen/18-tot-27").get_data(as_text=True)
    frame, slip = html.split('<section class="slip"', 1)
    footer = html[html.index("<footer") :]
    assert "we volgen u niet" in footer and "volgen je niet" not in footer
    assert "Waar je heen kunt" not in frame
    assert " je " in visible(slip.split("</section>", 1)[0])


def test_an_organisation_only_young_people_are_sent_to_says_je(client):
    """Ninth read, Dutch 11: the Jongeren Perspectief Fonds's page, reached only from results in
    "je", said "Waar u heen kunt" and "wat u aanvinkt"."""
    young = page(client, "/nl/organisatie/jongeren-perspectief-fonds")
    assert not re.search(r"\b(u|uw)\b", young), young
    assert "wat je aanvinkt" in young or "vakjes je aanvinkt" in young
    assert re.search(r"\buw?\b", page(client, "/nl/organisatie/kredietbank"))
