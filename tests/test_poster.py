"""The printed routekaart: every situation, every active desk with its hours, the right QR codes."""

from __future__ import annotations

import html
import logging
import re
from datetime import date

import pytest
from babel.dates import get_day_names
from click.testing import CliRunner

from routekaart import create_app
from routekaart.cli import main
from routekaart.content.model import WEEKDAYS
from routekaart.ops.store import current_content
from routekaart.web import poster, printing
from routekaart.web.mount import reachable_from_outside
from routekaart.web.printing import PosterError, check_poster_request, write_pdf
from tests.isolates import without_isolates

LANGS = ("nl", "en", "ar")
TODAY_AFTER_JAP = "2027-01-04T10:00"  # the Jongerenadviespunt ended on 2024-12-31
BEFORE_JAP_ENDED = "2024-06-03T10:00"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def content(app):
    with app.app_context():
        return current_content()


@pytest.mark.parametrize("lang", LANGS)
def test_the_poster_lists_every_situation_under_its_branch(client, content, lang):
    text = page(client, f"/{lang}/poster?at={TODAY_AFTER_JAP}")
    tree = content.tree
    branches = tree.nodes[tree.start].options
    assert len(branches) == 3
    for branch in branches:
        assert f">{branch.label(lang)}</h2>" in without_isolates(text)
        for situation in tree.nodes[branch.next].options:
            assert f"<li>{situation.label(lang)}</li>" in without_isolates(text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_active_organisation_is_on_the_poster_with_its_hours_and_contact(
    client, content, lang
):
    text = page(client, f"/{lang}/poster?at={TODAY_AFTER_JAP}")
    day = date(2027, 1, 4)
    active = [(i, o) for i, o in content.organisations.items() if o.active_on(day)]
    assert len(active) == 5
    for org_id, org in active:
        card = re.search(rf'id="poster-{org_id}">(.*?)(<li class="p-org"|</section>)', text, re.S)
        assert card, org_id
        card = card[1]
        assert org.name in card
        for value in (org.phone, org.email, org.whatsapp):
            if value:
                assert value in card
        for slot in org.hours:
            times = f'<bdi dir="ltr">{slot.opens:%H:%M}–{slot.closes:%H:%M}</bdi>'
            assert times in card, (org_id, times)
            for weekday in (slot.days[0], slot.days[-1]):
                name = get_day_names("wide", locale=lang)[WEEKDAYS.index(weekday)]
                assert name.casefold() in card.casefold()
            if slot.location:
                assert content.locations[slot.location].street in card
        if not org.hours and org.may_have_stopped(day):
            # A pilot that may have stopped: the few words the poster has room for.
            short = {"nl": "Misschien gestopt", "en": "May have stopped", "ar": "ربما توقف"}[lang]
            assert short in card
        elif not org.hours:
            assert org.hours_note(lang) in card


def test_ended_services_never_appear_but_did_before_they_ended(client, content):
    jap = content.organisations["jongerenadviespunt"]
    for lang in LANGS:
        now = page(client, f"/{lang}/poster")
        assert jap.name not in now and jap.email not in now and jap.whatsapp not in now
        before = page(client, f"/{lang}/poster?at={BEFORE_JAP_ENDED}")
        assert 'id="poster-jongerenadviespunt"' in before
        assert jap.whatsapp in before


def test_the_poster_honours_at_for_weekly_slots(app, content_copy):
    # A slot that starts in January is on December's poster with its first day, so no one
    # goes in December; on January's poster it is a plain weekly slot.
    yaml = content_copy / "organisations.yaml"
    source = yaml.read_text(encoding="utf-8")
    old = '      - days: [woensdag]\n        from: "11:00"\n'
    assert old in source
    yaml.write_text(
        source.replace(
            old, '      - days: [woensdag]\n        valid_from: 2027-01-01\n        from: "11:00"\n'
        ),
        encoding="utf-8",
    )
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    december = page(client, "/nl/poster?at=2026-12-14")
    january = page(client, "/nl/poster?at=2027-01-04")
    assert 'Woensdag</span> <bdi dir="ltr">11:00–12:00</bdi>' in december
    assert "vanaf 1 januari 2027" in december
    assert 'Woensdag</span> <bdi dir="ltr">11:00–12:00</bdi>' in january
    assert "vanaf 1 januari 2027" not in january
    assert "4 januari 2027" in january


def test_the_arabic_poster_is_right_to_left_and_isolates_numbers(client):
    text = page(client, "/ar/poster")
    assert '<html lang="ar" dir="rtl" data-script="arabic">' in text
    assert '<bdi dir="ltr">(070) 300 88 34</bdi>' in text
    assert '<bdi lang="en">English</bdi>' in text
    assert '<bdi lang="nl">Nederlands</bdi>' in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("source", [None, "tuinkamer", "school"])
def test_the_poster_codes_open_each_language_with_the_source_tag(client, lang, source):
    url = f"/{lang}/poster" + (f"?bron={source}" if source else "")
    text = page(client, url)
    tag = f"?bron={source}" if source else ""
    codes = re.findall(r'<figure class="p-qr[^"]*" data-url="([^"]+)"', text)
    assert codes == [f"http://127.0.0.1:5000/{lang}/{tag}"] + [
        f"http://127.0.0.1:5000/{other}/{tag}" for other in LANGS if other != lang
    ]
    assert text.count('class="qr-code" role="img"') == 3
    # The address people type has no tag.
    assert f">127.0.0.1:5000/{lang}</bdi>" in text


def test_sizes(client):
    assert 'class="poster size-a4"' in page(client, "/nl/poster")
    assert 'class="poster size-a3"' in page(client, "/nl/poster?size=a3")
    assert client.get("/nl/poster?size=a5").status_code == 400
    assert client.get("/nl/poster?size=").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/nl/poster?bron=onbekend",
        "/en/poster?size=a3&bron=TUINKAMER",
        "/ar/poster?bron=tuinkamer&bron=school",
        "/nl/?bron=onbekend",
        "/en/direct/huis-uit?bron=<script>",
        "/nl/organisatie/kredietbank?bron=onbekend",
        "/nl/qr.svg?bron=onbekend",
    ],
)
def test_an_unknown_source_tag_is_refused_and_never_encoded(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'<html lang="{url[1:3]}"' in text  # a friendly page in the URL's language
    assert f'href="/{url[1:3]}/"' in text  # with a way to the start
    assert "qr-code" not in text and "data-url" not in text


def test_known_source_tags_are_allowed_on_every_page_and_an_empty_one_means_none(client, content):
    for tag in content.settings.sources:
        assert client.get(f"/nl/direct?bron={tag}").status_code == 200
    text = page(client, "/en/poster?bron=")
    assert "bron=" not in "".join(re.findall(r'data-url="[^"]+"', text))


def test_finder_url_refuses_an_unknown_tag(app):
    with app.test_request_context("/nl/poster"):
        with pytest.raises(ValueError):
            poster.finder_url("nl", "", "onbekend")
        with pytest.raises(ValueError):
            poster.poster_codes("nl", "onbekend")


def test_the_source_tag_is_not_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="routekaart.access"):
        client.get("/nl/?bron=tuinkamer")
        client.get("/nl/poster?bron=bibliotheek")
    lines = [r.getMessage() for r in caplog.records if r.name == "routekaart.access"]
    assert len(lines) == 2
    assert not any("tuinkamer" in line or "bibliotheek" in line for line in lines)


def test_the_access_log_has_the_status_sent(client, caplog):
    """A revalidated page is logged as the 304 it was, not as the 200 it started as."""
    etag = client.get("/nl/direct").headers["ETag"]
    with caplog.at_level(logging.INFO, logger="routekaart.access"):
        caplog.clear()  # (another test may have left the access log on for the first request)
        client.get("/nl/direct", headers={"If-None-Match": etag})
        client.get("/nl/bestaat-niet")
    lines = [r.getMessage() for r in caplog.records if r.name == "routekaart.access"]
    assert lines == ["GET /nl/direct 304", "GET /nl/bestaat-niet 404"]


def test_hours_the_source_does_not_explain_are_not_called_phone_hours(client):
    text = page(client, "/en/poster")
    card = text[
        text.index('id="poster-kredietbank"') : text.index('id="poster-sociaal-service-punt"')
    ]
    assert '<span class="p-where">by phone</span>' not in card
    # The poster has room for a few words: once, under the hours; the page says it in full.
    assert card.count('<p class="p-unstated">Call first to ask whether you can visit.</p>') == 1
    assert "(we don" not in card.lower()


def test_the_poster_form_keeps_the_preview_moment(client):
    text = page(client, f"/nl/poster?at={TODAY_AFTER_JAP}&size=a3&bron=portiek")
    assert f'<input type="hidden" name="at" value="{TODAY_AFTER_JAP}">' in text
    assert '<option value="a3" selected>' in text
    assert '<option value="portiek" selected>' in text


# --- the PDF command without a browser -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "size", "source", "at", "message"),
    [
        ("de", "a4", None, None, "unknown language"),
        ("nl", "a5", None, None, "unknown size"),
        ("nl", "a4", "onbekend", None, "allowed: tuinkamer"),
        ("nl", "a4", None, "volgende week", "is not a date"),
    ],
)
def test_bad_poster_requests_are_refused_before_a_browser_starts(
    app, lang, size, source, at, message
):
    with pytest.raises(PosterError, match=message):
        check_poster_request(app, lang, size, source, at)


def test_without_chromium_staff_are_told_what_to_install(app, tmp_path, monkeypatch):
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    monkeypatch.setattr(printing, "CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PosterError, match="apt-get install chromium"):
        write_pdf(app, tmp_path / "p.pdf", lang="nl")
    assert not (tmp_path / "p.pdf").exists()


def test_poster_command_refuses_an_unknown_source(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTEKAART_PUBLIC_URL", "https://www.sterkvoornoord.nl/geldzaken")
    out = tmp_path / "p.pdf"
    result = CliRunner().invoke(main, ["poster", "--source", "onbekend", "--out", str(out)])
    assert result.exit_code == 1
    assert "unknown source tag 'onbekend'" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "label", "other"),
    [
        ("nl", "Posters in de portieken van Leidschendam-Noord", "stairwells"),
        # Read 11, English 34: places that answer where the QR code will appear.
        ("en", "Stairwells (portieken) in Leidschendam-Noord", "Scholen in"),
        ("ar", "ملصقات في مداخل العمارات في \u2066Leidschendam-Noord\u2069", "stairwells"),
    ],
)
def test_where_the_poster_hangs_is_offered_in_the_page_language(client, lang, label, other):
    text = page(client, f"/{lang}/poster")
    choices = text.split('id="poster-source"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="portiek">{label}</option>' in choices
    assert other not in choices


def test_a_latin_name_in_an_arabic_option_keeps_its_apostrophe_in_front(client):
    """Read 11, Arabic 13: no <bdi> may stand in an <option>, so "’t Krantje" goes between
    Unicode isolates; without them the apostrophe shows after the name ("t Krantje’")."""
    text = page(client, "/ar/poster")
    assert "إعلان في \u2066’t Krantje\u2069 (الجريدة المحلية)</option>" in text
    assert "\u2066" not in page(client, "/nl/poster")


# --- an unset PUBLIC_URL never reaches paper ------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "reachable"),
    [
        ("http://127.0.0.1:5000", False),
        ("http://localhost:8000/geldzaken", False),
        ("http://[::1]:5000", False),
        ("http://10.0.0.5", False),
        ("http://192.168.1.20:8080", False),
        ("http://172.20.0.3", False),
        ("http://169.254.10.1", False),
        ("http://0.0.0.0:5000", False),
        ("http://routekaart.local", False),
        ("http://intranet", False),
        ("https://www.sterkvoornoord.nl/geldzaken", True),
        ("https://routekaart.example.org", True),
        ("http://145.97.39.155", True),
    ],
)
def test_which_public_addresses_a_phone_can_open(public, reachable):
    assert reachable_from_outside(public) is reachable


WARNING = "Print deze pagina nog niet."


@pytest.mark.parametrize("path", ["/nl/poster", "/nl/partners/overdracht/direct/huis-uit?taal=ar"])
def test_printable_pages_warn_on_screen_while_public_url_is_local(client, path):
    text = page(client, path)
    warning = text.split('class="preview local-url"', 1)[1].split("</p>", 1)[0]
    assert WARNING in warning
    assert '<bdi dir="ltr">http://127.0.0.1:5000</bdi>' in warning  # never scrambled in Arabic
    assert "PUBLIC_URL" not in warning  # a setting's name means nothing to a librarian


@pytest.mark.parametrize("path", ["/nl/poster", "/nl/partners/overdracht/direct/huis-uit?taal=ar"])
def test_printable_pages_do_not_warn_with_a_real_public_url(path):
    app = create_app({"TESTING": True, "PUBLIC_URL": "https://www.sterkvoornoord.nl"})
    text = page(app.test_client(), path)
    assert "local-url" not in text and WARNING not in text


def test_a_printed_result_leaves_out_an_address_residents_cannot_open(client):
    assert "Geprint van:" not in page(client, "/nl/direct/huis-uit")
    app = create_app({"TESTING": True, "PUBLIC_URL": "https://www.sterkvoornoord.nl"})
    printed = page(app.test_client(), "/nl/direct/huis-uit")
    assert "https://www.sterkvoornoord.nl/nl/direct/huis-uit" in printed


def test_the_poster_command_refuses_a_local_public_url(tmp_path, monkeypatch):
    monkeypatch.delenv("ROUTEKAART_PUBLIC_URL", raising=False)
    out = tmp_path / "p.pdf"
    result = CliRunner().invoke(main, ["poster", "--out", str(out)])
    assert result.exit_code == 1
    assert "PUBLIC_URL is http://127.0.0.1:5000" in result.output
    assert "--allow-local-url" in result.output
    assert not out.exists()


def test_the_qr_command_refuses_a_local_public_url_unless_told(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTEKAART_PUBLIC_URL", "http://192.168.1.20:5000")
    out = tmp_path / "code.svg"
    refused = CliRunner().invoke(main, ["qr", "nl/direct", "--out", str(out)])
    assert refused.exit_code == 1
    assert not out.exists()
    allowed = CliRunner().invoke(main, ["qr", "nl/direct", "--out", str(out), "--allow-local-url"])
    assert allowed.exit_code == 0, allowed.output
    assert "http://192.168.1.20:5000/nl/direct" in allowed.output
    # A full URL of another site is not ours to judge.
    other = CliRunner().invoke(main, ["qr", "https://example.org/", "--out", str(out)])
    assert other.exit_code == 0, other.output
