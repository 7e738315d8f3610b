"""The app's side of the nginx front (routekaart/web/front.py), without nginx: the 429 page in the
language of the refused address, and the exact expiry nginx reads."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from catalogs import msgstr

from routekaart import create_app
from routekaart.web import caching

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
