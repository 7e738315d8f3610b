"""Issue 28, in Python: the text a resident shares, the text "Read aloud" says, the offline note.

All three are made by the server from the same data as the page (routekaart/web/takeaway.py),
so they are tested here without a phone, WhatsApp or a speech engine; tests/test_browser_
takeaway.py checks the same pages in Chromium.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest

from routekaart import create_app

PUBLIC = "https://www.sterkvoornoord.nl/geldzaken"
LRI, PDI = "\u2066", "\u2069"


@pytest.fixture(scope="module")
def public_client():
    return create_app({"TESTING": True, "PUBLIC_URL": PUBLIC}).test_client()


def _page(client, path: str, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def share_messages(page: str) -> dict[str, str]:
    """The decoded texts of a page's WhatsApp and SMS links."""
    wa = re.search(r'href="https://wa\.me/\?text=([^"]*)"', page)
    sms = re.search(r'href="sms:\?&amp;body=([^"]*)"', page)
    assert wa and sms
    return {
        "whatsapp": unquote(html.unescape(wa.group(1))),
        "sms": unquote(html.unescape(sms.group(1))),
    }


# --- share -------------------------------------------------------------------------------------

EXPECTED = {
    "nl": [
        "U heeft een brief gekregen dat u uw huis uit moet",
        "Kredietbank Nederland, telefoon (070) 300 88 34",
        "Maandag tot en met vrijdag 09:00–17:00",
        f"{PUBLIC}/nl/direct/huis-uit",
    ],
    "en": [
        "Kredietbank Nederland, phone (070) 300 88 34",
        "Monday to Friday 09:00–17:00",
        f"{PUBLIC}/en/direct/huis-uit",
    ],
    "ar": [
        f"{LRI}Kredietbank Nederland{PDI}، الهاتف {LRI}(070) 300 88 34{PDI}",
        f"{LRI}09:00–17:00{PDI}",
        f"{PUBLIC}/ar/direct/huis-uit",
    ],
}


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_a_result_shares_situation_first_desk_phone_hours_and_public_address(public_client, lang):
    page = _page(public_client, f"/{lang}/direct/huis-uit")
    messages = share_messages(page)
    assert messages["whatsapp"] == messages["sms"]
    text = messages["whatsapp"]
    for part in EXPECTED[lang]:
        assert part in text, (part, text)
    lines = text.split("\n")
    assert lines[-1] == f"{PUBLIC}/{lang}/direct/huis-uit"  # its own line: the link stays whole
    assert len(text) < 500  # short: one screen of a phone
    # Only the first desk: the second one (Sociaal Service Punt) is not in the message.
    assert "Sociaal" not in text


def test_the_shared_address_never_comes_from_the_request_host(public_client):
    page = _page(public_client, "/nl/direct/huis-uit", Host="evil.example")
    text = share_messages(page)["whatsapp"]
    assert "evil.example" not in text
    assert f"{PUBLIC}/nl/direct/huis-uit" in text


def test_arabic_message_keeps_numbers_and_names_left_to_right(public_client):
    text = share_messages(_page(public_client, "/ar/direct/huis-uit"))["whatsapp"]
    assert text.startswith("وصلتك")  # an Arabic first letter: the message reads right-to-left
    # Every Latin name, phone number and time range sits inside an isolate, in balanced pairs.
    outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text.rsplit("\n", 1)[0])
    assert not re.search(r"[0-9A-Za-z]", outside), outside
    assert text.count(LRI) == text.count(PDI) >= 3
    # The link line has no isolate, so WhatsApp links all of it and nothing more.
    assert LRI not in text.rsplit("\n", 1)[1]


def test_the_dutch_and_english_messages_have_no_isolate_characters(public_client):
    for lang in ("nl", "en"):
        text = share_messages(_page(public_client, f"/{lang}/direct/huis-uit"))["whatsapp"]
        assert LRI not in text and PDI not in text


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_an_organisation_page_shares_its_desk(public_client, lang):
    page = _page(public_client, f"/{lang}/organisatie/sociaal-service-punt")
    text = share_messages(page)["whatsapp"]
    assert "(070) 205 70 00" in text
    assert "Sociaal Service Punt" in text
    assert text.endswith(f"{PUBLIC}/{lang}/organisatie/sociaal-service-punt")


def test_a_question_page_has_no_share_box(public_client):
    assert 'class="share' not in _page(public_client, "/nl/direct")


@pytest.mark.parametrize(
    ("lang", "label"),
    [("nl", "Stuur dit door"), ("en", "Share this page"), ("ar", "شارك هذه الصفحة")],
)
def test_the_share_label_is_in_the_page_language(public_client, lang, label):
    page = _page(public_client, f"/{lang}/direct/huis-uit")
    assert f'<p class="share-title" id="share-result">{label}</p>' in page


@pytest.mark.parametrize(
    ("lang", "button"), [("nl", "Delen…"), ("en", "Share…"), ("ar", "مشاركة…")]
)
def test_the_share_button_is_not_named_as_the_heading_above_it(public_client, lang, button):
    """Read 11, Dutch E4 and English 29: "Share" heading, then a "Share" button."""
    page = _page(public_client, f"/{lang}/direct/huis-uit")
    assert f'share-native" hidden>{button}</button>' in page


AR_MONDAY = "من التاسعة صباحًا إلى الثانية عشرة ظهرًا"

# --- read aloud --------------------------------------------------------------------------------


def spoken(page: str) -> str:
    found = re.search(r'<p class="read-aloud[^"]*" data-speak="([^"]*)" data-lang="(\w+)"', page)
    assert found, "no read-aloud box"
    return html.unescape(found.group(1))


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


@pytest.mark.parametrize(
    ("lang", "phone", "hours"),
    [
        ("nl", "nul zeven nul, drie nul nul, acht acht, drie vier", "negen tot twaalf uur"),
        (
            "en",
            "zero seven zero, three zero zero, eight eight, three four",
            "from nine until twelve",
        ),
        ("ar", "صفر سبعة صفر، ثلاثة صفر صفر، ثمانية ثمانية، ثلاثة أربعة", AR_MONDAY),
    ],
)
def test_a_result_is_read_with_phone_digit_by_digit_and_hours_in_words(client, lang, phone, hours):
    text = spoken(_page(client, f"/{lang}/direct/huis-uit"))
    assert phone in text
    assert hours in text  # the Sociaal Service Punt, Monday 09:00–12:00
    assert "Kredietbank Nederland" in text and "Sociaal Service Punt" in text
    # Nothing is left as figures a voice would read as "zero seventy" or "nine colon zero zero".
    assert not re.search(r"\d", text), text
    assert "<" not in text and "\u2066" not in text


def test_the_dutch_result_reads_the_page_in_order(client):
    text = spoken(_page(client, "/nl/direct/huis-uit"))
    order = [
        "U heeft een brief gekregen dat u uw huis uit moet.",
        "Dit is dringend.",
        "Kredietbank Nederland.",
        "Maandag tot en met vrijdag negen tot zeventien uur",
        "Telefoonnummer: nul zeven nul",
        "Sociaal Service Punt.",
        "Maandag negen tot twaalf uur, Bibliotheek aan de Vliet.",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions), text


@pytest.mark.parametrize(
    ("path", "first", "choose"),
    [
        ("/nl/direct", "Wat is er gebeurd?", "U kunt kiezen:"),
        ("/nl/jong", "Waar heb je hulp bij nodig?", "Je kunt kiezen:"),
        ("/en/direct", "What has happened?", "You can choose:"),
    ],
)
def test_a_question_is_read_with_its_answers(client, path, first, choose):
    page = _page(client, path)
    text = spoken(page)
    assert text.startswith(first)
    after = text.split(choose, 1)[1]
    labels = re.findall(r'<a class="option"[^>]*><span>(.*?)</span></a>', page)
    assert labels
    for label in labels:
        said = re.sub(r"<[^>]+>", "", html.unescape(label))
        # "Iets anders / Ik weet het niet" is said with "of", not a slash (ninth read).
        said = said.split(" / ")[0]
        assert said in after
    assert " / " not in after


def test_the_first_question_and_the_htmx_step_carry_the_same_words(client):
    page = spoken(_page(client, "/nl/direct"))
    fragment = client.get("/nl/direct", headers={"HX-Request": "true", "HX-Target": "current"})
    assert spoken(fragment.get_data(as_text=True)) == page


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("nl", "Maandag 09:00–12:00", "Maandag negen tot twaalf uur"),
        ("nl", "open tot 17:00", "open tot zeventien uur"),
        ("nl", "09:30–12:45", "negen uur dertig tot twaalf uur vijfenveertig"),
        ("en", "Monday 09:00–12:00", "Monday from nine until twelve"),
        ("en", "13:00–16:30", "from one until four thirty"),
        ("ar", "09:00–12:00", "من التاسعة صباحًا إلى الثانية عشرة ظهرًا"),
        ("ar", "الساعة 09:30", "الساعة التاسعة والنصف صباحًا"),
        ("ar", "13:00–17:00", "من الواحدة بعد الظهر إلى الخامسة مساءً"),
        ("en", "12:00–17:00", "from twelve until five"),
        # read 12, English: "ten to twelve" is 11:50 to a British listener
        ("en", "10:00–12:00", "from ten until twelve"),
        ("nl", "Bel 06 280 577 03", "Bel nul zes, twee acht nul, vijf zeven zeven, nul drie"),
        ("nl", "Bel 0800-8115", "Bel nul acht nul nul, acht één één vijf"),
        ("nl", "In 2027 en op 1 januari", "In 2027 en op 1 januari"),
    ],
)
def test_speakable_says_numbers_like_a_person(app, lang, text, said):
    from routekaart.web.takeaway import speakable

    with app.test_request_context(f"/{lang}/"):
        assert speakable(text, lang) == said


# --- offline ---------------------------------------------------------------------------------


def test_the_worker_comes_from_the_site_with_the_content_version(app):
    from routekaart.ops.store import current_content

    client = app.test_client()
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # checked again at every visit
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    with app.app_context():
        version = current_content().version
    body = response.get_data(as_text=True)
    assert f'var VERSION = "{version[:12]}-' in body
    assert "__VERSION__" not in body
    # Nothing in it reaches outside the site, and its comments stay home.
    assert not re.search(r"https?://", body)
    assert "/*" not in body and "\n//" not in body


def test_a_new_content_version_is_a_new_worker(content_copy):
    first = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    before = first.test_client().get("/sw.js").get_data(as_text=True)
    settings = content_copy / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    after = second.test_client().get("/sw.js").get_data(as_text=True)
    assert before != after


def test_pages_register_the_worker_under_the_mount_path():
    client = create_app({"TESTING": True, "PUBLIC_URL": PUBLIC}).test_client()
    page = _page(client, "/geldzaken/nl/")
    assert 'data-worker="/geldzaken/sw.js"' in page
    assert client.get("/geldzaken/sw.js").status_code == 200


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/nl/", True),
        ("/nl/direct/huis-uit", True),
        ("/ar/organisatie/kredietbank", True),
        ("/nl/partners", False),
        ("/nl/toegankelijkheid", False),
        ("/nl/monitor", False),
    ],
)
def test_only_route_steps_and_organisation_pages_carry_the_offline_note(client, path, kept):
    page = _page(client, path)
    assert ('class="offline-note"' in page) is kept


def test_the_offline_note_has_places_for_when_the_worker_kept_the_page(client):
    page = _page(client, "/nl/direct/huis-uit")
    assert (
        '<p class="offline-note" role="note" hidden>Geen internet. Deze pagina is geladen op '
        '<span class="viewed-day"></span> om <bdi class="viewed-time" dir="ltr"></bdi>. '
        "Een loket dat hier als ‘open’ staat, kan intussen dicht zijn.</p>"
    ) in page


def test_the_offline_note_keeps_a_page_the_same_bytes_from_minute_to_minute(app):
    """No clock time in the page: its ETag holds for as long as its max-age says."""
    client = app.test_client()
    app.config["FIXED_NOW"] = "2027-01-06T13:10"
    first = client.get("/nl/direct/huis-uit")
    app.config["FIXED_NOW"] = "2027-01-06T13:12"
    second = client.get("/nl/direct/huis-uit")
    assert first.headers["ETag"] == second.headers["ETag"]


def test_the_text_box_answer_is_never_kept(client):
    response = client.post("/nl/", data={"tekst": "deurwaarder"})
    assert 'class="offline-note"' not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_first_visit_loads_no_new_script_before_the_page(client):
    page = _page(client, "/nl/")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert len(scripts) == 2 and "htmx" in scripts[0] and "app.js" in scripts[1]
    assert "takeaway.js" not in " ".join(scripts)  # app.js loads it after the load event


def test_an_arabic_organisation_message_reads_right_to_left(public_client):
    """Its first line (the content's explanation) starts with a Dutch name: isolated too."""
    text = share_messages(_page(public_client, "/ar/organisatie/sociaal-service-punt"))["sms"]
    body, link = text.rsplit("\n", 1)
    assert not re.search(r"[0-9A-Za-z]", re.sub(f"{LRI}[^{PDI}]*{PDI}", "", body)), body
    first_strong = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", body).lstrip(" :،")[0]
    assert "\u0600" <= first_strong <= "\u06ff", body
    assert link == f"{PUBLIC}/ar/organisatie/sociaal-service-punt"
