#!/usr/bin/env python3
"""A surge, measured: the app under gunicorn alone, then behind the documented nginx front.

    python bench/surge.py [--seconds 60] [--connections 64]

Starts the app as the service does (``routekaart serve``, real clock) and nginx with
``deploy/nginx/`` (rendered by tests/servers.py into a temporary prefix, with a throw-away
certificate), then drives them with wrk (2 threads) and bench/surge.lua:

1. the mix (route steps, htmx steps, partners page and search, API, static files) straight at
   gunicorn, then through nginx over TLS: requests/s, p50/p99, errors, statuses;
2. through nginx, a cached route step and a static file of the same size from disk (the
   page's own bytes, written into static/ for the run; the ceiling of this machine): the ratio
   of the two (budget #22: at least 100 %), and the same against a small static file;
3. starvation: a route step measured with 16 connections while 64 more hammer the partners
   search, straight at gunicorn and through nginx;
4. edit to resident (bench/content_version.py, on the same servers, last): staff change a
   phone number and the page is polled through nginx until 200 answers in a row are new
   (budget: within 5 s, no old answer after a new one, one version during an invalid edit).

The app serves a copy of the bundled content, so the edits never touch content/.

"Errors" are socket errors, timeouts and 5xx answers. A 429 is nginx refusing one client more
than its share of the search, posters or API (all of wrk is one client, 127.0.0.1): counted
apart. The server and wrk share the machine's cores, so every figure is low by that much.
Numbers only: nothing here fails a build. Needs wrk, nginx, openssl (apt).
"""

from __future__ import annotations

import argparse
import json
import os
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

from bench.content_version import edit_to_resident  # noqa: E402

SAME_SIZE = ROOT / "static" / "surge-same-size.html"  # written for a run, removed after it

STEP = "/nl/direct/huis-uit"
SEARCH = "/nl/partners?q=schuld"
LUA = ROOT / "bench" / "surge.lua"


def wrk(url: str, seconds: int, connections: int, mode: str, static: tuple[str, ...]) -> dict:
    """One wrk run with surge.lua; its RESULT as a dict."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(LUA), url, "--", mode, *static],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    fivexx = sum(n for status, n in result["statuses"].items() if status.startswith("5"))
    result["errors"] = result["socket_errors"] + result["timeouts"] + fivexx
    return result


def show(name: str, r: dict) -> None:
    """One line per run."""
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(r["statuses"].items()))
    print(
        f"{name:<44} {r['rps']:>9.0f} req/s  p50 {r['p50_ms']:>7.2f} ms  "
        f"p99 {r['p99_ms']:>8.2f} ms  errors {r['errors']}  ({statuses})",
        flush=True,
    )


def starvation(base: str, seconds: int, static: tuple[str, ...]) -> dict:
    """The route step (16 connections) while 64 connections hammer the partners search."""
    hammer = subprocess.Popen(
        ["wrk", "-t1", "-c64", f"-d{seconds + 2}s", "--timeout", "10s", "-s", str(LUA),
         base + SEARCH, "--", "one", *static],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1)
    result = wrk(base + STEP, seconds, 16, "one", static)
    out, _ = hammer.communicate()
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result["hammer"] = json.loads(line.removeprefix("RESULT "))
    return result


def main() -> None:
    """Run the surge and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--parts", default="mix,ratio,starvation,edit", help="which runs, comma-separated"
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    seconds, conns = args.seconds, args.connections

    folder = Path(tempfile.mkdtemp(prefix="routekaart-surge-"))
    folder.chmod(0o755)
    os.environ.pop("ROUTEKAART_FIXED_NOW", None)  # the real clock, as on the live site
    os.environ["ROUTEKAART_PUBLIC_URL"] = "https://routekaart.example.org"
    from flask import render_template_string

    from routekaart import create_app

    with create_app().test_request_context("/nl/"):
        static = (
            render_template_string("{{ asset_url('app.css') }}"),
            render_template_string("{{ asset_url('app.js') }}"),
            render_template_string("{{ asset_url('htmx.js') }}"),
        )
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    app = servers.start_app(  # routekaart serve's default: 2 x CPUs + 1 workers
        folder, content=content, workers=None, real_clock=True, behind_front=True,
        env={"ROUTEKAART_CONTENT_STATE_DIR": str(folder / "state")},
    )  # fmt: skip
    front = servers.start_front(app.port)
    gunicorn = f"http://127.0.0.1:{app.port}"
    results = {}
    try:
        print(f"{os.cpu_count()} CPUs, wrk -t2 on the same machine; {seconds} s per run\n")
        for base in (gunicorn, front.https):  # every worker loads the content once
            wrk(base + "/", 3, conns, "mix", static)
        if "mix" in parts:
            results["mix, gunicorn"] = wrk(gunicorn + "/", seconds, conns, "mix", static)
            show(f"mix straight at gunicorn ({conns} conn.)", results["mix, gunicorn"])
            results["mix, nginx"] = wrk(front.https + "/", seconds, conns, "mix", static)
            show(f"mix through nginx, TLS ({conns} conn.)", results["mix, nginx"])
        if "ratio" in parts:
            # With gzip (as phones ask: nginx compresses the static file on every request,
            # the app's page is gzipped once) and without (both sent as they are stored).
            with urllib.request.urlopen(gunicorn + STEP) as page:  # as stored, not gzipped
                SAME_SIZE.write_bytes(page.read())
            same = "/static/" + SAME_SIZE.name
            print(f"route step: {SAME_SIZE.stat().st_size} bytes; {same}: the same bytes")
            for mode in ("one", "plain"):
                how = "gzip" if mode == "one" else "no gzip"
                step = wrk(front.https + STEP, seconds, conns, mode, static)
                show(f"cached route step through nginx, {how}", step)
                twin = wrk(front.https + same, seconds, conns, mode, static)
                show(f"static file of the same size from disk, {how}", twin)
                small = wrk(front.https + static[1], seconds, conns, mode, static)
                show(f"small static file from disk, {how}", small)
                print(f"   route step / same-size file ({how}): "
                      f"{step['rps'] / twin['rps']:.0%} (budget at least 100 %)")  # fmt: skip
                print(f"   route step / small file ({how}): {step['rps'] / small['rps']:.0%}")
                results[f"ratio, {how}"] = (step, twin, small)
        if "starvation" in parts:
            for name, base in (("gunicorn", gunicorn), ("nginx", front.https)):
                r = starvation(base, seconds, static)
                results[f"starvation, {name}"] = r
                show(f"route step (16 c.), search hammered, {name}", r)
                hammer = r["hammer"]
                hammer["rps"] = hammer["requests"] / hammer["seconds"]
                hammer["errors"] = hammer["socket_errors"] + hammer["timeouts"]
                show("   the search itself (64 c.)", hammer)
        if "edit" in parts:  # last: it leaves the content copy broken
            print("\nedit to resident, through nginx:")
            results["edit"] = edit_to_resident(app, front, content, 5, 200, 3.0)
    finally:
        SAME_SIZE.unlink(missing_ok=True)
        servers.stop(front.process)
        servers.stop(app.process)
        shutil.rmtree(front.prefix, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
