"""The typesetting filters of the templates: :mod:`routekaart.domain.typeset` for Jinja.

``latin_runs`` reads the page's direction from the template context, so a template writes
``{{ text|latin_runs }}`` and gets isolated Latin runs on right-to-left pages only.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from routekaart.domain.typeset import addresses_kept_whole, isolate_latin, list_comma, ltr


@pass_context
def latin_runs(context: Context, text: str) -> Markup:
    """Jinja filter: :func:`isolate_latin` on a right-to-left page; elsewhere the text escaped,
    with web and e-mail addresses that never break in the middle of a word."""
    if context.get("dir") == "rtl":
        return isolate_latin(text)
    if isinstance(text, Markup):
        return text
    return addresses_kept_whole(str(text))


def init_app(app: Flask) -> None:
    """Register the filters ``ltr`` and ``latin_runs`` and the global ``list_comma``."""
    app.jinja_env.filters["ltr"] = ltr
    app.jinja_env.filters["latin_runs"] = latin_runs
    app.jinja_env.globals["list_comma"] = list_comma
