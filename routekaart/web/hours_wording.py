"""Opening hours in words: status lines, times and the weekly hours, in the language asked for.

:mod:`routekaart.domain.hours` does the reasoning; this module says it. There is one way to say each
thing, used by the result cards, the organisation page, the poster, the partners' pages, the
HSDS export and the calendar.

Every function takes the language as an argument and translates with that language
(``force_locale``), never with the request's: ``/api/v1/hsds/services?lang=en`` read with
``Accept-Language: ar`` is English throughout. Day and month names come from Babel in the same
language.

Which weekly slots are shown on a day (:func:`weekly_lines`): every slot in force that day, and
every slot that only starts later, marked "from 1 January 2027"; a slot that ended is left out,
and so is every slot of a service that ended. A December poster or result card thus tells a
resident about January's new hours without sending anyone to them in December.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from babel.dates import format_date, format_time, get_day_names
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from routekaart.content.model import WEEKDAYS, Closure, Location, Organisation, Slot
from routekaart.domain import hours
from routekaart.domain.hours import AMSTERDAM, Opening
from routekaart.domain.typeset import isolated_place, list_comma, place_parts, sentence_start
from routekaart.web.i18n import babel_locale


def _fill(template: str, **values: object) -> Markup:
    """A translated template with its placeholders filled; values may hold markup (``<bdi>``)."""
    return Markup(escape(template)) % values


def _clock(value: datetime | time, lang: str) -> str:
    """24-hour ``HH:mm`` (as on the poster); a moment is read in Amsterdam."""
    if isinstance(value, datetime):
        return format_time(value, "HH:mm", tzinfo=AMSTERDAM, locale=babel_locale(lang))
    return format_time(value, "HH:mm", locale=babel_locale(lang))


def _ltr(text: str) -> Markup:
    """Numbers isolated left-to-right, so they never scramble in Arabic."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def clock_time(moment: datetime, lang: str) -> Markup:
    """A time like 10:00, isolated left-to-right."""
    return _ltr(_clock(moment, lang))


def time_range(opening: Opening, lang: str) -> Markup:
    """``10:00–12:00``, isolated left-to-right."""
    return _ltr(f"{_clock(opening.start, lang)}–{_clock(opening.end, lang)}")


def long_date(day: date, lang: str) -> str:
    """A date as people write it: "1 januari 2027", "1 January 2027" (British)."""
    return format_date(day, "long", locale=babel_locale(lang))


def exception_line(closure: Closure, lang: str) -> Markup:
    """A dated exception in words: "25 december 2026: closed (Christmas)", or its other hours."""
    with force_locale(babel_locale(lang)):
        days = long_date(closure.date, lang)
        if closure.until:
            days += " – " + long_date(closure.until, lang)
        if closure.closed:
            what = escape(gettext("closed"))
        else:
            what = Markup(" ").join(
                _ltr(f"{_clock(h.opens, lang)}–{_clock(h.closes, lang)}") for h in closure.hours
            )
        return Markup("{}: {} ({})").format(days, what, closure.reason(lang))


def when(start: datetime, moment: datetime, lang: str, absolute: bool = False) -> Markup:
    """When an opening starts, seen from ``moment``: today, tomorrow, a weekday or a date.

    ``absolute`` gives the date ("Tuesday 8 December at 09:00"): for paper, which is still read
    the next day, when "tomorrow" would be wrong. An opening later on the printed day itself is
    only its time ("at 09:00"): the printed line already names that day ("Printed on Monday 4
    January 2027. Opens at 09:00"), and saying it twice reads like a machine."""
    time_text = clock_time(start, lang)
    days = _days_ahead(start, moment)
    with force_locale(babel_locale(lang)):
        if absolute and days == 0:
            return _fill(gettext("at %(time)s"), time=time_text)
        if absolute:
            days = 7
        if days == 0:
            return _fill(gettext("today at %(time)s"), time=time_text)
        if days == 1:
            return _fill(gettext("tomorrow at %(time)s"), time=time_text)
        if days < 7:
            day = format_date(start.astimezone(AMSTERDAM), "EEEE", locale=babel_locale(lang))
            return _fill(gettext("%(day)s at %(time)s"), day=day, time=time_text)
        day = format_date(start.astimezone(AMSTERDAM), "EEEE d MMMM", locale=babel_locale(lang))
        return _fill(gettext("%(date)s at %(time)s"), date=day, time=time_text)


def _days_ahead(start: datetime, moment: datetime) -> int:
    """How many days after the day of ``moment`` an opening starts (in the Netherlands)."""
    return (start.astimezone(AMSTERDAM).date() - moment.astimezone(AMSTERDAM).date()).days


def day_list(days: list[str], lang: str) -> str:
    """Weekdays of a slot as people say them: "Monday to Friday", "Monday, Wednesday".

    Three or more days in a row become a range; the day names come from Babel.
    """
    names = get_day_names("wide", locale=babel_locale(lang))
    runs: list[list[int]] = []
    for index in sorted(WEEKDAYS.index(d) for d in days):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    with force_locale(babel_locale(lang)):
        for run in runs:
            if len(run) >= 3:
                first, last = names[run[0]], names[run[-1]]
                parts.append(gettext("%(first)s to %(last)s", first=first, last=last))
            else:
                parts.extend(names[i] for i in run)
    return sentence_start(list_comma(lang).join(parts))


# --- the weekly hours ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyLine:
    """One weekly slot in words: "Monday to Friday 09:00–17:00 · by phone · from 4 January"."""

    index: int  # the slot's place in ``org.hours`` (stable ids in the HSDS export)
    slot: Slot
    days: str
    times: Markup  # isolated left-to-right
    location: Location | None  # None: phone hours
    where: str  # the location's name, "by phone", or "" when the source does not say
    today: bool  # in force on the day asked about, and open on its weekday
    validity: str | None  # "from 1 January 2027", "until 31 December 2026", or None
    unstated: bool = False  # the source does not say what these hours are for
    place: Markup | None = None  # ``where`` as a page shows a location: each part isolated

    @property
    def text(self) -> str:
        """The whole line as plain text, as the pages show it."""
        times = f"{self.slot.opens:%H:%M}–{self.slot.closes:%H:%M}"
        parts = [f"{self.days} {times}"] + ([self.where] if self.where else [])
        return " · ".join(parts + ([self.validity] if self.validity else []))


def slot_text(slot: Slot, lang: str) -> Markup:
    """A weekly slot in words, "Monday 10:00–12:00", times isolated left-to-right."""
    times = _ltr(f"{_clock(slot.opens, lang)}–{_clock(slot.closes, lang)}")
    return Markup("{} {}").format(day_list(slot.days, lang), times)


def _validity(slot: Slot, day: date, lang: str) -> str | None:
    """When a slot starts (if after ``day``) and when it ends, in words."""
    parts = []
    with force_locale(babel_locale(lang)):
        if slot.state_on(day) == "not-started":
            parts.append(gettext("from %(date)s", date=long_date(slot.valid_from, lang)))
        if slot.valid_until is not None:
            parts.append(gettext("until %(date)s", date=long_date(slot.valid_until, lang)))
    return " · ".join(parts) or None


def weekly_lines(content, org: Organisation, day: date, lang: str) -> list[WeeklyLine]:
    """The weekly hours of ``org`` as they stand on ``day``, in ``lang``.

    Which slots: :func:`routekaart.domain.hours.weekly_slots` (in force, or starting later).
    """
    weekday = WEEKDAYS[day.weekday()]
    with force_locale(babel_locale(lang)):
        by_phone = gettext("by phone")
    lines = []
    for index, slot in hours.weekly_slots(org, day):
        phase = slot.state_on(day)
        location = content.locations[slot.location] if slot.location else None
        lines.append(
            WeeklyLine(
                index=index,
                slot=slot,
                days=day_list(slot.days, lang),
                times=_ltr(f"{_clock(slot.opens, lang)}–{_clock(slot.closes, lang)}"),
                location=location,
                where=place_parts(location.name, lang)
                if location
                else ("" if slot.unstated() else by_phone),
                today=phase == "active" and weekday in slot.days,
                validity=_validity(slot, day, lang),
                unstated=slot.unstated(),
                place=isolated_place(location.name, lang) if location else None,
            )
        )
    return lines


def unstated_note(lines: list[WeeklyLine], lang: str) -> str | None:
    """The one sentence under a list of hours when the source does not say what some of them
    are for (the Kredietbank's), or None.

    Said once under the list, as a person would, not after every line: six times "(we don't
    know …)" in a week table reads like a note for staff."""
    if not any(line.unstated for line in lines):
        return None
    with force_locale(babel_locale(lang)):
        return gettext("Call first to ask whether you can visit at these times.")


def holiday_hedge(org: Organisation, reason: str, lang: str) -> Markup:
    """A public holiday the desk has not confirmed it closes on: "may be closed", and what to do
    about it only with a contact the desk has (the PING-loket has no phone number).

    Short and without "today" or "it's": the week table shows it in the row of another day."""
    with force_locale(babel_locale(lang)):
        if org.phone:
            template = gettext("Public holiday (%(reason)s): may be closed. Call first.")
        else:
            template = gettext(
                "Public holiday (%(reason)s): may be closed. There’s no phone number to check."
            )
        return _fill(template, reason=reason)


def _unsure_holiday(
    org: Organisation, status: hours.Status, reason: str, location, lang: str, absolute: bool
) -> StatusLine:
    """A public holiday the desk has not confirmed it closes on: say what we know.

    The place of the next opening goes with its time, "From Wednesday at 11:00 (Tuinkamer van
    Noord, Sporthal de Fluit) …", never tacked on after the full stop."""
    if status.next is None:
        return StatusLine("closed", holiday_hedge(org, reason, lang))
    if org.phone:
        template = gettext(
            "Public holiday (%(reason)s): may be closed. Call first. From %(when)s the usual "
            "hours apply again."
        )
    else:
        template = gettext(
            "Public holiday (%(reason)s): may be closed. There’s no phone number to check. From "
            "%(when)s the usual hours apply again."
        )
    next_when = when(status.next.start, status.moment, lang, absolute)
    if location is not None:
        next_when = Markup("{} ({})").format(next_when, isolated_place(location.name, lang))
    return StatusLine("closed", _fill(template, reason=reason, when=next_when))


# --- the status line ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusLine:
    """A status ready for a template: a CSS state, the sentence, and the place if any."""

    state: str
    text: Markup
    location: Location | None = None
    note: str | None = None
    # The same status for paper: dated, never "today" or "tomorrow" (None when it is the same).
    printed: Markup | None = None


def status_line(org: Organisation, status: hours.Status, locations: dict, lang: str) -> StatusLine:
    """The sentence a resident reads: "Open now, until 12:00", "Opens Monday at 10:00", …,
    with its dated form for paper ("Printed on Monday 7 December 2026. Opens Tuesday 8
    December …")."""
    with force_locale(babel_locale(lang)):
        line = _status_line(org, status, locations, lang)
        if line.state in ("note", "ended"):
            return line
        dated = _status_line(org, status, locations, lang, absolute=True)
        # Paper names its day and an open desk "open until 12:00" there, never "open now".
        # No clock time: a page keeps the same bytes (and ETag) from minute to minute.
        on = format_date(
            status.moment.astimezone(AMSTERDAM), "EEEE d MMMM y", locale=babel_locale(lang)
        )
        # The date is when the page was printed, said so: "Printed on Monday 7 December 2026.
        # Opens Tuesday …" (a bare "On Monday …:" read as the day of the opening).
        printed = _fill(gettext("Printed on %(date)s. %(status)s"), date=on, status=dated.text)
        return replace(line, printed=printed)


def _status_line(
    org: Organisation, status: hours.Status, locations: dict, lang: str, absolute: bool = False
) -> StatusLine:
    today = status.today
    note = None
    if today.exception is not None and today.openings:
        note = gettext("Other hours today: %(reason)s", reason=today.exception.reason(lang))
    if status.state == "ended":
        date_text = long_date(status.ended_on, lang)
        return StatusLine("ended", _fill(gettext("Ran until %(date)s"), date=date_text))
    if status.state == "no-hours":
        text = org.hours_note(lang) if org.hours_note else gettext("Opening hours not known.")
        return StatusLine("note", Markup(escape(text)))
    if status.state == "not-started":
        date_text = long_date(status.starts_on, lang)
        return StatusLine("closed", _fill(gettext("Starts on %(date)s"), date=date_text))
    slot = status.slot
    location = locations.get(slot.location) if slot and slot.location else None
    if status.current is not None:
        until = clock_time(status.current.end, lang)
        if status.current.by_phone and absolute:
            text = _fill(gettext("Open by phone until %(time)s"), time=until)
        elif status.current.by_phone:
            text = _fill(gettext("Open now by phone until %(time)s"), time=until)
        elif absolute:
            text = _fill(gettext("Open until %(time)s"), time=until)
        else:
            text = _fill(gettext("Open now until %(time)s"), time=until)
        return StatusLine("open", text, location, note)
    reason = today.reason(lang) if today.closed_specially and today.reason else None
    if reason and today.unsure:
        return _unsure_holiday(org, status, reason, location, lang, absolute)
    if status.next is None:
        if reason:
            return StatusLine("closed", _fill(gettext("Closed today (%(reason)s)"), reason=reason))
        return StatusLine("closed", Markup(escape(gettext("Closed. No next opening is known."))))
    if absolute and _days_ahead(status.next.start, status.moment) == 0 and not reason:
        # Paper names its day before the status ("Printed on Tuesday 5 January 2027."), so an
        # opening later that day is its time alone: "Open from 09:00", never "opens at 09:00" (nl
        # "gaat om 09:00 open" reads as if a word were missing).
        time_text = clock_time(status.next.start, lang)
        if status.next.by_phone:
            template = gettext("By phone from %(time)s")
        else:
            template = gettext("Open from %(time)s")
        return StatusLine("closed", _fill(template, time=time_text), location, note)
    next_when = when(status.next.start, status.moment, lang, absolute)
    # Translators: %(when)s is a phrase like "Monday at 10:00" or "tomorrow at 09:00";
    # %(reason)s is a holiday or the reason staff gave, like "King's Day".
    if status.next.by_phone and reason:
        template = gettext("Closed today (%(reason)s) · by phone from %(when)s")
    elif status.next.by_phone:
        template = gettext("By phone from %(when)s")
    elif reason:
        template = gettext("Closed today (%(reason)s) · opens %(when)s")
    else:
        template = gettext("Opens %(when)s")
    return StatusLine(
        "closed", _fill(template, reason=reason or "", when=next_when), location, note
    )
