"""Ages stated in texts, read as data, so the checker can hold every text to one truth.

An age range is ``(low, under)``: from ``low`` (included) to ``under`` (not included); either
end may be open (None). How each language states a range, as residents read it:

- Dutch "18 tot 27 jaar" is the source's wording: 18 up to, not including, 27 (``(18, 27)``);
  "18 tot en met 26" is the same range; "jonger dan 18" is ``(None, 18)``; "27 jaar of ouder"
  is ``(27, None)``.
- English "18 to 26" counts both ends (``(18, 27)``): so "aged 18 to 27" would include 27.
- Arabic "من 18 إلى 26" counts both ends, like English.

Times ("09:00 tot 12:00") are not ages: a number next to a colon is skipped.
"""

from __future__ import annotations

import re

from routekaart.content import languages

Range = tuple[int | None, int | None]

# How each language states a range is data: ``checks: ages:`` of the language in
# content/languages.yaml, tried in order ("tot en met" before "tot"); a language without them
# is not checked, and the checker says so.

_AGE_SLUG = re.compile(r"^(?:onder-(\d+)|(\d+)-tot-(\d+)|(\d+)-plus)$")


def stated_ranges(text: str, lang: str) -> list[Range]:
    """The age ranges a text states, in order, e.g. ``[(18, 27)]`` for "18 tot 27 jaar"."""
    found: list[tuple[int, Range]] = []
    taken: list[tuple[int, int]] = []
    language = languages.current().by_code.get(lang)
    for pattern, kind in (language.ages if language is not None else None) or ():
        for m in pattern.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            numbers = [int(g) for g in m.groups()]
            if kind == "inclusive":
                found.append((m.start(), (numbers[0], numbers[1] + 1)))
            elif kind == "exclusive":
                found.append((m.start(), (numbers[0], numbers[1])))
            elif kind == "under":
                found.append((m.start(), (None, numbers[0])))
            else:
                found.append((m.start(), (numbers[0], None)))
    return [r for _, r in sorted(found)]


def slug_range(slug: str) -> Range | None:
    """The range an answer slug stands for: ``onder-18``, ``18-tot-27``, ``27-plus``."""
    m = _AGE_SLUG.match(slug)
    if m is None:
        return None
    if m[1]:
        return (None, int(m[1]))
    if m[2]:
        return (int(m[2]), int(m[3]))
    return (int(m[4]), None)


def describe(ages: Range) -> str:
    """A range in the checker's words: "18 up to (not including) 27"."""
    low, under = ages
    if low is None:
        return f"younger than {under}"
    if under is None:
        return f"{low} or older"
    return f"{low} up to (not including) {under}"
