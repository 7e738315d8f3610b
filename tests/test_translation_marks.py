"""Translations that never go stale: every English and Arabic content text says which Dutch
text it was translated from (``from: {en: …, ar: …}``), written by ``routekaart translations
mark``; ``routekaart check`` warns, with file and line, when the Dutch changed since."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from catalogs import msgstr
from click.testing import CliRunner

from routekaart.cli import main
from routekaart.content import loader, marks, model, monitor
from routekaart.content.messages import validate_document
from routekaart.content.yamlsource import load as load_yaml
from routekaart.content.yamlsource import parse
from routekaart.ops import translations

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2025-06-02"
# A mark as the commands write it: after the last key of a flow mapping, or on its own line.
MARK = re.compile(r", from: \{[^{}]*\}|\n *from: \{[^{}]*\}(?=\n)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def unmark(folder: Path) -> None:
    """Take every mark out of a content folder, as if it was never marked."""
    for path in folder.rglob("*.yaml"):
        path.write_bytes(MARK.sub("", path.read_bytes().decode()).encode())


def check_lines(folder: Path) -> list[str]:
    return run("check", str(folder), "--today", TODAY)[1].splitlines()


def test_a_mark_is_8_hex_digits_of_the_sha256_of_the_stripped_dutch():
    expected = hashlib.sha256(b"U heeft schulden").hexdigest()[:8]
    assert marks.mark_of("U heeft schulden") == expected
    assert marks.mark_of("  U heeft schulden\n") == expected
    assert marks.mark_of("U heeft schulden.") != expected


def test_the_model_takes_from_but_never_shows_it():
    text = model.Text.model_validate(
        {
            "nl": "U heeft schulden",
            "en": "You have debts",
            "ar": "لديك ديون",
            "from": {"en": "3f2a9c1b"},
        }
    )
    assert text.marks == {"en": "3f2a9c1b"}
    assert text.model_dump() == {
        "nl": "U heeft schulden",
        "en": "You have debts",
        "ar": "لديك ديون",
    }
    long = model.LongText.model_validate({"nl": "Lang", "from": {"ar": "00000000"}})
    assert long("ar") == "Lang" and not long.has("ar")


@pytest.mark.parametrize(
    ("marks_yaml", "message"),
    [
        ("{nl: 3f2a9c1b}", '"nl" is not a translated language'),
        ("{en: 3F2A}", '"3F2A" is not a translation mark'),
    ],
)
def test_a_wrong_mark_is_an_error_at_its_line(content_copy: Path, marks_yaml: str, message: str):
    path = content_copy / "settings.yaml"
    text = MARK.sub("", path.read_text(encoding="utf-8"))
    old = "ar: رأس السنة الميلادية}"
    assert old in text
    path.write_text(text.replace(old, f"ar: رأس السنة الميلادية, from: {marks_yaml}}}"), "utf-8")
    line = text[: text.index(old)].count("\n") + 1
    _, messages = loader.load(content_copy)
    errors = [m for m in messages if m.severity == "error"]
    assert len(errors) == 1
    assert errors[0].position.line == line
    assert message.lower() in errors[0].text.lower()


def _model_texts(value: object, loc: tuple) -> set[tuple]:
    if isinstance(value, model.Text | model.LongText):
        return {loc}
    found: set[tuple] = set()
    if isinstance(value, model.Strict):
        for name, info in type(value).model_fields.items():
            found |= _model_texts(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found |= _model_texts(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= _model_texts(item, (*loc, key))
    return found


def test_the_marked_texts_are_exactly_the_models_texts():
    """``from`` goes on every Text and LongText of every content file, and nowhere else."""
    content = ROOT / "content"
    roots = {**model.MODELS, "monitor/programme.yaml": monitor.ProgrammeFile}
    for path in sorted(content.rglob("*.yaml")):
        name = path.relative_to(content).as_posix()
        if name in ("glossary.yaml", "languages.yaml"):  # words and settings, no texts
            continue
        root = roots.get(name, monitor.EditionFile)
        doc = load_yaml(path, name)
        value, messages = validate_document(doc, root)
        assert value is not None, messages
        model_locs = _model_texts(value, ())
        # The residents' words under "match" are residents' own, not texts we translate.
        model_locs = {loc for loc in model_locs if "match" not in loc}
        assert {loc for loc, _ in marks.texts(doc.data)} == model_locs, name


def test_mark_all_writes_only_marks_and_check_is_quiet(content_copy: Path):
    unmark(content_copy)
    before = {p: p.read_bytes() for p in content_copy.rglob("*.yaml")}
    lines = check_lines(content_copy)
    summary = [line for line in lines if "not marked yet" in line]
    assert len(summary) == 1, "unmarked translations are counted in one line"
    assert "run `routekaart translations mark --all`" in summary[0]
    assert not [line for line in lines if "may be out of date" in line]

    code, out, err = run("translations", "mark", "--all", "--content", str(content_copy))
    assert code == 0, err
    assert "marked" in out
    for path, old in before.items():
        new = path.read_bytes()
        # Everything but the marks is byte for byte what it was.
        assert MARK.sub("", new.decode()).encode() == old, path
    assert not [line for line in check_lines(content_copy) if "not marked yet" in line]
    loaded, messages = loader.load(content_copy)
    assert loaded is not None, [str(m) for m in messages if m.severity == "error"]
    # Marking again changes nothing.
    marked = {p: p.read_bytes() for p in before}
    code, out, _ = run("translations", "mark", "--all", "--content", str(content_copy))
    assert code == 0
    assert "every translation asked for was marked already" in out
    assert {p: p.read_bytes() for p in before} == marked


def _change_dutch(folder: Path, old: str, new: str) -> tuple[Path, str]:
    path = folder / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text


def test_changed_dutch_warns_at_each_translation_until_it_is_marked_again(content_copy: Path):
    run("translations", "mark", "--all", "--content", str(content_copy))
    path, _ = _change_dutch(content_copy, "{nl: Koningsdag,", "{nl: Koningsdag (27 april),")
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("Koningsdag (27 april)")].count("\n") + 1
    warnings = [x for x in check_lines(content_copy) if "may be out of date" in x]
    assert len(warnings) == 2  # English and Arabic, on one line of a flow mapping
    assert all(f"content/settings.yaml:{line}:" in w for w in warnings)
    assert any("the English text may be out of date" in w for w in warnings)
    assert any("the Arabic text may be out of date" in w for w in warnings)
    assert f"run `routekaart translations mark content/settings.yaml:{line}`" in warnings[0]

    # Only the English one is checked: mark English only.
    code, _, err = run(
        "translations", "mark", "--lang", "en", f"{path}:{line}", "--content", str(content_copy)
    )
    assert code == 0, err
    warnings = [x for x in check_lines(content_copy) if "may be out of date" in x]
    assert len(warnings) == 1 and "Arabic" in warnings[0]

    # The place as `check` names it works too.
    code, _, err = run(
        "translations", "mark", f"content/settings.yaml:{line}", "--content", str(content_copy)
    )
    assert code == 0, err
    assert not [x for x in check_lines(content_copy) if "may be out of date" in x]


def test_a_changed_block_text_warns_at_its_translations_lines(content_copy: Path):
    """A text in block style: the warning names the line of each translation."""
    run("translations", "mark", "--all", "--content", str(content_copy))
    doc = load_yaml(content_copy / "routekaart.yaml", "routekaart.yaml")
    loc, text = next(
        (loc, t)
        for loc, t in marks.texts(doc.data)
        if doc.position((*loc, "en")).line != doc.position((*loc, "ar")).line
    )
    path = content_copy / "routekaart.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    nl_line = doc.position((*loc, "nl")).line
    dutch = text["nl"].strip().split("\n")[0]
    assert dutch in lines[nl_line - 1] or dutch[:20] in lines[nl_line]
    index = nl_line - 1 if dutch in lines[nl_line - 1] else nl_line
    lines[index] = lines[index].replace(dutch, dutch + " Bel ons gerust.", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    warnings = [x for x in check_lines(content_copy) if "may be out of date" in x]
    assert sorted(int(w.split(":")[1]) for w in warnings) == sorted(
        [doc.position((*loc, "en")).line, doc.position((*loc, "ar")).line]
    )


def test_mark_refuses_a_line_without_a_translation_and_a_file_outside(content_copy, tmp_path):
    code, _, err = run(
        "translations", "mark", f"{content_copy / 'settings.yaml'}:1", "--content",
        str(content_copy),
    )  # fmt: skip
    assert code == 1
    assert "settings.yaml:1: no translation on this line" in err
    other = tmp_path / "elders.yaml"
    other.write_text("a: {nl: x, en: y, ar: z}\n", encoding="utf-8")
    code, _, err = run("translations", "mark", f"{other}:1", "--content", str(content_copy))
    assert code == 1
    assert "not a YAML file of the content folder" in err
    assert other.read_text(encoding="utf-8") == "a: {nl: x, en: y, ar: z}\n"
    code, _, err = run("translations", "mark", "--content", str(content_copy))
    assert code != 0 and "--all" in err


ODD = """\
# A file with everything staff write.
top:
  # comment before
  title: {nl: "Huur \\"betalen\\"", en: 'Paying ''rent''', ar: دفع الإيجار}  # after
  text:
    nl: |
      Regel een.
      Regel twee: met een dubbele punt.

    en: >-
      Line one
      folded.
    # between
    ar: "سطر"
  long:
    nl: Alleen Nederlands
  list:
    - {nl: a, en: b}
    - nl: c
      ar: d

end: 1
"""


def test_mark_keeps_comments_quotes_block_scalars_and_arabic(tmp_path: Path):
    path = tmp_path / "odd.yaml"
    path.write_bytes(ODD.encode())
    report, problems = marks.mark(tmp_path, [marks.Target(path)])
    assert problems == []
    assert len(report) == 1 and report[0].endswith("odd.yaml: marked 6 translation(s)")
    new = path.read_bytes().decode()
    assert MARK.sub("", new) == ODD
    data = parse(new, "odd.yaml").data
    before = parse(ODD, "odd.yaml").data
    h = marks.mark_of
    assert data["top"]["title"]["from"] == {"en": h('Huur "betalen"'), "ar": h('Huur "betalen"')}
    assert data["top"]["text"]["from"] == {"en": h(before["top"]["text"]["nl"])} | {
        "ar": h(before["top"]["text"]["nl"])
    }
    assert "from" not in data["top"]["long"]  # nothing translated, nothing to mark
    assert data["top"]["list"][0]["from"] == {"en": h("a")}
    assert data["top"]["list"][1]["from"] == {"ar": h("c")}
    for key in ("title", "text"):
        del data["top"][key]["from"]
    del data["top"]["list"][0]["from"], data["top"]["list"][1]["from"]
    assert data == before
    assert [m.text for m in marks.check([parse(new, "odd.yaml")])] == []


# --- the interface catalogs ------------------------------------------------------------------

PRIVACY_MSGID = "What we count"


def catalogs_copy(tmp_path: Path) -> Path:
    target = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", target)
    return target


def app_on(folder: Path):
    from routekaart import create_app

    return create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": str(folder)})


def _flag_fuzzy(folder: Path, lang: str, msgid: str, msgstr_text: str | None = None) -> Path:
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    entry = f'\nmsgid "{msgid}"\nmsgstr "'
    assert text.count(entry) == 1
    text = text.replace(entry, f"\n#, fuzzy{entry}")
    if msgstr_text is not None:
        start = text.index(f'#, fuzzy\nmsgid "{msgid}"\nmsgstr "') + len(
            f'#, fuzzy\nmsgid "{msgid}"\nmsgstr "'
        )
        end = text.index('"\n', start)
        text = text[:start] + msgstr_text + text[end:]
    po.write_text(text, encoding="utf-8")
    return po


@pytest.mark.parametrize("lang", model.LANGUAGES)
def test_no_catalog_header_is_fuzzy(lang):
    """A fuzzy header makes `pybabel compile` skip the whole catalog."""
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        assert not read_po(f, locale=lang).fuzzy


def test_translations_check_reports_a_fuzzy_header(tmp_path: Path):
    folder = catalogs_copy(tmp_path)
    assert translations.problems(folder) == []
    po = folder / "ar" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('#\nmsgid ""', '#\n#, fuzzy\nmsgid ""', 1), "utf-8"
    )
    found = translations.problems(folder)
    assert len(found) == 1
    assert "messages.po: the header" in found[0] and "marked fuzzy" in found[0]


def test_pybabel_compile_the_documented_way_writes_every_catalog(tmp_path: Path):
    folder = catalogs_copy(tmp_path)
    for mo in folder.glob("*/LC_MESSAGES/messages.mo"):
        mo.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(folder)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "skipping" not in done.stdout + done.stderr
    assert len(list(folder.glob("*/LC_MESSAGES/messages.mo"))) == len(model.LANGUAGES)
    page = app_on(folder).test_client().get("/nl/privacy")
    assert page.status_code == 200
    assert msgstr("nl", PRIVACY_MSGID) in page.text


def test_nl_privacy_never_answers_in_english_without_its_catalog(tmp_path: Path):
    page = app_on(ROOT / "translations").test_client().get("/nl/privacy")
    assert msgstr("nl", PRIVACY_MSGID) in page.text
    assert f">{PRIVACY_MSGID}<" not in page.text
    folder = catalogs_copy(tmp_path)
    (folder / "nl" / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(RuntimeError, match="nl/LC_MESSAGES/messages.mo is missing"):
        app_on(folder)
    (folder / "nl" / "LC_MESSAGES" / "messages.po").unlink()
    with pytest.raises(RuntimeError, match="nl/LC_MESSAGES/messages.mo is missing"):
        app_on(folder)
    with pytest.raises(RuntimeError, match="messages.mo is missing"):
        app_on(tmp_path / "nothing-here")


def test_a_fuzzy_entry_is_reported_and_shown_in_its_earlier_translation(tmp_path: Path):
    """Never the English msgid on a Dutch page: the resident reads the earlier Dutch."""
    folder = catalogs_copy(tmp_path)
    po = _flag_fuzzy(folder, "nl", PRIVACY_MSGID)
    found = translations.problems(folder)
    assert len(found) == 1
    line = po.read_text(encoding="utf-8").split("\n").index(f'msgid "{PRIVACY_MSGID}"') + 1
    assert f"messages.po:{line}: fuzzy: '{PRIVACY_MSGID}'" in found[0]
    # Compiled the project's way, the earlier translation stays in.
    translations.compile_all(folder)
    page = app_on(folder).test_client().get("/nl/privacy")
    assert msgstr("nl", PRIVACY_MSGID) in page.text
    assert f">{PRIVACY_MSGID}<" not in page.text
    # Compiled the way that leaves fuzzy entries out: the site does not start with it.
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(folder), "-l", "nl"],
        check=True, capture_output=True,
    )  # fmt: skip
    with pytest.raises(RuntimeError, match="leaves out the fuzzy entries"):
        app_on(folder)


def test_a_fuzzy_entry_with_other_placeholders_is_never_compiled(tmp_path: Path):
    folder = catalogs_copy(tmp_path)
    _flag_fuzzy(folder, "ar", "%(name)s: opening hours", "%(naam)s: أوقات العمل")
    with pytest.raises(translations.CatalogError, match="other placeholders"):
        translations.compile_all(folder)
    with pytest.raises(RuntimeError, match="other placeholders"):
        app_on(folder)
