"""Server time and transfer size of the partners' pages and the open data endpoints.

Run from the repository root: ``python -m bench.partners``. Prints p50/p95 in milliseconds
(in-process, Flask test client) and the gzip size of each response.
"""

from __future__ import annotations

import logging
import statistics
import time

from routekaart import create_app

URLS = [
    ("/nl/partners", {}),
    ("/en/partners?q=bailiff", {}),
    ("/en/partners?q=bailiff", {"HX-Request": "true"}),
    ("/nl/partners/overdracht/direct/huis-uit?taal=ar", {}),
    ("/api/v1/routes", {}),
    ("/api/v1/hsds/organizations", {}),
]


def main(rounds: int = 200) -> None:
    """Measure each URL ``rounds`` times after a warm-up."""
    app = create_app({"TESTING": True})
    logging.getLogger("routekaart").setLevel(logging.ERROR)
    client = app.test_client()
    for url, headers in URLS:
        headers = {"Accept-Encoding": "gzip", **headers}
        client.get(url, headers=headers)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        label = url + (" (htmx)" if "HX-Request" in headers else "")
        print(
            f"{label:55} p50 {statistics.median(times):6.2f} ms  "
            f"p95 {times[int(len(times) * 0.95)]:6.2f} ms  {len(response.data) / 1024:5.1f} KB gzip"
        )


if __name__ == "__main__":
    main()
