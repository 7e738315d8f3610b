"""The staff's checker: each kind of mistake, made as a small edit of the real content, is
reported with its message at the exact file, line and column of the mistake.

Each case copies ``content/`` and applies text replacements. The expected position is found by
searching the edited file for a marker: the marker text must occur exactly once, and ``»``
inside it marks the character the message must point at (without ``»``: its first character).
So a case fails loudly if the real content changes under it, and never drifts silently.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routekaart.content import loader as content
from routekaart.content.checks import RESERVED_SLUGS
from routekaart.content.loader import load
from routekaart.content.messages import Message
from routekaart.domain import engine

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "broken"

# A fixed day: the Jongerenadviespunt has ended (2024-12-31) and the facts (checked
# 2025-03-01) are not yet stale (365 days).
TODAY = date(2025, 6, 2)

LINE_COL = re.compile(r"^content/[a-z0-9/-]+\.yaml:[1-9][0-9]*:[1-9][0-9]*: (error|warning): .+")


def where(text: str, marker: str) -> tuple[int, int]:
    """Line and column (1-based) of the ``»`` in ``marker`` (or its start) inside ``text``."""
    offset = marker.index("»") if "»" in marker else 0
    plain = marker.replace("»", "")
    count = text.count(plain)
    assert count == 1, f"marker {plain!r} occurs {count} times"
    index = text.index(plain) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


# A translation mark (``from: {en: …}``, see tests/test_translation_marks.py): the cases below
# are written without them, and the loader does not look at them.
MARK = re.compile(r", from: \{[^{}]*\}|\n *from: \{[^{}]*\}(?=\n)")


def edit(folder: Path, file: str, edits: list[tuple[str, str]]) -> str:
    """Apply text replacements (each ``old`` must occur exactly once) to the file without its
    translation marks; the new text."""
    path = folder / file
    text = MARK.sub("", path.read_text(encoding="utf-8"))
    for old, new in edits:
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in {file}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


@dataclass
class Case:
    id: str
    file: str
    edits: list[tuple[str, str]]
    # (marker, message); "{ref}" in a message becomes the line of the case's ref marker.
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    ref: str | None = None
    today: date = TODAY


def expected_lines(case: Case, text: str, found: list[tuple[str, str]], severity: str):
    lines = []
    ref = where(text, case.ref)[0] if case.ref else None
    for marker, message in found:
        line, column = where(text, marker)
        lines.append(f"content/{case.file}:{line}:{column}: {severity}: {message.format(ref=ref)}")
    return lines


KREDIETBANK_HOURS = (
    '      - days: [maandag, dinsdag, woensdag, donderdag, vrijdag]\n        from: "09:00"\n'
    '        to: "17:00"\n'
)
PING_WEDNESDAY = (
    '      - days: [woensdag]\n        from: "11:00"\n        to: "12:00"\n'
    "        location: tuinkamer-van-noord\n"
)
JONG_AGE_OPTIONS = (
    "      - slug: onder-18\n"
    "        label: {nl: Jonger dan 18, en: Younger than 18, ar: أقل من 18 سنة}\n"
    "        next: jong-rekeningen-onder-18\n"
    "      - slug: 18-tot-27\n"
    "        label: {nl: 18 tot 27 jaar, en: Aged 18 to 26, ar: من 18 إلى 26 سنة}\n"
    "        next: jong-rekeningen-18-27\n"
    "      - slug: 27-plus\n"
    "        label: {nl: 27 jaar of ouder, en: 27 or older, ar: 27 سنة أو أكثر}\n"
    "        next: binnenkort-rekeningen\n"
)
ADVOCAAT_ORG = (
    "        - organisation: sociaal-service-punt\n"
    "          reason:\n"
    "            nl: Het loket kijkt eerst naar de juridische vraag en zegt of een advocaat "
    "nodig is."
)

CASES = [
    # --- YAML itself ---------------------------------------------------------------------------
    Case(
        "yaml-syntax-indentation",
        "settings.yaml",
        [("stale_after_days: 365\n", "stale_after_days: 365\n  extra: [1\n")],
        errors=[
            ("  extra»: [1", "YAML syntax error: mapping values are not allowed in this context")
        ],
    ),
    Case(
        "yaml-syntax-unclosed-quote",
        "settings.yaml",
        [("general_page: https://", 'general_page: "https://')],
        # The quote runs on to the next quote character, in a comment at line 11.
        errors=[
            (
                'general_page: »"https',
                "YAML syntax error: the quote that opens here is closed only at line {ref}; "
                "close it on this line",
            )
        ],
        ref='organisation\'s "exceptions" say',
    ),
    Case(
        "yaml-tab-indentation",
        "routekaart.yaml",
        [("start: begin\n", "start: begin\n\tnodes: {}\n")],
        errors=[
            (
                "\tnodes: {}",
                "YAML syntax error: found a tab character that violates indentation "
                "(while scanning a plain scalar that starts at line {ref})",
            )
        ],
        ref="start: begin",
    ),
    # --- unknown keys, wrong types -------------------------------------------------------------
    Case(
        "unknown-key-typo",
        "routekaart.yaml",
        [("      - slug: direct\n        label:", "      - slug: direct\n        lable:")],
        errors=[
            ("»lable:", 'unknown key "lable" (did you mean "label"?)'),
            ("      - »slug: direct\n", 'missing key "label"'),
        ],
    ),
    Case(
        "unknown-key-organisation",
        "organisations.yaml",
        [("    phone: (070) 300 88 34\n", "    telefoon: (070) 300 88 34\n")],
        errors=[("»telefoon:", 'unknown key "telefoon"')],
    ),
    Case(
        "wrong-type-list-for-text",
        "routekaart.yaml",
        [("start: begin\n", "start: [begin]\n")],
        errors=[("start: »[begin]", "expected text, found a list")],
    ),
    Case(
        "wrong-type-text-for-number",
        "organisations.yaml",
        [("age: {min: 18, under: 27}", "age: {min: achttien, under: 27}")],
        errors=[("min: »achttien", 'expected a whole number, found text "achttien"')],
    ),
    Case(
        "wrong-type-list-for-choice",
        "routekaart.yaml",
        [
            (
                "urgency: normal\n      title:\n        nl: Je wordt bijna 18",
                "urgency: [normal]\n      title:\n        nl: Je wordt bijna 18",
            )
        ],
        errors=[("urgency: »[normal]", "expected one of today, soon, normal, found a list")],
    ),
    Case(
        "wrong-value-for-choice",
        "routekaart.yaml",
        [
            (
                "urgency: normal\n      title:\n        nl: Je wordt bijna 18",
                "urgency: todya\n      title:\n        nl: Je wordt bijna 18",
            )
        ],
        errors=[("urgency: »todya", 'unknown value "todya" (did you mean "today"?)')],
    ),
    Case(
        "wrong-type-text-for-boolean",
        "organisations.yaml",
        [
            (
                "    sources:\n"
                "      all: {document: monitor-2023-2024, section:"
                " Routekaart financiële hulp (Kredietbank Nederland)}",
                "    exceptions:\n      - date: 2025-12-24\n        closed: ja\n"
                "        reason: {nl: Kerstavond, en: Christmas Eve, ar: ليلة عيد الميلاد}\n"
                "    sources:\n"
                "      all: {document: monitor-2023-2024, section:"
                " Routekaart financiële hulp (Kredietbank Nederland)}",
            )
        ],
        errors=[("closed: »ja", 'expected true or false, found text "ja"')],
    ),
    Case(
        "invalid-date",
        "organisations.yaml",
        [("valid_until: 2024-12-31", "valid_until: 2024-12-32")],
        errors=[
            (
                "valid_until: »2024-12-32",
                '"2024-12-32" is not a date; write it as YYYY-MM-DD, like 2025-01-31',
            )
        ],
    ),
    Case(
        "period-ends-before-it-starts",
        "organisations.yaml",
        [
            (
                "    valid_until: 2024-12-31\n",
                "    valid_from: 2025-01-01\n    valid_until: 2024-12-31\n",
            )
        ],
        errors=[("    »valid_until: 2024-12-31", "valid_until lies before valid_from")],
    ),
    Case(
        "age-range-reversed",
        "organisations.yaml",
        [("age: {min: 18, under: 27}", "age: {min: 27, under: 18}")],
        errors=[("min: 27, »under: 18", "under must be above min")],
    ),
    Case(
        "exception-ends-before-it-starts",
        "organisations.yaml",
        [
            (
                PING_WEDNESDAY,
                PING_WEDNESDAY
                + "    exceptions:\n      - date: 2025-12-24\n        until: 2025-12-20\n"
                "        closed: true\n"
                "        reason: {nl: Kerstavond, en: Christmas Eve, ar: ليلة عيد الميلاد}\n",
            )
        ],
        errors=[("        »until: 2025-12-20", "until lies before date")],
    ),
    Case(
        "poster-source-in-one-language",
        "settings.yaml",
        [
            (
                "  school:\n    nl: Scholen in Leidschendam-Noord\n"
                "    en: Schools in Leidschendam-Noord\n"
                "    ar: المدارس في Leidschendam-Noord\n",
                "  school: Schools in Leidschendam-Noord\n",
            )
        ],
        errors=[("  school: »Schools in", "expected a mapping of keys (key: value)")],
    ),
    Case(
        "poster-source-without-english",
        "settings.yaml",
        [("    en: An advert in ’t Krantje (the local paper)\n", "")],
        errors=[("  krantje:\n    »nl: Advertentie", 'missing the English text ("en")')],
    ),
    Case(
        "number-out-of-range",
        "settings.yaml",
        [("stale_after_days: 365", "stale_after_days: 0")],
        errors=[("stale_after_days: »0", "0 is too small: write at least 1")],
    ),
    Case(
        "invalid-id",
        "routekaart.yaml",
        [
            ("  direct-huis-uit:\n", "  Direct_Huis_Uit:\n"),
            ("next: direct-huis-uit\n", "next: Direct_Huis_Uit\n"),
        ],
        errors=[
            (
                "  »Direct_Huis_Uit:\n",
                '"Direct_Huis_Uit" is not a valid id: use lowercase letters a-z, digits and '
                "hyphens",
            ),
            (
                "next: »Direct_Huis_Uit\n",
                '"Direct_Huis_Uit" is not a valid id: use lowercase letters a-z, digits and '
                "hyphens",
            ),
        ],
    ),
    # --- duplicates ----------------------------------------------------------------------------
    Case(
        "duplicate-node-id",
        "routekaart.yaml",
        [("  direct-huis-uit:\n", "  direct:\n"), ("next: direct-huis-uit\n", "next: direct\n")],
        errors=[
            ("  »direct:\n    result:", 'duplicate key "direct" (first written at line {ref})')
        ],
        ref="  direct:\n    question:",
    ),
    Case(
        "duplicate-organisation-id",
        "organisations.yaml",
        [("  schuldhulpmaatje:\n", "  kredietbank:\n")],
        errors=[
            (
                "  »kredietbank:\n    name: Schuldhulpmaatje",
                'duplicate key "kredietbank" (first written at line {ref})',
            )
        ],
        ref="  kredietbank:\n    name: Kredietbank",
    ),
    Case(
        "duplicate-slug",
        "routekaart.yaml",
        [("      - slug: binnenkort\n", "      - slug: direct\n")],
        errors=[
            (
                "      - slug: »direct\n        label:\n          nl: Ik heb een vraag over geld",
                'slug "direct" is used twice in this question (also option 1)',
            )
        ],
    ),
    # --- references ----------------------------------------------------------------------------
    Case(
        "dangling-node",
        "routekaart.yaml",
        [
            (
                "nl: Ik heb schulden\n          en: I have debts\n          ar: عليَّ ديون\n      "
                "  next: binnenkort-schulden",
                "nl: Ik heb schulden\n          en: I have debts\n          ar: عليَّ ديون\n      "
                "  next: binnenkort-schuldn",
            )
        ],
        errors=[
            (
                "next: »binnenkort-schuldn",
                'option "Ik heb schulden" leads to unknown node "binnenkort-schuldn" '
                '(did you mean "binnenkort-schulden"?)',
            )
        ],
    ),
    Case(
        "dangling-start",
        "routekaart.yaml",
        [("start: begin\n", "start: begn\n")],
        errors=[("start: »begn", 'start node "begn" does not exist (did you mean "begin"?)')],
    ),
    Case(
        "dangling-organisation",
        "routekaart.yaml",
        [(ADVOCAAT_ORG, ADVOCAAT_ORG.replace("sociaal-service-punt", "sociaal-servicepunt"))],
        errors=[
            (
                "- organisation: »sociaal-servicepunt",
                'unknown organisation "sociaal-servicepunt" (did you mean "sociaal-service-punt"?)',
            )
        ],
    ),
    Case(
        "dangling-location",
        "organisations.yaml",
        [(PING_WEDNESDAY, PING_WEDNESDAY.replace("tuinkamer-van-noord", "tuinkamer-noord"))],
        errors=[
            (
                "location: »tuinkamer-noord",
                'unknown location "tuinkamer-noord" (did you mean "tuinkamer-van-noord"?)',
            )
        ],
    ),
    Case(
        "dangling-location-in-exception",
        "organisations.yaml",
        [
            (
                PING_WEDNESDAY,
                PING_WEDNESDAY + "    exceptions:\n      - date: 2025-12-24\n        hours:\n"
                '          - {from: "10:00", to: "11:00", location: bieb}\n'
                "        reason: {nl: Kerstavond, en: Christmas Eve, ar: ليلة عيد الميلاد}\n",
            )
        ],
        errors=[("location: »bieb", 'unknown location "bieb"')],
    ),
    # --- the shape of the tree -----------------------------------------------------------------
    Case(
        "unreachable-node",
        "routekaart.yaml",
        [("        next: jong-leven\n", "        next: jong-bijna-18\n")],
        errors=[("  »jong-leven:\n", 'node "jong-leven" cannot be reached from the start "begin"')],
    ),
    Case(
        "cycle",
        "routekaart.yaml",
        [
            (
                "      - slug: 27-plus\n        label: {nl: 27 jaar of ouder, en: 27 or older, "
                "ar: 27 سنة أو أكثر}\n        next: binnenkort-rekeningen\n",
                "      - slug: 27-plus\n        label: {nl: 27 jaar of ouder, en: 27 or older, "
                "ar: 27 سنة أو أكثر}\n        next: jong\n",
            )
        ],
        errors=[
            (
                "ar: 27 سنة أو أكثر}\n        next: »jong\n",
                'option "27-plus" leads back to "jong": the route goes round in a circle',
            )
        ],
    ),
    Case(
        "question-with-one-option",
        "routekaart.yaml",
        [(JONG_AGE_OPTIONS, JONG_AGE_OPTIONS.split("      - slug: 18-tot-27")[0])],
        errors=[
            (
                "    »options:\n      - slug: onder-18\n        label: {nl: Jonger dan 18, en: "
                "Younger than 18, ar: أقل من 18 سنة}\n        next: jong-rekeningen-onder-18\n\n",
                "a question needs at least two options",
            )
        ],
    ),
    Case(
        "question-with-no-options",
        "routekaart.yaml",
        [("    options:\n" + JONG_AGE_OPTIONS, "    options: []\n")],
        errors=[("    »options: []", "a question needs at least two options")],
    ),
    Case(
        "question-and-result",
        "routekaart.yaml",
        [
            (
                "  jong-leven:\n    result:\n",
                "  jong-leven:\n    question: {nl: Vraag, en: Question, ar: سؤال}\n    result:\n",
            )
        ],
        errors=[
            (
                "  jong-leven:\n    »question:",
                "a node is either a question (with options) or a result, not both",
            )
        ],
    ),
    # --- texts in three languages --------------------------------------------------------------
    Case(
        "missing-dutch",
        "organisations.yaml",
        [("      nl: Hulp bij schulden\n", "")],
        errors=[("      »en: Help with debts\n", 'missing the Dutch text ("nl")')],
    ),
    Case(
        "missing-english",
        "routekaart.yaml",
        [("  en: I have worries or questions about money. Where can I go?\n", "")],
        errors=[("  »nl: Ik heb zorgen of vragen over geld.", 'missing the English text ("en")')],
    ),
    Case(
        "missing-arabic",
        "routekaart.yaml",
        [("          ar: أحتاج إلى مساعدة عاجلة الآن!\n", "")],
        errors=[
            ("          »nl: Help! Ik heb nu direct hulp nodig", 'missing the Arabic text ("ar")')
        ],
    ),
    Case(
        "empty-arabic",
        "routekaart.yaml",
        [("          ar: أحتاج إلى مساعدة عاجلة الآن!\n", "          ar: ''\n")],
        errors=[("          ar: »''", "this text is empty")],
    ),
    Case(
        "blank-arabic",
        "routekaart.yaml",
        [("          ar: أحتاج إلى مساعدة عاجلة الآن!\n", "          ar: '   '\n")],
        errors=[("          ar: »'   '", "this text is empty")],
    ),
    # --- results -------------------------------------------------------------------------------
    Case(
        "result-without-active-organisation",
        "routekaart.yaml",
        [(ADVOCAAT_ORG, ADVOCAAT_ORG.replace("sociaal-service-punt", "jongerenadviespunt"))],
        warnings=[
            (
                "        »- organisation: jongerenadviespunt\n          reason:\n"
                "            nl: Het loket kijkt eerst naar de juridische vraag",
                'result "binnenkort-advocaat" has no organisation that is active on '
                "2025-06-02; its page says that the organisations take no new questions and links "
                "to the general page",
            ),
            (
                "- organisation: »jongerenadviespunt\n          reason:\n"
                "            nl: Het loket kijkt eerst naar de juridische vraag",
                '"jongerenadviespunt" ended on 2024-12-31; these routes no longer show it: '
                "binnenkort/advocaat",
            ),
        ],
    ),
    Case(
        "result-without-organisations",
        "routekaart.yaml",
        [
            (
                "      organisations:\n" + ADVOCAAT_ORG,
                "      organisations: []\n      was:\n" + ADVOCAAT_ORG,
            )
        ],
        errors=[
            ("      organisations: »[]", "this list needs at least 1 item"),
            ("      »was:", 'unknown key "was"'),
        ],
    ),
    # --- opening hours -------------------------------------------------------------------------
    Case(
        "invalid-time",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace('"09:00"', '"25:00"'))],
        errors=[
            ('from: »"25:00"', '"25:00" is not a time; write hours:minutes from 00:00 to 23:59')
        ],
    ),
    Case(
        "invalid-minutes",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace('"17:00"', '"16:60"'))],
        errors=[('to: »"16:60"', '"16:60" is not a time; write hours:minutes from 00:00 to 23:59')],
    ),
    Case(
        "time-as-number",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace('"09:00"', "9.00"))],
        errors=[("from: »9.00", '9.0 is not a time; write it in quotes, like "09:00"')],
    ),
    Case(
        "closes-before-opening",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace('"09:00"', '"18:00"'))],
        errors=[('»to: "17:00"', "closes at 17:00, which is not after it opens at 18:00")],
    ),
    Case(
        "closes-when-opening",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace('"09:00"', '"17:00"'))],
        errors=[
            (
                'from: "17:00"\n        »to: "17:00"',
                "closes at 17:00, which is not after it opens at 17:00",
            )
        ],
    ),
    Case(
        "unknown-weekday",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace("dinsdag", "dinsdg"))],
        errors=[("»dinsdg", 'unknown weekday "dinsdg" (did you mean "dinsdag"?)')],
    ),
    Case(
        "english-weekday",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace("vrijdag]", "elke dag]"))],
        errors=[
            (
                "»elke dag",
                'unknown weekday "elke dag" (choose from maandag, dinsdag, woensdag, donderdag, '
                "vrijdag, zaterdag, zondag)",
            )
        ],
    ),
    Case(
        "weekday-twice",
        "organisations.yaml",
        [(KREDIETBANK_HOURS, KREDIETBANK_HOURS.replace("vrijdag]", "vrijdag, maandag]"))],
        errors=[
            (
                "days: »[maandag, dinsdag, woensdag, donderdag, vrijdag, maandag]",
                "day listed twice: maandag",
            )
        ],
    ),
    Case(
        "overlapping-slots",
        "organisations.yaml",
        [
            (
                PING_WEDNESDAY,
                PING_WEDNESDAY
                + '      - days: [dinsdag, woensdag]\n        from: "11:30"\n        to: "13:00"\n'
                "        location: tuinkamer-van-noord\n",
            )
        ],
        errors=[
            (
                "      - »days: [dinsdag, woensdag]",
                "these hours overlap the hours at line {ref} on woensdag",
            )
        ],
        ref="      - days: [woensdag]",
    ),
    Case(
        "no-hours-and-no-note",
        "organisations.yaml",
        [
            (
                "    hours_note:\n      nl: Openingstijden niet bekend. Contact opnemen kan via "
                "de website.\n"
                '      en: "Opening hours not known: get in touch through the website."\n'
                "      ar: أوقات العمل غير معروفة. يشرح موقعهم الإلكتروني كيف تتواصل معهم.\n",
                "",
            )
        ],
        errors=[
            (
                "  »schuldhulpmaatje:",
                '"schuldhulpmaatje" has no weekly hours; add "hours" or a "hours_note" that '
                "says so",
            )
        ],
    ),
    Case(
        "closed-and-hours",
        "organisations.yaml",
        [
            (
                PING_WEDNESDAY,
                PING_WEDNESDAY + "    exceptions:\n      - date: 2025-12-24\n        closed: true\n"
                '        hours: [{from: "10:00", to: "11:00"}]\n'
                "        reason: {nl: Kerstavond, en: Christmas Eve, ar: ليلة عيد الميلاد}\n",
            )
        ],
        errors=[
            (
                "      - »date: 2025-12-24",
                'write either "closed: true" or the other "hours", not both or none',
            )
        ],
    ),
    # --- contact details -----------------------------------------------------------------------
    Case(
        "malformed-phone",
        "organisations.yaml",
        [("phone: (070) 300 88 34", "phone: (070) 300 88 3")],
        errors=[
            (
                "phone: »(070) 300 88 3",
                '"(070) 300 88 3" is not a Dutch phone number; write 10 digits, like (070) 300 88 '
                "34",
            )
        ],
    ),
    Case(
        "phone-with-letters",
        "organisations.yaml",
        [("phone: (070) 205 70 00", "phone: 070-BEL-HULP")],
        errors=[
            (
                "phone: »070-BEL-HULP",
                '"070-BEL-HULP" is not a Dutch phone number; write 10 digits, like (070) 300 88 34',
            )
        ],
    ),
    Case(
        "malformed-email",
        "organisations.yaml",
        [("email: leidschendam-voorburg@kbnl.nl", "email: leidschendam-voorburg@kbnl")],
        errors=[
            (
                "email: »leidschendam-voorburg@kbnl\n",
                '"leidschendam-voorburg@kbnl" is not an e-mail address; write it like '
                "info@example.nl",
            )
        ],
    ),
    Case(
        "malformed-url",
        "organisations.yaml",
        [("website: https://www.schuldhulpmaatje.nl/", "website: www.schuldhulpmaatje.nl/")],
        errors=[
            (
                "website: »www.schuldhulpmaatje.nl/",
                '"www.schuldhulpmaatje.nl/leidschendam-voorburg/" is not a web address '
                "(start with https://)",
            )
        ],
    ),
    Case(
        "url-with-space",
        "settings.yaml",
        [
            (
                "general_page: https://www.sterkvoornoord.nl/geldzaken",
                "general_page: https://www.sterkvoornoord .nl/geldzaken",
            )
        ],
        errors=[
            (
                "general_page: »https",
                '"https://www.sterkvoornoord .nl/geldzaken" is not a web address',
            )
        ],
    ),
    Case(
        "malformed-whatsapp",
        "organisations.yaml",
        [("whatsapp: 06 280 577 03", "whatsapp: 070 280 577 03")],
        errors=[
            (
                "whatsapp: »070 280 577 03",
                '"070 280 577 03" is not a Dutch mobile number for WhatsApp; write it like 06 28 '
                "05 77 03",
            )
        ],
    ),
    # --- slugs that URLs need --------------------------------------------------------------------
    Case(
        "reserved-slug-first-level",
        "routekaart.yaml",
        [("      - slug: binnenkort\n", "      - slug: partners\n")],
        errors=[
            (
                "slug: »partners",
                'slug "partners" is the name of a page of the site (/nl/partners); choose another '
                "slug",
            )
        ],
    ),
    Case(
        "reserved-slug-deeper",
        "routekaart.yaml",
        [("      - slug: formulieren\n", "      - slug: organisatie\n")],
        errors=[
            (
                "slug: »organisatie",
                'slug "organisatie" is the name of a page of the site (/nl/organisatie); '
                "choose another slug",
            )
        ],
    ),
    # --- warnings ------------------------------------------------------------------------------
    Case(
        "ended-service-names-every-route",
        "organisations.yaml",
        [(PING_WEDNESDAY, PING_WEDNESDAY + "    valid_until: 2025-05-31\n")],
    ),
    Case(
        "stale-facts",
        "organisations.yaml",
        [
            ("    as_of: 2025-03-01\n", "    as_of: 2023-01-01\n"),
        ],
        # Every desk whose facts come from that document, at its name; the JAP has ended.
        warnings=[
            (
                f"  »{org_id}:\n",
                f'the facts of "{org_id}" come from sources of 2023-01-01, 883 days ago; '
                "confirm them with the desk and add a confirmation",
            )
            for org_id in (
                "kredietbank",
                "sociaal-service-punt",
                "schuldhulpmaatje",
                "ping-loket",
                "jongeren-perspectief-fonds",
            )
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_content(case: Case, content_copy: Path):
    text = edit(content_copy, case.file, case.edits)
    loaded, messages = load(content_copy, today=TODAY)
    shown = [str(m) for m in messages]
    for line in shown:
        assert LINE_COL.match(line), line
    errors = [str(m) for m in messages if m.severity == "error"]
    warnings = [str(m) for m in messages if m.severity == "warning"]
    assert sorted(errors) == sorted(expected_lines(case, text, case.errors, "error"))
    for line in expected_lines(case, text, case.warnings, "warning"):
        assert line in warnings
    if case.errors:
        assert loaded is None
    else:
        assert loaded is not None


def test_the_cases_cover_every_kind_the_issue_lists():
    kinds = {c.id for c in CASES}
    for needed in [
        "yaml-syntax-indentation",
        "unknown-key-typo",
        "wrong-type-list-for-text",
        "duplicate-node-id",
        "duplicate-slug",
        "dangling-node",
        "dangling-organisation",
        "dangling-location",
        "unreachable-node",
        "cycle",
        "question-with-one-option",
        "missing-dutch",
        "missing-english",
        "missing-arabic",
        "result-without-active-organisation",
        "invalid-time",
        "closes-before-opening",
        "unknown-weekday",
        "overlapping-slots",
        "malformed-phone",
        "malformed-email",
        "malformed-url",
        "malformed-whatsapp",
        "reserved-slug-first-level",
        "ended-service-names-every-route",
        "stale-facts",
    ]:
        assert needed in kinds


# --- the real content ------------------------------------------------------------------------


def test_bundled_content_is_valid_with_only_the_expected_warnings():
    loaded, messages = load(CONTENT, today=TODAY)
    assert loaded is not None
    assert all(m.severity == "warning" for m in messages)
    # The plain-Dutch (B1) warnings are tested in test_glossary.py.
    messages = [m for m in messages if "plain Dutch" not in m.text and "jargon" not in m.text]
    # And the facts deliberately marked to confirm are tested in test_sources.py.
    messages = [m for m in messages if not m.text.startswith("to confirm with")]
    # And so is other help whose details are to confirm (test_young_people.py).
    messages = [m for m in messages if not m.text.startswith("to confirm about")]
    text = (CONTENT / "routekaart.yaml").read_text(encoding="utf-8")
    # Every place a result names the ended Jongerenadviespunt gets a warning there.
    lines = [
        i + 1
        for i, line in enumerate(text.splitlines())
        if line == "        - organisation: jongerenadviespunt"
    ]
    assert len(lines) == 6
    warned = sorted(m.position.line for m in messages)
    assert warned == lines
    assert {m.position.column for m in messages} == {25}
    assert all(
        "ended on 2024-12-31; these routes no longer show it: jong/" in m.text for m in messages
    )


def test_ended_service_warning_names_every_route_that_loses_it(content_copy: Path):
    edit(
        content_copy,
        "organisations.yaml",
        [(PING_WEDNESDAY, PING_WEDNESDAY + "    valid_until: 2025-05-31\n")],
    )
    loaded, messages = load(content_copy, today=TODAY)
    assert loaded is not None
    text = (content_copy / "routekaart.yaml").read_text(encoding="utf-8")
    ping = {m.position.line: m.text for m in messages if '"ping-loket" ended' in m.text}
    expected_routes = {}
    tree = loaded.tree
    # Every route, and the general help that the fallback answer offers at every question.
    general = engine.resolve(tree, (tree.fallback.slug,))
    # The young people's own general help (je_fallback), reached from their branch.
    young = engine.resolve(tree, ("jong", tree.fallback.slug))
    for conversation in [young, general, *engine.results(tree)]:
        names = [r.organisation for r in conversation.result.organisations]
        if "ping-loket" in names:
            expected_routes.setdefault(conversation.node_id, []).append(conversation.slug_path)
    assert len(ping) == len(expected_routes) >= 6
    for node_id, routes in expected_routes.items():
        node_line = where(text, f"\n  {node_id}:\n")[0] + 1
        line = next(
            i + 1
            for i, row in enumerate(text.splitlines())
            if i + 1 > node_line and row == "        - organisation: ping-loket"
        )
        assert ping[line] == (
            f'"ping-loket" ended on 2025-05-31; these routes no longer show it: {", ".join(routes)}'
        )
    # The unpaid-bills result is reached two ways; both are named.
    assert any("binnenkort/rekeningen, jong/rekeningen/27-plus" in text_ for text_ in ping.values())


def test_ended_service_is_not_also_reported_as_stale():
    _, messages = load(CONTENT, today=date(2026, 6, 1))
    stale = [m.text for m in messages if "come from sources" in m.text]
    assert len(stale) == 5
    assert not any("jongerenadviespunt" in t for t in stale)


def test_a_service_that_has_not_started_is_not_active(content_copy: Path):
    edit(
        content_copy,
        "organisations.yaml",
        [
            (
                "    email: info@sociaalservicepunt.nl\n",
                "    email: info@sociaalservicepunt.nl\n    valid_from: 2025-07-01\n",
            )
        ],
    )
    _, messages = load(content_copy, today=TODAY)
    assert [m.text for m in messages if m.severity == "error"] == []
    # The two results that name only the Sociaal Service Punt and the ended Jongerenadviespunt.
    assert [m.text for m in messages if "no organisation that is active" in m.text] == [
        f'result "{node}" has no organisation that is active on 2025-06-02; its page says that '
        "the organisations take no new questions and links to the general page"
        for node in ("binnenkort-advocaat", "jong-leven")
    ]
    loaded, messages = load(content_copy, today=date(2025, 7, 1))
    assert loaded is not None
    assert not any("no organisation that is active" in m.text for m in messages)


def test_hours_that_touch_or_differ_in_place_or_period_do_not_overlap(content_copy: Path):
    extra = (
        # Right after the Wednesday hours: touching, not overlapping.
        '      - days: [woensdag]\n        from: "12:00"\n        to: "13:00"\n'
        "        location: tuinkamer-van-noord\n"
        # Same time, other place, until the end of 2029.
        '      - days: [woensdag]\n        from: "11:00"\n        to: "12:00"\n'
        "        location: bibliotheek-aan-de-vliet\n        valid_until: 2029-12-31\n"
        # Same time and place, in a period that starts after that one ends.
        '      - days: [woensdag]\n        from: "11:00"\n        to: "12:00"\n'
        "        location: bibliotheek-aan-de-vliet\n        valid_from: 2030-01-01\n"
    )
    edit(content_copy, "organisations.yaml", [(PING_WEDNESDAY, PING_WEDNESDAY + extra)])
    loaded, messages = load(content_copy, today=TODAY)
    assert [str(m) for m in messages if m.severity == "error"] == []
    assert loaded is not None


def test_missing_and_empty_files(content_copy: Path):
    (content_copy / "settings.yaml").unlink()
    (content_copy / "organisations.yaml").write_text("# nothing yet\n")
    loaded, messages = load(content_copy, today=TODAY)
    assert loaded is None
    assert [str(m) for m in messages] == [
        "content/organisations.yaml:1:1: error: the file is empty",
        "content/settings.yaml:1:1: error: missing file settings.yaml",
    ]


def test_missing_folder(tmp_path: Path):
    loaded, messages = load(tmp_path / "nothing", today=TODAY)
    assert loaded is None
    assert [m.text for m in messages] == ["no such content folder"]


def test_messages_print_like_a_compiler():
    message = Message(content.Position("content/routekaart.yaml", 42, 7), "error", "boom")
    assert str(message) == "content/routekaart.yaml:42:7: error: boom"


# --- the depth limit of the engine -------------------------------------------------------------


def chain(content_copy: Path, length: int) -> str:
    """Put a chain of ``length`` extra questions between the start and "jong"."""
    nodes = []
    for i in range(1, length + 1):
        following = f"keten-{i + 1}" if i < length else "jong"
        nodes.append(
            f"  keten-{i}:\n"
            f"    question: {{nl: Vraag {i}, en: Question {i}, ar: سؤال {i}}}\n"
            "    options:\n"
            f"      - slug: verder-{i}\n"
            "        label: {nl: Verder, en: Go on, ar: تابع}\n"
            f"        next: {following}\n"
            f"      - slug: klaar-{i}\n"
            "        label: {nl: Klaar, en: Done, ar: انتهى}\n"
            "        next: jong\n"
        )
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("        next: jong\n") == 1
    text = text.replace("        next: jong\n", "        next: keten-1\n")
    text = text.rstrip("\n") + "\n\n" + "".join(nodes)
    path.write_text(text, encoding="utf-8")
    return text


def test_routes_up_to_the_engine_limit_are_fine(content_copy: Path):
    # start (1) + 13 chain answers + jong (1) + age (1) = 16 answers: exactly the limit.
    chain(content_copy, 13)
    loaded, messages = load(content_copy, today=TODAY)
    assert loaded is not None, [str(m) for m in messages]
    longest = max(engine.results(loaded.tree), key=lambda c: len(c.path))
    assert len(longest.path) == engine.MAX_DEPTH
    assert engine.resolve(loaded.tree, longest.slug_path) == longest


def test_routes_past_the_engine_limit_are_an_error(content_copy: Path):
    text = chain(content_copy, 14)
    _, messages = load(content_copy, today=TODAY)
    errors = [str(m) for m in messages if m.severity == "error"]
    line, column = where(text, "  jong-rekeningen-leeftijd:\n    question:")
    options_line = next(
        i + 1
        for i, row in enumerate(text.splitlines())
        if i + 1 > line and row == "      - slug: onder-18"
    )
    assert errors == [
        f"content/routekaart.yaml:{options_line}:15: error: the answers of "
        '"jong-rekeningen-leeftijd" are answer 17 of a route; the site follows at most 16 '
        "answers: make the route shorter"
    ]


def test_every_page_name_of_the_app_is_a_reserved_slug(app):
    """A slug named like a page (/nl/partners) would be shadowed by it, so the checker refuses
    every first path segment the app routes; read from the app, so a new page cannot slip past."""
    pages = set()
    for rule in app.url_map.iter_rules():
        parts = [part for part in rule.rule.split("/") if part]
        if parts and parts[0] == "<lang:lang>":
            parts = parts[1:]  # the language
        if parts and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", parts[0]):
            pages.add(parts[0])
    assert {"partners", "monitor", "poster", "toegankelijkheid"} <= pages  # the parsing works
    assert pages <= RESERVED_SLUGS, sorted(pages - RESERVED_SLUGS)


# --- committed fixture folders ---------------------------------------------------------------


def fixture_cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("fixture", fixture_cases(), ids=lambda p: p.name)
def test_committed_fixture(fixture: Path, content_copy: Path):
    """tests/fixtures/broken/<case>/ holds changed files (overlaid on a copy of the content)
    and ``expected.txt``: the exact error lines. Instead of numbers, ``file:@marker@:`` gives
    the line and column of the marker (``»`` marks the exact character) and ``[[marker]]`` in
    the message gives the line of that marker, so no number is written by hand."""
    for path in fixture.iterdir():
        if path.suffix == ".yaml":
            shutil.copy(path, content_copy / path.name)
    _, messages = load(content_copy, today=TODAY)
    expected = []
    for row in (fixture / "expected.txt").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            expected.append(_resolve_markers(row, content_copy))
    assert expected
    assert [str(m) for m in messages if m.severity == "error"] == expected


def _resolve_markers(row: str, folder: Path) -> str:
    match = re.fullmatch(r"(content/([a-z]+\.yaml)):@(.+?)@:(.*)", row)
    assert match, row
    raw = (folder / match[2]).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # the invalid-UTF-8 fixture: find the marker in Latin-1
        text = raw.decode("latin-1")
    line, column = where(text, match[3])
    message = re.sub(r"\[\[(.+?)\]\]", lambda m: str(where(text, m[1])[0]), match[4])
    return f"{match[1]}:{line}:{column}:{message}"


# --- robustness: any edit of any value gives messages, never an exception --------------------


_WEIRD = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(max_size=12)
    | st.sampled_from(
        ["09:00", "25:00", "9:00", "2025-02-30", "maandag", "jong", "kredietbank", "", "-"]
    )
    | st.just([])
    | st.just({})
    | st.just([1, "x"])
    | st.just({"nl": "a", "en": "b", "ar": "c"})
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_value_changed_gives_messages_not_exceptions(data, content_copy: Path):
    import yaml

    from routekaart.content.yamlsource import load as load_yaml

    for path in CONTENT.glob("*.yaml"):
        shutil.copy(path, content_copy / path.name)  # undo the previous example
    name = data.draw(st.sampled_from(["organisations.yaml", "routekaart.yaml", "settings.yaml"]))
    doc = load_yaml(CONTENT / name, name)
    locs = sorted((loc for loc in doc.locations() if loc), key=repr)
    loc = data.draw(st.sampled_from(locs))
    value = data.draw(_WEIRD)
    tree = doc.data
    for part in loc[:-1]:
        tree = tree[part]
    tree[loc[-1]] = value
    (content_copy / name).write_text(yaml.safe_dump(doc.data, allow_unicode=True), encoding="utf-8")
    loaded, messages = load(content_copy, today=TODAY)
    for message in messages:
        assert LINE_COL.match(str(message)), str(message)
    if loaded is None:
        assert any(m.severity == "error" for m in messages)
