"""Shared fixtures: the app on the bundled content, a client, a live server for the browser."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import crawl
import pytest
from hypothesis import settings

from routekaart import create_app
from routekaart.web.printing import CHROME_ARGS

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The same flags as the poster's PDF printing (one list: see routekaart/web/poster.py).

# ../shared next to the repository holds the standards and source documents some tests compare
# with; /work/shared is where it lives on the project's machines.
SHARED_DIRS = (ROOT.parent / "shared", Path("/work/shared"))


# The moment every test app lives in unless a test says otherwise: Wednesday 6 January 2027,
# 10:30 in Amsterdam (the Kredietbank is open, the PING-loket opens at 11:00). A fixed clock
# keeps the suite green on any day of any year; tests about "now" itself use ``real_clock_app``.
NOW = "2027-01-06T10:30"


# Every app a test creates, at import time or in any fixture, reads this unless it says else.
os.environ["ROUTEKAART_FIXED_NOW"] = NOW


# Property tests try the same examples on every run, here and on CI: a red build is the code's
# fault, never a new draw, and a failure seen once is seen again. This is Hypothesis's own
# "ci" profile (derandomize=True, so no example database is read or written; no deadline,
# which a busy machine would miss; the reproduction blob printed), made the default for every
# run, not only where a CI variable is set. To hunt for new examples on purpose, run
# ``pytest --hypothesis-profile=explore`` (random draws, failures kept in .hypothesis/).
settings.register_profile("routekaart", settings.get_profile("ci"))
settings.register_profile("explore", settings.get_profile("default"))
settings.load_profile("routekaart")


@pytest.fixture
def app():
    """The app on the bundled content, with its clock fixed at ``NOW``."""
    return create_app({"TESTING": True})


@pytest.fixture
def real_clock_app():
    """The app on the bundled content, reading the real clock (for tests about "now" itself)."""
    return create_app({"TESTING": True, "FIXED_NOW": None})


@pytest.fixture
def shared():
    """``shared("standards/hsds-3.0")``: that path in ../shared; a skip here when it is missing,
    a failure on CI (``CI=true``), where a silent skip would hide a test that never ran."""

    def find(relative: str) -> Path:
        for folder in SHARED_DIRS:
            if (folder / relative).exists():
                return folder / relative
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"../shared/{relative} is missing: CI must provide ../shared")
        pytest.skip(f"../shared/{relative} is not on this machine")

    return find


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def _serve(config: dict):
    """Serve an app on a free port of 127.0.0.1 from a thread; yields its base URL."""
    import servers  # here, so a copy of this conftest without tests/servers.py still loads

    with servers.threaded(create_app({"TESTING": True, **config})) as url:
        yield url


@pytest.fixture(scope="session")
def live_server():
    """The app served on a free port of 127.0.0.1 for the browser tests; yields its base URL."""
    yield from _serve({})


# The address printed pages carry when the site is configured for real (nothing is fetched
# from it: the browser talks to 127.0.0.1, the pages only name this address).
PUBLIC = "https://www.sterkvoornoord.nl"


@pytest.fixture(scope="session")
def public_server():
    """Like ``live_server``, with ``PUBLIC_URL`` set to the public address, for printouts."""
    yield from _serve({"PUBLIC_URL": PUBLIC})


@pytest.fixture(scope="session")
def crawled_pages() -> list[crawl.Page]:
    """Every HTML page of the site at a fixed moment, found by following links (tests/crawl.py)."""
    return crawl.crawl(create_app({"TESTING": True}).test_client())


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium; never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": CHROME_ARGS,
    }


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL server from Debian's packages for the whole run (tests/postgres.py);
    skipped when PostgreSQL is not installed, a failure on CI (``CI=true``)."""
    import postgres  # here, so a copy of this conftest without tests/postgres.py still loads

    bin_dir = postgres.binaries()
    if bin_dir is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("PostgreSQL is missing: CI must install it (scripts/test does)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    server = postgres.Postgres(bin_dir)
    server.start()
    yield server
    server.remove()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of an empty PostgreSQL database (no tables at all)."""
    return postgres_server.empty_database()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """The URL of a new SQLite database in a scratch folder."""
    return f"sqlite:///{tmp_path}/counts.sqlite3"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """A new, empty database: SQLite in a scratch folder, then a real PostgreSQL."""
    return request.getfixturevalue(
        {"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param]
    )


@pytest.fixture(autouse=True)
def no_server_outlives_its_stop():
    """After every test, no process of a server that was stopped is still running (gunicorn
    workers or nginx under faketime once were): the process table is read, not trusted."""
    yield
    servers = sys.modules.get("servers")  # only a module that imported it started a server
    if servers is None:
        return
    left = {group: servers.group_members(group) for group in servers.STOPPED}
    left = {servers.STARTED[group]: members for group, members in left.items() if members}
    assert not left, f"stopped servers still running: {left}"


@pytest.fixture(autouse=True, scope="session")
def every_server_is_stopped():
    """When the run ends, every server a test started was stopped, and all of it is gone."""
    yield
    servers = sys.modules.get("servers")
    if servers is None:
        return
    running = {
        what: servers.group_members(group)
        for group, what in servers.STARTED.items()
        if group not in servers.STOPPED or servers.group_members(group)
    }
    assert not running, f"servers left running after the tests: {running}"


@pytest.fixture
def scratch():
    """A scratch folder for servers (readable by nginx's workers, unlike pytest's tmp_path)."""
    path = Path(tempfile.mkdtemp(prefix="routekaart-scratch-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)
