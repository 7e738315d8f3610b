"""One published content version per server: a snapshot on disk that every worker serves.

Staff edit the content folder; the site must never serve a half-written or broken file, and
every worker must serve the *same* version. So the decision is made once, by one process,
and written down; every worker follows what was written:

- one process of the server holds ``publisher.lock`` (an exclusive ``flock``; when it dies the
  kernel frees the lock and another worker takes over). It watches the content folder, waits
  until a change has settled and is valid (:class:`routekaart.ops.store.ContentStore`), copies
  the YAML files to ``versions/<version>/``, checks the copy has exactly the bytes it
  validated, and then replaces the file ``current`` (write, fsync, rename: atomic) with the
  version's id;
- every worker, on every request, looks at ``current`` (one ``stat``) and, when it names
  another version, loads that snapshot. Once ``current`` names a version, no request anywhere
  gets an older one; an invalid edit never changes ``current``, so all workers stay on the same
  last good version; and a worker started while the folder has an error serves the snapshot.

The version id is a hash of the files' bytes (:func:`routekaart.content.loader.version`), so a
byte-identical copy on a second server has the same id.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from routekaart.content import loader
from routekaart.content.loader import Content

log = logging.getLogger(__name__)

# Snapshots kept besides the current one, for a worker that is still loading an older one.
KEEP = 3


def state_folder(base: Path, content_dir: Path) -> Path:
    """Where the snapshots of ``content_dir`` live under ``base`` (one folder per content
    folder, so two sites on one machine never share a version)."""
    key = hashlib.blake2b(str(Path(content_dir).resolve()).encode(), digest_size=6).hexdigest()
    return Path(base) / f"content-{key}"


class Snapshots:
    """The published versions of one content folder, in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pointer = self.folder / "current"
        self._lock_file = None

    # --- the publisher ---------------------------------------------------------------------

    def try_to_publish(self) -> bool:
        """Become the publisher of this server if nobody is (non-blocking); True if we are."""
        if self._lock_file is None:
            self._lock_file = exclusive_lock(self.folder / "publisher.lock")
        return self._lock_file is not None

    def publish(self, source: Path, content: Content) -> bool:
        """Copy the YAML files of ``source`` as the snapshot of ``content`` and make it current.

        False when the files no longer have the bytes that were validated (changed while we
        copied): nothing is published, and the store decides again on the next look."""
        if not content.version:  # read while a file changed: wait for the next look
            return False
        if self.current_id() == content.version:
            return True
        target = self.folder / "versions" / content.version
        if not target.is_dir():
            staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.folder))
            try:
                _copy_yaml(Path(source), staging)
                if loader.version(staging) != content.version:
                    log.info("content changed while it was published; trying again")
                    return False
                target.parent.mkdir(exist_ok=True)
                try:
                    staging.rename(target)
                except OSError:  # another process published the same version meanwhile
                    if not target.is_dir():
                        raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        _write_atomically(self.pointer, content.version)
        log.info("content version %s published", content.version)
        self._prune(content.version)
        return True

    def _prune(self, keep: str) -> None:
        versions = self.folder / "versions"
        found = sorted(versions.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in found if p.name != keep][KEEP:]:
            shutil.rmtree(old, ignore_errors=True)

    # --- every worker ---------------------------------------------------------------------

    def pointer_key(self) -> tuple[int, int, int] | None:
        """What ``current`` looks like now (one ``stat``); None while nothing is published."""
        try:
            stat = os.stat(self.pointer)
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def current_id(self) -> str | None:
        """The id of the current version, or None while nothing is published."""
        try:
            return self.pointer.read_text(encoding="ascii").strip() or None
        except OSError:
            return None

    def version_folder(self, version: str) -> Path:
        """The folder of a published version."""
        return self.folder / "versions" / version


def exclusive_lock(path: Path):
    """An open file holding an exclusive ``flock`` on ``path``, or None if another process
    holds it. Keep the file open as long as the lock is needed; the kernel frees the lock
    when the process ends, however it ends."""
    handle = open(path, "a+b")  # noqa: SIM115 (held open: it is the lock)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _copy_yaml(source: Path, target: Path) -> None:
    """Copy every YAML file under ``source`` (links to folders not followed) to ``target``."""
    for path in loader.yaml_files(source):
        relative = Path(path).relative_to(source)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a reader sees the old file or the new, never half."""
    fd, temporary = tempfile.mkstemp(prefix=".current-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
