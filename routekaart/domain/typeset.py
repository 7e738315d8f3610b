"""How Latin text is set inside the pages: isolated left-to-right, broken only where it may be.

Right-to-left pages hold many Latin runs: names on doors and letters (Kredietbank Nederland,
"Doe Mee!", ’t Krantje), addresses, e-mail addresses, web addresses, times. Without help the
Unicode bidirectional algorithm gives their edge punctuation to the Arabic around them: "VE+"
shows as "+VE", "’t Krantje" as "t Krantje’", and a Latin comma jumps to the other side of a
name. Each run therefore becomes one left-to-right isolate, ``<bdi dir="ltr">``.

Where a run may break matters on paper and on narrow phones: a name broken across two lines
of an Arabic page jumps sides (its first words end one line on the left, its last word starts
the next on the right), a time range broken after its dash reads as two times, and a web
address broken in the middle of a word cannot be typed. So:

- an isolate never breaks inside (``white-space: nowrap`` on ``bdi[dir="ltr"]``, app.css);
- a name made of parts ("Tuinkamer van Noord, Sporthal de Fluit") may break after its commas;
- a web or e-mail address may break only after ``/`` and before ``.`` and ``@`` (``<wbr>``).

Those last two are ``<bdi dir="ltr" class="parts">`` with each unbreakable part in a ``<span>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markupsafe import Markup, escape

from routekaart.content.languages import LANGUAGES

# Latin letters (Basic Latin, Latin-1, Latin Extended-A/B) and European digits: what starts,
# ends and fills a left-to-right run.
_CORE = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# What may stand between Latin letters inside one run: spaces and the punctuation of names,
# addresses, times and web addresses. Not the Arabic comma (U+060C): it separates runs.
_INNER = _CORE + r" .,\-/@:&'’‘()+!?%#–_=~"
_RUN = re.compile(rf"[{_INNER}]*[{_CORE}][{_INNER}]*")
_IS_CORE = re.compile(rf"[{_CORE}]")
# Break opportunities in an address: after a slash (not between the two of "//"), and before
# a dot or an at sign.
_URL_BREAKS = re.compile(r"(?<=/)(?!/)|(?=[.@])")
_TAG = re.compile(r"(<[^>]*>)")


def _is_core(char: str) -> bool:
    return bool(_IS_CORE.fullmatch(char))


def _looks_like_address(text: str) -> bool:
    """A web or e-mail address: no spaces; an @, a scheme, www. or a dotted host and a path."""
    if not text or any(c.isspace() for c in text):
        return False
    if "@" in text or text.startswith(("http://", "https://", "www.")):
        return True
    return re.match(r"[\w-]+(\.[\w-]+)+/", text) is not None


def _bdi(content: Markup | str, css_class: str | None, lang: str | None) -> Markup:
    """A left-to-right isolate with its class and language, when it has them."""
    attributes = Markup("")
    if css_class:
        attributes += Markup(' class="{}"').format(css_class)
    if lang:
        attributes += Markup(' lang="{}"').format(lang)
    return Markup('<bdi dir="ltr"{}>{}</bdi>').format(attributes, content)


def _parts(
    pieces: list[str], joiner: Markup, css_class: str | None, lang: str | None = None
) -> Markup:
    spans = (Markup("<span>{}</span>").format(piece) for piece in pieces if piece)
    return _bdi(joiner.join(spans), " ".join(filter(None, ["parts", css_class])), lang)


def ltr(text: str, css_class: str | None = None, lang: str | None = None) -> Markup:
    """A Latin name, address, time or web address as one isolate that breaks only where it may.

    A web or e-mail address may break after ``/`` and before ``.`` and ``@``; a name of parts
    after its commas; anything else never (``white-space: nowrap`` in app.css). ``lang`` names
    the language of the words ("nl" for Dutch names and terms in Arabic text), so a screen
    reader switches voice; an address never gets one.
    """
    text = str(text)
    if _looks_like_address(text):
        pieces = _URL_BREAKS.split(text)
        if len([p for p in pieces if p]) > 1:
            return _parts(pieces, Markup("<wbr>"), css_class)
        lang = None
    elif ", " in text:
        # "Tuinkamer van Noord," and "Sporthal de Fluit": each part whole, the comma kept.
        names = text.split(", ")
        parts = [name + "," for name in names[:-1]] + names[-1:]
        return _parts(parts, Markup(" "), css_class, lang)
    return _bdi(text, css_class, lang)


def sentence_start(text: str) -> str:
    """A text as it starts a sentence, a heading or a table cell: its first letter a capital.
    Babel writes Dutch month names in lower case, as running text needs ("sinds november
    2026"); at the start of a cell Dutch writes "November 2026". A script without capitals
    (Arabic) is left as it is."""
    return text[:1].upper() + text[1:] if text else text


def running_text(text: str) -> str:
    """A label continued inside a sentence or brackets: its first letter in lower case
    ("(aged 18 to 26)"). For labels that start with a common word, never with a name."""
    return text[:1].lower() + text[1:] if text else text


_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def words_lang(run: str) -> str | None:
    """The language of a Latin run inside Arabic text: Dutch ("nl") when it holds words (names
    of Dutch organisations and places, terms such as deurwaarder or beslagvrije voet); none
    for a time, a phone number or an address, which the page's own voice reads."""
    if _LETTER.search(run) and not _looks_like_address(run):
        return "nl"
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the run inside ``text[start:end]`` without the punctuation around it.

    A run starts with a letter or digit, or with a quote or an opening bracket right before
    one ("’t Krantje", "(JAP)"); it ends with a letter or digit, a closing bracket, a "+"
    ("VE+"), or a "!" that Arabic text follows ("Doe Mee! في"): a "!" or "." at the end of the
    text ends the Arabic sentence, not the name. Unmatched brackets are left outside.
    """
    while True:
        before = (start, end)
        while start < end and not (
            _is_core(text[start])
            or (text[start] in "'’‘(" and start + 1 < end and _is_core(text[start + 1]))
        ):
            start += 1
        while end > start and not (
            _is_core(text[end - 1])
            or text[end - 1] in "+)"
            or (text[end - 1] == "!" and text[end:].strip() != "")
        ):
            end -= 1
        run = text[start:end]
        if run.startswith("(") and run.count("(") > run.count(")"):
            start += 1
        if run.endswith(")") and run.count(")") > run.count("("):
            end -= 1
        if (start, end) == before:
            return start, end


def _runs(text: str) -> Iterator[tuple[str, str]]:
    """``text`` cut into (text before a Latin run, the run) pairs; the last pair's run is empty
    and holds what follows the last run."""
    position = 0
    for match in _RUN.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        if start >= end:
            continue
        yield text[position:start], text[start:end]
        position = end
    yield text[position:], ""


def _isolate_text(text: str) -> Markup:
    """Plain text with every Latin run isolated (Dutch words marked ``lang="nl"``);
    everything else escaped."""
    return Markup("").join(
        escape(before) + (ltr(run, lang=words_lang(run)) if run else "")
        for before, run in _runs(text)
    )


LRI, PDI = "\u2066", "\u2069"  # a left-to-right isolate and its end (Unicode bidi)


def isolate_latin_plain(text: str) -> str:
    """Plain text with every Latin run between Unicode isolates (U+2066 … U+2069), for places
    where no ``<bdi>`` may stand: an ``<option>`` of a select list ("’t Krantje")."""
    return "".join(before + (LRI + run + PDI if run else "") for before, run in _runs(text))


def isolate_latin(text: str) -> Markup:
    """Text for a right-to-left page with every Latin run in its own left-to-right isolate.

    Plain text is escaped first and then wrapped. Markup (a translated sentence with values
    filled in) keeps its tags; only its text is touched, and nothing already inside a
    ``<bdi>`` is wrapped again.
    """
    if not isinstance(text, Markup):
        return _isolate_text(str(text))
    out: list[str] = []
    depth = 0  # how many <bdi> elements the current text is inside
    for piece in _TAG.split(str(text)):
        if piece.startswith("<"):
            if re.match(r"<bdi[\s>]", piece):
                depth += 1
            elif piece.startswith("</bdi"):
                depth = max(0, depth - 1)
            out.append(Markup(piece))
        elif depth:
            out.append(Markup(piece))
        else:
            out.append(_isolate_text(html.unescape(piece)))
    return Markup("").join(out)


# A web or e-mail address inside a sentence; a full stop or comma right after it is the
# sentence's, not the address's.
_ADDRESS_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def addresses_kept_whole(text: str) -> Markup:
    """Plain text escaped, with each web or e-mail address breaking only after / or before ."""
    out: list[str] = []
    position = 0
    for match in _ADDRESS_IN_TEXT.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?)":
            end -= 1
        out.append(escape(text[position : match.start()]))
        out.append(ltr(text[match.start() : end]))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def list_comma(lang: str) -> str:
    """The comma that joins the parts of a list or an address in ``lang`` (", ", "، "): CLDR's,
    through Babel (see :mod:`routekaart.content.languages`)."""
    language = LANGUAGES.by_code.get(lang)
    return language.comma if language is not None else ", "


def list_semicolon(lang: str) -> str:
    """The semicolon between items that hold commas themselves in ``lang`` ("; ", "؛ "):
    CLDR's, through Babel (see :mod:`routekaart.content.languages`)."""
    language = LANGUAGES.by_code.get(lang)
    return language.semicolon if language is not None else "; "


def place_parts(name: str, lang: str) -> str:
    """A place name made of parts joined with the language's comma: "Tuinkamer van Noord،
    Sporthal de Fluit" on an Arabic page, as the address line around it."""
    return list_comma(lang).join(name.split(", "))


def isolated_place(name: str, lang: str) -> Markup:
    """:func:`place_parts` for a page: each part isolated (:func:`ltr`), so a Latin name keeps
    its direction among Arabic punctuation."""
    language = LANGUAGES.by_code.get(lang)
    rtl = language is not None and language.direction == "rtl"
    return Markup(list_comma(lang)).join(
        ltr(part, lang=words_lang(part) if rtl else None) for part in name.split(", ")
    )
