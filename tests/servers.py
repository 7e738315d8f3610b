"""Every server the tests and the benches start, in one place: the app in a thread for the
browser (:func:`threaded`), the app under gunicorn as ``routekaart serve`` runs it
(:func:`start_app`), and the documented front, Debian's nginx with ``deploy/nginx/`` rendered
into a throw-away prefix (:func:`start_front`). Benches import it from ``tests/`` (bench/*.py
put that folder on ``sys.path``); the package itself ships no test helpers.

Rendering changes only what must differ on a test machine (ports, file paths, a self-signed
certificate) and each change must match the configuration exactly, so an edit to
``deploy/nginx/nginx.conf`` that this file does not know about fails the tests loudly instead
of testing something else.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
# The setting deploy/routekaart.env gives the app servers behind the front: nginx adds the
# security headers, so the app leaves them out (tests/test_nginx_app_side.py keeps the two equal).
BEHIND_FRONT = {"ROUTEKAART_FRONT_SENDS_SECURITY_HEADERS": "true"}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Wait until something accepts connections on ``port``; fail with the log if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s:\n{log.read_text()}")


def wait_until_answers(
    port: int, process: subprocess.Popen, log: Path, path: str = "/", timeout: float = 60
) -> None:
    """Wait until an HTTP request to ``path`` gets an answer (any status): gunicorn accepts
    connections before its workers have loaded the app. The request names itself a script,
    so reach counting never counts it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path, headers={"User-Agent": "python-tests-servers"})
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise RuntimeError(f"no answer on {port} after {timeout} s:\n{log.read_text()}")


# The process group of every server this module started (the group leader's process id), with
# what it runs, and those stopped since: conftest.py checks the process table with them.
STARTED: dict[int, str] = {}
STOPPED: set[int] = set()


def group_members(group: int) -> list[str]:
    """The live processes of process group ``group``, as "pid command" lines. Zombies are left
    out: they have ended, and a container's first process may never collect them."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended while we looked
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(name)": state, ppid, pgrp, …
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(f"{entry.name} {command.strip()[:80] or stat.split()[1]}")
    return found


def started(process: subprocess.Popen, what: str) -> subprocess.Popen:
    """Note a server process (started in a session of its own) for the process-table check."""
    STARTED[process.pid] = what
    return process


def stop(process: subprocess.Popen, timeout: float = 60) -> None:
    """Stop a process this module started, with everything it started, and wait for it:
    SIGTERM first, so gunicorn's workers finish their requests and run their exit hooks (up to
    20 s). Each is started in a session of its own, and the whole group gets the signal: under
    ``faketime`` the process is faketime itself, which does not pass SIGTERM on to the server
    it runs (gunicorn or nginx would go on running after the test)."""
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
    deadline = time.monotonic() + 25  # gunicorn's workers finish their requests (20 s)
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        _signal_group(process, signal.SIGKILL)
    # A faketime wrapper ended by a signal leaves its semaphore and shared memory behind, and
    # a later wrapper with the same process id then fails to start ("sem_open: File exists").
    for name in (f"sem.faketime_sem_{process.pid}", f"faketime_shm_{process.pid}"):
        Path("/dev/shm", name).unlink(missing_ok=True)
    STOPPED.add(process.pid)


def _signal_group(process: subprocess.Popen, sign: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has ended
        os.killpg(process.pid, sign)


@contextmanager
def threaded(app: WSGIApplication) -> Iterator[str]:
    """Serve ``app`` from a daemon thread on a free port of 127.0.0.1 (Werkzeug, a thread per
    request, as a browser test needs); yields its base URL and shuts it down afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@dataclass
class App:
    """gunicorn serving the app on 127.0.0.1:``port``; its log (stdout and stderr) in ``log``."""

    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        """The base URL, straight at gunicorn."""
        return f"http://127.0.0.1:{self.port}"


def start_app(
    folder: Path,
    *,
    content: Path | None = None,
    env: dict[str, str] | None = None,
    environ: dict[str, str] | None = None,
    clock_offset: int | None = None,
    real_clock: bool = False,
    workers: int | None = 2,
    factory: str = "routekaart:create_app",
    app_log_level: str | None = None,
    ready_path: str = "/.well-known/security.txt",
    port: int | None = None,
    config: dict[str, str] | None = None,
    behind_front: bool = False,
) -> App:
    """Start the app as ``routekaart serve`` runs it on a free port, and wait until it answers.

    The server is :class:`routekaart.ops.server.Server` with :func:`~routekaart.ops.server.options`
    (gunicorn, sync workers, the ``worker_exit`` hook that writes the reach counts), in a
    process of its own (this file run as a script). ``factory`` (``module:name``) builds the
    WSGI app from the config, as ``routekaart.create_app`` does; ``bench.hello:create_app``
    serves the benches' hello-world the same way. ``content`` is the content folder (default:
    the bundled one); ``config`` adds to the app's config (e.g. another translations folder).
    Settings come from ``env`` (``ROUTEKAART_*``) on top of ``environ``
    (default: this process's environment). ``workers=None``: serve's default (2 x CPUs + 1).
    ``app_log_level`` (e.g. ``"warning"``) quietens the app's own logs, the access log among
    them, for a bench that measures serving, not writing a console. ``behind_front``: the
    settings deploy/routekaart.env gives a server behind nginx (:data:`BEHIND_FRONT`).

    ``clock_offset`` seconds move the server's clock (libfaketime, relative, so a test knows
    exactly what time the app reads) and remove ``ROUTEKAART_FIXED_NOW``, so the app reads that
    clock (``real_clock``: the machine's own clock, without faketime, for a test that needs the
    app and nginx to agree on the time); gunicorn's worker heartbeat (a file's mtime against
    time.monotonic()) misreads under libfaketime and would kill every worker after ``timeout``
    seconds, so that watchdog is off.
    """
    port = port or free_port()  # a given port: a server started again where the front expects it
    log = folder / f"gunicorn-{port}.log"
    if log.exists():
        log = folder / f"gunicorn-{port}-{time.monotonic_ns()}.log"
    environment = {
        **(os.environ if environ is None else environ),
        **(BEHIND_FRONT if behind_front else {}),
        **(env or {}),
    }
    spec = {
        "factory": factory,
        "config": {"CONTENT_DIR": str(content or ROOT / "content"), **(config or {})},
        "bind": f"127.0.0.1:{port}",
        "workers": workers,
        "options": {"timeout": 0} if clock_offset is not None else {},
        "app_log_level": app_log_level,
    }
    command = [sys.executable, str(Path(__file__).resolve()), json.dumps(spec)]
    if clock_offset is not None or real_clock:
        environment.pop("ROUTEKAART_FIXED_NOW", None)
    if clock_offset is not None:
        command = ["faketime", "-f", f"{clock_offset:+d}", *command]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: stop() ends all of it
        )
    started(process, f"gunicorn on {port}" + (" (faketime)" if clock_offset is not None else ""))
    try:
        wait_until_answers(port, process, log, ready_path)
    except BaseException:
        stop(process)
        raise
    return App(port, process, log)


def _run_server(spec: dict) -> None:
    """The server process of :func:`start_app`: ``routekaart serve``'s gunicorn for ``spec``."""
    sys.path.insert(0, str(ROOT))  # for bench.hello
    from routekaart.ops import server

    module, _, name = spec["factory"].partition(":")
    factory = getattr(importlib.import_module(module), name)
    options = server.options(spec["bind"], spec["workers"])
    options.update(spec["options"])
    level = spec["app_log_level"]

    class Quiet(server.Server):
        def load(self):
            """Build the app, then quieten its logs to ``app_log_level`` if one is given."""
            app = super().load()  # sets up the app's logging, then builds the app
            if level:
                logging.getLogger().setLevel(level.upper())
            return app

    Quiet(factory, spec["config"], options).run()


@dataclass
class Front:
    """A private nginx with the deploy configuration; its files live in ``prefix``."""

    prefix: Path
    http_port: int
    https_port: int
    process: subprocess.Popen
    cert: Path
    logs: list[Path] = field(default_factory=list)

    @property
    def https(self) -> str:
        """The site's base URL through TLS."""
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def http(self) -> str:
        """The plain-HTTP base URL (it only redirects)."""
        return f"http://127.0.0.1:{self.http_port}"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 and localhost (openssl)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _replace(text: str, old: str, new: str, count: int) -> str:
    found = text.count(old)
    if found != count:
        raise AssertionError(f"deploy/nginx: expected {count} × {old!r}, found {found}")
    return text.replace(old, new)


def render(
    prefix: Path,
    http_port: int,
    https_port: int,
    app_port: int,
    extra: list[tuple[str, str, int]] = (),
    second_port: int | None = None,
    pages_config: dict[str, str] | None = None,
) -> Path:
    """Write the deploy configuration into ``prefix`` for a private nginx; its nginx.conf.

    The upstream's two app servers are ``app_port`` and ``second_port`` (the same server twice
    when there is no second). ``extra`` are more (old, new, count) replacements, for a test
    that changes one setting. The pages nginx serves from disk (and their language map) are
    written into the prefix, as ``routekaart front-pages`` writes them on a server, by an app
    with ``pages_config`` (default: the bundled content and translations).
    """
    from routekaart import create_app
    from routekaart.web.assets import HTMX_DIR
    from routekaart.web.front import write_pages

    cert, key = self_signed_certificate(prefix)
    (prefix / "temp").mkdir(exist_ok=True)
    text = (DEPLOY / "nginx.conf").read_text()
    for old, new, count in [
        ("pid /run/nginx.pid;", f"pid {prefix}/nginx.pid;", 1),
        ("/var/log/nginx/error.log", f"{prefix}/error.log", 2),
        ("/var/log/nginx/routekaart-access.log", f"{prefix}/access.log", 1),
        ("/var/log/nginx/routekaart-visits.log", f"{prefix}/visits.log", 1),
        ("/var/cache/nginx/routekaart", f"{prefix}/cache", 1),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;", 1),
        ("listen [::]:80 default_server;\n", "", 1),
        (
            "listen 443 ssl http2 default_server;",
            f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
            1,
        ),
        ("listen [::]:443 ssl http2 default_server;\n", "", 1),
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{app_port} ", 1),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{second_port or app_port} ", 1),
        ("/etc/letsencrypt/live/routekaart.example.org/fullchain.pem", str(cert), 1),
        ("/etc/letsencrypt/live/routekaart.example.org/privkey.pem", str(key), 1),
        ("/var/www/letsencrypt", f"{prefix}/acme", 1),
        ("/srv/routekaart/front-pages/languages.conf", f"{prefix}/front-pages/languages.conf", 1),
        ("root /srv/routekaart/app;", f"root {ROOT};", 1),
        (
            "/srv/routekaart/app/.venv/lib/python3.11/site-packages/js_lib_htmx/static/htmx/",
            f"{HTMX_DIR}/",
            1,
        ),
        # Debian builds nginx with temporary folders in /var/lib/nginx: keep them in the prefix.
        (
            "    sendfile on;",
            "".join(
                f"    {kind}_temp_path {prefix}/temp/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + "    sendfile on;",
            1,
        ),
        *extra,
    ]:
        text = _replace(text, old, new, count)
    (prefix / "nginx.conf").write_text(text)
    for name in ("routekaart-headers.conf", "routekaart-proxy.conf", "routekaart-refusal.conf"):
        shutil.copy(DEPLOY / name, prefix / name)
    pages = _replace(
        (DEPLOY / "routekaart-disk-pages.conf").read_text(),
        " /srv/routekaart/front-pages",
        f" {prefix}/front-pages",
        2,
    )
    (prefix / "routekaart-disk-pages.conf").write_text(pages)
    write_pages(create_app({"TESTING": True, **(pages_config or {})}), prefix / "front-pages")
    shutil.copy("/etc/nginx/mime.types", prefix / "mime.types")
    return prefix / "nginx.conf"


def start_front(
    app_port: int,
    prefix: Path | None = None,
    extra: list[tuple[str, str, int]] = (),
    clock_offset: int | None = None,
    second_port: int | None = None,
    pages_config: dict[str, str] | None = None,
) -> Front:
    """Start nginx in the foreground with the rendered configuration in front of ``app_port``.

    ``clock_offset`` runs nginx on the same shifted clock as an app started with it: on a
    server both read one clock, and nginx reads the app's expiry times on its own.
    ``pages_config``: the app config of the pages nginx shows from disk (see :func:`render`).
    """
    # Readable for nginx's workers (www-data when the tests run as root, as on CI).
    prefix = prefix or Path(tempfile.mkdtemp(prefix="routekaart-nginx-"))
    prefix.chmod(0o755)
    http_port, https_port = free_port(), free_port()
    if clock_offset is not None:
        # nginx clears its workers' environment; libfaketime reads its offset from there.
        extra = [*extra, ("worker_processes auto;", "worker_processes auto;\nenv FAKETIME;", 1)]
    conf = render(prefix, http_port, https_port, app_port, extra, second_port, pages_config)
    log = prefix / "nginx-stderr.log"
    command = [NGINX, "-e", str(prefix / "error.log"), "-p", str(prefix), "-c", str(conf),
               "-g", "daemon off;"]  # fmt: skip
    if clock_offset is not None:
        command = ["faketime", "-f", f"{clock_offset:+d}", *command]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: stop() ends all of it
        )  # fmt: skip
    started(process, f"nginx on {https_port}" + (" (faketime)" if clock_offset is not None else ""))
    wait_for_port(https_port, process, log)
    wait_for_port(http_port, process, log)
    logs = [prefix / "error.log", prefix / "access.log", log]
    return Front(prefix, http_port, https_port, process, prefix / "cert.pem", logs)


if __name__ == "__main__":
    _run_server(json.loads(sys.argv[1]))
