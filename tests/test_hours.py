"""Opening hours: a resident who asks "is it open now, or do I go on Wednesday?" gets it right.

Fixed moments, in Amsterdam local time, against the real content and a few test-only
organisations (the exceptions below exist only here, never in content/).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routekaart.content import loader as content_module
from routekaart.content.model import WEEKDAYS, Organisation, Text
from routekaart.domain import hours
from routekaart.web import caching

A = ZoneInfo("Europe/Amsterdam")
ROOT_CONTENT = content_module.BUNDLED

CONTENT, _messages = content_module.load(ROOT_CONTENT, date(2026, 11, 27))
assert CONTENT is not None
SETTINGS = CONTENT.settings


def at(text: str) -> datetime:
    """A local Amsterdam wall-clock time as an aware moment (first occurrence if doubled)."""
    return datetime.fromisoformat(text).replace(tzinfo=A)


def text(word: str) -> dict:
    return {"nl": word, "en": word, "ar": word}


# A PING-like desk with every kind of exception. Test data only.
EXCEPTIONAL = Organisation.model_validate(
    {
        "name": "Testloket",
        "explain": text("test"),
        "about": text("test"),
        "hours": [
            {"days": ["maandag"], "from": "10:00", "to": "12:00", "location": "bieb"},
            {"days": ["woensdag"], "from": "11:00", "to": "12:00", "location": "tuin"},
        ],
        "exceptions": [
            {"date": "2026-12-02", "closed": True, "reason": text("Studiedag")},
            {
                "date": "2026-12-07",
                "hours": [{"from": "13:00", "to": "14:00", "location": "tuin"}],
                "reason": text("Verbouwing bibliotheek"),
            },
            {
                "date": "2027-07-12",
                "until": "2027-08-22",
                "closed": True,
                "reason": text("Zomerstop"),
            },
            {
                # Exceptions beat public holidays: open on Easter Monday 2027.
                "date": "2027-03-29",
                "hours": [{"from": "10:00", "to": "11:00", "location": "bieb"}],
                "reason": text("Extra inloop"),
            },
        ],
    }
)


def variant(**changes) -> Organisation:
    """The PING-loket from the content with some fields changed (test data only)."""
    data = CONTENT.organisations["ping-loket"].model_dump(by_alias=True)
    data.update(changes)
    return Organisation.model_validate(data)


def org(org_id: str) -> Organisation:
    return {"testloket": EXCEPTIONAL}.get(org_id) or CONTENT.organisations[org_id]


# --- the promises, as a table ---------------------------------------------------------------

# (organisation, local moment, state, open until, next opening, location of current/next,
#  holiday or exception shown as today's reason)
# fmt: off
CASES = [
    # PING on Monday: open at the library until noon; at noon closed, next Wednesday 11:00.
    ("ping-loket", "2026-11-30T10:30", "open", "2026-11-30T12:00+01:00",
     "2026-12-02T11:00+01:00", "bibliotheek-aan-de-vliet", None),
    ("ping-loket", "2026-11-30T12:00", "closed", None,
     "2026-12-02T11:00+01:00", "tuinkamer-van-noord", None),
    ("ping-loket", "2026-11-30T09:59", "closed", None,
     "2026-11-30T10:00+01:00", "bibliotheek-aan-de-vliet", None),
    ("ping-loket", "2026-12-02T11:59", "open", "2026-12-02T12:00+01:00",
     "2026-12-07T10:00+01:00", "tuinkamer-van-noord", None),
    # Koningsdag on a Monday (2026): closed, and named.
    ("ping-loket", "2026-04-27T10:30", "closed", None,
     "2026-04-29T11:00+02:00", "tuinkamer-van-noord", "koningsdag"),
    # Sociaal Service Punt: [09:00, 12:00).
    ("sociaal-service-punt", "2026-11-30T08:59", "closed", None,
     "2026-11-30T09:00+01:00", "bibliotheek-aan-de-vliet", None),
    ("sociaal-service-punt", "2026-11-30T09:00", "open", "2026-11-30T12:00+01:00",
     "2026-12-07T09:00+01:00", "bibliotheek-aan-de-vliet", None),
    ("sociaal-service-punt", "2026-11-30T12:00", "closed", None,
     "2026-12-07T09:00+01:00", "bibliotheek-aan-de-vliet", None),
    # Kredietbank (phone hours) on Friday at 17:00: closed, next Monday 09:00.
    ("kredietbank", "2026-11-27T16:59", "open", "2026-11-27T17:00+01:00",
     "2026-11-30T09:00+01:00", None, None),
    ("kredietbank", "2026-11-27T17:00", "closed", None, "2026-11-30T09:00+01:00", None, None),
    # ... across the weekends when summer time starts and ends.
    ("kredietbank", "2026-03-27T17:00", "closed", None, "2026-03-30T09:00+02:00", None, None),
    ("kredietbank", "2026-10-23T17:00", "closed", None, "2026-10-26T09:00+01:00", None, None),
    ("kredietbank", "2026-10-25T02:30", "closed", None, "2026-10-26T09:00+01:00", None, None),
    # Christmas: Thursday evening before, Christmas Day itself, Christmas on a Monday,
    # Boxing Day on a Wednesday.
    ("kredietbank", "2026-12-24T17:00", "closed", None, "2026-12-28T09:00+01:00", None, None),
    ("kredietbank", "2026-12-25T10:00", "closed", None, "2026-12-28T09:00+01:00", None,
     "eerste-kerstdag"),
    ("ping-loket", "2028-12-25T10:30", "closed", None,
     "2028-12-27T11:00+01:00", "tuinkamer-van-noord", "eerste-kerstdag"),
    ("ping-loket", "2029-12-26T11:30", "closed", None,
     "2029-12-31T10:00+01:00", "bibliotheek-aan-de-vliet", "tweede-kerstdag"),
    # Easter Monday, Ascension, Whit Monday, New Year.
    ("ping-loket", "2026-04-06T10:30", "closed", None,
     "2026-04-08T11:00+02:00", "tuinkamer-van-noord", "tweede-paasdag"),
    ("kredietbank", "2026-05-14T10:00", "closed", None, "2026-05-15T09:00+02:00", None,
     "hemelvaartsdag"),
    ("sociaal-service-punt", "2026-05-25T10:00", "closed", None,
     "2026-06-01T09:00+02:00", "bibliotheek-aan-de-vliet", "tweede-pinksterdag"),
    ("kredietbank", "2027-01-01T10:00", "closed", None, "2027-01-04T09:00+01:00", None,
     "nieuwjaarsdag"),
    # Good Friday is not a closing day in settings.yaml (a staff decision): open. Easter
    # Monday is, so the next opening is on Tuesday.
    ("kredietbank", "2026-04-03T10:00", "open", "2026-04-03T17:00+02:00",
     "2026-04-07T09:00+02:00", None, None),
    # Liberation Day closes in 2025 (a national day off that year), not in 2026.
    ("kredietbank", "2025-05-05T10:00", "closed", None, "2025-05-06T09:00+02:00", None,
     "bevrijdingsdag"),
    ("kredietbank", "2026-05-05T10:00", "open", "2026-05-05T17:00+02:00",
     "2026-05-06T09:00+02:00", None, None),
    # Exception dates (test fixture): closed all day, other hours, a summer break, and an
    # exception that opens the desk on a public holiday.
    ("testloket", "2026-12-02T11:30", "closed", None, "2026-12-07T13:00+01:00", "tuin",
     "studiedag"),
    ("testloket", "2026-12-07T10:30", "closed", None, "2026-12-07T13:00+01:00", "tuin", None),
    ("testloket", "2026-12-07T13:30", "open", "2026-12-07T14:00+01:00",
     "2026-12-09T11:00+01:00", "tuin", None),
    ("testloket", "2027-07-12T10:30", "closed", None, "2027-08-23T10:00+02:00", "bieb",
     "zomerstop"),
    ("testloket", "2027-03-29T10:30", "open", "2027-03-29T11:00+02:00",
     "2027-03-31T11:00+02:00", "bieb", None),
    # Channels without hours are never "closed".
    ("schuldhulpmaatje", "2026-11-30T10:30", "no-hours", None, None, None, None),
    ("jongeren-perspectief-fonds", "2026-11-30T10:30", "no-hours", None, None, None, None),
    # JAP: still there on its last day, ended the day after.
    ("jongerenadviespunt", "2024-12-31T23:59", "no-hours", None, None, None, None),
    ("jongerenadviespunt", "2025-01-01T00:00", "ended", None, None, None, None),
]
# fmt: on


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


def _reason_id(day: hours.Day) -> str | None:
    if day.holiday and not day.exception:
        return day.holiday
    if day.exception and not day.openings:
        return day.exception.reason.nl.lower()
    return None


@pytest.mark.parametrize(
    ("org_id", "moment", "state", "until", "upcoming", "location", "reason"), CASES
)
def test_status_at_fixed_moments(org_id, moment, state, until, upcoming, location, reason):
    """Open now and until when, where, and the next opening, at a fixed moment."""
    status = hours.status(org(org_id), SETTINGS, at(moment))
    assert status.state == state
    assert _iso(status.current.end if status.current else None) == until
    assert _iso(status.next.start if status.next else None) == upcoming
    assert (status.slot.location if status.slot else None) == location
    assert _reason_id(status.today) == reason


def test_moment_in_utc_gives_the_same_answer():
    """The server clock runs in UTC: the same instant gives the same answer."""
    local = hours.status(org("ping-loket"), SETTINGS, at("2026-11-30T10:30"))
    utc = hours.status(org("ping-loket"), SETTINGS, datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    assert (local.state, local.current, local.next) == (utc.state, utc.current, utc.next)
    with pytest.raises(ValueError):
        hours.status(org("ping-loket"), SETTINGS, datetime(2026, 11, 30, 10, 30))


def test_jap_ended_on_31_december_2024():
    """The JAP says when it ended and offers no next opening."""
    status = hours.status(org("jongerenadviespunt"), SETTINGS, at("2025-06-01T10:00"))
    assert status.ended_on == date(2024, 12, 31)
    assert status.next is None and not status.open_now


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 4, 27), "koningsdag"),  # a Monday
        (date(2025, 4, 26), "koningsdag"),  # 27 April 2025 is a Sunday: moved to Saturday
        (date(2025, 4, 27), None),
        (date(2014, 4, 26), "koningsdag"),
        (date(2026, 4, 3), "goede-vrijdag"),
        (date(2026, 4, 6), "tweede-paasdag"),
        (date(2026, 5, 14), "hemelvaartsdag"),
        (date(2026, 5, 25), "tweede-pinksterdag"),
        (date(2025, 5, 5), "bevrijdingsdag"),
        (date(2026, 5, 5), None),  # only a national day off every fifth year
        (date(2026, 12, 25), "eerste-kerstdag"),
        (date(2026, 12, 26), "tweede-kerstdag"),
        (date(2026, 12, 24), None),
    ],
)
def test_public_holidays_map_to_our_ids(day, holiday):
    """Dates from the `holidays` package, named with the ids staff use in settings.yaml."""
    assert hours.public_holiday(day) == holiday


def test_good_friday_closes_when_staff_add_it():
    """Which holidays close is a staff decision: adding Good Friday closes the Kredietbank."""
    extra = dict(SETTINGS.closed_on_holidays)
    extra["goede-vrijdag"] = Text(nl="Goede vrijdag", en="Good Friday", ar="الجمعة العظيمة")
    with_good_friday = SETTINGS.model_copy(update={"closed_on_holidays": extra})
    status = hours.status(org("kredietbank"), with_good_friday, at("2026-04-03T10:00"))
    assert status.state == "closed"
    assert status.today.reason.en == "Good Friday"
    assert _iso(status.next.start) == "2026-04-07T09:00+02:00"  # Easter Monday closes too


def test_slot_validity_period():
    """A slot that ends and a new one that starts: next opening jumps to the new slot."""
    ping = variant(
        hours=[
            {
                "days": ["maandag"],
                "from": "10:00",
                "to": "12:00",
                "location": "bibliotheek-aan-de-vliet",
                "valid_until": "2026-12-31",
            },
            {
                "days": ["dinsdag"],
                "from": "10:00",
                "to": "12:00",
                "location": "bibliotheek-aan-de-vliet",
                "valid_from": "2027-01-01",
            },
        ]
    )
    status = hours.status(ping, SETTINGS, at("2026-12-28T12:00"))
    assert _iso(status.next.start) == "2027-01-05T10:00+01:00"
    status = hours.status(ping, SETTINGS, at("2026-12-28T10:00"))
    assert status.open_now


def test_service_that_ends_has_no_opening_after_its_end():
    """A service with hours ending on Tuesday: on Monday at noon there is no next opening."""
    ping = variant(valid_until="2026-12-01")
    status = hours.status(ping, SETTINGS, at("2026-11-30T12:00"))
    assert status.state == "closed" and status.next is None
    assert hours.status(ping, SETTINGS, at("2026-12-02T11:30")).state == "ended"


def test_service_not_yet_started_gives_its_first_opening():
    """A service that starts in January: not started yet, first opening on its first Monday."""
    ping = variant(valid_from="2027-01-01")
    status = hours.status(ping, SETTINGS, at("2026-12-01T10:00"))
    assert status.state == "not-started"
    assert status.starts_on == date(2027, 1, 1)
    assert _iso(status.next.start) == "2027-01-04T10:00+01:00"


def test_no_next_opening_beyond_the_search_bound():
    """Closed for longer than the search reaches: no next opening, never a guess."""
    ping = variant(
        exceptions=[
            {"date": "2026-12-01", "until": "2028-12-31", "closed": True, "reason": text("Dicht")}
        ]
    )
    status = hours.status(ping, SETTINGS, at("2026-12-01T10:00"))
    assert status.state == "closed" and status.next is None


# --- daylight saving: slots on wall-clock times that do not exist or happen twice -------------


def night_desk(opens: str, closes: str) -> Organisation:
    """A (made-up) desk open on Sunday nights, to test the daylight-saving edges."""
    return Organisation.model_validate(
        {
            "name": "Nachtloket",
            "explain": text("test"),
            "about": text("test"),
            "hours": [{"days": ["zondag"], "from": opens, "to": closes}],
        }
    )


@pytest.mark.parametrize(
    ("opens", "closes", "day", "start", "end"),
    [
        # 2026-03-29 02:00-03:00 does not exist: the desk opens when the clock jumps to 03:00.
        ("02:30", "04:00", date(2026, 3, 29), "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"),
        ("01:00", "02:30", date(2026, 3, 29), "2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00"),
        # 2026-10-25 02:00-03:00 happens twice: open at the first 02:00, close at the last 03:00.
        ("02:00", "03:00", date(2026, 10, 25), "2026-10-25T02:00+02:00", "2026-10-25T03:00+01:00"),
        ("02:00", "03:00", date(2026, 11, 1), "2026-11-01T02:00+01:00", "2026-11-01T03:00+01:00"),
    ],
)
def test_slot_on_daylight_saving_edges(opens, closes, day, start, end):
    """A slot on a local time that does not exist or happens twice keeps real offsets."""
    (opening,) = hours.day_hours(night_desk(opens, closes), SETTINGS, day).openings
    assert (_iso(opening.start), _iso(opening.end)) == (start, end)
    assert opening.start < opening.end


def test_next_opening_on_a_skipped_hour():
    """Just before summer time starts, the next opening is the moment the clock jumps."""
    desk = night_desk("02:30", "04:00")
    status = hours.status(desk, SETTINGS, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert status.next.start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert hours.status(desk, SETTINGS, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).open_now


def test_week_runs_monday_to_sunday_with_holidays():
    """The week of King's Day 2026: Monday closed and named, Wednesday open."""
    week = hours.week(org("ping-loket"), SETTINGS, at("2026-04-29T09:00"))
    assert [d.day for d in week] == [date(2026, 4, 27) + timedelta(days=i) for i in range(7)]
    assert week[0].closed_specially and week[0].reason.en == "King’s Day"
    assert [_iso(o.start) for o in week[2].openings] == ["2026-04-29T11:00+02:00"]


# --- property: "next opening" is really the next one ------------------------------------------

WITH_HOURS = ["kredietbank", "sociaal-service-punt", "ping-loket", "testloket"]


def reference_open(organisation: Organisation, moment: datetime) -> bool:
    """Written independently: read the wall clock and the content, nothing from hours.py."""
    local = moment.astimezone(A)
    day, wall = local.date(), local.time().replace(tzinfo=None)
    if not organisation.active_on(day):
        return False
    for closure in organisation.exceptions:
        if closure.date <= day <= (closure.until or closure.date):
            return any(h.opens <= wall < h.closes for h in closure.hours)
    names = holidays.country_holidays("NL", years=day.year, language="nl").get(day, "")
    # The Dutch names are our ids: "Tweede paasdag" -> "tweede-paasdag".
    if any(n.lower().replace(" ", "-") in SETTINGS.closed_on_holidays for n in names.split("; ")):
        return False
    weekday = WEEKDAYS[day.weekday()]
    return any(
        weekday in s.days and s.active_on(day) and s.opens <= wall < s.closes
        for s in organisation.hours
    )


def slot_starts(organisation: Organisation, first: date, last: date):
    """Every wall-clock start of a weekly slot or exception between two days (inclusive)."""
    day = first
    while day <= last:
        times = [s.opens for s in organisation.hours]
        times += [h.opens for c in organisation.exceptions for h in c.hours]
        for clock in times:
            yield datetime.combine(day, clock, A)
        day += timedelta(days=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org_id=st.sampled_from(WITH_HOURS),
    moment=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2031, 12, 31), timezones=st.just(UTC)
    ),
)
def test_next_opening_is_the_next_one(org_id, moment):
    """For random moments: the next opening is in the future, inside a slot, none in between."""
    organisation = org(org_id)
    status = hours.status(organisation, SETTINGS, moment)
    assert status.open_now == reference_open(organisation, moment)
    after = status.current.end if status.current else moment
    if status.current:
        assert reference_open(organisation, status.current.end - timedelta(minutes=1))
        assert not reference_open(organisation, status.current.end)
    if status.next is None:
        horizon = moment.astimezone(A).date() + timedelta(days=hours.SEARCH_DAYS)
    else:
        assert status.next.start > moment
        assert reference_open(organisation, status.next.start)
        assert not reference_open(organisation, status.next.start - timedelta(minutes=1))
        horizon = status.next.start.astimezone(A).date()
    for start in slot_starts(organisation, after.astimezone(A).date(), horizon):
        if after < start and (status.next is None or start < status.next.start):
            assert not reference_open(organisation, start), f"missed an opening at {start}"
    # Also sample the first two days every 30 minutes.
    probe = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = min(
        probe + timedelta(days=2), status.next.start if status.next else probe + timedelta(days=2)
    )
    while probe < end:
        assert not reference_open(organisation, probe), f"missed an opening at {probe}"
        probe += timedelta(minutes=30)


# --- on the page: in the resident's language -----------------------------------------------------


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return html


def visible(html: str) -> str:
    """The text of the page's main part, tags removed, spaces collapsed."""
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", main)))


def status_paragraph(html: str) -> str:
    return visible(
        re.search(r'<p class="status [^"]+">.*?</p>', html, re.S)
        .group(0)
        .join(["<main>", "</main>"])
    ).strip()


@pytest.mark.parametrize(
    ("url", "line"),
    [
        (
            "/en/organisatie/ping-loket?at=2026-11-30T10:30",
            "Open now until 12:00 · Bibliotheek aan de Vliet",
        ),
        (
            "/en/organisatie/ping-loket?at=2026-12-02T12:00",
            "Opens Monday at 10:00 · Bibliotheek aan de Vliet",
        ),
        (
            "/en/organisatie/ping-loket?at=2026-11-30T12:00",
            "Opens Wednesday at 11:00 · Tuinkamer van Noord, Sporthal de Fluit",
        ),
        (
            "/en/organisatie/ping-loket?at=2026-04-27T10:30",
            "Public holiday (King’s Day): may be closed. There’s no phone number to check. From "
            "Wednesday at 11:00 (Tuinkamer van Noord, Sporthal de Fluit) the usual hours apply "
            "again.",
        ),
        (
            "/en/organisatie/sociaal-service-punt?at=2026-11-30T08:59",
            "Opens today at 09:00 · Bibliotheek aan de Vliet",
        ),
        # The routekaart does not say the Kredietbank's hours are phone hours: never "by phone".
        ("/en/organisatie/kredietbank?at=2026-11-30T10:00", "Open now until 17:00"),
        ("/en/organisatie/kredietbank?at=2026-11-26T17:30", "Opens tomorrow at 09:00"),
        (
            "/en/organisatie/kredietbank?at=2026-12-25T10:00",
            "Public holiday (Christmas Day): may be closed. Call first. From Monday at 09:00 the "
            "usual hours apply again.",
        ),
        ("/nl/organisatie/ping-loket?at=2026-11-30T12:00", "woensdag"),
        ("/ar/organisatie/ping-loket?at=2026-11-30T12:00", "الأربعاء"),
    ],
)
def test_status_line_on_the_organisation_page(client, url, line):
    """The status a resident reads, with Babel's day names and 24-hour times."""
    assert line in status_paragraph(page_text(client, url))


def test_times_are_isolated_left_to_right_in_arabic(client):
    """Times never scramble in Arabic: wrapped in <bdi dir="ltr">."""
    html = page_text(client, "/ar/organisatie/ping-loket?at=2026-11-30T10:30")
    assert '<bdi dir="ltr">12:00</bdi>' in html
    assert '<bdi dir="ltr">10:00–12:00</bdi>' in html


def test_week_table_marks_today(client):
    """The week table lists Monday to Sunday with today marked, holidays named."""
    html = page_text(client, "/en/organisatie/ping-loket?at=2026-04-28T09:00")
    rows = re.findall(
        r"<tr( class=\"today\" aria-current=\"date\")?>\s*<th scope=\"row\">(.*?)</th>"
        r"\s*<td>(.*?)</td>",
        html,
        re.S,
    )
    assert len(rows) == 7
    marked = [visible(f"<main>{r[1]}</main>") for r in rows if r[0]]
    assert marked == ["Tuesday 28 April (today)"]
    # No desk confirmed it closes on King's Day: the table says what the team knows, and
    # advises no phone call, as the PING-loket has no phone number.
    assert "(King’s Day): may be closed. There’s no phone number to check." in visible(
        f"<main>{rows[0][2]}</main>"
    )
    assert "11:00–12:00 · Tuinkamer van Noord" in visible(f"<main>{rows[2][2]}</main>")


def test_exception_shown_on_the_page(client, content_copy):
    """An exception written by staff closes the desk on the page, with its reason."""
    from routekaart import create_app

    path = content_copy / "organisations.yaml"
    source = path.read_text()
    exception = (
        "    exceptions:\n"
        "      - date: 2026-11-30\n"
        "        closed: true\n"
        "        reason: {nl: Studiedag, en: Staff training day, ar: يوم تدريب}\n"
    )
    marker = "    sources:\n"
    start = source.index("  ping-loket:")
    at_index = source.index(marker, start)
    path.write_text(source[:at_index] + exception + source[at_index:])
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    html = page_text(client, "/en/organisatie/ping-loket?at=2026-11-30T10:30")
    assert "Closed today (Staff training day) · opens Wednesday at 11:00" in status_paragraph(html)


@pytest.mark.parametrize("org_id", ["schuldhulpmaatje", "jongeren-perspectief-fonds"])
def test_no_hours_show_the_note_never_closed(client, org_id):
    """Website, WhatsApp and e-mail have no hours: the note, never "closed"."""
    html = page_text(client, f"/en/organisatie/{org_id}?at=2026-11-30T10:30")
    assert "Opening hours not known" in visible(html)
    assert "Closed" not in visible(html) and 'class="status' not in html


def test_ended_service_page_says_so_and_has_no_hours(client):
    """The JAP page after 31-12-2024 says it ended, with no week table or calendar."""
    html = page_text(client, "/en/organisatie/jongerenadviespunt?at=2025-01-02T10:00")
    assert "This service ran until 31 December 2024." in visible(html)
    assert 'class="week"' not in html and ".ics" not in html
    before = page_text(client, "/en/organisatie/jongerenadviespunt?at=2024-12-31T10:00")
    assert "ended" not in visible(before)


def test_ended_service_is_never_offered_in_a_result(client):
    """The route for young people shows the JAP until its end date, never after it."""
    before = page_text(client, "/en/jong/leven?at=2024-12-31T10:00")
    after = page_text(client, "/en/jong/leven?at=2025-01-01T10:00")
    assert "Jongerenadviespunt" in before
    assert "Jongerenadviespunt" not in after


def test_result_cards_show_live_status(client):
    """Every organisation card in a result shows its status line or its note."""
    html = page_text(client, "/en/direct/huis-uit?at=2026-11-30T10:30")
    cards = re.findall(r'<article class="org".*?</article>', html, re.S)
    assert cards
    for card in cards:
        assert 'class="status ' in card or 'class="hours-note"' in card


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_organisation_page_with_week_table_is_accessible(page, live_server, lang):
    """axe-core finds nothing on the organisation page with status and week table."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_server}/{lang}/organisatie/ping-loket?at=2026-04-27T10:30")
    assert page.locator("tr.today").count() == 1
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.parametrize(
    ("days", "lang", "expected"),
    [
        (["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"], "en", "Monday to Friday"),
        (["woensdag", "maandag"], "nl", "Maandag, woensdag"),
        (["maandag", "dinsdag", "woensdag", "vrijdag"], "en", "Monday to Wednesday, Friday"),
        (["maandag", "woensdag"], "ar", "الاثنين، الأربعاء"),
    ],
)
def test_day_list_names_days_and_ranges_in_the_language(app, days, lang, expected):
    from routekaart.web.hours_wording import day_list

    with app.test_request_context(f"/{lang}/"):
        assert day_list(days, lang) == expected


def test_hours_template_globals_show_the_content_the_view_gave(app):
    """The hours globals read the content passed to the template, never the store's."""
    from flask import render_template_string

    organisations = {**CONTENT.organisations, "testloket": EXCEPTIONAL}
    library = CONTENT.locations["bibliotheek-aan-de-vliet"]
    locations = {**CONTENT.locations, "bieb": library, "tuin": library}
    directory = CONTENT.directory.model_copy(
        update={"organisations": organisations, "locations": locations}
    )
    given = dataclasses.replace(CONTENT, directory=directory)
    template = (
        "{{ hours_status(content, 'testloket', now, 'en').text }}|"
        "{{ weekly_lines(content, content.organisations['testloket'], now.date(), 'en')"
        "|map(attribute='days')|join(', ') }}|"
        "{{ hours_week(content, 'testloket', now)|length }}"
    )
    with app.test_request_context("/en/"):
        caching.shows_hours(given, ["testloket"], at("2026-12-07T13:30"))  # as a view does
        text = render_template_string(template, content=given, now=at("2026-12-07T13:30"))
    assert unescape(re.sub(r"<[^>]+>", "", text)) == "Open now until 14:00|Monday, Wednesday|7"
