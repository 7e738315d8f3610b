#!/usr/bin/env python3
"""Route finder budgets: bytes over the wire and server time per step.

    python bench/finder.py [--rounds N]

Prints, for the bundled content:
- a first visit to /nl/: HTML + CSS + JS as sent gzipped (budget 30 KB);
- one htmx step (the fragment of the next turn, gzipped), the largest over every path of
  every language (budget 3 KB);
- server time per step in-process (Flask test client, every path, full page and fragment),
  p50 / p90 / max (budget p50 5 ms).

Numbers only: nothing here fails a build. Runs from a checkout without installing.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routekaart import create_app  # noqa: E402
from routekaart.domain import engine  # noqa: E402
from routekaart.ops.store import current_content  # noqa: E402

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
HTMX = {**GZIP, "HX-Request": "true", "HX-Target": "current", "HX-Current-URL": "x"}
LANGS = ("nl", "en", "ar")
KB = 1024


def header_bytes(response) -> int:
    """Size of the status line and headers as HTTP/1.1 would send them."""
    lines = [f"HTTP/1.1 {response.status}"] + [f"{k}: {v}" for k, v in response.headers.items()]
    return len("\r\n".join(lines).encode()) + 4


def first_visit(client) -> list[tuple[str, int, int]]:
    """(url, gzipped body bytes, header bytes) for /nl/ and every CSS and JS file it loads."""
    page = client.get("/nl/", headers=GZIP)
    assert page.headers.get("Content-Encoding") == "gzip", "the page is not gzipped"
    html = client.get("/nl/").data.decode()
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html)
    rows = [("/nl/", len(page.data), header_bytes(page))]
    for url in assets:
        response = client.get(url.replace("&amp;", "&"), headers=GZIP)
        assert response.status_code == 200, url
        rows.append((url, len(response.data), header_bytes(response)))
    return rows


def every_path(tree) -> list[tuple[str, ...]]:
    """Every step of every route, the start included."""
    return sorted({c.path[:i] for c in engine.results(tree) for i in range(len(c.path) + 1)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="times each path is timed")
    parser.add_argument(
        "--no-cache", action="store_true", help="time rendering: turn the page cache off"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # content warnings are for staff, not for this report

    app = create_app({"TESTING": True})
    if args.no_cache:
        app.extensions["routekaart.pages"].size = 0  # every request renders the page again
    client = app.test_client()
    with app.app_context():
        tree = current_content().tree
    paths = every_path(tree)

    print("First visit to /nl/ (gzip, as sent):")
    rows = first_visit(client)
    for url, body, head in rows:
        print(f"  {body:7,d} B body  {head:5,d} B headers  {url}")
    body_total = sum(r[1] for r in rows)
    all_total = body_total + sum(r[2] for r in rows)
    print(
        f"  total {body_total / KB:.1f} KB bodies, {all_total / KB:.1f} KB with headers"
        f"  (budget 30 KB) {'OK' if all_total <= 30 * KB else 'OVER'}"
    )

    print("After the page's load event (app.js loads takeaway.js, which registers /sw.js):")
    html = client.get("/nl/").data.decode()
    later = re.findall(r'data-(?:later|worker)="([^"]+)"', html)
    after = []
    for url in later:
        response = client.get(url.replace("&amp;", "&"), headers=GZIP)
        assert response.status_code == 200, url
        after.append((len(response.data), header_bytes(response)))
        print(f"  {after[-1][0]:7,d} B body  {after[-1][1]:5,d} B headers  {url}")
    later_total = sum(b + h for b, h in after)
    print(
        f"  {later_total / KB:.1f} KB after the load event; first visit with them "
        f"{(all_total + later_total) / KB:.1f} KB (the worker then keeps the page it came with, "
        "from the browser's HTTP cache)"
    )

    print("One htmx step (fragment of the next turn, gzip):")
    sizes = []
    for lang in LANGS:
        for path in paths:
            if not path:
                continue
            url = f"/{lang}/" + "/".join(path)
            response = client.get(url, headers=HTMX)
            assert response.headers.get("Content-Encoding") == "gzip", url
            assert b"<html" not in gzip.decompress(response.data), url
            sizes.append((len(response.data) + header_bytes(response), len(response.data), url))
    sizes.sort()
    largest = sizes[-1]
    print(
        f"  {len(sizes)} steps: median {statistics.median(s[1] for s in sizes):,.0f} B body, "
        f"largest {largest[1]:,d} B body / {largest[0]:,d} B with headers ({largest[2]})"
        f"  (budget 3 KB) {'OK' if largest[0] <= 3 * KB else 'OVER'}"
    )

    print(f"Server time per step, in-process ({args.rounds} rounds over every path):")
    urls = [f"/{lang}/" + "/".join(p) for lang in LANGS for p in paths]
    for url in urls:  # warm up: templates compiled, content loaded
        client.get(url)
        client.get(url, headers=HTMX)
    for label, headers in (("full page", GZIP), ("htmx step", HTMX)):
        timings = []
        for _ in range(args.rounds):
            for url in urls:
                start = time.perf_counter()
                response = client.get(url, headers=headers)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
        timings.sort()
        p50 = statistics.median(timings)
        p90 = timings[int(len(timings) * 0.9)]
        print(
            f"  {label:9s}: p50 {p50:.2f} ms  p90 {p90:.2f} ms  max {timings[-1]:.2f} ms"
            f"  ({len(timings)} requests)  (budget p50 5 ms) {'OK' if p50 <= 5 else 'OVER'}"
        )


if __name__ == "__main__":
    main()
