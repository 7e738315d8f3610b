"""Open data: /api/v1/organisations, schema.org JSON-LD and the calendar download."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

# --- /api/v1/organisations -----------------------------------------------------------------------


def organisations(client, at: str | None = None) -> dict:
    response = client.get("/api/v1/organisations", query_string={"at": at} if at else None)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def by_id(data: dict) -> dict:
    return {item["id"]: item for item in data["organisations"]}


# fmt: off
CASES = [
    # (at, organisation, open_now, open_until, next_opening, location, ended)
    ("2026-11-30T10:30", "ping-loket", True, "2026-11-30T12:00:00+01:00",
     "2026-12-02T11:00:00+01:00", "bibliotheek-aan-de-vliet", False),
    ("2026-11-30T12:00", "ping-loket", False, None,
     "2026-12-02T11:00:00+01:00", "tuinkamer-van-noord", False),
    ("2026-04-27T10:30", "ping-loket", False, None,
     "2026-04-29T11:00:00+02:00", "tuinkamer-van-noord", False),
    ("2026-11-30T09:00", "sociaal-service-punt", True, "2026-11-30T12:00:00+01:00",
     "2026-12-07T09:00:00+01:00", "bibliotheek-aan-de-vliet", False),
    ("2026-10-23T17:00", "kredietbank", False, None, "2026-10-26T09:00:00+01:00", None, False),
    ("2026-03-27T17:00", "kredietbank", False, None, "2026-03-30T09:00:00+02:00", None, False),
    ("2026-11-30T10:30", "schuldhulpmaatje", False, None, None, None, False),
    ("2024-12-31T10:00", "jongerenadviespunt", False, None, None, None, False),
    ("2025-01-01T10:00", "jongerenadviespunt", False, None, None, None, True),
]
# fmt: on


@pytest.mark.parametrize(
    ("at", "org_id", "open_now", "open_until", "next_opening", "location", "ended"), CASES
)
def test_status_per_organisation(client, at, org_id, open_now, open_until, next_opening,
                                 location, ended):  # fmt: skip
    """Per organisation: open now, until when, the next opening and where, ended."""
    item = by_id(organisations(client, at))[org_id]
    assert item["open_now"] is open_now
    assert item["open_until"] == open_until
    assert item["next_opening"] == next_opening
    assert (item["location"]["id"] if item["location"] else None) == location
    assert item["ended"] is ended


def test_every_organisation_has_the_promised_fields(client):
    """id, Dutch name, open_now, open_until, next_opening, location, ended, for each one."""
    data = organisations(client, "2026-11-30T10:30")
    assert data["at"] == "2026-11-30T10:30:00+01:00"
    assert {i["id"] for i in data["organisations"]} == {
        "kredietbank",
        "sociaal-service-punt",
        "schuldhulpmaatje",
        "ping-loket",
        "jongerenadviespunt",
        "jongeren-perspectief-fonds",
    }
    for item in data["organisations"]:
        for key in ("id", "name", "open_now", "open_until", "next_opening", "location", "ended"):
            assert key in item
        for key in ("open_until", "next_opening"):
            if item[key] is not None:
                assert datetime.fromisoformat(item[key]).utcoffset() is not None
    assert by_id(data)["ping-loket"]["location"]["name"] == "Bibliotheek aan de Vliet"
    # The routekaart gives the Kredietbank's hours without saying they are phone hours.
    assert by_id(data)["kredietbank"]["by_phone"] is False


def test_without_at_it_is_now(real_clock_app):
    """Without ?at= the answer is about the current moment, with its UTC offset."""
    data = organisations(real_clock_app.test_client())
    moment = datetime.fromisoformat(data["at"])
    assert moment.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert abs(moment - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_fixed_app_clock_stands_in_for_now(client):
    """With FIXED_NOW (as every test app has) the answer is about that moment, not the clock."""
    data = organisations(client)
    assert data["at"] == "2027-01-06T10:30:00+01:00"
    assert by_id(data)["kredietbank"]["open_now"] is True


@pytest.mark.parametrize(
    "at", ["tomorrow", "2027-13-01T10:00", "2027-01-04T25:00", "1999-01-04T10:00", "", "x" * 40]
)
def test_malformed_at_is_a_json_400(client, at):
    """A malformed moment gets a 400 with a JSON error, never a page or a 500."""
    response = client.get("/api/v1/organisations", query_string={"at": at})
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert "at" in response.get_json()["error"]


def test_api_is_open_to_other_sites(client):
    """Open data may be read by any site."""
    response = client.get("/api/v1/organisations")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


# --- JSON-LD --------------------------------------------------------------------------------------


def json_ld(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_opening_hours_per_place(client):
    """PING's two places each carry their OpeningHoursSpecification."""
    data = json_ld(client, "/nl/organisatie/ping-loket?at=2026-11-30T10:30")
    assert data["@context"] == "https://schema.org" and data["name"] == "PING-loket"
    places = {p["name"]: p for p in data["location"]}
    library = places["Bibliotheek aan de Vliet"]
    assert library["address"]["streetAddress"] == "Fluitpolderplein 5"
    weekly = [s for s in library["openingHoursSpecification"] if "dayOfWeek" in s]
    assert weekly == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Monday"],
            "opens": "10:00",
            "closes": "12:00",
        }
    ]
    # No closure is stated as a fact where the site says "often closed": not for Christmas (a
    # Friday, when PING never opens), not for Easter Monday (a Monday, not confirmed).
    for at, holiday in (("2026-11-30T10:30", "2026-12-25"), ("2026-03-30T10:30", "2026-04-06")):
        data = json_ld(client, f"/nl/organisatie/ping-loket?at={at}")
        library = {p["name"]: p for p in data["location"]}["Bibliotheek aan de Vliet"]
        closed = {
            s["validFrom"]
            for s in library["openingHoursSpecification"]
            if s["opens"] == s["closes"] == "00:00"
        }
        assert holiday not in closed


def test_json_ld_phone_hours_are_a_contact_point(client):
    """Phone hours belong to a ContactPoint, not to a place."""
    data = json_ld(client, "/en/organisatie/kredietbank?at=2026-11-30T10:30")
    assert "location" not in data
    spec = data["contactPoint"]["hoursAvailable"][0]
    assert spec["dayOfWeek"][0] == "https://schema.org/Monday" and len(spec["dayOfWeek"]) == 5
    assert (spec["opens"], spec["closes"]) == ("09:00", "17:00")


def test_json_ld_ended_service(client):
    """The JAP is dissolved on its end date and has no hours."""
    data = json_ld(client, "/en/organisatie/jongerenadviespunt?at=2025-02-01T10:00")
    assert data["dissolutionDate"] == "2024-12-31"


def test_json_ld_cannot_break_out_of_its_block(client):
    """The data block is HTML-safe JSON: no "</script>" or "<" inside."""
    html = client.get("/ar/organisatie/ping-loket").get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block


# --- the calendar download --------------------------------------------------------------------


def calendar(client, url: str) -> tuple[str, list[dict[str, str]]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    events = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S):
        events.append(dict(line.split(":", 1) for line in block.split("\r\n") if line))
    return body, events


def test_calendar_has_the_walk_in_hours_of_the_coming_weeks(client):
    """Eight weeks of PING: every Monday and Wednesday, in UTC, with the place."""
    _, events = calendar(client, "/nl/organisatie/ping-loket.ics?at=2026-11-30T09:00")
    assert len(events) == 16
    first, second = events[0], events[1]
    assert (first["DTSTART"], first["DTEND"]) == ("20261130T090000Z", "20261130T110000Z")
    assert first["LOCATION"] == "Bibliotheek aan de Vliet\\, Fluitpolderplein 5\\, Leidschendam"
    assert second["DTSTART"] == "20261202T100000Z"
    assert len({e["UID"] for e in events}) == len(events)


def test_calendar_hedges_holidays_and_keeps_the_offset_over_dst(client):
    """Around Easter and the start of summer time the times in UTC shift by an hour. Easter
    Monday, which no desk confirmed it closes on, stays in as tentative, "often closed"."""
    _, events = calendar(client, "/en/organisatie/kredietbank.ics?at=2026-03-23T08:00")
    starts = [e["DTSTART"] for e in events]
    assert "20260323T080000Z" in starts  # 09:00 winter time
    assert "20260330T070000Z" in starts  # 09:00 summer time
    (easter,) = [e for e in events if e["DTSTART"].startswith("20260406")]
    assert easter["STATUS"] == "TENTATIVE"
    assert easter["SUMMARY"] == (
        "Kredietbank Nederland: public holiday (Easter Monday)\\, may be closed"
    )
    assert "may be closed. Call first. Check first" in easter["DESCRIPTION"]
    tentative = {e["DTSTART"][:8] for e in events if e.get("STATUS") == "TENTATIVE"}
    assert tentative == {"20260406", "20260427", "20260514"}  # Easter Monday, King's, Ascension
    assert any(s.startswith("20260403") for s in starts)  # Good Friday: open


def test_calendar_only_future_openings(client):
    """An opening that is already over is not in the calendar."""
    _, events = calendar(client, "/nl/organisatie/ping-loket.ics?at=2026-11-30T12:00")
    assert events[0]["DTSTART"] == "20261202T100000Z"


@pytest.mark.parametrize(
    "url",
    [
        "/nl/organisatie/schuldhulpmaatje.ics",
        "/nl/organisatie/jongerenadviespunt.ics?at=2025-01-02T10:00",
        "/nl/organisatie/bestaat-niet.ics",
    ],
)
def test_no_calendar_without_hours(client, url):
    """No hours, ended or unknown: a friendly 404 page."""
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_organisation_page_links_to_the_calendar(client):
    """The organisation page offers the download, keeping a preview moment."""
    html = client.get("/nl/organisatie/ping-loket?at=2026-11-30T10:30").get_data(as_text=True)
    assert 'href="/nl/organisatie/ping-loket.ics?at=2026-11-30T10:30"' in html


# --- in Chromium: the JSON-LD data block does not trip the CSP ------------------------------------


@pytest.fixture
def browser_context_args(browser_context_args):
    """No service worker: it would answer the page's requests before ``page.route`` sees them."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.mark.browser
def test_json_ld_causes_no_csp_violation(page, live_server):
    """Chromium loads the page under our CSP without any violation; an inline script would."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{live_server}/en/organisatie/ping-loket")
    block = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(block)["name"] == "PING-loket"
    assert not [m for m in messages if "Content Security Policy" in m]

    # Control: the same page with the block turned into a script is refused by the CSP.
    def as_script(route):
        response = route.fetch()
        body = response.text().replace('<script type="application/ld+json">', "<script>window.x=")
        route.fulfill(response=response, body=body)

    page.route("**/en/organisatie/kredietbank", as_script)
    page.goto(f"{live_server}/en/organisatie/kredietbank")
    page.wait_for_timeout(200)
    assert [m for m in messages if "Content Security Policy" in m]


# --- absolute addresses come from PUBLIC_URL, never from the Host header ---------------------


def test_json_ld_id_and_calendar_link_ignore_a_forged_host(client):
    """A request with a hostile Host header never puts that host into the data or calendar."""
    forged = {"Host": "evil.example"}
    html = client.get("/nl/organisatie/ping-loket", headers=forged).get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["@id"] == "http://127.0.0.1:5000/nl/organisatie/ping-loket"
    body = client.get(
        "/en/organisatie/ping-loket.ics?at=2026-11-30T09:00", headers=forged
    ).get_data(as_text=True)
    assert "evil.example" not in body
    _, events = calendar(client, "/en/organisatie/ping-loket.ics?at=2026-11-30T09:00")
    assert events[0]["URL"] == "http://127.0.0.1:5000/en/organisatie/ping-loket"
    assert events[0]["DESCRIPTION"].endswith("http://127.0.0.1:5000/en/organisatie/ping-loket")


@pytest.mark.parametrize("header", ["nl", "en", "ar"])
def test_calendar_speaks_the_language_of_its_address(client, header):
    """The English calendar is English whatever the browser prefers."""
    body = client.get(
        "/en/organisatie/kredietbank.ics?at=2026-11-30T09:00", headers={"Accept-Language": header}
    ).get_data(as_text=True)
    assert "SUMMARY:Kredietbank Nederland: opening hours" in body.replace("\r\n ", "")
