"""The text box on the first question: a resident types their worry and gets a turn back.

The words are private: they arrive in a POST body and go out only in that response, which is
never cached; never in a URL or a log.
"""

from __future__ import annotations

import logging
import re

import pytest

from tests.isolates import without_isolates

HTMX = {"HX-Request": "true", "HX-Target": "current", "HX-Current-URL": "http://localhost/nl/"}


def form_of(html: str) -> str:
    return html.split('<form class="describe"', 1)[1].split("</form>", 1)[0]


def options(html: str) -> list[tuple[str, str]]:
    current = html.split('id="current"', 1)[1]
    found = re.findall(r'<a class="option" href="([^"]+)"[^>]*>(.*?)</a>', current)
    return [(href, without_isolates(label)) for href, label in found]


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("nl", "Of beschrijf uw situatie in een paar woorden"),
        ("en", "Or describe your situation in a few words"),
        ("ar", "أو صف وضعك ببضع كلمات"),
    ],
)
def test_the_first_question_has_a_plain_post_form_below_the_quick_replies(client, lang, label):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    current = html.split('id="current"', 1)[1]
    assert current.index('<ul class="options">') < current.index('<form class="describe"')
    form = form_of(html)
    assert f'method="post" action="/{lang}/"' in form
    assert 'name="tekst"' in form and 'id="tekst"' in form and '<label for="tekst">' in form
    assert label in form
    assert f'data-hx-post="/{lang}/"' in form
    assert 'data-hx-push-url="false"' in form  # the address never changes, let alone holds text
    assert re.search(r"\shx-", form) is None  # data-hx-* only, valid HTML


def test_later_questions_and_results_have_no_text_box(client):
    for url in ("/nl/direct", "/nl/jong/schulden", "/nl/direct/deurwaarder"):
        assert 'class="describe"' not in client.get(url).get_data(as_text=True)


def test_a_bailiff_at_the_door_gets_the_bailiffs_route_said_to_be_urgent(client):
    response = client.post("/nl/", data={"tekst": "de deurwaarder stond voor de deur"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    bubble = html.split('<p class="bubble me" dir="auto">', 1)[1].split("</p>", 1)[0]
    assert bubble == (
        '<span class="visually-hidden">Uw antwoord: </span>de deurwaarder stond voor de deur'
    )
    heading = html.split('id="question"', 1)[1].split("</h2>", 1)[0]
    assert heading.index("Dit is dringend.") < heading.index("Misschien past")
    found = options(html)
    assert found[0] == (
        "/nl/direct/deurwaarder?gekozen=1#question",
        "Ik krijg post van een deurwaarder of incassobureau",
    )
    assert found[-1] == ("/nl/iets-anders#question", "Iets anders, of ik weet het niet")
    assert len(found) <= 4


def test_the_suggested_links_are_ordinary_steps(client):
    html = client.post("/nl/", data={"tekst": "ik heb schulden en rekeningen"}).get_data(
        as_text=True
    )
    for href, _ in options(html):
        assert client.get(href.split("#")[0]).status_code == 200


def test_not_urgent_when_nothing_urgent_is_clearly_best(client):
    html = client.post("/nl/", data={"tekst": "ik kom niet rond"}).get_data(as_text=True)
    assert "Dit is dringend" not in html
    assert options(html)[0][0] == "/nl/binnenkort/rondkomen?gekozen=1#question"


@pytest.mark.parametrize(
    ("lang", "text", "first", "fits"),
    [
        (
            "ar",
            "قطعوا عني الكهرباء",
            "/ar/direct/afgesloten?gekozen=1#question",
            "ربما يناسب",
        ),
        (
            "en",
            "I'm being evicted",
            "/en/direct/huis-uit?gekozen=1#question",
            "may match your situation:",
        ),
        (
            "nl",
            "ik ben 17 en heb schulden",
            "/nl/jong/schulden/onder-18?gekozen=1#question",
            "Misschien past dit",
        ),
    ],
)
def test_three_languages_and_an_age(client, lang, text, first, fits):
    html = client.post(f"/{lang}/", data={"tekst": text}).get_data(as_text=True)
    assert options(html)[0][0] == first
    assert fits in html


START = {
    "nl": [
        ("/nl/direct#question", "Help! Ik heb nu direct hulp nodig"),
        ("/nl/binnenkort#question", "Ik heb een vraag over geld en heb binnenkort hulp nodig"),
        ("/nl/jong#question", "Ik ben jong en heb hulp nodig"),
        ("/nl/iets-anders#question", "Iets anders, of ik weet het niet"),
    ],
    "en": [
        ("/en/direct#question", "It’s urgent: I need help now"),
        ("/en/binnenkort#question", "I have a question about money and need help soon"),
        ("/en/jong#question", "I’m young and need help"),
        ("/en/iets-anders#question", "Something else, or I don’t know"),
    ],
    "ar": [
        ("/ar/direct#question", "أحتاج إلى مساعدة عاجلة الآن!"),
        ("/ar/binnenkort#question", "عندي سؤال عن المال وأحتاج إلى مساعدة قريبًا"),
        ("/ar/jong#question", "أنا شاب/شابة وأحتاج إلى مساعدة"),
        ("/ar/iets-anders#question", "شيء آخر، أو لا أعرف"),
    ],
}


@pytest.mark.parametrize("text", ["hoe laat gaat de bus", "", "   "])
def test_off_topic_gets_the_three_branches_something_else_and_the_box_again(client, text):
    html = client.post("/nl/", data={"tekst": text}).get_data(as_text=True)
    assert options(html) == START["nl"]
    assert "We hebben niets gevonden dat bij uw woorden past." in html
    assert "dringend" not in html
    assert 'class="describe"' in html.split('id="current"', 1)[1]


def test_the_words_are_escaped(client):
    html = client.post("/nl/", data={"tekst": '<script>alert(1)</script> "deurwaarder"'}).get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;deurwaarder&#34;" in html


def test_htmx_gets_only_the_two_new_turns(client):
    response = client.post("/nl/", data={"tekst": "deurwaarder"}, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<li class="turn answered">')
    assert "<html" not in html and "<main" not in html
    assert html.count('id="current"') == 1
    plain = client.post("/nl/", data={"tekst": "deurwaarder"}).get_data(as_text=True)
    assert options(html) == options(plain)


NOT_SURE = {
    "nl": "We hebben niets gevonden dat bij uw woorden past. Probeer andere woorden, of kies "
    "hieronder een antwoord.",
    "en": "We couldn’t find a situation that matches your words. Try other words, or choose one "
    "of the answers below.",
    "ar": "لم نجد حالة تناسب كلماتك. جرّب كلمات أخرى، أو اختر إجابة من القائمة أدناه.",
}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_when_nothing_fits_the_way_on_is_in_the_pages_language(client, lang, htmx):
    """Issue 25: the three branches and "Iets anders", the question in the page's language and
    the box again, with and without htmx; the branches are not suggestions (no marker)."""
    headers = {**HTMX, "HX-Current-URL": f"http://localhost/{lang}/"} if htmx else {}
    response = client.post(f"/{lang}/", data={"tekst": "zzqx wvvq"}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("<html" in html) is not htmx
    if not htmx:
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}" ' in html
    assert options(html) == START[lang]
    assert NOT_SURE[lang] in html.split('id="question"', 1)[1].split("</h2>", 1)[0]
    assert 'class="describe"' in html.split('id="current"', 1)[1]
    assert "gekozen" not in html


TOO_LONG = {
    "nl": "Uw tekst is te lang: schrijf het in een paar zinnen.",
    "en": "Your text is too long: write it in a few sentences.",
    "ar": "نصّك طويل جدًا: اكتبه في بضع جمل.",
}


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_a_text_over_the_limit_is_answered_in_the_pages_language_and_kept(client, lang):
    text = "de deurwaarder stond voor de deur " * 30  # 1,020 characters
    response = client.post(f"/{lang}/", data={"tekst": text})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert TOO_LONG[lang] in html
    assert options(html) == START[lang]  # no guess from a cut text, but a way on
    box = form_of(html)
    kept = box.split('value="', 1)[1].split('"', 1)[0]
    assert 0 < len(kept) <= 500 and text.startswith(kept)  # shorten it in the box itself


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_a_20000_character_post_gets_the_same_message_never_an_address_error(client, lang):
    # Over 16 KB the body is not read (nginx refuses it too): the 413 page says why.
    response = client.post(f"/{lang}/", data={"tekst": "a" * 20_000})
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert TOO_LONG[lang] in html
    assert "We couldn’t understand this web address" not in html
    assert "Wij begrijpen dit adres niet" not in html
    htmx = client.post(f"/{lang}/", data={"tekst": "a" * 20_000}, headers=HTMX)
    assert TOO_LONG[lang] in htmx.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_the_fronts_413_page_says_the_text_is_too_long(client, lang):
    # nginx refuses a body over 16 KB and asks the app for this page (error_page 413).
    response = client.post(f"/_te-groot/{lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert TOO_LONG[lang] in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert TOO_LONG[lang].split(":")[0] in title


def test_the_words_are_never_logged_and_never_in_an_address(client, caplog):
    secret = "geheim4711 deurwaarder"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("routekaart.access").setLevel(logging.DEBUG)
        response = client.post("/nl/", data={"tekst": secret})
        client.post("/nl/", data={"tekst": secret}, headers=HTMX)
    assert any("POST /nl/ 200" in r.getMessage() for r in caplog.records)  # the log ran
    assert not any("geheim4711" in r.getMessage() for r in caplog.records)
    assert "Location" not in response.headers
    html = response.get_data(as_text=True)
    assert not re.search(r'(href|action|src)="[^"]*geheim4711', html)
    assert "Set-Cookie" not in response.headers


def test_the_page_of_the_first_question_is_unchanged_by_a_post(client):
    before = client.get("/nl/").get_data(as_text=True)
    client.post("/nl/", data={"tekst": "geheim4711 deurwaarder"})
    after = client.get("/nl/").get_data(as_text=True)
    assert before == after and "geheim4711" not in after


def test_only_the_start_takes_words(client):
    assert client.post("/nl/direct", data={"tekst": "deurwaarder"}).status_code == 405


# --- which suggestion was chosen (issue 25) ----------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_each_suggestion_links_to_its_step_with_the_number_of_its_place(client, htmx):
    """The suggestions are the steps' own addresses with ``?gekozen=1``, ``2``, ``3``: counted,
    nothing of the words. "Something else" is no suggestion and has no marker."""
    headers = HTMX if htmx else {}
    html = client.post("/nl/", data={"tekst": "ik heb schulden en rekeningen"}, headers=headers)
    found = options(html.get_data(as_text=True))
    assert len(found) >= 3
    for place, (href, _) in enumerate(found[:-1], start=1):
        assert re.fullmatch(rf"/nl/[a-z0-9/-]+\?gekozen={place}#question", href), href
    assert found[-1][0] == "/nl/iets-anders#question"


def test_a_marked_address_is_the_same_page_as_its_clean_address(client):
    """The page, its ETag and every link in it are those of the clean address: the canonical
    link, the language switch, hreflang, share links and the hand-over never carry the marker.
    Only nginx must not keep it (every choice reaches the app and is counted): ``private``."""
    clean = client.get("/nl/direct/deurwaarder")
    marked = client.get("/nl/direct/deurwaarder?gekozen=2")
    assert marked.status_code == 200
    assert marked.get_data() == clean.get_data()
    assert marked.headers["ETag"] == clean.headers["ETag"]
    html = marked.get_data(as_text=True)
    assert re.search(r'<link rel="canonical" href="[^"]*/nl/direct/deurwaarder">', html)
    assert "gekozen" not in html
    assert clean.headers["Cache-Control"].startswith("public, max-age=")
    assert "X-Accel-Expires" in clean.headers
    assert marked.headers["Cache-Control"].startswith("private, max-age=")
    assert "X-Accel-Expires" not in marked.headers
    again = client.get(
        "/nl/direct/deurwaarder?gekozen=2", headers={"If-None-Match": marked.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "query", ["gekozen=9", "gekozen=", "gekozen=1&gekozen=2", "gekozen=" + "x" * 150]
)
def test_any_other_marker_is_ignored(client, query):
    clean = client.get("/en/direct/huis-uit").get_data()
    response = client.get(f"/en/direct/huis-uit?{query}")
    assert response.status_code == 200
    assert response.get_data() == clean


def test_an_htmx_step_with_a_marker_is_the_steps_turn(client):
    headers = {"HX-Request": "true", "HX-Target": "current"}
    marked = client.get("/nl/direct?gekozen=1", headers=headers)
    assert marked.get_data() == client.get("/nl/direct", headers=headers).get_data()
    assert marked.headers["Cache-Control"].startswith("private, ")
