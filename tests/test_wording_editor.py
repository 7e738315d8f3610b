"""The independent language editor's defects (#26, branch wording7), each kept from coming back:
the switch from "je" to "u", Arabic punctuation by rule, one Arabic word for a maatje, the
council in the monitor, the month of the reach figures, numbers in words, ..."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from routekaart.content.loader import load
from routekaart.domain.typeset import list_comma, list_semicolon, place_parts, sentence_start
from routekaart.web.i18n import informal_turn, leaves_informal

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CONTENT_LOADED, _ = load(CONTENT)


def visible(html: str) -> str:
    """The text of a page, tags gone."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# --- 1. "je" and "u": one rule, the switch said once ---------------------------------------


def _young_paths_leaving_the_branch() -> list[str]:
    """Every path from the young people's branch to a result that says "u", from the content."""
    tree = CONTENT_LOADED.tree
    found = []

    def walk(node_id: str, path: list[str]) -> None:
        node = tree.nodes[node_id]
        for option in node.options or ():
            if option.next not in tree.je:
                found.append("/".join([*path, option.slug]))
            else:
                walk(option.next, [*path, option.slug])

    walk(tree.index[tree.start][CONTENT_LOADED.routekaart.je_branch].next, ["jong"])
    return found


def test_the_rule_finds_the_ages_of_27_and_older_and_nothing_else():
    assert sorted(_young_paths_leaving_the_branch()) == [
        "jong/rekeningen/27-plus",
        "jong/schulden/27-plus",
    ]


@pytest.mark.parametrize("path", _young_paths_leaving_the_branch())
def test_an_adults_result_below_je_questions_keeps_their_je_and_says_why_it_says_u(client, path):
    """The editor, Dutch 1: the answers given in "je" stay "Je antwoord"; the result says "u" and,
    above it, once, why the help that follows is the adults' help: "27 jaar of ouder? Dan is dit
    de hulp voor volwassenen:" (read 11, Dutch C2: no comment on the form of address; read 12,
    Dutch A1: the switch is announced by what it is about, the age; read 13, Dutch B6: neither
    "je" nor "u" in the note itself, which stands between the two)."""
    html = client.get(f"/nl/{path}").get_data(as_text=True)
    page = visible(html)
    assert "Uw antwoord" not in page
    assert page.count("Je antwoord:") == path.count("/") + 1
    note = "27 jaar of ouder? Dan is dit de hulp voor volwassenen:"
    assert page.count(note) == 1
    assert html.index('id="address-note"') < html.index('id="question"')  # before the title
    assert 'aria-describedby="address-note"' in html
    english = visible(client.get(f"/en/{path}").get_data(as_text=True))
    assert english.count("You’re 27 or older, so here’s the help for adults:") == 1
    arabic = visible(client.get(f"/ar/{path}").get_data(as_text=True))
    assert arabic.count("عمرك 27 سنة أو أكثر، لذلك إليك المساعدة المخصصة للبالغين:") == 1


@pytest.mark.parametrize(
    "path", ["binnenkort/rekeningen", "direct/beslag", "jong/rekeningen/18-tot-27", "jong/leven"]
)
def test_no_page_that_keeps_one_form_says_the_switch(client, path):
    page = visible(client.get(f"/nl/{path}").get_data(as_text=True))
    assert "hulp voor volwassenen:" not in page


def test_a_turn_says_je_where_its_question_does_or_where_its_answer_leads_into_the_branch():
    tree = CONTENT_LOADED.tree
    start = tree.start
    jong = tree.index[start]["jong"]
    first = SimpleNamespace(node_id=start, chosen=jong)
    assert informal_turn(CONTENT_LOADED, first)  # "Ik ben jong", asked in "u"
    adults = next(o for slug, o in tree.index[start].items() if slug == "binnenkort")
    assert not informal_turn(CONTENT_LOADED, SimpleNamespace(node_id=start, chosen=adults))
    age = "jong-rekeningen-leeftijd"
    older = SimpleNamespace(node_id=age, chosen=tree.index[age]["27-plus"])
    assert informal_turn(CONTENT_LOADED, older)  # the question says "je"
    leaving = SimpleNamespace(node_id=older.chosen.next, steps=(first, older))
    assert leaves_informal(CONTENT_LOADED, leaving)
    staying = SimpleNamespace(
        node_id=adults.next, steps=(SimpleNamespace(node_id=start, chosen=adults),)
    )
    assert not leaves_informal(CONTENT_LOADED, staying)


# --- 2. the Kredietbank said once in English and Arabic ---------------------------------------


def test_english_and_arabic_readers_learn_what_the_kredietbank_is(client):
    """The editor, English and Arabic: "Kredietbank (Nederland)" was never explained."""
    english = visible(client.get("/en/direct/beslag").get_data(as_text=True))
    assert "Kredietbank Nederland Help with debts" in english
    assert "مساعدة في الديون" in visible(client.get("/ar/direct/beslag").get_data(as_text=True))
    assert "Hulp bij schulden" in visible(client.get("/nl/direct/beslag").get_data(as_text=True))


# --- 3. Arabic punctuation is the language's, by rule ----------------------------------------


def test_the_semicolon_and_comma_come_from_the_language_data():
    assert list_semicolon("ar") == "؛ "
    assert list_semicolon("nl") == list_semicolon("en") == "; "
    assert place_parts("Tuinkamer van Noord, Sporthal de Fluit", "ar") == (
        "Tuinkamer van Noord، Sporthal de Fluit"
    )
    assert list_comma("ar") == "، "


@pytest.mark.parametrize("path", ["binnenkort/rekeningen", "partners", "poster", "direct/huis-uit"])
def test_arabic_pages_have_no_latin_comma_or_semicolon_between_arabic_or_isolated_parts(
    client, path
):
    """The editor, Arabic: "Tuinkamer van Noord, Sporthal de Fluit" in an address line, and "; "
    between the sections of a source on the partners' page."""
    html = client.get(f"/ar/{path}").get_data(as_text=True)
    assert "Tuinkamer van Noord, Sporthal de Fluit" not in visible(html)
    assert not re.search(r"</bdi>\s*[,;]", html)
    assert not re.search(r"</span>; <span lang=\"nl\">", html)
    if path == "partners":
        assert '</span>؛ <span lang="nl">' in html


# --- 4. Arabic: one word for a maatje, no calque of "dezelfde kansen" ---------------------------


def _arabic_texts() -> list[str]:
    texts = []

    def walk(data):
        if isinstance(data, dict):
            if isinstance(data.get("ar"), str):
                texts.append(data["ar"])
            for value in data.values():
                walk(value)
        elif isinstance(data, list):
            for value in data:
                walk(value)

    for path in [*CONTENT.glob("*.yaml"), *(CONTENT / "monitor").glob("*.yaml")]:
        if path.name != "glossary.yaml":
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    texts.append((ROOT / "translations/ar/LC_MESSAGES/messages.po").read_text(encoding="utf-8"))
    return texts


def test_arabic_says_maatje_with_one_word_and_no_calque_of_the_same_chances():
    texts = _arabic_texts()
    assert not [t for t in texts if "رفاق" in t or "رفيق" in t]
    assert not [t for t in texts if "نفس الفرص" in t]
    assert any("مرافقين لتعلّم اللغة" in t for t in texts)
    assert any("بالفرص نفسها" in t for t in texts)


# --- 5. the council is said in the page's language -------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("en", "Leidschendam-Voorburg council", "Gemeente"),
        ("ar", "بلدية Leidschendam-Voorburg", "Gemeente"),
        ("nl", "Gemeente Leidschendam-Voorburg", "council"),
    ],
)
def test_who_did_it_names_the_council_in_the_readers_language(client, lang, said, not_said):
    html = client.get(f"/{lang}/monitor/financiele-zelfredzaamheid").get_data(as_text=True)
    who = " ".join(visible(m) for m in re.findall(r'<p class="who">(.*?)</p>', html))
    assert said in who
    assert not_said not in who
    security = client.get(f"/{lang}/monitor/fijn-en-veilig-wonen").get_data(as_text=True)
    who = " ".join(visible(m) for m in re.findall(r'<p class="who">(.*?)</p>', security))
    assert "VTH" in who and "Vidomes" in who  # names stay names
    assert ("(afdeling van de gemeente voor" in who) == (lang == "nl")


# --- 6. the month of the figures -------------------------------------------------------------


def test_a_text_that_starts_a_cell_starts_with_a_capital():
    assert sentence_start("november 2024") == "November 2024"
    assert sentence_start("نوفمبر 2024") == "نوفمبر 2024"
    assert sentence_start("") == ""


def test_the_monitor_says_last_month_and_the_reach_page_says_so_far(client):
    """The editor: "November" on the monitor and "December" on the reach page, with no word why;
    and "december 2026" at the start of a Dutch cell. The clock stands on 6 January 2027."""
    monitor = visible(client.get("/nl/monitor").get_data(as_text=True))
    assert "Vorige maand (december 2026):" in monitor
    reach = client.get("/nl/monitor/gebruik").get_data(as_text=True)
    assert '<h2 class="period-title">Januari 2027 (tot nu toe)</h2>' in reach
    whole = client.get("/nl/monitor/gebruik?periode=2026-12").get_data(as_text=True)
    assert '<h2 class="period-title">December 2026</h2>' in whole
    english = visible(client.get("/en/monitor").get_data(as_text=True))
    assert "Last month (December 2026):" in english
    figures = client.get("/nl/monitor/financiele-zelfredzaamheid").get_data(as_text=True)
    assert "<td>September tot december 2024</td>" in figures
    assert not re.search(r"<td>(januari|februari|maart|april|mei|juni|juli|augustus|september"
                         r"|oktober|november|december) ", figures)  # fmt: skip


# --- 7. the partners' questions read as said ---------------------------------------------------


def test_the_partners_page_says_what_we_still_ask_as_a_person_would(client):
    page = visible(client.get("/nl/partners").get_data(as_text=True))
    assert "Nog niet bevestigd door de organisatie:" in page
    assert "Nog te vragen aan het loket" not in page
    assert "Iemand kreeg een brief: hij of zij moet" not in page
    assert "Hoe snel?" not in page and "En de kosten?" not in page
    english = visible(client.get("/en/partners").get_data(as_text=True))
    assert "Not yet confirmed by the organisation:" in english


# --- 8. English monitor: what a British council reader says -----------------------------------


def test_the_english_monitor_says_not_taken_forward(client):
    page = visible(client.get("/en/monitor").get_data(as_text=True))
    assert "What the programme didn’t take forward, and why" in page
    assert "Not taken forward" in page
    assert "pursue" not in page.lower() and "take up" not in page


# --- 9. small numbers in words in running prose ----------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said", "gone"),
    [
        ("nl", "Vier keer per jaar een nieuwsbrief", "4 keer per jaar"),
        ("nl", "elke twee jaar herhaald", "elke 2 jaar"),
        ("en", "every two years", "every 2 years"),
        ("en", "four times a year", "4 times a year"),
    ],
)
def test_small_numbers_in_running_text_are_words(client, lang, said, gone):
    page = visible(client.get(f"/{lang}/monitor").get_data(as_text=True))
    assert said in page and gone not in page
