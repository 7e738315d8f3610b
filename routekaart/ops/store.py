"""The app's content: the last good version, reloaded when staff change a file.

:class:`ContentStore` watches the content folder and serves the last content that loaded
cleanly; :func:`init_app` and :func:`current_content` attach it to Flask. Why the site did not
take a change is decided, and logged, here; what the checker said about the files comes from
:mod:`routekaart.content.loader`.

A change is taken when the files have *settled*: a half-written file must never be served, so
the store waits until the folder has not changed for ``settle`` seconds (1 s; config
``CONTENT_SETTLE_SECONDS``) and keeps serving the last good content meanwhile. A settled version
that removes organisations, locations, answers, results, closed holidays or parts of the
monitor (see :mod:`routekaart.content.removals`) may still be a cut-off file, so it is held
back until the files have not changed for ``removal_settle`` seconds (10 s; config
``CONTENT_REMOVAL_SETTLE_SECONDS``): a removal that stays is a removal that was meant.

While nothing is pending, the store looks at the files at most once every ``check_every``
seconds (1 s; config ``CONTENT_CHECK_SECONDS``): one ``stat`` per file and folder costs more
than the rest of serving a cached route step's content, and a second more is not noticed by
anyone editing. While a change is settling it looks on every request.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Flask, current_app, g, has_request_context

from routekaart.content import loader as content_module
from routekaart.content import removals
from routekaart.content.loader import Content, fingerprint
from routekaart.content.messages import Message
from routekaart.domain.clock import now as moment_now
from routekaart.ops.publish import Snapshots, state_folder

log = logging.getLogger(__name__)

SETTLE_SECONDS = 1.0
CHECK_SECONDS = 1.0
REMOVAL_SETTLE_SECONDS = 10.0
# How long a worker waits at its start for the server's first published version.
START_WAIT_SECONDS = 15.0

Watched = list[tuple[str, tuple[int, ...]]]
# A load's outcome: the content (None on errors), the messages, and a crash of the checker.
Loaded = tuple[Content | None, list[Message], Exception | None]


def _stat_key(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _watch_list(folder: Path) -> Watched:
    """The folders and YAML files under ``folder`` with their stat keys."""
    watched = []
    # followlinks=False: a link to a folder is ignored, as content.fingerprint ignores it.
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        watched.append((current, _stat_key(os.stat(current))))
        for name in sorted(files):
            if name.endswith(".yaml"):
                path = os.path.join(current, name)
                try:
                    watched.append((path, _stat_key(os.stat(path))))
                except OSError:
                    continue
    return watched


class ContentStore:
    """Serves the last good content and takes a changed folder once its files have settled.

    ``clock`` gives seconds on a steady clock. Only the time the store itself has watched the
    files unchanged counts, never their modification times: those come from whoever wrote the
    files (a copy that keeps old times, a file server whose clock is off) and can lie."""

    def __init__(
        self,
        folder: Path,
        *,
        settle: float = SETTLE_SECONDS,
        removal_settle: float = REMOVAL_SETTLE_SECONDS,
        check_every: float = CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] | None = None,
    ):
        self.folder = Path(folder)
        # The day the checks are about (ended services, stale facts): the app's day.
        self._today = today
        self.settle = settle
        self.removal_settle = removal_settle
        self.check_every = check_every
        self._clock = clock
        self._lock = threading.Lock()
        self._content: Content | None = None
        self._seen = ""  # the fingerprint last decided on: taken, or refused with errors
        self.messages: list[Message] = []
        # What the last full look saw: every folder and YAML file with its stat. A changed,
        # added, removed or renamed file changes a file's or its folder's entry here.
        self._watched: Watched = []
        self._looked = float("-inf")  # when the files were last found unchanged (``clock``)
        # A change not yet taken (still settling, or removing things): look on every request.
        self._waiting = False
        self._first_seen: tuple[str, float] = ("", 0.0)  # a fingerprint, and when first seen
        # The version loaded for a fingerprint that is not taken yet, so it is loaded once.
        self._loaded: tuple[str, Loaded] | None = None
        self._logged: set[str] = set()  # the problems logged, kept while they persist
        self._logged_when_seen: set[str] = set()  # ... as they were for the ``_seen`` version
        # Where the processes of one server note what they logged (see :meth:`share_log`).
        self._shared_log: Path | None = None

    def share_log(self, path: Path) -> None:
        """Note what is logged in ``path``, shared by the processes of one server: a worker
        that takes over publishing (after a reload or a respawn) loads the folder again and
        must not log the same warnings a second time. Scoped to the server's master process
        (the parent), so a restarted server logs them once more."""
        self._shared_log = path

    def _read_shared(self) -> set[str]:
        if self._shared_log is None:
            return set()
        try:
            owner, *lines = self._shared_log.read_text(encoding="utf-8").split("\n")
        except OSError:
            return set()
        return set(lines) if owner == str(os.getppid()) else set()

    def _write_shared(self, lines: set[str]) -> None:
        if self._shared_log is None:
            return
        text = "\n".join([str(os.getppid()), *sorted(lines)])
        try:
            fd, temporary = tempfile.mkstemp(prefix=".logged-", dir=self._shared_log.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, self._shared_log)
        except OSError:
            log.debug("could not note the logged content messages", exc_info=True)

    def today(self) -> date | None:
        """The day the checks are about (the app's day), or None for the real one."""
        return self._today() if self._today else None

    def adopt(self, content: Content) -> None:
        """Start from ``content`` as the last good version (a published one), so a folder
        that is broken now is refused instead of leaving nothing to compare with."""
        with self._lock:
            if self._content is None:
                self._content = content

    def _unchanged(self) -> bool:
        """Whether every watched folder and file still has the stat it had (one stat each)."""
        try:
            return all(_stat_key(os.stat(path)) == key for path, key in self._watched)
        except OSError:
            return False

    def get(self) -> Content:
        """The current content; takes a change first if the folder changed and has settled."""
        if not self._waiting and self._watched:
            now = self._clock()
            # (With nothing good to serve, every request looks: the fix shows at once.)
            if now - self._looked < self.check_every and self._content is not None:
                return self._current()
            if self._unchanged():
                self._looked = now
                return self._current()
        # The watch list first: a change made while we look is then seen on the next request.
        self._watched = _watch_list(self.folder)
        stamp = fingerprint(self.folder)
        with self._lock:
            if stamp == self._seen:  # back to what is served, or to what was refused
                self._waiting, self._loaded = False, None
                self._logged = self._logged_when_seen
            else:
                self._consider(stamp)
            if not self._waiting:
                self._looked = self._clock()
        return self._current()

    def _current(self) -> Content:
        if self._content is None:
            raise ContentUnavailable(self.messages)
        return self._content

    def _consider(self, stamp: str) -> None:
        """Take the folder as it is now (``stamp``), unless it is too fresh or looks cut off."""
        quiet = self._quiet(stamp)
        self._waiting = True
        if self._content is not None and quiet < self.settle:
            log.debug("content changed %.1f s ago; waiting until it settles", quiet)
            return
        if self._loaded is None or self._loaded[0] != stamp:
            self._loaded = (stamp, self._load())
        content, messages, crash = self._loaded[1]
        if content is not None and self._content is not None:
            gone = removals.removed(self._content, content)
            if gone and quiet < self.removal_settle:
                note = (
                    f"content not reloaded yet: the change removes {removals.describe(gone)}; "
                    f"it is taken once the files have not changed for {self.removal_settle:g} s"
                )
                self._report(messages, [note])
                return
            if gone:
                log.info("content change removes %s", removals.describe(gone))
        self._take(stamp, content, messages, crash)

    def _quiet(self, stamp: str) -> float:
        """How long the store has seen the files unchanged in this state (``stamp``)."""
        now = self._clock()
        if self._first_seen[0] != stamp:
            self._first_seen = (stamp, now)
        return now - self._first_seen[1]

    def _take(
        self, stamp: str, content: Content | None, messages: list[Message], crash: Exception | None
    ) -> None:
        """Decide on ``stamp``: serve its content, or log why not and keep the last good one."""
        self._seen = stamp
        self._waiting = False
        self._loaded = None
        self.messages = messages
        if content is None:
            still = []
            if self._content is not None:
                still = [f"still serving the content loaded before ({self._content.fingerprint})"]
            self._report(messages, still, crash)
        else:
            self._report(messages, [])
            self._content = content
            log.info("content loaded from %s (%s)", self.folder, stamp)
        self._logged_when_seen = self._logged

    def _load(self) -> Loaded:
        try:
            return (*content_module.load(self.folder, self.today()), None)
        except Exception as exc:  # a bug in a checker must not take the site down
            return None, [], exc

    def _report(
        self, messages: list[Message], notes: list[str], crash: Exception | None = None
    ) -> None:
        """Log the messages (errors as errors, warnings as warnings) and the notes, each
        problem once while it persists: a folder saved twenty times with the same mistake
        logs it once; a new or changed problem is logged when it appears."""
        lines: list[tuple[int, str, Exception | None]] = [
            (logging.ERROR, f"content not reloaded: {m}", None)
            if m.severity == "error"
            else (logging.WARNING, str(m), None)
            for m in messages
        ]
        if crash is not None:
            problem = f"content not reloaded: unexpected error while checking it ({crash!r})"
            lines.append((logging.ERROR, problem, crash))
        failed = crash is not None or any(m.severity == "error" for m in messages)
        lines += [(logging.ERROR if failed else logging.WARNING, note, None) for note in notes]
        if not self._logged:  # a fresh store: what this server logged already counts
            self._logged = self._read_shared()
        for level, line, exc in lines:
            if line not in self._logged:
                log.log(level, "%s", line, exc_info=exc)
        self._logged = {line for _, line, _ in lines}
        self._write_shared(self._logged)


class ContentUnavailable(Exception):
    """The content has never loaded cleanly, so there is nothing good to serve."""

    def __init__(self, messages: list[Message]):
        super().__init__("\n".join(str(m) for m in messages))
        self.messages = messages


class PublishedContent:
    """What this worker serves: the version the server published (:mod:`routekaart.ops.publish`).

    The process that holds the publisher lock also decides: its :class:`ContentStore` watches
    the folder, and each version it takes is published. Every process follows ``current``
    (one ``stat`` a request) and loads the snapshot it names, so all workers serve one
    version, and a worker started while the folder has an error still has the last good one.
    """

    def __init__(self, store: ContentStore, snapshots: Snapshots) -> None:
        self.store = store
        self.snapshots = snapshots
        self._lock = threading.Lock()
        self._content: Content | None = None
        self._key: tuple[int, int, int] | None = None  # what ``current`` looked like
        self._publisher = False
        self._next_try = float("-inf")  # when a non-publisher next tries to become one
        # Once the watcher runs, it alone decides (and logs what the checker says): a
        # visitor's request only follows ``current``.
        self._watching = threading.Event()
        self._stop = threading.Event()

    @property
    def version(self) -> str | None:
        """The version this process serves."""
        return None if self._content is None else self._content.version

    def get(self) -> Content:
        """The published content; without a watcher, the publisher first takes and publishes a
        settled change (with one, the watcher does, so a request never waits for a load)."""
        if not self._watching.is_set():
            self._refresh_decision()
        return self._follow_current()

    def _refresh_decision(self) -> None:
        if self._publisher or self._may_try():
            self._decide()

    def _follow_current(self) -> Content:
        key = self.snapshots.pointer_key()
        if key != self._key:
            self._follow(key)
        if self._content is None:
            raise ContentUnavailable(self.store.messages)
        return self._content

    def _may_try(self) -> bool:
        now = time.monotonic()
        if now < self._next_try:
            return False
        self._next_try = now + 1.0
        self._publisher = self.snapshots.try_to_publish()
        if self._publisher and self.store._content is None and self._content is not None:
            self.store.adopt(self._content)  # the last good version, for the removal check
        return self._publisher

    def _decide(self) -> None:
        try:
            content = self.store.get()
        except ContentUnavailable:
            return  # nothing good in the folder: the published version stays
        if content is self._content and self._key is not None:
            return  # (the same object: a version id alone could name a mixed load)
        with self._lock:
            if self.snapshots.publish(self.store.folder, content):
                self._content, self._key = content, self.snapshots.pointer_key()

    def _follow(self, key: tuple[int, int, int] | None) -> None:
        """Serve the version ``current`` names now (loading its snapshot once)."""
        with self._lock:
            if key == self._key:
                return
            wanted = self.snapshots.current_id()
            if wanted is None or wanted == self.version:
                self._key = key
                return
            content, messages = content_module.load(
                self.snapshots.version_folder(wanted), self.store.today()
            )
            self._key = key
            if content is None:
                log.error(
                    "published content %s does not load here: %s",
                    wanted,
                    "; ".join(str(m) for m in messages if m.severity == "error")[:500],
                )
                return
            self._content = content
            if self.store._content is None:
                self.store.adopt(content)

    def wait_for_first(self, seconds: float) -> Content:
        """The content at start. On a server's very first start nothing is published yet:
        a worker that is not the publisher waits (up to ``seconds``) for the one that is,
        instead of answering 503 while it loads."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.get()
            except ContentUnavailable:
                if self._publisher or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
                self._next_try = float("-inf")  # the publisher may have died: try the lock

    def watch(self, interval: float = 0.25) -> None:
        """Keep deciding and following in the background, so an idle worker is up to date
        and a settled change is published without waiting for a request."""

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self._refresh_decision()
                    self._follow_current()
                except ContentUnavailable:
                    pass
                except Exception:  # a bug here must not stop the watching
                    log.exception("content watcher")
                # Short sleeps: a timed wait may never return under libfaketime (tests).
                time.sleep(interval)
            self._watching.clear()

        self._stop.clear()
        self._watching.set()
        threading.Thread(target=loop, name="content-watcher", daemon=True).start()

    def stop_watching(self) -> None:
        """Stop the watcher (tests); requests decide again themselves."""
        self._stop.set()
        self._watching.clear()


def init_app(app: Flask) -> None:
    """Attach the published content for ``CONTENT_DIR`` and load it once at start.

    The snapshots live in ``CONTENT_STATE_DIR`` (default: a folder per content folder in
    ``STATE_DIR``, itself by default the instance folder; under tests a private temporary
    folder per app, unless a test names one)."""
    folder = Path(app.config["CONTENT_DIR"])
    store = ContentStore(
        folder,
        settle=float(app.config.get("CONTENT_SETTLE_SECONDS", SETTLE_SECONDS)),
        removal_settle=float(
            app.config.get("CONTENT_REMOVAL_SETTLE_SECONDS", REMOVAL_SETTLE_SECONDS)
        ),
        check_every=float(app.config.get("CONTENT_CHECK_SECONDS", CHECK_SECONDS)),
        today=lambda: moment_now(app.config["FIXED_NOW"]).date(),
    )
    state = app.config.get("CONTENT_STATE_DIR")
    if state:
        state_dir = Path(state)
    elif app.testing:
        state_dir = Path(tempfile.mkdtemp(prefix="routekaart-content-"))
        # Gone with the app (or at the latest when the process exits): a test run makes
        # thousands of apps and must not leave their snapshots behind.
        weakref.finalize(app, shutil.rmtree, state_dir, True)
    else:
        state_dir = state_folder(Path(app.config.get("STATE_DIR") or app.instance_path), folder)
    published = PublishedContent(store, Snapshots(state_dir))
    store.share_log(published.snapshots.folder / "logged")
    app.extensions["routekaart.content"] = published
    try:
        published.wait_for_first(START_WAIT_SECONDS)
    except Exception:
        app.logger.error("no valid content at start; the site answers 503 until it is fixed")
    if app.config.get("CONTENT_WATCH", not app.testing):
        published.watch()


def current_content() -> Content:
    """The last good content of the running app (reloaded if a file changed).

    Looked up once per request: the folder is checked for changes (at most once a second) on
    the request's first use, and every later use in the same request sees the same content.
    """
    if has_request_context():
        page = g._get_current_object()
        content = page.get("_content")
        if content is None:
            content = page._content = current_app.extensions["routekaart.content"].get()
        return content
    return current_app.extensions["routekaart.content"].get()
