"""A translator's workflow: ``routekaart translations export LANG`` writes every content text
with its Dutch source into a PO file (Poedit, Weblate), ``import`` writes the translations
back into the YAML, leaving every other byte of the files as it was."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from routekaart.cli import main
from routekaart.content import loader, marks
from routekaart.content.yamlsource import load as load_yaml

TODAY = "2025-06-02"
MARK = re.compile(r", from: \{[^{}]*\}|\n *from: \{[^{}]*\}(?=\n)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def export(folder: Path, lang: str, tmp_path: Path):
    out = tmp_path / f"content-{lang}.po"
    code, said, err = run("translations", "export", lang, "-o", str(out), "--content", str(folder))
    assert code == 0, err
    assert str(out) in said
    with out.open("rb") as f:
        return out, read_po(f)


def save(catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


def entry(catalog, context: str):
    found = [m for m in catalog if m.context == context]
    assert len(found) == 1, context
    return found[0]


def texts_of(folder: Path) -> dict[str, dict]:
    """Every text of the content folder by its PO context."""
    found = {}
    for path in loader.yaml_files(folder):
        name = Path(path).relative_to(folder).as_posix()
        doc = load_yaml(Path(path), name)
        for loc, text in marks.texts(doc.data):
            found[f"{name} {'/'.join(map(str, loc))}"] = text
    return found


def test_the_export_holds_every_text_with_its_dutch_source(content_copy: Path, tmp_path: Path):
    # The monitor's intro as it was before its translation: Dutch only (a long text may be).
    monitor = content_copy / "monitor" / "2023-2024.yaml"
    lines = monitor.read_text(encoding="utf-8").split("\n")
    start = lines.index("intro:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    kept = [line for line in lines[start + 1 : end] if line.startswith("  nl:")]
    monitor.write_text("\n".join([*lines[: start + 1], *kept, *lines[end:]]), encoding="utf-8")
    path, catalog = export(content_copy, "ar", tmp_path)
    texts = texts_of(content_copy)
    messages = [m for m in catalog if m.id]
    assert {m.context for m in messages} == set(texts)
    assert len(messages) == len(texts) > 300
    assert str(catalog.locale) == "ar"
    assert not catalog.fuzzy, "a fuzzy header makes tools skip the whole file"
    holiday = entry(catalog, "settings.yaml closed_on_holidays/koningsdag")
    assert (holiday.id, holiday.string) == ("Koningsdag", "يوم الملك")
    line = (content_copy / "settings.yaml").read_text(encoding="utf-8").split("\n")
    assert "koningsdag:" in line[holiday.locations[0][1] - 1]
    assert holiday.locations[0][0] == "settings.yaml"
    assert "English: King’s Day" in holiday.auto_comments
    # A Dutch-only long text is there to translate, with an empty translation.
    intro = entry(catalog, "monitor/2023-2024.yaml intro")
    assert intro.string == "" and intro.id.startswith("We leren nog wat echt helpt")
    # GNU gettext, which Poedit builds on, reads it without complaint.
    if shutil.which("msgfmt"):
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr


def test_a_translation_whose_dutch_changed_is_exported_fuzzy(content_copy: Path, tmp_path):
    assert run("translations", "mark", "--all", "--content", str(content_copy))[0] == 0
    path = content_copy / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{nl: Koningsdag,", "{nl: Koningsdag (27 april),"), "utf-8")
    _, catalog = export(content_copy, "en", tmp_path)
    changed = entry(catalog, "settings.yaml closed_on_holidays/koningsdag")
    assert changed.fuzzy and changed.id == "Koningsdag (27 april)"
    assert changed.string == "King’s Day"
    assert sum(m.fuzzy for m in catalog if m.id) == 1


def test_an_unchanged_round_trip_only_marks(content_copy: Path, tmp_path: Path):
    before = {p: p.read_bytes() for p in content_copy.rglob("*.yaml")}
    for lang in marks.TRANSLATED:
        po, _ = export(content_copy, lang, tmp_path)
        code, out, err = run("translations", "import", str(po), "--content", str(content_copy))
        assert code == 0, err
    for path, old in before.items():
        assert MARK.sub("", path.read_bytes().decode()) == MARK.sub("", old.decode()), path
    lines = run("check", str(content_copy), "--today", TODAY)[1].splitlines()
    assert not [x for x in lines if "not marked yet" in x or "may be out of date" in x]
    # A second import changes nothing.
    po, _ = export(content_copy, "en", tmp_path)
    after = {p: p.read_bytes() for p in before}
    code, out, _ = run("translations", "import", str(po), "--content", str(content_copy))
    assert code == 0 and "nothing to import" in out
    assert {p: p.read_bytes() for p in before} == after


def _spans(path: Path) -> dict[tuple, tuple[int, int]]:
    """The 0-based first and last line of each scalar value, by location."""
    spans: dict[tuple, tuple[int, int]] = {}

    def walk(node, loc):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                walk(value, (*loc, i))
        else:
            end = node.end_mark.line - (1 if node.end_mark.column == 0 else 0)
            spans[loc] = (node.start_mark.line, end)

    walk(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), ())
    return spans


EDITS = {
    # A one-line text in a flow mapping, with quotes, a colon and a hash sign.
    "settings.yaml closed_on_holidays/koningsdag": 'يوم الملك: "عطلة" # رسمية',
    # A new translation of a Dutch-only text of several lines.
    "monitor/2023-2024.yaml intro": "يستمر البرنامج 20 سنة.\nنتعلم ما يساعد حقًا.",
}


def test_a_round_trip_with_edits_changes_only_those_texts(content_copy: Path, tmp_path: Path):
    for path in content_copy.rglob("*.yaml"):  # from unmarked files: every mark is new
        path.write_text(MARK.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    # One Arabic text is written as a literal block (|) first: the bundled content has none.
    path = content_copy / "routekaart.yaml"
    doc = load_yaml(path, "routekaart.yaml")
    loc, text = next(
        (loc, t)
        for loc, t in marks.texts(doc.data)
        if isinstance(t.get("ar"), str)
        and doc.position((*loc, "en")).line != doc.position((*loc, "ar")).line
    )
    lines = path.read_text(encoding="utf-8").split("\n")
    at = doc.position((*loc, "ar"))
    indent = " " * (at.column - 1 - len("ar: "))
    lines[at.line - 1] = f"{indent}ar: |\n{indent}  {text['ar']}\n{indent}  سطر ثان."
    path.write_text("\n".join(lines), encoding="utf-8")
    block = f"routekaart.yaml {'/'.join(map(str, loc))}"
    assert "\n" in texts_of(content_copy)[block]["ar"].strip()
    edits = {**EDITS, block: "سطر أول.\nسطر ثان، مع 'اقتباس'."}
    before = {p: p.read_text(encoding="utf-8") for p in content_copy.rglob("*.yaml")}
    spans = {p: _spans(p) for p in before}
    po, catalog = export(content_copy, "ar", tmp_path)
    for context, value in edits.items():
        entry(catalog, context).string = value
    save(catalog, po)
    code, out, err = run("translations", "import", str(po), "--content", str(content_copy))
    assert code == 0, err + out

    # The block stays a block, the one-line text stays on its line.
    written = path.read_text(encoding="utf-8")
    assert f"{indent}ar: |\n{indent}  سطر أول.\n{indent}  سطر ثان، مع 'اقتباس'.\n" in written
    assert 'ar: "يوم الملك: \\"عطلة\\" # رسمية"' in (content_copy / "settings.yaml").read_text(
        encoding="utf-8"
    )
    after = texts_of(content_copy)
    for context, value in edits.items():
        assert after[context]["ar"].strip() == value
        assert marks.state(after[context], "ar") == "current"
    loaded, messages = loader.load(content_copy)
    assert loaded is not None, [str(m) for m in messages if m.severity == "error"]
    assert (
        loaded.settings.closed_on_holidays["koningsdag"]("ar")
        == EDITS["settings.yaml closed_on_holidays/koningsdag"]
    )
    lines = run("check", str(content_copy), "--today", TODAY)[1].splitlines()
    assert not [x for x in lines if "may be out of date" in x]

    # Every other line of every file is as it was (the marks aside).
    edited_lines: dict[Path, set[int]] = {}
    for context in edits:
        name, _, where = context.partition(" ")
        path = content_copy / name
        loc = tuple(int(p) if p.isdigit() else p for p in where.split("/"))
        first, last = spans[path].get((*loc, "ar"), spans[path][(*loc, "nl")])
        edited_lines.setdefault(path, set()).update(range(first, last + 1))
    for path, old in before.items():
        new = MARK.sub("", path.read_text(encoding="utf-8")).split("\n")
        old_lines = old.split("\n")
        keep = edited_lines.get(path, set())
        if not keep:
            assert new == old_lines, path
            continue
        # The lines before the first edit and after the last are the same, and in between
        # only the edited texts' lines changed.
        assert new[: min(keep)] == old_lines[: min(keep)]
        tail = len(old_lines) - max(keep) - 1
        assert new[len(new) - tail :] == old_lines[len(old_lines) - tail :]
        unchanged = [i for i in range(len(old_lines)) if i not in keep]
        assert all(old_lines[i] in new for i in unchanged)


def test_import_refuses_texts_that_moved_or_whose_dutch_changed(content_copy: Path, tmp_path):
    po, catalog = export(content_copy, "en", tmp_path)
    entry(catalog, "settings.yaml closed_on_holidays/koningsdag").string = "King's Day (27 April)"
    entry(catalog, "settings.yaml closed_on_holidays/nieuwjaarsdag").string = "New Year"
    entry(catalog, "settings.yaml closed_on_holidays/tweede-kerstdag").string = "Boxing Day!"
    save(catalog, po)
    path = content_copy / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("{nl: Koningsdag,", "{nl: Koningsdag (27 april),")
    # The removed holiday: its place no longer exists.
    text = re.sub(r"\n  nieuwjaarsdag: \{[^\n]*\}", "", text)
    path.write_text(text, encoding="utf-8")
    code, out, err = run("translations", "import", str(po), "--content", str(content_copy))
    assert code == 1
    assert "settings.yaml closed_on_holidays/koningsdag" in err
    assert "the Dutch changed since the export" in err
    assert "settings.yaml closed_on_holidays/nieuwjaarsdag" in err
    assert "no longer exists" in err
    assert "2 entr(y/ies) not imported" in err
    after = texts_of(content_copy)
    assert after["settings.yaml closed_on_holidays/koningsdag"]["en"] == "King’s Day"
    assert after["settings.yaml closed_on_holidays/tweede-kerstdag"]["en"] == "Boxing Day!"


def test_import_leaves_entries_still_marked_fuzzy(content_copy: Path, tmp_path: Path):
    po, catalog = export(content_copy, "en", tmp_path)
    message = entry(catalog, "settings.yaml closed_on_holidays/koningsdag")
    message.string = "King's Day, maybe"
    message.flags.add("fuzzy")
    save(catalog, po)
    code, _, err = run("translations", "import", str(po), "--content", str(content_copy))
    assert code == 0
    assert "still marked fuzzy" in err
    assert texts_of(content_copy)["settings.yaml closed_on_holidays/koningsdag"]["en"] == (
        "King’s Day"
    )


@pytest.mark.parametrize("language", ["nl", "tr", None])
def test_import_refuses_a_file_for_another_language(content_copy, tmp_path, language):
    po, catalog = export(content_copy, "en", tmp_path)
    catalog.locale = language
    save(catalog, po)
    before = {p: p.read_bytes() for p in content_copy.rglob("*.yaml")}
    code, _, err = run("translations", "import", str(po), "--content", str(content_copy))
    assert code == 1
    assert "Language header" in err
    assert {p: p.read_bytes() for p in before} == before
