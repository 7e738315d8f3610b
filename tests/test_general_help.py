"""A way on when nothing fits: every question ends with "Iets anders, of ik weet het niet",
which leads to general help (the desks that take any money question)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from routekaart.content import loader as content
from routekaart.domain import engine
from tests.conftest import CONTENT
from tests.isolates import without_isolates

TODAY = date(2025, 6, 2)
LOADED, _ = content.load(CONTENT, today=TODAY)
TREE = LOADED.tree
QUESTIONS = sorted(
    {c.path[:i] for c in engine.results(TREE) for i in range(len(c.path))}
)  # every question on some route, the start included
LABEL = {"nl": "Iets anders, of ik weet het niet", "en": "Something else, or I don’t know"}
LABEL["ar"] = "شيء آخر، أو لا أعرف"


def options(html: str) -> list[tuple[str, str]]:
    current = without_isolates(html.split('id="current"', 1)[1])
    found = re.findall(r'<a class="option" href="([^"]+)"[^>]*>(.*?)</a>', current)
    return [(href, without_isolates(label)) for href, label in found]


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: "/".join(p) or "start")
def test_every_question_ends_with_something_else(client, lang, path):
    html = client.get("/".join((f"/{lang}", *path)) + ("/" if not path else "")).get_data(
        as_text=True
    )
    last = options(html)[-1]
    target = "/".join((f"/{lang}", *path, "iets-anders"))
    node = engine.resolve(TREE, path).node
    # A question may word it its own way (an age: "Dat weet ik niet, of zeg ik liever niet").
    label = node.fallback_label.get(lang) if node.fallback_label else LABEL[lang]
    assert last == (target + "#question", label)
    assert len(options(html)) == len(node.options) + 1


# (In the young people's branch the same answer leads to their own page: test_young_people.py.)
@pytest.mark.parametrize("path", ["iets-anders", "direct/iets-anders", "binnenkort/iets-anders"])
def test_something_else_leads_to_general_help_walk_in_first_then_the_phone(client, path):
    response = client.get(f"/nl/{path}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "U heeft een andere vraag, of u weet het niet precies" in html
    me = re.findall(r'<p class="bubble me">.*?</span>(.*?)</p>', html)
    assert me[-1] == LABEL["nl"]
    orgs = [rec.organisation for rec in TREE.nodes["iets-anders"].result.organisations]
    assert orgs == ["sociaal-service-punt", "ping-loket", "kredietbank"]
    walk_in = [any(s.location for s in LOADED.organisations[o].hours) for o in orgs]
    assert walk_in == [True, True, False]  # the Kredietbank is phoned
    assert LOADED.organisations["kredietbank"].phone
    assert "www.sterkvoornoord.nl/geldzaken" in html
    assert LOADED.settings.general_page == "https://www.sterkvoornoord.nl/geldzaken"


def test_htmx_gets_the_general_help_as_the_next_turn(client):
    headers = {"HX-Request": "true", "HX-Target": "current"}
    html = client.get("/nl/direct/iets-anders", headers=headers).get_data(as_text=True)
    assert "<html" not in html
    assert "U heeft een andere vraag" in html


def test_a_result_has_no_something_else(client):
    assert client.get("/nl/direct/deurwaarder/iets-anders").status_code == 404
    assert client.get("/nl/iets-anders/iets-anders").status_code == 404


def test_general_help_is_not_a_situation_of_the_routekaart(client):
    assert all("iets-anders" not in c.path for c in engine.results(TREE))
    routes = client.get("/api/v1/routes").json["routes"]
    assert all("iets-anders" not in r["path"] for r in routes)


def test_the_text_box_offers_the_general_help_last(client):
    html = client.post("/en/", data={"tekst": "bailiff"}).get_data(as_text=True)
    assert options(html)[-1] == ("/en/iets-anders#question", "Something else, or I don’t know")


# --- the checker ----------------------------------------------------------------------------


def edit(folder: Path, old: str, new: str) -> str:
    path = folder / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def errors(folder: Path) -> list[str]:
    loaded, messages = content.load(folder, today=TODAY)
    assert loaded is None
    return [str(m) for m in messages if m.severity == "error"]


def test_the_fallback_must_lead_to_a_known_node(content_copy):
    text = edit(content_copy, "  next: iets-anders\n", "  next: iets-ander\n")
    line = text[: text.index("  next: iets-anders\n")].count("\n") + 1
    assert [e.split("routekaart.yaml:", 1)[1] for e in errors(content_copy)] == [
        f'{line}:9: error: the fallback answer leads to unknown node "iets-ander" '
        '(did you mean "iets-anders"?)'
    ]


def test_the_fallback_must_lead_to_a_result(content_copy):
    edit(content_copy, "  next: iets-anders\n", "  next: direct\n")
    found = errors(content_copy)
    assert any(
        'the fallback answer must lead to a result; "direct" is a question' in e for e in found
    )


def test_no_question_may_use_the_fallback_slug(content_copy):
    text = edit(content_copy, "      - slug: huis-uit\n", "      - slug: iets-anders\n")
    line = text[: text.index("      - slug: huis-uit\n")].count("\n") + 1
    found = errors(content_copy)
    assert any(
        f"routekaart.yaml:{line}:" in e and 'slug "iets-anders" is the slug of the fallback' in e
        for e in found
    ), found
