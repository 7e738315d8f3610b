"""Words residents can trust (issue #12): every fact with its source, one truth per age limit,
nothing the source does not say, and holidays said as what they are until a desk confirms."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routekaart import create_app
from routekaart.cli import call_list, check
from routekaart.content import model
from routekaart.content.loader import BUNDLED, load

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2027, 1, 6)


def edit(folder: Path, name: str, old: str, new: str) -> str:
    """Replace ``old`` (occurring once) in a content file; the new text."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which ``needle`` (occurring once) starts."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def visible(html: str) -> str:
    """The page's text without tags, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'")


def messages_of(folder: Path) -> list[str]:
    """Every message of ``routekaart check`` on ``folder``, as printed."""
    return [str(m) for m in load(folder, today=TODAY)[1]]


def texts(value: object) -> list[str]:
    """Every resident-facing string inside a content model value, in all languages."""
    if isinstance(value, model.Text):
        return [value.nl, value.en, value.ar]
    if isinstance(value, model.Strict):
        return [t for name in type(value).model_fields for t in texts(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [t for item in value for t in texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in texts(item)]
    return []


def catalog_strings() -> list[str]:
    """Every translated interface string of the three catalogs."""
    found = []
    for lang in ("nl", "en", "ar"):
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            for message in read_po(f, locale=lang):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                found.extend(s for s in strings if s)
    return found


# --- what the source does not say ------------------------------------------------------------

# Claims the routekaart never makes, found in review; each must stay out of every text a
# resident can read (content in three languages and the interface catalogs).
UNSUPPORTED = [
    r"\bgratis\b",
    r"\bfree help\b",
    r"مجاني",
    r"voor de gemeente",
    r"for the municipality",
    r"نيابةً عن البلدية",
    r"getrainde",
    r"trained volunteer",
    r"مدرَّب",
    r"meld u aan via de website",
    r"sign up through the website",
    r"\binloop",
    r"drop-in desk",
    r"مكتب مفتوح",
    r"school, werk of wonen",
    r"school, work or housing",
    r"الدراسة أو العمل أو السكن",
    r"بنك الائتمان",
    r"صندوق آفاق الشباب",  # a desk's name translated literally, without the name itself
    r"\bvrijwilliger",
    r"\bvolunteer",
]


def test_no_resident_text_makes_a_claim_the_source_does_not_make():
    loaded, _ = load(BUNDLED, today=TODAY)
    strings = texts(loaded.directory) + texts(loaded.routekaart) + catalog_strings()
    assert len(strings) > 500
    for pattern in UNSUPPORTED:
        found = [s for s in strings if re.search(pattern, s, re.I)]
        assert found == [], pattern


def test_the_kredietbank_keeps_its_latin_name_in_arabic_and_says_what_it_does():
    org = load(BUNDLED, today=TODAY)[0].organisations["kredietbank"]
    assert "الديون" in org.explain.ar
    assert "Kredietbank" in org.about.ar


def test_no_desk_s_short_explanation_repeats_the_name_under_its_own_heading():
    """Issue #26: "Kredietbank: …" under the heading "Kredietbank Nederland" says the name twice;
    the explanation under the name says only what the desk is, in every language."""
    for org_id, org in load(BUNDLED, today=TODAY)[0].organisations.items():
        for lang in ("nl", "en", "ar"):
            first = org.name.split()[0]
            assert not org.explain(lang).startswith(f"{first}:"), (org_id, lang)


def test_hours_without_a_stated_purpose_are_never_called_phone_hours(client):
    html = visible(client.get("/en/organisatie/kredietbank?at=2027-01-04T10:00").get_data(True))
    unknown = "Call first to ask whether you can visit at these times."
    assert html.count(unknown) == 1
    assert "by phone" not in html.replace(unknown, "")
    assert "Open now until 17:00" in html


# --- holidays ------------------------------------------------------------------------------


def test_no_page_says_all_desks_are_closed_on_holidays_until_a_desk_confirms(client):
    for url in ("/nl/partners", "/nl/poster", "/nl/partners/overdracht/direct/deurwaarder"):
        html = client.get(url).get_data(as_text=True)
        assert "gesloten op" not in html.lower(), url
    poster = client.get("/nl/poster").get_data(as_text=True)
    assert "Op feestdagen vaak dicht." in poster


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Feestdag (Koningsdag): vaak dicht. Bel eerst."),
        ("en", "Public holiday (King’s Day): may be closed. Call first."),
        ("ar", "عطلة رسمية (يوم الملك): غالبًا ما تكون الجهة مغلقة. اتصل أولًا."),
    ],
)
def test_a_holiday_no_desk_confirmed_is_often_closed_call_first(client, lang, expected):
    """King's Day 2026 is a Monday: the Sociaal Service Punt (with a phone) would open."""
    html = client.get(f"/{lang}/organisatie/sociaal-service-punt?at=2026-04-27T10:30")
    assert expected in html.get_data(as_text=True).replace("&#39;", "'")


def test_a_desk_that_confirmed_its_holidays_is_simply_closed(content_copy: Path):
    edit(
        content_copy,
        "organisations.yaml",
        "confirmations: {}\n",
        "confirmations:\n  ping-2027-01:\n    organisation: ping-loket\n"
        "    confirmed_on: 2027-01-05\n    how: telefoon\n    by: programmamedewerker\n",
    )
    text = (content_copy / "organisations.yaml").read_text(encoding="utf-8")
    asked = re.search(
        r"\(PING-loket\)}\n      holidays:\n        to_confirm:\n(          .*\n)+", text
    )
    edit(
        content_copy,
        "organisations.yaml",
        asked.group(0),
        "(PING-loket)}\n      holidays: {confirmation: ping-2027-01}\n",
    )
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    html = visible(client.get("/en/organisatie/ping-loket?at=2026-04-27T10:30").get_data(True))
    assert "Closed today (King’s Day) · opens Wednesday at 11:00" in html
    partners = visible(client.get("/en/partners").get_data(as_text=True))
    entry = partners[partners.index("PING-loket Desk for questions") :]
    assert re.search(r"Last confirmed by the organisation on [^.]*2027\.", entry)


# --- every fact with its source --------------------------------------------------------------


def test_the_bundled_content_lists_exactly_the_facts_marked_to_confirm():
    """The facts part of the call list, line by line; the results' statements are counted
    from the content (tests/test_what_desks_do.py reads each one)."""
    code, lines = call_list(BUNDLED, TODAY)
    assert code == 0
    text = (BUNDLED / "organisations.yaml").read_text(encoding="utf-8")
    holidays = "of ze dicht zijn op Nieuwjaarsdag, Pasen"
    hours_line = line_of(text, "nl: of de routekaart tijden geeft om te bellen")
    holiday_lines = [i + 1 for i, line in enumerate(text.splitlines()) if holidays in line]
    # What the site says a desk does, as a note of what is not yet confirmed ("of ze …").
    asked = (
        "nl: of ze helpen met brieven",
        "nl: of een maatje helpt",
        "nl: of het PING-loket",
        "nl: of ze helpen als iemand schulden heeft",
    )
    about = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip().startswith(asked)]
    pilot = line_of(text, 'nl: "of het fonds na de proef')
    facts = [line for line in lines if "content/routekaart.yaml" not in line]
    assert [line.split(": ", 2)[0] for line in facts[:-1]] == [
        "Kredietbank Nederland (kredietbank)",
        f"  - content/organisations.yaml:{hours_line}",
        f"  - content/organisations.yaml:{about[0]}",
        f"  - content/organisations.yaml:{holiday_lines[0]}",
        "Sociaal Service Punt (sociaal-service-punt)",
        f"  - content/organisations.yaml:{about[1]}",
        f"  - content/organisations.yaml:{holiday_lines[1]}",
        "Schuldhulpmaatje (schuldhulpmaatje)",
        f"  - content/organisations.yaml:{about[2]}",
        "PING-loket (ping-loket)",
        f"  - content/organisations.yaml:{about[3]}",
        f"  - content/organisations.yaml:{holiday_lines[2]}",
        "Jongeren Perspectief Fonds (jongeren-perspectief-fonds)",
        f"  - content/organisations.yaml:{pilot}",
    ]
    assert facts[1].endswith(
        "opening hours maandag, dinsdag, woensdag, "
        "donderdag, vrijdag 09:00-17:00 (for calling or walking in: not stated): of de "
        "routekaart tijden geeft om te bellen, om langs te komen of allebei. En waar het loket "
        "is, want de routekaart geeft geen adres."
    )
    assert facts[3].endswith(
        "closed on public holidays: "
        "of ze dicht zijn op Nieuwjaarsdag, Pasen, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, "
        "Pinksteren en Kerst. En of ze op Goede Vrijdag open zijn."
    )
    assert facts[9] == (
        "PING-loket (ping-loket): no phone number or e-mail known: ask at the desk during its "
        "opening hours"
    )
    content, _ = load(BUNDLED, TODAY)
    statements = sum(
        1
        for node in content.routekaart.nodes.values()
        for rec in (node.result.organisations if node.result else [])
        if rec.to_confirm
    )
    assert len(lines) - len(facts) == statements
    assert lines[-1] == f"{9 + statements} fact(s) and statement(s) to confirm at 5 desk(s)"


def test_a_fact_without_a_source_is_warned_about_at_its_line(content_copy: Path):
    text = edit(
        content_copy,
        "organisations.yaml",
        "    sources:\n      all: {document: monitor-2023-2024, section: "
        "Routekaart financiële hulp (Schuldhulpmaatje)}\n",
        "",
    )
    line = line_of(text, "    website: https://www.schuldhulpmaatje.nl")
    assert (
        f'content/organisations.yaml:{line}:5: warning: unsourced fact of "schuldhulpmaatje": '
        "website https://www.schuldhulpmaatje.nl/leidschendam-voorburg/; give its source under "
        '"sources" (a document or a confirmation), or mark it to_confirm'
    ) in messages_of(content_copy)
    code, lines = call_list(content_copy, TODAY)
    assert f"  - content/organisations.yaml:{line}: website " in "\n".join(lines)


def test_an_unknown_document_is_an_error_with_a_suggestion(content_copy: Path):
    text = edit(
        content_copy,
        "organisations.yaml",
        "all: {document: monitor-2023-2024, section: Routekaart financiële hulp (PING-loket)}",
        "all: {document: monitor-2023-2025, section: Routekaart financiële hulp (PING-loket)}",
    )
    line = line_of(text, "monitor-2023-2025")
    code, lines = check(content_copy, TODAY)
    assert code == 1
    assert any(
        out.startswith(f"content/organisations.yaml:{line}:")
        and 'error: unknown document "monitor-2023-2025" (did you mean "monitor-2023-2024"?)' in out
        for out in lines
    ), lines


def test_a_route_mapping_without_a_reason_is_warned_about(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    reason = re.search(
        r"\n          reason:\n            nl: Het loket kijkt eerst naar de juridische vraag.*?\n"
        r"            from: [^\n]*",
        text,
        re.S,
    )
    text = text.replace(reason.group(0), "")
    path.write_text(text, encoding="utf-8")
    line = line_of(
        text,
        "sociaal-service-punt\n          why:\n"
        "            nl: Bel en leg uw vraag uit. Vraag of u een advocaat",
    )
    assert (
        f'content/routekaart.yaml:{line}:25: warning: no "reason" why "sociaal-service-punt" '
        'helps in "binnenkort-advocaat": the source does not say which desk serves which '
        "situation, so write ours down"
    ) in messages_of(content_copy)


def test_the_partners_directory_shows_where_facts_come_from_and_residents_do_not(client):
    partners = client.get("/nl/partners").get_data(as_text=True)
    entry = partners[partners.index('id="dir-kredietbank"') :]
    entry = entry[: entry.index("</article>")]
    assert "Monitor Sterk voor Noord 2023–2024" in entry
    assert "Routekaart financiële hulp (Kredietbank Nederland)" in entry
    assert "Nog niet bevestigd door de organisatie zelf." in entry
    assert "of de routekaart tijden geeft om te bellen, om langs te komen of allebei." in entry
    assert "onze keuze" in partners  # the mapping is said to be a judgement
    for url in ("/nl/organisatie/kredietbank", "/nl/direct/deurwaarder"):
        resident = client.get(url).get_data(as_text=True)
        assert "Monitor Sterk voor Noord" not in resident
        assert "langs te komen, of allebei" not in resident


def test_open_data_carries_the_sources(client):
    data = client.get("/api/v1/organisations").get_json()
    kb = next(o for o in data["organisations"] if o["id"] == "kredietbank")
    assert kb["sources"]["documents"][0]["id"] == "monitor-2023-2024"
    assert kb["sources"]["last_confirmed"] is None
    facts = {f["fact"]: f for f in kb["sources"]["facts"]}
    assert facts["phone"]["document"] == "monitor-2023-2024"
    assert facts["hours"]["to_confirm"].startswith("of de routekaart tijden geeft")
    service = client.get("/api/v1/hsds/services/kredietbank").get_json()
    values = {a["link_type"]: a["value"] for a in service["attributes"]}
    assert values["source"].startswith("Monitor Sterk voor Noord 2023–2024")


# --- one truth per age limit ---------------------------------------------------------------


def test_an_organisation_text_that_contradicts_its_age_is_an_error(content_copy: Path):
    text = edit(
        content_copy,
        "organisations.yaml",
        "en: Help with debts for young people aged 18 to 26",
        "en: Help with debts for young people aged 18 to 27",
    )
    line = line_of(text, "aged 18 to 27")
    assert (
        f"content/organisations.yaml:{line}:11: error: the English text states ages 18 up to "
        "(not including) 28, but the age of the organisation says 18 up to (not including) 27"
    ) in messages_of(content_copy)


def test_an_age_answer_must_say_its_slug_in_every_language(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = "label: {nl: 18 tot 27 jaar, en: Aged 18 to 26, ar: من 18 إلى 26 سنة"
    assert text.count(old) == 2
    text = text.replace(old, old.replace("18 to 26", "18 to 27"), 1)
    path.write_text(text, encoding="utf-8")
    found = messages_of(content_copy)
    assert any(
        "error: the English text states ages 18 up to (not including) 28, but the answer says "
        "18 up to (not including) 27" in m
        for m in found
    ), found


def test_the_age_limit_reads_the_same_on_every_page_of_a_language(client):
    for lang, right, wrong in (
        ("nl", "18 tot 27 jaar", "18 tot en met 26"),
        ("en", "18 to 26", "18 to 27"),
        ("ar", "18 إلى 26", "18 إلى 27"),
    ):
        for url in (f"/{lang}/partners", f"/{lang}/organisatie/jongeren-perspectief-fonds"):
            html = visible(client.get(url + "?at=2025-06-02T10:00").get_data(as_text=True))
            assert right in html and wrong not in html, (url, right)
