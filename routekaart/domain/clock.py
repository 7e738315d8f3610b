"""The moment a page is about: now, or the moment staff preview with ``?at=``."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now(fixed: str | None = None) -> datetime:
    """The current moment in Europe/Amsterdam (the server clock runs in UTC).

    ``fixed`` is the app's ``FIXED_NOW`` setting: a local time like ``2027-01-04T10:30`` that
    stands in for the clock. Tests and demos set it so a page never depends on the day it is
    rendered; a production site never does.
    """
    if fixed:
        moment = parse_at(fixed)
        if moment is None:
            raise ValueError(f"FIXED_NOW {fixed!r} is not a local time like 2027-01-04T10:30")
        return moment
    return datetime.now(tz=AMSTERDAM)


def parse_at(value: str) -> datetime | None:
    """A local Amsterdam time like ``2027-01-04T10:00`` as an aware moment; None if malformed.

    A time that does not exist locally (the hour skipped when summer time starts) is moved
    forward the way a wall clock is; an hour that happens twice means its first occurrence.
    """
    if not value or len(value) > 32:
        return None
    for layout in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            naive = datetime.strptime(value, layout)
        except ValueError:
            continue
        if not 2000 <= naive.year <= 2100:
            return None
        local = naive.replace(tzinfo=AMSTERDAM)
        # Round-trip through UTC so a skipped local time gets a real offset.
        return local.astimezone(UTC).astimezone(AMSTERDAM)
    return None
