"""The Flask class the site runs on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask


class App(Flask):
    """Flask, deciding once per function whether it is ``async``.

    Flask asks ``inspect.iscoroutinefunction`` about every before- and after-request function
    and the view on every request (eight times for a route step); the answer never changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = self._sync[func] = super().ensure_sync(func)
        return sync
