"""How long opening-hours answers take: status per organisation, the API, an organisation page.

Run from the repository root: ``python bench/hours_bench.py``. Prints medians; no assertions.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from routekaart import create_app
from routekaart.content import loader as content
from routekaart.content.model import Organisation
from routekaart.domain import hours

A = ZoneInfo("Europe/Amsterdam")


def median_us(fn, repeat: int = 200) -> float:
    """Median wall time of ``fn()`` in microseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    logging.disable(logging.WARNING)
    loaded, _ = content.load(content.BUNDLED, date(2026, 11, 27))
    moment = datetime(2026, 11, 30, 12, 0, tzinfo=A)
    for org_id, org in loaded.organisations.items():
        us = median_us(lambda org=org: hours.status(org, loaded.settings, moment))
        print(f"status({org_id}): {us:.0f} µs")
    # Worst case: closed for longer than the search bound, so a whole year is scanned.
    data = loaded.organisations["ping-loket"].model_dump(by_alias=True)
    text = {"nl": "x", "en": "x", "ar": "x"}
    data["exceptions"] = [
        {"date": "2026-11-01", "until": "2028-12-31", "closed": True, "reason": text}
    ]
    closed = Organisation.model_validate(data)
    us = median_us(lambda: hours.status(closed, loaded.settings, moment), repeat=20)
    print(f"status(closed for two years, scans {hours.SEARCH_DAYS} days): {us:.0f} µs")

    app = create_app({"TESTING": True})
    client = app.test_client()
    for url in (
        "/api/v1/organisations?at=2026-11-30T12:00",
        "/nl/organisatie/ping-loket?at=2026-11-30T12:00",
        "/nl/organisatie/ping-loket.ics?at=2026-11-30T12:00",
        "/nl/direct/huis-uit?at=2026-11-30T12:00",
    ):
        client.get(url)
        us = median_us(lambda url=url: client.get(url), repeat=100)
        print(f"GET {url}: {us / 1000:.2f} ms")


if __name__ == "__main__":
    main()
