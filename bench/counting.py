#!/usr/bin/env python3
"""A route step under gunicorn with reach counting on, against a bare Flask hello-world.

    python bench/counting.py [--seconds 8] [--workers 2] [--connections 16] [--rounds 3]

In one run, in turns (bench/throughput.py's ``alternate``, ``--rounds`` times; the medians
count): the hello-world (bench/hello.py), the route step with counting off, and the route
step counting into SQLite and into PostgreSQL (a private server from Debian's packages, with
its default durable settings: tests/postgres.py). Each is driven by wrk for the same time with
a phone's user agent (so every request is a counted visit). Budget: at least 70 % of the
hello-world's requests per second. Then, for each database, a fresh gunicorn at full load with
bench/wrk_counted.lua, stopped with SIGTERM: the counted total must equal the visits wrk saw
answered (no count lost). Numbers only: nothing here fails a build. Needs `wrk` (apt).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import postgres  # noqa: E402  (tests/postgres.py)
from throughput import Target, alternate, arguments, finish  # noqa: E402
from throughput import serve as serve_gunicorn  # noqa: E402

from routekaart.ops.db import make_engine, usage_counts  # noqa: E402

STEP = "/nl/direct/huis-uit"
PHONE = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
LUA = ROOT / "bench" / "wrk_counted.lua"


def serve(factory: str, workers: int, env: dict[str, str]):
    """Start gunicorn with ``env`` on top of a clean environment (no libfaketime)."""
    return serve_gunicorn(factory, workers, env, environ=postgres.clean_env())


def wrk(url: str, seconds: int, connections: int, script: tuple[str, ...]) -> str:
    """wrk's report with wrk_counted.lua (``script``: its arguments); stops on any error."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Encoding: gzip",
         "-H", f"User-Agent: {PHONE}", "-s", str(LUA), url, "--", *script],
        capture_output=True, text=True, check=True, env=postgres.clean_env(),
    ).stdout  # fmt: skip
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"{url}: errors\n{out}")
    return out


def counted_total(url: str) -> int:
    """The sum of every count in the database at ``url``."""
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.sum(usage_counts.c.n))) or 0
    engine.dispose()
    return total


def no_loss(url: str, args) -> tuple[int, int]:
    """Full load with wrk_counted.lua on a fresh database; (visits answered, counted)."""
    env = {"ROUTEKAART_DATABASE_URL": url, "ROUTEKAART_COUNT_USAGE": "true"}
    app = serve("routekaart:create_app", args.workers, env)
    try:
        script = (STEP, str(args.seconds - 2))
        out = wrk(app.url + STEP, args.seconds, args.connections, script)
    finally:
        finish(app)  # SIGTERM: each worker writes the counts it holds as it exits
    sent = int(re.search(r"visits sent: (\d+)", out)[1])
    answered = int(re.search(r"visits answered: (\d+)", out)[1])
    if sent != answered:
        raise SystemExit(f"wrk left {sent - answered} visits unanswered\n{out}")
    return answered, counted_total(url)


def in_process(scratch: Path, rounds: int = 5, requests: int = 1000) -> tuple[float, float]:
    """Median time of a route step through the test client, counting (off, on), in µs.

    Less noisy than wrk on a shared machine: the difference is what counting costs a step."""
    from routekaart import create_app

    apps = {
        on: create_app(
            {"COUNT_USAGE": on, "DATABASE_URL": f"sqlite:///{scratch}/in-process.sqlite3"}
        ).test_client()
        for on in (False, True)
    }
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(rounds):  # alternate, so a busy moment hits both
        for on, client in apps.items():
            started = time.perf_counter()
            for _ in range(requests):
                client.get(STEP, headers={"User-Agent": PHONE, "Accept-Encoding": "gzip"})
            times[on].append((time.perf_counter() - started) / requests * 1e6)
    return statistics.median(times[False]), statistics.median(times[True])


def main() -> None:
    args = arguments(__doc__)
    bin_dir = postgres.binaries()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is missing: apt-get install postgresql")
    scratch = Path(tempfile.mkdtemp(prefix="routekaart-bench-"))
    server = postgres.Postgres(bin_dir, durable=True)
    server.start()
    try:
        sqlite_urls = (f"sqlite:///{scratch}/rate.sqlite3", f"sqlite:///{scratch}/loss.sqlite3")
        pg_urls = (server.new_database(), server.new_database())
        app = "routekaart:create_app"
        step_off, step_on = in_process(scratch)
        targets: dict[str, Target] = {
            "hello": ("bench.hello:create_app", "/", {}),
            "off": (app, STEP, {"ROUTEKAART_COUNT_USAGE": "false"}),
        }
        for name, urls in (("SQLite", sqlite_urls), ("PostgreSQL", pg_urls)):
            env = {"ROUTEKAART_DATABASE_URL": urls[0], "ROUTEKAART_COUNT_USAGE": "true"}
            targets[name] = (app, STEP, env)
        # Every request a counted visit: a phone's user agent.
        each = alternate(targets, args, (f"User-Agent: {PHONE}",), start=serve)
        losses = {name: no_loss(urls[1], args) for name, urls in
                  (("SQLite", sqlite_urls), ("PostgreSQL", pg_urls))}  # fmt: skip
    finally:
        server.remove()
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"gunicorn -w {args.workers}, wrk -t2 -c {args.connections}, {args.seconds} s each, "
        f"{args.rounds} rounds in turn (median; each round in brackets)"
    )
    hello = statistics.median(each["hello"])
    labels = {"hello": "bare Flask hello-world", "off": "route step, counting off"}
    for name, values in each.items():
        label = labels.get(name, f"route step, counting in {name}") + ":"
        rate = statistics.median(values)
        rounds = ", ".join(f"{value:.0f}" for value in values)
        share = "" if name == "hello" else f"{rate / hello:.0%}"
        print(f"{label:37s} {rate:6.0f} requests/s  {share:4s} ({rounds})")
    print("budget: at least 70% of the hello-world")
    for name, (answered, counted) in losses.items():
        verdict = "none lost" if answered == counted else f"DIFFERENT by {counted - answered}"
        print(
            f"full load, {name}: wrk saw {answered} visits answered, {counted} counted: {verdict}"
        )
    print(
        f"in-process (test client, median of 5 x 1000): {step_off:.0f} µs a step counting off, "
        f"{step_on:.0f} µs counting on ({step_on - step_off:+.0f} µs)"
    )
    print(f"(machine: {os.cpu_count()} cores shared with other work; numbers are noisy)")


if __name__ == "__main__":
    main()
