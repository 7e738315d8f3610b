"""One rule for "has this service started or ended", everywhere it is asked.

A service is active on its first and on its last day (``valid_from`` and ``valid_until`` are
inclusive), has not started the day before, and has ended the day after. The status line, the
open data, the partners' directory, the organisation page, the calendar, the JSON-LD, the
result cards, the poster and the content checks all follow :meth:`Period.state_on`.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from routekaart import create_app
from routekaart.content.loader import load
from routekaart.content.model import Period
from routekaart.domain import hours

FIRST, LAST = date(2027, 1, 4), date(2027, 6, 30)  # a Monday and a Wednesday

# (day, where PING stands that day)
DAYS = [
    (date(2027, 1, 3), "not-started"),
    (FIRST, "active"),
    (LAST, "active"),
    (date(2027, 7, 1), "ended"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The bundled content with the PING-loket running from FIRST to LAST only."""
    import shutil

    from routekaart.content.loader import BUNDLED

    target = tmp_path_factory.mktemp("validity") / "content"
    shutil.copytree(BUNDLED, target)
    path = target / "organisations.yaml"
    source = path.read_text(encoding="utf-8")
    start = source.index("  ping-loket:")
    marker = source.index("    hours:\n", start)
    period = f"    valid_from: {FIRST}\n    valid_until: {LAST}\n"
    path.write_text(source[:marker] + period + source[marker:], encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def client(folder):
    return create_app({"TESTING": True, "CONTENT_DIR": str(folder)}).test_client()


@pytest.fixture(scope="module")
def ping(folder):
    content, _ = load(folder, FIRST)
    return content, content.organisations["ping-loket"]


def get(client, url: str):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return response


@pytest.mark.parametrize(
    ("period", "day", "phase"),
    [
        (Period(valid_from=FIRST), date(2027, 1, 3), "not-started"),
        (Period(valid_from=FIRST), FIRST, "active"),
        (Period(valid_until=LAST), LAST, "active"),
        (Period(valid_until=LAST), date(2027, 7, 1), "ended"),
        (Period(), date(1999, 1, 1), "active"),
        (Period(valid_from=FIRST, valid_until=FIRST), FIRST, "active"),
    ],
)
def test_the_predicate(period, day, phase):
    """First and last day are inside; the day before and the day after are not."""
    assert period.state_on(day) == phase
    assert period.active_on(day) is (phase == "active")


@pytest.mark.parametrize(("day", "phase"), DAYS)
def test_the_status_line_reasoning(ping, day, phase):
    """hours.status: not started, open or closed inside the period, ended after it."""
    content, org = ping
    moment = datetime.combine(day, datetime.min.time(), ZoneInfo("Europe/Amsterdam"))
    state = hours.status(org, content.settings, moment.replace(hour=10, minute=30)).state
    assert {"open": "active", "closed": "active"}.get(state, state) == phase


@pytest.mark.parametrize(("day", "phase"), DAYS)
def test_open_data_on_the_boundaries(client, day, phase):
    """/api/v1/organisations, the HSDS status and the routes' ``active`` say the same."""
    at = f"{day}T10:30"
    listed = get(client, f"/api/v1/organisations?at={at}").get_json()["organisations"]
    (item,) = [o for o in listed if o["id"] == "ping-loket"]
    assert item["ended"] is (phase == "ended")
    assert (item["status"] == "not-started") is (phase == "not-started")
    services = get(client, f"/api/v1/hsds/services?at={at}").get_json()["contents"]
    (service,) = [s for s in services if s["name"] == "PING-loket"]
    assert service["status"] == {"active": "active", "ended": "defunct"}.get(phase, "inactive")
    routes = get(client, f"/api/v1/routes?at={at}").get_json()["routes"]
    flags = {o["active"] for r in routes for o in r["organisations"] if o["id"] == "ping-loket"}
    assert flags == {phase == "active"}


@pytest.mark.parametrize(("day", "phase"), DAYS)
def test_pages_on_the_boundaries(client, day, phase):
    """Organisation page, JSON-LD, calendar, result card, poster and partners agree."""
    at = f"{day}T10:30"
    page = get(client, f"/en/organisatie/ping-loket?at={at}").get_data(as_text=True)
    assert ("This service ran until 30 June 2027." in page) is (phase == "ended")
    assert ('"dissolutionDate"' in page) is (phase == "ended")
    calendar = get(client, f"/en/organisatie/ping-loket.ics?at={at}")
    assert (calendar.status_code == 404) is (phase == "ended")
    result = get(client, f"/en/binnenkort/formulieren?at={at}").get_data(as_text=True)
    assert ("PING-loket" in result) is (phase == "active")
    poster = get(client, f"/en/poster?at={at}").get_data(as_text=True)
    assert ('id="poster-ping-loket"' in poster) is (phase == "active")
    partners = get(client, f"/en/partners?at={at}").get_data(as_text=True)
    entry = partners.split('id="dir-ping-loket"', 1)[1].split("</article>", 1)[0]
    assert ("This service ran until 30 June 2027." in entry) is (phase == "ended")
    handover = get(client, f"/en/partners/organisatie/ping-loket/overdracht?at={at}")
    assert (handover.status_code == 200) is (phase == "active")


@pytest.mark.parametrize(("day", "phase"), DAYS)
def test_content_checks_on_the_boundaries(folder, day, phase):
    """Stale facts are reported until the service ended, not after."""
    _, messages = load(folder, day)
    stale = [m for m in messages if "ping-loket" in m.text and "come from sources" in m.text]
    assert bool(stale) is (phase != "ended")
