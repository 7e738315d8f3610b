"""Loading and checking the content folder: the staff's compiler.

``load(folder)`` reads every content file, validates it against the model in
:mod:`routekaart.model`, cross-checks references between files, and returns the content with
a list of messages (``file:line:col: error: …``). Content with any error is never returned, so
the site can keep serving the last good version.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import os
import threading
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from . import model
from .engine import MAX_DEPTH, Tree
from .yamlsource import Document, Loc, Position, YamlError, paused_gc
from .yamlsource import load as load_yaml

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parent.parent / "content"

Severity = Literal["error", "warning"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

LANGUAGE_NAMES = {"nl": "Dutch", "en": "English", "ar": "Arabic"}

# Page names used in the site's URLs right after the language (/nl/partners). An answer slug
# equal to one of these would be shadowed by that page (or shadow it), so the checker refuses
# them everywhere in the routekaart.
RESERVED_SLUGS = frozenset(
    {"partners", "monitor", "poster", "toegankelijkheid", "organisatie", "api", "static"}
)


@dataclass(frozen=True, order=True)
class Message:
    """One finding of the checker, with the place it is about."""

    position: Position
    severity: Severity
    text: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.text}"


@dataclass(frozen=True)
class Content:
    """Everything the site shows, validated and cross-checked."""

    settings: model.Settings
    directory: model.Directory
    routekaart: model.Routekaart
    tree: Tree
    documents: dict[str, Document] = field(repr=False)
    fingerprint: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def organisations(self) -> dict[str, model.Organisation]:
        """Organisations by id."""
        return self.directory.organisations

    @property
    def locations(self) -> dict[str, model.Location]:
        """Locations by id."""
        return self.directory.locations


# --- turning pydantic's errors into staff messages ------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes and containers an annotation may hold (Optional and Annotated removed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _field_names(root: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at ``loc`` below ``root``; empty when not a model."""
    candidates: list[Any] = [root]
    for part in loc:
        following: list[Any] = []
        for cand in candidates:
            origin = typing.get_origin(cand)
            if isinstance(cand, type) and issubclass(cand, BaseModel) and isinstance(part, str):
                for name, info in cand.model_fields.items():
                    if part in (name, info.alias):
                        following.extend(_unwrap(info.annotation))
            elif origin is list and isinstance(part, int):
                following.extend(_unwrap(typing.get_args(cand)[0]))
            elif origin is dict and isinstance(part, str):
                following.extend(_unwrap(typing.get_args(cand)[1]))
        candidates = following
    names: list[str] = []
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            names.extend(info.alias or name for name, info in cand.model_fields.items())
    return names


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _describe(error: Any, root: type[BaseModel]) -> tuple[Loc, bool, str]:
    """Where an error points (loc, at the key?) and the message for staff."""
    loc: Loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    kind = error["type"]
    value = error.get("input")
    last = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _field_names(root, loc[:-1])
        return loc, True, f'unknown key "{last}"{did_you_mean(str(last), allowed)}'
    if kind == "missing":
        if last in LANGUAGE_NAMES:
            return loc[:-1], False, f'missing the {LANGUAGE_NAMES[last]} text ("{last}")'
        return loc[:-1], False, f'missing key "{last}"'
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        if isinstance(value, list | dict) or value is None:
            return loc, False, f"expected one of {', '.join(choices)}, found {_kind(value)}"
        what = "weekday" if set(choices) <= set(model.WEEKDAYS) else "value"
        if set(choices) <= set(model.HOLIDAY_IDS):
            what = "public holiday"
        if len(loc) >= 2 and isinstance(loc[-1], str) and what == "public holiday":
            return loc, True, f'unknown {what} "{value}"{did_you_mean(str(value), choices)}'
        hint = did_you_mean(str(value), choices) or f" (choose from {', '.join(choices)})"
        return loc, False, f'unknown {what} "{value}"{hint}'
    if kind == "string_pattern_mismatch":
        at_key = bool(loc) and isinstance(last, str) and last == value
        return (
            loc,
            at_key,
            f'"{value}" is not a valid id: use lowercase letters a-z, digits and hyphens',
        )
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        if message.startswith("@"):  # "@key: text" points at that key of the mapping
            name, _, message = message[1:].partition(": ")
            return (*loc, name), True, message
        return loc, False, message
    if kind in ("string_type", "string_too_short") and (
        value is None or (isinstance(value, str) and not value.strip())
    ):
        return loc, False, "this text is empty"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return loc, False, f'"{value}" is not a date; write it as YYYY-MM-DD, like 2025-01-31'
    if kind == "too_short" and isinstance(value, list):
        least = error.get("ctx", {}).get("min_length", 1)
        return loc, False, f"this list needs at least {least} item{'s' if least > 1 else ''}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return loc, False, f"expected a whole number, found {_kind(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return loc, False, f"expected true or false, found {_kind(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        ctx = error.get("ctx", {})
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return (
            loc,
            False,
            f"{value} is too {'small' if 'ge' in ctx else 'large'}: write {word} {bound}",
        )
    if kind == "string_type":
        return loc, False, f"expected text, found {_kind(value)}"
    if kind in ("dict_type", "model_type"):
        return loc, False, "expected a mapping of keys (key: value)"
    if kind == "list_type":
        return loc, False, "expected a list (lines starting with -)"
    return loc, False, str(error["msg"]).removeprefix("Value error, ")


def _kind(value: Any) -> str:
    """How a YAML value that has the wrong type is named in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f'text "{value}"'
    return f"{type(value).__name__} {value!r}"


def _model_messages(exc: ValidationError, doc: Document, root: type[BaseModel]) -> list[Message]:
    messages = []
    for error in exc.errors():
        loc, at_key, text = _describe(error, root)
        messages.append(Message(doc.position(loc, key=at_key), "error", text))
    return messages


def validate_document(doc: Document, root: type[model.Strict]) -> tuple[Any, list[Message]]:
    """Validate one document against a model; the model instance or the messages."""
    if doc.data is None:
        return None, [Message(Position(doc.file, 1, 1), "error", "the file is empty")]
    try:
        return root.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _model_messages(exc, doc, root)


# --- cross-checks between files ---------------------------------------------------------------


def _check_directory(directory: model.Directory, doc: Document) -> Iterator[Message]:
    for org_id, org in directory.organisations.items():
        base = ("organisations", org_id)
        for i, slot in enumerate(org.hours):
            if slot.location is not None and slot.location not in directory.locations:
                yield Message(
                    doc.position((*base, "hours", i, "location")),
                    "error",
                    f'unknown location "{slot.location}"'
                    + did_you_mean(slot.location, directory.locations),
                )
        for i, closure in enumerate(org.exceptions):
            for j, hours in enumerate(closure.hours):
                if hours.location is not None and hours.location not in directory.locations:
                    yield Message(
                        doc.position((*base, "exceptions", i, "hours", j, "location")),
                        "error",
                        f'unknown location "{hours.location}"'
                        + did_you_mean(hours.location, directory.locations),
                    )
        yield from _check_overlaps(org, doc, base)
        if not org.hours and org.hours_note is None:
            yield Message(
                doc.position(base, key=True),
                "error",
                f'"{org_id}" has no weekly hours; add "hours" or a "hours_note" that says so',
            )


def _periods_meet(a: model.Period, b: model.Period) -> bool:
    starts = [d for d in (a.valid_from, b.valid_from) if d]
    ends = [d for d in (a.valid_until, b.valid_until) if d]
    return not (starts and ends and max(starts) > min(ends))


def _check_overlaps(org: model.Organisation, doc: Document, base: Loc) -> Iterator[Message]:
    for i, a in enumerate(org.hours):
        for j in range(i):
            b = org.hours[j]
            shared = [d for d in a.days if d in b.days]
            if (
                shared
                and a.location == b.location
                and a.opens < b.closes
                and b.opens < a.closes
                and _periods_meet(a, b)
            ):
                line = doc.position((*base, "hours", j)).line
                yield Message(
                    doc.position((*base, "hours", i)),
                    "error",
                    f"these hours overlap the hours at line {line} on {', '.join(shared)}",
                )


ROUTES_SHOWN = 10


def _routes_to(tree: Tree, budget: int = 100_000) -> dict[str, tuple[list[str], bool]]:
    """Up to ``ROUTES_SHOWN`` paths (slugs joined by /) reaching each node, and whether there
    are more. The walk stops after ``budget`` steps: a tree in which many routes share nodes
    has exponentially many paths, and a message needs only a few of them."""
    routes: dict[str, tuple[list[str], bool]] = {}
    stack: list[tuple[str, tuple[str, ...]]] = [(tree.start, ())]
    steps = 0
    while stack:
        steps += 1
        node_id, path = stack.pop()
        shown, _ = routes.setdefault(node_id, ([], False))
        if len(shown) < ROUTES_SHOWN and steps <= budget:
            shown.append("/".join(path))
        else:
            routes[node_id] = (shown, True)
        node = tree.nodes.get(node_id)
        if node is None or not node.options or len(path) >= MAX_DEPTH or steps > budget:
            continue
        for option in reversed(node.options):
            stack.append((option.next, (*path, option.slug)))
    return routes


def _check_routekaart(
    rk: model.Routekaart, doc: Document, directory: model.Directory, today: date
) -> Iterator[Message]:
    nodes = rk.nodes
    if rk.start not in nodes:
        yield Message(
            doc.position(("start",)),
            "error",
            f'start node "{rk.start}" does not exist' + did_you_mean(rk.start, nodes),
        )
        return
    dangling = False
    for node_id, node in nodes.items():
        seen: dict[str, int] = {}
        for i, option in enumerate(node.options or ()):
            loc = ("nodes", node_id, "options", i)
            if option.slug in seen:
                yield Message(
                    doc.position((*loc, "slug")),
                    "error",
                    f'slug "{option.slug}" is used twice in this question '
                    f"(also option {seen[option.slug] + 1})",
                )
            seen.setdefault(option.slug, i)
            if option.slug in RESERVED_SLUGS:
                yield Message(
                    doc.position((*loc, "slug")),
                    "error",
                    f'slug "{option.slug}" is the name of a page of the site '
                    f"(/nl/{option.slug}); choose another slug",
                )
            if option.next not in nodes:
                dangling = True
                yield Message(
                    doc.position((*loc, "next")),
                    "error",
                    f'option "{option.label.nl}" leads to unknown node "{option.next}"'
                    + did_you_mean(option.next, nodes),
                )
        for i, rec in enumerate(node.result.organisations if node.result else []):
            if rec.organisation not in directory.organisations:
                yield Message(
                    doc.position(("nodes", node_id, "result", "organisations", i, "organisation")),
                    "error",
                    f'unknown organisation "{rec.organisation}"'
                    + did_you_mean(rec.organisation, directory.organisations),
                )
    if dangling:
        return
    reachable = _reachable(rk)
    cycles = list(_check_cycles(rk, doc))
    yield from cycles
    if not cycles:
        yield from _check_depth(rk, doc, reachable)
    for node_id in nodes:
        if node_id not in reachable:
            yield Message(
                doc.position(("nodes", node_id), key=True),
                "error",
                f'node "{node_id}" cannot be reached from the start "{rk.start}"',
            )
    yield from _check_results(rk, doc, directory, today)


def _reachable(rk: model.Routekaart) -> set[str]:
    seen = {rk.start}
    todo = [rk.start]
    while todo:
        node = rk.nodes[todo.pop()]
        for option in node.options or []:
            if option.next not in seen:
                seen.add(option.next)
                todo.append(option.next)
    return seen


def _check_cycles(rk: model.Routekaart, doc: Document) -> Iterator[Message]:
    """A route must always end: report each option that leads back to an earlier question."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    stack: list[tuple[str, int]] = [(rk.start, 0)]
    state[rk.start] = 1
    while stack:
        node_id, index = stack[-1]
        options = rk.nodes[node_id].options or []
        if index == len(options):
            state[node_id] = 2
            stack.pop()
            continue
        stack[-1] = (node_id, index + 1)
        target = options[index].next
        if state.get(target) == 1:
            yield Message(
                doc.position(("nodes", node_id, "options", index, "next")),
                "error",
                f'option "{options[index].slug}" leads back to "{target}": the route goes round '
                "in a circle",
            )
        elif target not in state:
            state[target] = 1
            stack.append((target, 0))


def _check_depth(rk: model.Routekaart, doc: Document, reachable: set[str]) -> Iterator[Message]:
    """The site follows paths of at most ``MAX_DEPTH`` answers; report the first option (in the
    file) that is answer ``MAX_DEPTH + 1`` of some route.

    Assumes every ``next`` exists and there are no cycles; the longest route to each node is
    found in one pass over the nodes in topological order."""
    incoming = dict.fromkeys(reachable, 0)
    for node_id in reachable:
        for option in rk.nodes[node_id].options or ():
            incoming[option.next] += 1
    depth = dict.fromkeys(reachable, 0)
    ready = [node_id for node_id, count in incoming.items() if count == 0]
    while ready:
        node_id = ready.pop()
        for option in rk.nodes[node_id].options or ():
            depth[option.next] = max(depth[option.next], depth[node_id] + 1)
            incoming[option.next] -= 1
            if incoming[option.next] == 0:
                ready.append(option.next)
    for node_id, node in rk.nodes.items():
        if node_id in depth and node.options and depth[node_id] + 1 > MAX_DEPTH:
            yield Message(
                doc.position(("nodes", node_id, "options", 0, "slug")),
                "error",
                f'the answers of "{node_id}" are answer {depth[node_id] + 1} of a route; the '
                f"site follows at most {MAX_DEPTH} answers: make the route shorter",
            )
            return


def _check_results(
    rk: model.Routekaart, doc: Document, directory: model.Directory, today: date
) -> Iterator[Message]:
    tree_routes: dict[str, list[str]] | None = None
    for node_id, node in rk.nodes.items():
        if node.result is None:
            continue
        known = [
            (i, rec, directory.organisations[rec.organisation])
            for i, rec in enumerate(node.result.organisations)
            if rec.organisation in directory.organisations  # unknown ones are reported already
        ]
        if len(known) < len(node.result.organisations):
            continue
        if not any(org.active_on(today) for _, _, org in known):
            yield Message(
                doc.position(("nodes", node_id, "result", "organisations")),
                "error",
                f'result "{node_id}" has no organisation that is still active on {today}',
            )
        for i, rec, org in known:
            if org.state_on(today) == "ended":
                if tree_routes is None:
                    tree_routes = _routes_to(Tree.build(rk))
                shown, more = tree_routes.get(node_id, ([], False))
                lost = ", ".join(shown) + (", …" if more else "") or node_id
                yield Message(
                    doc.position(("nodes", node_id, "result", "organisations", i, "organisation")),
                    "warning",
                    f'"{rec.organisation}" ended on {org.valid_until}; these routes no longer '
                    f"show it: {lost}",
                )


def _check_staleness(
    directory: model.Directory, settings: model.Settings, doc: Document, today: date
) -> Iterator[Message]:
    for org_id, org in directory.organisations.items():
        if org.state_on(today) == "ended":
            continue
        age = (today - org.checked_on).days
        if age > settings.stale_after_days:
            yield Message(
                doc.position(("organisations", org_id, "checked_on")),
                "warning",
                f'the facts of "{org_id}" were last checked {age} days ago ({org.checked_on}); '
                "check them and update checked_on",
            )


# --- the whole folder ---------------------------------------------------------------------------


def content_files(folder: Path) -> list[Path]:
    """The YAML files that make up a content folder, in a stable order."""
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def fingerprint(folder: Path) -> str:
    """A cheap fingerprint of the folder: names, sizes, modification times and inodes (an
    editor that saves by renaming a new file over the old one changes the inode even when
    size and time look the same on a file system that keeps whole seconds)."""
    # Runs on every request, so it walks with os.scandir (whose entries carry their stat on
    # Linux) rather than pathlib's rglob: about ten times cheaper.
    entries: list[str] = []
    todo = [str(folder)]
    while todo:
        current = todo.pop()
        try:
            with os.scandir(current) as found:
                for entry in found:
                    try:
                        if entry.is_dir():
                            todo.append(entry.path)
                        elif entry.name.endswith(".yaml") and entry.is_file():
                            stat = entry.stat()
                            entries.append(
                                f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino};"
                            )
                    except OSError:  # removed while we looked: that is a change too
                        entries.append(f"{entry.path}:gone;")
        except OSError:
            entries.append(f"{current}:unreadable;")
    entries.sort()
    return hashlib.blake2b("".join(entries).encode(), digest_size=12).hexdigest()


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


def _display_name(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(folder.name + "/" + str(path.relative_to(folder)))


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
    stamp = fingerprint(folder)
    documents: dict[str, Document] = {}
    parsed: dict[str, Any] = {}
    for name, root in model.MODELS.items():
        path = folder / name
        shown = _display_name(path, folder)
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
    if len(parsed) == len(model.MODELS):
        directory = parsed["organisations.yaml"]
        rk = parsed["routekaart.yaml"]
        messages.extend(_check_directory(directory, documents["organisations.yaml"]))
        messages.extend(_check_routekaart(rk, documents["routekaart.yaml"], directory, today))
        messages.extend(
            _check_staleness(
                directory, parsed["settings.yaml"], documents["organisations.yaml"], today
            )
        )
    messages.sort(key=lambda m: (m.position.file, m.position.line, m.position.column, m.text))
    if any(m.severity == "error" for m in messages):
        return None, messages
    content = Content(
        settings=parsed["settings.yaml"],
        directory=parsed["organisations.yaml"],
        routekaart=parsed["routekaart.yaml"],
        tree=Tree.build(parsed["routekaart.yaml"]),
        documents=documents,
        fingerprint=stamp,
        extra=extra,
    )
    return content, messages


def _load_extra(folder: Path, today: date) -> tuple[dict[str, Any], list[Message]]:
    """Optional content sections (the programme monitor) loaded by their own modules."""
    from . import monitor  # imported here: monitor builds on this module

    found, messages = monitor.load(folder / "monitor", today)
    return ({"monitor": found} if found is not None else {}), messages


# --- live reload ----------------------------------------------------------------------------------


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
            content, messages = load(self.folder)
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
