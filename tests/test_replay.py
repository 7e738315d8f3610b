"""The replay: a page of the page cache sent again without Flask, exactly as Flask sends it."""

from __future__ import annotations

import gzip
import logging
from datetime import datetime

import pytest
from test_counting import PHONE, counting_app, counts

from routekaart import create_app
from routekaart.domain.clock import AMSTERDAM
from routekaart.web.replay import Replay

STEP = "/nl/direct/huis-uit"
PING_LIBRARY_MONDAY = "/nl/binnenkort/rekeningen"  # PING-loket, Monday 10:00-12:00
OPEN_UNTIL_NOON = 'Nu open tot <bdi dir="ltr">12:00</bdi>'
GZIP = {"Accept-Encoding": "gzip", "User-Agent": PHONE}
HTMX = {"HX-Request": "true", "HX-Target": "current", "User-Agent": PHONE}


def reaching_flask(app) -> list[str]:
    """The paths of the requests that reach Flask from now on (the replay sends the rest)."""
    replay = app.wsgi_app
    assert isinstance(replay, Replay)
    calls: list[str] = []
    inner = replay.wsgi_app

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    replay.wsgi_app = counted
    return calls


@pytest.mark.parametrize("headers", [GZIP, {"User-Agent": PHONE}, HTMX], ids=str)
def test_a_repeated_step_is_sent_without_flask_byte_for_byte(app, headers):
    calls = reaching_flask(app)
    client = app.test_client()
    first = client.get(STEP, headers=headers)
    again = [client.get(STEP, headers=headers) for _ in range(3)]
    assert calls == [STEP]
    assert first.status_code == 200
    for response in again:
        assert response.status == first.status
        assert response.data == first.data
        assert sorted(response.headers.items()) == sorted(first.headers.items())


def test_each_variant_of_an_address_gets_its_own_page(app):
    calls = reaching_flask(app)
    client = app.test_client()
    variants = [GZIP, {"User-Agent": PHONE}, HTMX, {**HTMX, "HX-History-Restore-Request": "true"}]
    firsts = [client.get(STEP, headers=headers) for headers in variants]
    assert len({response.data for response in firsts}) == 3  # a restore gets the whole page
    assert len({response.headers["ETag"] for response in firsts}) == 4
    for _ in range(2):
        for headers, first in zip(variants, firsts, strict=True):
            response = client.get(STEP, headers=headers)
            assert (response.data, response.headers["ETag"]) == (first.data, first.headers["ETag"])
    assert len(calls) == len(variants)


def test_cache_control_is_worked_out_anew_for_every_request(app):
    """Within one minute the page is the same, but its lifetime shrinks with every second: a
    replayed "open until 12:00" never outlives 12:00, in a browser or in nginx."""
    calls = reaching_flask(app)
    client = app.test_client()
    app.config["FIXED_NOW"] = "2026-11-30T11:59:05"
    first = client.get(PING_LIBRARY_MONDAY, headers=GZIP)
    app.config["FIXED_NOW"] = "2026-11-30T11:59:58"
    later = client.get(PING_LIBRARY_MONDAY, headers=GZIP)
    assert len(calls) == 1
    assert later.data == first.data
    assert OPEN_UNTIL_NOON in gzip.decompress(later.data).decode()
    assert first.headers["Cache-Control"] == "public, max-age=55"
    assert later.headers["Cache-Control"] == "public, max-age=2"
    moment = datetime(2026, 11, 30, 11, 59, 58, tzinfo=AMSTERDAM).timestamp()
    assert later.headers["X-Accel-Expires"] == f"@{int(moment) + 2 - 1}"
    assert later.headers["ETag"] == first.headers["ETag"]

    app.config["FIXED_NOW"] = "2026-11-30T12:00:00"
    closed = client.get(PING_LIBRARY_MONDAY, headers={"User-Agent": PHONE})
    assert len(calls) == 2  # a new minute: Flask again
    assert OPEN_UNTIL_NOON not in closed.get_data(as_text=True)


def test_a_private_page_stays_private_when_replayed(app):
    calls = reaching_flask(app)
    client = app.test_client()
    url = STEP + "?gekozen=1"
    first, again = client.get(url, headers=GZIP), client.get(url, headers=GZIP)
    assert len(calls) == 1
    for response in (first, again):
        assert response.headers["Cache-Control"].startswith("private, max-age=")
        assert "X-Accel-Expires" not in response.headers


def test_a_new_content_version_goes_through_flask(content_copy):
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content_copy),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
        }
    )
    calls = reaching_flask(app)
    client = app.test_client()
    before = [client.get("/nl/direct", headers=GZIP) for _ in range(2)]
    assert len(calls) == 1
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Wat is er gebeurd?", "Wat is er aan de hand?"), "utf-8")
    after = client.get("/nl/direct", headers={"User-Agent": PHONE})
    assert len(calls) == 2
    assert "Wat is er aan de hand?" in after.get_data(as_text=True)
    assert after.headers["X-Content-Version"] != before[1].headers["X-Content-Version"]


@pytest.mark.parametrize(
    ("method", "url", "headers", "data"),
    [
        ("HEAD", STEP, {}, None),
        ("GET", STEP + "?at=2026-11-30T10:00", {}, None),  # a staff preview: never kept
        ("GET", STEP, {"Content-Type": "text/plain"}, b"a body"),
        ("POST", STEP, {}, None),
        ("GET", "/nl/privacy", {}, None),  # not from the page cache
        ("GET", "/nl/nergens", {}, None),  # 404
    ],
)
def test_what_the_replay_leaves_to_flask(app, method, url, headers, data):
    calls = reaching_flask(app)
    client = app.test_client()
    client.get(url, headers=GZIP)  # a page the replay would have, if any
    for _ in range(3):
        client.open(url, method=method, headers={**GZIP, **headers}, data=data)
    assert len(calls) == 4


def test_a_revalidation_is_answered_by_flask_with_a_304(app):
    calls = reaching_flask(app)
    client = app.test_client()
    first = client.get(STEP, headers=GZIP)
    client.get(STEP, headers=GZIP)
    revalidated = client.get(STEP, headers={**GZIP, "If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304
    assert calls == [STEP, STEP]


def test_replayed_visits_are_counted_as_any_visit(sqlite_url):
    app = counting_app(sqlite_url)
    calls = reaching_flask(app)
    client = app.test_client()
    url = STEP + "?bron=tuinkamer"
    for _ in range(5):
        client.get(url, headers=GZIP)
    client.get(url, headers={**GZIP, "User-Agent": "curl/8.5.0"})  # a script
    client.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})  # the back button
    assert calls == [STEP, STEP]  # the phone's first visit and the restore's own variant
    assert counts(app) == {
        ("result", "direct/huis-uit", "nl"): 5,
        ("source", "tuinkamer", "nl"): 5,
    }


def test_the_first_visit_a_script_made_still_counts_the_residents_after_it(sqlite_url):
    """The page remembered from a request that was not counted (a bot) keeps what the view
    noted, so the residents' visits replayed from it are counted."""
    app = counting_app(sqlite_url)
    client = app.test_client()
    client.get(STEP, headers={**GZIP, "User-Agent": "curl/8.5.0"})
    for _ in range(3):
        client.get(STEP, headers=GZIP)
    assert counts(app) == {("result", "direct/huis-uit", "nl"): 3}


def test_the_access_log_has_a_line_for_every_replayed_page(app, caplog):
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="routekaart.access"):
        for _ in range(3):
            client.get(STEP, headers=GZIP)
    lines = [r.getMessage() for r in caplog.records if r.name == "routekaart.access"]
    assert lines == [f"GET {STEP} 200"] * 3


def test_under_a_mount_and_over_https_the_replay_keeps_addresses_and_schemes_apart():
    app = create_app({"TESTING": True, "PUBLIC_URL": "https://www.sterkvoornoord.nl/geldzaken"})
    client = app.test_client()
    secure = [
        client.get("/geldzaken" + STEP, base_url="https://localhost", headers=GZIP)
        for _ in range(2)
    ]
    plain = [client.get("/geldzaken" + STEP, headers=GZIP) for _ in range(2)]
    assert all(r.status_code == 200 for r in secure + plain)
    assert all("Strict-Transport-Security" in r.headers for r in secure)
    assert not any("Strict-Transport-Security" in r.headers for r in plain)
    assert secure[1].data == secure[0].data == plain[1].data
    assert 'href="/geldzaken/static/' in gzip.decompress(secure[1].data).decode()


def test_the_replay_can_be_switched_off():
    app = create_app({"TESTING": True, "REPLAY_PAGES": False})
    assert not isinstance(app.wsgi_app, Replay)
    assert app.test_client().get(STEP).status_code == 200
