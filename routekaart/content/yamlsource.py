"""Safe YAML reading that remembers where every value came from.

Staff edit the content by hand, so every value keeps the file, line and column it was written
at; messages can then point at the exact spot. Only plain YAML is accepted: no tags, no anchors
or aliases (they enable "billion laughs" bombs and staff do not need them), no duplicate keys,
and files over ``MAX_BYTES`` are refused before parsing.

Data is built straight from the parser's events (never with ``yaml.load``), so no tag can ever
construct a Python object. Scalars are resolved by a deliberately small rule set instead of
YAML 1.1's: ``9:00`` stays the text "9:00" (YAML 1.1 reads it as the number 540) and ``no``
stays "no" (YAML 1.1 reads it as false). Types beyond text, numbers, true/false and null
(dates, times) are left to the content model.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2 * 1024 * 1024

Loc = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Position:
    """A place in a content file, 1-based like every editor shows it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Document:
    """Plain Python data read from one YAML file, with a position for every value and key.

    ``values`` and ``keys`` hold, by location key (see :func:`location_key`), the 0-based line
    and column packed in one number (``line << 24 | column``); :meth:`position` turns one
    into a :class:`Position`. They are worked out on first use, by reading the text again:
    clean content never needs them, and a 10,000-node routekaart has about 600,000 of them
    (a fifth of its loading time)."""

    file: str
    data: Any
    text: str = field(default="", repr=False)
    _values: dict[str, int] | None = field(default=None, repr=False)
    _keys: dict[str, int] | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[str, int]:
        """Where each value starts, by location key."""
        if self._values is None:
            self._index()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[str, int]:
        """Where each mapping key starts, by the location key of its value."""
        if self._keys is None:
            self._index()
        return self._keys  # type: ignore[return-value]

    def _index(self) -> None:
        values: dict[str, int] = {}
        keys: dict[str, int] = {}
        with paused_gc():
            _build(self.file, yaml.parse(self.text, Loader=_LOADER), values, keys)
        self._values, self._keys = values, keys

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the value at ``loc``, or of its key; falls back to the nearest parent."""
        packed = (self.keys if key else self.values).get(location_key(loc))
        if packed is None:
            for end in range(len(loc) - 1, -1, -1):
                packed = self.values.get(location_key(loc[:end]))
                if packed is not None:
                    break
            else:
                return Position(self.file, 1, 1)
        return Position(self.file, (packed >> 24) + 1, (packed & 0xFFFFFF) + 1)

    def locations(self) -> Iterator[Loc]:
        """Every location that has a value, as a tuple like ``("nodes", "begin", "options", 0)``."""
        for text in self.values:
            loc: list[str | int] = []
            data = self.data
            for part in text.split(_SEP)[1:]:
                step: str | int = int(part) if isinstance(data, list) else part
                data = data[step]
                loc.append(step)
            yield tuple(loc)


# Joins the parts of a location key. YAML text cannot hold this control character, so keys
# never collide: "a" then 0 is "\x1fa\x1f0", and a list and a mapping never share a place.
_SEP = "\x1f"


def location_key(loc: Loc) -> str:
    """The key of a location in :attr:`Document.values`: ``("a", 0)`` is ``"\x1fa\x1f0"``."""
    return "".join([_SEP + str(part) for part in loc])


class YamlError(Exception):
    """The file cannot be read as content YAML; carries where and why."""

    def __init__(self, position: Position, message: str):
        super().__init__(f"{position}: {message}")
        self.position = position
        self.message = message


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (nesting is fine).

    Reading and validating content makes one object per YAML node and per model; while they
    pile up the collector walks all of them again and again, which made loading a
    10,000-node routekaart five times slower. None of them form cycles, so nothing is lost by
    collecting once at the end instead."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _position(file: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(file, 1, 1)
    return Position(file, mark.line + 1, mark.column + 1)


# libyaml (C) when PyYAML was built with it: about ten times faster than the pure-Python parser,
# with the same events and the same marks (columns counted in characters).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The one tag each kind of node may carry explicitly (``!!str 12`` is the text "12").
_ALLOWED_TAGS = {
    yaml.ScalarEvent: {"!", _STR},
    yaml.MappingStartEvent: {"tag:yaml.org,2002:map"},
    yaml.SequenceStartEvent: {"tag:yaml.org,2002:seq"},
}

_NO_KEY = object()
_SCALAR_TAGS = ("!", _STR)
_NUMBER_START = frozenset("0123456789+-.")


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag is not None:  # quoted, block, ! or !!str: always text
        return value
    if len(value) <= 5:
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
    if value[:1] in _NUMBER_START:
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    return value


def _refuse(event: yaml.Event, file: str) -> None:
    """Refuse anchors, aliases and explicit tags before anything is built from them."""
    if isinstance(event, yaml.AliasEvent):
        raise YamlError(
            _position(file, event.start_mark),
            f"aliases (*{event.anchor}) are not allowed in content; write the value out",
        )
    if event.anchor is not None:
        raise YamlError(
            _position(file, event.start_mark),
            f"anchors (&{event.anchor}) are not allowed in content; write the value out",
        )
    tag = event.tag
    if tag is not None and tag not in _ALLOWED_TAGS[type(event)]:
        shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise YamlError(
            _position(file, event.start_mark),
            f"the tag {shown} is not allowed in content; remove it",
        )


class _NeedPositions(Exception):
    """A duplicate key was found while reading without positions: read again, with them."""


def _build(
    file: str,
    events: Iterator[yaml.Event],
    values: dict[str, int] | None = None,
    keys: dict[str, int] | None = None,
) -> Any:
    """Build plain data straight from the parser's events, in one pass; record the position of
    every value and key in ``values`` and ``keys`` when they are given.

    Nothing is ever built from an alias, an anchor or a tag: they are refused on sight, so an
    alias bomb costs no more than reading its first anchor. This loop runs once per YAML node,
    so it keeps the open container in local variables.
    """
    positions = values is not None and keys is not None
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    root: Any = None
    # The open container, its location, whether it is a mapping, and the key waiting for its
    # value (_NO_KEY when the next scalar is a key); outer ones are saved on the stack.
    current: Any = None
    current_loc = ""
    in_mapping = False
    key: Any = _NO_KEY
    key_loc = ""
    stack: list[tuple[Any, str, bool, Any]] = []
    documents = 0
    for event in events:
        kind = type(event)
        if kind is scalar_event:
            tag = event.tag
            if event.anchor is not None or (tag is not None and tag not in _SCALAR_TAGS):
                _refuse(event, file)
            if in_mapping and key is _NO_KEY:
                key = event.value
                key_loc = f"{current_loc}{_SEP}{key}"
                if key in current:
                    if not positions:
                        raise _NeedPositions
                    raise YamlError(
                        _position(file, event.start_mark),
                        f'duplicate key "{key}" (first written at line '
                        f"{(keys[key_loc] >> 24) + 1})",  # type: ignore[index]
                    )
                if positions:
                    mark = event.start_mark
                    keys[key_loc] = mark.line << 24 | mark.column  # type: ignore[index]
                continue
            value: Any = event.value
            if tag is None and not event.style:  # plain: the small rule set of _scalar
                if len(value) <= 5 and (value in _NULLS or value in _BOOLS):
                    value = _BOOLS.get(value)
                elif value[:1] in _NUMBER_START:
                    value = _scalar(event)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                _refuse(event, file)
            if in_mapping and key is _NO_KEY:
                raise YamlError(
                    _position(file, event.start_mark), "a key must be a plain word or text"
                )
            value = {} if kind is mapping_start else []
        elif kind in ends:
            current, current_loc, in_mapping, key = stack.pop()
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlError(
                    _position(file, event.start_mark),
                    "only one document per file is allowed; remove this ---",
                )
            continue
        elif kind is yaml.AliasEvent:
            _refuse(event, file)
        else:  # stream start and end, document end
            continue
        if current is None:
            loc = ""
            root = value
        elif in_mapping:
            loc = key_loc
            current[key] = value
            key = _NO_KEY
        else:
            loc = f"{current_loc}{_SEP}{len(current)}"
            current.append(value)
        if positions:
            mark = event.start_mark
            values[loc] = mark.line << 24 | mark.column  # type: ignore[index]
        if kind is not scalar_event:
            stack.append((current, current_loc, in_mapping, key))
            current, current_loc, in_mapping, key = value, loc, kind is mapping_start, _NO_KEY
    return root


def _runaway_quote(text: str, line: int) -> tuple[yaml.Mark, yaml.Mark] | None:
    """The last quoted text before ``line`` that spans several lines, if any.

    Staff never mean to write a quote over several lines; an unclosed quote swallows the text
    up to the next quote character, and the parser complains only there."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if token.start_mark.line > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                found = (token.start_mark, token.end_mark)
    except yaml.YAMLError:
        pass
    return found


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, text: str) -> YamlError:
    """A parser error as a staff message, at the place where the mistake most likely is."""
    problem = exc.problem or "invalid YAML"
    mark, context = exc.problem_mark, exc.context_mark
    runaway = _runaway_quote(text, mark.line) if mark is not None else None
    if runaway is not None and mark.line - runaway[1].line <= 1:
        start, end = runaway
        return YamlError(
            _position(file, start),
            f"YAML syntax error: the quote that opens here is closed only at line {end.line + 1}; "
            "close it on this line",
        )
    if context is not None and (mark is None or "end of stream" in problem):
        # An unclosed quote or bracket: the parser only notices at the end of the file, so
        # point at where the unclosed thing starts.
        return YamlError(
            _position(file, context),
            "YAML syntax error: the quote or bracket that starts here is never closed "
            f"(reached the end of the file {exc.context})",
        )
    if exc.context:
        where = "" if context is None else f" that starts at line {context.line + 1}"
        problem = f"{problem} ({exc.context}{where})"
    return YamlError(_position(file, mark), f"YAML syntax error: {problem}")


def parse(text: str, file: str) -> Document:
    """Read YAML text into a :class:`Document`; raises :class:`YamlError` with a position."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(
            Position(file, 1, 1), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it"
        )
    doc = Document(file=file, data=None, text=text)
    try:
        with paused_gc():
            try:
                doc.data = _build(file, yaml.parse(text, Loader=_LOADER))
            except _NeedPositions:
                doc._index()  # raises the duplicate-key error with both lines
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file, text) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. a pasted NUL or bell
        index = exc.position
        if exc.name != "<unicode string>" or _LOADER is not yaml.SafeLoader:
            # libyaml counts bytes of the UTF-8 text; turn that into a character index.
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        before = text[:index]
        line = before.count("\n") + 1
        column = index - (before.rfind("\n") + 1) + 1
        raise YamlError(
            Position(file, line, column),
            f"the character U+{exc.character:04X} is not allowed in content; remove it",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks its other errors
        raise YamlError(Position(file, 1, 1), f"YAML error: {exc}") from None
    return doc


def load(path: Path, display: str | None = None) -> Document:
    """Read one YAML file; ``display`` is the name used in messages (default: the path)."""
    name = display or str(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlError(
            Position(name, 1, 1), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise YamlError(
            Position(name, line, column),
            f"file is not valid UTF-8 text (byte 0x{raw[exc.start]:02X}); save it as UTF-8",
        ) from None
    return parse(text, name)
