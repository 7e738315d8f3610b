"""A half-saved file is never served: the live site waits until the files have settled, holds
back a version that removes things until it has stayed for a while, and logs each problem once.

The store's clock is a hand-moved test clock; only the time the store itself has watched the
files counts, never their modification times."""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from routekaart import create_app
from routekaart.content import loader as content
from routekaart.domain import hours
from routekaart.ops.store import ContentStore

CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
CUT_RESULT = "jong-schulden-18-27"  # the file's last result: its last organisation is cut
_LINES = (
    (Path(__file__).resolve().parent.parent / "content" / "routekaart.yaml")
    .read_text(encoding="utf-8")
    .splitlines()
)
# How many lines of routekaart.yaml come before its last "- organisation: …" (a cut there leaves
# valid content without it); counted, so added or reordered content does not break the test.
CUT_LINE = max(i for i, line in enumerate(_LINES) if line.startswith("        - organisation: "))
CUT_ORGANISATION = _LINES[CUT_LINE].removeprefix("        - organisation: ")
# The closed holiday's line, with or without its translation mark.
LIBERATION_DAY = re.compile(r"\n  bevrijdingsdag: \{nl: Bevrijdingsdag, [^\n]*\}(?=\n)")


def without_liberation_day(text: str) -> str:
    """The settings without the closed holiday Liberation Day."""
    text, found = LIBERATION_DAY.subn("", text)
    assert found == 1
    return text


class Clock:
    """Seconds on a steady clock, moved forward by the test."""

    def __init__(self) -> None:
        self.now = 1_000_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(content_copy: Path, clock: Clock) -> ContentStore:
    """A store with the product's waiting times (1 s to settle, 10 s for a removal)."""
    store = ContentStore(content_copy, check_every=0, clock=clock)
    store.get()
    return store


def cut(path: Path, lines: int) -> str:
    """Keep the first ``lines`` lines of a file, as a save that stopped half-way leaves it."""
    text = path.read_text(encoding="utf-8")
    kept = "".join(text.splitlines(keepends=True)[:lines])
    path.write_text(kept, encoding="utf-8")
    return text


def kredietbank_on_christmas(loaded: content.Content) -> str:
    return hours.status(loaded.organisations["kredietbank"], loaded.settings, CHRISTMAS).state


def organisations_of(loaded: content.Content, node_id: str) -> list[str]:
    return [rec.organisation for rec in loaded.routekaart.nodes[node_id].result.organisations]


def set_file_times(folder: Path, moment: float) -> None:
    """Give every folder and file the same modification time."""
    for current, _, files in os.walk(folder):
        for name in [*files, "."]:
            os.utime(os.path.join(current, name), (moment, moment))


def test_the_cut_files_are_valid_content_on_their_own(content_copy):
    """Why the store must wait: the checker cannot tell these cut files from real edits."""
    cut(content_copy / "settings.yaml", 17)
    cut(content_copy / "routekaart.yaml", CUT_LINE)
    loaded, messages = content.load(content_copy)
    assert loaded is not None, [str(m) for m in messages if m.severity == "error"]
    assert kredietbank_on_christmas(loaded) == "open"
    assert CUT_ORGANISATION not in organisations_of(loaded, CUT_RESULT)


def test_a_half_written_settings_file_is_not_served_on_the_site(content_copy):
    """Written 17 lines at a time, with a pause: Christmas must stay closed throughout."""
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()
    url = "/en/organisatie/kredietbank?at=2026-12-25T10:00"
    said = "Public holiday (Christmas Day): may be closed"
    assert said in client.get(url).get_data(as_text=True)
    cut(content_copy / "settings.yaml", 17)
    html = client.get(url).get_data(as_text=True)
    assert said in html and 'class="status open"' not in html


def test_a_file_is_taken_only_once_it_has_stopped_changing(store, content_copy, clock):
    path = content_copy / "settings.yaml"
    full = cut(path, 17)
    clock.now += 0.5
    assert kredietbank_on_christmas(store.get()) == "closed"
    # The rest arrives after the pause; the whole file then settles and is taken.
    path.write_text(full.replace("stale_after_days: 365", "stale_after_days: 300"), "utf-8")
    clock.now += 0.5
    assert store.get().settings.stale_after_days == 365  # not settled yet
    clock.now += 1.0
    assert store.get().settings.stale_after_days == 300
    assert kredietbank_on_christmas(store.get()) == "closed"


def test_the_files_are_looked_at_once_a_second_while_nothing_is_pending(
    content_copy, clock, monkeypatch
):
    store = ContentStore(content_copy, clock=clock)  # the product's check: once a second
    store.get()
    looks: list[str] = []
    real_stat = os.stat

    # Only this store's files: another app's watcher thread may look at its own meanwhile.
    def stat(path, *args, **kwargs):
        if str(path).startswith(str(content_copy)):
            looks.append(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    path = content_copy / "settings.yaml"
    path.write_text(
        path.read_text("utf-8").replace("stale_after_days: 365", "stale_after_days: 300"), "utf-8"
    )
    clock.now += 0.9
    for _ in range(50):
        assert store.get().settings.stale_after_days == 365  # not looked at yet
    assert looks == []
    clock.now += 0.1  # a second after the last look: the edit is seen and starts to settle
    assert store.get().settings.stale_after_days == 365
    assert looks
    clock.now += 0.5
    assert store.get().settings.stale_after_days == 365  # settling: looked at every request
    clock.now += 0.5
    assert store.get().settings.stale_after_days == 300
    looks.clear()
    clock.now += 0.5
    assert store.get().settings.stale_after_days == 300
    assert looks == []  # taken: back to once a second


def test_a_settled_cut_settings_file_is_held_back_as_a_removal(store, content_copy, clock, caplog):
    cut(content_copy / "settings.yaml", 17)
    store.get()
    clock.now += 2
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        assert kredietbank_on_christmas(store.get()) == "closed"
    held = [r for r in caplog.records if "content not reloaded yet" in r.getMessage()]
    assert len(held) == 1 and held[0].levelno == logging.WARNING
    assert 'closed holiday "eerste-kerstdag"' in held[0].getMessage()


def test_a_cut_routekaart_that_still_validates_keeps_the_old_routes(
    store, content_copy, clock, caplog
):
    cut(content_copy / "routekaart.yaml", CUT_LINE)
    store.get()
    clock.now += 2  # settled, but it removes a recommendation
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        for _ in range(3):
            assert CUT_ORGANISATION in organisations_of(store.get(), CUT_RESULT)
    reasons = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert reasons == [
        f'content not reloaded yet: the change removes "{CUT_ORGANISATION}" in result '
        f'"{CUT_RESULT}"; it is taken once the files have not changed for 10 s'
    ]


def test_a_removal_is_taken_once_the_files_have_stayed_unchanged(
    store, content_copy, clock, caplog
):
    """Staff delete a closed holiday on purpose: it shows once the file has stayed so 10 s."""
    path = content_copy / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(without_liberation_day(text), encoding="utf-8")
    store.get()
    clock.now += 9
    assert "bevrijdingsdag" in store.get().settings.closed_on_holidays
    clock.now += 1
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        assert "bevrijdingsdag" not in store.get().settings.closed_on_holidays
    assert 'content change removes closed holiday "bevrijdingsdag"' in caplog.messages


def test_old_file_times_do_not_make_a_cut_file_look_settled(store, content_copy, clock):
    """File times come from whoever wrote the file (a copy that keeps them, a file server with
    another clock, a test under faketime): only the time the store watched counts."""
    cut(content_copy / "settings.yaml", 17)
    set_file_times(content_copy, 0)  # 1970: as old as file times get
    assert kredietbank_on_christmas(store.get()) == "closed"
    clock.now += 0.5
    assert kredietbank_on_christmas(store.get()) == "closed"


def test_a_removal_is_taken_once_the_store_has_watched_it_for_long_enough(
    store, content_copy, clock
):
    """A site nobody visited since the edit waits from the first look, not from the edit."""
    path = content_copy / "settings.yaml"
    path.write_text(without_liberation_day(path.read_text(encoding="utf-8")), "utf-8")
    set_file_times(content_copy, 0)
    assert "bevrijdingsdag" in store.get().settings.closed_on_holidays
    clock.now += 10
    assert "bevrijdingsdag" not in store.get().settings.closed_on_holidays


def test_twenty_bad_saves_log_each_problem_once(content_copy, caplog):
    store = ContentStore(content_copy, settle=0, check_every=0)
    store.get()
    path = content_copy / "routekaart.yaml"
    good = path.read_text(encoding="utf-8")
    broken = good.replace("        next: direct-huis-uit\n", "        next: direct-huis-ui\n")
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        for i in range(20):
            path.write_text(broken + f"# save {i}\n", encoding="utf-8")
            assert store.get().routekaart.nodes["direct"].options  # the old content
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2, errors
    assert 'leads to unknown node "direct-huis-ui"' in errors[0]
    assert errors[1].startswith("still serving the content loaded before")
    # A new problem is logged when it appears; the old one is not logged again.
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        path.write_text(broken.replace("start: begin\n", "start: begn\n"), encoding="utf-8")
        store.get()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and 'start node "begn" does not exist' in errors[0], errors


def test_a_failed_reload_logs_warnings_as_warnings(content_copy, caplog):
    store = ContentStore(content_copy, settle=0, check_every=0)
    store.get()
    (content_copy / "elsewhere").symlink_to(content_copy / "monitor")  # gives a warning
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8").replace("start: begin\n", "start: begn\n")
    path.write_text(text)
    line = text[: text.index("start: begn")].count("\n") + 1
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
        store.get()
    levels = {r.getMessage(): r.levelno for r in caplog.records}
    warning = (
        "content/elsewhere:1:1: warning: this is a link to a folder; links to folders are not "
        "followed, so nothing in it is read: remove the link, or put the folder itself here"
    )
    assert levels.pop(warning) == logging.WARNING
    assert (
        levels.pop(
            f"content not reloaded: content/routekaart.yaml:{line}:8: error: start node "
            '"begn" does not exist (did you mean "begin"?)'
        )
        == logging.ERROR
    )
    assert set(levels.values()) == {logging.ERROR}, levels  # only "still serving …" is left


def test_a_problem_that_goes_and_comes_back_is_logged_again(store, content_copy, clock, caplog):
    path = content_copy / "routekaart.yaml"
    full = cut(path, CUT_LINE)
    for _ in range(2):
        with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
            store.get()
            clock.now += 2
            store.get()  # held back, and logged
        path.write_text(full, encoding="utf-8")  # put back whole, and taken once settled
        store.get()
        clock.now += 2
        assert "kredietbank" in organisations_of(store.get(), CUT_RESULT)
        assert store.get().fingerprint == content.fingerprint(content_copy)
        cut(path, CUT_LINE)
    held = [m for m in caplog.messages if m.startswith("content not reloaded yet")]
    assert len(held) == 2, held
