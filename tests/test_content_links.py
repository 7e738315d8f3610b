"""Links to folders inside the content folder are never followed: a link loop or a link to a
huge folder must not hang the checker or the site, and the checker names each such link.

Anything that could hang runs in a child process with a time limit, so a regression fails
instead of stopping the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from routekaart.content import loader as content
from routekaart.ops.store import ContentStore

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60  # seconds; a clean check takes about one
IGNORED = (
    "warning: this is a link to a folder; links to folders are not followed, so nothing in it "
    "is read: remove the link, or put the folder itself here"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=LIMIT
    )


@pytest.mark.parametrize(
    ("links", "target"),
    [
        (["loopa", "loopb"], "."),  # ln -s . content/loopa; ln -s . content/loopb
        (["everything"], "/"),  # a link to a very large folder
    ],
)
def test_the_checker_ignores_linked_folders_and_names_them(content_copy, links, target):
    for name in links:
        (content_copy / name).symlink_to(target)
    done = run("-m", "routekaart", "check", str(content_copy))
    assert done.returncode == 0, done.stderr
    for name in links:
        assert f"content/{name}:1:1: {IGNORED}" in done.stdout.splitlines()


def test_the_live_site_survives_a_link_loop(content_copy):
    """A loop present at start, and one added while the site runs, with a change beside it."""
    (content_copy / "loopa").symlink_to(".")
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from routekaart import create_app
        folder = Path({str(content_copy)!r})
        config = {{"CONTENT_SETTLE_SECONDS": 0, "CONTENT_CHECK_SECONDS": 0}}
        app = create_app({{"CONTENT_DIR": str(folder), **config}})
        client = app.test_client()
        assert client.get("/nl/").status_code == 200
        (folder / "monitor" / "loopb").symlink_to("..")
        path = folder / "routekaart.yaml"
        path.write_text(path.read_text().replace("Wat past het best?", "Nieuw?"))
        # The content watcher takes the change (a request only follows what it published).
        deadline = time.monotonic() + 10
        page = client.get("/nl/")
        while "Nieuw?" not in page.get_data(as_text=True) and time.monotonic() < deadline:
            assert page.status_code == 200
            time.sleep(0.1)
            page = client.get("/nl/")
        assert page.status_code == 200 and "Nieuw?" in page.get_data(as_text=True)
        print("ok")
        """
    )
    done = run("-c", script)
    assert done.stdout.strip() == "ok", done.stderr


def test_a_linked_monitor_folder_is_ignored_with_a_warning(content_copy, tmp_path):
    (content_copy / "monitor").rename(tmp_path / "monitor")
    (content_copy / "monitor").symlink_to(tmp_path / "monitor")
    loaded, messages = content.load(content_copy)
    assert loaded is not None and "monitor" not in loaded.extra
    assert f"content/monitor:1:1: {IGNORED}" in [str(m) for m in messages]


def test_a_change_inside_a_linked_folder_is_no_change(content_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.yaml").write_text("a: 1\n")
    (content_copy / "notes").symlink_to(elsewhere)
    store = ContentStore(content_copy, settle=0, check_every=0)
    first = store.get()
    (elsewhere / "notes.yaml").write_text("a: 2\n")
    (elsewhere / "more.yaml").write_text("b: 1\n")
    assert content.fingerprint(content_copy) == first.fingerprint
    assert store.get() is first
