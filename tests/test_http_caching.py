"""HTTP caching: every page says how long it stays right, and no cache keeps "open now" longer.

The Sociaal Service Punt is open on Monday from 09:00 up to 12:00. A page showing it at 11:59
may be kept by a browser or proxy for at most the seconds left until 12:00; at 12:00 it says
closed. Monday 4 January 2027 is such a Monday.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime, timedelta

import pytest
from flask import g

from routekaart import create_app
from routekaart.domain import hours
from routekaart.domain.clock import parse_at
from routekaart.ops.store import current_content
from routekaart.web import caching

SSP = "/en/organisatie/sociaal-service-punt"
# A route step that recommends the Sociaal Service Punt (and the Kredietbank).
STEP = "/en/direct/huis-uit"
HTMX = {"HX-Request": "true", "HX-Target": "current"}


def app_at(moment: str):
    """An app whose clock stands at ``moment`` (local time, seconds allowed)."""
    return create_app({"TESTING": True, "FIXED_NOW": moment})


def max_age(response) -> int:
    """The ``max-age`` of a response; fails when it has none."""
    found = re.fullmatch(r"public, max-age=(\d+)", response.headers.get("Cache-Control", ""))
    assert found, response.headers.get("Cache-Control")
    return int(found.group(1))


def ssp_status(html: str) -> str:
    """The status line of the Sociaal Service Punt on its own page."""
    return re.search(r"(Open now until|Opens [^<]*|Closed[^<]*)", html).group(1).strip()


# --- walking through a closing time ---------------------------------------------------------------


@pytest.mark.parametrize("path", [SSP, STEP])
@pytest.mark.parametrize("moment", ["2027-01-04T11:50", "2027-01-04T11:59", "2027-01-04T11:59:40"])
def test_a_page_saying_open_cannot_be_kept_past_the_closing_time(path, moment):
    """Before 12:00 the page says open, and max-age never reaches beyond 12:00."""
    client = app_at(moment).test_client()
    response = client.get(path)
    assert response.status_code == 200
    assert "Open now until" in response.text
    closing = parse_at("2027-01-04T12:00")
    seconds = max_age(response)
    assert seconds > 0
    assert parse_at(moment) + timedelta(seconds=seconds) <= closing


@pytest.mark.parametrize("path", [SSP, STEP])
def test_at_the_closing_time_the_page_says_closed(path):
    """At 12:00 exactly ([from, to) slots) nobody is told the desk is open."""
    response = app_at("2027-01-04T12:00").test_client().get(path)
    assert response.status_code == 200
    # The Sociaal Service Punt's own part of the page: on a route step, its card.
    found = re.search(r'id="org-sociaal-service-punt".*?</article>', response.text, re.S)
    card = found.group(0) if found else response.text
    assert "Sociaal Service Punt" in card
    assert ssp_status(card) == "Opens Monday 11 January at"
    assert "Open now" not in card
    assert max_age(response) == caching.MAX_AGE


def test_every_moment_of_a_monday_morning_a_page_is_kept_only_while_it_is_right():
    """Walking 08:50 to 12:10: whatever a cache holds is what the page says at every moment
    until its max-age runs out, and the status changes right after some max-age ends."""
    app = app_at("2027-01-04T08:50")
    client = app.test_client()
    moment = parse_at("2027-01-04T08:50")
    end = parse_at("2027-01-04T12:10")
    changes = []
    while moment < end:
        app.config["FIXED_NOW"] = moment.strftime("%Y-%m-%dT%H:%M:%S")
        first = client.get(SSP)
        seconds = max_age(first)
        last = moment + timedelta(seconds=max(seconds - 1, 0))
        app.config["FIXED_NOW"] = last.strftime("%Y-%m-%dT%H:%M:%S")
        kept = client.get(SSP)
        assert ssp_status(kept.text) == ssp_status(first.text), (moment, seconds)
        assert kept.headers["ETag"] == first.headers["ETag"], (moment, seconds)
        after = moment + timedelta(seconds=seconds)
        app.config["FIXED_NOW"] = after.strftime("%Y-%m-%dT%H:%M:%S")
        if ssp_status(client.get(SSP).text) != ssp_status(first.text):
            changes.append(after.strftime("%H:%M"))
        moment = after if seconds else moment + timedelta(seconds=1)
    # The page changed at the opening and at the closing, exactly then.
    assert changes == ["09:00", "12:00"]


def test_the_minute_cached_route_step_still_counts_down_to_the_closing():
    """A route step served from the page cache gives the seconds left, not the first ones."""
    app = app_at("2027-01-04T11:59")
    client = app.test_client()
    assert max_age(client.get(STEP)) == 60
    app.config["FIXED_NOW"] = "2027-01-04T11:59:45"
    assert max_age(client.get(STEP)) == 15


def test_on_the_eve_of_a_holiday_the_page_is_kept_only_until_midnight():
    """King's Day 2027 is Tuesday 27 April: at midnight "opens" becomes the holiday line."""
    app = app_at("2027-04-26T23:55")
    client = app.test_client()
    before = client.get("/en/organisatie/kredietbank")
    assert "Opens Wednesday at" in before.text
    assert max_age(before) == 300
    app.config["FIXED_NOW"] = "2027-04-27T00:00"
    after = client.get("/en/organisatie/kredietbank")
    said = "Public holiday (King’s Day): may be closed. Call first."
    assert said in html.unescape(after.text)
    assert "Opens Wednesday at" not in after.text


def test_a_page_without_opening_hours_is_kept_ten_minutes():
    """The accessibility statement and the monitor change only with the content."""
    client = app_at("2027-01-04T11:59").test_client()
    for path in ("/nl/toegankelijkheid", "/nl/monitor", "/en/organisatie/schuldhulpmaatje"):
        response = client.get(path)
        assert max_age(response) == caching.MAX_AGE == 600, path


# --- ETag and 304 ---------------------------------------------------------------------------------


def test_a_matching_etag_gets_304_without_a_body(client):
    """A browser that has the page gets 304 and keeps using it."""
    first = client.get("/nl/direct", headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/nl/direct", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert "HX-Request" in again.headers["Vary"]
    assert "Content-Encoding" not in again.headers
    other = client.get("/nl/direct", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data


@pytest.mark.parametrize(
    "path", ["/nl/partners?q=schuld", "/api/v1/organisations", "/nl/poster", "/nl/monitor"]
)
def test_other_pages_answer_304_too(client, path):
    """Every cacheable page type can be revalidated."""
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_gzipped_and_plain_bytes_have_different_etags(client):
    """A strong ETag names exact bytes: the gzipped page is another representation."""
    plain = client.get("/nl/partners").headers["ETag"]
    zipped = client.get("/nl/partners", headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    assert plain != zipped


@pytest.mark.parametrize("encoding", ["gzip", ""])
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_cached_route_step_is_hashed_once_and_its_etag_names_the_bytes_sent(
    client, monkeypatch, encoding, headers
):
    """The page cache hashes a page when it renders it; every copy it sends then carries the
    ETag of exactly the bytes sent (and the headers the page varies on), without hashing."""
    headers = {**headers, "Accept-Encoding": encoding}
    first = client.get("/nl/direct/huis-uit", headers=headers)  # rendered and hashed here
    hashed: list[bytes] = []
    real = caching.body_digest
    monkeypatch.setattr(caching, "body_digest", lambda body: hashed.append(body) or real(body))
    again = client.get("/nl/direct/huis-uit", headers=headers)
    assert hashed == []
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    # Worked out here, not with the code under test: BLAKE2b-128 of the bytes sent, then a
    # zero byte, the content version and the htmx headers the page varies on (not gzip).
    expected = hashlib.blake2b(again.data, digest_size=16)
    sent = {name: headers.get(name, "") for name in ("HX-Request", "HX-Target")}
    varies = (
        f"HTTP_HX_REQUEST={sent['HX-Request']}\nHTTP_HX_TARGET={sent['HX-Target']}\n"
        "HTTP_HX_HISTORY_RESTORE_REQUEST="
    )
    version = again.headers["X-Content-Version"]
    expected.update(b"\0" + f"{version}\n{varies}".encode())
    assert again.headers["ETag"] == f'"{expected.hexdigest()}"'


def test_new_bytes_in_a_hashed_response_get_their_own_etag():
    """A response that was handed its hash forgets it when its bytes change."""
    app = create_app({"TESTING": True})
    with app.test_request_context("/nl/direct"):
        response = caching.KnownBody(b"old", caching.body_digest(b"old"), "text/plain", [])
        response.set_data(b"new")
        assert response.body_digest is None
        g.now = parse_at("2027-01-04T10:00")
        sent = caching.cache_headers(response)
        assert sent.headers["ETag"] == f'"{caching.strong_etag(caching.body_digest(b"new"))}"'


@pytest.mark.parametrize("path", ["/nl/direct", "/nl/partners?q=schuld"])
def test_a_fragment_and_a_full_page_never_share_an_etag(client, path):
    """htmx's fragment and the full page differ in ETag and in Vary, so no cache mixes them."""
    full = client.get(path)
    fragment = client.get(path, headers=HTMX)
    assert "<html" in full.text and "<html" not in fragment.text
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert full.headers["ETag"] != fragment.headers["ETag"]
    # A browser holding the full page does not get a 304 for the fragment, nor the reverse.
    assert client.get(path, headers={**HTMX, "If-None-Match": full.headers["ETag"]}).data
    assert client.get(path, headers={"If-None-Match": fragment.headers["ETag"]}).data


# --- never stored ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nl/partners/overdracht/direct/huis-uit?taal=ar",
        "/nl/partners/organisatie/kredietbank/overdracht",
        "/nl/direct?at=2027-01-04T10:00",
        "/nl/organisatie/kredietbank?at=2027-01-04T10:00",
        "/api/v1/organisations?at=2027-01-04T10:00",
        "/nl/bestaat-niet",
        "/nl/organisatie/bestaat-niet",
        "/nl/?at=gisteren",
        "/api/v1/organisations?at=gisteren",
    ],
)
def test_hand_overs_previews_and_errors_are_never_stored(client, path):
    """Hand-over pages, ``?at=`` previews and error pages say no-store and carry no ETag."""
    response = client.get(path)
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_the_text_box_answer_is_never_stored(client):
    """A resident's own words never end up in a cache."""
    page = client.post("/nl/", data={"tekst": "deurwaarder"})
    api = client.post("/api/v1/match", json={"text": "deurwaarder", "lang": "nl"})
    for response in (page, api):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers


def test_static_files_keep_their_long_versioned_caching(client):
    """Versioned CSS and htmx are kept a year, untouched by the page rules."""
    html = client.get("/nl/").text
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = client.get(url)
        assert "max-age=31536000" in response.headers["Cache-Control"], url
        assert "immutable" in response.headers["Cache-Control"], url


# --- the API --------------------------------------------------------------------------------------


def test_the_organisations_api_is_kept_until_the_next_opening():
    """Wednesday 10:55: the PING-loket opens at 11:00, so the API is right for 300 seconds."""
    response = app_at("2027-01-06T10:55").test_client().get("/api/v1/organisations")
    assert max_age(response) == 300
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/api/v1/routes", "/api/v1/hsds/organizations"])
def test_day_based_api_documents_are_kept_until_midnight_at_most(path):
    """Routes and HSDS change with the day (end dates), never within it."""
    response = app_at("2027-01-06T23:58").test_client().get(path)
    assert max_age(response) == 120


# --- the reasoning in hours.py --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_id", "moment", "expected"),
    [
        ("sociaal-service-punt", "2027-01-04T10:00", "2027-01-04T12:00"),  # open: its end
        ("sociaal-service-punt", "2027-01-04T08:15", "2027-01-04T09:00"),  # closed: next start
        ("sociaal-service-punt", "2027-01-04T12:00", "2027-01-05T00:00"),  # next week: midnight
        ("ping-loket", "2027-01-04T11:59:59", "2027-01-04T12:00"),
        ("schuldhulpmaatje", "2027-01-04T11:00", "2027-01-05T00:00"),  # no hours
        ("jongerenadviespunt", "2027-01-04T11:00", "2027-01-05T00:00"),  # ended
        ("kredietbank", "2027-04-26T17:30", "2027-04-27T00:00"),  # King's Day eve
        ("kredietbank", "2027-04-27T10:00", "2027-04-28T00:00"),  # King's Day itself
        ("kredietbank", "2026-03-28T23:00", "2026-03-29T00:00"),  # the night clocks go forward
    ],
)
def test_next_change_is_the_next_edge_of_an_opening_or_midnight(app, org_id, moment, expected):
    """The status reads the same from ``moment`` until ``expected`` and differs from there."""
    with app.app_context():
        content = current_content()
    org = content.organisations[org_id]
    start = parse_at(moment)
    change = hours.next_change_of(org, content.settings, start)
    assert change == parse_at(expected)
    assert isinstance(change, datetime) and change.tzinfo is not None
    before = hours.status(org, content.settings, change - timedelta(seconds=1))
    assert before.state == hours.status(org, content.settings, start).state


@pytest.mark.parametrize("path", ["/nl/qr.svg?path=direct/huis-uit", "/nl/qr.png?path=direct"])
def test_qr_images_follow_the_content_rule(client, path):
    """A QR image changes only with the content or PUBLIC_URL: ten minutes, like every page."""
    response = client.get(path)
    assert max_age(response) == caching.MAX_AGE
    assert client.get(path, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_a_calendar_is_the_same_file_for_a_whole_minute():
    """A calendar download is made on the minute, so a phone asking again a few seconds
    later gets a 304 instead of a new file with a new timestamp."""
    path = "/nl/organisatie/sociaal-service-punt.ics"
    first = app_at("2027-01-04T10:15:05").test_client().get(path)
    later = app_at("2027-01-04T10:15:48").test_client()
    assert later.get(path).headers["ETag"] == first.headers["ETag"]
    assert later.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    next_minute = app_at("2027-01-04T10:16:00").test_client().get(path)
    assert next_minute.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize(
    ("moment", "until", "expected"),
    [
        ("2027-01-06T10:30", None, 600),
        ("2027-01-06T23:55", None, 300),
        ("2027-01-06T23:59:59", None, 1),
        ("2026-03-28T23:50", None, 600),  # the night the clocks go forward
        ("2026-10-25T23:58", None, 120),  # the day that had 25 hours
        ("2026-03-29T01:59", "2026-03-29T03:00", 60),  # 02:00 does not exist
        ("2027-01-04T11:59:30", "2027-01-04T12:00", 30),
        ("2027-01-04T12:00", "2027-01-04T12:00", 0),
    ],
)
def test_seconds_left_counts_real_seconds(moment, until, expected):
    """Capped at ten minutes and at midnight, in real seconds across daylight saving."""
    assert caching.seconds_left(parse_at(moment), until and parse_at(until)) == expected


# --- HEAD, htmx header values, streamed responses (mutation survivors, #21) ----------------------


def test_a_head_request_gets_the_caching_headers_and_a_304_as_a_get_does(client):
    got = client.get(STEP)
    head = client.head(STEP)
    assert head.status_code == 200 and head.data == b""
    for name in ("Cache-Control", "ETag", "X-Accel-Expires"):
        assert head.headers[name] == got.headers[name], name
    again = client.head(STEP, headers={"If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == got.headers["Cache-Control"]


def test_the_etag_follows_the_value_of_every_htmx_header_the_page_varies_on(client):
    """Not only whether a header is there: its value (another target is another fragment)."""
    seen = {
        client.get(STEP, headers=headers).headers["ETag"]
        for headers in (
            {},
            {"HX-Request": "true"},
            {"HX-Request": "true", "HX-Target": "current"},
            {"HX-Request": "true", "HX-Target": "elsewhere"},
            {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        )
    }
    assert len(seen) == 5
    # A header the page does not vary on changes nothing.
    assert client.get(STEP, headers={"HX-Trigger": "x"}).headers["ETag"] in seen


def test_a_streamed_response_is_left_as_it_is():
    """A response sent in pieces as it is made cannot be hashed: no ETag, no lifetime."""
    app = create_app({"TESTING": True, "FIXED_NOW": "2027-01-04T10:00"})

    @app.get("/nl/stroom")
    def stream():
        return app.response_class((part for part in ("a", "b")), mimetype="text/plain")

    response = app.test_client().get("/nl/stroom")
    assert response.data == b"ab"
    assert "ETag" not in response.headers
    assert "Cache-Control" not in response.headers
    assert "X-Accel-Expires" not in response.headers


def test_a_redirect_is_neither_stored_for_long_nor_given_an_etag(client):
    """Only a 200 gets a lifetime and an ETag: a redirect (a typed capital) is passed on."""
    response = client.get("/nl/Direct")
    assert response.status_code == 301
    assert "ETag" not in response.headers
    assert "max-age" not in response.headers.get("Cache-Control", "")
    assert "X-Accel-Expires" not in response.headers


def test_a_page_made_without_a_moment_is_not_stored():
    """A response whose request never read the clock has nothing to count its life from."""
    app = create_app({"TESTING": True})
    with app.test_request_context("/nl/direct"):
        response = caching.cache_headers(app.response_class("<p>x</p>"))
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_how_long_the_front_keeps_a_page_is_a_setting():
    """FRONT_CACHE_SECONDS: nginx's copy lives that long at most, however long the page is
    right (Monday 10:00: the Sociaal Service Punt is open until 12:00)."""
    app = create_app({"TESTING": True, "FIXED_NOW": "2027-01-04T10:00", "FRONT_CACHE_SECONDS": 7})
    response = app.test_client().get(SSP)
    now = parse_at("2027-01-04T10:00").timestamp()
    assert max_age(response) == caching.MAX_AGE
    assert response.headers["X-Accel-Expires"] == f"@{int(now) + 7 - 1}"


def test_a_304_sends_no_date_of_its_own(client):
    """The server (gunicorn, werkzeug) writes Date; a second one from the app would repeat it."""
    etag = client.get(STEP).headers["ETag"]
    again = client.get(STEP, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "Date" not in again.headers
