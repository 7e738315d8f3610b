"""Visits nginx answers from its cache are counted too (#22 item 4): answered = counted.

nginx writes only the visits that never reached the app (a HIT, or a page the app only
revalidated) to its visits log, with the moment, the path and the poster tag; the app counts
them as it counts the steps it serves.
"""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import servers
import sqlalchemy as sa

from routekaart.content.loader import BUNDLED, load
from routekaart.ops import counting
from routekaart.ops.cache_visits import CacheVisits, visit_notes
from routekaart.ops.db import make_engine, usage_counts

CONTENT, _ = load(BUNDLED)
PHONE = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
# Monday 4 January 2027, 10:30 in Amsterdam.
MOMENT = datetime(2027, 1, 4, 9, 30, tzinfo=UTC).timestamp()


def line(path: str, source: str = "-") -> str:
    return f"{MOMENT:.3f} {path} {source}"


def test_a_cached_step_counts_as_the_app_counts_it():
    source = sorted(CONTENT.settings.sources)[0]
    moment, notes = visit_notes(line("/nl/direct/huis-uit", source), CONTENT)
    assert moment.date().isoformat() == "2027-01-04"
    assert notes == [("result", "direct/huis-uit", "nl"), ("source", source, "nl")]
    assert visit_notes(line("/ar/"), CONTENT)[1] == [("step", "", "ar")]
    something_else = visit_notes(line("/en/direct/iets-anders"), CONTENT)[1]
    assert something_else == [("result", "direct/iets-anders", "en")]


@pytest.mark.parametrize(
    "text",
    [
        line("/nl/partners"),  # not a route step: never counted
        line("/nl/direct/"),  # the app redirects this address
        line("/nl/bestaat-niet"),
        line("/de/direct"),
        line("/nl/direct", "onbekende-plek") + " extra",
        "not a line",
        "nan /nl/ -",
    ],
)
def test_anything_else_in_the_log_counts_nothing(text):
    assert visit_notes(text, CONTENT) is None


def test_an_unknown_poster_tag_is_not_counted_but_the_visit_is():
    assert visit_notes(line("/nl/direct", "onbekend"), CONTENT)[1] == [("step", "direct", "nl")]


def test_a_site_under_a_path_is_read_without_it():
    assert visit_notes(line("/geldzaken/nl/direct"), CONTENT, "/geldzaken")[1]
    assert visit_notes(line("/nl/direct"), CONTENT, "/geldzaken") is None


def test_the_log_is_read_once_through_rotation_and_half_written_lines(tmp_path: Path):
    log = tmp_path / "visits.log"
    log.write_text(line("/nl/") + "\n" + line("/nl/direct"))  # the second is not finished
    reader = CacheVisits(log)
    assert reader.read() == [line("/nl/")]
    with log.open("a") as f:
        f.write("\n")
    assert reader.read() == [line("/nl/direct")]
    assert reader.read() == []
    log.rename(tmp_path / "visits.log.1")  # logrotate
    log.write_text(line("/en/") + "\n")
    assert reader.read() == [line("/en/")]
    again = CacheVisits(log)  # a restarted process goes on from the saved position...
    assert again.read() == []  # ...once the first one let go of the lock
    with log.open("a") as f:
        f.write(line("/ar/") + "\n")
    assert again.read() == []  # another process holds the lock: only one reads
    assert reader.read() == [line("/ar/")]


def test_the_front_matches_the_same_user_agents_as_the_app():
    """nginx decides "a person's browser" itself: with the app's own words for bots."""
    conf = (servers.DEPLOY / "nginx.conf").read_text()
    found = re.search(r'map \$http_user_agent \$routekaart_person \{.*?"~\*([^"]+)" 0;', conf, re.S)
    assert found and found.group(1) == counting.BOTS.pattern


@pytest.mark.nginx
def test_every_visit_through_the_front_is_counted_once():
    scratch = Path(tempfile.mkdtemp(prefix="routekaart-visits-"))
    scratch.chmod(0o755)
    prefix = scratch / "nginx"
    prefix.mkdir()
    database = f"sqlite:///{scratch / 'counts.sqlite3'}"
    env = {
        "ROUTEKAART_DATABASE_URL": database,
        "ROUTEKAART_COUNT_USAGE": "true",
        "ROUTEKAART_COUNT_FLUSH_SECONDS": "0.5",
        "ROUTEKAART_NGINX_COUNTS_LOG": str(prefix / "visits.log"),
        "ROUTEKAART_STATE_DIR": str(scratch / "state"),
    }
    app = servers.start_app(scratch, env=env, real_clock=True, behind_front=True)
    front = servers.start_front(app.port, prefix)
    context = ssl.create_default_context(cafile=str(front.cert))
    path, answered, statuses = "/nl/binnenkort/formulieren", 0, []
    try:
        started, etag = time.monotonic(), None
        while time.monotonic() - started < 5:  # long enough for nginx to revalidate
            conn = http.client.HTTPSConnection("127.0.0.1", front.https_port, context=context)
            # Every third visit is a browser that has the page and asks again (no-cache).
            again = etag is not None and answered % 3 == 0
            headers = {"User-Agent": PHONE, **({"If-None-Match": etag} if again else {})}
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            assert response.status in ((200, 304) if again else (200,))
            etag = response.getheader("ETag") or etag
            statuses.append(f"{response.getheader('X-Cache')} {response.status}")
            answered += 1
            time.sleep(0.02)
        time.sleep(1.5)  # the app reads the log and flushes twice a second
    finally:
        servers.stop(front.process)
        servers.stop(app.process)  # a stopping worker writes what it holds
    engine = make_engine(database)
    with engine.connect() as conn:
        t = usage_counts.c
        counted = conn.execute(
            sa.select(sa.func.sum(t.n)).where(t.kind == "result", t.key == "binnenkort/formulieren")
        ).scalar()
    engine.dispose()
    shutil.rmtree(scratch, ignore_errors=True)
    assert {"HIT 200", "HIT 304", "MISS 200"} <= set(statuses)  # every path was taken
    assert counted == answered, (answered, counted, sorted(set(statuses)))


def test_a_new_log_on_an_old_inode_is_read_from_its_start(tmp_path: Path):
    """A file system may give a new log the inode of a deleted one: the position is tied to
    the log's first line too, so nothing of the new log is skipped."""
    log = tmp_path / "visits.log"
    log.write_text(line("/nl/") + "\n")
    reader = CacheVisits(log)
    assert reader.read() == [line("/nl/")]
    inode = log.stat().st_ino
    with log.open("w") as f:  # the same file (inode), new lines, longer than before
        f.write(line("/en/direct") + "\n" + line("/ar/direct") + "\n")
    assert log.stat().st_ino == inode
    assert reader.read() == [line("/en/direct"), line("/ar/direct")]
