"""Issue #26, the fourth wording round: what the fifth independent read left, kept from coming
back (the monitor's translated source headings are in test_monitor_bron.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from test_wording_issue26 import visible

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "translations"

GLOSSES = {
    "en": ("Bibliotheek aan de Vliet (library)", "Tuinkamer van Noord (community room)"),
    "ar": ("Bibliotheek aan de Vliet (المكتبة)", "Tuinkamer van Noord (غرفة الحي)"),
}
SLIP = re.compile(r'<section class="slip".*?</section>', re.S)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(
    "path",
    [
        "binnenkort/rekeningen",  # a result with the PING-loket's two places
        "jong/leven",  # the Tuinkamer only in a text of the "other help"
        "organisatie/ping-loket",
        "organisatie/sociaal-service-punt",
        "partners",
        "monitor",
        "monitor/financiele-zelfredzaamheid",
    ],
)
def test_dutch_place_names_are_explained_once_per_page(client, lang, path):
    """An English or Arabic reader learns once per page what the library and the community
    room are (the poster's words); the slip, printed on its own, says it again."""
    html = client.get(f"/{lang}/{path}").get_data(as_text=True)
    page = visible(SLIP.sub("", html))
    slip = visible(" ".join(SLIP.findall(html)))
    said = [gloss for gloss in GLOSSES[lang] if gloss.split(" (")[0] in page]
    assert said, path
    for gloss in said:
        assert page.count(gloss) == 1, (gloss, path)
        name = gloss.split(" (")[0]
        if name in slip:
            assert slip.count(gloss) == 1, (gloss, path)


def test_dutch_pages_do_not_gloss_place_names(client):
    for path in ("binnenkort/rekeningen", "organisatie/ping-loket", "monitor"):
        page = visible(client.get(f"/nl/{path}").get_data(as_text=True))
        assert "(bibliotheek)" not in page and "(buurtruimte)" not in page


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_the_jap_section_is_cited_by_the_desks_name_without_an_editors_note(client, lang):
    """The routekaart in the monitor spells "Jongenadviespunt". Read 11 (Dutch D2, Arabic 7):
    a remark on the source's spelling and nested brackets are notes for editors; the partners'
    page cites the section by the desk's right name."""
    page = visible(client.get(f"/{lang}/partners").get_data(as_text=True))
    assert "Jongenadviespunt" not in page
    said = "Routekaart financiële hulp (Jongerenadviespunt, JAP)."
    # Tags gone, the isolates of Latin names leave spaces: compare without them.
    assert re.sub(r"\s", "", said) in re.sub(r"\s", "", page)


def test_english_pages_show_the_msgid_itself():
    """A fix to the English wording goes into the template or the code, not only into the
    English catalog: every English translation is its msgid (number words for reading aloud
    and the paragraph line's quotation marks aside)."""
    with (CATALOGS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="en")
    differ = [
        m.id
        for m in catalog
        if m.id
        and not (m.context or "").startswith("spoken ")
        and not m.pluralizable
        and m.string != m.id
    ]
    assert differ == []


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_changed_msgids_kept_their_translations(lang):
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    expected = {
        "nl": {"Open now until %(time)s": "Nu open tot %(time)s", "Email": "E-mail"},
        "ar": {"Source (in Dutch):": "المصدر (بالهولندية):", "Email": "البريد الإلكتروني"},
    }[lang]
    for msgid, string in expected.items():
        message = catalog.get(msgid)
        assert message is not None and message.string == string and not message.fuzzy


def test_english_monitor_and_labels_use_one_word_per_thing(client):
    monitor = visible(client.get("/en/monitor/financiele-zelfredzaamheid").get_data(as_text=True))
    assert "PING desk" not in monitor and "the PING-loket has grown" in monitor
    young = visible(client.get("/en/jong").get_data(as_text=True))
    assert "I’m almost 18 and don’t know what I need to sort out" in young


def test_a_mark_of_octal_digits_is_written_in_quotes():
    """A translation mark of digits 0-7 ("06016053") is an octal number to YAML 1.1 readers
    (PyYAML, editors' tools): the commands write it quoted, so every reader gets the text."""
    from routekaart.content.yamledit import _plain_ok

    assert not _plain_ok("06016053")
    assert _plain_ok("08812936") and _plain_ok("9f095866")
