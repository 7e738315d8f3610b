"""Live reload: staff edit the content of a running site; a good change shows on the next
request, a broken one is logged with its place and the site keeps the last good content."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest

from routekaart import create_app
from routekaart.content import checks
from routekaart.content import loader as content_module

QUESTION = "Wat past het best?"
ENGLISH = "What fits your situation best?"  # the same question in English
CHANGED = "Wat past het allerbest bij u?"


def bump(path: Path, seconds: int = 10) -> None:
    """Move the file's modification time forward: some file systems keep whole seconds, and a
    test writes faster than that."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def rewrite(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    bump(path)
    return text


def replace(path: Path, text: str) -> None:
    """Write ``path`` anew in one step (a new file renamed over it), as many editors save."""
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


def line_col(text: str, marker: str) -> tuple[int, int]:
    index = text.index(marker)
    assert text.count(marker) == 1
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture
def site(content_copy: Path):
    """A client on a content copy that takes a change at once (no settling time: these tests
    are about what is taken, not when; see test_settling.py for when)."""
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content_copy),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
        }
    )
    return app.test_client(), content_copy


def page(client, url: str = "/nl/") -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_a_valid_change_is_served_on_the_next_request(site):
    client, folder = site
    status, html = page(client)
    assert status == 200 and QUESTION in html
    rewrite(folder / "routekaart.yaml", f"nl: {QUESTION}", f"nl: {CHANGED}")
    status, html = page(client)
    assert status == 200
    assert CHANGED in html and QUESTION not in html


def test_a_changed_phone_number_shows_on_the_organisation_page(site):
    client, folder = site
    assert "(070) 300 88 34" in page(client, "/nl/organisatie/kredietbank")[1]
    rewrite(folder / "organisations.yaml", "phone: (070) 300 88 34", "phone: (070) 300 88 35")
    html = page(client, "/nl/organisatie/kredietbank")[1]
    assert "(070) 300 88 35" in html and "(070) 300 88 34" not in html


def test_broken_content_keeps_the_old_content_and_logs_where(site, caplog):
    client, folder = site
    assert QUESTION in page(client)[1]
    # Break it: a new question text, and a typo in a reference.
    path = folder / "routekaart.yaml"
    rewrite(path, f"nl: {QUESTION}", f"nl: {CHANGED}")
    text = rewrite(path, "        next: direct-huis-uit\n", "        next: direct-huis-ui\n")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        status, html = page(client)
    assert status == 200
    assert QUESTION in html and CHANGED not in html
    line, column = line_col(text, "direct-huis-ui\n")
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert (
        f"content not reloaded: content/routekaart.yaml:{line}:{column}: error: option "
        '"Ik heb een brief gekregen dat ik mijn huis uit moet" leads to unknown node '
        '"direct-huis-ui" (did you mean "direct-huis-uit"?)'
    ) in logged
    assert any(m.startswith("still serving the content loaded before") for m in logged)
    # Every later request still works, without logging the same error again.
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for url in ("/nl/", "/nl/direct/huis-uit", "/en/binnenkort/schulden"):
            assert page(client, url)[0] == 200
    assert not [r for r in caplog.records if r.name == "routekaart.ops.store"]
    # Fixed: the new text appears.
    rewrite(path, "        next: direct-huis-ui\n", "        next: direct-huis-uit\n")
    status, html = page(client)
    assert status == 200 and CHANGED in html


def test_yaml_syntax_error_keeps_the_old_content(site, caplog):
    client, folder = site
    assert page(client, "/nl/organisatie/kredietbank")[0] == 200
    text = rewrite(folder / "organisations.yaml", "    phone: (070) 300 88 34\n", "    phone: [\n")
    with caplog.at_level(logging.ERROR):
        status, html = page(client, "/nl/organisatie/kredietbank")
    assert status == 200 and "(070) 300 88 34" in html
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    line = line_col(text, "phone: [\n")[0]
    assert any(
        m.startswith("content not reloaded: content/organisations.yaml:")
        and "YAML syntax error" in m
        and f"that starts at line {line}" in m
        for m in errors
    ), errors


def test_a_deleted_file_keeps_the_old_content(site, caplog):
    client, folder = site
    assert page(client)[0] == 200
    (folder / "settings.yaml").unlink()
    with caplog.at_level(logging.ERROR):
        status, html = page(client)
    assert status == 200 and QUESTION in html
    assert any(
        r.getMessage()
        == "content not reloaded: content/settings.yaml:1:1: error: missing file settings.yaml"
        for r in caplog.records
    )


def test_content_broken_at_start_answers_503_until_fixed(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    rewrite(path, "start: begin\n", "start: begn\n")
    app = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    client = app.test_client()
    assert client.get("/nl/").status_code == 503
    rewrite(path, "start: begn\n", "start: begin\n")
    status, html = page(client)
    assert status == 200 and QUESTION in html


def test_unchanged_content_is_not_loaded_again(site, monkeypatch):
    client, folder = site
    page(client)
    calls = []
    real_load = content_module.load

    def counting_load(*args, **kwargs):
        calls.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(content_module, "load", counting_load)
    for _ in range(5):
        assert page(client)[0] == 200
    assert calls == []
    bump(folder / "settings.yaml")
    assert page(client)[0] == 200
    assert len(calls) == 1


def test_a_new_file_in_a_subfolder_counts_as_a_change(site):
    client, folder = site
    first = client.application.extensions["routekaart.content"].get().fingerprint
    (folder / "extra").mkdir()
    (folder / "extra" / "notes.yaml").write_text("a: 1\n")
    second = client.application.extensions["routekaart.content"].get().fingerprint
    assert first != second


def test_readers_during_a_reload_always_get_content(site, monkeypatch):
    """Requests that arrive while a change is being loaded get the old or the new content,
    whole, never an error: eight readers ask without pause while the file is replaced ten
    times, back and forth, and each change is loaded (by whichever reader sees it first)."""
    client, folder = site
    store = client.application.extensions["routekaart.content"]
    path = folder / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    # Two texts of one question change together: a reader sees both old or both new.
    old, new = (QUESTION, ENGLISH), (CHANGED, "What fits your situation the very best?")
    pair = "nl: {}\n      en: {}\n"
    assert text.count(pair.format(*old)) == 1
    versions = {old: text, new: text.replace(pair.format(*old), pair.format(*new))}
    loads = {"started": 0, "finished": 0}  # loads of a changed folder
    real_load = content_module.load

    def load(*args, **kwargs):
        loads["started"] += 1
        try:
            return real_load(*args, **kwargs)
        finally:
            loads["finished"] += 1

    monkeypatch.setattr(content_module, "load", load)
    # (whether a load ran while this reader waited for its answer, what was served)
    answers: list[tuple[bool, tuple[str, str]]] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def reader():
        try:
            while not done.is_set():
                finished = loads["finished"]
                question = store.get().routekaart.nodes["begin"].question
                answers.append((loads["started"] > finished, (question.nl, question.en)))
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        for version in (new, old) * 5:
            seen = len(answers)
            replace(path, versions[version])
            # Counted, not timed: under libfaketime the clock may stand still.
            for _ in range(3000):
                if failures or version in (answer for _, answer in answers[seen:]):
                    break
                time.sleep(0.01)
            else:
                raise AssertionError(f"{version} was never served")
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert {answer for _, answer in answers} == {old, new}
    # Each load overlaps the request of the reader that runs it; more overlaps are readers
    # that asked while another one loaded.
    assert sum(during for during, _ in answers) > loads["started"] >= 10
    assert store.get().routekaart.nodes["begin"].question.nl == QUESTION


def test_a_file_replaced_with_the_same_size_and_time_is_still_seen(site):
    """Editors often save by renaming a new file over the old one; on a file system with
    whole-second times, size and time can look unchanged."""
    client, folder = site
    assert QUESTION in page(client)[1]
    path = folder / "routekaart.yaml"
    stat = path.stat()
    same_length = "Wat past het best!"  # as long as QUESTION
    assert len(same_length) == len(QUESTION)
    fresh = folder / "routekaart.yaml.new"
    fresh.write_text(path.read_text(encoding="utf-8").replace(QUESTION, same_length), "utf-8")
    os.replace(fresh, path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert same_length in page(client)[1]


def test_an_unreadable_file_keeps_the_old_content(site, monkeypatch, caplog):
    client, folder = site
    assert page(client)[0] == 200
    real = content_module.load_yaml

    def refuse(path, shown=None):
        if path.name == "routekaart.yaml":
            raise PermissionError(13, "Permission denied")
        return real(path, shown)

    monkeypatch.setattr(content_module, "load_yaml", refuse)
    bump(folder / "routekaart.yaml")
    with caplog.at_level(logging.ERROR):
        status, html = page(client)
    assert status == 200 and QUESTION in html
    assert any(
        r.getMessage() == "content not reloaded: content/routekaart.yaml:1:1: error: "
        "cannot read routekaart.yaml: Permission denied"
        for r in caplog.records
    )


def test_a_crash_while_checking_keeps_the_old_content(site, monkeypatch, caplog):
    client, folder = site
    assert page(client)[0] == 200

    def crash(*args, **kwargs):
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr(checks, "check_routekaart", crash)
    rewrite(folder / "routekaart.yaml", f"nl: {QUESTION}", f"nl: {CHANGED}")
    with caplog.at_level(logging.ERROR):
        status, html = page(client)
        assert page(client)[0] == 200
    assert status == 200 and QUESTION in html
    crashes = [r for r in caplog.records if "unexpected error" in r.getMessage()]
    assert len(crashes) == 1  # logged once, not on every request
    assert crashes[0].exc_info is not None


class VanishingScandir:
    """``os.scandir`` whose listing is real, but ``gone`` is deleted right after it is listed:
    the race of a file removed between looking at the folder and reading the file."""

    def __init__(self, real, gone: str):
        self._real, self._gone = real, gone

    def __call__(self, path):
        self._entries = self._real(path)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._entries.close()

    def __iter__(self):
        for entry in self._entries:
            if entry.name == self._gone:
                os.unlink(entry.path)
            yield entry


def test_fingerprint_survives_a_file_that_vanishes(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text("a: 1\n")
    (tmp_path / "b.yaml").write_text("b: 1\n")
    first = content_module.fingerprint(tmp_path)
    monkeypatch.setattr(os, "scandir", VanishingScandir(os.scandir, "a.yaml"))
    second = content_module.fingerprint(tmp_path)
    assert not (tmp_path / "a.yaml").exists()  # it really went between listing and stat
    monkeypatch.undo()
    assert second not in (first, content_module.fingerprint(tmp_path))


def test_a_file_that_vanishes_while_loading_keeps_the_old_content(site, monkeypatch, caplog):
    client, folder = site
    assert page(client)[0] == 200
    real = content_module.load_yaml

    def remove_then_read(path, shown=None):
        if path.name == "settings.yaml":
            path.unlink()  # looked at (it was a file), gone before it is read
        return real(path, shown)

    monkeypatch.setattr(content_module, "load_yaml", remove_then_read)
    bump(folder / "settings.yaml")
    with caplog.at_level(logging.ERROR):
        status, html = page(client)
    assert status == 200 and QUESTION in html
    assert (
        "content not reloaded: content/settings.yaml:1:1: error: "
        "cannot read settings.yaml: No such file or directory"
    ) in [r.getMessage() for r in caplog.records]


def test_the_store_checks_the_content_on_the_apps_day_not_the_machines(content_copy):
    """Which services ended is judged on the app's day (FIXED_NOW in tests), never on the
    machine's clock, so the same content loads the same way on any day the suite runs."""
    import yaml

    orgs_file = content_copy / "organisations.yaml"
    directory = yaml.safe_load(orgs_file.read_text())
    for org in directory["organisations"].values():
        org["valid_until"] = "2027-12-31"  # every desk ends (a warning, never an error)
    orgs_file.write_text(yaml.safe_dump(directory, allow_unicode=True))
    config = {"TESTING": True, "CONTENT_DIR": str(content_copy)}

    def said(moment: str) -> list[str]:
        app = create_app({**config, "FIXED_NOW": moment})
        assert app.test_client().get("/nl/").status_code == 200
        return [m.text for m in app.extensions["routekaart.content"].store.messages]

    before = said("2027-12-31T10:00")
    assert any(t.startswith("on 31 December 2027 the only desk of result") for t in before)
    assert not any("no organisation that is active" in t for t in before)
    after = said("2028-01-01T10:00")
    assert any("no organisation that is active on 2028-01-01" in t for t in after)
