"""The app's content: loaded at start, reloaded when staff change a file."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

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
    """The last good content of the running app (reloaded if a file changed)."""
    return current_app.extensions["routekaart.content"].get()
