"""Reach counts through the HTTP interface: what a visit adds to the database, and what never."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from routekaart import create_app
from routekaart.ops.counting import Spool, UsageCounter, read_spool
from routekaart.ops.db import get_engine, usage_counts

ROOT = Path(__file__).resolve().parent.parent

# A resident's phone; counting leaves out bots, scripts and the test client's own agent.
PHONE = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
TODAY = date(2027, 1, 6)  # NOW in conftest.py
HTMX_STEP = {"HX-Request": "true", "HX-Target": "current"}


def counting_app(url: str, **config):
    """An app that counts into ``url`` and writes only when a test flushes."""
    return create_app(
        {
            "TESTING": True,
            "COUNT_USAGE": True,
            "DATABASE_URL": url,
            "COUNT_FLUSH_SECONDS": 3600,
            "COUNT_FLUSH_EVERY": 10**9,
            **config,
        }
    )


@pytest.fixture
def site(db_url):
    """(app, get) where ``get`` is a GET with a phone's user agent."""
    app = counting_app(db_url)
    client = app.test_client()

    def get(url: str, **headers):
        return client.get(url, headers={"User-Agent": PHONE, **headers})

    return app, get


def counts(app) -> dict[tuple[str, str, str], int]:
    """Write what the app holds, then every daily row as {(kind, key, lang): n}."""
    assert app.extensions["routekaart.counter"].flush()
    with get_engine(app).connect() as connection:
        rows = connection.execute(sa.select(usage_counts)).all()
    assert all(row.period == "day" and row.day == TODAY for row in rows), rows
    return {(row.kind, row.key, row.lang): row.n for row in rows}


def test_a_residents_route_from_a_poster_is_counted_step_by_step(site):
    app, get = site
    assert get("/nl/?bron=tuinkamer").status_code == 200
    assert get("/nl/direct", **HTMX_STEP).status_code == 200
    assert get("/nl/direct/huis-uit", **HTMX_STEP).status_code == 200
    assert counts(app) == {
        ("step", "", "nl"): 1,
        ("source", "tuinkamer", "nl"): 1,
        ("step", "direct", "nl"): 1,
        ("result", "direct/huis-uit", "nl"): 1,
    }


def test_counts_add_up_across_flushes_and_languages(site):
    app, get = site
    get("/ar/direct/huis-uit")
    assert counts(app) == {("result", "direct/huis-uit", "ar"): 1}
    get("/ar/direct/huis-uit")
    get("/en/direct/huis-uit")
    assert counts(app) == {
        ("result", "direct/huis-uit", "ar"): 2,
        ("result", "direct/huis-uit", "en"): 1,
    }


def test_two_workers_add_to_the_same_rows(db_url):
    apps = [counting_app(db_url), counting_app(db_url)]
    for app in apps:
        for _ in range(3):
            app.test_client().get("/nl/direct", headers={"User-Agent": PHONE})
    apps[0].extensions["routekaart.counter"].flush()
    assert counts(apps[1]) == {("step", "direct", "nl"): 6}


def test_something_else_is_counted_once_as_the_general_help_result(site):
    """Counted twice (also as kind "something_else"), the visit stood in two tables under two
    totals, and the reach page's hiding could be undone (issue 27)."""
    app, get = site
    assert get("/en/direct/iets-anders").status_code == 200
    assert counts(app) == {("result", "direct/iets-anders", "en"): 1}


def test_the_text_box_counts_whether_it_found_something_never_the_words(sqlite_url):
    app = counting_app(sqlite_url)
    client = app.test_client()
    for words in ("de deurwaarder stond voor de deur", "qqqq zzzz xxxx"):
        response = client.post("/nl/", data={"tekst": words}, headers={"User-Agent": PHONE})
        assert response.status_code == 200
    client.post("/nl/", data={"tekst": "  "}, headers={"User-Agent": PHONE})  # nothing typed
    assert counts(app) == {("free_text", "matched", "nl"): 1, ("free_text", "nothing", "nl"): 1}
    dump = "\n".join(sqlite3.connect(app.config["DATABASE_URL"][10:]).iterdump())
    assert "deurwaarder" not in dump and "qqqq" not in dump


def test_a_suggestion_followed_counts_which_one_it_was_in_the_pages_language(site):
    """Issue 25: ``?gekozen=2`` on a suggestion of the text box counts the second suggestion
    chosen, besides the visit; the app's page cache answers the second visit and it counts
    all the same. A marker the box never writes counts only the visit."""
    app, get = site
    for _ in range(2):
        assert get("/nl/direct/deurwaarder?gekozen=2").status_code == 200
    assert get("/ar/direct?gekozen=1", **HTMX_STEP).status_code == 200
    for strange in ("7", "", "twee", "0"):
        assert get(f"/en/direct/deurwaarder?gekozen={strange}").status_code == 200
    assert get("/nl/direct/deurwaarder?gekozen=3", **{"Sec-Purpose": "prefetch"}).status_code == 200
    assert counts(app) == {
        ("result", "direct/deurwaarder", "nl"): 2,
        ("choice", "2", "nl"): 2,
        ("step", "direct", "ar"): 1,
        ("choice", "1", "ar"): 1,
        ("result", "direct/deurwaarder", "en"): 4,
    }


def test_a_hand_over_is_counted_in_the_residents_language(site):
    app, get = site
    assert get("/nl/partners/overdracht/direct/huis-uit?taal=ar").status_code == 200
    assert get("/nl/partners").status_code == 200  # the guide itself is not a hand-over
    assert counts(app) == {("handover", "direct/huis-uit", "ar"): 1}


@pytest.mark.parametrize(
    ("url", "headers", "method"),
    [
        ("/nl/direct", {}, "HEAD"),
        ("/nl/direct?at=2027-01-04T10:00", {}, "GET"),  # staff preview
        ("/nl/direct", {"HX-Request": "true", "HX-History-Restore-Request": "true"}, "GET"),
        ("/nl/direct", {"Sec-Purpose": "prefetch"}, "GET"),
        ("/nl/direct", {"Purpose": "prefetch"}, "GET"),
        ("/nl/direct", {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}, "GET"),
        ("/nl/direct", {"User-Agent": "WhatsApp/2.23.20.0 A"}, "GET"),
        ("/nl/direct", {"User-Agent": "facebookexternalhit/1.1"}, "GET"),
        ("/nl/direct", {"User-Agent": "Slackbot-LinkExpanding 1.0"}, "GET"),
        ("/nl/direct", {"User-Agent": "TelegramBot (like TwitterBot)"}, "GET"),
        ("/nl/direct", {"User-Agent": "curl/8.5.0"}, "GET"),
        ("/nl/direct", {"User-Agent": "python-requests/2.31"}, "GET"),
        ("/nl/direct", {"User-Agent": "Mozilla/5.0 HeadlessChrome/120.0"}, "GET"),
        ("/nl/direct", {"User-Agent": ""}, "GET"),
        ("/nl/direct", {"User-Agent": None}, "GET"),  # Werkzeug's test client: the app's tests
        ("/nl/Direct", {}, "GET"),  # a redirect
        ("/nl/nergens", {}, "GET"),  # 404
        ("/nl/direct?bron=onbekend", {}, "GET"),  # 400: not a poster tag
    ],
)
def test_what_is_not_a_residents_visit_is_not_counted(sqlite_url, url, headers, method):
    app = counting_app(sqlite_url)
    sent = {"User-Agent": PHONE, **headers}
    if sent["User-Agent"] is None:
        del sent["User-Agent"]
    app.test_client().open(url, method=method, headers=sent)
    assert app.extensions["routekaart.counter"].held() == 0
    assert counts(app) == {}


def test_the_app_under_test_counts_nothing_unless_a_test_asks(client, app, tmp_path):
    app.config["DATABASE_URL"] = f"sqlite:///{tmp_path}/never.sqlite3"
    assert client.get("/nl/direct", headers={"User-Agent": PHONE}).status_code == 200
    assert "routekaart.counter" not in app.extensions
    assert not (tmp_path / "never.sqlite3").exists()


def test_the_day_is_the_calendar_day_in_amsterdam(sqlite_url):
    # 00:30 in Amsterdam on 6 January is still 5 January in UTC.
    app = counting_app(sqlite_url, FIXED_NOW="2027-01-06T00:30")
    app.test_client().get("/nl/", headers={"User-Agent": PHONE})
    assert counts(app) == {("step", "", "nl"): 1}


def test_the_background_writer_writes_after_a_batch_without_anyone_flushing(sqlite_url):
    app = counting_app(sqlite_url, COUNT_FLUSH_EVERY=3)
    client = app.test_client()
    for _ in range(3):
        client.get("/nl/direct", headers={"User-Agent": PHONE})
    assert wait_for_total(app, 3) == 3


def test_the_background_writer_writes_every_few_seconds(sqlite_url):
    app = counting_app(sqlite_url, COUNT_FLUSH_SECONDS=0.2)
    app.test_client().get("/nl/direct", headers={"User-Agent": PHONE})
    assert wait_for_total(app, 1) == 1


def wait_for_total(app, expected: int, seconds: float = 10) -> int:
    """The total of the table, once it reaches ``expected`` or the time is up."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with get_engine(app).connect() as connection:
                total = connection.scalar(sa.select(sa.func.sum(usage_counts.c.n))) or 0
        except sa.exc.OperationalError:
            total = 0
        if total >= expected or time.monotonic() > deadline:
            return total
        time.sleep(0.05)


def test_a_locked_database_never_delays_a_page_and_counts_are_written_afterwards(
    sqlite_url, caplog, tmp_path
):
    # A page that waited for the database would take the whole busy timeout; one that does
    # not takes a few milliseconds. Half the timeout tells them apart on a busy machine too.
    app = counting_app(sqlite_url, DATABASE_BUSY_TIMEOUT=1.0)

    def get(url: str):
        return app.test_client().get(url, headers={"User-Agent": PHONE})

    get("/nl/")
    assert counts(app) == {("step", "", "nl"): 1}
    holder = sqlite3.connect(tmp_path / "counts.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    counter = app.extensions["routekaart.counter"]
    caplog.set_level(logging.INFO, logger="routekaart.ops.counting")
    try:
        for _ in range(3):
            started = time.perf_counter()
            assert get("/nl/direct").status_code == 200
            assert time.perf_counter() - started < 0.5
            assert counter.flush() is False
        assert counter.held() == 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert counter.flush() is True
    assert counts(app) == {("step", "", "nl"): 1, ("step", "direct", "nl"): 3}
    logged = [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "routekaart.ops.counting"
    ]
    assert len(logged) == 2, logged  # the failure once, the recovery once
    assert logged[0][0] == "ERROR" and "database is locked" in logged[0][1]
    assert logged[1] == ("WARNING", "reach counts written again")


def test_counts_kept_while_the_database_is_away_are_bounded(sqlite_url, tmp_path):
    app = counting_app(f"sqlite:///{tmp_path}/missing/counts.sqlite3", COUNT_MAX_KEYS=2)
    client = app.test_client()
    for url in ("/nl/", "/nl/direct", "/nl/binnenkort", "/nl/direct"):
        client.get(url, headers={"User-Agent": PHONE})
    counter = app.extensions["routekaart.counter"]
    assert counter.flush() is False
    assert counter.held() == 3  # "/nl/binnenkort" came third of three different counts
    (tmp_path / "missing").mkdir()
    assert counter.flush() is True
    assert counts(app) == {("step", "", "nl"): 1, ("step", "direct", "nl"): 2}


def test_a_process_that_stops_first_writes_what_it_holds(db_url):
    """No flush by hand: the app in a script counts, and the exit writes the counts."""
    script = textwrap.dedent(
        f"""
        from routekaart import create_app
        app = create_app({{"COUNT_USAGE": True, "DATABASE_URL": {db_url!r},
                          "COUNT_FLUSH_SECONDS": 3600}})
        client = app.test_client()
        phone = {{"User-Agent": {PHONE!r}}}
        for _ in range(4):
            assert client.get("/nl/direct/huis-uit", headers=phone).status_code == 200
        # the hook gunicorn's worker_exit calls, besides atexit
        hooks = app.extensions["routekaart.at_exit"]
        assert app.extensions["routekaart.counter"].flush_at_exit in hooks
        assert app.extensions["routekaart.feedback_counter"].flush_at_exit in hooks
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "ok", done.stderr
    reader = counting_app(db_url)
    assert counts(reader) == {("result", "direct/huis-uit", "nl"): 4}


def test_postgresql_stopped_mid_run_pauses_counting_and_never_a_page(
    postgres_server, postgres_url, caplog
):
    """The server stopped while residents keep coming, then started again."""
    app = counting_app(postgres_url)
    counter = app.extensions["routekaart.counter"]
    client = app.test_client()
    client.get("/nl/", headers={"User-Agent": PHONE})
    assert counter.flush() is True
    caplog.set_level(logging.INFO, logger="routekaart.ops.counting")
    postgres_server.stop()
    try:
        for _ in range(5):
            started = time.perf_counter()
            assert client.get("/nl/direct", headers={"User-Agent": PHONE}).status_code == 200
            assert time.perf_counter() - started < 0.5
            assert counter.flush() is False
    finally:
        postgres_server.start()
    assert counter.flush() is True
    assert counts(app) == {("step", "", "nl"): 1, ("step", "direct", "nl"): 5}
    logged = [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "routekaart.ops.counting"
    ]
    assert [level for level, _ in logged] == ["ERROR", "WARNING"], logged
    assert "OperationalError" in logged[0][1]


def test_a_reader_of_the_figures_never_holds_up_the_counting_writes(sqlite_url):
    app = counting_app(sqlite_url, DATABASE_BUSY_TIMEOUT=0.2)
    app.test_client().get("/nl/", headers={"User-Agent": PHONE})
    engine = get_engine(app)
    with engine.connect() as reader:  # a read transaction left open, as a slow page might
        assert reader.scalar(sa.select(sa.func.count()).select_from(usage_counts)) == 0
        assert app.extensions["routekaart.counter"].flush() is True
    assert counts(app) == {("step", "", "nl"): 1}


def dead_pid() -> int:
    """A process id that ran and ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_spool_of_an_ended_process_is_taken_over_once(tmp_path):

    pid = dead_pid()
    (tmp_path / f"{pid}-1.spool").write_text(
        "2027-01-06\tresult\tdirect/huis-uit\tnl\n"
        "2027-01-06\tresult\tdirect/huis-uit\tnl\n"
        "not a count\n2027-13-01\tstep\t\tnl\n"  # skipped
        "2027-01-06\tstep\t\tar"  # the last line, complete but without its newline
    )
    (tmp_path / f"{os.getpid()}-99.spool").write_text("2027-01-06\tstep\t\tnl\n")  # alive: ours
    first, second = Spool(tmp_path), Spool(tmp_path)
    taken = first.orphans()
    assert taken == {
        (date(2027, 1, 6), "result", "direct/huis-uit", "nl"): 2,
        (date(2027, 1, 6), "step", "", "ar"): 1,
    }
    assert second.orphans() == {}  # the rename made it the first one's
    first.written()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{os.getpid()}-99.spool"]


def test_counts_that_cannot_be_written_stay_in_the_spool(tmp_path):

    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite:////nonexistent/dir/x.db"})
    spool = Spool(tmp_path)
    counter = UsageCounter(app, interval=60, batch=10**6, max_keys=100, spool=spool)
    counter._pid = os.getpid()  # no writer thread: this test flushes itself
    counter.add(date(2027, 1, 6), [("step", "", "nl")])
    assert counter.flush() is False
    counter.add(date(2027, 1, 6), [("step", "", "en")])
    assert counter.flush() is False
    kept = Counter()
    for path in tmp_path.iterdir():
        kept.update(read_spool(path))
    assert sum(kept.values()) == 2 == counter.held()


def test_a_written_batch_leaves_no_spool_file_behind(tmp_path):
    """Found by the two-server drill: a page counted while a batch is being written (between
    ``take`` and ``written``) must not make the spool forget that batch's file: a file left
    behind is counted again once its process has ended."""
    spool = Spool(tmp_path)
    day = date(2027, 1, 6)
    spool.append(day, [("step", "", "nl")])
    spool.take()  # the writer takes the batch…
    spool.append(day, [("step", "", "en")])  # …a page is counted meanwhile…
    spool.written()  # …and the batch is in the database
    left = sorted(tmp_path.iterdir())
    assert [p.suffix for p in left] == [".spool"]  # only the counts not yet written
    assert read_spool(left[0]) == {(day, "step", "", "en"): 1}
