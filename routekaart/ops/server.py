"""The production server: the app under gunicorn, with logs that keep the privacy promise.

``routekaart serve`` runs :class:`Server`, gunicorn's documented custom application
(``gunicorn.app.base.BaseApplication``), so nobody needs a separate configuration file:

- sync workers, ``2 × CPUs + 1`` by default (gunicorn's own advice; a worker waits on nothing
  but the CPU, and the extra ones cover a worker that is restarting or busy with a poster);
- ``limit_request_line`` 8190, so the app answers an over-long address with its own friendly
  page instead of gunicorn's bare 400 for anything over 4094 bytes;
- a graceful shutdown: on SIGTERM workers finish the requests they have (up to
  :data:`GRACEFUL_SECONDS`) and then run the app's exit callables (``worker_exit``);
- responses that leave in one write (:class:`Worker`): the head goes with the body, so a
  server that dies mid-answer never hands nginx a head without its page;
- no access log from gunicorn: the app's own ``routekaart.access`` log (method, path, status)
  is the access log, and every line gunicorn writes itself passes :func:`scrub`, which takes
  out addresses, quoted request text and query strings. By default gunicorn would write
  ``Invalid request from ip=…: Invalid HTTP request line: 'GET /nl/partners?q=…'``.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.http import wsgi
from gunicorn.workers.sync import SyncWorker

# How long a stopping worker may take to finish the requests it is answering.
GRACEFUL_SECONDS = 20

# The request line gunicorn accepts; the app itself refuses long query strings politely.
LIMIT_REQUEST_LINE = 8190

# The shape of every line on the console, from gunicorn and from the app alike.
LOG_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"

IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
# Eight hex groups, or a shortened form with "::": an IPv6 address, never a time like 10:30:00.
IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|[0-9A-Fa-f:]*::[0-9A-Fa-f:]*)(?![\w:])"
)
# Quoted text as repr() writes it (an escaped quote inside does not end it), or a quote left
# unpaired with everything after it (cut-off text). A quote right after a letter is an
# apostrophe ("Can't connect"), not the start of a quotation.
QUOTED = re.compile(
    r"""(?<![A-Za-z])b?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<![A-Za-z])b?['"].*""",
    re.S,
)
QUERY = re.compile(r"\?\S*")
# gunicorn's refusal of a request: "Invalid request from ip=ADDRESS: KIND: what was sent". Only
# KIND stays: what was sent follows it, quoted (%r) or not (%s), in every message of
# gunicorn.http.errors.
REFUSAL = re.compile(r"(Invalid request from ip=)\S*?: ([^:]*)(:?)(.*)", re.S)
# The loggers of content messages: written by staff, logged when a change is seen, never
# request data. Their quoted names (option "…" leads to unknown node "…") are what staff need.
CONTENT_LOGGERS = ("routekaart.ops.store", "routekaart.ops.publish")


def scrub(text: str) -> str:
    """``text`` without IP addresses, quoted request text or query strings.

    Gunicorn quotes what a client sent when it refuses it (``'GET /…?q=… HTTP/1.1'``), and
    names the client's address; neither may reach a log.
    """
    refusal = REFUSAL.match(text)
    if refusal:
        kind = QUOTED.sub("'…'", refusal.group(2))
        return f"{refusal.group(1)}[address]: {kind}" + (": …" if refusal.group(3) else "")
    text = QUOTED.sub("'…'", text)
    text = QUERY.sub("?…", text)
    text = IPV4.sub("[address]", text)
    return IPV6.sub("[address]", text)


class Scrubbed(logging.Filter):
    """A logging filter that passes every record through :func:`scrub`, traceback included;
    content messages (:data:`CONTENT_LOGGERS`, without a traceback) are left as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (and exception text) without private details."""
        if record.name in CONTENT_LOGGERS and not record.exc_info and not record.exc_text:
            return True
        record.msg = scrub(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


class PrivateLogger(Logger):
    """Gunicorn's logger without an access log and with every error-log line scrubbed."""

    error_fmt = LOG_FORMAT.replace("%(name)s", "gunicorn")

    def setup(self, cfg) -> None:
        """Set up gunicorn's handlers, then scrub whatever reaches the error log."""
        super().setup(cfg)
        if not any(isinstance(f, Scrubbed) for f in self.error_log.filters):
            self.error_log.addFilter(Scrubbed())

    def access(self, resp, req, environ, request_time) -> None:
        """No access log here: the app's ``routekaart.access`` writes method, path, status."""


def is_loopback(address: str) -> bool:
    """Whether ``address`` (``host:port``, ``[v6]:port`` or ``unix:path``) is reachable from
    this machine only."""
    if address.startswith("unix:"):
        return True
    host = address.rpartition(":")[0].strip("[]") or address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may be public
        return False


def default_workers() -> int:
    """``2 × CPUs + 1``, counting only the CPUs this process may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return 2 * cpus + 1


def configure_app_logging() -> None:
    """The app's own logs (content messages, the access log) on stderr, scrubbed too."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT, Logger.datefmt))
    handler.addFilter(Scrubbed())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def run_at_exit(app: Any) -> None:
    """Call every function the app registered under ``routekaart.at_exit`` (e.g. a flush)."""
    extensions = getattr(app, "extensions", None) or {}
    for function in list(extensions.get("routekaart.at_exit", [])):
        try:
            function()
        except Exception:
            logging.getLogger("routekaart.ops.server").exception("an exit function failed")


class _Collected:
    """Stands in for a socket and keeps what is sent to it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(bytes(data))


class OneWriteResponse(wsgi.Response):
    """gunicorn's response, whose head leaves with the first body bytes in one write.

    gunicorn sends the head and the body with two system calls. A server that dies between
    them (SIGKILL, a machine that stops) leaves nginx a head without its page: nginx has
    passed the head on already, cannot ask the other server, and the resident's page breaks
    off. In one write the front gets the whole page or nothing, and for nothing it asks the
    other server (``proxy_next_upstream``). It also saves a system call per page.
    """

    _head = b""

    def write(self, arg: bytes) -> None:
        if not self.headers_sent:
            # gunicorn's own send_headers builds the head (its checks and defaults); it goes
            # out with the body in _emit_body.
            sock, self.sock = self.sock, _Collected()
            try:
                self.send_headers()
            finally:
                self._head, self.sock = b"".join(self.sock.parts), sock
        super().write(arg)
        self._send_head()  # when no body bytes went out (HEAD, 304, an empty part)

    def _emit_body(self, data: bytes) -> None:
        head, self._head = self._head, b""
        if not head:
            return super()._emit_body(data)
        if self.chunked:
            data = b"%X\r\n%s\r\n" % (len(data), data)  # as gunicorn's util.write_chunk
        self.sock.sendall(head + data)

    def _send_head(self) -> None:
        head, self._head = self._head, b""
        if head:
            self.sock.sendall(head)

    def sendfile(self, respiter) -> bool:
        self._send_head()
        return super().sendfile(respiter)

    def close(self) -> None:
        self._send_head()
        super().close()


class Worker(SyncWorker):
    """gunicorn's sync worker, answering with :class:`OneWriteResponse`."""

    def init_process(self) -> None:
        # gunicorn's sync worker builds its responses with gunicorn.http.wsgi.Response and
        # offers no setting for another class; this worker process is ours alone.
        wsgi.Response = OneWriteResponse
        super().init_process()


def _worker_exit(server, worker) -> None:
    """gunicorn's ``worker_exit`` hook: run the exit callables of the worker's app."""
    run_at_exit(getattr(worker, "wsgi", None))


class Server(BaseApplication):
    """The app under gunicorn, configured in code (gunicorn's custom application API)."""

    def __init__(
        self, factory: Callable[[dict], Any], app_config: dict[str, Any], options: dict[str, Any]
    ) -> None:
        self.factory = factory  # routekaart.create_app: the layers below never import it
        self.app_config = app_config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Apply :func:`options` to gunicorn's settings."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Build the app (in each worker, so each has its own caches and content store)."""
        configure_app_logging()  # before the factory, which reports content problems
        return self.factory(self.app_config)


def options(bind: str, workers: int | None = None) -> dict[str, Any]:
    """Gunicorn's settings for ``routekaart serve``."""
    return {
        "bind": [bind],
        "workers": workers or default_workers(),
        "worker_class": "routekaart.ops.server.Worker",
        "limit_request_line": LIMIT_REQUEST_LINE,
        "graceful_timeout": GRACEFUL_SECONDS,
        "timeout": 30,
        "logger_class": PrivateLogger,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "worker_exit": _worker_exit,
    }


def bind_problem(bind: str) -> str | None:
    """Why the server cannot listen on ``bind`` (``HOST:PORT``), in one line, or None.

    Asked before gunicorn starts: gunicorn itself tries five times, a second apart, and then
    prints its own message with the address in a tuple."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "0.0.0.0"
    if not port.isdigit():
        return f"cannot read a port in {bind!r}: write HOST:PORT, for example 127.0.0.1:5000"
    number = int(port)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind((host, number))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"Port {number} on {host} is already in use (another program, or the site "
                    f"running already). Pick another port: ROUTEKAART_PORT={number + 1} bash "
                    f"scripts/serve, or routekaart serve --port {number + 1}"
                )
            return f"cannot listen on {host} port {number}: {exc.strerror}"
    return None


def serve(
    factory: Callable[[dict], Any], bind: str, workers: int | None, app_config: dict[str, Any]
) -> None:
    """Run the app ``factory`` builds under gunicorn on ``bind`` (``host:port``) until stopped."""
    Server(factory, app_config, options(bind, workers)).run()
