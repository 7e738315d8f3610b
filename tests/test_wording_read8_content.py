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
    assert "Dit hebben we het loket nog niet gevraagd:" in page
    assert "of ze helpen bij een dwangbevel, ook met afspraken over betalen." in page
    english = client.get("/en/partners").get_data(as_text=True)
    assert "whether they help with an enforcement order" in english
