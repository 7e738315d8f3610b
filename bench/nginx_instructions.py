#!/usr/bin/env python3
"""What one request costs nginx, counted in instructions: a cached route step against a static
file of the same size, through the documented front over TLS.

    python bench/nginx_instructions.py [--seconds 8]

bench/surge.py measures the same comparison as requests per second, but on a machine that
shares its two cores between wrk, nginx and whatever else runs, that ratio moves by ten points
from one run to the next. This counts what does not move: the instructions nginx itself runs
per request (valgrind's callgrind, one nginx process in the foreground), for the route step
served from nginx's page cache and for the same bytes as a file from static/. The kernel's work
(network, TLS records, files) and wrk's are not in it, so the figure is what the configuration
and the app's stored headers cost nginx, not the whole of a request.

The app runs as deploy/routekaart.env runs it (behind the front) on a copy of the bundled
content. Numbers only: nothing here fails a build. Needs valgrind, wrk, nginx, openssl (apt).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import servers  # noqa: E402  (tests/servers.py: the same front the tests start)

STEP = "/nl/direct/huis-uit"
SAME_SIZE = ROOT / "static" / "surge-same-size.html"  # written for a run, removed after it


def requests_per_run(port: int, path: str, seconds: int) -> int:
    """Requests wrk completed in ``seconds`` (one thread, 4 connections: valgrind is slow)."""
    out = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{seconds}s", f"https://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(re.search(r"(\d+) requests in", out).group(1))


def instructions(prefix: Path, conf: Path, port: int, path: str, seconds: int) -> tuple[int, int]:
    """(instructions, requests) of one measured run against nginx under callgrind."""
    out = prefix / f"callgrind-{time.monotonic_ns()}.out"
    process = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", servers.NGINX,
         "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        servers.wait_for_port(port, process, prefix / "error.log", timeout=120)
        requests_per_run(port, path, 2)  # fills nginx's cache, warms everything up
        subprocess.run(["callgrind_control", "--zero", str(process.pid)], check=True,
                       capture_output=True)  # fmt: skip
        requests = requests_per_run(port, path, seconds)
        subprocess.run(["callgrind_control", "--dump", str(process.pid)], check=True,
                       capture_output=True)  # fmt: skip
    finally:
        servers.stop(process)
    # The dump asked for above is <out>.1; <out> itself is written when nginx stops.
    dumped = out.with_name(out.name + ".1").read_text()
    totals = re.search(r"^(?:summary|totals): (\d+)", dumped, re.MULTILINE)
    return int(totals.group(1)), requests


def main() -> None:
    """Count and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed: apt-get install valgrind wrk")
    folder = Path(tempfile.mkdtemp(prefix="routekaart-instructions-"))
    folder.chmod(0o755)
    os.environ.pop("ROUTEKAART_FIXED_NOW", None)  # the real clock, as on the live site
    os.environ["ROUTEKAART_PUBLIC_URL"] = "https://routekaart.example.org"
    shutil.copytree(ROOT / "content", folder / "content")
    app = servers.start_app(
        folder, content=folder / "content", real_clock=True, behind_front=True,
        env={"ROUTEKAART_CONTENT_STATE_DIR": str(folder / "state")},
    )  # fmt: skip
    prefix = folder / "nginx"
    prefix.mkdir()
    prefix.chmod(0o755)
    https_port = servers.free_port()
    # One process that serves requests itself: what callgrind counts is nginx's whole work.
    single = [("worker_processes auto;", "worker_processes 1;\nmaster_process off;", 1)]
    conf = servers.render(prefix, servers.free_port(), https_port, app.port, single)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{app.port}{STEP}") as page:
            SAME_SIZE.write_bytes(page.read())  # the page as stored, not gzipped
        same = "/static/" + SAME_SIZE.name
        print(f"route step: {SAME_SIZE.stat().st_size} bytes; {same}: the same bytes")
        counted = {}
        for name, path in (("cached route step", STEP), ("static file, same size", same)):
            total, requests = instructions(prefix, conf, https_port, path, args.seconds)
            counted[name] = total / requests
            print(f"{name:<24} {total / requests:>9,.0f} instructions/request ({requests} req.)")
        step, static = counted["cached route step"], counted["static file, same size"]
        share = static / step  # the route step's speed as a share of the static file's
        print(f"   route step / static file, nginx's own work only: {share:.0%}")
    finally:
        SAME_SIZE.unlink(missing_ok=True)
        servers.stop(app.process)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
