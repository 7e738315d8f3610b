"""The app's side of the nginx front (routekaart/web/front.py), without nginx: the 429 page in the
language of the refused address, and the exact expiry nginx reads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import servers
from catalogs import msgstr
from flask import render_template_string

from routekaart import create_app
from routekaart.web import caching, security

ROOT = Path(__file__).resolve().parent.parent

CLOSING = datetime(2027, 1, 4, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
SSP = "/nl/organisatie/sociaal-service-punt"

BUSY = {
    "nl": "Even te druk",
    "en": "Too busy for a moment",
    "ar": "مزدحم قليلاً الآن",
}


@pytest.mark.parametrize("lang", sorted(BUSY))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_busy_page_speaks_the_language_of_the_address(client, lang, method):
    response = client.open(f"/_te-druk/{lang}", method=method)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "10"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{BUSY[lang]}</h1>" in html
    assert f'href="/{lang}/"' in html  # a way on: route steps are never limited
    assert 'name="robots" content="noindex"' in html


def test_the_api_gets_its_refusal_as_json(client):
    response = client.post("/_te-druk/api")
    assert response.status_code == 429
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "error": "too many requests: try again in 10 seconds",
        "status": 429,
    }


def expected(lang: str, msgid: str) -> str:
    """``msgid`` in ``lang``, from the catalog itself (not gettext, which answers in English
    when a catalog is missing)."""
    return msgstr(lang, msgid)


@pytest.mark.parametrize("lang", sorted(BUSY))
def test_nginx_refusals_of_size_are_the_apps_own_error_pages(client, lang):
    """A body over nginx's limit (413, language of the address) and an address over its
    buffers (414, nginx cannot read the address: the browser's language)."""
    large = client.post(f"/_te-groot/{lang}")
    assert large.status_code == 413
    assert expected(lang, "Your text is too long: write it in a few sentences.") in large.text
    long = client.get("/_te-lang/", headers={"Accept-Language": lang})
    assert long.status_code == 400
    too_long = "Part of this web address is far too long. Go back, or start again below."
    assert expected(lang, too_long) in long.text
    for response in (large, long):
        assert f'<html lang="{lang}"' in response.text
        assert response.headers["Cache-Control"] == "no-store"


def test_nginx_refusals_of_size_for_the_api_are_json(client):
    assert client.post("/_te-groot/api").get_json() == {
        "error": "request body too large",
        "status": 413,
    }


def test_no_other_language_gets_a_busy_page(client):
    assert client.get("/_te-druk/de").status_code == 404


@pytest.mark.parametrize("moment", ["2027-01-04T11:59:40", "2027-01-04T11:50", "2027-01-04T09:30"])
def test_nginx_may_keep_a_page_saying_open_only_until_the_second_before_closing(moment):
    """nginx keeps a page through the whole second its expiry names: that second must end by
    the closing time (12:00), and the header says what max-age says, a second less, but
    never more than FRONT_CACHE_SECONDS ahead (so a new content version is asked for soon)."""
    response = create_app({"TESTING": True, "FIXED_NOW": moment}).test_client().get(SSP)
    assert "Nu open tot" in response.get_data(as_text=True)
    last_second = int(response.headers["X-Accel-Expires"].removeprefix("@"))
    assert last_second + 1 <= CLOSING.timestamp()
    now = datetime.fromisoformat(moment).replace(tzinfo=CLOSING.tzinfo).timestamp()
    max_age = int(response.headers["Cache-Control"].rpartition("=")[2])
    assert last_second == now + min(max_age, caching.FRONT_SECONDS) - 1


def test_a_304_carries_the_expiry_too(client):
    """nginx revalidates an expired page (If-None-Match) and takes the new expiry from the 304."""
    first = client.get(SSP)
    again = client.get(SSP, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["X-Accel-Expires"] == first.headers["X-Accel-Expires"]


@pytest.mark.parametrize("path", [SSP + "?at=2027-01-04T10:00", "/nl/bestaat-niet", "/_te-druk/nl"])
def test_pages_nobody_may_keep_have_no_expiry_for_nginx(client, path):
    response = client.get(path)
    assert response.headers["Cache-Control"] == "no-store"
    assert "X-Accel-Expires" not in response.headers


# --- the security headers: from the app alone, from the front behind it ------------------------

SECURITY_NAMES = [*security.HEADERS, "Strict-Transport-Security"]


def kinds_of_answer(client) -> dict[str, object]:
    """A page (twice: the second from routekaart/web/replay.py), a fragment, the API, a static
    file, an error, the text box's answer and a refusal page, over HTTPS as nginx passes them."""
    https = {"base_url": "https://localhost"}
    with client.application.test_request_context("/nl/"):
        css = render_template_string("{{ asset_url('app.css') }}")
    return {
        "page": client.get("/nl/direct/huis-uit", **https),
        "page again": client.get("/nl/direct/huis-uit", **https),
        "fragment": client.get("/nl/direct", headers={"HX-Request": "true"}, **https),
        "API": client.get("/api/v1/organisations", **https),
        "static file": client.get(css, **https),
        "404": client.get("/nl/bestaat-niet", **https),
        "text box": client.post("/nl/", data={"tekst": "ik heb schulden"}, **https),
        "429 page": client.get("/_te-druk/nl", **https),
    }


def test_the_app_alone_sends_every_security_header():
    client = create_app({"TESTING": True}).test_client()
    for kind, answer in kinds_of_answer(client).items():
        for name in SECURITY_NAMES:
            assert answer.headers.get(name), (kind, name)


def test_behind_the_front_the_app_leaves_the_security_headers_to_nginx():
    """deploy/routekaart.env: nginx adds them to every response (routekaart-headers.conf), and a
    cached page's headers are read again by nginx on every hit."""
    client = create_app({"TESTING": True, "FRONT_SENDS_SECURITY_HEADERS": True}).test_client()
    answers = kinds_of_answer(client)
    assert answers["page"].status_code == answers["page again"].status_code == 200
    assert answers["page"].data == answers["page again"].data
    for kind, answer in answers.items():
        assert answer.status_code < 500, kind
        present = [name for name in SECURITY_NAMES if name in answer.headers]
        assert present == [], (kind, present)
    # Everything else is as without the setting: caching, the version, gzip.
    page = answers["page"]
    assert page.headers["X-Content-Version"] and page.headers["ETag"]
    assert page.headers["Cache-Control"].startswith("public, max-age=")


def test_the_deploy_settings_are_the_ones_the_tests_start_the_servers_with():
    settings = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy" / "routekaart.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    for name, value in servers.BEHIND_FRONT.items():
        assert settings[name] == value


def test_every_no_store_leaves_the_app_as_exactly_no_store():
    """nginx keeps the app's no-store for browsers by one exact match ($browser_cache_control)."""
    app = create_app({"TESTING": True})

    @app.get("/_test/no-store-private")
    def no_store_private():
        return "x", 200, {"Cache-Control": "private, no-store, max-age=0"}

    answer = app.test_client().get("/_test/no-store-private")
    assert answer.headers.get_all("Cache-Control") == ["no-store"]
    conf = (ROOT / "deploy" / "nginx" / "nginx.conf").read_text()
    assert '"no-store" "no-store";' in conf
