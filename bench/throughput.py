#!/usr/bin/env python3
"""Throughput of a route step under gunicorn, against a bare Flask hello-world in the same run.

    python bench/throughput.py [--seconds 8] [--workers 2] [--connections 16] [--rounds 3]

Starts gunicorn as ``routekaart serve`` does (sync workers, on 127.0.0.1 only; tests/servers.py)
with bench/hello.py and with the app, and drives each with wrk for the same time on one route
step (with gzip, as a phone asks), in turns, ``--rounds`` times; the medians count. The
budget: the route step reaches at least 70 % of the hello-world's requests per second. Numbers
only: nothing here fails a build. Needs `gunicorn` (pip, the `bench` extra) and `wrk` (apt).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import servers  # noqa: E402  (tests/servers.py: the servers the tests start too)

STEP = "/nl/direct/huis-uit"


def serve(
    factory: str, workers: int, env: dict[str, str] | None = None, environ=None
) -> servers.App:
    """``factory`` (``module:name``) under gunicorn as ``routekaart serve`` runs it (one helper
    for tests and benches: tests/servers.py), with ``env`` on top of ``environ`` (default: this
    process's); waits until it answers. The app's per-request log lines are off (log level
    warning), as a bare gunicorn ran it before, so the bench measures serving, not a console."""
    folder = Path(tempfile.mkdtemp(prefix="routekaart-bench-"))
    return servers.start_app(
        folder, factory=factory, workers=workers, env=env, environ=environ,
        app_log_level="warning",
    )  # fmt: skip


def finish(app: servers.App) -> None:
    """Stop gunicorn gracefully (workers write what they hold) and remove its scratch folder."""
    servers.stop(app.process)
    shutil.rmtree(app.log.parent, ignore_errors=True)


def wrk(url: str, seconds: int, connections: int, headers: tuple[str, ...] = ()) -> float:
    """Requests per second that wrk measured (with gzip, as a phone asks, and ``headers``)."""
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Encoding: gzip",
         *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors or "Socket errors" in out:
        raise SystemExit(f"{url}: errors\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


Target = tuple[str, str, dict[str, str] | None]  # app factory, path, environment (None: ours)


def alternate(
    targets: dict[str, Target], args, headers: tuple[str, ...] = (), start=serve
) -> dict[str, list[float]]:
    """Requests per second of each target, ``args.rounds`` times in turn.

    Every target gets its own gunicorn, started once; the rounds then take turns (a, b, a, b
    ...), so a busy moment of the machine falls on all of them rather than on one. Each
    measurement has a 2-second warm-up first."""
    started: dict[str, servers.App] = {}
    rates: dict[str, list[float]] = {name: [] for name in targets}
    try:
        for name, (factory, _, env) in targets.items():
            started[name] = start(factory, args.workers, env)
        for _ in range(args.rounds):
            for name, (_, path, _) in targets.items():
                url = started[name].url + path
                wrk(url, 2, args.connections, headers)
                rates[name].append(wrk(url, args.seconds, args.connections, headers))
    finally:
        for app in started.values():  # graceful: workers write what they hold
            app.process.send_signal(signal.SIGTERM)
        for app in started.values():
            finish(app)
    return rates


def arguments(doc: str) -> argparse.Namespace:
    """The options every throughput bench takes (``doc``: the bench's docstring); checks that
    wrk is there."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    return args


def main() -> None:
    args = arguments(__doc__)
    rates = alternate(
        {
            "hello": ("bench.hello:create_app", "/", None),
            "step": ("routekaart:create_app", STEP, None),
        },
        args,
    )
    hello, step = statistics.median(rates["hello"]), statistics.median(rates["step"])
    print(
        f"gunicorn -w {args.workers}, wrk -c {args.connections}, {args.seconds} s each, "
        f"{args.rounds} rounds in turn (median; each round in brackets)"
    )
    for label, name in (("bare Flask hello-world:", "hello"), (f"route step {STEP}:", "step")):
        each = ", ".join(f"{value:.0f}" for value in rates[name])
        print(f"{label:33s} {statistics.median(rates[name]):6.0f} requests/s  ({each})")
    each = ", ".join(f"{s / h:.0%}" for h, s in zip(rates["hello"], rates["step"], strict=True))
    print(f"ratio: {step / hello:.0%} (each round: {each}; budget: at least 70%)")


if __name__ == "__main__":
    main()
