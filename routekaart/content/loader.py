"""Loading the content folder: the staff's compiler.

``load(folder)`` reads every content file, validates it against the model in
:mod:`routekaart.content.model` (messages worded by :mod:`routekaart.content.messages`),
runs the cross-checks of :mod:`routekaart.content.checks`, and returns the content with a list
of messages (``file:line:col: error: …``). Content with any error is never returned, so the
site can keep serving the last good version (see :mod:`routekaart.ops.store`).
:func:`fingerprint` tells whether anything in the folder changed. This module knows nothing
of Flask.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from routekaart.content import checks, languages, model, monitor
from routekaart.content.messages import Message, display_name, validate_document
from routekaart.content.tree import Tree
from routekaart.content.yamlsource import Document, Position, YamlError, paused_gc
from routekaart.content.yamlsource import load as load_yaml

BUNDLED = Path(__file__).resolve().parents[2] / "content"

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Content:
    """Everything the site shows, validated and cross-checked."""

    settings: model.Settings
    directory: model.Directory
    routekaart: model.Routekaart
    tree: Tree
    documents: dict[str, Document] = field(repr=False)
    fingerprint: str = ""  # names, sizes, times: whether the folder changed (cheap)
    version: str = ""  # the bytes of every YAML file: the same files give the same id anywhere
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def organisations(self) -> dict[str, model.Organisation]:
        """Organisations by id."""
        return self.directory.organisations

    @property
    def locations(self) -> dict[str, model.Location]:
        """Locations by id."""
        return self.directory.locations


def _scan(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The YAML files under ``folder`` as fingerprint entries, the links to folders, and the
    paths of the YAML files.

    Links to folders are never followed: a link to "." makes the folder endless, and a link to
    a large folder makes every look take minutes. The content folder itself may be a link (a
    deployment often points at its current release); links to files are read like files."""
    # Walks with os.scandir (whose entries carry their type, and on Linux need one stat per
    # YAML file) rather than pathlib's rglob: about ten times cheaper.
    entries: list[str] = []
    links: list[str] = []
    files: list[str] = []
    todo = [str(folder)]
    while todo:
        current = todo.pop()
        try:
            with os.scandir(current) as found:
                for entry in found:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(entry.path)
                        elif entry.is_symlink() and entry.is_dir():
                            links.append(entry.path)
                            entries.append(f"{entry.path}:link;")
                        elif entry.name.endswith(".yaml") and entry.is_file():
                            stat = entry.stat()
                            files.append(entry.path)
                            entries.append(
                                f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino};"
                            )
                    except OSError:  # removed while we looked (or a link that loops): a change
                        entries.append(f"{entry.path}:gone;")
        except OSError:
            entries.append(f"{current}:unreadable;")
    entries.sort()
    links.sort()
    files.sort()
    return entries, links, files


def fingerprint(folder: Path) -> str:
    """A cheap fingerprint of the folder: names, sizes, modification times and inodes (an
    editor that saves by renaming a new file over the old one changes the inode even when
    size and time look the same on a file system that keeps whole seconds)."""
    return _digest(_scan(folder)[0])


def yaml_files(folder: Path) -> list[str]:
    """The paths of the YAML files under ``folder``, sorted (links to folders not followed)."""
    return _scan(Path(folder))[2]


def version(folder: Path) -> str:
    """The content version: a hash of the relative path and bytes of every YAML file under
    ``folder`` (links to folders are not followed, as everywhere). A byte-identical copy on
    another server has the same version; a file saved again without a change keeps it."""
    folder = Path(folder)
    digest = hashlib.blake2b(digest_size=10)
    for path in _scan(folder)[2]:
        relative = Path(path).relative_to(folder).as_posix()
        try:
            data = Path(path).read_bytes()
        except OSError:
            data = b"\0gone"
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _digest(entries: list[str]) -> str:
    return hashlib.blake2b("".join(entries).encode(), digest_size=12).hexdigest()


def _linked_folders(links: list[str], folder: Path) -> list[Message]:
    """A warning for each link to a folder inside the content folder: the site ignores them."""
    return [
        Message(
            Position(display_name(Path(link), folder), 1, 1),
            "warning",
            "this is a link to a folder; links to folders are not followed, so nothing in it "
            "is read: remove the link, or put the folder itself here",
        )
        for link in links
    ]


def load(folder: Path, today: date | None = None) -> tuple[Content | None, list[Message]]:
    """Load and check a content folder: the content (or None on any error) and all messages."""
    with paused_gc():
        return _load(folder, today)


def _load(folder: Path, today: date | None) -> tuple[Content | None, list[Message]]:
    today = today or datetime.now(tz=AMSTERDAM).date()
    folder = Path(folder)
    messages: list[Message] = []
    if not folder.is_dir():
        return None, [Message(Position(str(folder), 1, 1), "error", "no such content folder")]
    entries, links, _ = _scan(folder)
    stamp = _digest(entries)
    # Before parsing: if a file changes while it is read, the version names the older bytes,
    # and publishing (which checks the copy against this version) refuses the mix.
    content_version = version(folder)
    documents: dict[str, Document] = {}
    parsed: dict[str, Any] = {}
    langs, found = _languages(folder, documents)
    if langs is None:
        return None, found
    messages.extend(found)
    with languages.checking(langs):
        return _load_checked(
            folder, today, langs, messages, documents, parsed, (stamp, content_version), links
        )


def _languages(
    folder: Path, documents: dict[str, Document]
) -> tuple[languages.Languages | None, list[Message]]:
    """The folder's languages.yaml (the site's languages when it has none), or its errors."""
    path = folder / languages.FILE
    if not path.is_file():
        return languages.LANGUAGES, []
    shown = display_name(path, folder)
    try:
        doc = load_yaml(path, shown)
    except YamlError as exc:
        return None, [Message(exc.position, "error", exc.message)]
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Message(Position(shown, 1, 1), "error", f"cannot read it: {reason}")]
    value, found = validate_document(doc, languages.LanguageFile)
    if value is None:
        return None, found
    documents[languages.FILE] = doc
    return languages.build(value), []


def _load_checked(
    folder: Path,
    today: date,
    langs: languages.Languages,
    messages: list[Message],
    documents: dict[str, Document],
    parsed: dict[str, Any],
    stamps: tuple[str, str],
    links: list[str],
) -> tuple[Content | None, list[Message]]:
    stamp, content_version = stamps
    for name, root in model.MODELS.items():
        path = folder / name
        shown = display_name(path, folder)
        if not path.is_file():
            messages.append(Message(Position(shown, 1, 1), "error", f"missing file {name}"))
            continue
        try:
            doc = load_yaml(path, shown)
        except YamlError as exc:
            messages.append(Message(exc.position, "error", exc.message))
            continue
        except OSError as exc:  # removed or unreadable between looking and reading
            reason = exc.strerror or type(exc).__name__
            messages.append(
                Message(Position(shown, 1, 1), "error", f"cannot read {name}: {reason}")
            )
            continue
        documents[name] = doc
        value, found = validate_document(doc, root)
        messages.extend(found)
        if value is not None:
            parsed[name] = value
    extra, extra_messages = _load_extra(folder, today)
    messages.extend(extra_messages)
    messages.extend(_linked_folders(links, folder))
    if len(parsed) == len(model.MODELS):
        messages.extend(
            checks.cross_check(
                parsed["settings.yaml"],
                parsed["organisations.yaml"],
                parsed["routekaart.yaml"],
                documents,
                today,
            )
        )
        messages.extend(checks.completeness(parsed, extra, documents, langs))
    messages.sort(key=lambda m: (m.position.file, m.position.line, m.position.column, m.text))
    if any(m.severity == "error" for m in messages):
        return None, messages
    languages.use(langs)  # the languages of the content now served
    content = Content(
        settings=parsed["settings.yaml"],
        directory=parsed["organisations.yaml"],
        routekaart=parsed["routekaart.yaml"],
        tree=Tree.build(parsed["routekaart.yaml"]),
        documents=documents,
        fingerprint=stamp,
        # A file that changed while it was read: no version, so this load is never published.
        version=content_version if version(folder) == content_version else "",
        extra=extra,
    )
    return content, messages


def _load_extra(folder: Path, today: date) -> tuple[dict[str, Any], list[Message]]:
    """Optional content sections (the programme monitor) loaded by their own modules."""
    if (folder / "monitor").is_symlink():  # a linked folder is ignored, with a warning
        return {}, []
    found, messages = monitor.load(folder / "monitor", today)
    return ({"monitor": found} if found is not None else {}), messages
