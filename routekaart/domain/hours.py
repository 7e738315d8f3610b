"""Opening hours: is an organisation open at a moment, until when, where, and when next.

Pure Python over the content model (no Flask, no Babel): the input is an
:class:`~routekaart.content.model.Organisation`, the
:class:`~routekaart.content.model.Settings` and an aware moment; the output is dataclasses
that the views turn into words.

Decisions worth knowing:

- Everything is wall-clock time in Europe/Amsterdam; the server runs in UTC. Slots are
  ``[from, to)``: a desk open "09:00–12:00" is closed at 12:00 exactly.
- A dated exception beats a public holiday, which beats the weekly slots. So staff can open a
  desk on a holiday by writing an exception with hours for that day.
- Which public holidays close the desks is a staff decision kept in ``settings.yaml``; the
  dates come from the ``holidays`` package (Koningsdag moves to 26 April when 27 April is a
  Sunday; Liberation Day is only a national day off every fifth year).
- Daylight saving: a slot time that does not exist (the hour skipped in March) is read as the
  first moment that exists after it, since the desk is open while the wall clock reads a time
  inside the slot. A time that happens twice (October) opens at its first and closes at its
  last occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

from routekaart.content.model import WEEKDAYS, Closure, Organisation, Settings, Slot, Text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# How far ahead the calendar download and the JSON-LD special days reach.
CALENDAR_WEEKS = 8

# How far ahead "next opening" looks. A year covers a long summer break and an organisation
# that starts later; beyond that we would rather say "no opening known" than guess.
SEARCH_DAYS = 366

# The `holidays` package's English names mapped to our holiday ids (see model.HOLIDAY_IDS).
# Queen's Day is the name before 2014.
HOLIDAY_NAMES = {
    "New Year's Day": "nieuwjaarsdag",
    "Good Friday": "goede-vrijdag",
    "Easter Sunday": "eerste-paasdag",
    "Easter Monday": "tweede-paasdag",
    "King's Day": "koningsdag",
    "Queen's Day": "koningsdag",
    "Liberation Day": "bevrijdingsdag",
    "Ascension Day": "hemelvaartsdag",
    "Pentecost": "eerste-pinksterdag",
    "Whit Sunday": "eerste-pinksterdag",
    "Pentecost Monday": "tweede-pinksterdag",
    "Whit Monday": "tweede-pinksterdag",
    "Christmas Day": "eerste-kerstdag",
    "Second Day of Christmas": "tweede-kerstdag",
    "Boxing Day": "tweede-kerstdag",
}

State = Literal["open", "closed", "no-hours", "ended", "not-started"]


@dataclass(frozen=True)
class Opening:
    """One concrete stretch of opening time: ``[start, end)`` at a location, or by phone."""

    start: datetime
    end: datetime
    location: str | None
    # Hours without a place whose source does not say what they are for (Slot.unstated).
    unstated: bool = False

    @property
    def by_phone(self) -> bool:
        """Phone hours (a slot without a location, not marked unstated) rather than walk-in."""
        return self.location is None and not self.unstated

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Day:
    """The hours of one calendar day, after exceptions and public holidays."""

    day: date
    openings: tuple[Opening, ...]
    active: bool
    holiday: str | None = None
    exception: Closure | None = None
    reason: Text | None = None
    # Closed for a public holiday the desk never confirmed it closes on (settings.yaml is the
    # team's assumption): residents read "often closed, call first", not a certain "closed".
    unsure: bool = False
    # On such a day: the weekly openings the holiday may cancel (for the calendar's hedge).
    usual: tuple[Opening, ...] = ()

    @property
    def closed_specially(self) -> bool:
        """Closed all day because of a public holiday or a dated exception."""
        return self.reason is not None and not self.openings


@dataclass(frozen=True)
class Status:
    """What a resident wants to know at ``moment``."""

    moment: datetime
    state: State
    today: Day
    current: Opening | None = None
    next: Opening | None = None
    ended_on: date | None = None
    starts_on: date | None = None

    @property
    def open_now(self) -> bool:
        """Whether the organisation is open (or can be called) at the moment."""
        return self.current is not None

    @property
    def slot(self) -> Opening | None:
        """The current opening, else the next one: where the resident would go."""
        return self.current or self.next


# --- calendar ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> dict[date, str]:
    found = holidays.country_holidays("NL", years=year, language="en_US")
    days: dict[date, str] = {}
    for day, names in found.items():
        for name in names.split("; "):
            if name in HOLIDAY_NAMES:
                days.setdefault(day, HOLIDAY_NAMES[name])
    return days


def public_holiday(day: date) -> str | None:
    """Our id of the Dutch public holiday on ``day`` (whether or not it closes the desks)."""
    return _public_holidays(day.year).get(day)


def closing_holiday(day: date, settings: Settings) -> str | None:
    """The public holiday on ``day`` if staff marked it as closing the desks."""
    holiday = public_holiday(day)
    return holiday if holiday in settings.closed_on_holidays else None


def exception_on(org: Organisation, day: date) -> Closure | None:
    """The first dated exception of ``org`` that covers ``day``."""
    for closure in org.exceptions:
        if closure.date <= day <= (closure.until or closure.date):
            return closure
    return None


def to_moment(day: date, clock: time, *, closing: bool = False) -> datetime:
    """A wall-clock time on ``day`` in Amsterdam as an aware moment (see DST in the module doc)."""
    naive = datetime.combine(day, clock)
    for minutes in range(0, 24 * 60):
        wall = naive + timedelta(minutes=minutes)
        aware = wall.replace(tzinfo=AMSTERDAM, fold=1 if closing else 0)
        if aware.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) == wall:
            # Normalise so the offset printed is the real one.
            return aware.astimezone(UTC).astimezone(AMSTERDAM)
    raise ValueError(f"no local time exists after {naive}")  # pragma: no cover


def _slot_applies(slot: Slot, day: date) -> bool:
    return slot.active_on(day) and WEEKDAYS[day.weekday()] in slot.days


def _merge(openings: list[Opening]) -> tuple[Opening, ...]:
    """Sort, and join openings that touch or overlap at the same place into one."""
    merged: list[Opening] = []
    for opening in sorted(openings, key=lambda o: (o.start, o.end)):
        last = merged[-1] if merged else None
        if last and last.location == opening.location and opening.start <= last.end:
            merged[-1] = Opening(
                last.start, max(last.end, opening.end), last.location, last.unstated
            )
        else:
            merged.append(opening)
    return tuple(merged)


def day_hours(org: Organisation, settings: Settings, day: date) -> Day:
    """The hours of ``org`` on ``day``: exception, else holiday, else the weekly slots."""
    if not org.active_on(day):
        return Day(day, (), active=False)
    holiday = closing_holiday(day, settings)
    closure = exception_on(org, day)
    if closure is not None:
        openings = [
            Opening(to_moment(day, h.opens), to_moment(day, h.closes, closing=True), h.location)
            for h in closure.hours
        ]
        return Day(day, _merge(openings), True, holiday, closure, closure.reason)
    openings = _merge(
        [
            Opening(
                to_moment(day, s.opens),
                to_moment(day, s.closes, closing=True),
                s.location,
                s.unstated(),
            )
            for s in org.hours
            if _slot_applies(s, day)
        ]
    )
    if holiday is not None and openings:
        # A holiday is news only on a day the desk would otherwise open: on a Saturday the
        # Kredietbank is closed anyway, and "often closed on Boxing Day" would only confuse.
        reason = settings.closed_on_holidays[holiday]
        unsure = not org.holidays_confirmed()
        return Day(day, (), True, holiday, None, reason, unsure=unsure, usual=openings)
    return Day(day, openings, True)


def openings(org: Organisation, settings: Settings, first: date, days: int) -> Iterator[Opening]:
    """Every opening of ``org`` on ``days`` calendar days from ``first``, in order."""
    for offset in range(days):
        yield from day_hours(org, settings, first + timedelta(days=offset)).openings


def has_hours(org: Organisation) -> bool:
    """Whether ``org`` has any opening hours at all (weekly or in an exception)."""
    return bool(org.hours) or any(c.hours for c in org.exceptions)


def weekly_slots(org: Organisation, day: date) -> list[tuple[int, Slot]]:
    """The weekly slots to tell people about on ``day``, with their index in ``org.hours``.

    Every slot in force on ``day`` and every slot that starts later (the words say from when);
    not a slot that ended, and nothing once the organisation itself ended. One rule for the
    pages, the poster, the partners' pages and the open data.
    """
    if org.state_on(day) == "ended":
        return []
    return [(i, slot) for i, slot in enumerate(org.hours) if slot.state_on(day) != "ended"]


def week(org: Organisation, settings: Settings, moment: datetime) -> list[Day]:
    """Monday to Sunday of the week of ``moment``, with exceptions and holidays applied."""
    today = moment.astimezone(AMSTERDAM).date()
    monday = today - timedelta(days=today.weekday())
    return [day_hours(org, settings, monday + timedelta(days=i)) for i in range(7)]


# --- the answer ----------------------------------------------------------------------------


def status(org: Organisation, settings: Settings, moment: datetime) -> Status:
    """Open now and until when, or when next; or that the service ended or has not started."""
    if moment.tzinfo is None:
        raise ValueError("status() needs an aware moment")
    moment = moment.astimezone(AMSTERDAM)
    today = moment.date()
    hours_today = day_hours(org, settings, today)
    phase = org.state_on(today)
    if phase == "ended":
        return Status(moment, "ended", hours_today, ended_on=org.valid_until)
    current = upcoming = None
    if has_hours(org):
        # Openings never pass midnight (a slot closes after it opens on the same day), so the
        # search can start today.
        last_day = today + timedelta(days=SEARCH_DAYS)
        if org.valid_until is not None:
            last_day = min(last_day, org.valid_until)
        for opening in openings(org, settings, today, (last_day - today).days + 1):
            if moment in opening:
                current = opening
            elif opening.start > moment:
                upcoming = opening
                break
    if phase == "not-started":
        return Status(moment, "not-started", hours_today, None, upcoming, starts_on=org.valid_from)
    if not has_hours(org):
        return Status(moment, "no-hours", hours_today)
    state: State = "open" if current else "closed"
    return Status(moment, state, hours_today, current, upcoming, ended_on=org.valid_until)


def next_change(found: Status) -> datetime:
    """The first moment after ``found.moment`` at which a page about this status may read
    differently: the end of the current opening, the start of the next one, or midnight.

    Midnight always counts, because the words depend on the day as well as on the openings:
    "today" becomes "tomorrow", a public holiday or a dated exception starts or ends, a
    service starts or ends (``valid_from``/``valid_until`` are whole days), weekly slots come
    into force. Between two such moments the status and every line about it stay the same, so
    a cache may keep the page until then and never longer.
    """
    midnight = to_moment(found.moment.date() + timedelta(days=1), time(0))
    edge = found.current.end if found.current else (found.next.start if found.next else None)
    if edge is not None and found.moment < edge < midnight:
        return edge
    return midnight


def next_change_of(org: Organisation, settings: Settings, moment: datetime) -> datetime:
    """When the opening status of ``org`` may next change after ``moment`` (see next_change)."""
    return next_change(status(org, settings, moment))
