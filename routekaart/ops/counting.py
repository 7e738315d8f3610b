"""Reach counts: how often residents reached each step, result and hand-over, per day.

A view notes what its page is (``note``); after a successful response the note becomes one
count in this worker's memory, keyed by the Amsterdam calendar day, the kind, the key and the
language (see ``routekaart/ops/db.py``). A background thread adds the counts to the database in
batches with ``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``, so a page never waits
for a write and several workers never lose an increment.

A worker killed at once (SIGKILL, the out-of-memory killer, a crash) never reaches its exit
flush, so every count is also appended to a spool file of its own (``Spool``: one ``write`` of
a few dozen bytes per counted page, no ``fsync``: the kernel keeps what a killed process wrote)
before the page is answered. A batch written to the database removes its spool lines; the
spool of a process that no longer runs is taken over and written by the next worker that
starts or flushes. So a killed worker loses no count; what remains is a machine that loses
power (the last seconds that were not yet on disk), and one batch counted twice if a worker
dies between the database's commit and removing that batch's spool file (microseconds).

Whether a request counts is decided from the request and nothing of it is kept: not the
address, the user agent, the referrer, a cookie, the query string or the time of day. Not
counted: ``HEAD``, htmx history restores, staff previews (``?at=``), browser prefetches and
link previews, known bots and scripts (``BOTS``), requests without a user agent, the app's own
tests (``COUNT_USAGE`` is off under ``TESTING``; Werkzeug's test client is a script too).
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import logging
import os
import re
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, Response, current_app, g, request
from sqlalchemy.dialects import postgresql, sqlite

from routekaart.ops.db import database_url, feedback_counts, get_engine, usage_counts

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from routekaart.domain.engine import Conversation

log = logging.getLogger(__name__)

# User agents that are not a person reading the page: search and link-preview crawlers
# (WhatsApp, Facebook, Slack, Telegram, Discord, Skype and the like name themselves "bot" or
# "preview", WhatsApp and Facebook by name), HTTP libraries and command-line tools (curl, wget,
# Python, Java, Go, okhttp: uptime checks and scripts), headless browsers (our own browser tests,
# Lighthouse) and Werkzeug's test client. A resident's browser names none of these.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|embedly|curl|wget|python|"
    r"java/|go-http-client|okhttp|headless|lighthouse|werkzeug"
)  # matched against the lower-cased agent: ten times faster than re.IGNORECASE here

# Keys are paths from the content or fixed words; the column holds 200 characters.
MAX_KEY = 200

# How often the writer thread looks whether it is time to write, in seconds.
TICK = 0.1


_SPOOLS = itertools.count(1)


class Spool:
    """The counts of one process not yet in the database, in files of ``folder``.

    The process appends to ``<pid>-<spool>.spool``; a flush first renames it to
    ``<pid>-<spool>-<n>.taken`` (and appends to a new one), and removes the taken files once
    their counts are in the database (``<spool>`` tells apart two apps in one process).
    Files of a process id that no longer runs are taken over by renaming them to the taker's
    name: a rename is atomic, so only one process takes each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._pid = os.getpid()
        self._name = next(_SPOOLS)
        self._fd: int | None = None
        self._serial = 0
        self.taken: list[Path] = []  # written to the database only when a flush succeeds

    def _open(self) -> int:
        if self._pid != os.getpid():  # a fork has a spool of its own
            self._pid, self._fd, self.taken = os.getpid(), None, []
        if self._fd is None:
            path = self.folder / f"{self._pid}-{self._name}.spool"
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
        return self._fd

    def append(self, day: date, notes: list[tuple[str, str, str]]) -> None:
        """Keep the notes of one page on disk: one write, so a kill never splits it."""
        line = "".join(f"{day.isoformat()}\t{k}\t{key}\t{lang}\n" for k, key, lang in notes)
        os.write(self._open(), line.encode())

    def take(self) -> None:
        """Start a new spool file; the current one joins ``taken`` (called with the counts'
        lock held, so the file holds exactly the counts being written)."""
        if self._fd is None or self._pid != os.getpid():
            return
        self._serial += 1
        taken = self.folder / f"{self._pid}-{self._name}-{self._serial}.taken"
        os.rename(self.folder / f"{self._pid}-{self._name}.spool", taken)
        os.close(self._fd)
        self._fd = None
        self.taken.append(taken)

    def written(self) -> None:
        """The taken counts are in the database: forget their files."""
        for path in self.taken:
            path.unlink(missing_ok=True)
        self.taken = []

    def orphans(self) -> Counter[tuple[date, str, str, str]]:
        """Take over the spool files of processes that no longer run; their counts."""
        counts: Counter[tuple[date, str, str, str]] = Counter()
        for path in sorted(self.folder.iterdir()):
            owner = path.name.partition(".")[0].partition("-")[0]
            if not owner.isdigit() or int(owner) == os.getpid() or _alive(int(owner)):
                continue
            self._serial += 1
            mine = self.folder / f"{os.getpid()}-{self._name}-{self._serial}.taken"
            try:
                os.rename(path, mine)
            except FileNotFoundError:  # another process took it first
                continue
            self.taken.append(mine)
            counts.update(read_spool(mine))
        return counts


def read_spool(path: Path) -> Counter[tuple[date, str, str, str]]:
    """The counts in a spool file; a line that is not a count is skipped."""
    counts: Counter[tuple[date, str, str, str]] = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            continue
        counts[(day, parts[1], parts[2], parts[3])] += 1
    return counts


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def note(kind: str, key: str, lang: str) -> None:
    """Count ``kind``/``key`` in ``lang`` for this request, if its response is a success."""
    if len(key) <= MAX_KEY and "\t" not in key and "\n" not in key:
        g.setdefault("counts", []).append((kind, key, lang))


def note_conversation(conversation: Conversation, lang: str, content) -> None:
    """Note a step of the route finder: the question or result reached, "Iets anders" chosen,
    and the poster it was scanned from (only a tag of ``settings.sources``)."""
    # (A missing key costs MultiDict.get an exception, and parsing an empty query time.)
    source = request.args.get("bron") if request.query_string else None
    for kind, key, noted in conversation_notes(conversation, lang, content, source):
        note(kind, key, noted)


def conversation_notes(
    conversation: Conversation, lang: str, content, source: str | None
) -> list[tuple[str, str, str]]:
    """What a visit to a step counts: the step or result, and a poster tag of
    ``settings.sources``. The app counts what it serves with this;
    :mod:`routekaart.ops.cache_visits` counts what nginx served from its cache.

    "Something else" chosen is the result ``<question>/iets-anders`` and nothing more: it was
    once counted a second time (kind ``something_else``), and the two copies, protected each
    under its own total, let a hidden figure be worked out (issue 27)."""
    kind = "step" if conversation.result is None else "result"
    notes = [(kind, conversation.slug_path, lang)]
    if source and source in content.settings.sources:
        notes.append(("source", source, lang))
    return notes


def counts_as_a_visit(environ: dict, preview: bool) -> bool:
    """Whether the request with this WSGI ``environ`` (read directly: werkzeug's header
    lookups cost microseconds each) is a person's visit, decided from it, nothing of it kept;
    ``preview``: whether it is a staff preview (``?at=``)."""
    if environ.get("REQUEST_METHOD") == "HEAD" or preview:
        return False
    if environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
        return False  # htmx restoring a page it already showed (the back button)
    purpose = (environ.get("HTTP_SEC_PURPOSE", "") + environ.get("HTTP_PURPOSE", "")).lower()
    if "prefetch" in purpose or "preview" in purpose or environ.get("HTTP_X_MOZ") == "prefetch":
        return False
    agent = environ.get("HTTP_USER_AGENT", "")
    return bool(agent) and BOTS.search(agent.lower()) is None


def count_response(response: Response) -> Response:
    """After a successful page, turn its notes into counts for today, before the page is sent:
    a worker killed after this loses no count (the spool has it). If it dies before the page
    reached nginx, nginx asks the other server, which counts the visit again: at most one visit
    per killed worker is counted twice, and none is lost (counting after sending would lose
    one instead)."""
    page = g._get_current_object()  # (resolved once: this runs on every response)
    notes = page.pop("counts", None)
    page.noted = notes  # what a replay of this page counts (routekaart.web.replay)
    if (
        notes
        and 200 <= response.status_code < 300
        and counts_as_a_visit(request.environ, page.get("preview", False))
    ):
        counter = current_app.extensions.get("routekaart.counter")
        if counter is not None:  # None: counting is off (COUNT_USAGE)
            counter.add(page.now.date(), notes)
    return response


class UsageCounter:
    """The counts of one worker process, written to the database from a background thread.

    ``flush`` writes what is held; it runs every ``interval`` seconds, after ``batch`` new
    counts, and when the process stops. Counts that cannot be written are kept (at most
    ``max_keys`` different ones) and tried again; the failure is logged once, and so is the
    recovery.
    """

    def __init__(
        self,
        app: Flask,
        interval: float,
        batch: int,
        max_keys: int,
        writer=None,
        name="reach",
        spool: Spool | None = None,
    ) -> None:
        self.app = app
        # What writes a batch: ``write`` (reach counts) or ``write_feedback`` (answers).
        self.writer = writer or write
        self.name = name
        self.spool = spool
        self.interval = interval
        self.batch = batch
        self.max_keys = max_keys
        self._counts: Counter[tuple] = Counter()
        self._pending = 0
        self._lock = threading.Lock()  # guards the counts
        # One write at a time: a stopping process waits for the thread's write in progress.
        self._writing = threading.Lock()
        self._wake = threading.Event()
        self._pid: int | None = None
        self._failing = False
        self._dropped = 0

    def add(self, day: date, notes: list[tuple[str, ...]]) -> None:
        """Count each note, (kind, key, lang) for reach or (kind, key, answer, lang) for
        answers, once on ``day``."""
        with self._lock:
            if self.spool is not None:
                self.spool.append(day, notes)
            for note_ in notes:
                self._keep((day, *note_), 1)
            self._pending += len(notes)
            wake = self._pending >= self.batch
            if self._pid != os.getpid():
                # First count in this process (a gunicorn worker is a fork: threads of the
                # parent do not exist in it), so the writer starts here, not in create_app.
                self._pid = os.getpid()
                engine = self.app.extensions.get("routekaart.db")
                if engine is not None:  # made before the fork: its pooled connections are
                    engine.dispose(close=False)  # the parent's; this process opens its own
                threading.Thread(
                    target=self._run, name=f"routekaart-{self.name}-counts", daemon=True
                ).start()
        if wake:
            self._wake.set()

    def _keep(self, key: tuple, n: int) -> None:
        """Add ``n`` to a count; beyond ``max_keys`` different counts new ones are dropped.

        Called with the lock held. Keys come from the content, so this bound is reached only
        when the database has been away for a very long time."""
        if key in self._counts or len(self._counts) < self.max_keys:
            self._counts[key] += n
            return
        if not self._dropped:
            log.error(
                "%s counts: %d counts held in memory; dropping new ones", self.name, self.max_keys
            )
        self._dropped += n

    def _run(self) -> None:
        while True:
            # Short sleeps rather than Event.wait(timeout): a timed wait never returns under
            # libfaketime, with which the test suite runs at fixed moments.
            waited = 0.0
            while waited < self.interval and not self._wake.is_set():
                time.sleep(TICK)
                waited += TICK
            self._wake.clear()
            self.flush()

    def held(self) -> int:
        """How many counts this process holds, not yet written."""
        with self._lock:
            return sum(self._counts.values())

    def flush(self) -> bool:
        """Write the counts held to the database; False when they had to be kept for later."""
        with self._writing:
            with self._lock:
                taken, self._counts, self._pending = self._counts, Counter(), 0
                if self.spool is not None:
                    self.spool.take()
            if self.spool is not None:
                taken.update(self.spool.orphans())
            if not taken:
                if self.spool is not None:
                    self.spool.written()  # empty files
                return True
            try:
                self.writer(get_engine(self.app), taken)
            except Exception as error:  # any failure: keep the counts, never break a page
                with self._lock:
                    for key, n in taken.items():
                        self._keep(key, n)
                if not self._failing:
                    self._failing = True
                    log.error(
                        "%s counts not written, kept in memory and retried: %s",
                        self.name,
                        _short(error),
                    )
                return False
            if self.spool is not None:
                self.spool.written()
            if self._failing:
                self._failing = False
                log.warning("%s counts written again", self.name)
            return True

    def flush_at_exit(self) -> None:
        """Write what this process holds before it stops; say what happens if it cannot."""
        if self.flush():
            return
        if self.spool is not None:
            log.error("%s counts: %d left in the spool for the next start", self.name, self.held())
        else:
            log.error("%s counts: %d counts lost at exit", self.name, self.held())


def write(engine: Engine, counts: Counter) -> None:
    """Add ``counts`` to the daily rows in one transaction (an upsert per row)."""
    rows = [
        {"period": "day", "day": day, "kind": kind, "key": key, "lang": lang, "n": n}
        for (day, kind, key, lang), n in sorted(counts.items())
    ]
    _upsert(engine, usage_counts, rows)


def write_feedback(engine: Engine, counts: Counter) -> None:
    """Add residents' answers to their daily rows in one transaction, like :func:`write`."""
    rows = [
        {
            "period": "day",
            "day": day,
            "kind": kind,
            "key": key,
            "answer": answer,
            "lang": lang,
            "n": n,
        }
        for (day, kind, key, answer, lang), n in sorted(counts.items())
    ]
    _upsert(engine, feedback_counts, rows)


def _upsert(engine: Engine, table, rows: list[dict]) -> None:
    """Add the rows' ``n`` to rows with the same key, or insert them (sorted by the caller:
    two workers then lock rows in the same order and can never deadlock)."""
    if engine.dialect.name == "postgresql":
        insert = postgresql.insert
    elif engine.dialect.name == "sqlite":
        insert = sqlite.insert
    else:
        raise ValueError(f"counting supports SQLite and PostgreSQL, not {engine.dialect.name}")
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={"n": table.c.n + statement.excluded.n},
    )
    with engine.begin() as connection:
        connection.execute(statement, rows)


def _short(error: Exception) -> str:
    """The first line of a database error, without the statement (for a one-line log)."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


def spool_folder(app: Flask) -> Path:
    """The spool files' folder: in the state folder, one per database (two sites on one
    machine, or a test's throw-away database, never take over each other's counts)."""
    base = Path(app.config.get("STATE_DIR") or app.instance_path)
    key = hashlib.blake2b(database_url(app).encode(), digest_size=6).hexdigest()
    return base / f"counts-{key}"


def init_app(app: Flask) -> None:
    """Count visits when ``COUNT_USAGE`` is on (the default, except under ``TESTING``)."""
    app.config.setdefault("COUNT_FLUSH_SECONDS", 5.0)
    app.config.setdefault("COUNT_FLUSH_EVERY", 1000)
    app.config.setdefault("COUNT_MAX_KEYS", 100_000)
    enabled = app.config.get("COUNT_USAGE")
    if enabled is None:
        enabled = not app.testing
    if not enabled:
        return
    counter = UsageCounter(
        app,
        interval=float(app.config["COUNT_FLUSH_SECONDS"]),
        batch=int(app.config["COUNT_FLUSH_EVERY"]),
        max_keys=int(app.config["COUNT_MAX_KEYS"]),
        spool=Spool(spool_folder(app)),
    )
    app.extensions["routekaart.counter"] = counter  # count_response runs in web.pipeline
    # Counts a killed process left in its spool: written now, not at the next visit.
    counter.flush()
    # Residents' answers ("Heeft dit geholpen?", routekaart/web/feedback.py): the same way,
    # into their own table.
    answers = UsageCounter(
        app,
        interval=float(app.config["COUNT_FLUSH_SECONDS"]),
        batch=int(app.config["COUNT_FLUSH_EVERY"]),
        max_keys=int(app.config["COUNT_MAX_KEYS"]),
        writer=write_feedback,
        name="answer",
    )
    app.extensions["routekaart.feedback_counter"] = answers
    # A stopping process writes what it holds: at interpreter exit, and from gunicorn's
    # worker_exit hook (routekaart serve calls every function in this list).
    for held in (counter, answers):
        atexit.register(held.flush_at_exit)
        app.extensions.setdefault("routekaart.at_exit", []).append(held.flush_at_exit)
