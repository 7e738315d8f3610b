"""The language review of issue 12: British English, the Arabic list comma, the glossary and
one form of address per branch."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from routekaart.web.hours_wording import long_date
from routekaart.web.i18n import format_list


def visible(html: str) -> str:
    """The page's text without tags, entities or runs of white space."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# --- British English dates ------------------------------------------------------------------


def test_english_dates_are_written_the_british_way(app):
    """ "1 March 2025", never the American "March 1, 2025" (Babel's plain "en")."""
    with app.app_context():
        assert long_date(date(2025, 3, 1), "en") == "1 March 2025"
        assert long_date(date(2025, 3, 1), "nl") == "1 maart 2025"


@pytest.mark.parametrize(
    "path",
    ["/en/organisatie/jongerenadviespunt", "/en/partners", "/en/poster"],
)
def test_no_english_page_shows_an_american_date(client, path):
    """Every date on the English pages reads day, month, year."""
    text = visible(client.get(path).get_data(as_text=True))
    american = re.findall(r"\b(?:January|February|March|April|May|June|July|August|September|"
                          r"October|November|December) \d{1,2}, \d{4}", text)  # fmt: skip
    assert american == []
    assert re.search(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|"
                     r"September|October|November|December) \d{4}\b", text)  # fmt: skip


def test_the_organisation_page_says_when_a_service_ended_in_british_english(client):
    """The JAP ran until 31 December 2024 (its last day): so says the English page."""
    text = visible(client.get("/en/organisatie/jongerenadviespunt").get_data(as_text=True))
    assert "This service ran until 31 December 2024." in text


# --- lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "A, B en C"),
        ("en", "A, B and C"),
        ("ar", "A وB وC"),
    ],
)
def test_lists_are_joined_as_each_language_writes_them(app, lang, expected):
    """Arabic lists join every item with "و" (CLDR), written onto the next item."""
    with app.app_context():
        assert format_list(["A", "B", "C"], lang) == expected
        assert format_list(["A"], lang) == "A"


def test_list_items_are_escaped_and_markup_is_kept(app):
    """A name with "&" is escaped; a name already in <bdi> stays markup."""
    from routekaart.web.i18n import bdi_nl

    with app.app_context():
        out = format_list([bdi_nl("S&W"), "<b>"], "ar")
    assert out == '<bdi lang="nl" dir="ltr">S&amp;W</bdi> و&lt;b&gt;'


def test_the_monitor_lists_organisations_as_arabic_does(client):
    """The "who" line of an action on the Arabic monitor: "A وB وC", not "A, B, C" nor the
    "A، B وC" a reader took for a slip (the ninth read, Arabic C5)."""
    html = client.get("/ar/monitor/financiele-zelfredzaamheid").get_data(as_text=True)
    who = re.search(r'<p class="who">(.*?)</p>', html, re.S).group(1)
    assert "</bdi> و<bdi" in who
    assert "</bdi>, <bdi" not in who and "</bdi>، <bdi" not in who


def test_numbers_in_an_arabic_list_keep_the_and_on(app):
    with app.app_context():
        assert format_list(["1", "2", "4"], "ar") == "1 و2 و4"
        assert format_list(["أ", "ب", "ج"], "ar") == "أ وب وج"


# --- u and je: one form of address per branch ------------------------------------------------

U_WORDS = re.compile(r"(?<!\w)(?:u|uw|uzelf)(?!\w)", re.IGNORECASE)
JE_WORDS = re.compile(r"(?<!\w)(?:je|jij|jou|jouw|jezelf)(?!\w)", re.IGNORECASE)


def node_texts(node) -> list[str]:
    """The Dutch a node shows: question, help and answers, or a result's words."""
    texts = [t.nl for t in (node.question, node.help) if t is not None]
    texts += [option.label.nl for option in node.options or ()]
    if node.result is not None:
        texts += [node.result.title.nl, node.result.advice.nl]
        texts += [rec.why.nl for rec in node.result.organisations]
    return texts


def test_the_young_people_s_branch_says_je_and_every_other_branch_says_u(app):
    """Each node of the "jong" branch says je and never u; every other node never je."""
    with app.app_context():
        from routekaart.ops.store import current_content

        content = current_content()
    tree = content.tree
    assert "jong-schulden-18-27" in tree.je and "jong" in tree.je
    # A young person of 27 or older goes on to the adults' page, which says u to everyone.
    assert "binnenkort-rekeningen" not in tree.je and "iets-anders" not in tree.je
    for node_id, node in tree.nodes.items():
        for text in node_texts(node):
            if node_id in tree.je:
                assert not U_WORDS.search(text), (node_id, text)
            else:
                assert not JE_WORDS.search(text), (node_id, text)


def answered_and_current(html: str, after: str) -> str:
    """The page's visible text after the answer ``after`` (the turns before it belong to the
    start of the conversation, which says u)."""
    text = visible(html)
    return text[text.rindex(after) + len(after) :]


@pytest.mark.parametrize(
    "path",
    ["/nl/jong", "/nl/jong/schulden", "/nl/jong/schulden/18-tot-27", "/nl/jong/leven"],
)
def test_the_interface_says_je_on_the_young_people_s_pages(client, path):
    """ "Je antwoord", "kunnen je helpen", "over jou": the interface follows the branch."""
    html = client.get(path).get_data(as_text=True)
    rest = answered_and_current(html, "Ik ben jong en heb hulp nodig")
    assert not U_WORDS.search(rest), rest
    if path != "/nl/jong":
        assert "Je antwoord:" in rest


@pytest.mark.parametrize("path", ["/nl/binnenkort/schulden", "/nl/direct/beslag", "/nl/"])
def test_the_interface_says_u_everywhere_else(client, path):
    """The adults' branches and the start: "Uw antwoord", "kunnen u helpen"."""
    text = visible(client.get(path).get_data(as_text=True))
    assert not JE_WORDS.search(text), text
    assert U_WORDS.search(text)
