"""The glossary (``content/glossary.yaml``): one word per thing in each language, and jargon.

Staff keep it next to the content. Tests check that the chosen English and Arabic words are
used wherever the Dutch word is, and the rejected ones nowhere; ``routekaart check`` warns about
jargon and long Dutch sentences (see :func:`routekaart.content.checks.plain_dutch`). The glossary is
optional: a content folder without one is checked without it. This module knows nothing of
Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, model_validator

from routekaart.content import languages
from routekaart.content.messages import Message, validate_document
from routekaart.content.model import NonEmpty, Strict
from routekaart.content.yamlsource import Document, YamlError
from routekaart.content.yamlsource import load as load_yaml

FILE = "glossary.yaml"


class Choice(Strict):
    """The words one language uses for a Dutch term, and the words it must not use."""

    use: list[NonEmpty] = Field(min_length=1)
    avoid: list[NonEmpty] = Field(default_factory=list)


def _term_schema(schema: dict, cls: type) -> None:
    """The JSON Schema of a term: the Dutch forms, and a choice per other language."""
    langs = languages.current()
    choice = Choice.model_json_schema()
    for code in langs.configured:
        if code != "nl":
            schema["properties"][code] = {**choice, "title": langs.get(code).english_name}
    schema["required"] = list(langs.live)
    schema["additionalProperties"] = False


class Term(Strict):
    """A Dutch term in its forms, and its words in every other language (a key per language
    code of languages.yaml; a language not yet live may lack one)."""

    model_config = ConfigDict(
        extra="allow", frozen=True, populate_by_name=True, json_schema_extra=_term_schema
    )

    nl: list[NonEmpty] = Field(min_length=1, description="The Dutch forms of the term.")

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        langs = languages.current()
        for lang in langs.live:
            if lang != "nl" and lang not in data:
                raise ValueError(f'missing the {langs.get(lang).english_name} words ("{lang}")')
        out = dict(data)
        for key, value in data.items():
            if key == "nl":
                continue
            if key not in langs.by_code:
                raise ValueError(f'@{key}: unknown language "{key}" (content/languages.yaml)')
            try:
                out[key] = Choice.model_validate(value)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ValueError(f"@{key}: {where + ': ' if where else ''}{first['msg']}") from None
        return out

    def choice(self, lang: str) -> Choice | None:
        """The words of ``lang`` for this term, or None."""
        value = (self.__pydantic_extra__ or {}).get(lang)
        return value if isinstance(value, Choice) else None


class Glossary(Strict):
    """``content/glossary.yaml``."""

    terms: dict[str, Term] = Field(default_factory=dict)
    avoid: dict[str, dict[str, NonEmpty]] = Field(
        default_factory=dict, description="Per language: a word never to use, and why."
    )
    jargon: dict[NonEmpty, NonEmpty] = Field(
        default_factory=dict, description="A Dutch jargon word and a plain alternative."
    )
    max_words: int = Field(15, ge=5, description="Words a plain Dutch (B1) sentence may have.")

    def plain(self, word: str) -> str:
        """The plain alternative of a jargon word as found in a text (any capitals)."""
        for jargon, plain in self.jargon.items():
            if jargon.casefold() == word.casefold():
                return plain
        return ""

    def rejected(self, lang: str) -> dict[str, str]:
        """Every word ``lang`` must not use, with the reason."""
        found = dict(self.avoid.get(lang, {}))
        for name, term in self.terms.items():
            choice = term.choice(lang)
            for word in choice.avoid if choice else ():
                found.setdefault(word, f'the glossary chooses another word for "{name}"')
        return found


def load(folder: Path) -> tuple[tuple[Glossary, Document] | None, list[Message]]:
    """The glossary of a content folder with its document, or None when there is none."""
    path = Path(folder) / FILE
    if not path.is_file():
        return None, []
    try:
        doc = load_yaml(path, FILE)
    except YamlError as exc:
        return None, [Message(exc.position, "error", exc.message)]
    value, messages = validate_document(doc, Glossary)
    return ((value, doc) if value is not None else None), messages


def _word(word: str) -> re.Pattern[str]:
    """``word`` as a whole word; all-capital abbreviations (VE, LEA) only in capitals."""
    flags = 0 if word.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", flags)


def jargon_pattern(glossary: Glossary) -> re.Pattern[str] | None:
    """One pattern for every jargon word, as whole words; abbreviations (VE, LEA) only in
    capitals, other words in any capitals. One search per text keeps a large routekaart fast."""
    if not glossary.jargon:
        return None
    words = sorted(glossary.jargon, key=len, reverse=True)
    parts = [re.escape(w) if w.isupper() else f"(?i:{re.escape(w)})" for w in words]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def rejected_in(text: str, lang: str, glossary: Glossary) -> list[str]:
    """The rejected words in a text: English as whole words, Arabic as written (it attaches
    prefixes such as "ب" and "و"); a leading space means "at the start of a word"."""
    found = []
    padded = f" {text} "
    for word in glossary.rejected(lang):
        if _whole_words(lang):
            hit = _word(word.strip()).search(text)
        elif word.startswith(" "):
            hit = re.search(rf"(?<![\w]){re.escape(word.strip())}(?![\w])", padded)
        else:
            hit = word in text
        if hit:
            found.append(word.strip())
    return found


def rejected_pattern(glossary: Glossary, lang: str) -> re.Pattern[str] | None:
    """One pattern for every word ``lang`` must not use, found as :func:`rejected_in` finds
    them (one search per text keeps a large routekaart fast)."""
    words = sorted(glossary.rejected(lang), key=len, reverse=True)
    if not words:
        return None
    parts = []
    for word in words:
        if _whole_words(lang) or word.startswith(" "):
            parts.append(rf"(?<!\w){re.escape(word.strip())}(?!\w)")
        else:
            parts.append(re.escape(word))
    return re.compile("|".join(parts), re.IGNORECASE if _whole_words(lang) else 0)


def _whole_words(lang: str) -> bool:
    """Whether rejected words are found as whole words, in any capitals (every script but
    Arabic, which writes prefixes such as "ب" and "و" onto the word)."""
    language = languages.current().by_code.get(lang)
    return language is None or language.script != "arabic"


def dutch_texts(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every text map (a mapping with an "nl" key) in content data, with its location.

    The words residents type ("match") are skipped: they are residents' words, not ours."""
    if isinstance(data, dict):
        if isinstance(data.get("nl"), str):
            yield loc, data
            return
        for key, value in data.items():
            if key != "match":
                yield from dutch_texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from dutch_texts(value, (*loc, i))


MODELS: dict[str, type[Strict]] = {FILE: Glossary}
"""The schema to write for the glossary (``glossary.schema.json``)."""
