"""Issue 23, item 7: a young person with trouble at home, and the young people's own general
help.

Since the Jongerenadviespunt ended, "andere vragen over mijn leven" names the area coordinator
(gebieds- en leefbaarheidsregisseur), whom the source calls "een vast punt" for residents'
questions, saying plainly that the source gives no contact; the young people's "Iets anders /
Ik weet het niet" leads to a page that says "je", not to the adults' page in "u".
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from routekaart.cli import call_list

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "ar")


def visible(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(True))))


@pytest.mark.parametrize("lang", LANGS)
def test_questions_about_life_name_the_fixed_point_and_say_where_to_ask_for_her(client, lang):
    page = visible(client, f"/{lang}/jong/leven")
    heading = {"nl": "Gebiedsregisseur", "en": "Area coordinator (gebiedsregisseur)"}
    assert heading.get(lang, "منسقة الحي (gebiedsregisseur)") in page
    said = {
        "nl": (
            "Praat erover met iemand die je vertrouwt",
            "Vraag in de Tuinkamer van Noord hoe je de gebiedsregisseur kunt spreken.",
        ),
        "en": (
            "Talk to someone you trust",
            "how you can reach the area coordinator (gebiedsregisseur).",
        ),
        "ar": ("تحدث مع شخص تثق به", "كيف يمكنك التحدث إلى منسقة الحي"),
    }[lang]
    for words in said:
        assert words in page


@pytest.mark.parametrize("path", ["jong/iets-anders", "jong/rekeningen/iets-anders"])
def test_the_young_peoples_fallback_says_je(client, path):
    page = visible(client, f"/nl/{path}")
    # Read 11: one heading for "something else" and for a worry said without an age.
    assert "Hier kun je terecht met je vraag" in page
    assert "vraag welke hulp bij je past" in page
    assert not re.search(r"\b(u|uw) (heeft|bent|moet|kunt)\b", page)
    adults = visible(client, "/nl/iets-anders")
    assert "U heeft een andere vraag" in adults and "welke hulp bij je past" not in adults


def test_the_area_director_question_is_on_the_call_list():
    code, lines = call_list(ROOT / "content", today=date(2027, 1, 6))
    assert code == 0
    # Other help is not a desk: its question stands in the checker's warnings.
    from routekaart.content.loader import load

    _, messages = load(ROOT / "content", today=date(2027, 1, 6))
    assert any(
        'to confirm about "Gebiedsregisseur"' in m.text and "ruzie thuis" in m.text
        for m in messages
    )


def _young_paths() -> list[str]:
    """Every result address of the young people's branch, and its general help at each
    question ("…/iets-anders"), found from the content."""
    from routekaart.content.loader import load
    from routekaart.domain import engine

    content, _ = load(ROOT / "content", today=date(2026, 12, 7))
    tree = content.tree
    paths = [c.slug_path for c in engine.results(tree) if c.node_id in tree.je]
    questions = {p.rsplit("/", 1)[0] for p in paths}
    return sorted(paths) + sorted(f"{q}/iets-anders" for q in questions)


U = re.compile(r"\b(u|uw|U|Uw)\b")


def test_no_page_or_slip_of_the_young_peoples_branch_says_u(client):
    """Issue #26: "je" throughout the young people's branch, never "u" beside it: the
    conversation's result (with its cards, the other help and the feedback), and the
    hand-over slip a partner prints for a young person."""
    paths = _young_paths()
    assert "jong/iets-anders" in paths and "jong/rekeningen/iets-anders" in paths
    for path in paths:
        html = client.get(f"/nl/{path}?at=2026-12-07T10:30").get_data(as_text=True)
        result = html[html.index('<section class="result') :].split("</section>")[0]
        text = unescape(re.sub(r"<[^>]+>", " ", result))
        assert not U.findall(text), (path, U.findall(text), text)
        handover = f"/nl/partners/overdracht/{path}?taal=nl&at=2026-12-07T10:30"
        slip = client.get(handover).get_data(as_text=True)
        if '<section class="slip"' in slip:
            part = slip[slip.index('<section class="slip"') :].split("</section>")[0]
            words = unescape(re.sub(r"<[^>]+>", " ", part))
            assert not U.findall(words), (path, words)


def test_every_turn_of_the_young_peoples_branch_says_je_antwoord(client):
    """Issue #26: the chat turns above a question of the young people's branch say "Je
    antwoord", the first one ("Ik ben jong", answered at the first question) included."""
    pages = set()
    for path in _young_paths():
        parts = path.split("/")
        pages.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    assert "jong" in pages and "jong/rekeningen/onder-18" in pages
    for path in sorted(pages):
        html = client.get(f"/nl/{path}").get_data(as_text=True)
        assert "Uw antwoord" not in html, path
        assert html.count("Je antwoord:") == path.count("/") + 1, path
    # The adults' branch keeps "u".
    adults = client.get("/nl/binnenkort").get_data(as_text=True)
    assert "Uw antwoord:" in adults and "Je antwoord" not in adults
