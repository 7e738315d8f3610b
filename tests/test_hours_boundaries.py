"""Opening hours on their edges: the day a service starts or ends, slots that touch, a desk
exactly a week away, other hours today, an opening months ahead, and the checker's warnings on
the day they begin.

Every moment is fixed (``?at=`` on the pages, an aware moment in the functions). The test-only
desks below are added to a temporary copy of content/, never to the real content.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from routekaart import create_app
from routekaart.content import loader as content_module
from routekaart.content.model import Organisation
from routekaart.domain import hours

A = ZoneInfo("Europe/Amsterdam")
CONTENT = Path(__file__).resolve().parent.parent / "content"
LOADED, _ = content_module.load(CONTENT, date(2026, 11, 27))
SETTINGS = LOADED.settings

# Test-only desks, appended to a copy of organisations.yaml. 2026-12-07 and 2026-12-14 are
# Mondays; 2026-12-01 is a Tuesday.
TEST_DESKS = """
  aansluitend:
    name: Aansluitend loket
    explain: {nl: test, en: test, ar: test}
    about: {nl: test, en: test, ar: test}
    hours:
      - days: [maandag]
        from: "10:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet
      - days: [maandag]
        from: "12:00"
        to: "13:00"
        location: bibliotheek-aan-de-vliet
      - days: [dinsdag]
        from: "10:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet
      - days: [dinsdag]
        from: "12:00"
        to: "13:00"
        location: tuinkamer-van-noord

  proefperiode:
    name: Proefloket
    explain: {nl: test, en: test, ar: test}
    about: {nl: test, en: test, ar: test}
    valid_from: 2026-12-07
    valid_until: 2026-12-14
    hours:
      - days: [maandag]
        from: "10:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet

  verbouwing:
    name: Verbouwingsloket
    explain: {nl: test, en: test, ar: test}
    about: {nl: test, en: test, ar: test}
    hours:
      - days: [maandag]
        from: "10:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet
    exceptions:
      - date: 2026-12-07
        hours: [{from: "13:00", to: "14:00", location: tuinkamer-van-noord}]
        reason: {nl: Verbouwing bibliotheek, en: Library renovation, ar: تجديد المكتبة}
      - date: 2026-12-08
        until: 2027-02-14
        closed: true
        reason: {nl: Winterstop, en: Winter break, ar: عطلة الشتاء}
"""


def desk(org_id: str) -> Organisation:
    """A test desk as the app loads it from the edited copy."""
    return EDITED.organisations[org_id]


def edited_copy(target: Path) -> Path:
    """content/ with the test desks added to organisations.yaml."""
    shutil.copytree(CONTENT, target)
    path = target / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8") + TEST_DESKS, encoding="utf-8")
    return target


def _load_edited() -> content_module.Content:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        loaded, messages = content_module.load(
            edited_copy(Path(scratch) / "content"), date(2026, 11, 27)
        )
    assert loaded is not None, [str(m) for m in messages if m.severity == "error"]
    return loaded


EDITED = _load_edited()


def at(text: str) -> datetime:
    """A local Amsterdam wall-clock time as an aware moment."""
    return datetime.fromisoformat(text).replace(tzinfo=A)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The app on the edited copy of the content."""
    folder = edited_copy(tmp_path_factory.mktemp("boundaries") / "content")
    return create_app({"TESTING": True, "CONTENT_DIR": str(folder)}).test_client()


def status_text(client, url: str) -> str:
    """The status line (and its note) a resident reads on an organisation page."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    # On screen: the dated form for paper (tests/test_paper.py) is hidden.
    html = re.sub(r'<span class="print-only">.*?</span>', "", html, flags=re.S)
    # The first status on the page (templates/_status.html), with its note if any.
    block = re.search(r'<p class="status .*?</p>(\s*<p class="hours-note">.*?</p>)?', html, re.S)
    assert block, url
    # An isolate is inline: "<bdi>Tuinkamer van Noord</bdi>, <bdi>…" reads "Noord, Sporthal".
    text = re.sub(r"</?bdi[^>]*>", "", block.group(0))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text))).strip()


# --- slots that touch at one place are one opening ---------------------------------------------


def test_touching_slots_at_one_place_merge_into_one_opening():
    (opening,) = hours.day_hours(desk("aansluitend"), SETTINGS, date(2026, 11, 30)).openings
    assert (iso(opening.start), iso(opening.end)) == (
        "2026-11-30T10:00+01:00",
        "2026-11-30T13:00+01:00",
    )
    status = hours.status(desk("aansluitend"), SETTINGS, at("2026-11-30T11:00"))
    assert iso(status.current.end) == "2026-11-30T13:00+01:00"
    # At 12:00, the seam, the desk is still open: no "closed" blink between the two slots.
    assert hours.status(desk("aansluitend"), SETTINGS, at("2026-11-30T12:00")).open_now


def test_touching_slots_at_two_places_stay_two_openings():
    first, second = hours.day_hours(desk("aansluitend"), SETTINGS, date(2026, 12, 1)).openings
    assert (first.location, iso(first.end)) == (
        "bibliotheek-aan-de-vliet",
        "2026-12-01T12:00+01:00",
    )
    assert (second.location, iso(second.start)) == ("tuinkamer-van-noord", "2026-12-01T12:00+01:00")
    at_noon = hours.status(desk("aansluitend"), SETTINGS, at("2026-12-01T12:00"))
    assert at_noon.current.location == "tuinkamer-van-noord"


def test_the_page_says_open_until_the_end_of_the_joined_slots(client):
    assert "Open now until 13:00 · Bibliotheek aan de Vliet" in status_text(
        client, "/en/organisatie/aansluitend?at=2026-11-30T11:00"
    )
    assert "Open now until 12:00 · Bibliotheek aan de Vliet" in status_text(
        client, "/en/organisatie/aansluitend?at=2026-12-01T11:00"
    )


# --- a service on its first and its last day ----------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "state", "until", "upcoming"),
    [
        # The day before the first day: not started, and its first opening is known.
        ("2026-12-06T10:30", "not-started", None, "2026-12-07T10:00+01:00"),
        ("2026-12-07T09:59", "closed", None, "2026-12-07T10:00+01:00"),
        ("2026-12-07T10:00", "open", "2026-12-07T12:00+01:00", "2026-12-14T10:00+01:00"),
        # The last day still counts; after its last opening there is none.
        ("2026-12-14T10:30", "open", "2026-12-14T12:00+01:00", None),
        ("2026-12-14T12:00", "closed", None, None),
        ("2026-12-14T23:59", "closed", None, None),
        ("2026-12-15T00:00", "ended", None, None),
    ],
)
def test_a_service_on_its_first_and_last_day(moment, state, until, upcoming):
    status = hours.status(desk("proefperiode"), SETTINGS, at(moment))
    assert status.state == state
    assert iso(status.current.end if status.current else None) == until
    assert iso(status.next.start if status.next else None) == upcoming


@pytest.mark.parametrize(
    ("moment", "line"),
    [
        ("2026-12-06T10:30", "Starts on 7 December 2026"),
        ("2026-12-07T10:30", "Open now until 12:00 · Bibliotheek aan de Vliet"),
        ("2026-12-14T10:30", "Open now until 12:00 · Bibliotheek aan de Vliet"),
        ("2026-12-14T12:00", "Closed. No next opening is known."),
    ],
)
def test_the_page_on_the_first_and_last_day(client, moment, line):
    assert line in status_text(client, f"/en/organisatie/proefperiode?at={moment}")


def test_the_page_the_day_after_the_last_day_says_it_ended(client):
    html = client.get("/en/organisatie/proefperiode?at=2026-12-15T00:00").get_data(as_text=True)
    assert "This service ran until 14 December 2026." in re.sub(r"\s+", " ", unescape(html))
    assert 'class="status ' not in html


# --- a desk a week away ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "line"),
    [
        # Sociaal Service Punt opens on Mondays only. Six days ahead a weekday is enough;
        # exactly seven days ahead "Monday" alone could be read as today, so the date is given.
        (
            "/en/organisatie/sociaal-service-punt?at=2026-12-01T10:00",
            "Opens Monday at 09:00 · Bibliotheek aan de Vliet",
        ),
        (
            "/en/organisatie/sociaal-service-punt?at=2026-11-30T12:00",
            "Opens Monday 7 December at 09:00 · Bibliotheek aan de Vliet",
        ),
        ("/nl/organisatie/sociaal-service-punt?at=2026-11-30T12:00", "maandag 7 december"),
        (
            "/en/organisatie/sociaal-service-punt?at=2026-12-06T10:00",
            "Opens tomorrow at 09:00 · Bibliotheek aan de Vliet",
        ),
    ],
)
def test_a_desk_exactly_seven_days_away_is_named_with_its_date(client, url, line):
    assert line in status_text(client, url)


# --- other hours today -------------------------------------------------------------------------


def test_an_exception_with_hours_replaces_the_weekly_hours_of_that_day():
    day = hours.day_hours(desk("verbouwing"), SETTINGS, date(2026, 12, 7))
    assert [(iso(o.start), iso(o.end), o.location) for o in day.openings] == [
        ("2026-12-07T13:00+01:00", "2026-12-07T14:00+01:00", "tuinkamer-van-noord")
    ]
    assert not day.closed_specially and day.reason.en == "Library renovation"
    # The weekly 10:00-12:00 at the library does not apply that day.
    assert not hours.status(desk("verbouwing"), SETTINGS, at("2026-12-07T10:30")).open_now


@pytest.mark.parametrize(
    ("moment", "line"),
    [
        (
            "2026-12-07T10:30",
            "Opens today at 13:00 · Tuinkamer van Noord, Sporthal de Fluit "
            "Other hours today: Library renovation",
        ),
        (
            "2026-12-07T13:30",
            "Open now until 14:00 · Tuinkamer van Noord, Sporthal de Fluit "
            "Other hours today: Library renovation",
        ),
    ],
)
def test_the_page_says_other_hours_today(client, moment, line):
    assert line in status_text(client, f"/en/organisatie/verbouwing?at={moment}")


# --- an opening more than 60 days ahead --------------------------------------------------------


def test_the_next_opening_after_a_long_break_is_found_beyond_the_calendar():
    """The winter break runs 69 days; the calendar download reaches 8 weeks, the status a year."""
    status = hours.status(desk("verbouwing"), SETTINGS, at("2026-12-08T10:30"))
    assert status.state == "closed"
    assert iso(status.next.start) == "2027-02-15T10:00+01:00"
    assert status.today.reason.en == "Winter break"


def test_the_page_gives_the_date_of_an_opening_months_ahead(client):
    line = status_text(client, "/en/organisatie/verbouwing?at=2026-12-08T10:30")
    assert (
        "Closed today (Winter break) · opens Monday 15 February at 10:00 · "
        "Bibliotheek aan de Vliet" in line
    )


# --- the checker on its boundary days -----------------------------------------------------------

OVERLAP = """    hours:
      - days: [maandag]
        from: "10:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet
        valid_until: {until}
      - days: [maandag]
        from: "11:00"
        to: "12:00"
        location: bibliotheek-aan-de-vliet
        valid_from: {start}
"""


def with_ping_hours(folder: Path, hours_yaml: str) -> None:
    """Replace the PING-loket's weekly hours in a content copy."""
    path = folder / "organisations.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("    hours:\n", source.index("  ping-loket:"))
    end = source.index("    sources:", start)
    path.write_text(source[:start] + hours_yaml + source[end:], encoding="utf-8")


def overlap_errors(folder: Path) -> list[str]:
    _, messages = content_module.load(folder, date(2026, 11, 27))
    return [m.text for m in messages if m.severity == "error"]


def test_two_periods_sharing_their_boundary_day_overlap(content_copy):
    """One slot's last day is the other's first day: on that Monday both apply, an error."""
    with_ping_hours(content_copy, OVERLAP.format(until="2027-01-04", start="2027-01-04"))
    errors = overlap_errors(content_copy)
    assert len(errors) == 1
    assert errors[0].startswith("these hours overlap the hours at line ")
    assert errors[0].endswith(" on maandag")


def test_periods_that_follow_each_other_do_not_overlap(content_copy):
    with_ping_hours(content_copy, OVERLAP.format(until="2027-01-04", start="2027-01-05"))
    assert overlap_errors(content_copy) == []


def warnings_on(folder: Path, today: date) -> list[str]:
    _, messages = content_module.load(folder, today)
    return [m.text for m in messages if m.severity == "warning"]


def test_an_ended_organisation_is_reported_from_the_day_after_its_last_day():
    """The JAP's last day is 2024-12-31: that day it is still offered, so no warning yet."""
    assert not [w for w in warnings_on(CONTENT, date(2024, 12, 31)) if "ended on" in w]
    ended = [w for w in warnings_on(CONTENT, date(2025, 1, 1)) if "ended on" in w]
    assert ended
    assert all(w.startswith('"jongerenadviespunt" ended on 2024-12-31;') for w in ended)


def test_facts_are_stale_from_the_day_after_stale_after_days():
    """Sources as of 2025-03-01 with stale_after_days 365: fresh on 2026-03-01, stale a day
    later."""
    assert not [w for w in warnings_on(CONTENT, date(2026, 3, 1)) if "come from sources" in w]
    stale = [w for w in warnings_on(CONTENT, date(2026, 3, 2)) if "come from sources" in w]
    # Every desk except the JAP, which ended before then and is not asked to be checked.
    assert stale == [
        f'the facts of "{org_id}" come from sources of 2025-03-01, 366 days ago; '
        "confirm them with the desk and add a confirmation"
        for org_id in (
            "kredietbank",
            "sociaal-service-punt",
            "schuldhulpmaatje",
            "ping-loket",
            "jongeren-perspectief-fonds",
        )
    ]


# --- the answer in full (what mutation testing showed no test looked at) ------------------------


def daily_desk(**changes) -> Organisation:
    """A made-up desk open every day 10:00-12:00 at the library (test data only)."""
    data = {
        "name": "Dagloket",
        "explain": {"nl": "test", "en": "test", "ar": "test"},
        "about": {"nl": "test", "en": "test", "ar": "test"},
        "hours": [
            {
                "days": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                         "zondag"],
                "from": "10:00",
                "to": "12:00",
                "location": "bibliotheek-aan-de-vliet",
            }
        ],
    }  # fmt: skip
    data.update(changes)
    return Organisation.model_validate(data)


def monday(opens: str, closes: str, location: str) -> dict:
    return {"days": ["maandag"], "from": opens, "to": closes, "location": location}


def closed_until(last_day: str) -> list[dict]:
    return [
        {
            "date": "2026-12-01",
            "until": last_day,
            "closed": True,
            "reason": {"nl": "Dicht", "en": "Closed", "ar": "مغلق"},
        }
    ]


def test_the_next_opening_is_looked_for_366_days_ahead_and_no_further():
    """From Monday 2026-11-30 12:00 the search reaches 2027-12-01 (366 days) and stops."""
    assert hours.SEARCH_DAYS == 366
    found = hours.status(daily_desk(exceptions=closed_until("2027-11-30")), SETTINGS,
                         at("2026-11-30T12:00"))  # fmt: skip
    assert iso(found.next.start) == "2027-12-01T10:00+01:00"
    beyond = hours.status(daily_desk(exceptions=closed_until("2027-12-01")), SETTINGS,
                          at("2026-11-30T12:00"))  # fmt: skip
    assert beyond.state == "closed" and beyond.next is None


def test_slots_written_in_any_order_come_out_in_time_order():
    desk_ = daily_desk(
        hours=[
            monday("14:00", "15:00", "tuinkamer-van-noord"),
            monday("12:00", "13:00", "bibliotheek-aan-de-vliet"),
            monday("10:00", "12:00", "bibliotheek-aan-de-vliet"),
        ]
    )
    openings = hours.day_hours(desk_, SETTINGS, date(2026, 11, 30)).openings
    assert [(iso(o.start), iso(o.end), o.location) for o in openings] == [
        ("2026-11-30T10:00+01:00", "2026-11-30T13:00+01:00", "bibliotheek-aan-de-vliet"),
        ("2026-11-30T14:00+01:00", "2026-11-30T15:00+01:00", "tuinkamer-van-noord"),
    ]


def test_a_slot_inside_another_at_one_place_does_not_shorten_it():
    desk_ = daily_desk(
        hours=[
            monday("09:00", "13:00", "bibliotheek-aan-de-vliet"),
            monday("10:00", "11:00", "bibliotheek-aan-de-vliet"),
        ]
    )
    (opening,) = hours.day_hours(desk_, SETTINGS, date(2026, 11, 30)).openings
    assert (iso(opening.start), iso(opening.end)) == (
        "2026-11-30T09:00+01:00",
        "2026-11-30T13:00+01:00",
    )


def test_a_day_outside_the_service_has_no_hours_and_says_so():
    for day in (date(2026, 12, 6), date(2026, 12, 15)):
        outside = hours.day_hours(desk("proefperiode"), SETTINGS, day)
        assert (outside.day, outside.openings, outside.active) == (day, (), False)
    inside = hours.day_hours(desk("proefperiode"), SETTINGS, date(2026, 12, 8))
    assert (inside.openings, inside.active) == ((), True)  # a Tuesday of the service


def test_the_status_carries_the_moment_today_and_the_end_date():
    before = hours.status(desk("proefperiode"), SETTINGS, at("2026-12-06T10:30"))
    assert before.moment == at("2026-12-06T10:30")
    assert (before.today.day, before.today.active) == (date(2026, 12, 6), False)
    assert before.starts_on == date(2026, 12, 7)
    during = hours.status(desk("proefperiode"), SETTINGS, at("2026-12-07T10:30"))
    assert during.moment == at("2026-12-07T10:30") and during.ended_on == date(2026, 12, 14)
    after = hours.status(desk("proefperiode"), SETTINGS, at("2026-12-15T10:30"))
    assert after.moment == at("2026-12-15T10:30") and after.ended_on == date(2026, 12, 14)
    no_hours = hours.status(LOADED.organisations["schuldhulpmaatje"], SETTINGS,
                            at("2026-12-07T10:30"))  # fmt: skip
    assert no_hours.moment == at("2026-12-07T10:30") and no_hours.state == "no-hours"


def test_the_status_needs_a_moment_with_a_time_zone():
    with pytest.raises(ValueError, match=r"^status\(\) needs an aware moment$"):
        hours.status(desk("proefperiode"), SETTINGS, datetime(2026, 12, 7, 10, 30))


def test_the_week_is_the_amsterdam_week_even_just_after_midnight():
    """Monday 00:30 in Amsterdam is still Sunday in UTC; the week starts that Monday."""
    week = hours.week(desk("aansluitend"), SETTINGS, at("2026-11-30T00:30"))
    assert [d.day for d in week][:2] == [date(2026, 11, 30), date(2026, 12, 1)]


def test_a_closing_time_in_the_doubled_hour_is_its_last_occurrence():
    """2026-10-25 02:00-03:00 happens twice: a desk closing at 02:30 stays open till the second."""
    night = daily_desk(hours=[{"days": ["zondag"], "from": "01:00", "to": "02:30"}])
    (opening,) = hours.day_hours(night, SETTINGS, date(2026, 10, 25)).openings
    assert (iso(opening.start), iso(opening.end)) == (
        "2026-10-25T01:00+02:00",
        "2026-10-25T02:30+01:00",
    )


def test_an_exception_on_a_holiday_opens_the_desk_and_still_names_the_holiday():
    """Easter Monday 2027 (a closing holiday) with extra hours written by staff."""
    extra = daily_desk(
        exceptions=[
            {
                "date": "2027-03-29",
                "hours": [{"from": "01:00", "to": "02:30", "location": "bibliotheek-aan-de-vliet"}],
                "reason": {"nl": "Extra inloop", "en": "Extra drop-in", "ar": "استقبال إضافي"},
            }
        ]
    )
    day = hours.day_hours(extra, SETTINGS, date(2027, 3, 29))
    assert (day.active, day.holiday, day.reason.en) == (True, "tweede-paasdag", "Extra drop-in")
    assert not day.closed_specially


def test_exception_hours_closing_in_the_doubled_hour_close_at_its_last_occurrence():
    night = daily_desk(
        exceptions=[
            {
                "date": "2026-10-25",
                "hours": [{"from": "01:00", "to": "02:30"}],
                "reason": {"nl": "Nachtdienst", "en": "Night shift", "ar": "نوبة ليلية"},
            }
        ]
    )
    (opening,) = hours.day_hours(night, SETTINGS, date(2026, 10, 25)).openings
    assert (iso(opening.start), iso(opening.end)) == (
        "2026-10-25T01:00+02:00",
        "2026-10-25T02:30+01:00",
    )
