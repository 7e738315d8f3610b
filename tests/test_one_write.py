"""gunicorn's responses leave in one write (routekaart.ops.server.OneWriteResponse).

A server killed between the head and the body would hand nginx a head without its page, which
nginx cannot take back or ask the other server for (tests/test_two_servers.py kills one under
load). Here gunicorn's own parser reads a real request from a socket pair, and the response is
written to the other end: the test counts the writes and compares the bytes with what
gunicorn's stock response sends.
"""

from __future__ import annotations

import re
import socket

import pytest
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser

from routekaart.ops import server

PAGE = b"<!doctype html><title>x</title>" + "é".encode() * 5000


class Counted:
    """A real socket whose sendall calls are counted."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.writes: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.writes.append(bytes(data))
        self.sock.sendall(data)

    def __getattr__(self, name):
        return getattr(self.sock, name)


def answer(response_class, raw: bytes, status: str, headers: list, body: list[bytes]):
    """Answer the request ``raw`` with gunicorn's response machinery: the writes, and the bytes
    the client reads."""
    client, app_side = socket.socketpair()
    with client, app_side:
        client.sendall(raw)
        cfg = Config()
        request = next(iter(RequestParser(cfg, app_side, ("127.0.0.1", 1))))
        counted = Counted(app_side)
        response, _ = wsgi.create(
            request, counted, ("127.0.0.1", 1), ("127.0.0.1", 2), cfg, response_class
        )
        response.force_close()
        response.start_response(status, headers)
        for part in body:
            response.write(part)
        response.close()
        app_side.shutdown(socket.SHUT_WR)
        read = b""
        while chunk := client.recv(65536):
            read += chunk
    return counted.writes, re.sub(rb"Date: [^\r]*", b"Date: -", read)


GET = b"GET /nl/direct HTTP/1.1\r\nHost: x\r\n\r\n"
CASES = {
    "a page with its length": (GET, "200 OK", [("Content-Length", str(len(PAGE)))], [PAGE]),
    "a page in two parts": (
        GET,
        "200 OK",
        [("Content-Length", str(len(PAGE) + 3))],
        [PAGE, b"end"],
    ),
    "a page without a length (chunked)": (GET, "200 OK", [], [PAGE, b"end"]),
    "a HEAD request": (
        b"HEAD /nl/direct HTTP/1.1\r\nHost: x\r\n\r\n",
        "200 OK",
        [("Content-Length", str(len(PAGE)))],
        [PAGE],
    ),
    "a 304": (GET, "304 Not Modified", [("ETag", '"v"')], [b""]),
    "no body parts at all": (GET, "204 No Content", [], []),
}


@pytest.mark.parametrize("case", CASES)
def test_the_client_reads_exactly_what_gunicorn_itself_sends(case):
    ours = answer(server.OneWriteResponse, *CASES[case])[1]
    stock = answer(wsgi.Response, *CASES[case])[1]
    assert ours == stock
    assert ours.startswith(b"HTTP/1.1 ")


@pytest.mark.parametrize(
    "case", ["a page with its length", "a page in two parts", "a page without a length (chunked)"]
)
def test_the_head_leaves_with_the_first_body_bytes(case):
    writes, read = answer(server.OneWriteResponse, *CASES[case])
    head, _, body = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert PAGE in body  # the whole first part, in the same write as the head
    stock_writes = answer(wsgi.Response, *CASES[case])[0]
    assert len(writes) == len(stock_writes) - 1


def test_a_page_of_one_part_is_one_write():
    writes, read = answer(server.OneWriteResponse, *CASES["a page with its length"])
    assert len(writes) == 1
    assert writes[0] == read.replace(b"Date: -", re.search(rb"Date: [^\r]*", writes[0])[0])


def test_serve_runs_the_worker_that_writes_once():
    assert server.options("127.0.0.1:5000")["worker_class"] == "routekaart.ops.server.Worker"
    assert issubclass(server.Worker, server.SyncWorker)
