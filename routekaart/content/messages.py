"""Messages for staff: what the checker says, and where.

A :class:`Message` is one finding (``file:line:col: error: …``). This module turns pydantic's
validation errors into such messages in the staff's words, with a "did you mean" for typos. The
cross-checks between files are in :mod:`routekaart.content.checks`; loading is in
:mod:`routekaart.content.loader`.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from routekaart.content import languages, model
from routekaart.content.yamlsource import Document, Loc, Position

Severity = Literal["error", "warning"]


class _LanguageNames(Mapping[str, str]):
    """The English name of each configured language, for staff messages (from Babel)."""

    def __getitem__(self, code: str) -> str:
        try:
            return languages.current().get(code).english_name
        except KeyError:
            raise KeyError(code) from None

    def __iter__(self) -> Iterator[str]:
        return iter(languages.current().configured)

    def __len__(self) -> int:
        return len(languages.current().configured)


LANGUAGE_NAMES = _LanguageNames()


@dataclass(frozen=True, order=True)
class Message:
    """One finding of the checker, with the place it is about."""

    position: Position
    severity: Severity
    text: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.text}"


def display_name(path: Path, folder: Path) -> str:
    """How a content file is named in messages: relative to the working folder if inside it,
    else the content folder's name and the path below it."""
    # Only the folder is resolved: a link is named by its own name, not by what it points to.
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except ValueError:
        return str(folder.name + "/" + str(path.relative_to(folder)))


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
        if message.startswith(">"):  # ">key: text" points at that key's value
            name, _, message = message[1:].partition(": ")
            return (*loc, name), False, message
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
