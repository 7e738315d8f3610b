"""Two gunicorn workers under wrk: every visit wrk saw answered is counted, none twice.

Each worker keeps its own counts and adds them to the same rows; the total after a graceful
stop (SIGTERM: each worker writes what it holds as it exits) must equal the visits wrk reports,
for SQLite and for PostgreSQL. bench/wrk_counted.lua makes wrk's own number exact.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import postgres
import pytest
import servers
import sqlalchemy as sa
from conftest import NOW

from routekaart.ops.db import make_engine, usage_counts

ROOT = Path(__file__).resolve().parent.parent
STEP = "/nl/direct/huis-uit"


@pytest.fixture
def wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("wrk is missing: CI must install it (scripts/test does)")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    return found


def start_gunicorn(database_url: str, folder: Path) -> servers.App:
    """Two workers counting into ``database_url``, started as ``routekaart serve`` starts them
    (tests/servers.py), so gunicorn's graceful stop and worker_exit hook are the real ones."""
    env = {
        "ROUTEKAART_DATABASE_URL": database_url,
        "ROUTEKAART_COUNT_USAGE": "true",
        "ROUTEKAART_FIXED_NOW": NOW,
    }
    return servers.start_app(folder, env=env, environ=postgres.clean_env(), workers=2)


def test_two_workers_under_wrk_count_every_visit_exactly_once(db_url, wrk, tmp_path):
    gunicorn = start_gunicorn(db_url, tmp_path)
    try:
        run = subprocess.run(
            [wrk, "-t2", "-c8", "-d4s", "--timeout", "20s",
             "-s", str(ROOT / "bench" / "wrk_counted.lua"),
             gunicorn.url + STEP, "--", STEP, "3"],
            capture_output=True, text=True, timeout=60, env=postgres.clean_env(),
        )  # fmt: skip
    finally:
        servers.stop(gunicorn.process)  # SIGTERM: each worker writes what it holds as it exits
    errors = gunicorn.log.read_text()
    assert run.returncode == 0, run.stderr
    sent = int(re.search(r"visits sent: (\d+)", run.stdout)[1])
    answered = int(re.search(r"visits answered: (\d+)", run.stdout)[1])
    # A visit wrk gave up on (a socket error or timeout on a busy machine) shows as sent but
    # not answered; an error on an uncounted request after the visits does not matter.
    assert "Non-2xx" not in run.stdout, run.stdout
    assert sent == answered > 20, run.stdout
    url = db_url.replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(usage_counts)).all()
    engine.dispose()
    assert [(r.kind, r.key, r.lang, r.n) for r in rows] == [
        ("result", "direct/huis-uit", "nl", answered)
    ], errors[-4000:]
    assert "not written" not in errors


def test_a_killed_server_loses_no_count(db_url, wrk, tmp_path):
    """SIGKILL to gunicorn and both workers in the middle of wrk's visits: no exit hook runs,
    and nothing was flushed (the writer waits 10 minutes). The next start finds the killed
    workers' spool files and writes them: counted = answered, plus at most the one request
    each worker was answering when it died (counted, but never received by wrk)."""
    folder = tmp_path / "state"
    env = {
        "ROUTEKAART_DATABASE_URL": db_url,
        "ROUTEKAART_COUNT_USAGE": "true",
        "ROUTEKAART_FIXED_NOW": NOW,
        "ROUTEKAART_STATE_DIR": str(folder),
        "ROUTEKAART_COUNT_FLUSH_SECONDS": "600",
        "ROUTEKAART_COUNT_FLUSH_EVERY": "1000000",
    }
    gunicorn = servers.start_app(tmp_path, env=env, environ=postgres.clean_env(), workers=2)
    try:
        load = subprocess.Popen(
            [wrk, "-t2", "-c4", "-d6s", "--timeout", "20s",
             "-s", str(ROOT / "bench" / "wrk_counted.lua"),
             gunicorn.url + STEP, "--", STEP, "6"],
            stdout=subprocess.PIPE, text=True, env=postgres.clean_env(),
        )  # fmt: skip
        time.sleep(2.5)
        os.killpg(gunicorn.process.pid, signal.SIGKILL)  # master and workers, no exit hooks
        output = load.communicate(timeout=60)[0]
    finally:
        servers.stop(gunicorn.process)
    answered = int(re.search(r"visits answered: (\d+)", output)[1])
    assert answered > 20, output
    assert total(db_url) == 0  # nothing was written before the kill
    assert len(list(folder.glob("counts-*/*.spool"))) == 2  # one spool per killed worker
    again = servers.start_app(tmp_path, env=env, environ=postgres.clean_env(), workers=2)
    servers.stop(again.process)
    assert answered <= total(db_url) <= answered + 2, (answered, output)
    assert not list(folder.glob("counts-*/*.*")), "the spool files were written and removed"


def total(db_url: str) -> int:
    """All reach counts in the database (none before the app first wrote, made its table)."""
    engine = make_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        found = None
        if sa.inspect(connection).has_table(usage_counts.name):
            found = connection.execute(sa.select(sa.func.sum(usage_counts.c.n))).scalar()
    engine.dispose()
    return found or 0
