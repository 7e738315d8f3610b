"""Changing the texts of a content file in place, leaving every other byte as it was.

Staff's comments, key order, quotes and line breaks are theirs: a command that writes
translations or translation marks (:mod:`routekaart.content.marks`,
:mod:`routekaart.content.translating`) must not reformat the file. So nothing here dumps YAML:
the file is composed with PyYAML (whose nodes know where they start and end) and only the
text of the changed values is replaced, or a new ``key: value`` is added after the last one
of its mapping. :func:`apply` then reads the result back and refuses it unless exactly the
intended values changed.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from routekaart.content.yamlsource import Loc, YamlError, parse


@dataclass
class Change:
    """New values for some keys of one text mapping (the mapping at ``loc``)."""

    loc: Loc
    values: dict[str, Any] = field(default_factory=dict)


class EditError(Exception):
    """The edit could not be made without changing something else; nothing was written."""


def _node_at(root: yaml.Node, loc: Loc) -> yaml.Node | None:
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = [v for k, v in node.value if k.value == part]
            if not found:
                return None
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            node = node.value[part]
        else:
            return None
    return node


def _plain_ok(value: str) -> bool:
    """Whether ``value`` reads back as the same text when written without quotes."""
    if not value or "\n" in value or value != value.strip():
        return False
    try:
        if parse(f"k: {value}\n", "check").data != {"k": value}:
            return False
    except YamlError:
        return False
    # Also as YAML 1.1 reads it (PyYAML, many editors' tools): a mark "06016053" is an octal
    # number there, so it is written in quotes.
    try:
        return yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        return False


def _double_quoted(value: str) -> str:
    # JSON's escapes are valid in a YAML double-quoted scalar; YAML also reads these as breaks.
    text = json.dumps(value, ensure_ascii=False)
    for char in ("\u2028", "\u2029", "\x85"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def render(value: Any, old: yaml.Node | None, flow: bool, indent: int) -> str:
    """``value`` as YAML text in the style of the node it replaces (``old``), if it can be.

    ``indent`` is the indentation of the lines of a block scalar. Mappings (the ``from``
    marks) are written in flow style: ``{en: 3f2a9c1b, ar: 3f2a9c1b}``."""
    if isinstance(value, dict):
        parts = [f"{k}: {render(v, None, True, indent)}" for k, v in value.items()]
        return "{" + ", ".join(parts) + "}"
    if not isinstance(value, str):
        raise EditError(f"cannot write {value!r}")
    style = old.style if isinstance(old, yaml.ScalarNode) else None
    lines = value.split("\n")
    if style is None and not flow and len(lines) > 1:  # a new text of several lines
        style = "|"
    if style in ("|", ">") and not flow and all(line == line.strip() for line in lines):
        # A folded text with line breaks keeps them as a literal block.
        header = style if len(lines) == 1 else "|"
        return header + "\n" + "\n".join((" " * indent + line) if line else "" for line in lines)
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in (None, "") and not flow and _plain_ok(value):
        return value
    if style is None and flow and _plain_ok(value) and not any(c in value for c in ",[]{}"):
        return value
    return _double_quoted(value)


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _block_indent(text: str, node: yaml.ScalarNode, key_column: int) -> int:
    """The indentation of a block scalar's lines (else two more than its key)."""
    body = text[node.start_mark.index : node.end_mark.index].split("\n")[1:]
    for line in body:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return key_column + 2


def _edits_for(text: str, mapping: yaml.MappingNode, change: Change) -> list[tuple[int, int, str]]:
    """(start, end, new text) for every value of ``change`` in this mapping."""
    flow = bool(mapping.flow_style)
    key_column = mapping.value[0][0].start_mark.column if mapping.value else 0
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for key, value in change.values.items():
        old = [v for k, v in mapping.value if k.value == key]
        if old:
            node = old[0]
            start, end = node.start_mark.index, node.end_mark.index
            if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
                span = text[start:end]
                new = render(value, node, flow, _block_indent(text, node, key_column))
                header = span.split("\n", 1)[0]
                if new.startswith(node.style) and new.split("\n", 1)[0] == node.style:
                    chomp = "".join(c for c in header[1:] if c in "+-")
                    new = new[0] + chomp + new[1:]
                new += span[len(span.rstrip()) :]
                edits.append((start, end, new))
            else:
                edits.append((start, end, render(value, node, flow, key_column + 2)))
        else:
            added.append(f"{key}: {render(value, None, flow, key_column + 2)}")
    if added and mapping.value:
        last = mapping.value[-1][1]
        end = last.end_mark.index
        if flow:
            edits.append((end, end, "".join(f", {item}" for item in added)))
        else:
            if text[_line_start(text, end) : end].strip():  # ends inside its line
                newline = text.find("\n", end)
                at = len(text) if newline < 0 else newline
                block = "".join(f"\n{' ' * key_column}{item}" for item in added)
                edits.append((at, at, block))
            else:  # a block value ends at the start of the next line
                at = _line_start(text, end)
                block = "".join(f"{' ' * key_column}{item}\n" for item in added)
                edits.append((at, at, block))
    return edits


def apply(text: str, file: str, changes: list[Change]) -> str:
    """``text`` with every change made; raises :class:`EditError` when a change has no
    mapping to go into or when reading the result back shows anything else changed."""
    before = parse(text, file).data
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    expected = copy.deepcopy(before)
    edits: list[tuple[int, int, str]] = []
    for change in changes:
        node = _node_at(root, change.loc) if root is not None else None
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise EditError(f"{file}: no text at {'/'.join(map(str, change.loc))}")
        edits.extend(_edits_for(text, node, change))
        target = expected
        for part in change.loc:
            target = target[part]
        target.update(change.values)
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for earlier, later in zip(edits[1:], edits, strict=False):
        if earlier[1] > later[0]:
            raise EditError(f"{file}: two changes overlap at character {later[0]}")
    for start, end, new in edits:
        text = text[:start] + new + text[end:]
    try:
        after = parse(text, file).data
    except YamlError as exc:
        raise EditError(f"the edited file would not read: {exc}") from None
    for change in changes:  # a block scalar keeps its final line break: the same text
        target = after
        for part in change.loc:
            target = target[part]
        for key, value in change.values.items():
            found = target.get(key)
            if isinstance(found, str) and isinstance(value, str) and found.strip() == value:
                target[key] = value
    if after != expected:
        raise EditError(f"{file}: the edit would change more than the texts; nothing written")
    return text
