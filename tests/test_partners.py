"""The referral guide for partners: a partner finds the right desk in seconds and hands it over
in the resident's language, without typing or storing anything personal."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import zxingcpp

from routekaart import create_app
from routekaart.domain.partner_search import normalise, query_words
from tests.isolates import without_isolates

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "http://127.0.0.1:5000"
LANGS = ("nl", "en", "ar")

# Written out from content/routekaart.yaml and content/organisations.yaml, in their order, so a
# situation or desk the page loses (or the engine invents) shows up as a difference.
RESULT_PATHS = [
    "direct/huis-uit",
    "direct/deurwaarder",
    "direct/beslag",
    "direct/dwangbevel",
    "direct/afgesloten",
    "binnenkort/schulden",
    "binnenkort/rekeningen",
    "binnenkort/stress",
    "binnenkort/rondkomen",
    "binnenkort/formulieren",
    "binnenkort/advocaat",
    "jong/bijna-18",
    "jong/rekeningen/onder-18",
    "jong/rekeningen/18-tot-27",
    "jong/rekeningen/27-plus",
    "jong/leven",
    "jong/schulden/onder-18",
    "jong/schulden/18-tot-27",
    "jong/schulden/27-plus",
]
BRANCHES = ("direct", "binnenkort", "jong")
ORGANISATIONS = [
    "kredietbank",
    "sociaal-service-punt",
    "schuldhulpmaatje",
    "ping-loket",
    "jongerenadviespunt",
    "jongeren-perspectief-fonds",
]


def situations(html: str) -> list[str]:
    """The situation anchors on a partners page, in order."""
    return re.findall(r'<li class="situation [^"]*" id="sit-([a-z0-9-]+)"', html)


def directory(html: str) -> list[str]:
    """The organisation ids in the directory part of a partners page."""
    return re.findall(r'<article class="directory-entry" id="dir-([a-z0-9-]+)"', html)


def element(html: str, element_id: str) -> str:
    """The element with ``id="element_id"``, up to its own closing tag (nesting counted)."""
    start = html.index(f'id="{element_id}"')
    start = html.rindex("<", 0, start)
    tag = re.match(r"<([a-z0-9]+)", html[start:])[1]
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start:]):
        depth += -1 if match[1] else 1
        if depth == 0:
            return html[start : start + match.end()]
    raise AssertionError(f"#{element_id} is never closed")


def qr_codes(html: str) -> list[str]:
    """What each QR code on the page says, decoded from its SVG modules by zxing-cpp."""
    found = []
    for svg in re.findall(r'<svg [^>]*class="qr-code".*?</svg>', html, re.S):
        n = int(re.search(r'viewBox="0 0 (\d+) \1"', svg)[1])
        grid = np.full((n, n), 255, dtype=np.uint8)
        for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", svg):
            grid[int(y), int(x) : int(x) + int(w)] = 0
        pixels = np.kron(grid, np.ones((8, 8), dtype=np.uint8))
        found += [r.text for r in zxingcpp.read_barcodes(pixels)]
    return found


def page(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- normalising ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Deurwaarder", "deurwaarder"),
        ("BESLAG", "beslag"),
        ("vóór", "voor"),
        ("Café  Crème", "cafe creme"),
        ("PING-loket", "ping loket"),
        ("Straße", "strasse"),
        ("مُحْضَر", "محضر"),  # Arabic vowel marks are dropped like accents
    ],
)
def test_normalise_forgives_case_accents_and_punctuation(raw, expected):
    assert normalise(raw) == expected


def test_a_search_is_a_handful_of_words_however_long_the_input():
    assert len(query_words("schuld " * 500)) == 8


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_lists_every_situation_grouped_by_the_three_branches(client, lang):
    html = page(client, f"/{lang}/partners")
    assert situations(html) == [p.replace("/", "-") for p in RESULT_PATHS]
    assert re.findall(r'<h3 id="branch-([a-z0-9-]+)">', html) == list(BRANCHES)
    assert directory(html) == ORGANISATIONS
    assert f'<html lang="{lang}"' in html


def test_each_situation_lists_its_desks_in_order_with_contact_details(client):
    html = page(client, "/nl/partners?at=2026-06-01T10:00")
    block = element(html, "sit-direct-huis-uit")
    assert "Ik heb een brief gekregen dat ik mijn huis uit moet" in block
    assert "sit-direct-deurwaarder" not in block  # only this situation
    assert block.index("Kredietbank Nederland") < block.index("Sociaal Service Punt")
    assert "tel:+31703008834" in block
    assert "(070) 300 88 34" in block
    assert "09:00–17:00" in block


def test_today_is_marked_in_the_weekly_hours(client):
    monday = page(client, "/en/partners?q=ping&at=2026-06-01T10:00")
    assert (
        'Monday <bdi dir="ltr">10:00–12:00</bdi> · <bdi dir="ltr">Bibliotheek aan de Vliet</bdi>'
        " <strong>(today is Monday)" in monday
    )
    wednesday = page(client, "/en/partners?q=ping&at=2026-06-03T10:00")
    assert (
        '10:00–12:00</bdi> · <bdi dir="ltr">Bibliotheek aan de Vliet</bdi> <strong>'
        not in wednesday
    )
    assert (
        '11:00–12:00</bdi> · <bdi dir="ltr">Tuinkamer van Noord</bdi>, '
        '<bdi dir="ltr">Sporthal de Fluit</bdi> <strong>(today is Wednesday)'
    ) in wednesday


@pytest.mark.parametrize("at", ["2027-01-04T10:30", "2027-01-06T10:30", "2027-01-10T10:30"])
def test_day_names_follow_the_page_language(client, at):
    """Monday, Wednesday and Sunday alike: the Kredietbank's weekdays in the page's words."""
    assert "Maandag tot en met vrijdag" in page(client, f"/nl/partners?at={at}")
    assert "Monday to Friday" in page(client, f"/en/partners?at={at}")
    assert "الاثنين" in page(client, f"/ar/partners?at={at}")


def test_an_ended_organisation_is_not_offered_and_the_directory_says_it_ended(client):
    html = page(client, "/nl/partners?at=2025-06-01T10:00")
    for path in ("jong-bijna-18", "jong-leven"):
        block = html.split(f'id="sit-{path}"', 1)[1].split('class="situation-links"', 1)[0]
        # No referral to it (a reason may still say that it stopped).
        assert 'href="#dir-jongerenadviespunt"' not in block
    entry = html.split('id="dir-jongerenadviespunt"', 1)[1].split("</article>", 1)[0]
    assert "31 december 2024" in entry
    assert "/partners/organisatie/jongerenadviespunt/overdracht" not in entry
    before = page(client, "/nl/partners?at=2024-06-03T10:00")
    block = before.split('id="sit-jong-bijna-18"', 1)[1].split('class="situation-links"', 1)[0]
    assert 'href="#dir-jongerenadviespunt"' in block


def test_the_directory_says_which_situations_send_people_to_an_organisation(client):
    html = page(client, "/en/partners")
    entry = html.split('id="dir-schuldhulpmaatje"', 1)[1].split("</article>", 1)[0]
    assert 'href="/en/partners#sit-binnenkort-schulden"' in entry
    assert 'href="/en/partners#sit-direct-huis-uit"' not in entry


def test_the_directory_shows_whether_facts_were_checked_recently(client):
    recent = page(client, "/en/partners?q=kredietbank&at=2025-06-01T10:00")
    stale = page(client, "/en/partners?q=kredietbank&at=2026-06-01T10:00")
    assert '<dd class="fresh">' in recent and '<dd class="stale">' not in recent
    assert '<dd class="stale">' in stale and "more than a year old" in stale


def test_stale_after_days_comes_from_the_settings(content_copy):
    settings = content_copy / "settings.yaml"
    settings.write_text(
        settings.read_text().replace("stale_after_days: 365", "stale_after_days: 30")
    )
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    html = page(client, "/en/partners?q=kredietbank&at=2025-06-01T10:00")
    assert "more than 30 days old" in html


def test_the_footer_links_to_the_partners_page(client):
    assert 'href="/ar/partners"' in page(client, "/ar/")


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("nl", "deurwaarder", "direct-deurwaarder"),
        ("nl", "Deurwaarder", "direct-deurwaarder"),
        ("nl", "deurwaard", "direct-deurwaarder"),
        ("nl", "deurwáárder", "direct-deurwaarder"),
        ("nl", "beslag", "direct-beslag"),
        ("en", "bailiff", "direct-deurwaarder"),
        ("en", "Bailif", "direct-deurwaarder"),
        ("en", "deurwaarder", "direct-deurwaarder"),
        ("en", "garnishment", "direct-beslag"),
        ("ar", "محضر", "direct-deurwaarder"),
        ("ar", "deurwaarder", "direct-deurwaarder"),
        ("nl", "ooievaarspas", "binnenkort-formulieren"),
        ("nl", "advocaat", "binnenkort-advocaat"),
    ],
)
def test_search_finds_the_situation(client, lang, query, expected):
    html = page(client, f"/{lang}/partners?q={query}")
    found = situations(html)
    assert expected in found
    assert "binnenkort-stress" not in found


def test_search_finds_the_bailiff_situation_and_its_desks(client):
    html = page(client, "/en/partners?q=bailiff")
    assert situations(html) == ["direct-deurwaarder"]
    assert directory(html) == ["kredietbank", "sociaal-service-punt"]


def test_search_on_an_organisation_finds_it_and_the_situations_that_send_there(client):
    html = page(client, "/nl/partners?q=ping loket&at=2026-06-01T10:00")
    assert directory(html) == ["ping-loket"]
    assert "binnenkort-rekeningen" in situations(html)
    assert "direct-huis-uit" not in situations(html)


def test_every_word_must_match(client):
    assert situations(page(client, "/nl/partners?q=deurwaarder kredietbank")) == [
        "direct-deurwaarder"
    ]
    assert situations(page(client, "/nl/partners?q=deurwaarder ooievaarspas")) == []


def test_no_match_says_so_in_a_friendly_way(client):
    html = page(client, "/en/partners?q=zzzzqqq")
    assert situations(html) == [] and directory(html) == []
    assert "Nothing matches" in html


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("x" * 5000, 400),  # no search is that long: a friendly 400, nothing echoed
        ("<script>alert(1)</script>", 200),
        ("%00", 200),
        ("' OR 1=1 --", 200),
        ("😀", 200),
    ],
)
def test_hostile_or_odd_searches_are_harmless(client, query, status):
    response = client.get("/nl/partners", query_string={"q": query})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "x" * 201 not in html


@pytest.mark.parametrize(
    ("lang", "query"), [("nl", "deurwaard"), ("en", "bailiff"), ("nl", ""), ("ar", "jong")]
)
def test_htmx_gets_only_the_list_with_the_same_results_as_the_plain_form(client, lang, query):
    full = client.get(f"/{lang}/partners", query_string={"q": query})
    partial = client.get(
        f"/{lang}/partners", query_string={"q": query}, headers={"HX-Request": "true"}
    )
    full_html, partial_html = full.get_data(as_text=True), partial.get_data(as_text=True)
    assert "<html" in full_html and "<html" not in partial_html
    assert "HX-Request" in partial.headers["Vary"] and "HX-Request" in full.headers["Vary"]
    assert situations(partial_html) == situations(full_html)
    assert directory(partial_html) == directory(full_html)


def test_a_history_restore_gets_the_full_page(client):
    response = client.get(
        "/nl/partners?q=beslag",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.get_data(as_text=True)


def test_the_search_form_works_without_javascript(client):
    html = page(client, "/nl/partners?q=beslag")
    form = html.split('<form class="partner-search"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form and 'action="/nl/partners"' in form
    assert 'name="q"' in form and 'value="beslag"' in form
    assert 'type="submit"' in form
    assert 'data-hx-trigger="input changed delay:250ms, search"' in form


def test_a_preview_moment_is_kept_in_the_search_and_links(client):
    html = page(client, "/nl/partners?at=2025-06-02T10:00")
    assert '<input type="hidden" name="at" value="2025-06-02T10:00">' in html
    assert "/nl/partners/overdracht/direct/huis-uit?at=2025-06-02T10:00" in html


# --- hand-over -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", RESULT_PATHS)
def test_every_situation_has_a_hand_over_link_on_the_page(client, path):
    html = page(client, "/nl/partners")
    assert f'href="/nl/partners/overdracht/{path}"' in html


@pytest.mark.parametrize("taal", LANGS)
@pytest.mark.parametrize("path", RESULT_PATHS)
def test_hand_over_gives_a_working_link_and_its_qr_code_in_the_residents_language(
    client, path, taal
):
    html = page(client, f"/en/partners/overdracht/{path}?taal={taal}")
    url = f"{PUBLIC}/{taal}/{path}"
    assert f'<a id="handover-link" href="{url}"' in html
    assert client.get(url.removeprefix(PUBLIC)).status_code == 200
    # Both codes, the big one on screen and the small one on the slip, scan to exactly that URL.
    assert qr_codes(html) == [url, url]


def test_the_slip_is_in_the_residents_language_with_address_hours_and_phone(client):
    html = page(client, "/nl/partners/overdracht/direct/huis-uit?taal=ar&at=2026-06-01T10:00")
    slip = html.split('<section class="slip"', 1)[1].split("</section>", 1)[0]
    assert slip.startswith(' lang="ar" dir="rtl"')
    assert "وصلتك رسالة بأنه يجب أن تترك بيتك" in slip  # the Arabic result title
    assert "Kredietbank Nederland" in slip and "Sociaal Service Punt" in slip
    assert '<bdi dir="ltr">(070) 300 88 34</bdi>' in slip
    assert "Fluitpolderplein 5" in slip
    assert "الاثنين" in slip  # Monday, by Babel
    assert '<bdi dir="ltr">09:00–12:00</bdi>' in slip
    assert f"{PUBLIC}/ar/direct/huis-uit" in without_isolates(slip)
    # The partner's part of the page stays in the partner's language.
    assert '<html lang="nl" dir="ltr" data-script="latin">' in html


def test_the_slip_follows_the_chosen_language_not_the_page(client):
    html = page(client, "/ar/partners/overdracht/binnenkort/schulden?taal=en")
    slip = html.split('<section class="slip"', 1)[1].split("</section>", 1)[0]
    assert slip.startswith(' lang="en" dir="ltr"')
    assert "You have debts" in slip
    assert '<html lang="ar" dir="rtl" data-script="arabic">' in html


def test_the_language_choice_is_three_plain_links(client):
    html = page(client, "/nl/partners/overdracht/direct/beslag?taal=en")
    for taal in LANGS:
        assert f'href="/nl/partners/overdracht/direct/beslag?taal={taal}"' in html
    assert 'hreflang="en" lang="en" aria-current="true"' in html


def test_hand_over_takes_no_personal_data(client):
    html = page(client, "/nl/partners/overdracht/direct/beslag?taal=ar")
    assert "<input" not in html and "<textarea" not in html and "<form" not in html
    response = client.get("/nl/partners/overdracht/direct/beslag?taal=ar")
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_hand_over_of_an_organisation(client):
    html = page(client, "/en/partners/organisatie/ping-loket/overdracht?taal=ar")
    assert f'href="{PUBLIC}/ar/organisatie/ping-loket"' in html
    slip = html.split('<section class="slip"', 1)[1].split("</section>", 1)[0]
    assert "PING-loket" in slip and "Fluitpolderplein 5" in slip
    assert "Burgemeester Kolfschotenlaan" in slip and "الأربعاء" in slip  # Wednesday


def test_only_the_partners_view_leaves_out_ended_desks_from_the_slip(client):
    after = page(client, "/nl/partners/overdracht/jong/bijna-18?taal=nl&at=2025-06-01T10:00")
    before = page(client, "/nl/partners/overdracht/jong/bijna-18?taal=nl&at=2024-06-03T10:00")
    assert "Jongerenadviespunt" not in after.split('<section class="slip"', 1)[1]
    assert "Jongerenadviespunt" in before.split('<section class="slip"', 1)[1]
    ended = client.get("/nl/partners/organisatie/jongerenadviespunt/overdracht?at=2025-06-01")
    assert ended.status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/nl/partners/overdracht/direct/huis-uit?taal=de", 400),
        ("/nl/partners/overdracht/direct", 404),  # a question, not a result
        ("/nl/partners/overdracht/direct/nergens", 404),
        ("/nl/partners/overdracht/direct/HUIS_UIT", 400),
        ("/en/partners/overdracht/" + "a/" * 40, 400),
        ("/nl/partners/organisatie/bestaat-niet/overdracht", 404),
        ("/de/partners", 404),
    ],
)
def test_bad_hand_over_addresses_get_a_friendly_page(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "<html" in html and "Traceback" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/nl/partners",
        "/ar/partners?q=beslag",
        "/en/partners/overdracht/direct/huis-uit?taal=ar",
        "/nl/partners/organisatie/kredietbank/overdracht",
    ],
)
def test_no_inline_script_or_style(client, url):
    html = page(client, url)
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


@pytest.mark.parametrize(
    "url",
    [
        "/nl/partners",
        "/en/partners/overdracht/direct/huis-uit?taal=ar",
        "/nl/partners/organisatie/ping-loket/overdracht",
    ],
)
def test_ids_are_unique_even_with_two_qr_codes(client, url):
    ids = re.findall(r'\sid="([^"]+)"', page(client, url))
    assert len(ids) == len(set(ids))


def test_the_directory_lists_coming_exceptions_in_the_page_language(content_copy):
    """A closed day and a day with other hours, as staff wrote them, in words and 24-hour time."""
    orgs = content_copy / "organisations.yaml"
    orgs.write_text(
        orgs.read_text().replace(
            "        location: tuinkamer-van-noord\n    sources:\n",
            "        location: tuinkamer-van-noord\n"
            "    exceptions:\n"
            "      - date: 2027-01-11\n        closed: true\n"
            "        reason: {nl: Studiedag, en: Training day, ar: يوم تدريب}\n"
            "      - date: 2027-01-13\n        until: 2027-01-14\n        hours:\n"
            '          - {from: "13:00", to: "14:30", location: tuinkamer-van-noord}\n'
            "        reason: {nl: Verbouwing, en: Building work, ar: أعمال بناء}\n"
            "    sources:\n",
            1,
        )
    )
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    for lang, closed, other in [
        ("nl", "11 januari 2027: dicht (Studiedag)", "13 januari 2027 – 14 januari 2027: "),
        ("en", "11 January 2027: closed (Training day)", "13 January 2027 – 14 January 2027: "),
    ]:
        html = page(client, f"/{lang}/partners?at=2027-01-06T10:00")
        entry = html.split('id="dir-ping-loket"', 1)[1].split("</article>", 1)[0]
        assert closed in entry
        assert other + '<bdi dir="ltr">13:00–14:30</bdi>' in entry


def _recommendations():
    """Every organisation of every result in the bundled content, with its reason and question."""
    from routekaart.content.loader import load

    content, _ = load(ROOT / "content")
    return [
        rec
        for node in content.routekaart.nodes.values()
        for rec in (node.result.organisations if node.result else [])
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_why_this_desk_and_what_to_ask_are_in_the_partners_language(client, lang):
    """Issue 26: a partner reading English or Arabic reads the team's reasons and open
    questions in that language, never the Dutch staff text."""
    raw = client.get(f"/{lang}/partners").get_data(as_text=True)
    page = without_isolates(raw)
    dutch = without_isolates(client.get("/nl/partners").get_data(as_text=True))
    recs = _recommendations()
    assert all(rec.reason is not None for rec in recs)
    texts = [text for rec in recs for text in (rec.reason, rec.to_confirm) if text is not None]
    shown = [text for text in texts if text.nl in dutch]  # results with an active desk
    assert len(shown) > 50
    for text in shown:
        assert text(lang) in page
    for text in texts:
        assert text.nl not in page, text.nl
    # The paragraph is not marked Dutch (its Dutch names inside are, lang="nl" on their bdi).
    assert not re.search(r'class="(reason|to-confirm)"[^>]*lang="nl"', raw)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_what_is_still_to_confirm_about_a_desk_is_in_the_partners_language(client, lang):
    """Issue 26: the directory's open questions (a fact's or a description's to_confirm) are
    written in every language; the call list still asks the Dutch."""
    from routekaart.content.loader import load
    from routekaart.content.sourcing import open_questions

    content, _ = load(ROOT / "content")
    page = without_isolates(client.get(f"/{lang}/partners").get_data(as_text=True))
    asked = [
        fact.reference
        for org_id in content.organisations
        for fact, _question in open_questions(org_id, content.directory, content.settings)
        if fact.reference is not None
    ]
    assert len(asked) >= 8
    for ref in asked:
        assert not ref.question_is_dutch(lang)
        assert ref.question(lang) in page
        assert ref.question("nl") not in page
