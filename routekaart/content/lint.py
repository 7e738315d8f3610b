"""Advice for writers: plain Dutch (B1), the glossary's words and translations whose Dutch
changed since they were made (:mod:`routekaart.content.marks`), in ``routekaart check`` only.

The loader (:mod:`routekaart.content.loader`) decides what the site may serve: a version with
an error is never served. What is here never decides that: long Dutch sentences, jargon, and
English or Arabic words the glossary rejects are warnings for staff while they edit, so a
running site never spends time on them. A glossary that does not load is an error of
``routekaart check`` (staff must fix it), but the site goes on serving the content.
"""

from __future__ import annotations

import re
from pathlib import Path

from routekaart.content import glossary as glossary_module
from routekaart.content import languages, marks
from routekaart.content.messages import LANGUAGE_NAMES, Message, display_name
from routekaart.content.yamlsource import Document, YamlError
from routekaart.content.yamlsource import load as load_yaml

PLAIN_DUTCH_FILES = ("routekaart.yaml", "organisations.yaml", "settings.yaml")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w")


def long_sentences(text: str, max_words: int) -> list[str]:
    """The sentences of ``text`` with more than ``max_words`` words (a URL is one word)."""
    if text.count(" ") < max_words:  # fast path: too few words in all for one long sentence
        return []
    found = []
    for sentence in _SENTENCE_END.split(text):
        words = [w for w in sentence.split() if _WORD.search(w)]
        if len(words) > max_words:
            found.append(sentence)
    return found


def plain_dutch(folder: Path, documents: dict[str, Document]) -> list[Message]:
    """Warnings for Dutch sentences over the glossary's word limit and for its jargon words.

    Only with a ``glossary.yaml`` (it holds the limit and the jargon); the monitor's files are
    read here too. Warnings, not errors: staff decide, but they see it while they edit."""
    found, messages = glossary_module.load(folder)
    if found is None:
        return messages
    glossary, _ = found
    docs = [documents[name] for name in PLAIN_DUTCH_FILES if name in documents]
    for path in sorted((folder / "monitor").glob("*.yaml")):
        try:
            docs.append(load_yaml(path, display_name(path, folder)))
        except (YamlError, OSError):
            continue  # the monitor's own loader reports it
    jargon = glossary_module.jargon_pattern(glossary)
    for doc in docs:
        for loc, text in glossary_module.dutch_texts(doc.data):
            if loc[:1] == ("headings",):
                continue  # a monitor's source headings: the source's own Dutch words, quoted
            dutch = text["nl"]
            too_long = long_sentences(dutch, glossary.max_words)
            words = []
            if jargon is not None and jargon.search(dutch):  # one search for most texts
                words = sorted({m.group(0) for m in jargon.finditer(dutch)})
            # A word explained in the glossary's own plain words may stay: "VE (voorschool)".
            words = [w for w in words if glossary.plain(w).casefold() not in dutch.casefold()]
            if not too_long and not words:
                continue
            position = doc.position((*loc, "nl"))
            for sentence in too_long:
                count = len([w for w in sentence.split() if _WORD.search(w)])
                start = " ".join(sentence.split()[:5])
                messages.append(
                    Message(
                        position,
                        "warning",
                        f"a Dutch sentence of {count} words (“{start} …”); plain Dutch (B1) "
                        f"keeps sentences to about {glossary.max_words} words: split it",
                    )
                )
            for word in words:
                plain = glossary.plain(word)
                messages.append(
                    Message(
                        position,
                        "warning",
                        f"“{word}” is jargon many residents do not know; say “{plain}” "
                        "or explain it (see glossary.yaml)",
                    )
                )
    return messages


def glossary_words(folder: Path, documents: dict[str, Document]) -> list[Message]:
    """Warnings for English and Arabic words the glossary rejects ("مكتب مفتوح", "تم …",
    "a first talk"), with its reason, so staff see them while they edit."""
    found, _ = glossary_module.load(folder)  # plain_dutch reports a broken glossary
    if found is None:
        return []
    glossary, _ = found
    others = [lang for lang in languages.current().configured if lang != "nl"]
    patterns = {lang: glossary_module.rejected_pattern(glossary, lang) for lang in others}
    reasons = {lang: glossary.rejected(lang) for lang in others}
    messages = []
    for name in PLAIN_DUTCH_FILES:
        doc = documents.get(name)
        if doc is None:
            continue
        for loc, text in glossary_module.dutch_texts(doc.data):
            for lang, pattern in patterns.items():
                written = text.get(lang)
                if not isinstance(written, str) or pattern is None or not pattern.search(written):
                    continue
                for word in glossary_module.rejected_in(written, lang, glossary):
                    reason = reasons[lang].get(word) or reasons[lang].get(f" {word} ", "")
                    messages.append(
                        Message(
                            doc.position((*loc, lang)),
                            "warning",
                            f"the {LANGUAGE_NAMES[lang]} text uses “{word}”, which the "
                            f"glossary rejects: {reason}",
                        )
                    )
    return messages


def lint(folder: Path, documents: dict[str, Document] | None = None) -> list[Message]:
    """All advice for the content in ``folder``; ``documents`` are its parsed files if the
    caller has them (the loader's), else the files are read here."""
    folder = Path(folder)
    if documents is None:
        documents = {}
        for name in PLAIN_DUTCH_FILES:
            path = folder / name
            try:
                documents[name] = load_yaml(path, display_name(path, folder))
            except (YamlError, OSError):
                continue  # the loader reports it
    return (
        plain_dutch(folder, documents)
        + glossary_words(folder, documents)
        + marks.check(marks.content_documents(folder))
    )
