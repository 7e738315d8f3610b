"""``routekaart serve``: the app under gunicorn, and logs that never hold an address or a query.

Each test starts a real server process on a free port and stops it with SIGTERM, the way
systemd does. The client connects from 127.0.0.2 (any 127.x address is this machine on
Linux), so an address in the logs can only have come from the client.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import servers

from routekaart import create_app
from routekaart.ops import server

ROOT = Path(__file__).resolve().parent.parent
CLIENT = "127.0.0.2"
SECRET = "secretword"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(port: int, raw: bytes) -> bytes:
    """Send raw bytes from :data:`CLIENT` and return everything the server answers."""
    with socket.socket() as s:
        s.bind((CLIENT, 0))
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        s.sendall(raw)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def get(port: int, target: str, *headers: str) -> bytes:
    """A plain HTTP/1.1 GET of ``target`` from :data:`CLIENT`."""
    lines = [f"GET {target} HTTP/1.1", "Host: localhost", "Connection: close", *headers]
    return ask(port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def wait_until_serving(port: int, process: subprocess.Popen) -> None:
    """Wait until the server answers (at most 30 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("the server stopped while starting")
        try:
            if get(port, "/nl/").startswith(b"HTTP/1.1 200"):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.fixture
def started(tmp_path):
    """Start a command in the project root with output in files; stop it with SIGTERM."""
    running = []

    def start(command: list[str], **env: str) -> tuple[subprocess.Popen, Path, Path]:
        out, err = tmp_path / f"out{len(running)}.txt", tmp_path / f"err{len(running)}.txt"
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out.open("wb"),
            stderr=err.open("wb"),
            start_new_session=True,  # a group of its own: servers.stop ends all of it
        )
        running.append(servers.started(process, " ".join(command[-6:])))
        return process, out, err

    yield start
    for process in running:
        servers.stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop gracefully, as systemd does, and wait for the workers to finish."""
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0


def test_no_address_and_no_query_text_reach_any_log(started):
    """Normal, malformed and over-long requests: the logs hold neither 127.0.0.2 nor the query."""
    port = free_port()
    process, out, err = started(
        [sys.executable, "-m", "routekaart", "serve", "--port", str(port), "--workers", "1"]
    )
    wait_until_serving(port, process)

    assert get(port, f"/nl/partners?q={SECRET}").startswith(b"HTTP/1.1 200")
    assert get(port, f"/nl/bestaat-niet?q={SECRET}").startswith(b"HTTP/1.1 404")
    # Refused by gunicorn itself, which by default logs the client's address and the line.
    malformed = ask(port, f"GET /nl/partners?q={SECRET} HTTP/1.1 extra\r\n\r\n".encode())
    assert malformed.startswith(b"HTTP/1.1 400")
    too_long = get(port, f"/nl/partners?q={SECRET}" + "x" * 9000)
    # gunicorn 23 answers 400, gunicorn 24 and later 414 URI Too Long: both refuse it.
    assert too_long.startswith((b"HTTP/1.1 400", b"HTTP/1.1 414"))
    bad_header = ask(
        port, f"GET /nl/?q={SECRET} HTTP/1.1\r\nBad Header{SECRET}: x\r\n\r\n".encode()
    )
    assert bad_header.startswith(b"HTTP/1.1 400")
    # repr() escapes a quote inside the quoted text: what follows it must not leak either.
    version = ask(port, f"GET /nl/ HTTP/1.1'{SECRET}\"x\r\n\r\n".encode())
    assert version.startswith(b"HTTP/1.1 400")
    method = ask(port, f"G\\'{SECRET}\"' /nl/ HTTP/1.1\r\n\r\n".encode())
    assert method.startswith(b"HTTP/1.1 400")
    # Between gunicorn's default limit (4094) and 8190 the app answers with its own page.
    friendly = get(port, "/nl/partners?q=" + "x" * 5000)
    assert friendly.startswith(b"HTTP/1.1 400") and b"<html" in friendly
    stop(process)

    logs = out.read_text() + err.read_text()
    assert "GET /nl/partners 200" in logs  # the app's access log works under gunicorn
    assert "GET /nl/bestaat-niet 404" in logs
    assert logs.count("Invalid request from ip=[address]") >= 5  # refusals are logged ...
    assert "Invalid request from ip=[address]: Invalid HTTP Version: …" in logs
    assert CLIENT not in logs  # ... without the client's address
    assert SECRET not in logs  # ... and without what was asked
    # The only address printed is the one the site listens on, in the start-up line.
    assert [line for line in logs.splitlines() if "127.0.0.1" in line] == [
        f"Routekaart Geldzorgen on http://127.0.0.1:{port}/ (content: {ROOT / 'content'})"
    ]


def test_bind_and_workers_come_from_the_environment(started):
    """ROUTEKAART_BIND and ROUTEKAART_WORKERS set where and how many; pages are cacheable."""
    port = free_port()
    process, out, err = started(
        [sys.executable, "-m", "routekaart", "serve"],
        ROUTEKAART_BIND=f"127.0.0.1:{port}",
        ROUTEKAART_WORKERS="2",
    )
    wait_until_serving(port, process)
    answer = get(port, "/nl/direct", "Accept-Encoding: gzip")
    head = answer.split(b"\r\n\r\n")[0].decode().lower()
    assert "cache-control: public, max-age=" in head and "etag: " in head
    stop(process)
    assert err.read_text().count("Booting worker") == 2


def test_workers_run_the_apps_exit_functions_when_stopped(started, tmp_path):
    """gunicorn's worker_exit calls every function in ``app.extensions["routekaart.at_exit"]``
    (the reach counts flush their last numbers there) when the server is stopped."""
    port, marks = free_port(), tmp_path / "marks"
    script = textwrap.dedent(
        f"""
        import os
        from routekaart import create_app
        from routekaart.ops import server

        class Recording(server.Server):
            def load(self):
                app = super().load()
                def mark():
                    with open({str(marks)!r}, "a") as f:
                        f.write(f"flushed by {{os.getpid()}}\\n")
                def broken():
                    raise RuntimeError("a failing exit function")
                app.extensions.setdefault("routekaart.at_exit", []).extend([broken, mark])
                return app

        Recording(create_app, {{}}, server.options("127.0.0.1:{port}", 2)).run()
        """
    )
    process, out, err = started([sys.executable, "-c", script])
    wait_until_serving(port, process)
    stop(process)
    lines = marks.read_text().splitlines()
    assert len(lines) == 2 and len(set(lines)) == 2  # each worker, once
    assert "an exit function failed" in err.read_text()  # and one failure stops nothing


def test_defaults_follow_the_machine():
    """Workers from the CPU count, the larger request line, a graceful shutdown."""
    settings = server.options("127.0.0.1:5000")
    assert settings["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert settings["limit_request_line"] == 8190
    assert settings["graceful_timeout"] > 0
    assert settings["accesslog"] is None


@pytest.mark.parametrize(
    ("said", "written"),
    [
        (
            "Invalid request from ip=192.168.1.20: Invalid HTTP request line: "
            "'GET /nl/partners?q=schuld HTTP/1.1'",
            "Invalid request from ip=[address]: Invalid HTTP request line: …",
        ),
        ("Error handling request /nl/partners?q=schuld", "Error handling request /nl/partners?…"),
        ("Invalid request from ip=2001:db8::7: x", "Invalid request from ip=[address]: x"),
        ("Proxy request from '10.1.2.3' not allowed", "Proxy request from '…' not allowed"),
        ("Booting worker with pid: 606", "Booting worker with pid: 606"),
        (
            "Invalid request from ip=10.0.0.1: Invalid HTTP Version: 'HTTP/1.1\\'ZQXLEAK\"x'",
            "Invalid request from ip=[address]: Invalid HTTP Version: …",
        ),
        (
            "Invalid request from ip=10.0.0.1: Invalid chunk extension: ZQXLEAK",
            "Invalid request from ip=[address]: Invalid chunk extension: …",
        ),
        (
            "Invalid request from ip=10.0.0.1: Contradictory scheme headers",
            "Invalid request from ip=[address]: Contradictory scheme headers",
        ),
        ("Error in 'a\\'ZQXLEAK' and \"b\\\"ZQXLEAK\"", "Error in '…' and '…'"),
        ("an unpaired quote ' ZQXLEAK", "an unpaired quote '…'"),
        ("opens at 10:30:00", "opens at 10:30:00"),
    ],
)
def test_scrub_takes_out_addresses_and_request_text(said, written):
    """What gunicorn would say, and what reaches the log."""
    assert server.scrub(said) == written


def test_run_at_exit_on_an_app_without_exit_functions_does_nothing():
    """An app that registered nothing (no reach counts) stops quietly."""
    server.run_at_exit(create_app({"TESTING": True}))
    server.run_at_exit(None)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("127.0.0.2:8000", True),
        ("[::1]:8000", True),
        ("localhost:8000", True),
        ("unix:/run/routekaart.sock", True),
        ("0.0.0.0:8000", False),
        ("[::]:8000", False),
        ("10.0.0.11:8000", False),
        ("routekaart.example.org:8000", False),
    ],
)
def test_only_a_loopback_address_counts_as_private(address, loopback):
    assert server.is_loopback(address) is loopback


def test_serve_refuses_a_public_address_without_the_front():
    """Slow clients straight at gunicorn hold its sync workers (#24 item 3): the site listens
    where only the nginx front reaches it, unless --public says the front is the only way in."""
    from click.testing import CliRunner

    from routekaart.cli import main

    result = CliRunner().invoke(main, ["serve", "--bind", "0.0.0.0:8000"])
    assert result.exit_code == 2
    assert "Not listening on 0.0.0.0:8000" in result.output
    assert "--public" in result.output
