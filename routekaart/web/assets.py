"""Static files: htmx from its pinned package and our own CSS/JS, cache-busted by content hash."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import js_lib_htmx
from flask import Flask, Response, abort, request, send_file, url_for

HTMX_DIR = Path(js_lib_htmx.__file__).resolve().parent / "static" / "htmx"


def _htmx_version() -> str:
    """The version of the htmx the package ships, as htmx itself states it (``version:"…"``)."""
    found = re.search(rb'version:"([0-9][0-9A-Za-z.-]*)"', (HTMX_DIR / "htmx.min.js").read_bytes())
    if found is None:
        raise RuntimeError(f"no htmx version in {HTMX_DIR / 'htmx.min.js'}")
    return found.group(1).decode("ascii")


# In the address of the file, so a new htmx is a new address that no cache has seen.
HTMX_VERSION = _htmx_version()
YEAR = 365 * 24 * 3600


@cache
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def init_app(app: Flask) -> None:
    """Serve htmx and add ``asset_url()`` to templates."""
    static = Path(app.static_folder or "static")

    @app.get(f"/static/vendor/htmx-{HTMX_VERSION}.min.js")
    def htmx_js() -> Response:
        """htmx, served from the installed package; never changes for this URL."""
        gz = HTMX_DIR / "htmx.min.js.gz"
        if "gzip" in request.headers.get("Accept-Encoding", "") and gz.is_file():
            response = send_file(gz, mimetype="text/javascript", max_age=YEAR, etag=True)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = send_file(
                HTMX_DIR / "htmx.min.js", mimetype="text/javascript", max_age=YEAR, etag=True
            )
        response.vary.add("Accept-Encoding")
        response.cache_control.immutable = True
        return response

    def asset_url(name: str) -> str:
        """URL of a file in ``static/`` with a content hash, so it can be cached for a year."""
        if name == "htmx.js":
            return url_for("htmx_js")
        path = static / name
        if not path.is_file():
            abort(500)
        version = _digest(path) if not app.debug else str(path.stat().st_mtime_ns)
        return url_for("static", filename=name, v=version)

    app.jinja_env.globals["asset_url"] = asset_url


def cache_versioned(response: Response) -> Response:
    """A static file asked for with its content hash (``?v=``) is kept for a year."""
    if request.endpoint == "static" and request.args.get("v"):
        response.cache_control.max_age = YEAR
        response.cache_control.public = True
        response.cache_control.immutable = True
    return response
