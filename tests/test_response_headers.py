"""The site's response class sends its own headers instead of a copy (web/application.py):
what goes out must be exactly what werkzeug's copying way sends."""

from __future__ import annotations

import pytest
from flask import Response as FlaskResponse

from routekaart.web.application import Response

ENVIRON = {
    "wsgi.url_scheme": "http",
    "SERVER_NAME": "127.0.0.1",
    "SERVER_PORT": "5000",
    "HTTP_HOST": "127.0.0.1:5000",
    "PATH_INFO": "/nl/",
    "SCRIPT_NAME": "",
    "QUERY_STRING": "",
    "REQUEST_METHOD": "GET",
}


def _cases():
    yield "page", {"response": b"<p>hallo</p>", "headers": [("Vary", "Accept-Encoding")]}
    yield "text", {"response": "Één ding", "headers": []}
    yield "own length", {"response": b"abc", "headers": [("Content-Length", "3")]}
    yield "content-location", {"response": b"x", "headers": [("Content-Location", "/nl/één")]}
    yield "location", {"response": b"x", "headers": [("Location", "/nl/")]}
    yield "redirect", {"response": b"", "status": 302, "headers": [("Location", "/nl/")]}
    yield "no content", {"response": b"", "status": 204, "headers": [("Content-Length", "0")]}
    yield (
        "not modified",
        {"response": b"", "status": 304, "headers": [("Content-Type", "text/html")]},
    )
    yield "streamed", {"response": (part for part in (b"a", b"b")), "headers": []}


@pytest.mark.parametrize("name", [name for name, _ in _cases()])
def test_headers_sent_are_werkzeugs(name):
    ours = Response(**dict(_cases())[name]).get_wsgi_headers(dict(ENVIRON))
    theirs = FlaskResponse(**dict(_cases())[name]).get_wsgi_headers(dict(ENVIRON))
    assert sorted(ours.to_wsgi_list()) == sorted(theirs.to_wsgi_list())


def test_a_page_keeps_its_own_headers_and_gets_its_length():
    response = Response(b"<p>hallo</p>", headers=[("Vary", "Accept-Encoding")])
    sent = response.get_wsgi_headers(dict(ENVIRON))
    assert sent is response.headers  # no copy: the response is made for one request
    assert sent["Content-Length"] == "12"


def test_the_app_sends_it(client):
    page = client.get("/nl/direct/huis-uit")
    assert page.status_code == 200
    assert int(page.headers["Content-Length"]) == len(page.data)
    assert client.application.response_class is Response
