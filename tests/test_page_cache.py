"""The page cache never serves a stale opening status, a stale language or stale content."""

from __future__ import annotations

import gzip

import pytest

from routekaart import create_app
from routekaart.web import pagecache

PING_LIBRARY_MONDAY = "/nl/binnenkort/rekeningen"  # PING-loket, Monday 10:00-12:00


@pytest.fixture
def fake_now(app):
    """Set the app's clock (not a preview): ``fake_now("2026-11-30T11:59:30")``."""

    def set_now(text: str) -> None:
        app.config["FIXED_NOW"] = text

    return set_now


def test_the_status_changes_at_the_minute_the_desk_closes(client, fake_now):
    fake_now("2026-11-30T11:59:30")
    before = client.get(PING_LIBRARY_MONDAY).get_data(as_text=True)
    fake_now("2026-11-30T11:59:59")
    same_minute = client.get(PING_LIBRARY_MONDAY).get_data(as_text=True)
    fake_now("2026-11-30T12:00:00")
    after = client.get(PING_LIBRARY_MONDAY).get_data(as_text=True)
    assert 'Nu open tot <bdi dir="ltr">12:00</bdi>' in before
    assert same_minute == before
    assert 'Nu open tot <bdi dir="ltr">12:00</bdi>' not in after
    assert 'Gaat woensdag om <bdi dir="ltr">11:00</bdi> open' in after


def test_gzip_and_plain_clients_get_the_same_page(client):
    plain = client.get("/ar/direct/beslag")
    zipped = client.get("/ar/direct/beslag", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    for response in (plain, zipped):
        assert "Accept-Encoding" in response.headers["Vary"]
        assert "HX-Request" in response.headers["Vary"]


def test_languages_fragments_and_previews_are_kept_apart(client):
    pages = {
        client.get("/nl/direct").data,
        client.get("/en/direct").data,
        client.get("/nl/direct", headers={"HX-Request": "true", "HX-Target": "current"}).data,
        client.get("/nl/direct?at=2024-06-03T10:00").data,
    }
    assert len(pages) == 4


def test_a_content_change_is_served_at_once(content_copy):
    config = {
        "TESTING": True,
        "CONTENT_DIR": str(content_copy),
        "CONTENT_SETTLE_SECONDS": 0,
        "CONTENT_CHECK_SECONDS": 0,
    }
    app = create_app(config)
    client = app.test_client()
    assert "Wat is er gebeurd?" in client.get("/nl/direct").get_data(as_text=True)
    path = content_copy / "routekaart.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Wat is er gebeurd?", "Wat is er aan de hand?"),
        encoding="utf-8",
    )
    assert "Wat is er aan de hand?" in client.get("/nl/direct").get_data(as_text=True)


def test_the_cache_is_bounded():
    cache = pagecache.PageCache(size=3)
    for i in range(10):
        cache.put((i,), pagecache.CachedPage.of(f"<p>{i}</p>"))
    assert cache.get((0,)) is None
    assert cache.get((9,)).body == b"<p>9</p>"
    assert len(cache._pages) == 3


def test_two_apps_in_one_process_never_share_pages():
    """Each app has its own cache, keyed on its public address too."""
    first = create_app({"TESTING": True, "PUBLIC_URL": "https://een.example"}).test_client()
    second = create_app({"TESTING": True, "PUBLIC_URL": "https://twee.example"}).test_client()
    assert 'href="https://een.example/en/direct"' in first.get("/nl/direct").get_data(as_text=True)
    page = second.get("/nl/direct").get_data(as_text=True)
    assert 'href="https://twee.example/en/direct"' in page
    assert "een.example" not in page


def test_a_changed_public_url_is_a_new_page(app):
    client = app.test_client()
    client.get("/nl/direct")
    app.config["PUBLIC_URL"] = "https://elders.example"
    assert "https://elders.example/en/direct" in client.get("/nl/direct").get_data(as_text=True)
