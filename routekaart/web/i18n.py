"""Languages: the language is the first part of every URL; Babel does the formatting."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import flask_babel
from babel import Locale
from flask import Flask, has_request_context, request
from flask_babel import Babel
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from werkzeug.routing import BaseConverter, ValidationError

from routekaart import ROOT
from routekaart.content.languages import LANGUAGES
from routekaart.domain.typeset import running_text, sentence_start
from routekaart.ops import translations

DEFAULT = "nl"

# The language part of every page's route: a live language of content/languages.yaml (the
# converter below asks the one shared list, so a language going live needs no new routes).
LANG = "<lang:lang>"


class LanguageConverter(BaseConverter):
    """``/<lang:lang>/``: only a live language matches; any other word is not this route."""

    regex = "[a-z]{2,3}"

    def to_python(self, value: str) -> str:
        if value in LANGUAGES:
            return value
        raise ValidationError()


class _NativeNames(Mapping[str, str]):
    """The name of each language in that language, for the language switch (Babel's CLDR
    names unless languages.yaml gives one)."""

    def __getitem__(self, code: str) -> str:
        return LANGUAGES.get(code).name

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


NATIVE_NAMES = _NativeNames()


def language_name(code: str) -> str:
    """The name of a language in the page's language, for running sentences ("The page opens
    in Arabic.", "… in het Arabisch."): Babel's CLDR name. The language switch keeps the names
    each language gives itself (NATIVE_NAMES)."""
    return Locale.parse(code).get_display_name(babel_locale(current_language()))


def text_direction(lang: str) -> str:
    """``rtl`` or ``ltr``: languages.yaml's, else Babel's locale data (not a hand-kept list)."""
    return LANGUAGES.get(lang).direction


def babel_locale(lang: str) -> str:
    """The Babel locale that formats dates and lists in ``lang`` (``en_GB`` for English)."""
    return LANGUAGES.get(lang).locale


def format_list(items: Iterable[str], lang: str | None = None) -> Markup:
    """Items joined as the language writes a list, by CLDR's patterns (from Babel, see
    :mod:`routekaart.content.languages`): "a, b and c", "a, b en c", Arabic "أ وب وج" and
    "1 و2 و4", with "و" written onto the next item, a Latin name in its isolate too. Items
    are escaped unless they are markup already (a name in ``<bdi>``); the words Babel puts
    between them are escaped too.
    """
    language = LANGUAGES.get(lang or current_language())
    parts = [escape(item) for item in items]
    # Babel's pattern joins plain strings: give it placeholders, then put the markup back.
    marks = [f"\x00{i}\x00" for i in range(len(parts))]
    joined = marks[-1] if marks else ""
    if len(marks) > 1:
        joined = language.last.format(marks[-2], marks[-1])
        for mark in reversed(marks[:-2]):
            joined = language.middle.format(mark, joined)
    out = escape(joined)
    for mark, part in zip(marks, parts, strict=True):
        out = out.replace(mark, part)
    return Markup(out)


def informal_at(content: object, node_id: str | None) -> bool:
    """Whether the page of ``node_id`` says "je" (the young people's branch, ``je_branch`` in
    routekaart.yaml) rather than "u": the one rule for the form of address. The catalogs carry
    the "je" form of a message under msgctxt "je"; a language without the difference gives
    both entries the same translation."""
    tree = getattr(content, "tree", None)
    return bool(tree is not None and node_id and node_id in tree.je)


def speaks_to_young_people(content: object, org_id: str | None) -> bool:
    """Whether an organisation's own page says "je": only results of the young people's branch
    send people there (the Jongeren Perspectief Fonds), so its readers came from pages in "je"."""
    tree = getattr(content, "tree", None)
    routekaart = getattr(content, "routekaart", None)
    if tree is None or routekaart is None or not org_id:
        return False
    referring = [
        node_id
        for node_id, node in routekaart.nodes.items()
        if node.result is not None
        and any(r.organisation == org_id for r in node.result.organisations)
    ]
    return bool(referring) and all(node_id in tree.je for node_id in referring)


def informal_turn(content: object, step: object) -> bool:
    """Whether an answered question is shown in "je": the question says "je", or its answer
    leads into the branch that does ("Ik ben jong"). So the turns keep the form they were
    asked in, also above a result in "u" (see :func:`leaves_informal`)."""
    chosen = getattr(step, "chosen", None)
    return informal_at(content, getattr(step, "node_id", None)) or informal_at(
        content, getattr(chosen, "next", None)
    )


def leaves_informal(content: object, conversation: object) -> bool:
    """Whether a page says "u" below questions that said "je": a young person of 27 or older
    is sent on to the adults' result. The page then says once why the form changes, so the
    switch reads as meant (``_result.html``)."""
    if informal_at(content, getattr(conversation, "node_id", None)):
        return False
    return any(informal_turn(content, step) for step in getattr(conversation, "steps", ()))


@pass_context
def informal(context: Context, node_id: str | None = None) -> bool:
    """``informal_at`` for a template: the node of the page's conversation unless named.

    A partner's page around a young person's slip (``partner_frame``) says "u": it speaks to
    the partner; only the slip says "je". An organisation's own page (``organisation_page``)
    says "je" when only young people are sent there (:func:`speaks_to_young_people`)."""
    if context.get("partner_frame"):
        return False
    if node_id is None and context.get("organisation_page"):
        return speaks_to_young_people(context.get("content"), context.get("org_id"))
    if node_id is None:
        conversation = context.get("conversation")
        node_id = getattr(conversation, "node_id", None)
    return informal_at(context.get("content"), node_id)


@pass_context
def informal_step(context: Context, step: object) -> bool:
    """``informal_turn`` for a template: the form of address of one answered question."""
    return informal_turn(context.get("content"), step)


@pass_context
def address_changes(context: Context) -> bool:
    """``leaves_informal`` for a template: the page's conversation."""
    return leaves_informal(context.get("content"), context.get("conversation"))


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
    app.url_map.converters["lang"] = LanguageConverter
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
    app.jinja_env.filters["sentence_start"] = sentence_start
    app.jinja_env.filters["running_text"] = running_text
    app.jinja_env.globals["informal"] = informal
    app.jinja_env.globals["informal_step"] = informal_step
    app.jinja_env.globals["address_changes"] = address_changes

    @app.context_processor
    def language_context() -> dict:
        lang = current_language()
        language = LANGUAGES.by_code.get(lang)
        return {
            "lang": lang,
            "dir": text_direction(lang),
            # The fonts and line height follow the script (app.css: [data-script]).
            "script": language.script if language is not None else "latin",
            "languages": LANGUAGES,
            "native_names": NATIVE_NAMES,
            "language_name": language_name,
        }
