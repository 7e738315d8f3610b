"""Cheap pages: the poster, the partners' page and its search are rendered once a minute per
variant, QR codes once per address, and a cached page is never served for another variant."""

from __future__ import annotations

import pytest
from flask import template_rendered

from routekaart import create_app
from routekaart.web import poster


@pytest.fixture
def rendered(app):
    """The names of the templates the app renders, in order (Flask's own signal)."""
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/nl/partners", "partners.html"),
        ("/en/partners?q=bailiff", "partners.html"),
        ("/nl/poster?size=a3&bron=tuinkamer", "poster.html"),
    ],
)
def test_a_repeated_page_is_rendered_once_a_minute(client, rendered, path, template):
    """The second and third request within the minute come from the page cache."""
    answers = [client.get(path, headers={"Accept-Encoding": "gzip"}) for _ in range(3)]
    assert all(a.status_code == 200 for a in answers)
    assert rendered.count(template) == 1
    assert len({a.data for a in answers}) == 1
    assert len({a.headers["ETag"] for a in answers}) == 1


def test_a_poster_is_never_served_with_another_posters_source_tag(client):
    """The source tag is in the QR codes, not in the page state: it must be in the key."""
    tagged = client.get("/nl/poster?bron=tuinkamer").text
    plain = client.get("/nl/poster").text
    library = client.get("/nl/poster?bron=bibliotheek").text
    assert "bron=tuinkamer" in tagged
    assert "bron=" not in plain
    assert "bron=bibliotheek" in library and "bron=tuinkamer" not in library


@pytest.mark.parametrize(
    ("first", "second", "differs"),
    [
        ("/nl/poster", "/nl/poster?size=a3", "poster?size=a3"),
        ("/nl/poster", "/en/poster", '<html lang="en"'),
        ("/nl/partners?q=schuld", "/nl/partners?q=deurwaarder", 'value="deurwaarder"'),
        ("/nl/partners", "/nl/partners?at=2027-01-04T10:00", "2027-01-04T10:00"),
    ],
)
def test_each_variant_has_its_own_cached_page(client, first, second, differs):
    """Size, language, search and preview each get their own page."""
    assert differs not in client.get(first).text
    assert differs in client.get(second).text


def test_the_partners_fragment_and_page_are_cached_apart(client):
    """htmx's list fragment and the full page are two entries."""
    full = client.get("/nl/partners?q=schuld")
    fragment = client.get("/nl/partners?q=schuld", headers={"HX-Request": "true"})
    again = client.get("/nl/partners?q=schuld")
    assert "<html" in full.text and "<html" not in fragment.text
    assert again.data == full.data


def test_one_search_in_other_spellings_is_searched_once(app, client):
    """Case and spaces do not make a new search; the typed text is still what the box shows."""
    searches = app.extensions["routekaart.searches"]
    for query in ("schuld", "Schuld", "  SCHULD "):
        response = client.get("/nl/partners", query_string={"q": query})
        assert f'value="{query}"' in response.text
    assert len(searches._pages) == 1
    client.get("/nl/partners?q=deurwaarder")
    assert len(searches._pages) == 2


def test_the_search_cache_is_bounded(app, client):
    """A stream of different searches keeps only the last ones."""
    searches = app.extensions["routekaart.searches"]
    searches.size = 5
    for n in range(12):
        client.get(f"/nl/partners?q=woord{n}")
    assert len(searches._pages) == 5


def test_a_qr_code_is_drawn_once_per_address():
    """The step's code, asked for again or for another app, is not drawn again."""
    poster.svg_code.cache_clear()
    client = create_app({"TESTING": True}).test_client()
    first = client.get("/nl/qr.svg?path=direct/huis-uit")
    again = client.get("/nl/qr.svg?path=direct/huis-uit")
    assert first.data == again.data
    info = poster.svg_code.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    tagged = client.get("/nl/qr.svg?path=direct/huis-uit&bron=tuinkamer")
    assert tagged.data != first.data
    assert poster.svg_code.cache_info().misses == 2
