"""Issue 24, item 8: a newcomer's first start.

The compiled catalogs (``.mo``) are built when the package is built (``pip install .``, a
wheel), and the app refuses to start without them, or with ones older than their ``.po``,
instead of serving English on Dutch pages. ``scripts/serve`` honours ``ROUTEKAART_PORT`` and
says in one line what is wrong when the port is taken. The package builds without setuptools'
warnings, and the content's warnings are logged once, not once per worker.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from routekaart import create_app
from routekaart.ops import translations

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en", "ar")


def catalogs_copy(tmp_path: Path) -> Path:
    target = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", target)
    return target


# --- the catalogs at start -----------------------------------------------------------------


def test_the_app_refuses_to_start_without_compiled_catalogs(tmp_path: Path):
    folder = catalogs_copy(tmp_path)
    (folder / "nl" / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(RuntimeError) as refused:
        create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": str(folder)})
    message = str(refused.value)
    assert "nl/LC_MESSAGES/messages.mo is missing" in message
    assert "routekaart translations compile" in message


def test_the_app_refuses_catalogs_older_than_their_po(tmp_path: Path):
    folder = catalogs_copy(tmp_path)
    po = folder / "ar" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "A new text"\nmsgstr "نص جديد"\n',
        encoding="utf-8",
    )
    mo = po.with_suffix(".mo")
    earlier = po.stat().st_mtime - 60  # the file's own time: the kernel's, never a faked clock
    os.utime(mo, (earlier, earlier))
    with pytest.raises(RuntimeError) as refused:
        create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": str(folder)})
    assert "ar/LC_MESSAGES/messages.mo is older than messages.po" in str(refused.value)
    translations.compile_all(folder)
    assert create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": str(folder)})


def test_a_po_only_touched_later_is_no_reason_to_refuse(tmp_path: Path):
    """A checkout writes files in any order: a .po newer on disk but compiled to the same
    catalog is up to date."""
    folder = catalogs_copy(tmp_path)
    for lang in LANGS:
        mo = folder / lang / "LC_MESSAGES" / "messages.mo"
        earlier = mo.with_suffix(".po").stat().st_mtime - 60
        os.utime(mo, (earlier, earlier))
    app = create_app({"TESTING": True, "BABEL_TRANSLATION_DIRECTORIES": str(folder)})
    assert "Uw tekst is te lang" in app.test_client().get("/_te-groot/nl").text


# --- the build -----------------------------------------------------------------------------


def test_building_the_package_compiles_the_catalogs_without_warnings(tmp_path: Path):
    """``pip wheel .`` on a fresh checkout (no .mo files) builds the catalogs, and setuptools
    finds every package (the migrations too) without a warning."""
    source = tmp_path / "source"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        path = ROOT / name.decode()
        if path.is_file():
            (source / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / name.decode())
    assert not list(source.glob("translations/*/LC_MESSAGES/*.mo"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v",
         "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    output = built.stdout + built.stderr
    assert built.returncode == 0, output[-3000:]
    assert sorted(p.parent.parent.name for p in source.glob("translations/*/LC_MESSAGES/*.mo")) == [
        "ar",
        "en",
        "nl",
    ]
    assert "absent from the `packages` configuration" not in output
    assert "is not a listed package" not in output.lower()
    import zipfile

    (wheel,) = (tmp_path / "dist").glob("routekaart-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "routekaart/ops/migrations/env.py" in names
    assert "routekaart/ops/migrations/script.py.mako" in names
    assert "routekaart/ops/migrations/versions/0001_usage_counts.py" in names


# --- scripts/serve and the port ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_says_in_one_line_that_the_port_is_taken_and_how_to_pick_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "routekaart", "serve", "--workers", "1"],
            cwd=ROOT,
            env={**os.environ, "ROUTEKAART_PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        seconds = time.monotonic() - started
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines == [
        f"Port {port} on 127.0.0.1 is already in use (another program, or the site running "
        f"already). Pick another port: ROUTEKAART_PORT={port + 1} bash scripts/serve, or "
        f"routekaart serve --port {port + 1}"
    ]
    assert "Retrying" not in result.stderr and seconds < 30  # no retry loop (5 x 1 s)


def test_scripts_serve_honours_routekaart_port(tmp_path: Path):
    """scripts/serve passes no --port of its own: ROUTEKAART_PORT decides."""
    text = (ROOT / "scripts" / "serve").read_text()
    assert "--port" not in text
    port = free_port()
    # The command scripts/serve runs (its setup step is the one every test run did already).
    command = text.strip().splitlines()[-1].replace("exec ", "").split()
    process = subprocess.Popen(
        [sys.executable if c == ".venv/bin/python" else c for c in command],
        cwd=ROOT,
        env={**os.environ, "ROUTEKAART_PORT": str(port), "ROUTEKAART_WORKERS": "1",
             "ROUTEKAART_STATE_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("scripts/serve's command did not listen on ROUTEKAART_PORT")
    finally:
        process.terminate()
        process.wait(timeout=40)


# --- content warnings at start -------------------------------------------------------------


def test_content_warnings_are_logged_once_not_once_per_worker(tmp_path: Path):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "routekaart", "serve", "--port", str(port), "--workers", "3"],
            cwd=ROOT,
            env={**os.environ, "ROUTEKAART_STATE_DIR": str(tmp_path / "state")},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and log.read_text().count("Booting worker") < 3:
            time.sleep(0.2)
        time.sleep(3)  # every worker has loaded (or followed) the content
    finally:
        process.terminate()
        process.wait(timeout=40)
    warnings = [
        line.split(": ", 1)[1]
        for line in log.read_text().splitlines()
        if " WARNING routekaart.ops.store" in line
    ]
    assert warnings, "the content has warnings; they are logged"
    assert len(warnings) == len(set(warnings)), "a warning was logged more than once"
    # The names staff need stay in: the scrubber leaves content messages alone.
    assert any('to confirm with "kredietbank"' in w for w in warnings)
