"""The privacy page says exactly what is counted, and the footer on every page links to it."""

from __future__ import annotations

import pytest

from routekaart import create_app
from routekaart.ops.db import KINDS


@pytest.mark.parametrize(
    ("lang", "heading", "direction"),
    [
        ("nl", "Privacy: wat we tellen", "ltr"),
        ("en", "Privacy: what we count", "ltr"),
        ("ar", "الخصوصية: ماذا نعدّ", "rtl"),
    ],
)
def test_the_privacy_page_in_three_languages(client, lang, heading, direction):
    response = client.get(f"/{lang}/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}" ' in html
    assert f"<h1>{heading}</h1>" in html
    assert "Set-Cookie" not in response.headers


# Each kind of count (routekaart/ops/db.py) and the words the English page uses for it: a new kind
# of count fails here until the page says it is counted.
SAYS = {
    "step": "which questions and answers were opened, and in which language",
    "result": "which questions and answers were opened, and in which language",
    "source": "which poster a visit came from",
    "handover": "how often a partner opened a hand-over page",
    "free_text": "how often the text box found something, or nothing. Never the words you typed",
    "choice": "which of the text box’s suggestions was chosen: the first, second or third",
}


def test_the_page_names_every_kind_of_count_and_what_is_never_kept(client):
    html = client.get("/en/privacy").get_data(as_text=True)
    assert set(SAYS) == set(KINDS)
    for kind, words in SAYS.items():
        assert words in html, kind
    for never in (
        "IP address",
        "phone or browser",
        "the page you came from",
        "the time of your visit",
    ):
        assert never in html
    assert "uses no cookies" in html and "Why there is no cookie banner" in html


def test_the_page_gives_the_retention_setting():
    app = create_app({"TESTING": True, "USAGE_KEEP_DAYS": 123})
    html = app.test_client().get("/nl/privacy").get_data(as_text=True)
    assert "De tellingen per dag bewaren we 123 dagen." in html
    assert "tellen we ze op per maand" in html


@pytest.mark.parametrize(
    "url",
    [
        "/nl/",
        "/en/direct",
        "/ar/partners",
        "/nl/monitor",
        "/en/toegankelijkheid",
        "/nl/bestaat-niet",
    ],
)
def test_the_footer_says_what_is_counted_and_links_to_the_privacy_page(client, url):
    html = client.get(url).get_data(as_text=True)
    footer = html[html.index('<footer class="bottom">') :]
    lang = url.split("/")[1]
    assert f'href="/{lang}/privacy"' in footer
    assert "We do not store anything about you" not in footer
    if lang == "nl":
        assert "We tellen alleen paginabezoeken per dag, nooit wie u bent." in footer
