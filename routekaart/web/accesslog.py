"""A privacy-safe access log: method, path without query string, and status. Never the
client's address or user agent."""

from __future__ import annotations

import logging

from flask import Flask, Response, request

access_log = logging.getLogger("routekaart.access")


def log_access(sender: Flask, response: Response, **extra: object) -> None:
    """One line of the access log: method, path without query string (a search may hold what
    someone typed) and status. Never the client's address or user agent."""
    write_line(request.method, request.path, response.status_code)


def write_line(method: str, path: str, status: int) -> None:
    """The line itself (also for a page :mod:`routekaart.web.replay` sends without Flask)."""
    if access_log.isEnabledFor(logging.INFO):
        path = path[:200].encode("ascii", "backslashreplace").decode("ascii")
        path = "".join(c if c.isprintable() else "?" for c in path)
        access_log.info("%s %s %s", method, path, status)
