"""Two app servers behind one nginx, counting into one PostgreSQL (#22 item 3, #24 item 2).

As deploy/ runs the site: two ``routekaart serve`` (each with its own copy of the content and
its own state folder, as two machines would have), listed in nginx's ``upstream routekaart``,
counting into one PostgreSQL; the server on the nginx machine also counts what nginx answers
from its cache. Under wrk through nginx the drill restarts one server, publishes a content
change to both (one after the other), and kills one server with SIGKILL. It must see no failed
request, no page that goes back to the old version once it showed the new one, and, after
the killed server started again, every visit wrk saw answered counted exactly once.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import threading
import time
from pathlib import Path

import postgres
import pytest
import servers
import sqlalchemy as sa
from test_content_version import NEW_PHONE, edit_phone
from test_counting_workers import total

from routekaart.ops.db import make_engine, usage_counts

pytestmark = pytest.mark.nginx

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk")
# Steps and results in every language (a visit counts one "step" or "result" each), spread
# over both servers by nginx's hash of the address.
PATHS = [
    "/nl/",
    "/en/direct",
    "/ar/binnenkort",
    "/nl/direct/huis-uit",
    "/en/direct/deurwaarder",
    "/ar/direct/beslag",
    "/nl/binnenkort/schulden",
    "/en/binnenkort/formulieren",
    "/ar/jong/leven",
    "/nl/jong/rekeningen/onder-18",
]
# A page that shows the phone number the drill changes, behind each server.
PHONE_PAGES = [f"/{lang}/organisatie/sociaal-service-punt" for lang in ("nl", "en", "ar")]


def wrk(front: servers.Front, seconds: int, version: str | None = None) -> subprocess.Popen:
    """Residents' visits to PATHS through the front for ``seconds``, in the background; half of
    them with a query string of their own, which nginx's cache cannot answer."""
    if WRK is None:
        pytest.fail("wrk is missing (apt-get install wrk; scripts/test installs it)")
    return subprocess.Popen(
        [WRK, "-t2", "-c8", f"-d{seconds + 10}s", "--timeout", "20s",
         "-s", str(ROOT / "bench" / "wrk_counted.lua"),
         front.https, "--", ",".join(PATHS), str(seconds), version or "-", "fresh"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=postgres.clean_env(),
    )  # fmt: skip


def finished(load: subprocess.Popen) -> dict:
    """What wrk saw: visits answered, failed requests, answers of another version (and its
    output, for a failure's message)."""
    output = load.communicate(timeout=120)[0]
    assert load.returncode == 0, output
    found = {
        name: int(re.search(rf"{name}: (\d+)", output)[1])
        for name in ("visits sent", "visits answered", "other versions", "failed")
    }
    errors = re.search(r"Socket errors: (.*)", output)
    found["socket errors"] = 0 if errors is None else sum(map(int, re.findall(r"\d+", errors[1])))
    found["non-2xx"] = (
        int(re.search(r"Non-2xx or 3xx responses: (\d+)", output)[1])
        if ("Non-2xx" in output)
        else 0
    )
    found["output"] = output
    return found


def assert_no_failure(run: dict) -> None:
    """wrk saw no failed request: no error, no other status than 200, no broken connection."""
    assert run["failed"] == run["socket errors"] == run["non-2xx"] == 0, run["output"]
    # A visit still unanswered when wrk stopped would show as sent but not answered.
    assert run["visits answered"] == run["visits sent"] > 100, run["output"]


def get(front: servers.Front, path: str) -> tuple[int, str, str]:
    """One page through the front: status, content version, body."""
    context = ssl.create_default_context(cafile=str(front.cert))
    conn = http.client.HTTPSConnection("127.0.0.1", front.https_port, context=context, timeout=10)
    try:
        conn.request("GET", path, headers={"User-Agent": "python-drill"})  # never counted
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, response.getheader("X-Content-Version") or "", body
    finally:
        conn.close()


def test_two_servers_restart_publish_and_die_without_a_failed_or_uncounted_visit(
    scratch, postgres_url
):
    database = postgres_url
    prefix = scratch / "nginx"
    prefix.mkdir()
    ports = {"a": servers.free_port(), "b": servers.free_port()}
    for name in ports:
        shutil.copytree(ROOT / "content", scratch / f"content-{name}")

    def start(name: str) -> servers.App:
        env = {
            "ROUTEKAART_DATABASE_URL": database,
            "ROUTEKAART_COUNT_USAGE": "true",
            "ROUTEKAART_COUNT_FLUSH_SECONDS": "0.5",
            "ROUTEKAART_STATE_DIR": str(scratch / f"state-{name}"),
            "ROUTEKAART_CONTENT_STATE_DIR": str(scratch / f"state-{name}" / "content"),
        }
        if name == "b":  # the server on the nginx machine counts nginx's cache hits
            env["ROUTEKAART_NGINX_COUNTS_LOG"] = str(prefix / "visits.log")
        return servers.start_app(
            scratch,
            content=scratch / f"content-{name}",
            env=env,
            environ=postgres.clean_env(),
            workers=2,
            real_clock=True,
            behind_front=True,
            port=ports[name],
        )

    apps = {name: start(name) for name in ports}
    front = servers.start_front(ports["a"], prefix, second_port=ports["b"])
    seen = {"visits answered": 0}
    try:
        # Both servers answer through the front (the hash spreads the addresses).
        before = {get(front, path)[1] for path in PATHS + PHONE_PAGES}
        assert len(before) == 1 and before != {""}, before
        old_version = before.pop()

        # 1. A restart of one server under load: stop (SIGTERM) and start again.
        load = wrk(front, 8)
        time.sleep(2)
        servers.stop(apps["a"].process)
        apps["a"] = start("a")
        restart = finished(load)
        assert_no_failure(restart)
        seen["visits answered"] += restart["visits answered"]

        # 2. A content change reaches the servers one after the other, as a deploy copies it.
        history: dict[str, list[str]] = {path: [] for path in PATHS + PHONE_PAGES}
        polling = threading.Event()

        def poll() -> None:
            while not polling.is_set():
                for path, versions in history.items():
                    status, version, _ = get(front, path)
                    assert status == 200
                    versions.append(version)
                time.sleep(0.02)

        poller = threading.Thread(target=poll)
        poller.start()
        edit_phone(scratch / "content-a")
        time.sleep(3)
        edit_phone(scratch / "content-b")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            versions = {get(front, path)[1] for path in PATHS + PHONE_PAGES}
            if len(versions) == 1 and old_version not in versions:
                break
            time.sleep(0.2)
        time.sleep(1)
        polling.set()
        poller.join()
        assert len(versions) == 1 and old_version not in versions, versions
        new_version = versions.pop()
        for path, answers in history.items():
            # Old until the change, then new: never back, never a third version.
            changes = [v for i, v in enumerate(answers) if i == 0 or v != answers[i - 1]]
            assert changes == [old_version, new_version], f"{path}: {changes}"
        digits = NEW_PHONE.replace(" ", "")
        for path in PHONE_PAGES:
            assert digits in get(front, path)[2].replace(" ", "").replace("\u00a0", "")

        # 3. One server killed under load (SIGKILL: no graceful stop, no exit flush).
        load = wrk(front, 8, new_version)
        time.sleep(3)
        os.killpg(apps["a"].process.pid, signal.SIGKILL)
        killed = finished(load)
        assert_no_failure(killed)
        assert killed["other versions"] == 0, killed
        seen["visits answered"] += killed["visits answered"]
        servers.stop(apps["a"].process)
        # The killed server starts again and writes the counts its workers left in their spool.
        apps["a"] = start("a")
        time.sleep(2)  # B reads nginx's visits log and flushes twice a second
    finally:
        servers.stop(front.process)
        for app in apps.values():
            servers.stop(app.process)  # SIGTERM: each worker writes what it holds
    counted = counted_visits(database)
    # A worker killed while it sent a page had counted it, and nginx asked server B, which
    # counted it again: at most one visit per killed worker (two) counted twice; none lost.
    assert seen["visits answered"] <= counted <= seen["visits answered"] + 2, (counted, seen)
    assert total(database) >= counted


def counted_visits(database: str) -> int:
    """The "step" and "result" counts: one per visit to a page of PATHS."""
    engine = make_engine(database.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        t = usage_counts.c
        found = connection.execute(
            sa.select(sa.func.sum(t.n)).where(t.kind.in_(["step", "result"]))
        ).scalar()
    engine.dispose()
    return found or 0
