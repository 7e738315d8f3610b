"""Issue 24, item 4: odd input gets a clear answer in the page's language, never a 500.

Deeply nested JSON, periods at the end of the calendar, a body far too large, and every
endpoint with every query parameter at its extremes (property tests over the app's own URL
map, so a new endpoint is fuzzed without anyone adding it here). ``bench/fuzz.py`` sends the
same kind of requests, and more of them, to a real gunicorn.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routekaart import create_app

LANGS = ("nl", "en", "ar")
TOO_LARGE_HEADING = {
    "nl": "Uw tekst is te lang",
    "en": "Your text is too long",
    "ar": "نصّك طويل جدًا",
}
NOT_UNDERSTOOD = {
    "nl": "We begrijpen dit webadres niet",
    "en": "We couldn’t understand this web address",
}


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


def heading(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, html[:300]
    return re.sub(r"\s+", " ", found.group(1)).strip()


def html_lang(html: str) -> str:
    found = re.search(r'<html[^>]* lang="([a-z]+)"', html)
    assert found
    return found.group(1)


# --- nested JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # Within the 16 KB a body may have, far deeper than Python's recursion limit.
        "[" * 8_000 + "]" * 8_000,
        '{"text": ' + "[" * 7_000 + "]" * 7_000 + ', "lang": "nl"}',
        '{"text": "a", "lang": ' + '{"a":' * 2_500 + "1" + "}" * 2_500 + "}",
    ],
    ids=["array", "in-text", "in-lang"],
)
def test_deeply_nested_json_gets_a_json_400(client, body: str):
    response = client.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.is_json
    assert response.json["status"] == 400 and "JSON" in response.json["error"]


def test_an_unexpected_error_under_the_api_is_json(client, monkeypatch):
    """Whatever goes wrong under /api/, the answer is JSON, never an HTML page."""
    from routekaart.opendata import api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "match_document", broken)
    response = client.post("/api/v1/match", json={"text": "huur", "lang": "nl"})
    assert response.status_code == 500 and response.is_json
    assert response.json == {"error": "Internal Server Error", "status": 500}


# --- periods at the end of the calendar ----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["gebruik", "gebruik.csv"])
@pytest.mark.parametrize(
    "query",
    [
        "periode=9999-W52",
        "periode=9999-W01",
        "per=maand&periode=9999-12",
        "per=maand&periode=9999-11",
        "per=maand&periode=0001-01",
        "periode=0001-W01",
        "periode=0000-W01",
        "per=maand&periode=2027-13",
        "per=maand&periode=-001-01",
        "periode=2027-W53",
    ],
)
def test_a_period_at_the_end_of_the_calendar_gets_a_clear_page(client, lang, page, query):
    response = client.get(f"/{lang}/monitor/gebruik{'' if page == 'gebruik' else '.csv'}?{query}")
    assert response.status_code in (400, 404), response.status_code
    assert response.mimetype == "text/html"
    assert html_lang(response.text) == lang
    if lang in NOT_UNDERSTOOD and response.status_code == 400:
        assert heading(response.text) == NOT_UNDERSTOOD[lang]


@pytest.mark.parametrize("query", ["periode=1900-W01", "per=maand&periode=9998-12"])
def test_the_first_and_last_periods_that_exist_still_have_a_page(client, query):
    # Week and "per" addresses lead to their month (the figures are per month only).
    for page in ("gebruik", "gebruik.csv"):
        answer = client.get(f"/nl/monitor/{page}?{query}", follow_redirects=True)
        assert answer.status_code == 200


# --- a body far too large ------------------------------------------------------------------

TEN_MB = b"tekst=" + b"a" * (10 * 1024 * 1024)


@pytest.mark.parametrize("lang", LANGS)
def test_a_body_far_too_large_gets_413_with_its_own_heading(client, lang):
    for url in (f"/{lang}/", f"/{lang}/partners"):
        response = client.post(url, data=TEN_MB, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413, url
        assert heading(response.text) == TOO_LARGE_HEADING[lang]
        assert html_lang(response.text) == lang
    nginx = client.get(f"/_te-groot/{lang}")
    assert nginx.status_code == 413 and heading(nginx.text) == TOO_LARGE_HEADING[lang]


def test_a_body_far_too_large_for_the_api_gets_a_json_413(client):
    response = client.post(
        "/api/v1/match",
        data=b"{" + b" " * (10 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413 and response.is_json
    assert response.json["status"] == 413


# --- every endpoint, every parameter at its extremes ---------------------------------------

# Every query parameter the site reads (grep "request.args" in routekaart/), and the API's.
PARAMETERS = (
    "at", "q", "taal", "size", "doel", "bron", "status", "path", "editie", "per", "periode",
    "v", "lang", "page", "per_page",
)  # fmt: skip

EXTREMES = st.sampled_from(
    [
        "", "0", "-1", "1", "-0", "00", "9" * 40, "-" + "9" * 40, "1e999", "nan", "inf",
        "9999-12-31T23:59", "0001-01-01T00:00", "9999-W52", "9999-W53", "9999-12", "0001-01",
        "0000-00", "2027-02-30T25:61", "9999-12-31", "week", "maand", "A3", "A4", "a0",
        "nl", "ar", "xx", "..", "../..", "/", "//evil.example", "%00", "\x00",
        "é" * 200, "x" * 201, "<script>", "' OR 1=1", "{{7*7}}", "%s%n", "\u202e", " ",
    ]
)  # fmt: skip
VALUES = EXTREMES | st.text(st.characters(codec="utf-8"), max_size=30) | st.integers().map(str)


def endpoints(app) -> list[tuple[str, str]]:
    """Every rule of the app as (method, an example address), its variables filled in."""
    fill = {
        "lang": "nl",
        "path": "direct",
        "theme_id": "financiele-zelfredzaamheid",
        "org_id": "kredietbank",
        "record_id": "kredietbank",
        "filename": "app.css",
    }
    found = []
    for rule in app.url_map.iter_rules():
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<[^>]*\b{name}>", fill[name], url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return sorted(found)


APP = create_app({"TESTING": True})
ENDPOINTS = endpoints(APP)


def test_the_fuzzing_knows_every_endpoint():
    assert ("POST", "/api/v1/match") in ENDPOINTS and ("POST", "/nl/") in ENDPOINTS
    assert len(ENDPOINTS) >= 30


def assert_answered(response, url: str) -> None:
    assert response.status_code < 500 or response.status_code == 503, (url, response.status_code)
    if url.startswith("/api/") and response.status_code >= 400:
        assert response.is_json, url


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    query=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4),
    lang=st.sampled_from(LANGS),
)
def test_every_endpoint_with_every_parameter_at_its_extremes(endpoint, query, lang):
    method, url = endpoint
    url = url.replace("/nl/", f"/{lang}/", 1) if url.startswith("/nl/") else url
    client = APP.test_client()
    response = client.open(url, method=method, query_string=query)
    assert_answered(response, url)
    assert response.status_code != 503, (url, query)


BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
    st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 20_000).map(lambda n: b'{"text":' * n + b'"a"' + b"}" * n),
    st.sampled_from(
        [b"tekst=" + b"%ff" * 100, b"tekst=%", b"tekst=" + b"a" * 20_000, b"a=1&" * 5000]
    ),
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        "text/plain",
        "application/json; charset=latin-1",
        "",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    endpoint=st.sampled_from([e for e in ENDPOINTS if e[0] == "POST"]),
    body=BODIES,
    content_type=CONTENT_TYPES,
)
def test_every_endpoint_with_a_body_takes_any_body(endpoint, body, content_type):
    _, url = endpoint
    response = APP.test_client().post(url, data=body, content_type=content_type or None)
    assert_answered(response, url)
    assert response.status_code != 503, url


# --- straight at gunicorn -----------------------------------------------------------------


def test_a_10_mb_post_straight_at_gunicorn_gets_the_413_page_not_a_broken_pipe(tmp_path):
    """gunicorn answers and closes; with the body unread the kernel resets the connection and
    the client sees "broken pipe" (seen before this fix). The app reads the body away first."""
    import http.client

    import servers

    app = servers.start_app(tmp_path, workers=1)
    try:
        for url, lang in (("/nl/", "nl"), ("/ar/partners", "ar"), ("/api/v1/match", None)):
            connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
            connection.request(
                "POST", url, body=TEN_MB, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            body = response.read().decode()
            connection.close()
            assert response.status == 413, url
            if lang:
                assert heading(body) == TOO_LARGE_HEADING[lang]
            else:
                assert json.loads(body)["status"] == 413
    finally:
        servers.stop(app.process)


def test_a_body_far_too_large_is_413_whatever_else_is_wrong(client):
    """The body is refused (and read away) before anything else is looked at: a query that is
    too long or a bad ``?at=`` would otherwise answer first and leave the body unread."""
    for query in ("at=9999-W53", "q=" + "x" * 2100):
        response = client.post(f"/nl/qr.svg?{query}", data=TEN_MB)
        assert response.status_code == 413, query
        assert heading(response.text) == TOO_LARGE_HEADING["nl"]


def test_chunked_bodies_straight_at_gunicorn_small_read_large_refused(tmp_path):
    """Without a Content-Length (Transfer-Encoding: chunked) the size is known only while
    reading: a small body still reaches the view, a 10 MB one gets the 413 page (before this
    fix: a broken pipe on every address)."""
    import http.client

    import servers

    def chunks(count: int, size: int):
        for _ in range(count):
            yield b"a" * size

    def post(port: int, url: str, body, content_type: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST", url, body=body, encode_chunked=True,
            headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
        )  # fmt: skip
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        return response.status, text

    app = servers.start_app(tmp_path, workers=1)
    try:
        small = iter([b'{"text": "de deurwaarder ', b'stond voor de deur", "lang": "nl"}'])
        status, text = post(app.port, "/api/v1/match", small, "application/json")
        assert status == 200 and json.loads(text)["matches"], text
        for url, lang in (("/nl/", "nl"), ("/en/partners", "en"), ("/api/v1/match", None)):
            status, text = post(app.port, url, chunks(160, 65536), "text/plain")
            assert status == 413, url
            if lang:
                assert heading(text) == TOO_LARGE_HEADING[lang]
    finally:
        servers.stop(app.process)
