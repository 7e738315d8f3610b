"""The ``routekaart`` command for staff: ``check`` and ``schema``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from routekaart.cli import main
from routekaart.content import loader, model, schema
from routekaart.content.yamlsource import load as load_yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

MESSAGE = re.compile(r"^content/[a-z]+\.yaml:\d+:\d+: (error|warning): .+$")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- routekaart check ------------------------------------------------------------------------


def test_check_clean_content_exits_0_with_warnings(content_copy: Path):
    # Translations marked (tests/test_translation_marks.py checks what unmarked ones give).
    assert run("translations", "mark", "--all", "--content", str(content_copy))[0] == 0
    code, out, err = run("check", str(content_copy), "--today", "2025-06-02")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "content is valid (46 warning(s))"
    assert lines[-2] == f"content version {loader.version(content_copy)}"
    assert len(lines) == 51
    # How complete each language is, content texts and interface catalog.
    for line, lang in zip(lines[-5:-2], ("nl", "en", "ar"), strict=True):
        assert re.fullmatch(
            rf"language {lang} \(.+\): content texts \d+ % \(\d+ of \d+\), "
            r"interface 100 % \(\d+ of \d+\), live",
            line,
        ), line
    for line in lines[:-5]:
        assert MESSAGE.match(line), line
        assert ": warning: " in line
    assert err == ""


def test_check_exits_1_on_any_error(content_copy: Path):
    assert run("translations", "mark", "--all", "--content", str(content_copy))[0] == 0
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    option = text.index("ar: عليَّ ديون\n")  # the option's next line may be its mark
    at = text.index("next: binnenkort-schulden\n", option)
    assert text[option:at].count("\n") <= 2
    text = text[:at] + "next: schuldn\n" + text[at + len("next: binnenkort-schulden\n") :]
    path.write_text(text, encoding="utf-8")
    index = text.index("schuldn\n")
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    code, out, err = run("check", str(content_copy), "--today", "2025-06-02")
    assert code == 1
    assert (
        f"content/routekaart.yaml:{line}:{column}: error: option "
        '"Ik heb schulden" leads to unknown node "schuldn"'
    ) in err.splitlines()
    assert out.splitlines()[-1] == (
        "1 error(s), 40 warning(s): the site keeps the last good content"
    )


def test_check_without_a_folder_checks_the_bundled_content():
    code, out, _ = run("check", "--today", "2025-06-02")
    assert code == 0
    assert out.splitlines()[-1] == "content is valid (46 warning(s))"


def test_check_a_missing_folder(tmp_path: Path):
    code, out, err = run("check", str(tmp_path / "nothing"))
    assert code == 1
    assert err.splitlines() == [f"{tmp_path / 'nothing'}:1:1: error: no such content folder"]


def test_check_as_a_real_process_from_the_project_root(content_copy: Path):
    """``python -m routekaart check content`` gives the exit code staff see in a terminal."""
    ok = subprocess.run(
        [sys.executable, "-m", "routekaart", "check", "content", "--today", "2025-06-02"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == "content is valid (46 warning(s))"
    (content_copy / "settings.yaml").write_text("general_page: [\n", encoding="utf-8")
    broken = subprocess.run(
        [sys.executable, "-m", "routekaart", "check", str(content_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert broken.returncode == 1
    assert "content/settings.yaml:2:1: error: YAML syntax error" in broken.stderr


# --- routekaart schema -----------------------------------------------------------------------


def test_schema_command_writes_what_is_committed(tmp_path: Path):
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(schema.schemas())
    assert set(written) >= {schema.schema_name(name) for name in model.MODELS}
    for name in written:
        committed = ROOT / "schema" / name
        assert committed.read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"
        ), f"schema/{name} is out of date: run `routekaart schema`"


@pytest.mark.parametrize("name", list(model.MODELS))
def test_content_files_reference_their_schema_on_the_first_line(name: str):
    first = (CONTENT / name).read_text(encoding="utf-8").splitlines()[0]
    target = schema.schema_name(name)
    assert first == f"# yaml-language-server: $schema=../schema/{target}"
    assert (CONTENT / ".." / "schema" / target).resolve().is_file()


def validator(name: str) -> Draft202012Validator:
    document = json.loads((ROOT / "schema" / schema.schema_name(name)).read_text())
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("name", list(model.MODELS))
def test_bundled_content_validates_against_the_schema(name: str):
    data = load_yaml(CONTENT / name, name).data
    errors = [e.message for e in validator(name).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("name", "old", "new", "words"),
    [
        (
            "routekaart.yaml",
            "      - slug: direct\n        label:",
            "      - slug: direct\n        lable:",
            "lable",
        ),
        (
            "organisations.yaml",
            'from: "09:00"\n        to: "17:00"',
            'from: "25:00"\n        to: "17:00"',
            "25:00",
        ),
        (
            "organisations.yaml",
            "[maandag, dinsdag, woensdag",
            "[maandag, dinsdg, woensdag",
            "dinsdg",
        ),
        ("settings.yaml", "stale_after_days: 365", "stale_after_days: veel", "veel"),
        ("routekaart.yaml", "urgency: today", "urgency: nu", "nu"),
    ],
)
def test_schema_rejects_what_the_checker_rejects(tmp_path: Path, name, old, new, words):
    """Editors show the same mistakes while staff type."""
    text = (CONTENT / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = [e.message for e in validator(name).iter_errors(load_yaml(path, name).data)]
    assert errors and any(words in e for e in errors), errors


def test_time_pattern_in_the_schema_matches_the_model():
    document = json.loads((ROOT / "schema" / "organisations.schema.json").read_text())
    pattern = re.compile(document["$defs"]["Slot"]["properties"]["from"]["pattern"])
    for good in ("09:00", "9:00", "00:00", "23:59"):
        assert pattern.search(good)
    for bad in ("24:00", "9:60", "0900", "09:00:00", "9.00"):
        assert not pattern.search(bad)
