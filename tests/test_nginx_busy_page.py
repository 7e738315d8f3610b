"""The 429 page nginx shows when one client asks too much: the app renders it, in the
language of the refused address, and it is never stored by a browser."""

from __future__ import annotations

import pytest

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


def test_no_other_language_gets_a_busy_page(client):
    assert client.get("/_te-druk/de").status_code == 404
