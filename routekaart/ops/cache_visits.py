"""Counting the visits nginx answers from its cache, which never reach the app.

The documented front writes one line per such visit to its own log (``routekaart_visits`` in
``deploy/nginx/nginx.conf``): the moment, the path and the poster tag, and only for what the
app would count itself (a GET from the cache, answered 200 or 304, a person's browser, no
prefetch, no htmx history restore). One process of the app server on the nginx machine
(``NGINX_COUNTS_LOG`` set) reads the new lines every few seconds and counts them exactly as
the app counts the steps it serves (:func:`routekaart.ops.counting.conversation_notes`), so
visits answered = visits counted, cache hits included. The log holds no address, no user
agent and no query text other than a poster tag; the read position is kept in the app's
state folder (``STATE_DIR``, default the instance folder), and a lock there makes sure only
one process reads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from routekaart.content.loader import Content
from routekaart.content.model import LANGUAGES
from routekaart.domain import engine
from routekaart.domain.clock import AMSTERDAM
from routekaart.ops.counting import conversation_notes
from routekaart.ops.publish import exclusive_lock

log = logging.getLogger(__name__)

# The most read in one go, so a huge backlog is counted in slices, not in one long pause.
MAX_BYTES = 4 * 1024 * 1024

Notes = list[tuple[str, str, str]]


def visit_notes(line: str, content: Content, prefix: str = "") -> tuple[datetime, Notes] | None:
    """The day and counts of one log line (``<msec> <path> <tag or ->``); None if it is not
    a step of the route finder (another page, a path the content no longer has, garbage)."""
    parts = line.split(" ")
    if len(parts) != 3:
        return None
    moment_text, path, source = parts
    try:
        moment = datetime.fromtimestamp(float(moment_text), tz=UTC).astimezone(AMSTERDAM)
    except (ValueError, OverflowError):
        return None
    if prefix:
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
    lang, _, rest = path.lstrip("/").partition("/")
    if lang not in LANGUAGES or not path.startswith(f"/{lang}/"):
        return None
    conversation = engine.resolve(content.tree, rest)
    if not conversation or conversation.slug_path != rest:
        return None  # the app answered that address with a redirect or an error page
    tag = None if source == "-" else source
    return moment, conversation_notes(conversation, lang, content, tag)


class CacheVisits:
    """Reads the front's visits log from where it stopped last time."""

    def __init__(self, log_path: Path, state: Path | None = None) -> None:
        self.path = Path(log_path)
        # Beside the log unless told: the app may read nginx's log folder, not write it.
        state = Path(state) if state is not None else self.path.parent
        state.mkdir(parents=True, exist_ok=True)
        self.position_file = state / (self.path.name + ".position")
        self.lock_file = state / (self.path.name + ".lock")
        self._lock = None

    def _take_lock(self) -> bool:
        if self._lock is None:
            self._lock = exclusive_lock(self.lock_file)
        return self._lock is not None

    def _position(self) -> tuple[str, int]:
        """Where the last read stopped: the log's identity and the offset in it."""
        try:
            identity, offset = self.position_file.read_text().split()
            return identity, int(offset)
        except (OSError, ValueError):
            return "", 0

    def _save(self, identity: str, offset: int) -> None:
        temporary = self.position_file.with_suffix(".tmp")
        temporary.write_text(f"{identity} {offset}\n")
        os.replace(temporary, self.position_file)

    @staticmethod
    def _identity(stat: os.stat_result, head: bytes) -> str:
        """The inode and the log's first line: a new file may get an old file's inode."""
        first = head.split(b"\n", 1)[0]
        return f"{stat.st_ino}-{hashlib.blake2b(first, digest_size=8).hexdigest()}"

    def read(self) -> list[str]:
        """The whole new lines since the last read (none if another process reads)."""
        if not self._take_lock():
            return []
        try:
            with open(self.path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                identity = self._identity(stat, handle.read(512))
                known, offset = self._position()
                if known != identity or offset > stat.st_size:
                    offset = 0  # a rotated, new or truncated log: start at its beginning
                if offset == stat.st_size:
                    return []
                handle.seek(offset)
                data = handle.read(MAX_BYTES)
        except OSError:
            return []
        whole = data[: data.rfind(b"\n") + 1]  # a line nginx is still writing waits
        self._save(identity, offset + len(whole))
        return whole.decode("utf-8", "replace").splitlines()

    def count(self, content: Content, add, prefix: str = "") -> int:
        """Count the new visits with ``add(day, notes)``; the number of visits counted."""
        counted = 0
        for line in self.read():
            found = visit_notes(line, content, prefix)
            if found is not None:
                add(found[0].date(), found[1])
                counted += 1
        return counted


def init_app(app) -> None:
    """Count the front's cache visits when ``NGINX_COUNTS_LOG`` names its log and counting
    is on: a thread reads the new lines every ``COUNT_FLUSH_SECONDS``."""
    path = app.config.get("NGINX_COUNTS_LOG")
    counter = app.extensions.get("routekaart.counter")
    if not path or counter is None:
        return
    visits = CacheVisits(Path(path), Path(app.config.get("STATE_DIR") or app.instance_path))
    prefix = urlsplit(app.config["PUBLIC_URL"]).path.rstrip("/")
    interval = float(app.config["COUNT_FLUSH_SECONDS"])
    content = app.extensions["routekaart.content"]

    def loop() -> None:
        while True:
            try:
                visits.count(content.get(), counter.add, prefix)
            except Exception:  # no content yet, an unreadable log: try again later
                log.exception("counting the front's cache visits")
            # Short sleeps: a timed wait may never return under libfaketime (tests).
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline:
                time.sleep(0.1)

    threading.Thread(target=loop, name="cache-visits", daemon=True).start()
