"""The interface's words as the catalogs write them, for tests that compare a page with them.

A test that asked gettext for its expected text would pass in English when a catalog is
missing or an entry is left out (gettext then returns the English msgid, and so does the
page). These read the ``.po`` file itself and fail when the entry is not translated there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


@cache
def _catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def msgstr(lang: str, msgid: str, context: str | None = None) -> str:
    """The catalog's own translation of ``msgid`` into ``lang``; fails when it has none."""
    message = _catalog(lang).get(msgid, context=context)
    assert message is not None, f"{msgid!r} is not in the {lang} catalog"
    assert isinstance(message.string, str) and message.string, f"{msgid!r}: no {lang} text"
    assert not message.fuzzy, f"{msgid!r} is fuzzy in the {lang} catalog"
    return message.string
