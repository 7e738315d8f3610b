"""Measure the monitor pages in-process: server time (p50, p95) and size over the wire.

Run from the repository root: ``python -m bench.monitor_pages``. Numbers go in the issue notes,
never into tests.
"""

from __future__ import annotations

import gzip
import logging
import statistics
import time

from routekaart import create_app

PAGES = [
    "/nl/monitor",
    "/ar/monitor",
    "/nl/monitor/jeugd-onderwijs-jongeren",
    "/en/monitor/financiele-zelfredzaamheid",
    "/ar/monitor/fijn-en-veilig-wonen?status=loopt",
]
ROUNDS = 200


def main() -> None:
    """Print one line per page."""
    app = create_app({"TESTING": True})
    logging.getLogger("routekaart").setLevel(logging.ERROR)
    client = app.test_client()
    css = client.get("/static/monitor.css").data
    print(f"monitor.css: {len(css)} B, {len(gzip.compress(css))} B gzip")
    for url in PAGES:
        client.get(url)  # warm up
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        body = response.data
        partial = client.get(url, headers={"HX-Request": "true"}).data
        print(
            f"{url}: p50 {statistics.median(times):.2f} ms, "
            f"p95 {statistics.quantiles(times, n=20)[18]:.2f} ms, "
            f"{len(body)} B html, {len(gzip.compress(body))} B gzip, "
            f"htmx partial {len(gzip.compress(partial))} B gzip"
        )


if __name__ == "__main__":
    main()
