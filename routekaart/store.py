"""The app's content: the last good version, reloaded when staff change a file.

:class:`ContentStore` watches the content folder and serves the last content that loaded
cleanly; :func:`init_app` and :func:`current_content` attach it to Flask. Why the site did not
take a change is decided (and logged) here; what the checker said about it comes from
:mod:`routekaart.content`.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from flask import Flask, current_app, g, has_request_context

from . import content as content_module
from .content import Content, fingerprint
from .messages import Message

log = logging.getLogger(__name__)


def _stat_key(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _watch_list(folder: Path) -> list[tuple[str, tuple[int, ...]]]:
    """The folders and YAML files under ``folder`` with their stat keys."""
    watched = []
    for current, dirs, files in os.walk(folder):
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
    """Serves the last good content and reloads it when a file in the folder changes."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._content: Content | None = None
        self._seen = ""
        self.messages: list[Message] = []
        # What the last full look saw: every folder and YAML file with its stat. A changed,
        # added, removed or renamed file changes a file's or its folder's entry here.
        self._watched: list[tuple[str, tuple[int, ...]]] = []

    def _unchanged(self) -> bool:
        """Whether every watched folder and file still has the stat it had (one stat each)."""
        try:
            return all(_stat_key(os.stat(path)) == key for path, key in self._watched)
        except OSError:
            return False

    def get(self) -> Content:
        """The current content; reloads first if the folder changed since the last look."""
        if self._watched and self._unchanged():
            if self._content is None:
                raise ContentUnavailable(self.messages)
            return self._content
        # The watch list first: a change made while we look is then seen on the next request.
        self._watched = _watch_list(self.folder)
        stamp = fingerprint(self.folder)
        if stamp != self._seen:
            with self._lock:
                if stamp != self._seen:
                    self._reload(stamp)
        if self._content is None:
            raise ContentUnavailable(self.messages)
        return self._content

    def _reload(self, stamp: str) -> None:
        try:
            content, messages = content_module.load(self.folder)
        except Exception:  # a bug in a checker must not take the site down
            log.exception("content not reloaded: unexpected error while checking it")
            self._seen = stamp
            return
        self._seen = stamp
        self.messages = messages
        if content is None:
            for message in messages:
                log.error("content not reloaded: %s", message)
            if self._content is not None:
                log.error("still serving the content loaded before (%s)", self._content.fingerprint)
            return
        for message in messages:
            log.warning("%s", message)
        self._content = content
        log.info("content loaded from %s (%s)", self.folder, stamp)


class ContentUnavailable(Exception):
    """The content has never loaded cleanly, so there is nothing good to serve."""

    def __init__(self, messages: list[Message]):
        super().__init__("\n".join(str(m) for m in messages))
        self.messages = messages


def init_app(app: Flask) -> None:
    """Attach a :class:`ContentStore` for ``CONTENT_DIR`` and load it once at start."""
    store = ContentStore(Path(app.config["CONTENT_DIR"]))
    app.extensions["routekaart.content"] = store
    try:
        store.get()
    except Exception:
        app.logger.error("no valid content at start; the site answers 503 until it is fixed")


def current_content() -> Content:
    """The last good content of the running app (reloaded if a file changed).

    Looked up once per request: the folder is checked for changes on the request's first use,
    and every later use in the same request sees the same content.
    """
    if has_request_context():
        content = g.get("_content")
        if content is None:
            content = g._content = current_app.extensions["routekaart.content"].get()
        return content
    return current_app.extensions["routekaart.content"].get()
