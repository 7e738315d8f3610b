"""Languages: the language is the first part of every URL; Babel does the formatting."""

from __future__ import annotations

import flask_babel
from babel import Locale
from flask import Flask, has_request_context, request
from flask_babel import Babel

from . import ROOT
from .model import LANGUAGES

DEFAULT = "nl"

# The language part of every page's route, made from the one list of languages in the model.
LANG = f"<any({', '.join(LANGUAGES)}):lang>"

# The name of each language in that language, for the language switch.
NATIVE_NAMES = {"nl": "Nederlands", "en": "English", "ar": "العربية"}


def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr`` from Babel's locale data (not a hand-kept list)."""
    return Locale.parse(lang).text_direction


def best_language() -> str:
    """The language to start in, from the request's Accept-Language header; Dutch by default."""
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def current_language() -> str:
    """The language of this request: from the URL, else from Accept-Language; Dutch without
    a request (a staff command that formats or translates outside one)."""
    if not has_request_context():
        return DEFAULT
    view_args = request.view_args or {}
    if view_args.get("lang") in LANGUAGES:
        return view_args["lang"]
    first = request.path.strip("/").split("/", 1)[0]
    if first in LANGUAGES:
        return first
    return best_language()


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with the catalogs in ``translations/``."""
    # No BABEL_DEFAULT_LOCALE: the selector always names a language (Dutch without a request).
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam")
    Babel(app, locale_selector=current_language)
    app.jinja_env.globals.update(
        format_datetime=flask_babel.format_datetime,
        format_date=flask_babel.format_date,
        format_time=flask_babel.format_time,
    )

    @app.context_processor
    def language_context() -> dict:
        lang = current_language()
        return {
            "lang": lang,
            "dir": text_direction(lang),
            "languages": LANGUAGES,
            "native_names": NATIVE_NAMES,
        }
