"""The app's content: loaded at start, reloaded when staff change a file."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, has_request_context

from .content import Content, ContentStore


def init_app(app: Flask) -> None:
    """Attach a :class:`ContentStore` for ``CONTENT_DIR`` and load it once at start."""
    store = ContentStore(Path(app.config["CONTENT_DIR"]))
    app.extensions["routekaart.content"] = store
    try:
        store.get()
    except Exception:
        app.logger.error("no valid content at start; the site answers 503 until it is fixed")


def current_content() -> Content:
    """The last good content of the running app (reloaded if a file changed).

    Looked up once per request: the folder is checked for changes on the request's first use,
    and every later use in the same request sees the same content.
    """
    if has_request_context():
        content = g.get("_content")
        if content is None:
            content = g._content = current_app.extensions["routekaart.content"].get()
        return content
    return current_app.extensions["routekaart.content"].get()
