"""The documented front (deploy/nginx/) in front of gunicorn, as Debian's nginx runs it.

Each test talks to a private nginx started with this repository's configuration (rendered into
a temporary prefix by tests/servers.py: ports, paths and a throw-away certificate) in front of
gunicorn serving the app. They need Debian's nginx, openssl and faketime: skipped without
them, and failing on CI, where a silent skip would hide that the front was never tested.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import servers
from catalogs import msgstr

from routekaart import create_app
from routekaart.web.assets import HTMX_VERSION
from routekaart.web.security import HEADERS

pytestmark = pytest.mark.nginx

ON_CI = os.environ.get("CI", "").lower() in ("true", "1")
MISSING = [tool for tool in ("openssl", "faketime") if not shutil.which(tool)]
if not os.path.exists(servers.NGINX):
    MISSING.append("nginx")
if MISSING:
    message = f"{', '.join(MISSING)} not installed (apt-get install nginx-light faketime)"
    if ON_CI:
        raise RuntimeError(message)
    pytest.skip(message, allow_module_level=True)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HSTS = "max-age=63072000; includeSubDomains"
SECURITY = {**HEADERS, "Strict-Transport-Security": HSTS}


@dataclass
class Answer:
    """What came back: status, every header (repeats kept) and the body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of a header that occurs at most once."""
        values = self.all(name)
        assert len(values) <= 1, (name, values)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        """Every value of a header."""
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def text(self) -> str:
        """The body as text (gzip is only asked for where a test says so)."""
        return self.body.decode("utf-8", "replace")

    @property
    def words(self) -> str:
        """The text a reader sees: tags out, white space collapsed."""
        return " ".join(re.sub(r"<[^>]+>", " ", self.text).split())


def fetch(front: servers.Front, path: str, *, tls: bool = True, method: str = "GET",
          headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:  # fmt: skip
    """One request to the front, over TLS (checking its certificate) or plain HTTP."""
    if tls:
        context = ssl.create_default_context(cafile=str(front.cert))
        conn = http.client.HTTPSConnection("127.0.0.1", front.https_port, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", front.http_port)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    finally:
        conn.close()


def raw(port: int, data: bytes) -> bytes:
    """Send raw bytes (a request no client library would send) and read what comes back
    within a second; the connection is closed after that, finished or not."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


@pytest.fixture(scope="module")
def folder():
    """A scratch folder for the servers of this module, readable by nginx's workers."""
    path = Path(tempfile.mkdtemp(prefix="routekaart-front-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def app_server(folder):
    """gunicorn with the app on the bundled content, at the tests' fixed moment."""
    app = servers.start_app(folder, behind_front=True)
    yield app
    servers.stop(app.process)


@pytest.fixture(scope="module")
def front(app_server):
    """nginx with deploy/nginx/ in front of ``app_server``."""
    started = servers.start_front(app_server.port)
    yield started
    servers.stop(started.process)
    shutil.rmtree(started.prefix, ignore_errors=True)


@pytest.fixture
def fresh_front(app_server):
    """A front of its own (empty cache, fresh request limits) before the same app."""
    started = servers.start_front(app_server.port)
    yield started
    servers.stop(started.process)
    shutil.rmtree(started.prefix, ignore_errors=True)


HTMX = {"HX-Request": "true", "HX-Target": "current", "HX-Current-URL": "https://x/nl/"}


def assert_security_headers(answer: Answer, kind: str = "") -> None:
    """Every security header of the app, exactly once and with the app's value."""
    for name, value in SECURITY.items():
        assert answer.all(name) == [value], (kind, name, answer.status, answer.all(name))


# --- TLS and the redirect ----------------------------------------------------------------------


def test_the_site_answers_over_https(front):
    answer = fetch(front, "/nl/")
    assert answer.status == 200
    assert '<html lang="nl"' in answer.text


def test_plain_http_redirects_to_https_on_the_configured_name(front):
    answer = fetch(front, "/nl/partners?q=schuld", tls=False, headers={"Host": "evil.example"})
    assert answer.status == 301
    assert answer.header("Location") == "https://routekaart.example.org/nl/partners?q=schuld"


def test_the_apps_hsts_is_the_fronts_hsts(client):
    """One value: what the app sends behind TLS is what nginx sends."""
    response = client.get("/nl/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == HSTS


# --- headers on every kind of response -----------------------------------------------------------


def kinds_of_response(front: servers.Front) -> dict[str, Answer]:
    """One response of every kind the front gives, by who made it."""
    with create_app({"TESTING": True}).test_request_context("/nl/"):
        from flask import render_template_string

        css = render_template_string("{{ asset_url('app.css') }}")
    return {
        "page": fetch(front, "/nl/"),
        "page from nginx's cache": fetch(front, "/nl/"),
        "fragment": fetch(front, "/nl/direct", headers=HTMX),
        "API": fetch(front, "/api/v1/organisations"),
        "static file": fetch(front, css),
        "htmx": fetch(front, f"/static/vendor/htmx-{HTMX_VERSION}.min.js"),
        "app's 404": fetch(front, "/nl/bestaat-niet"),
        "missing static file": fetch(front, "/static/bestaat-niet.css"),
        "redirect": fetch(front, "/nl/", tls=False),
        "nginx's 413": fetch(front, "/nl/", method="POST", body=b"x" * 40_000),
        "nginx's 414": fetch(front, "/nl/?q=" + "x" * 9000),
    }


def test_every_security_header_arrives_once_on_every_kind_of_response(front):
    answers = kinds_of_response(front)
    statuses = {kind: answer.status for kind, answer in answers.items()}
    assert statuses == {
        "page": 200,
        "page from nginx's cache": 200,
        "fragment": 200,
        "API": 200,
        "static file": 200,
        "htmx": 200,
        "app's 404": 404,
        "missing static file": 404,
        "redirect": 301,
        "nginx's 413": 413,
        "nginx's 414": 414,
    }
    assert answers["page from nginx's cache"].header("X-Cache") == "HIT"
    for kind, answer in answers.items():
        assert_security_headers(answer, kind)


def test_an_app_that_sends_its_own_security_headers_still_gives_each_once(folder):
    """Started without the deploy's FRONT_SENDS_SECURITY_HEADERS: nginx hides the app's copies."""
    app = servers.start_app(folder, workers=1)
    started = servers.start_front(app.port)
    try:
        assert fetch(started, "/nl/direct/huis-uit").header("X-Cache") == "MISS"
        answers = {
            "page": fetch(started, "/nl/direct/huis-uit"),
            "fragment": fetch(started, "/nl/direct", headers=HTMX),
            "app's 404": fetch(started, "/nl/bestaat-niet"),
        }
        assert answers["page"].header("X-Cache") == "HIT"
        for kind, answer in answers.items():
            assert_security_headers(answer, kind)
    finally:
        servers.stop(started.process)
        servers.stop(app.process)
        shutil.rmtree(started.prefix, ignore_errors=True)


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "lang", "msgid"),
    [
        (
            "POST",
            "/en/",
            b"x" * 40_000,
            413,
            "en",
            "Your text is too long: write it in a few sentences.",
        ),
        # nginx stops reading at a request line that long: no address, no Accept-Language
        # either, so the page is in Dutch, the site's default (its language switch works).
        ("GET", "/en/?q=" + "x" * 9000, None, 414, "nl", "Part of this web address is far too"),
    ],
)
def test_what_nginx_refuses_gets_the_apps_friendly_page(front, method, path, body, status,
                                                        lang, msgid):  # fmt: skip
    """Never nginx's own English error page: the app's, in the language of the address."""
    text = msgstr(lang, msgid + (" long. Go back, or start again below." if "far" in msgid else ""))
    answer = fetch(front, path, method=method, body=body, headers={"Accept-Language": lang})
    assert answer.status == status
    assert f'<html lang="{lang}"' in answer.text
    assert text in answer.text
    assert "nginx" not in answer.text


@pytest.mark.parametrize("length", [3000, 5000, 8000])
def test_a_long_address_that_nginx_reads_gets_the_apps_friendly_400(front, length):
    """Up to nginx's 8 KB the app answers (its "too long" page), never a 500 from the cache."""
    answer = fetch(front, "/en/partners?q=" + "x" * length)
    assert answer.status == 400
    assert "Part of this web address is far too long" in answer.text


def test_an_api_client_gets_json_for_too_large_a_body(front):
    answer = fetch(front, "/api/v1/match", method="POST", body=b"x" * 40_000)
    assert answer.status == 413
    assert answer.header("Content-Type") == "application/json"


def test_the_429_page_carries_every_security_header(fresh_front):
    answer = next(a for a in burst(fresh_front, "/nl/partners?q=schuld") if a.status == 429)
    assert_security_headers(answer)


# --- the page cache ------------------------------------------------------------------------------


def test_a_repeated_page_is_a_cache_hit(fresh_front):
    first = fetch(fresh_front, "/nl/direct/huis-uit")
    second = fetch(fresh_front, "/nl/direct/huis-uit")
    assert (first.header("X-Cache"), second.header("X-Cache")) == ("MISS", "HIT")
    assert first.body == second.body
    # Browsers revalidate every time (a 304 from this cache): never an old number (#22).
    assert second.header("Cache-Control") == "no-cache"


@pytest.mark.parametrize("first", ["fragment", "page"])
def test_a_fragment_and_the_full_page_never_share_a_cache_entry(fresh_front, first):
    """Whichever is asked first, a page request gets a page and htmx its fragment."""
    path = "/nl/binnenkort"
    order = ["fragment", "page"] if first == "fragment" else ["page", "fragment"]
    seen = {}
    for _ in range(2):  # the second round comes from the cache
        for kind in order:
            answer = fetch(fresh_front, path, headers=HTMX if kind == "fragment" else {})
            assert answer.status == 200
            seen.setdefault(kind, []).append(answer)
    for answer in seen["page"]:
        assert answer.text.startswith("<!doctype html>"), answer.text[:80]
    for answer in seen["fragment"]:
        assert "<html" not in answer.text and "<!doctype" not in answer.text
        assert 'class="turn answered"' in answer.text  # the new turn, to swap into the page
    assert [a.header("X-Cache") for a in seen["page"] + seen["fragment"]][1::2] == ["HIT", "HIT"]
    # A history restore asks for the full page with HX-Request set: never the fragment.
    restore = fetch(fresh_front, path, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert restore.text.startswith("<!doctype html>")


def test_a_gzip_page_and_a_plain_page_never_share_a_cache_entry(fresh_front):
    plain = fetch(fresh_front, "/en/")
    zipped = fetch(fresh_front, "/en/", headers={"Accept-Encoding": "gzip"})
    plain_again = fetch(fresh_front, "/en/")
    assert zipped.header("Content-Encoding") == "gzip"
    assert plain.header("Content-Encoding") is None
    assert plain_again.header("Content-Encoding") is None
    assert plain_again.body == plain.body


def test_if_none_match_gets_a_304_through_the_front(fresh_front):
    first = fetch(fresh_front, "/nl/direct")
    etag = first.header("ETag")
    assert etag and not etag.startswith("W/")
    again = fetch(fresh_front, "/nl/direct", headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""
    assert again.header("ETag") == etag
    other = fetch(fresh_front, "/nl/direct", headers={"If-None-Match": '"something-else"'})
    assert other.status == 200 and other.body == first.body


def test_previews_and_errors_are_never_cached(fresh_front):
    for path in ("/nl/?at=2027-01-04T10:00", "/nl/bestaat-niet"):
        answers = [fetch(fresh_front, path) for _ in range(2)]
        assert [a.header("X-Cache") for a in answers] == ["MISS", "MISS"], path
        assert answers[1].header("Cache-Control") == "no-store", path


def test_a_suggestion_chosen_is_never_kept_by_the_front(fresh_front):
    """Issue 25: a page opened from a suggestion of the text box (``?gekozen=2``) is private,
    so every choice reaches the app, which counts it; the same page at its clean address is
    kept as ever. Behind the front the browser is told "no-cache" for both."""
    marked = [fetch(fresh_front, "/nl/direct/huis-uit?gekozen=2") for _ in range(2)]
    assert [a.status for a in marked] == [200, 200]
    assert [a.header("X-Cache") for a in marked] == ["MISS", "MISS"]
    clean = [fetch(fresh_front, "/nl/direct/huis-uit") for _ in range(2)]
    assert [a.header("X-Cache") for a in clean] == ["MISS", "HIT"]
    assert clean[1].body == marked[1].body


# --- static files --------------------------------------------------------------------------------


def test_nginx_serves_static_files_and_htmx_itself_with_long_caching(front):
    from routekaart.web.assets import HTMX_DIR

    with create_app({"TESTING": True}).test_request_context("/nl/"):
        from flask import render_template_string

        css = render_template_string("{{ asset_url('app.css') }}")
        htmx = render_template_string("{{ asset_url('htmx.js') }}")
    year = "public, max-age=31536000, immutable"
    answer = fetch(front, css)
    assert answer.body == (servers.ROOT / "static" / "app.css").read_bytes()
    assert answer.header("Cache-Control") == year
    zipped = fetch(front, css, headers={"Accept-Encoding": "gzip"})
    assert zipped.header("Content-Encoding") == "gzip"
    answer = fetch(front, htmx)
    assert answer.body == (HTMX_DIR / "htmx.min.js").read_bytes()
    assert answer.header("Cache-Control") == year
    zipped = fetch(front, htmx, headers={"Accept-Encoding": "gzip"})
    assert zipped.body == (HTMX_DIR / "htmx.min.js.gz").read_bytes()  # the package's own .gz
    # Served from disk: the access log shows no answer from the app for either.
    log = (front.prefix / "access.log").read_text().splitlines()
    for path in (css.split("?")[0], htmx):
        lines = [line for line in log if f" {path} " in line]
        assert lines and all(line.endswith("upstream=-") for line in lines), (path, lines)


# --- request limits and the 429 page -------------------------------------------------------


def burst(front: servers.Front, path: str, n: int = 60, **kwargs) -> list[Answer]:
    """``n`` requests from one client: the first alone, then the rest 16 at a time (one after
    the other, a busy test machine could send them slower than nginx's limit refills)."""
    first = fetch(front, path, **kwargs)
    with ThreadPoolExecutor(16) as pool:
        rest = list(pool.map(lambda _: fetch(front, path, **kwargs), range(n - 1)))
    return [first, *rest]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/nl/partners?q=schuld", "<h1>Even te druk</h1>"),
        ("/ar/partners?q=schuld", "<h1>مزدحم قليلاً الآن</h1>"),
        ("/en/poster", "<h1>Too busy for a moment</h1>"),
    ],
)
def test_a_burst_gets_the_friendly_429_page_in_the_language_of_the_address(
    fresh_front, path, expected
):
    answers = burst(fresh_front, path)
    statuses = [a.status for a in answers]
    assert statuses[0] == 200 and 429 in statuses
    refused = [a for a in answers if a.status == 429]
    for answer in refused:
        assert expected in answer.text
        assert answer.header("Retry-After") == "10"
        assert answer.header("Cache-Control") == "no-store"
    # The route steps stay open to the same visitor meanwhile.
    assert fetch(fresh_front, "/nl/direct").status == 200


def test_a_burst_on_the_api_gets_a_json_429(fresh_front):
    body = b'{"text": "deurwaarder", "lang": "nl"}'
    answers = burst(
        fresh_front,
        "/api/v1/match",
        n=80,
        method="POST",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    refused = [a for a in answers if a.status == 429]
    assert refused and answers[0].status == 200
    assert refused[-1].header("Content-Type") == "application/json"
    assert b'"status":429' in refused[-1].body.replace(b" ", b"")


# --- logs ---------------------------------------------------------------------------------------

SECRET = "geheimwoord"
IP_ADDRESS = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|\[?[0-9a-f]*::[0-9a-f:]*\]?")


def send_secrets(front: servers.Front) -> None:
    """Requests whose query text must never be written down, some of them refused or bad."""
    fetch(front, f"/nl/partners?q={SECRET}")
    fetch(front, f"/api/v1/organisations?q={SECRET}")
    fetch(front, f"/nl/?q={SECRET}" + "x" * 9000)  # 414 from nginx
    fetch(front, f"/nl/?q={SECRET}" + "x" * 8000)  # just under nginx's limit: reaches the app
    fetch(front, f"/nl/?{SECRET}=1", method="POST", body=b"x" * 40_000)  # 413
    fetch(front, f"/nl/?q={SECRET}", headers={"X-Forwarded-For": "10.9.8.7"})
    for _ in range(40):
        fetch(front, f"/en/partners?q={SECRET}")  # 429s
    raw(front.http_port, f"GET /nl/?q={SECRET} HTTP/1.1 nonsense\r\n\r\n".encode())  # 400
    raw(front.http_port, f"GET /nl/?q={SECRET}\x00 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    raw(front.https_port, f"GET /nl/?q={SECRET} HTTP/1.1\r\n\r\n".encode())  # not TLS at all
    raw(front.http_port, f"GET /nl/?q={SECRET} HTTP/1.1\r\nHost: x\r\nContent-Le".encode())


def test_no_log_holds_an_address_or_query_text(fresh_front, app_server):
    send_secrets(fresh_front)
    time.sleep(0.3)  # nginx writes its logs as requests end
    access = (fresh_front.prefix / "access.log").read_text()
    assert " GET /en/partners 429 " in access  # the log is written, without the query
    assert " GET /nl/partners 200 " in access
    for log in fresh_front.logs:
        text = log.read_text() if log.exists() else ""
        assert SECRET not in text, log
        assert not IP_ADDRESS.search(text), (log, IP_ADDRESS.search(text))
    app_log = app_server.log.read_text()
    assert SECRET not in app_log
    assert "10.9.8.7" not in app_log


def test_the_error_log_level_is_what_keeps_addresses_out(app_server, tmp_path):
    """The same requests with nginx's usual error level write addresses and queries: the
    test above can fail, and the level in deploy/nginx/nginx.conf is what prevents it."""
    prefix = Path(tempfile.mkdtemp(prefix="routekaart-nginx-"))
    try:
        front = servers.start_front(
            app_server.port, prefix, extra=[("/error.log emerg;", "/error.log info;", 1)]
        )
        try:
            send_secrets(front)
            time.sleep(0.3)
        finally:
            servers.stop(front.process)
        error_log = (prefix / "error.log").read_text()
        assert "client: 127.0.0.1" in error_log
        assert SECRET in error_log
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


# --- nothing stale survives a closing time -----------------------------------------------------


def warm_up(app: servers.App, n: int = 6) -> None:
    """Ask gunicorn itself for a page until its workers have loaded the content."""
    for _ in range(n):
        conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
        try:
            conn.request("GET", "/nl/toegankelijkheid")
            conn.getresponse().read()
        finally:
            conn.close()


def test_nothing_stale_survives_a_closing_time_or_a_content_edit(folder, content_copy):
    """The Sociaal Service Punt closes at 12:00 on Mondays. gunicorn and nginx run with their
    clock a few seconds before that (faketime); its page is cached as "open now" and staff edit
    its text meanwhile. The edit reaches visitors through nginx within seconds, still "open
    now" (#22); the first request after 12:00 says when it opens next: no cache kept the page
    past the moment the app said it would change."""
    closing = datetime(2027, 1, 4, 12, 0, tzinfo=AMSTERDAM).timestamp()
    lead = 15  # seconds from the start of gunicorn to the closing time (workers boot slowly)
    offset = round(closing - time.time()) - lead
    app = servers.start_app(
        folder,
        content=content_copy,
        clock_offset=offset,
        env={"ROUTEKAART_CONTENT_SETTLE_SECONDS": "0", "ROUTEKAART_CONTENT_CHECK_SECONDS": "0"},
        behind_front=True,
    )
    front = servers.start_front(app.port, clock_offset=offset)
    path = "/nl/organisatie/sociaal-service-punt"
    old_text, new_text = "Hulp bij brieven, formulieren en regels", "Hulp bij post"
    try:
        warm_up(app)
        before = [fetch(front, path) for _ in range(2)]
        app_time = time.time() + offset
        assert app_time < closing - 1, "gunicorn started too slowly for this test"
        assert [a.header("X-Cache") for a in before] == ["MISS", "HIT"]
        for answer in before:
            assert "Nu open tot 12:00" in answer.words
            assert old_text in answer.words
        assert before[0].header("Cache-Control") == "no-cache"  # browsers always ask again
        organisations = content_copy / "organisations.yaml"
        organisations.write_text(organisations.read_text().replace(old_text, new_text))
        deadline = time.monotonic() + 8
        while new_text not in (edited := fetch(front, path)).words:
            assert time.monotonic() < deadline, "the edit did not reach nginx's visitors"
            time.sleep(0.1)
        assert time.time() + offset < closing, "the edit came too late for this test"
        assert "Nu open tot 12:00" in edited.words
        time.sleep(max(0.0, closing - (time.time() + offset)) + 0.1)
        after = fetch(front, path)
        assert after.header("X-Cache") in ("EXPIRED", "MISS")
        assert "Nu open" not in after.words
        assert "Gaat maandag 11 januari om 09:00 open" in after.words
        assert new_text in after.words and old_text not in after.words
    finally:
        servers.stop(front.process)
        servers.stop(app.process)
        shutil.rmtree(front.prefix, ignore_errors=True)


# --- when nginx answers by itself: the app's pages from disk --------------------------------------


def catalog_text(lang: str, msgid: str) -> str:
    """``msgid`` as the catalog of ``lang`` says it (the page's own words)."""
    return msgstr(lang, msgid)


@pytest.fixture(scope="module")
def front_without_app():
    """The front before an app server that is not running (both upstream entries)."""
    started = servers.start_front(servers.free_port())
    yield started
    servers.stop(started.process)
    shutil.rmtree(started.prefix, ignore_errors=True)


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_with_no_app_server_nginx_shows_the_apps_page_in_the_language_of_the_address(
    front_without_app, lang
):
    answer = fetch(front_without_app, f"/{lang}/direct/huis-uit")
    assert answer.status == 502
    assert f'<html lang="{lang}"' in answer.text
    assert ('dir="rtl"' in answer.text) == (lang == "ar")
    down = "The website is being updated. Please try again in a few minutes."
    assert catalog_text(lang, down) in answer.text
    assert "nginx" not in answer.text and "Bad Gateway" not in answer.text
    assert answer.header("Cache-Control") == "no-store"
    assert answer.header("Retry-After") == "10"
    assert_security_headers(answer)


def test_with_no_app_server_an_api_client_gets_json(front_without_app):
    answer = fetch(front_without_app, "/api/v1/organisations")
    assert answer.status == 502
    assert answer.header("Content-Type") == "application/json"
    assert b'"status": 503' in answer.body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /en/ HTTP/1.1\r\n\r\n", 400),  # no Host
        (b"GET /en/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"GET /en/ HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        (b"GET /ar/ \x00\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400),  # no address nginx reads
    ],
)
def test_a_request_nginx_cannot_read_gets_the_apps_page_not_nginxs(front, request_bytes, status):
    answer = raw(front.http_port, request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), head
    text = body.decode()
    assert "nginx" not in text
    # In the language of the address nginx read (Dutch, the site's default, without one, and
    # for an HTTP version nginx does not speak: it keeps no address of such a request).
    lang = "en" if b" /en/ " in request_bytes and status != 505 else "nl"
    assert f'<html lang="{lang}"' in text
    assert catalog_text(lang, "The web address has a mistake in it.") in text
