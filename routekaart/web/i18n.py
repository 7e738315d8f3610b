"""Languages: the language is the first part of every URL; Babel does the formatting."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import babel.lists
import flask_babel
from babel import Locale
from flask import Flask, has_request_context, request
from flask_babel import Babel
from markupsafe import Markup, escape

from routekaart import ROOT
from routekaart.content.model import LANGUAGES
from routekaart.ops import translations

DEFAULT = "nl"

# The language part of every page's route, made from the one list of languages in the model.
LANG = f"<any({', '.join(LANGUAGES)}):lang>"

# Babel's plain "en" is American English ("March 1, 2025"); the site writes British English
# ("1 March 2025"), so English is formatted, and its catalog looked up, as en_GB (gettext falls
# back from en_GB to the "en" catalog).
BABEL_LOCALES = {"en": "en_GB"}

# CLDR's Arabic list joins every item with "و" only ("أ وب وج"); a long run of Latin names then
# reads as one name. Our Arabic reviewer asked for the Arabic comma between items and "و" before
# the last one: "أ، ب وج".
ARABIC_LIST = {"ar": ("، ", "{} و{}")}

# The name of each language in that language, for the language switch.
NATIVE_NAMES = {lang: Locale.parse(lang).get_display_name(lang) for lang in LANGUAGES}


def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr`` from Babel's locale data (not a hand-kept list)."""
    return Locale.parse(lang).text_direction


def babel_locale(lang: str) -> str:
    """The Babel locale that formats dates and lists in ``lang`` (``en_GB`` for English)."""
    return BABEL_LOCALES.get(lang, lang)


def format_list(items: Iterable[str], lang: str | None = None) -> Markup:
    """Items joined as the language writes a list: "a, b and c", "أ، ب و ج" (Arabic comma).

    Items are escaped unless they are markup already (a name in ``<bdi>``); the words Babel
    puts between them are escaped too.
    """
    lang = lang or current_language()
    parts = [escape(item) for item in items]
    # Babel joins plain strings: give it placeholders, then put the markup back.
    marks = [f"\x00{i}\x00" for i in range(len(parts))]
    if lang in ARABIC_LIST and len(marks) > 1:
        between, last = ARABIC_LIST[lang]
        joined = last.format(between.join(marks[:-1]), marks[-1])
    else:
        joined = babel.lists.format_list(marks, locale=babel_locale(lang))
    out = escape(joined)
    for mark, part in zip(marks, parts, strict=True):
        out = out.replace(mark, part)
    return Markup(out)


def bdi_nl(name: str) -> Markup:
    """A Dutch name isolated in the text around it (names stay Dutch on every page)."""
    return Markup('<bdi lang="nl" dir="ltr">{}</bdi>').format(name)


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
    for folder in str(app.config["BABEL_TRANSLATION_DIRECTORIES"]).split(";"):
        refused = translations.refusal(Path(folder))
        if refused:  # English on Dutch pages is worse than not starting
            raise RuntimeError(refused)
    Babel(app, locale_selector=lambda: babel_locale(current_language()))
    app.jinja_env.globals.update(
        format_datetime=flask_babel.format_datetime,
        format_date=flask_babel.format_date,
        format_time=flask_babel.format_time,
    )
    app.jinja_env.filters["format_list"] = format_list
    app.jinja_env.filters["bdi_nl"] = bdi_nl

    @app.context_processor
    def language_context() -> dict:
        lang = current_language()
        return {
            "lang": lang,
            "dir": text_direction(lang),
            "languages": LANGUAGES,
            "native_names": NATIVE_NAMES,
        }
