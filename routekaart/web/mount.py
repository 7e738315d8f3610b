"""The site's public address (``PUBLIC_URL``) and the mount point it implies.

QR codes and printed posters must carry the address residents will type or scan, not the
address of the machine that rendered them (a staff laptop making a PDF, a test server). That
address is configured once, as ``PUBLIC_URL`` (environment: ``ROUTEKAART_PUBLIC_URL``), for
example ``https://www.sterkvoornoord.nl/geldzaken``. When it has a path, the app is mounted
under that path: :class:`MountPoint` sets ``SCRIPT_NAME`` so every ``url_for`` link and static
URL carries the prefix.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, current_app

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


class MountPoint:
    """WSGI middleware that mounts the app under ``prefix`` (e.g. ``/geldzaken``).

    Works behind a proxy that passes the full path (``/geldzaken/nl/`` is stripped to ``/nl/``)
    and behind one that already strips the prefix (``/nl/`` is left alone): the app's own
    paths start with a language or ``static``, never with the prefix, so both are unambiguous.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["PATH_INFO"] = path[len(self.prefix) :] or "/"
        environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def mount_prefix(public: str) -> str:
    """The path part of a public URL without a trailing slash; ValueError if not a site URL."""
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"PUBLIC_URL {public!r} must start with https:// or http://")
    if parts.query or parts.fragment:
        raise ValueError(f"PUBLIC_URL {public!r} must not have a query (?) or fragment (#)")
    return parts.path.rstrip("/")


# Host names that only this machine or a local network can reach.
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".lan", ".internal", ".home.arpa")


def reachable_from_outside(public: str) -> bool:
    """Whether a public URL can be opened by a resident's phone: not loopback or private.

    ``PUBLIC_URL`` defaults to ``http://127.0.0.1:5000`` so the two README commands work; a
    poster or slip printed with that address would open nothing. Private (10.x, 192.168.x),
    link-local and unspecified addresses and local-only names count as unreachable too.
    """
    host = (urlsplit(public).hostname or "").lower().rstrip(".")
    if not host or host.endswith(_LOCAL_NAMES):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host  # a bare name like "server" only resolves on a local network
    return address.is_global


def public_url_is_local(app: Flask | None = None) -> bool:
    """Template global and CLI check: ``PUBLIC_URL`` is unset or points at a local address."""
    return not reachable_from_outside((app or current_app).config["PUBLIC_URL"])


def public_url(path: str = "/", app: Flask | None = None) -> str:
    """The full public address of ``path`` inside the site: ``/nl/`` → ``https://…/geldzaken/nl/``."""
    base = (app or current_app).config["PUBLIC_URL"].rstrip("/")
    return base + "/" + path.lstrip("/")


def public_link(endpoint: str, app: Flask | None = None, **values: Any) -> str:
    """Like ``url_for(endpoint, **values)``, but the full public address (``PUBLIC_URL``).

    The one way the site builds an absolute URL for one of its own pages (hreflang, QR codes,
    hand-over links, open data, JSON-LD, calendars). Built from the URL map alone, so it
    needs no request and never reflects the host a request came in on. Values that are None
    are left out; other unknown values become the query string.
    """
    app = app or current_app
    adapter = app.url_map.bind("public.invalid", script_name="/")
    path = adapter.build(endpoint, {k: v for k, v in values.items() if v is not None})
    return public_url(path, app)


def init_app(app: Flask) -> None:
    """Check ``PUBLIC_URL`` and mount the app under its path, if it has one."""
    prefix = mount_prefix(app.config["PUBLIC_URL"])
    app.jinja_env.globals["public_url_is_local"] = lambda: public_url_is_local(app)
    if prefix:
        app.wsgi_app = MountPoint(app.wsgi_app, prefix)  # type: ignore[method-assign]
