"""A privacy-safe access log: method, path without query string, and status. Never the
client's address or user agent."""

from __future__ import annotations

import logging

from flask import Flask, Response, request

access_log = logging.getLogger("routekaart.access")


def log_access(sender: Flask, response: Response, **extra: object) -> None:
    """One line of the access log: method, path without query string (a search may hold what
    someone typed) and status. Never the client's address or user agent."""
    if access_log.isEnabledFor(logging.INFO):
        path = request.path[:200].encode("ascii", "backslashreplace").decode("ascii")
        path = "".join(c if c.isprintable() else "?" for c in path)
        access_log.info("%s %s %s", request.method, path, response.status_code)
