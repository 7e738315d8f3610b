"""Issue 24, item 5: the logs scrub request data, and only request data.

Addresses, query strings and what a client typed never reach a log (tests/test_serve.py sends
such requests to a real gunicorn); the content messages staff need keep their names
(``option "…" leads to unknown node "…"``) and are logged when the change is seen, by the
content watcher, not while a visitor's request waits. A redirect never repeats a forged Host,
not in its ``Location`` and not in its body.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from routekaart import create_app
from routekaart.ops import server

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN_NODE = (
    'option "Ik heb schulden" leads to unknown node "binnenkort-schuldn" (did you mean '
    '"binnenkort-schulden"?)'
)


def record(name: str, message: str, *args) -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, args, None)


def test_content_messages_keep_their_names_and_request_lines_are_scrubbed():
    scrubbed = server.Scrubbed()
    content = record("routekaart.ops.store", "content not reloaded: %s", UNKNOWN_NODE)
    assert scrubbed.filter(content) and content.getMessage().endswith(UNKNOWN_NODE)
    published = record("routekaart.ops.publish", "content version %s published", "ab12")
    assert scrubbed.filter(published) and published.getMessage() == "content version ab12 published"
    request = record(
        "routekaart.web", "unexpected error on %s", "/nl/partners?q='geheim' from 10.1.2.3"
    )
    assert scrubbed.filter(request)
    assert request.getMessage() == "unexpected error on /nl/partners?… from [address]"


def break_an_answer(folder: Path) -> None:
    path = folder / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        next: binnenkort-schulden\n"
    assert old in text
    path.write_text(text.replace(old, "        next: binnenkort-schuldn\n", 1), encoding="utf-8")


def test_content_errors_are_logged_by_the_watcher_not_in_a_visitors_request(tmp_path: Path, caplog):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    app = create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content),
            "CONTENT_STATE_DIR": str(tmp_path / "state"),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_REMOVAL_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
            "CONTENT_WATCH": True,
        }
    )
    published = app.extensions["routekaart.content"]
    try:
        client = app.test_client()
        version = client.get("/nl/").headers["X-Content-Version"]
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="routekaart.ops.store"):
            break_an_answer(content)
            for _ in range(20):  # visitors keep coming meanwhile, and get the good version
                response = client.get("/nl/")
                assert response.status_code == 200
                assert response.headers["X-Content-Version"] == version
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(
                UNKNOWN_NODE in r.getMessage() for r in caplog.records
            ):
                time.sleep(0.05)
        errors = [r for r in caplog.records if UNKNOWN_NODE in r.getMessage()]
        assert len(errors) == 1
        assert errors[0].threadName == "content-watcher"
    finally:
        published.stop_watching()


def test_a_redirect_never_repeats_a_forged_host_in_its_body(client):
    forged = {"Host": "evil.example"}
    for url in ("/nl", "/NL/Direct", "/"):
        response = client.get(url, headers=forged)
        assert 300 <= response.status_code < 400, url
        assert "evil.example" not in response.headers["Location"], url
        assert "evil.example" not in response.get_data(as_text=True), url


def test_a_new_publisher_does_not_log_the_same_content_warnings_again(tmp_path: Path, caplog):
    """When the publishing worker stops (a reload, a respawn), the worker that takes over
    loads the folder again: what the server already logged is not logged twice."""
    config = {
        "TESTING": True,
        "CONTENT_STATE_DIR": str(tmp_path / "state"),
        "CONTENT_CHECK_SECONDS": 0,
    }
    with caplog.at_level(logging.WARNING, logger="routekaart.ops.store"):
        first = create_app(config)
        said = [r.getMessage() for r in caplog.records if r.name == "routekaart.ops.store"]
        assert said and len(said) == len(set(said))
        first.extensions["routekaart.content"].snapshots._lock_file.close()  # it stops
        caplog.clear()
        second = create_app(config)
        assert second.test_client().get("/nl/").status_code == 200
        assert second.extensions["routekaart.content"]._publisher
    again = [r.getMessage() for r in caplog.records if r.name == "routekaart.ops.store"]
    assert again == []
