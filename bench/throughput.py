#!/usr/bin/env python3
"""Throughput of a route step under gunicorn, against a bare Flask hello-world in the same run.

    python bench/throughput.py [--seconds 8] [--workers 2] [--connections 16] [--rounds 3]

Starts gunicorn (sync workers, on 127.0.0.1 only) with bench/hello.py and with the app, and
drives each with wrk for the same time on one route step (with gzip, as a phone asks), in
turns, ``--rounds`` times; the medians count. The budget: the route step reaches at least 70 %
of the hello-world's requests per second. Numbers only: nothing here fails a build. Needs
`gunicorn` (pip, the `bench` extra) and `wrk` (apt).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEP = "/nl/direct/huis-uit"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, port: int, workers: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:port (with ``env`` if given) and wait until it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--limit-request-line", "8190", app],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start: {app}")


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


Target = tuple[str, str, dict[str, str] | None]  # gunicorn app, path, environment (None: ours)


def alternate(
    targets: dict[str, Target], args, headers: tuple[str, ...] = (), start=serve
) -> dict[str, list[float]]:
    """Requests per second of each target, ``args.rounds`` times in turn.

    Every target gets its own gunicorn, started once; the rounds then take turns (a, b, a, b
    ...), so a busy moment of the machine falls on all of them rather than on one. Each
    measurement has a 2-second warm-up first."""
    servers: dict[str, tuple[subprocess.Popen, int]] = {}
    rates: dict[str, list[float]] = {name: [] for name in targets}
    try:
        for name, (app, _, env) in targets.items():
            port = free_port()
            servers[name] = (start(app, port, args.workers, env), port)
        for _ in range(args.rounds):
            for name, (_, path, _) in targets.items():
                url = f"http://127.0.0.1:{servers[name][1]}{path}"
                wrk(url, 2, args.connections, headers)
                rates[name].append(wrk(url, args.seconds, args.connections, headers))
    finally:
        for process, _ in servers.values():
            process.send_signal(signal.SIGTERM)  # graceful: workers write what they hold
        for process, _ in servers.values():
            process.wait(timeout=60)
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
        {"hello": ("bench.hello:app", "/", None), "step": ("routekaart:create_app()", STEP, None)},
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
