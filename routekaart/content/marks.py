"""Translation marks: which Dutch text each English or Arabic text was translated from.

Every resident-facing text may carry the reserved key ``from``: per translated language, the
first 8 hex digits of the SHA-256 of the Dutch text (UTF-8, stripped) the translation was made
from (``from: {en: 3f2a9c1b, ar: 3f2a9c1b}``). When the Dutch changes, its hash no longer
matches and ``routekaart check`` warns, with file and line, until a translator has looked at
the translation and refreshed the mark (``routekaart translations mark`` or ``import``).
Marks are written by those commands, never by hand. A translation without a mark is "not
marked yet": counted in one summary line, so an old content folder does not drown staff.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from routekaart.content import yamledit
from routekaart.content.glossary import dutch_texts
from routekaart.content.loader import yaml_files
from routekaart.content.messages import LANGUAGE_NAMES, Message, display_name
from routekaart.content.model import LANGUAGES
from routekaart.content.yamlsource import Document, Loc, Position, YamlError
from routekaart.content.yamlsource import load as load_yaml

SOURCE = LANGUAGES[0]  # Dutch: every other language is translated from it
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != SOURCE)
KEY = "from"


def mark_of(dutch: str) -> str:
    """The mark of a Dutch text: 8 hex digits of the SHA-256 of its stripped UTF-8."""
    return hashlib.sha256(dutch.strip().encode("utf-8")).hexdigest()[:8]


def language_name(lang: str) -> str:
    """The English name of a language for staff messages."""
    return LANGUAGE_NAMES.get(lang, lang)


def texts(data: Any) -> Iterator[tuple[Loc, dict]]:
    """Every resident-facing text (a mapping with a Dutch text) in a file's data."""
    yield from dutch_texts(data)


def marks_in(text: dict) -> dict[str, str]:
    """The ``from`` marks of a text mapping (empty when it has none)."""
    found = text.get(KEY)
    return found if isinstance(found, dict) else {}


def state(text: dict, lang: str) -> str | None:
    """``"current"``, ``"stale"`` (the Dutch changed since the mark) or ``"unmarked"`` for
    the ``lang`` translation of a text mapping; None when it has no such translation."""
    if not isinstance(text.get(lang), str):
        return None
    mark = marks_in(text).get(lang)
    if mark is None:
        return "unmarked"
    return "current" if mark == mark_of(text[SOURCE]) else "stale"


def content_documents(folder: Path) -> list[Document]:
    """Every YAML file of a content folder, parsed (files that do not parse are skipped:
    the loader reports them)."""
    folder = Path(folder)
    docs = []
    for path in yaml_files(folder):
        try:
            docs.append(load_yaml(Path(path), display_name(Path(path), folder)))
        except (YamlError, OSError):
            continue
    return docs


def read_text(path: Path) -> str:
    """A content file's text exactly as saved (line endings kept)."""
    return path.read_bytes().decode("utf-8")


def write_text(path: Path, text: str) -> None:
    """Save a content file's text exactly as given."""
    path.write_bytes(text.encode("utf-8"))


def check(docs: list[Document]) -> list[Message]:
    """A warning for each translation whose Dutch changed since it was marked, and one line
    that counts the translations not marked yet."""
    messages = []
    unmarked: dict[str, int] = {}
    first: Position | None = None
    for doc in docs:
        for loc, text in texts(doc.data):
            for lang in TRANSLATED:
                found = state(text, lang)
                if found == "stale":
                    where = doc.position((*loc, lang))
                    dutch = " ".join(text[SOURCE].split()[:6])
                    messages.append(
                        Message(
                            where,
                            "warning",
                            f"the {language_name(lang)} text may be out of date: the Dutch "
                            f"(“{dutch} …”) changed after it was translated; update the "
                            f"translation, then run `routekaart translations mark "
                            f"{where.file}:{where.line}`",
                        )
                    )
                elif found == "unmarked":
                    unmarked[lang] = unmarked.get(lang, 0) + 1
                    if first is None:
                        first = doc.position((*loc, lang))
    if first is not None:
        counts = ", ".join(f"{language_name(lang)} {n}" for lang, n in unmarked.items())
        messages.append(
            Message(
                first,
                "warning",
                f"{sum(unmarked.values())} translation(s) are not marked yet ({counts}), so "
                "nobody is told when their Dutch changes: once they are checked, run "
                "`routekaart translations mark --all`",
            )
        )
    return messages


@dataclass(frozen=True)
class Target:
    """Where ``mark`` was asked to mark: a file and a line, or a whole file (``line`` None)."""

    file: Path
    line: int | None = None


def _wanted(doc: Document, loc: Loc, text: dict, line: int | None) -> list[str]:
    """The translated languages of one text that a target line asks to mark."""
    present = [lang for lang in TRANSLATED if isinstance(text.get(lang), str)]
    if line is None:
        return present
    on_line = [lang for lang in present if doc.position((*loc, lang)).line == line]
    if on_line:
        return on_line
    lines = [doc.position((*loc, key)).line for key in text]
    start = doc.position(loc).line
    if start <= line <= max(lines, default=start):
        return present
    return []


def mark(
    folder: Path, targets: list[Target], langs: tuple[str, ...] = TRANSLATED
) -> tuple[list[str], list[str]]:
    """Mark translations as made from their current Dutch; (lines written, problems).

    A target with a line marks the translation written on that line, or every translation
    of the text that line is in; a target without one marks its whole file. Files change
    only where a mark changes."""
    folder = Path(folder).resolve()
    report: list[str] = []
    problems: list[str] = []
    paths = [Path(p).resolve() for p in yaml_files(folder)]
    by_file: dict[Path, list[int | None]] = {}
    for target in targets:
        path = target.file.resolve()
        if path not in paths:
            problems.append(f"{target.file}: not a YAML file of the content folder {folder}")
            continue
        by_file.setdefault(path, []).append(target.line)
    for path, lines in by_file.items():
        shown = display_name(path, folder)
        try:
            doc = load_yaml(path, shown)
        except (YamlError, OSError) as exc:
            problems.append(str(exc))
            continue
        changes, marked, found_lines = [], 0, set()
        for loc, text in texts(doc.data):
            wanted: set[str] = set()
            for line in lines:
                found = _wanted(doc, loc, text, line)
                if found:
                    found_lines.add(line)
                wanted.update(lang for lang in found if lang in langs)
            if not wanted:
                continue
            current = mark_of(text[SOURCE])
            old = marks_in(text)
            new = {
                lang: (current if lang in wanted else old[lang])
                for lang in TRANSLATED
                if lang in old or lang in wanted
            }
            marked += sum(old.get(lang) != current for lang in wanted)
            if new != old or KEY not in text:
                changes.append(yamledit.Change(loc, {KEY: new}))
        for line in lines:
            if line is not None and line not in found_lines:
                problems.append(f"{shown}:{line}: no translation on this line")
        if changes:
            try:
                new_text = yamledit.apply(read_text(path), shown, changes)
            except yamledit.EditError as exc:
                problems.append(str(exc))
                continue
            write_text(path, new_text)
        if marked:
            report.append(f"{shown}: marked {marked} translation(s)")
    return report, problems
