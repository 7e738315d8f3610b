"""Issue 23, item 4: what the site says each desk does is backed by the source, or it is the
team's plain explanation that stands on the call list (and partners see it is not yet
confirmed), or it is gone.

The source gives the desks' names, hours and contacts and the situations on the map; it never
says what each desk does for a resident, never that anyone can walk in without an appointment,
and it speaks of the Taalhuis's activities in the past tense.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from routekaart.cli import call_list
from routekaart.content.loader import load

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "ar")

# Wordings the issue found, each a claim no source makes. A text scan keeps them out.
BANNED = {
    "nl": [
        "wat nodig is om in uw huis te blijven",
        "helpen u met de schuld bij het energiebedrijf",
        "of de brief en de kosten kloppen",
        "helpen ze u met bezwaar of een regeling",
        "Ze vertellen of u een advocaat nodig heeft",
        "welke rekeningen eerst betaald moeten worden",
        "Zij kijken met u of u ergens recht op heeft",
        "een plan voor uw geld per maand",
        "kunt u langskomen of bellen",
        "Kom langs",
        "U kunt langskomen",
        "Sterk voor Noord biedt ook deze hulp",
        "Het Taalhuis heeft leesclubs",
    ],
    "en": [
        "what is needed for you to stay in your home",
        "drop in",
        "Drop in",
        "Come by",
        "come by",
        "also offers this help",
        "The Taalhuis has reading clubs",
    ],
    "ar": ["تعال", "يمكنك الحضور", "في Taalhuis نوادي قراءة"],
}


def resident_texts() -> list[tuple[str, str]]:
    """Every content text residents read (not their own match words), with its language."""
    content, _ = load(ROOT / "content", today=date(2027, 1, 6))
    assert content is not None
    found = []
    for node in content.routekaart.nodes.values():
        result = node.result
        if result is None:
            continue
        texts = [result.title, result.advice] + [r.why for r in result.organisations]
        texts += [t for h in result.other_help for t in (h.what, h.how_to_find)]
        found += [(lang, t(lang)) for t in texts for lang in LANGS]
    for org in content.organisations.values():
        found += [(lang, t(lang)) for t in (org.explain, org.about) for lang in LANGS]
    return found


def test_no_text_claims_what_no_source_says():
    for lang, text in resident_texts():
        for wording in BANNED[lang]:
            assert wording not in text, (lang, wording, text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_pages_no_longer_say_it(client, lang):
    for path in (
        "direct/huis-uit",
        "direct/afgesloten",
        "direct/dwangbevel",
        "binnenkort/rekeningen",
        "binnenkort/stress",
        "iets-anders",
    ):
        page = unescape(client.get(f"/{lang}/{path}").get_data(as_text=True))
        for wording in BANNED[lang]:
            assert wording not in page, (path, wording)


def test_every_team_statement_about_a_desk_is_on_the_call_list():
    content, _ = load(ROOT / "content", today=date(2027, 1, 6))
    code, lines = call_list(ROOT / "content", today=date(2027, 1, 6))
    assert code == 0
    listed = "\n".join(lines)
    count = 0
    for node_id, node in content.routekaart.nodes.items():
        for rec in node.result.organisations if node.result else []:
            if rec.to_confirm:
                count += 1
                assert f'result "{node_id}" says "{rec.why.nl}": {rec.to_confirm.nl}' in listed
    assert count >= 20
    for org_id, org in content.organisations.items():
        if org.about_source and org.about_source.to_confirm:
            assert org.about_source.question() in listed, org_id
    # The dwangbevel: whether the Sociaal Service Punt helps with an objection is asked.
    assert "bezwaar of een betalingsregeling" in listed


def test_partners_see_which_explanations_are_not_yet_confirmed(client):
    page = client.get("/nl/partners").get_data(as_text=True)
    situation = (
        page[page.index('id="sit-direct-dwangbevel"') :]
        if 'id="sit-direct-dwangbevel"' in page
        else page
    )
    assert "Nog niet bevestigd door de organisatie:" in situation
    assert "En of ze zelf helpen bij bezwaar of een betalingsregeling." in page
    # The directory lists what the site says a desk does among the things to confirm.
    entry = page[page.index('id="dir-ping-loket"') :]
    entry = entry[: entry.index("</article>")]
    assert "zonder afspraak kunnen komen." in unescape(entry)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", "Andere hulp in de wijk:"),
        ("en", "Other help in the neighbourhood:"),
        ("ar", "مساعدة أخرى في الحي:"),
    ],
)
def test_other_help_is_not_claimed_for_the_programme(client, lang, said):
    page = unescape(re.sub(r"<[^>]+>", "", client.get(f"/{lang}/iets-anders").get_data(True)))
    assert said in page
    # The Taalhuis's activities are the monitor's (2023-2024): said in the past, with what is
    # on now left to ask (read 10: no reporting years in a resident listing).
    past, now = {
        # Read 13: "had … Vraag wat er nu is" read as a staff note; "ran" as closed.
        "nl": (
            "Het Taalhuis heeft onder andere leesclubs",
            "Vraag in de bibliotheek wat er nu te doen is.",
        ),
        # Read 11: "has run" read as over and done; the simple past, as the Dutch "had".
        "en": (
            "Activities at the Taalhuis have included reading clubs, advice sessions (spreekuren)",
            "Ask at the library what’s on now.",
        ),
        "ar": ("نظّم Taalhuis أنشطة منها نوادٍ للقراءة", "اسأل في المكتبة عمّا هو متاح الآن."),
    }[lang]
    assert past in page and now in page
    assert not re.search(r"In 2023 (en|and) 2024", page) and "في 2023 و2024" not in page
