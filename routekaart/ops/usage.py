"""Reading the reach counts back from the database, and rolling old days up into months.

The counts are written by :mod:`routekaart.ops.counting` into one table (see
:mod:`routekaart.ops.db` for what each kind, key and language means). The tables of figures
and the small-number rule are :mod:`routekaart.domain.reach` and
:mod:`routekaart.domain.hiding`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, and_, delete, literal, select

from routekaart.domain.reach import Counts, month_end, month_start
from routekaart.ops.db import feedback_counts, usage_counts

# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """The counts of a range of days, and whether part of it only exists as month totals."""

    counts: Counts
    # Months that were rolled up but lie only partly inside the range: their counts cannot be
    # split into days, so they are left out and the page says so.
    partial_months: tuple[date, ...]


def read_counts(conn: Connection, first: date, last: date) -> Read:
    """The counts from ``first`` to ``last`` (both included): day rows, and the month rows of
    months that lie wholly inside the range. Residents' answers (``feedback_counts``) come in
    the same dictionary, their kind written ``kind:answer`` (``helped:yes``, ``why_not:dicht``).
    """
    counts: Counts = defaultdict(int)
    partial: set[date] = set()
    for table in (usage_counts, feedback_counts):
        t = table.c
        answer = t.answer if table is feedback_counts else literal("")
        rows = conn.execute(
            select(t.period, t.day, t.kind, answer, t.key, t.lang, t.n).where(
                t.day >= month_start(first), t.day <= last
            )
        )
        for period, day, kind, answered, key, lang, n in rows:
            if period == "day":
                if day < first:
                    continue
            elif day < first or month_end(day) > last:
                partial.add(day)
                continue
            counts[(f"{kind}:{answered}" if answered else kind, key, lang)] += n
    return Read(dict(counts), tuple(sorted(partial)))


def read_reports(conn: Connection, first: date, last: date) -> dict[tuple[str, str], tuple]:
    """The reports of a wrong fact ("Klopt er iets niet?") from ``first`` to ``last``: per
    (organisation, fact) the number and the last day one came in (day rows only: reports are
    for the call list, and the call list looks at recent weeks)."""
    t = feedback_counts.c
    found: dict[tuple[str, str], tuple[int, date]] = {}
    rows = conn.execute(
        select(t.key, t.answer, t.day, t.n).where(
            t.kind == "wrong", t.period == "day", t.day >= first, t.day <= last
        )
    )
    for org_id, fact, day, n in rows:
        before, latest = found.get((org_id, fact), (0, day))
        found[(org_id, fact)] = (before + n, max(latest, day))
    return found


def roll_up(conn: Connection, today: date, keep_days: int) -> int:
    """Replace the day rows of every month that ended more than ``keep_days`` days before
    ``today`` by month rows (period "month", day = the 1st), in both tables of counts; the
    number of day rows removed.

    Only whole months are rolled up, so a month is never half days, half month. The caller runs
    this in one transaction (``engine.begin()``), so a failure leaves the day rows in place.
    """
    # The first day still kept as a day; months that end before it are rolled up.
    keep_from = today - timedelta(days=keep_days)
    before = month_start(keep_from)
    return sum(_roll_up(conn, table, before) for table in (usage_counts, feedback_counts))


def _roll_up(conn: Connection, table, before: date) -> int:
    t = table.c
    keys = [c for c in table.primary_key.columns if c.name not in ("period", "day")]
    old = conn.execute(select(t.day, *keys, t.n).where(t.period == "day", t.day < before)).all()
    if not old:
        return 0
    months: dict[tuple, int] = defaultdict(int)
    for day, *key, n in old:
        months[(month_start(day), *key)] += n
    existing = {
        (day, *key)
        for day, *key, _ in conn.execute(select(t.day, *keys, t.n).where(t.period == "month"))
    }
    for (month, *key), n in months.items():
        values = dict(zip((c.name for c in keys), key, strict=True))
        if (month, *key) in existing:
            where = and_(t.period == "month", t.day == month, *(c == values[c.name] for c in keys))
            conn.execute(table.update().where(where).values(n=t.n + n))
        else:
            conn.execute(table.insert().values(period="month", day=month, n=n, **values))
    conn.execute(delete(table).where(t.period == "day", t.day < before))
    return len(old)


# --- hiding small numbers --------------------------------------------------------------------


# --- the tables --------------------------------------------------------------------------------


# --- CSV ---------------------------------------------------------------------------------------
