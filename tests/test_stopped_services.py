"""Issue 23, item 3: desks that may have stopped, or did.

The Jongeren Perspectief Fonds was a pilot for 2023-2024, evaluated in 2025 (the source says no
more): from 2026, until the desk confirms, residents read that it may have stopped and how to
ask, and the call list asks the desk. The Jongerenadviespunt stopped after 31 December 2024: it
shows no way to contact it, and "stopped after" (en "ran until") is the one wording for it.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routekaart import create_app
from routekaart.cli import call_list
from routekaart.content.loader import load

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "ar")
MAYBE = {
    "nl": "Vraag eerst via WhatsApp of e-mail of het er nog is.",
    "en": "Ask first by WhatsApp or email whether it’s still running.",
    "ar": "اسأل أولًا عبر واتساب أو البريد الإلكتروني هل ما زال قائمًا.",
}
JPF_ROUTES = ["jong/schulden/18-tot-27", "jong/rekeningen/18-tot-27"]


def visible(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", unescape(response.get_data(as_text=True)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", JPF_ROUTES)
def test_after_2025_the_jpf_is_offered_with_a_plain_may_have_stopped(client, lang, path):
    later = visible(client, f"/{lang}/{path}?at=2026-12-07T10:00")
    assert "Jongeren Perspectief Fonds" in later and MAYBE[lang] in later
    during = visible(client, f"/{lang}/{path}?at=2025-06-02T10:00")
    assert "Jongeren Perspectief Fonds" in during and MAYBE[lang] not in during


@pytest.mark.parametrize("path", JPF_ROUTES)
def test_a_service_that_may_have_stopped_never_comes_first(client, path):
    """Read 12, English 2: the page says "Start with the first one", so a pilot that may have
    stopped follows the desks that are there; while it surely ran, the content's order holds."""

    def desks(at: str) -> list[str]:
        html = client.get(f"/en/{path}?at={at}").get_data(as_text=True)
        return re.findall(r'<h3[^>]*><a href="/en/organisatie/([a-z-]+)', html)

    later = desks("2026-12-07T10:00")
    assert "jongeren-perspectief-fonds" in later[1:], later


def test_a_doubtful_service_listed_first_in_the_content_is_still_shown_later(content_copy):
    """Read 13: the content lists the JPF after the others (the partners' guide follows the
    content's order); where it came first, the site still moves it down once it may have
    stopped, and keeps the content's order while it surely ran."""
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  jong-schulden-18-27:")
    jap = text.index("        - organisation: jongerenadviespunt\n", start)
    krediet = text.index("        - organisation: kredietbank\n", start)
    jpf = text.index("        - organisation: jongeren-perspectief-fonds\n", start)
    text = text[:jap] + text[jap:krediet] + text[jpf:].rstrip("\n") + "\n" + text[krediet:jpf]
    path.write_text(text, encoding="utf-8")
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()

    def desks(at: str) -> list[str]:
        html = client.get(f"/en/jong/schulden/18-tot-27?at={at}").get_data(as_text=True)
        return re.findall(r'<h3[^>]*><a href="/en/organisatie/([a-z-]+)', html)

    assert desks("2025-06-02T10:00")[0] == "jongeren-perspectief-fonds"
    assert desks("2026-12-07T10:00") == ["kredietbank", "jongeren-perspectief-fonds"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_jpf_page_partners_slip_and_poster_say_it_may_have_stopped(client, lang):
    at = "at=2026-12-07T10:00"
    for url in (
        f"/{lang}/organisatie/jongeren-perspectief-fonds?{at}",
        f"/{lang}/partners?{at}",
        f"/nl/partners/organisatie/jongeren-perspectief-fonds/overdracht?taal={lang}&{at}",
    ):
        assert MAYBE[lang] in visible(client, url), url
    # The poster has room for a few words; the page behind its QR code says the rest.
    short = {
        "nl": "Misschien gestopt: vraag het eerst na.",
        "en": "May have stopped: check first.",
        "ar": "ربما توقفت الخدمة: اسأل أولًا.",
    }[lang]
    assert short in visible(client, f"/{lang}/poster?{at}")


def test_the_open_data_says_the_jpf_may_have_stopped(client):
    orgs = client.get("/api/v1/organisations?at=2026-12-07T10:00").get_json()["organisations"]
    flags = {o["id"]: o["may_have_stopped"] for o in orgs}
    assert flags.pop("jongeren-perspectief-fonds") is True
    assert not any(flags.values())
    earlier = client.get("/api/v1/organisations?at=2025-06-02T10:00").get_json()
    assert not any(o["may_have_stopped"] for o in earlier["organisations"])
    services = client.get("/api/v1/hsds/services?lang=en&at=2026-12-07T10:00").get_json()
    jpf = next(s for s in services["contents"] if s["name"] == "Jongeren Perspectief Fonds")
    assert MAYBE["en"] in jpf["alert"]


def test_the_call_list_asks_the_jpf_whether_it_goes_on():
    code, lines = call_list(ROOT / "content", today=date(2026, 12, 7))
    assert code == 0
    start = next(i for i, line in enumerate(lines) if line.startswith("Jongeren Perspectief"))
    assert "e-mail jpf@lv.nl" in lines[start] and "WhatsApp 06 14 32 61 65" in lines[start]
    assert "whether the pilot goes on after 2025-12-31" in lines[start + 1]
    assert "of het fonds na de proef in 2023 en 2024 doorgaat." in lines[start + 1]


def test_a_confirmation_that_it_goes_on_ends_the_doubt(content_copy):
    path = content_copy / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "confirmations: {}\n",
        "confirmations:\n  jpf-2026-12:\n    organisation: jongeren-perspectief-fonds\n"
        "    confirmed_on: 2026-12-01\n    how: e-mail\n    by: programmamedewerker\n",
    )
    start = text.index(
        '      source:\n        document: monitor-2023-2024\n        section: "Financiële'
    )
    end = text.index("    sources:", start)
    text = text[:start] + "      source: {confirmation: jpf-2026-12}\n" + text[end:]
    path.write_text(text, encoding="utf-8")
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    page = visible(client, "/nl/jong/schulden/18-tot-27?at=2026-12-07T10:00")
    assert "Jongeren Perspectief Fonds" in page and MAYBE["nl"] not in page


# --- the Jongerenadviespunt: stopped, no contact actions, one wording ---------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_ended_jap_shows_no_whatsapp_or_e_mail(client, lang):
    page = client.get(f"/{lang}/organisatie/jongerenadviespunt").get_data(as_text=True)
    assert "wa.me/" not in page and "mailto:jap@" not in page
    assert "06 28 05 77 03" not in page and "jap@senw-lv.nl" not in page
    partners = client.get(f"/{lang}/partners").get_data(as_text=True)
    entry = partners[partners.index('id="dir-jongerenadviespunt"') :]
    entry = entry[: entry.index("</article>")]
    assert "wa.me/" not in entry and "mailto:" not in entry
    # Before it stopped it was reachable.
    before = client.get(f"/{lang}/organisatie/jongerenadviespunt?at=2024-12-31T10:00")
    assert "wa.me/31628057703" in before.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "wording"),
    [
        ("nl", "liep tot en met 31 december 2024"),
        ("en", "ran until 31 December 2024"),
        ("ar", "توقفت هذه الخدمة بعد 31 ديسمبر 2024"),
    ],
)
def test_the_jap_page_says_stopped_after_its_last_day(client, lang, wording):
    assert wording in visible(client, f"/{lang}/organisatie/jongerenadviespunt")


def test_one_wording_for_a_stopped_service_in_content_and_catalogs():
    """A text scan: "gestopt op" / "ended on" / "توقفت في" never come back beside "… na/after"."""
    banned = {
        "nl": re.compile(r"gestopt op", re.IGNORECASE),
        "en": re.compile(r"\bended on\b", re.IGNORECASE),
        "ar": re.compile(r"توقفت في"),
    }
    for lang in LANGS:
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            for message in read_po(f):
                if message.id:
                    assert not banned[lang].search(str(message.string)), message.id
    content, _ = load(ROOT / "content", today=date(2027, 1, 6))
    assert content is not None
    for org in content.organisations.values():
        for lang in LANGS:
            assert not banned[lang].search(org.about(lang)), org.name
