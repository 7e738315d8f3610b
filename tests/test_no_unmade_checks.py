"""Issue 23, item 2: the site never calls a fact "checked" when no desk confirmed it.

Two things stay apart: the date of the source a fact comes from (the monitor, "begin 2025")
and a confirmation by the desk. Only a confirmation may be called "confirmed" (and the words
"checked", "gecontroleerd", HSDS's ``assured_date`` are used for nothing else). No desk has
confirmed anything yet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routekaart import create_app

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "ar")

# What the pages said before: a check that never happened.
BANNED = {
    "nl": re.compile(r"gecontroleerd", re.IGNORECASE),
    "en": re.compile(r"\b(last )?checked (on|recently)\b|\bInformation checked\b|>Checked<"),
    "ar": re.compile(r"آخر تحقق|تم التحقق|تحققنا"),
}
SOURCE_NOTE = {
    "nl": "Deze gegevens zijn uit 2025. De organisatie heeft nog niet alles bevestigd",
    "en": "This information dates from 2025. The organisation hasn’t confirmed all of it yet",
    "ar": "هذه المعلومات من عام 2025، ولم تؤكد الجهة كل ما فيها بعد",
}


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("org_id", ["kredietbank", "ping-loket", "schuldhulpmaatje"])
def test_an_organisation_page_names_the_source_year_and_no_check(client, lang, org_id):
    html = text(client, f"/{lang}/organisatie/{org_id}")
    assert not BANNED[lang].search(html)
    assert "1 maart 2025" not in html and "1 March 2025" not in html
    assert SOURCE_NOTE[lang] in html


@pytest.mark.parametrize("lang", LANGS)
def test_a_handover_slip_says_no_desk_confirmed_it(client, lang):
    for url in (
        f"/nl/partners/overdracht/direct/deurwaarder?taal={lang}",
        f"/nl/partners/organisatie/ping-loket/overdracht?taal={lang}",
    ):
        html = text(client, url)
        slip = html[html.index('class="slip"') :]
        assert not BANNED[lang].search(slip)
        assert "gegevens zijn uit 2025" in slip if lang == "nl" else "2025" in slip


@pytest.mark.parametrize("lang", LANGS)
def test_the_partners_directory_says_no_desk_confirmed_anything(client, lang):
    html = text(client, f"/{lang}/partners")
    assert not BANNED[lang].search(html)
    said = {
        "nl": "nog geen enkel loket heeft dat bevestigd",
        "en": "none of them has confirmed this yet",
        "ar": "لم تؤكد أي جهة ذلك بعد",
    }[lang]
    assert said in html
    assert "niet elk loket heeft dat bevestigd" not in html


def test_open_data_has_no_assured_date_without_a_confirmation(client):
    data = client.get("/api/v1/hsds/services?per_page=50").get_json()
    assert data["contents"]
    for service in data["contents"]:
        assert "assured_date" not in service, service["name"]
    orgs = client.get("/api/v1/organisations").get_json()["organisations"]
    for org in orgs:
        assert "checked_on" not in org
        assert org["sources"]["last_confirmed"] is None
        assert org["sources"]["as_of"] == "2025-03-01"  # the source's date, not a check


def confirmed_copy(content_copy: Path) -> Path:
    """The content with a (made-up) confirmation by Schuldhulpmaatje of all its facts."""
    path = content_copy / "organisations.yaml"
    source = path.read_text(encoding="utf-8")
    source = source.replace(
        "confirmations: {}\n",
        "confirmations:\n  shm-2027-01:\n    organisation: schuldhulpmaatje\n"
        "    confirmed_on: 2027-01-04\n    how: telefoon\n    by: programmamedewerker\n",
    )
    old = (
        "      all: {document: monitor-2023-2024, section: Routekaart financiële hulp "
        "(Schuldhulpmaatje)}\n"
    )
    assert source.count(old) == 1
    source = source.replace(old, "      all: {confirmation: shm-2027-01}\n")
    # What the site says Schuldhulpmaatje does, confirmed in the same call.
    start = source.index("    about_source:\n", source.index("  schuldhulpmaatje:"))
    end = source.index("    website:", start)
    source = source[:start] + "    about_source: {confirmation: shm-2027-01}\n" + source[end:]
    path.write_text(source, "utf-8")
    return content_copy


def test_a_confirmation_is_what_may_be_called_confirmed(content_copy):
    client = create_app(
        {"TESTING": True, "CONTENT_DIR": str(confirmed_copy(content_copy))}
    ).test_client()
    html = text(client, "/nl/organisatie/schuldhulpmaatje")
    assert "De organisatie heeft deze gegevens bevestigd op 4 januari 2027." in html
    assert "gegevens zijn uit 2025" not in html
    services = client.get("/api/v1/hsds/services?per_page=50").get_json()["contents"]
    dates = {s["name"]: s.get("assured_date") for s in services}
    assert dates["Schuldhulpmaatje"] == "2027-01-04"
    assert dates["Kredietbank Nederland"] is None
    # Freshness counts from the confirmation now, from the document for the others.
    orgs = {o["id"]: o for o in client.get("/api/v1/organisations").get_json()["organisations"]}
    assert orgs["schuldhulpmaatje"]["sources"]["as_of"] == "2027-01-04"
    assert orgs["schuldhulpmaatje"]["sources"]["last_confirmed"] == "2027-01-04"


def test_checked_on_is_refused_with_a_pointer_to_the_two_things(content_copy):
    from datetime import date

    from routekaart.content.loader import load

    path = content_copy / "organisations.yaml"
    source = path.read_text(encoding="utf-8")
    at = source.index("    sources:", source.index("  ping-loket:"))
    path.write_text(source[:at] + "    checked_on: 2025-03-01\n" + source[at:], "utf-8")
    content, messages = load(content_copy, today=date(2027, 1, 6))
    assert content is None
    (error,) = [m for m in messages if m.severity == "error"]
    assert "checked_on" in error.text and "confirmation" in error.text and "as_of" in error.text


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalog_calls_anything_checked(lang):
    """A text scan over the interface translations: the wording of a check that never was."""
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id:
            assert not BANNED[lang].search(str(message.string)), message.id
