"""The hours in words, sentence by sentence: what a resident reads for every state of a desk.

Each promise is checked on its whole sentence, at a fixed moment, in the language asked for
(never the request's), with times read in Amsterdam and numbers isolated left-to-right. These
tests were written against the surviving mutants of ``routekaart/web/hours_wording.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from routekaart import create_app
from routekaart.content import loader as content
from routekaart.content.loader import BUNDLED
from routekaart.content.model import Closure, Organisation, Slot
from routekaart.domain import hours
from routekaart.web.hours_wording import (
    WeeklyLine,
    clock_time,
    day_list,
    exception_line,
    long_date,
    status_line,
    time_range,
    weekly_lines,
    when,
)

AMS = ZoneInfo("Europe/Amsterdam")
LOADED, _ = content.load(BUNDLED, today=date(2027, 1, 6))
LIBRARY = "bibliotheek-aan-de-vliet"


def bdi(text: str) -> str:
    return f'<bdi dir="ltr">{text}</bdi>'


@pytest.fixture(scope="module")
def ctx():
    """A request in Arabic: every function must still speak the language it is given."""
    app = create_app({"TESTING": True})
    with app.test_request_context("/ar/"):
        yield


def organisation(**fields) -> Organisation:
    """A desk with the required facts and the given hours, dates and notes."""
    return Organisation.model_validate(
        {
            "name": "Testloket",
            "explain": {"nl": "Uitleg", "en": "Explain", "ar": "شرح"},
            "about": {"nl": "Over", "en": "About", "ar": "حول"},
            **fields,
        }
    )


REASON = {"nl": "Studiedag", "en": "Training day", "ar": "يوم تدريب"}


# --- times and dates ----------------------------------------------------------------------------


def test_a_moment_is_told_in_amsterdam_time_isolated_left_to_right(ctx):
    winter = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam
    summer = datetime(2027, 7, 5, 7, 30, tzinfo=UTC)  # 09:30 in Amsterdam
    assert str(clock_time(winter, "nl")) == bdi("10:00")
    assert str(clock_time(summer, "en")) == bdi("09:30")


def test_an_opening_is_told_as_a_range_from_start_to_end(ctx):
    opening = hours.Opening(
        datetime(2027, 1, 4, 9, 0, tzinfo=AMS), datetime(2027, 1, 4, 12, 30, tzinfo=AMS), None
    )
    assert str(time_range(opening, "nl")) == bdi("09:00–12:30")


def test_a_date_is_written_as_people_write_it(ctx):
    assert long_date(date(2027, 1, 1), "nl") == "1 januari 2027"
    assert long_date(date(2027, 1, 1), "en") == "1 January 2027"


def test_a_closed_day_says_the_date_and_the_reason(ctx):
    closure = Closure.model_validate({"date": "2026-12-25", "closed": True, "reason": REASON})
    assert str(exception_line(closure, "nl")) == "25 december 2026: dicht (Studiedag)"
    assert str(exception_line(closure, "en")) == "25 December 2026: closed (Training day)"


def test_closed_days_in_a_row_say_the_first_and_the_last(ctx):
    closure = Closure.model_validate(
        {"date": "2026-12-24", "until": "2026-12-27", "closed": True, "reason": REASON}
    )
    assert str(exception_line(closure, "en")) == (
        "24 December 2026 – 27 December 2026: closed (Training day)"
    )


def test_other_hours_on_a_day_list_every_stretch(ctx):
    closure = Closure.model_validate(
        {
            "date": "2026-12-24",
            "hours": [{"from": "09:00", "to": "11:00"}, {"from": "13:00", "to": "15:30"}],
            "reason": REASON,
        }
    )
    assert str(exception_line(closure, "nl")) == (
        f"24 december 2026: {bdi('09:00–11:00')} {bdi('13:00–15:30')} (Studiedag)"
    )


# --- when the next opening is --------------------------------------------------------------------

MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        (datetime(2027, 1, 4, 10, 0, tzinfo=AMS), "nl", f"vandaag om {bdi('10:00')}"),
        (datetime(2027, 1, 4, 10, 0, tzinfo=AMS), "en", f"today at {bdi('10:00')}"),
        (datetime(2027, 1, 5, 9, 0, tzinfo=AMS), "nl", f"morgen om {bdi('09:00')}"),
        (datetime(2027, 1, 5, 9, 0, tzinfo=AMS), "en", f"tomorrow at {bdi('09:00')}"),
        (datetime(2027, 1, 6, 9, 0, tzinfo=AMS), "en", f"Wednesday at {bdi('09:00')}"),
        (datetime(2027, 1, 6, 9, 0, tzinfo=AMS), "nl", f"woensdag om {bdi('09:00')}"),
        # Six days ahead is still "Sunday"; a week ahead needs the date.
        (datetime(2027, 1, 10, 9, 0, tzinfo=AMS), "en", f"Sunday at {bdi('09:00')}"),
        (datetime(2027, 1, 11, 9, 0, tzinfo=AMS), "en", f"Monday 11 January at {bdi('09:00')}"),
        (datetime(2027, 1, 11, 9, 0, tzinfo=AMS), "nl", f"maandag 11 januari om {bdi('09:00')}"),
    ],
)
def test_the_next_opening_is_today_tomorrow_a_weekday_or_a_date(ctx, start, lang, expected):
    assert str(when(start, MONDAY, lang)) == expected


def test_today_and_the_weekday_are_amsterdams_not_utcs(ctx):
    # 00:30 on Tuesday in Amsterdam is still Monday in UTC; 09:00 Tuesday is "today".
    moment = datetime(2027, 1, 4, 23, 30, tzinfo=UTC)
    start = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
    assert str(when(start, moment, "en")) == f"today at {bdi('09:00')}"
    # 00:30 on Saturday in Amsterdam is Friday evening in UTC: the day named is Saturday.
    late = datetime(2027, 1, 8, 23, 30, tzinfo=UTC)
    assert str(when(late, MONDAY, "en")) == f"Saturday at {bdi('00:30')}"
    later = datetime(2027, 1, 15, 23, 30, tzinfo=UTC)
    assert str(when(later, MONDAY, "en")) == f"Saturday 16 January at {bdi('00:30')}"


# --- the days of a slot ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "lang", "expected"),
    [
        (["dinsdag"], "nl", "Dinsdag"),
        (["zondag"], "en", "Sunday"),
        (["maandag", "dinsdag"], "nl", "Maandag, dinsdag"),
        (["maandag", "dinsdag", "woensdag"], "nl", "Maandag tot en met woensdag"),
        (["vrijdag", "donderdag", "woensdag"], "en", "Wednesday to Friday"),
        (["maandag", "dinsdag", "donderdag", "vrijdag"], "en", "Monday, Tuesday, Thursday, Friday"),
        (
            ["maandag", "woensdag", "donderdag", "vrijdag", "zondag"],
            "en",
            "Monday, Wednesday to Friday, Sunday",
        ),
        (["maandag", "dinsdag"], "ar", "الاثنين، الثلاثاء"),
    ],
)
def test_days_are_named_and_three_in_a_row_make_a_range(ctx, days, lang, expected):
    assert day_list(days, lang) == expected


# --- the weekly hours -----------------------------------------------------------------------------


def weekly_desk() -> Organisation:
    return organisation(
        hours=[
            {"days": ["maandag"], "from": "09:00", "to": "12:00", "location": LIBRARY},
            {"days": ["dinsdag"], "from": "13:00", "to": "14:00", "valid_until": "2026-12-31"},
            {
                "days": ["woensdag", "donderdag", "vrijdag"],
                "from": "10:00",
                "to": "11:30",
                "valid_from": "2027-02-01",
                "valid_until": "2027-06-30",
            },
            {"days": ["maandag"], "from": "14:00", "to": "15:00", "valid_until": "2027-03-31"},
        ]
    )


def test_weekly_lines_keep_the_slots_in_force_or_to_come_with_their_dates(ctx):
    lines = weekly_lines(LOADED, weekly_desk(), date(2027, 1, 4), "en")  # a Monday
    assert [line.index for line in lines] == [0, 2, 3]  # the Tuesday slot ended
    assert [line.text for line in lines] == [
        "Monday 09:00–12:00 · Bibliotheek aan de Vliet",
        "Wednesday to Friday 10:00–11:30 · by phone · from 1 February 2027 · until 30 June 2027",
        "Monday 14:00–15:00 · by phone · until 31 March 2027",
    ]
    assert [line.today for line in lines] == [True, False, True]
    assert [line.validity for line in lines] == [
        None,
        "from 1 February 2027 · until 30 June 2027",
        "until 31 March 2027",
    ]
    assert lines[0].location == LOADED.locations[LIBRARY]
    assert lines[1].location is None
    assert lines[0].where == "Bibliotheek aan de Vliet"
    assert lines[1].where == "by phone"
    assert lines[0].days == "Monday"
    assert str(lines[1].times) == bdi("10:00–11:30")
    assert lines[0].slot == weekly_desk().hours[0]


def test_weekly_lines_speak_the_language_asked_for(ctx):
    lines = weekly_lines(LOADED, weekly_desk(), date(2027, 1, 4), "nl")
    assert [line.text for line in lines] == [
        "Maandag 09:00–12:00 · Bibliotheek aan de Vliet",
        "Woensdag tot en met vrijdag 10:00–11:30 · telefonisch · vanaf 1 februari 2027 · "
        "tot en met 30 juni 2027",
        "Maandag 14:00–15:00 · telefonisch · tot en met 31 maart 2027",
    ]


def test_a_slot_that_starts_later_is_not_marked_today_even_on_its_weekday(ctx):
    lines = weekly_lines(LOADED, weekly_desk(), date(2027, 1, 6), "en")  # a Wednesday
    assert [line.today for line in lines] == [False, False, False]
    started = weekly_lines(LOADED, weekly_desk(), date(2027, 2, 3), "en")  # a Wednesday
    assert [line.today for line in started] == [False, True, False]
    assert started[1].validity == "until 30 June 2027"


def test_a_weekly_line_prints_its_validity_only_when_there_is_one():
    slot = Slot.model_validate({"days": ["maandag"], "from": "09:00", "to": "12:00"})
    line = WeeklyLine(0, slot, "Monday", bdi("09:00–12:00"), None, "by phone", True, None)
    assert line.text == "Monday 09:00–12:00 · by phone"


# --- the status line ------------------------------------------------------------------------------

SETTINGS = LOADED.settings
WALK_IN = {"days": ["maandag", "woensdag"], "from": "10:00", "to": "12:00", "location": LIBRARY}
PHONE = {"days": ["maandag", "woensdag"], "from": "10:00", "to": "12:00"}


def said(org: Organisation, moment: datetime, lang: str = "en"):
    line = status_line(org, hours.status(org, SETTINGS, moment), LOADED.locations, lang)
    return line.state, str(line.text), line.location, line.note


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


def test_open_now_says_until_when_and_where(ctx):
    org = organisation(hours=[WALK_IN])
    assert said(org, at("2027-01-04T10:30")) == (
        "open",
        f"Open now until {bdi('12:00')}",
        LOADED.locations[LIBRARY],
        None,
    )
    state, text, _, _ = said(org, at("2027-01-04T10:30"), "nl")
    assert text == f"Nu open tot {bdi('12:00')}"


def test_phone_hours_say_by_phone_and_have_no_place(ctx):
    org = organisation(hours=[PHONE])
    assert said(org, at("2027-01-04T10:30")) == (
        "open",
        f"Open now by phone until {bdi('12:00')}",
        None,
        None,
    )
    assert said(org, at("2027-01-04T13:00")) == (
        "closed",
        f"By phone from Wednesday at {bdi('10:00')}",
        None,
        None,
    )


def test_closed_says_when_it_opens_next_and_where(ctx):
    org = organisation(hours=[WALK_IN])
    assert said(org, at("2027-01-04T13:00")) == (
        "closed",
        f"Opens Wednesday at {bdi('10:00')}",
        LOADED.locations[LIBRARY],
        None,
    )


def test_a_closed_day_with_a_reason_says_why_and_when_next(ctx):
    closure = {"date": "2027-01-04", "closed": True, "reason": REASON}
    walk_in = organisation(hours=[WALK_IN], exceptions=[closure])
    assert said(walk_in, at("2027-01-04T09:00")) == (
        "closed",
        f"Closed today (Training day) · opens Wednesday at {bdi('10:00')}",
        LOADED.locations[LIBRARY],
        None,
    )
    phone = organisation(hours=[PHONE], exceptions=[closure])
    assert said(phone, at("2027-01-04T09:00")) == (
        "closed",
        f"Closed today (Training day) · by phone from Wednesday at {bdi('10:00')}",
        None,
        None,
    )


def test_other_hours_today_are_noted_next_to_the_status(ctx):
    closure = {
        "date": "2027-01-04",
        "hours": [{"from": "13:00", "to": "14:00", "location": LIBRARY}],
        "reason": REASON,
    }
    org = organisation(hours=[WALK_IN], exceptions=[closure])
    assert said(org, at("2027-01-04T13:30")) == (
        "open",
        f"Open now until {bdi('14:00')}",
        LOADED.locations[LIBRARY],
        "Other hours today: Training day",
    )
    assert said(org, at("2027-01-04T09:00"))[3] == "Other hours today: Training day"
    assert said(org, at("2027-01-04T09:00"), "nl")[3] == "Vandaag andere tijden: Studiedag"


def test_no_next_opening_says_so_with_the_reason_if_closed_today(ctx):
    # The desk's last day is a closed day: nothing comes after it.
    closure = {"date": "2027-01-04", "closed": True, "reason": REASON}
    org = organisation(hours=[WALK_IN], exceptions=[closure], valid_until="2027-01-04")
    assert said(org, at("2027-01-04T09:00")) == (
        "closed",
        "Closed today (Training day)",
        None,
        None,
    )
    plain = organisation(hours=[WALK_IN], valid_until="2027-01-04")
    assert said(plain, at("2027-01-04T13:00")) == (
        "closed",
        "Closed. No next opening is known.",
        None,
        None,
    )


def test_ended_and_not_started_say_the_date(ctx):
    ended = organisation(hours=[WALK_IN], valid_until="2026-12-31")
    assert said(ended, at("2027-01-04T10:30")) == (
        "ended",
        "Ran until 31 December 2026",
        None,
        None,
    )
    later = organisation(hours=[WALK_IN], valid_from="2027-02-01")
    assert said(later, at("2027-01-04T10:30"), "nl") == (
        "closed",
        "Begint op 1 februari 2027",
        None,
        None,
    )


def test_no_hours_says_the_note_or_that_none_are_known(ctx):
    noted = organisation(
        hours_note={"nl": "Bel voor een afspraak", "en": "Call first", "ar": "اتصل"}
    )
    assert said(noted, at("2027-01-04T10:30")) == ("note", "Call first", None, None)
    bare = organisation()
    assert said(bare, at("2027-01-04T10:30"), "nl")[:2] == ("note", "Openingstijden niet bekend.")


def test_a_status_line_has_no_place_or_note_unless_given():
    from routekaart.web.hours_wording import StatusLine

    line = StatusLine("open", "Open")
    assert (line.location, line.note) == (None, None)


def test_dates_past_january_name_the_day_of_the_month(ctx):
    start = datetime(2027, 2, 10, 9, 0, tzinfo=AMS)
    assert str(when(start, MONDAY, "en")) == f"Wednesday 10 February at {bdi('09:00')}"


def test_how_many_days_ahead_is_counted_in_amsterdam(ctx):
    # 23:30 UTC on Tuesday is 00:30 on Wednesday in Amsterdam: two days after Monday.
    start = datetime(2027, 1, 5, 23, 30, tzinfo=UTC)
    assert str(when(start, MONDAY, "en")) == f"Wednesday at {bdi('00:30')}"


def test_dates_in_exceptions_and_endings_are_in_the_language_asked_for(ctx):
    closure = Closure.model_validate(
        {"date": "2026-12-24", "until": "2026-12-27", "closed": True, "reason": REASON}
    )
    assert str(exception_line(closure, "nl")) == (
        "24 december 2026 – 27 december 2026: dicht (Studiedag)"
    )
    ended = organisation(hours=[WALK_IN], valid_until="2026-12-31")
    assert said(ended, at("2027-01-04T10:30"), "nl")[:2] == ("ended", "Gestopt na 31 december 2026")
