"""A translator's workflow for the content texts: export to a PO file, import it back.

``export`` writes every resident-facing text of the content folder into a standard gettext PO
file (Poedit, Weblate and Crowdin open it): the context (``msgctxt``) is the text's place,
"file path/in/the/yaml" (``routekaart.yaml nodes/schulden/result/title``), the ``msgid`` the
Dutch text, the ``msgstr`` the current translation, flagged fuzzy when its Dutch changed since
it was marked (:mod:`routekaart.content.marks`), with a reference comment ``file:line``.

``import_po`` writes the translations back into the YAML files through
:mod:`routekaart.content.yamledit` (comments, key order and everything else stay byte for
byte), and marks each imported translation as made from the Dutch it was translated from.
An entry whose place no longer exists, or whose Dutch changed since the export, is not
written: it is reported, so the translator can export again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from routekaart.content import marks, yamledit
from routekaart.content.loader import yaml_files
from routekaart.content.yamlsource import Loc, YamlError
from routekaart.content.yamlsource import load as load_yaml


def _files(folder: Path) -> dict[str, Path]:
    """The content folder's YAML files by their path inside it (``monitor/programme.yaml``)."""
    return {Path(p).relative_to(folder).as_posix(): Path(p) for p in yaml_files(folder)}


def context(file: str, loc: Loc) -> str:
    """The stable place of a text: its file and its path in the YAML."""
    return f"{file} {'/'.join(str(part) for part in loc)}"


def export(folder: Path, lang: str) -> bytes:
    """Every content text of ``folder`` as a PO file for translating into ``lang``."""
    if lang not in marks.TRANSLATED:
        raise ValueError(f"{lang!r} is not a language texts are translated into")
    folder = Path(folder)
    catalog = Catalog(
        locale=lang,
        project="Routekaart Geldzorgen content",
        fuzzy=False,
        charset="utf-8",
    )
    for name, path in _files(folder).items():
        doc = load_yaml(path, name)
        for loc, text in marks.texts(doc.data):
            translated = text.get(lang)
            state = marks.state(text, lang)
            notes = [
                f"{marks.language_name(other)}: {text[other].strip()}"
                for other in marks.TRANSLATED
                if other != lang and isinstance(text.get(other), str)
            ]
            if state == "unmarked":
                notes.append("not marked yet: check it against the Dutch")
            catalog.add(
                text[marks.SOURCE].strip(),
                translated.strip() if isinstance(translated, str) else "",
                locations=[(name, doc.position((*loc, marks.SOURCE)).line)],
                flags=["fuzzy"] if state == "stale" else [],
                auto_comments=notes,
                context=context(name, loc),
            )
    out = io.BytesIO()
    write_po(out, catalog, width=100)
    return out.getvalue()


@dataclass
class ImportResult:
    """What an import did: lines for the translator, and the entries it refused."""

    written: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _locate(data: object, path: str) -> tuple[Loc, dict] | None:
    """The text mapping at a YAML path like ``nodes/begin/options/0/label``, or None."""
    loc: list[str | int] = []
    for part in path.split("/") if path else []:
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
            loc.append(int(part))
        elif isinstance(data, dict) and part in data:
            data = data[part]
            loc.append(part)
        else:
            return None
    if not isinstance(data, dict) or not isinstance(data.get(marks.SOURCE), str):
        return None
    return tuple(loc), data


def import_po(folder: Path, po: bytes) -> ImportResult:
    """Write the translations of a PO file (made by :func:`export`) into the content folder."""
    folder = Path(folder)
    result = ImportResult()
    catalog = read_po(io.BytesIO(po))
    lang = catalog.locale.language if catalog.locale else None
    if lang not in marks.TRANSLATED:
        result.refused.append(
            f"the PO file's Language header is {catalog.locale_identifier or 'missing'}; "
            f"it must be one of {', '.join(marks.TRANSLATED)}"
        )
        return result
    files = _files(folder)
    changes: dict[str, list[yamledit.Change]] = {}
    documents = {}
    for message in catalog:
        if not message.id:
            continue
        where = message.context or ""
        name, _, path = where.partition(" ")
        shown = f"{where} (line {message.lineno} of the PO file)"
        if name not in files:
            result.refused.append(f"{shown}: no such content file; export again")
            continue
        if name not in documents:
            try:
                documents[name] = load_yaml(files[name], name)
            except YamlError as exc:
                result.refused.append(f"{shown}: {exc}")
                continue
        found = _locate(documents[name].data, path)
        if found is None:
            result.refused.append(f"{shown}: this text no longer exists; export again")
            continue
        loc, text = found
        dutch = text[marks.SOURCE].strip()
        if dutch != message.id:
            line = documents[name].position((*loc, marks.SOURCE)).line
            result.refused.append(
                f"{shown}: the Dutch changed since the export ({name}:{line}); export again "
                "and translate the new Dutch"
            )
            continue
        value = message.string.strip() if isinstance(message.string, str) else ""
        if not value:
            continue
        if message.fuzzy:
            result.skipped.append(f"{shown}: still marked fuzzy (needs work), not imported")
            continue
        mark = marks.mark_of(dutch)
        old_marks = marks.marks_in(text)
        new_marks = {
            other: (mark if other == lang else old_marks[other])
            for other in marks.TRANSLATED
            if other == lang or other in old_marks
        }
        current = text.get(lang)
        update: dict[str, object] = {}
        if not isinstance(current, str) or current.strip() != value:
            update[lang] = value
        if new_marks != old_marks or marks.KEY not in text:
            update[marks.KEY] = new_marks
        if update:
            changes.setdefault(name, []).append(yamledit.Change(loc, update))
    edited = {}
    for name, file_changes in changes.items():
        try:
            edited[name] = yamledit.apply(marks.read_text(files[name]), name, file_changes)
        except yamledit.EditError as exc:
            result.refused.append(f"{name}: {exc}; nothing imported into this file")
    for name, text in edited.items():
        marks.write_text(files[name], text)
        count = len(changes[name])
        result.written.append(f"{name}: {count} text(s) written or marked")
    return result
