#!/usr/bin/env python3
"""Throughput of a route step under gunicorn, against a bare Flask hello-world in the same run.

    python bench/throughput.py [--seconds 8] [--workers 2] [--connections 16]

Starts gunicorn (sync workers, on 127.0.0.1 only) first with bench/hello.py, then with the app,
and drives each with wrk for the same time on one route step (with gzip, as a phone asks). The
budget: the route step reaches at least 70 % of the hello-world's requests per second. Numbers
only: nothing here fails a build. Needs `gunicorn` (pip, the `bench` extra) and `wrk` (apt).
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
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


def wrk(url: str, seconds: int, connections: int) -> float:
    """Requests per second that wrk measured."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors[1]} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def measure(app: str, path: str, args) -> float:
    port = free_port()
    process = serve(app, port, args.workers)
    try:
        wrk(f"http://127.0.0.1:{port}{path}", 2, args.connections)  # warm up
        return wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    hello = measure("bench.hello:app", "/", args)
    step = measure("routekaart:create_app()", STEP, args)
    print(f"gunicorn -w {args.workers}, wrk -c {args.connections}, {args.seconds} s each")
    print(f"bare Flask hello-world:  {hello:8.0f} requests/s")
    print(f"route step {STEP}: {step:8.0f} requests/s")
    print(f"ratio: {step / hello:.0%} (budget: at least 70%)")


if __name__ == "__main__":
    main()
