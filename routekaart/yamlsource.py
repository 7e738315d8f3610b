"""Safe YAML reading that remembers where every value came from.

Staff edit the content by hand, so every value keeps the file, line and column it was written
at; messages can then point at the exact spot. Only plain YAML is accepted: no tags, no anchors
or aliases (they enable "billion laughs" bombs and staff do not need them), no duplicate keys,
and files over ``MAX_BYTES`` are refused before parsing.

Scalars are resolved by a deliberately small rule set instead of YAML 1.1's: ``9:00`` stays the
text "9:00" (YAML 1.1 reads it as the number 540) and ``no`` stays "no" (YAML 1.1 reads it as
false). Types beyond text, whole numbers, true/false and null are left to the content model.
"""

from __future__ import annotations

import re
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
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
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
    """Plain Python data read from one YAML file, with a position for every value and key."""

    file: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the value at ``loc``, or of its key; falls back to the nearest parent."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return Position(self.file, 1, 1)


class YamlError(Exception):
    """The file cannot be read as content YAML; carries where and why."""

    def __init__(self, position: Position, message: str):
        super().__init__(f"{position}: {message}")
        self.position = position
        self.message = message


def _position(file: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(file, 1, 1)
    return Position(file, mark.line + 1, mark.column + 1)


def _check_events(text: str, file: str) -> None:
    """Refuse anchors, aliases and explicit tags before anything is built from them."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(
                _position(file, event.start_mark),
                f"aliases (*{event.anchor}) are not allowed in content; write the value out",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(
                _position(file, event.start_mark),
                f"anchors (&{anchor}) are not allowed in content; write the value out",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ("!", *_PLAIN_TAGS):
            raise YamlError(
                _position(file, event.start_mark),
                f"the tag {tag} is not allowed in content; remove it",
            )


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted or block scalars are always text
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _build(doc: Document, node: yaml.Node, loc: Loc) -> Any:
    doc.values[loc] = _position(doc.file, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(doc, item, (*loc, i)) for i, item in enumerate(node.value)]
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError(
                _position(doc.file, key_node.start_mark), "a key must be a plain word or text"
            )
        key = key_node.value
        if key in result:
            first = doc.keys[(*loc, key)]
            raise YamlError(
                _position(doc.file, key_node.start_mark),
                f'duplicate key "{key}" (first written at line {first.line})',
            )
        doc.keys[(*loc, key)] = _position(doc.file, key_node.start_mark)
        result[key] = _build(doc, value_node, (*loc, key))
    return result


def parse(text: str, file: str) -> Document:
    """Read YAML text into a :class:`Document`; raises :class:`YamlError` with a position."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(
            Position(file, 1, 1), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it"
        )
    try:
        _check_events(text, file)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlError(_position(file, mark), f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML always marks its errors
        raise YamlError(Position(file, 1, 1), f"YAML error: {exc}") from None
    doc = Document(file=file, data=None)
    if root is not None:
        doc.data = _build(doc, root, ())
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
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(Position(name, line, 1), "file is not valid UTF-8 text") from None
    return parse(text, name)
