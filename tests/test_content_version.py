"""One content version, everywhere at once (#22): every worker, the nginx front, browsers.

The process holding the publisher lock takes a settled, valid change and publishes it as a
snapshot; every process serves the snapshot ``current`` names. Tested with apps sharing one
state folder (as the workers of one server do), with gunicorn's workers, and through nginx.
"""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import time
from pathlib import Path

import pytest
import servers

from routekaart import create_app
from routekaart.cli import check
from routekaart.content import loader

SSP = "/nl/organisatie/sociaal-service-punt"
OLD_PHONE = "(070) 205 70 00"
NEW_PHONE = "(070) 205 70 99"


def edit_phone(folder: Path, old: str = OLD_PHONE, new: str = NEW_PHONE) -> None:
    path = folder / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"phone: {old}" in text
    path.write_text(text.replace(f"phone: {old}", f"phone: {new}"), encoding="utf-8")


def break_file(folder: Path) -> None:
    path = folder / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")


def worker(content: Path, state: Path):
    """An app as one gunicorn worker of a server makes it: the server's content and state."""
    return create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(content),
            "CONTENT_STATE_DIR": str(state),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_REMOVAL_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
        }
    ).test_client()


def phone_and_version(client) -> tuple[str, str]:
    response = client.get(SSP)
    assert response.status_code == 200
    phone = NEW_PHONE if NEW_PHONE in response.text else OLD_PHONE
    assert phone in response.text
    return phone, response.headers["X-Content-Version"]


# --- the version id --------------------------------------------------------------------------


def test_the_version_is_a_hash_of_the_bytes(content_copy: Path, tmp_path: Path):
    """A byte-identical copy elsewhere (a second server) has the same id; a changed byte not."""
    copy = tmp_path / "elsewhere"
    shutil.copytree(content_copy, copy)
    (copy / "settings.yaml").touch()  # another time and inode: the same bytes
    assert loader.version(copy) == loader.version(content_copy)
    edit_phone(copy)
    assert loader.version(copy) != loader.version(content_copy)


def test_staff_see_the_version_in_the_check_and_in_every_response(content_copy, tmp_path):
    code, lines = check(content_copy)
    assert code == 0
    version = loader.version(content_copy)
    assert f"content version {version}" in lines
    client = worker(content_copy, tmp_path / "state")
    for path in ("/nl/", SSP, "/api/v1/organisations", "/api/v1/routes"):
        assert client.get(path).headers["X-Content-Version"] == version, path


# --- workers of one server ---------------------------------------------------------------------


def test_every_worker_serves_the_published_version(content_copy: Path, tmp_path: Path):
    state = tmp_path / "state"
    first, second = worker(content_copy, state), worker(content_copy, state)
    assert phone_and_version(first) == phone_and_version(second)
    edit_phone(content_copy)
    # Whichever worker looks first: the publisher takes the change, the other follows.
    new = phone_and_version(first)
    assert new[0] == NEW_PHONE
    assert phone_and_version(second) == new
    assert phone_and_version(first) == new


def test_an_invalid_edit_leaves_every_worker_on_the_same_last_good_version(content_copy, tmp_path):
    state = tmp_path / "state"
    clients = [worker(content_copy, state) for _ in range(3)]
    good = phone_and_version(clients[0])
    edit_phone(content_copy)
    break_file(content_copy)
    answers = {phone_and_version(client) for client in clients * 5}
    assert answers == {good}


def test_a_worker_started_while_the_files_are_broken_serves_the_last_good_version(
    content_copy: Path, tmp_path: Path
):
    state = tmp_path / "state"
    before = phone_and_version(worker(content_copy, state))
    break_file(content_copy)
    restarted = worker(content_copy, state)  # a new worker, or the whole server again
    assert phone_and_version(restarted) == before


def test_without_a_published_version_a_broken_folder_still_answers_503(content_copy, tmp_path):
    break_file(content_copy)
    assert worker(content_copy, tmp_path / "state").get(SSP).status_code == 503


def test_the_etag_names_the_content_version(content_copy: Path, tmp_path: Path):
    """A page whose bytes stay the same gets a new ETag once another version is published,
    so a cache that revalidates takes the new version's page."""
    client = worker(content_copy, tmp_path / "state")
    page = "/nl/toegankelijkheid"
    before = client.get(page)
    edit_phone(content_copy)  # not on this page
    client.get(SSP)  # the publisher takes the change
    after = client.get(page)
    assert after.headers["X-Content-Version"] != before.headers["X-Content-Version"]
    assert after.get_data() == before.get_data()
    assert after.headers["ETag"] != before.headers["ETag"]
    again = client.get(page, headers={"If-None-Match": before.headers["ETag"]})
    assert again.status_code == 200


# --- gunicorn with several workers, and the nginx front ------------------------------------------


def _get(port: int, path: str) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def assert_goes_live_once(get, within: float = 20) -> None:
    """Ask for the page until 20 answers in a row have the new number: it must come, and
    once it came no answer may have the old one again."""
    deadline, seen = time.monotonic() + within, []
    while time.monotonic() < deadline and seen[-20:] != [NEW_PHONE] * 20:
        status, _, body = get()
        assert status == 200
        seen.append(NEW_PHONE if NEW_PHONE in body else OLD_PHONE)
        time.sleep(0.02)
    assert NEW_PHONE in seen, "the edit never went live"
    first_new = seen.index(NEW_PHONE)
    assert set(seen[first_new:]) == {NEW_PHONE}, "a page alternated between versions"


def _serve(scratch: Path, content: Path, state: Path, workers: int = 5) -> servers.App:
    """gunicorn on the real clock (nginx reads the expiry times the app writes)."""
    env = {"ROUTEKAART_CONTENT_STATE_DIR": str(state)}
    return servers.start_app(
        scratch, content=content, env=env, workers=workers, real_clock=True, behind_front=True
    )


@pytest.mark.nginx
def test_five_gunicorn_workers_agree_through_an_invalid_edit_and_a_restart(scratch: Path):
    content, state = scratch / "content", scratch / "state"
    shutil.copytree(servers.ROOT / "content", content)
    app = _serve(scratch, content, state)
    try:
        time.sleep(1.5)  # idle: no worker has looked at the files for a while
        edit_phone(content)
        assert_goes_live_once(lambda: _get(app.port, SSP))
        break_file(content)
        time.sleep(1.5)
        answers = {_get(app.port, SSP)[1]["X-Content-Version"] for _ in range(30)}
        assert len(answers) == 1
    finally:
        servers.stop(app.process)
    restarted = _serve(scratch, content, state)
    try:
        status, headers, body = _get(restarted.port, SSP)
        assert status == 200 and NEW_PHONE in body
        assert headers["X-Content-Version"] in answers
    finally:
        servers.stop(restarted.process)


@pytest.mark.nginx
def test_through_nginx_a_change_reaches_every_visitor_and_browsers_revalidate(scratch: Path):
    content, state = scratch / "content", scratch / "state"
    shutil.copytree(servers.ROOT / "content", content)
    app = _serve(scratch, content, state, workers=3)
    front = servers.start_front(app.port)
    context = ssl.create_default_context(cafile=str(front.cert))

    def get(path: str, headers: dict[str, str] | None = None):
        conn = http.client.HTTPSConnection("127.0.0.1", front.https_port, context=context)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            conn.close()

    try:
        status, headers, body = get(SSP)
        assert status == 200 and OLD_PHONE in body, app.log.read_text()[-6000:]
        # Browsers keep the page but ask again each time; nginx answers that from its cache.
        assert headers["Cache-Control"] == "no-cache"
        again = get(SSP, {"If-None-Match": headers["ETag"]})
        assert again[0] == 304
        assert get(SSP)[1]["X-Cache"] in ("HIT", "REVALIDATED")
        edit_phone(content)
        assert_goes_live_once(lambda: get(SSP))
        # A phone that kept the old page revalidates and gets the new number.
        revalidated = get(SSP, {"If-None-Match": headers["ETag"]})
        assert revalidated[0] == 200 and NEW_PHONE in revalidated[2]
        # Pages nobody may keep stay no-store for browsers too.
        assert get(SSP + "?at=2027-01-04T10:00")[1]["Cache-Control"] == "no-store"
        assert re.fullmatch(r"[0-9a-f]{20}", get("/nl/")[1]["X-Content-Version"])
    finally:
        servers.stop(front.process)
        shutil.rmtree(front.prefix, ignore_errors=True)
        servers.stop(app.process)
