"""Match a resident's own words to the situations of the routekaart.

Pure Python over the content model, offline: no Flask, no network, no model download. A
resident types "de deurwaarder stond voor de deur", "قطعوا عني الكهرباء" or "I'm being evicted";
:func:`match` answers the situations (results, by their stable path) that fit best.

How a text is read, in order:

1. Normalised: case, accents, Arabic diacritics, alef and hamza forms, taa marbuta, alef
   maqsura, tatweel and Arabic-Indic digits are folded away, the same way for the content and
   for what residents type.
2. An age ("ik ben 17", "zestien", "student 23", "عمري سطاش", "I'm 22") is read first; on
   routes that ask the age (a question whose answers are age ranges like ``onder-18``) it
   picks the branch.
3. Each word becomes features: the word itself and its Snowball stem (Dutch, English or
   Arabic), so plurals and verb forms meet. A word the content does not know is tried as a
   Dutch compound (``loonbeslag`` = ``loon`` + ``beslag``) and then with rapidfuzz against
   every known word, for spelling mistakes.
   Spoken Arabic and Arabizi (:mod:`routekaart.domain.resident_words`): dialect words become
   the content's word ("مصاري" is "فلوس"), a word after a lack word is also read as lacking
   ("geen geld" gives ``~geld``), and a Latin word in an Arabizi text ("flous", "3andi") is
   read by its consonants against the Arabic words the content knows.
4. A situation scores the weight of every word that counted. A word's weight is how rare it
   is among the situations (inverse document frequency): "deurwaarder" says much, "geld"
   little, "ik" nothing (stop words).

Rules a desk worker keeps: a generic word alone never makes a route urgent (an urgent route
needs one of its own telling words, a phrase of several words met in full, or two words that
met exactly); a stated age never sends a minor to the adults' route; and a young people's age
question and the adults' route it leads to are one option, never two near-identical lines.

Staff keep synonyms and example sentences next to each result (``match:`` in the YAML); the
matcher also reads the titles and the answer labels on the way to the result, in all three
languages, whatever the page language.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import snowballstemmer
from rapidfuzz import fuzz, process

from routekaart.content.languages import LANGUAGES
from routekaart.domain import engine, resident_words
from routekaart.domain.resident_words import LACK, LACK_PASSES

if TYPE_CHECKING:
    from routekaart.content.model import Text
    from routekaart.domain.engine import Conversation, Tree

MAX_MATCHES = 3
MAX_CHARS = 500  # longer texts are cut: a worry fits in a few sentences
MAX_WORDS = 60
MAX_WORD_CHARS = 40  # "x" * 5000 is not a word worth comparing with every known one

# Below this raw score (the sum of the weights of the words that counted) nothing fits. One
# word that belongs to a single situation weighs about 2.9; a word shared by half of them
# about 1.1; so one telling word is enough and two vague ones are not.
MIN_RAW = 1.6
# Scores shown are 1 - exp(-raw / SCALE), from 0 to 1; three telling words give about 0.95.
SCALE = 3.0
# An age that fits an age branch makes that branch stronger than the same route for adults.
AGE_BONUS = 1.35
# A stated age and an age branch that fits ("24 and broke with bills"): the branch comes first,
# before a route that is not urgent, unless that route fits this many times better.
AGE_LEAD = 2.0
# How much a fuzzy, Arabizi or compound hit counts next to an exact one.
COMPOUND_QUALITY = 0.9
ARABIZI_QUALITY = 0.85
STEM_QUALITY = 0.6
# Two Arabic words with the same root ("حاجزين", "حجز") are related, not the same word.
ROOT_QUALITY = 0.85
ROOT = "√"
HEAD_QUALITY = 0.75
MODIFIER_QUALITY = 0.6  # the first part of a compound, before a linking s
# How close (rapidfuzz ratio, 0-100) a misspelt word must be to a known one. Short words need
# to be closer: "morgen" is one letter from "zorgen". Arabic words carry their article and
# clitics, so two words share more letters by chance.
FUZZY_MIN = ((5, 86), (7, 85), (MAX_WORD_CHARS, 80))
FUZZY_MIN_ARABIC = 88
# A resident's text that holds every word of one of a situation's phrases ("debt", "geen
# stroom") adds this much per word of that phrase: it breaks ties between situations that
# share a word ("debt" in "debt collector").
PHRASE_BONUS = 0.4

# Stop words: words that say nothing about a money worry. Short, hand-kept lists, because
# they are about this matcher's job (pronouns, articles, "help", "please"), not a language.
_STOP_TEXT = """
    ik je jij u uw we wij ze zij hij het de een en of maar dat die dit deze er is ben bent
    zijn was waren heb hebt heeft hebben had wordt word worden kan kun kunt kunnen moet moeten
    wil wilt willen mag mijn me mij ons onze hun haar zijn met van voor naar op in aan bij
    om te tot over door als dan nog al ook wel niet geen nu hoe wat wie waar waarom
    wanneer welk welke zo heel erg veel meer jaar oud beetje even graag hallo hoi hulp help
    helpen nodig vraag vragen alstublieft aub pls plz please iets iemand ja nee mn m n k t
    zoek zoeken ga gaat gaan doe doet doen maak maakt maken kopen kom komt komen kwam
    hou houd houdt houden bijna huiswerk
    i me my mine you your we our they them he she it its a an the and or but that this these
    those is am are was were be been being have has had do does did can could will would
    should must want wants need needs to of for from on in at by with about as so very
    much more no not yes hi hello please someone something what how why who where when
    too year years old im i'm dont cant get got getting anyone any some just really buy
    go going make do won homework
    انا أنا انت أنت هو هي نحن هم في من الى إلى على عن مع هذا هذه ذلك التي الذي و او أو
    ثم لا لم لن ما ماذا كيف هل يا ليش شو ايش وش عندي عندنا لي لدي كان كانت يكون مساعده
    مساعدة ساعدني ساعدوني مرحبا السلام عليكم ممكن بدي ابغى ابي اريد أريد عايز عاوز بس
    كثير شي شيء سنه سنة عمري عني علي عليه بقدر اقدر قادر عم رح راح بدي بده بدها صار
    لازم شو اعمل ال احتاج محتاج لان اضغط
"""

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ة": "ه",
        "ء": None,
        "ی": "ي",  # Persian yeh, as typed on some phones
        "ک": "ك",
        # Letters of spoken Arabic: Iraqi and Gulf "گ" and Moroccan "ڭ" for ق said as g,
        # "ڤ" for v, "پ" for p, "چ" for ch.
        "گ": "ق",
        "ڭ": "ق",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        # The dialects write ذ as د ("ياخدو", "هدا"): one letter.
        "ذ": "د",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD = re.compile(r"[^\W_]+")
# A word in one script: "الbelastingdienst" (the Arabic article on a Dutch word) is two.
_ONE_SCRIPT = re.compile(r"[\u0600-\u06ff]+|[^\u0600-\u06ff]+")
_PLURAL_ALEF = re.compile(r"(?<=[\u0621-\u064a]{2})وا(?![\u0621-\u064a])")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

# The stemmer of each language is named in content/languages.yaml (Dutch: the Porter variant
# keeps "schuld"/"schulden" and "huur"/"huren" together; the newer Dutch algorithm in
# snowballstemmer 3 stems "schulden" to "schul"). A language without one matches whole words.
_STEMMERS: dict[str | None, Any] = {None: None}


def _stem(lang: str, word: str) -> str:
    """``word`` stemmed as ``lang`` (as it is for a language without a stemmer)."""
    language = LANGUAGES.by_code.get(lang)
    name = language.stemmer if language is not None else None
    if name not in _STEMMERS:
        _STEMMERS[name] = snowballstemmer.stemmer(name)
    stemmer = _STEMMERS[name]
    return stemmer.stemWord(word) if stemmer is not None else word


# Which script a word is written in, by its first letter; any other letter is Latin.
_SCRIPTS = (
    ("arabic", re.compile("[\u0600-\u06ff]")),
    ("cyrillic", re.compile("[\u0400-\u04ff]")),
    ("ethiopic", re.compile("[\u1200-\u139f]")),
    ("greek", re.compile("[\u0370-\u03ff]")),
)


def _script(word: str) -> str:
    for script, letter in _SCRIPTS:
        if letter.match(word):
            return script
    return "latin"


def _script_languages(script: str) -> tuple[str, ...]:
    """The live languages written in ``script`` (languages.yaml), Dutch first."""
    return _written_in(script, LANGUAGES.live)


@functools.lru_cache(maxsize=64)
def _written_in(script: str, live: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code for code in live if LANGUAGES.get(code).script == script)


# Ages as residents write them, read from normalised text (Arabic already folded, digits
# Western). The number must be an age a resident of the routekaart can have.
_AGE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\bik ben (\d{1,2})\b",
        r"\bben (\d{1,2}) jaar\b",
        r"\b(\d{1,2}) jaar oud\b",
        r"\b(\d{1,2}) ?jarige?\b",
        r"\bi ?m (\d{1,2})\b",
        r"\bi am (\d{1,2})\b",
        r"\b(\d{1,2}) ?(?:years?|yrs?|yo|y o|j|jr|jaar|ans?|3am|sna|sana)\b",
        r"\baged? (\d{1,2})\b",
        r"(?<!\w)(?:عمري|عمره|عمرها|عمرو|بعمر|سني|3mri|3omri|omri|3mro) (\d{1,2})\b",
        r"\b(\d{1,2}) (?:سنه|سنين|سنوات|عام)",
        r"\b(?:انا|ana) (\d{1,2})\b",
    )
)
# Becoming an age in spoken Arabic: the verb with its tense prefixes ("بكمل", "حصير", "رح
# يصير عمري", "غادي نكمل", "قربت نوصل").
_BECOME_AR = (
    r"(?<!\w)(?:قربت|قريب|غادي|راح|رح|ح)?\s?(?:[بحهسك]?[اينت]?)"
    r"(?:صير|كمل|بلغ|وصل|ولي|بقي)(?!\w)"
)
_TURNING = re.compile(
    r"(?:\b(?:ik word|word ik|wordt hij|wordt ze|word bijna|bijna|i turn|i ?m turning|turning"
    r"|almost|nearly|i will be)"
    rf"|{_BECOME_AR}(?: عمري)?)"
    r" (\d{1,2})\b|\b(\d{1,2}) (?:jaar )?worden\b"
    # "volgende week jarig, dan ben ik 18": a birthday to come
    r"|\b(?:jarig|verjaardag|birthday)\b(?: \w+){0,4}? (\d{1,2})\b"
)
# "onder 18", "minderjarig", "under 18", "قاصر": a minor, read as 17.
_MINOR = re.compile(
    r"\b(?:onder (?:de )?18|jonger dan 18|minderjarig\w*|under 18|minor|underage)\b"
    r"|(?<!\w)(?:قاصر|تحت 18|اقل من 18|اصغر من 18)"
)
# A student in higher education ("hbo", "uni", «جامعي»), with no age given, read as 19: at a
# university or hogeschool one is 18 or older, and the young people's desks help up to 27.
_HIGHER_EDUCATION = re.compile(
    r"\b(?:hbo|wo|uni|universiteit|university|hogeschool)\b"
    r"|(?<!\w)(?:جامعه|الجامعه|بالجامعه|في الجامعه|جامعي|جامعيه|الجامعي|fac|lfac)(?!\w)"
)
# A "student" with no school named: the writers of every evaluation set read "student met
# schulden" as 18 to 26, as Dutch does (a pupil at secondary school is a "scholier"); not an
# asylum seeker («طالب لجوء») nor a secondary-school student.
_STUDENT = re.compile(
    r"(?<!high school )(?<!secondary school )\b(?:student|studente|studenten|students)\b"
    r"|(?<!\w)(?:طالب|طالبه|talib|taliba)(?!\w)(?! لجو| في المدرسه| بالمدرسه| ثانوي)"
)
_BARE_NUMBER = re.compile(r"(?<![\d€$])\b(\d{2})\b(?![.,:]?\d)")
_NOT_AGE = re.compile(
    r" (?:euro|eur|e|k|procent|percent|keer|times|uur|hours?|minuten|min|dagen|days?|weken"
    r"|weeks?|maanden|maand|months?|rekeningen|bills?|brieven|letters|boetes|kinderen|kids"
    r"|children|km|m2|jaar geleden|years ago|يورو|اورو|ساعه|ساعات|يوم|ايام|اسبوع|اسابيع|شهر"
    r"|شهور|اشهر|فاتوره|فواتير|درهم|الف|الاف|duizend|thousand|grand|miljoen|million|honderd"
    r"|hundred|mille)\b"
)
_AMOUNT_BEFORE = re.compile(r"(?:€|euro|eur|nummer|number|nr|huisnummer|رقم|يورو) *$")
_OPENING_AGE = re.compile(r"\s*(\d{2})\s*[,;]\s*(?!\d)")
_AGE_SLUG = re.compile(r"^(?:onder-(\d+)|(\d+)-tot-(\d+)|(\d+)-plus)$")


def normalise(text: str) -> str:
    """Fold what residents type into one form: lower case, no accents or Arabic marks, one
    alef, taa marbuta as haa, Western digits. Normalising twice changes nothing."""
    # NFKC first ("𝐀" is "A", a ligature its letters), then case; NFKD splits é into e +
    # accent and أ into ا + hamza, and the marks are dropped.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    # The silent alef after a plural verb is often left out ("حجزو", "قطعو"): never written.
    return _PLURAL_ALEF.sub("و", text)


STOP_WORDS = frozenset(
    normalise(word) for word in (_STOP_TEXT + resident_words.DIALECT_STOP).split()
)
# The dialect table in the matcher's own normal form ("كهرباء" is "كهربا" here).
CANON = {normalise(word): normalise(canon) for word, canon in resident_words.CANON.items()}
_LACK = frozenset(normalise(w).replace("_", " ") for w in LACK)
_LACK_PASSES = frozenset(normalise(w) for w in LACK_PASSES)
_OWE = frozenset(normalise(w) for w in resident_words.OWE)
_PERIOD = frozenset(normalise(w) for w in resident_words.PERIOD)
_TWO_MEANINGS = frozenset(normalise(w) for w in resident_words.TWO_MEANINGS)
_OTHER_MEANING = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(normalise(p)) for p in resident_words.OTHER_MEANING)
    + r")(?!\w)"
)
_MONTH_END = frozenset(normalise(w) for w in resident_words.MONTH_END)
_OWE_WHAT = frozenset(normalise(w) for w in resident_words.OWE_WHAT)
# A generic word alone never makes an urgent route: an urgent situation needs one of its own
# one-word examples ("deurwaarder", "eviction"), a phrase of several words met in full, or
# two words that met exactly.
URGENT_WORDS = 2
TELLING_FUZZY = 0.8  # how close a misspelt telling word must be (quality, 0..1)


# "Bijna 18", "almost eighteen", "قربت نكمل تمنطاش": one thing, read as the word "18worden" in
# the content and in what residents type (number words are digits by then).
_TURNING_18 = re.compile(
    r"(?:\b(?:bijna|almost|nearly|turning|turn|word|wordt|become|becoming|soon|will be"
    r"|gonna be|going to be)"
    rf"|{_BECOME_AR}|(?<!\w)(?:قربت|قريب|غادي))"
    r"\s+(?:\w+\s+){0,2}18\b|\b18\s+(?:jaar\s+|years?\s+)?(?:worden|word|wordt)\b"
    # "18 in two months", "18 over drie weken": a birthday to come
    r"|\b18\s+(?:in|over|within|binnen)\s+(?:\w+\s+)?(?:days?|weeks?|months?|dagen|weken|maanden)\b"
    r"|\b(?:jarig|verjaardag|birthday)\b(?:\s+\w+){0,4}?\s+18\b"
)
TURNING_18 = "18worden"
# Money kept back from an income, said with a verb in parts ("ze houden elke maand geld in van
# mijn uitkering", "they take money from my salary", «عم ياخدو منو», of the pension): the
# garnishment's own word, so that "and I have almost nothing left" does not outweigh it. Only
# with an income named ("ik hou het geld in mijn portemonnee" is not kept back).
_INCOME = re.compile(
    r"\b(?:salaris|loon|uitkering|inkomen|pensioen|aow|salary|wages?|pay|benefits?|pension"
    r"|income)\b|(?<!\w)(?:ال)?(?:راتب|راتبي|معاش|معاشي|مساعده|شهريه|دخل|uitkering)(?!\w)"
)
_TAKE_AR = "|".join(
    normalise(verb)
    for verb in [
        "ياخذون",
        "ياخدون",
        "ياخذوا",
        "ياخدوا",
        "ياخدو",
        "بياخدو",
        "بياخذو",
        "أخذوا",
        "أخدوا",
        "خذوا",
    ]
)
_WITHHELD = (
    (re.compile(r"\b(?:hou|houd|houdt|houden|hielden|hield)\b(?: \w+){0,6}? in\b"), "inhouding"),
    (re.compile(r"\b(?:halen|haalt|gaat|gaan)\b(?: \w+){0,6}? (?:af|vanaf)\b"), "inhouding"),
    (
        re.compile(
            r"\b(?:take|takes|taking|took|taken|deduct|deducts|deducting)\b(?: \w+){0,4}? "
            r"(?:from|off|of) (?:my|our|his|her|the)\b"
        ),
        "garnishment",
    ),
    (re.compile(rf"(?<!\w)(?:{_TAKE_AR})(?!\w)(?: \w+){{0,4}}? (?:من|منو|منه|منها)"), "اقتطاع"),
)
_MONEY = frozenset(("geld", "money", "فلوس"))


def _canon(word: str) -> str:
    """The content's word for a resident's word: a dialect word as the content's word, also
    behind an Arabizi article ("lfactura" is "factura", a bill)."""
    if word in CANON:
        return CANON[word]
    if word.isascii() and (bare := resident_words.arabizi_article(word)) in CANON:
        return CANON[bare]
    return word


def words(text: str) -> list[str]:
    """The words of a normalised text, without stop words and numbers, one word per thing
    (dialect words as the content's word), and a word after a lack word ("geen geld") also as
    lacking (``~geld``)."""
    found = []
    lacking = owing = False
    text = _OTHER_MEANING.sub(" ", text)
    # Number words are numbers ("خمسه عشر", "zestien"): an age, never a topic.
    for w in (
        part
        for word in _WORD.findall(resident_words.numbers_to_digits(text))
        for part in (_ONE_SCRIPT.findall(word) if _ARABIC_LETTER.search(word) else (word,))
    ):
        w = _canon(w)
        if w in _LACK or (w[:1] == "و" and w[1:] in _LACK):  # "وماكو", "وما"
            lacking = True
            continue
        if (inner := resident_words.negated(w)) is not None:
            # "ماعنديش", "ma9dertch": a lack word and the verb inside it
            lacking, w = True, _canon(inner)
        elif lacking and w.endswith("ش") and len(w) >= 4:
            w = _canon(w[:-1])  # "ما عندناش", "وما خلصتهاش"
        if w in _OWE:
            if found and found[-1].lstrip("~") in _OWE_WHAT:  # "دين علي": the debt first
                found.append(resident_words.OWED)
            else:
                owing = True
            continue
        if w in _PERIOD:
            if found and found[-1].lstrip("~") in _MONTH_END:
                found.append(resident_words.MONTH_END_WORD)
            continue
        if w in STOP_WORDS or w.isdigit() or len(w) > MAX_WORD_CHARS:
            continue
        if len(w) == 1 and not _ARABIC_LETTER.match(w):
            continue
        if owing and w in _OWE_WHAT:
            found.append(resident_words.OWED)
        owing = False
        if lacking:
            found.append("~" + w)
            # "niet genoeg geld": the lack goes on to the word it is about
            lacking = w in _LACK_PASSES
        found.append(w)
    if _TURNING_18.search(resident_words.numbers_to_digits(text)):
        found.append(TURNING_18)
    if _INCOME.search(text):
        found += [word for pattern, word in _WITHHELD if pattern.search(text)]
    return found


def read_age(text: str) -> int | None:
    """The resident's age if the normalised text says it, e.g. 17 for "ik ben 17", "zestien
    jaar", "student 23" or "عمري سطاش"; 17 for a minor ("onder 18"), 19 for a student in higher
    education ("hbo", "uni") or a "student" at no school named."""
    text = re.sub(r"(?<!\w)ال(?=\d)", "", text)  # "بعمر ال17"
    # "23, bills piling up": a number that opens the text before a comma (and no other
    # number) is an age.
    opening = _OPENING_AGE.match(resident_words.numbers_to_digits(text))
    if opening and 12 <= int(opening[1]) <= 99:
        return int(opening[1])
    text = re.sub(r"[^\w]+", " ", resident_words.numbers_to_digits(text))
    turning = _TURNING.search(text)
    if turning:
        return int(turning[1] or turning[2] or turning[3]) - 1
    for pattern in _AGE_PATTERNS:
        found = pattern.search(text)
        if found and 10 <= int(found[1]) <= 99:
            return int(found[1])
    if _MINOR.search(text):
        return 17
    # A bare number of two digits is an age unless a unit, an amount or a count follows
    # ("17", "student 23"; not "500 euro", "12 maanden", "30 rekeningen").
    for found in _BARE_NUMBER.finditer(text):
        if (
            12 <= int(found[1]) <= 99
            and not _NOT_AGE.match(text, found.end())
            and not _AMOUNT_BEFORE.search(text, 0, found.start())
        ):
            return int(found[1])
    if _HIGHER_EDUCATION.search(text) or _STUDENT.search(text):
        return 19
    return None


def age_range(slug: str) -> tuple[int, int] | None:
    """The ages ``[low, high)`` an answer slug stands for (``18-tot-27``), or None."""
    found = _AGE_SLUG.match(slug)
    if not found:
        return None
    if found[1]:
        return (0, int(found[1]))
    if found[2]:
        return (int(found[2]), int(found[3]))
    return (int(found[4]), 200)


# Arabic writes the article and a preposition or "and" onto the word: "بالديون" is "with the
# debts". The Snowball stemmer leaves these on ("بالديون" stems to "بالد"), so the bare word is
# added too. Only forms with the article: a single و or ب also starts many plain words.
_ARABIC_PROCLITICS = (
    "وبال",
    "فبال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "لل",
    "ال",
    "بهال",
    "وهال",
    "هال",  # Levantine and Iraqi "this": "هالشهر"
    "عال",  # "على ال" as spoken: "عالبيت"
)


# A plural verb with the person it was done to written onto it: "قطعولنا" (they cut it off
# for us), "بعتولي" (they sent me), "طردوني" (they threw me out). The verb alone is added.
_OBJECT_SUFFIX = re.compile(r"^(\w{2,}و)(?:لي|لنا|له|لها|لهم|ني|نا|ه|ها|هم|كم|ك)$")


_VERB_PREFIX = re.compile(r"^(?:[بكسحه]?[يتنا])(?=\w{3})")


def _bare(word: str) -> str | None:
    """An Arabic word without its article and the prefix before it, or None."""
    for prefix in _ARABIC_PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return None


@functools.lru_cache(maxsize=65536)
def _stems(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    """The word and its stems in the languages it may be in, without stop words' stems
    (cached: the compound splitter asks for the same parts again and again)."""
    if word.startswith("~"):
        return frozenset("~" + f for f in _stems(word[1:], langs))
    forms = {word}
    if langs == ("ar",) and (bare := _bare(word)):
        forms.add(CANON.get(bare, bare))
    if langs == ("ar",) and (verb := _OBJECT_SUFFIX.match(word)):
        forms.add(verb[1])
    if langs == ("ar",) and len(word) >= 4:
        # The plural verb ("حجزو", "قطعو", "حجزوا" once normalised) is also its stem:
        # the Snowball stemmer keeps the ending when the alef is missing.
        forms |= {f[:-1] for f in forms if f.endswith("و") and len(f) >= 4}
    found = forms | {normalise(_stem(lang, f)) for f in forms for lang in langs}
    if langs == ("ar",):
        # The present tense's person prefix, also after the dialects' "b" and "k" and the
        # future's "s", "h" or "ح" ("يخصمون", "بيدفعوا", "كنخلص", "ساخسر"): the Snowball
        # stemmer keeps it, so "يخصم" never met "خصم".
        found |= {light for f in found if (light := _VERB_PREFIX.sub("", f)) != f}
        # and its root, as a feature of its own ("√حجز" for "حاجزين" and "حجز على الراتب")
        found |= {ROOT + root for f in forms if (root := resident_words.arabic_root(f))}
    return frozenset(found - _STOP_STEMS)


# "وعندي" stems to "عند", as "عندي" does: stop words are dropped after stemming too.
_STOP_STEMS = (
    frozenset(
        normalise(_stem(lang, normalise(w)))
        for w in STOP_WORDS
        for lang in _script_languages(_script(w))
    )
    | frozenset(normalise(w) for w in STOP_WORDS)
    # and their roots: "عندي" is no topic, so "√عند" is none either
    | frozenset(ROOT + r for w in STOP_WORDS if (r := resident_words.arabic_root(w)))
)


def _languages(word: str, lang: str | None) -> tuple[str, ...]:
    """Which stemmers apply: the page's language when the word is in its script, else every
    live language of the word's script (languages.yaml: Latin is Dutch, English, ...)."""
    script = _script(word.lstrip("~"))
    if lang is not None and lang in LANGUAGES and LANGUAGES.get(lang).script == script:
        return (lang,)
    return _script_languages(script) or (lang or "nl",)


@dataclass(frozen=True, slots=True)
class Counted:
    """A word of the resident's text that counted for a situation, and why."""

    word: str  # as normalised from the resident's text
    feature: str  # the known word or stem it met
    how: str  # "exact", "compound", "fuzzy"
    weight: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A situation that fits the text: where it leads, how well and which words counted."""

    path: str
    node_id: str
    title: Text
    urgency: str  # "today", "soon", "normal"
    score: float  # 0..1
    raw: float
    counted: tuple[Counted, ...]
    phrase_words: int = 0  # words of the longest phrase of the situation met in full
    age: int | None = None  # the age that chose this branch, if any
    young: bool = False  # it leads into the young people's branch (marked as theirs)


@dataclass(frozen=True, slots=True)
class _Situation:
    conversation: Conversation
    path: str  # where the suggestion links to (the age question when the age is unknown)
    title: Text
    urgency: str
    ages: tuple[int, int] | None  # the age branch this route takes, if it asks the age
    features: frozenset[str]
    phrases: tuple[tuple[frozenset[str], ...], ...]  # per phrase, per word: its features
    telling: frozenset[str]  # the features of its one-word examples ("deurwaarder")
    own: frozenset[str] = frozenset()  # its own result's features, without its age family's
    # the features of its title, labels and one-word examples ("schulden", "bills"): a word
    # that only stands in longer examples ("open" in "open a bank account") does not find the
    # situation on its own
    single: frozenset[str] = frozenset()
    young: bool = False  # its path leads to a page of the young people's branch
    result_young: bool = False  # its result is a page of the young people's branch


class Matcher:
    """The situations of one routekaart, indexed by the words that describe them."""

    def __init__(self, tree: Tree) -> None:
        """Index every result of ``tree`` (built once per content version)."""
        self.tree = tree
        self.situations = _situations(tree)
        counts: dict[str, int] = {}
        for node_id, features in _node_features(self.situations).items():
            del node_id
            for feature in features:
                counts[feature] = counts.get(feature, 0) + 1
        n = len({s.conversation.node_id for s in self.situations})
        self.idf = {f: math.log(1 + n / c) for f, c in counts.items()}
        self.vocabulary = sorted(
            f for f in self.idf if len(f) >= 4 and not f.startswith(("~", ROOT))
        )
        # Arabizi: the Arabic words the content knows, by their consonant skeleton.
        self.skeletons: dict[str, list[str]] = {}
        for feature in sorted(self.idf):
            if _ARABIC_LETTER.match(feature):
                shape = resident_words.skeleton(feature)
                if len(shape) >= 2:
                    self.skeletons.setdefault(shape, []).append(feature)
        # The results an age question leads to for one of its age ranges (the adults'
        # result for "27 or older"): with another age stated, the result on its own is not
        # a candidate (a minor with bills is not sent to the adults' route first).
        self.age_only: dict[str, list[tuple[int, int]]] = {}
        for situation in self.situations:
            if situation.ages is not None:
                self.age_only.setdefault(situation.conversation.node_id, []).append(situation.ages)
        standalone = {s.conversation.node_id for s in self.situations if s.ages is None}
        self.age_only = {k: v for k, v in self.age_only.items() if k in standalone}
        # The words only the young people's routes know, in two of them or more ("student",
        # "ouders", "school"; not "eerst" of one route's "wat moet ik eerst regelen"): the age
        # question comes before the adults' route only when the text has one of them.
        adults = frozenset(f for s in self.situations if not s.young for f in s.features)
        young_routes: dict[str, set[str]] = {}
        for s in self.situations:
            if s.young:
                for f in s.features - adults:
                    young_routes.setdefault(f, set()).add(s.path)
        self.youth = frozenset(f for f, where in young_routes.items() if len(where) >= 2)
        # The ages the young people's age branches take ("onder-18", "18-tot-27"): an age
        # among them says "a young person", for the young people's routes that do not ask it
        # ("other questions about my life") as much as for those that do.
        self.young_ages = [s.ages for s in self.situations if s.ages and s.result_young]
        # Which age question leads to which results: a young and an adults' route that fit
        # the same words are one option.
        self.family_nodes: dict[str, set[str]] = {}
        for situation in self.situations:
            if situation.ages is not None:
                self.family_nodes.setdefault(situation.path, set()).add(
                    situation.conversation.node_id
                )

    def features(
        self, word: str, lang: str | None, arabizi: bool = False
    ) -> list[tuple[str, str, float]]:
        """The known features a resident's word stands for: (feature, how, quality).
        ``arabizi``: the text is Arabic in Latin letters, so a Latin word the content does
        not know is read by its consonants."""
        langs = _languages(word, lang)
        # A word the content knows as it is ("house") meets the words that only share its
        # stem ("housing" is "hous") at less weight: a stemming accident, not the same word.
        known = word in self.idf and langs != ("ar",)
        exact = [
            (f, "root", ROOT_QUALITY)
            if f.lstrip("~").startswith(ROOT)
            else (f, "exact", STEM_QUALITY if known and f != word else 1.0)
            for f in _stems(word, langs)
            if f in self.idf
        ]
        if not exact and langs != ("ar",) and (arabizi or resident_words.looks_arabizi(word)):
            found = self._arabizi(word)
            if found or resident_words.looks_arabizi(word):
                return found
        if word.startswith("~"):
            return exact
        if lang is not None and not exact and len(langs) == 1 and langs != ("ar",):
            # A Latin word in the other Latin language than the page's ("debt" on /nl/).
            return self.features(word, None)
        if exact and any(how != "root" for _, how, _ in exact):
            return exact
        if langs == ("ar",) and word.lstrip("~")[:1] in "ولبف" and len(word.lstrip("~")) > 4:
            # "وسكن" is "and housing", "لمحامي" "for a lawyer": the conjunction or preposition
            # is written onto the word.
            lacking = "~" if word.startswith("~") else ""
            plain = lacking + word.lstrip("~")[1:]
            found = [
                (f, "root", ROOT_QUALITY) if f.lstrip("~").startswith(ROOT) else (f, "exact", 1.0)
                for f in _stems(plain, langs)
                if f in self.idf
            ]
            if any(how != "root" for _, how, _ in found):
                return found
        if exact:
            return exact  # only the root met ("قروض" and "قرض"): before any guess
        found = self._compound(word, langs)
        if found:
            return found
        return self._fuzzy(word, langs)

    def _arabizi(self, word: str) -> list[tuple[str, str, float]]:
        """The Arabic words with the same consonants as an Arabizi word ("flous" = فلوس)."""
        lacking = word.startswith("~")
        word = word.lstrip("~")
        for form in resident_words.arabizi_forms(word):
            shape = resident_words.skeleton(form)
            known = self.skeletons.get(shape, []) if len(shape) >= 2 else []
            if lacking:
                known = [f for f in ("~" + k for k in known) if f in self.idf]
            if known:
                return [(f, "arabizi", ARABIZI_QUALITY) for f in known]
        return []

    def _rank(self, feature: str) -> tuple[float, int, str]:
        """Sort key for choosing among features: rarest, then longest, then alphabetical."""
        return (self.idf[feature], len(feature), feature)

    def _compound(self, word: str, langs: tuple[str, ...]) -> list[tuple[str, str, float]]:
        """A Dutch compound split into known parts: huisuitzetting = huis + uitzetting."""
        if len(word) < 7 or _ARABIC_LETTER.match(word):
            return []
        head_only: list[tuple[str, str, float]] = []
        for i in range(3, len(word) - 3):
            left, right = word[:i], word[i:]
            right_f = sorted(f for f in _stems(right, langs) if f in self.idf)
            if not right_f:
                continue
            # A linking s or e ("levensonderhoud", "huizenmarkt") belongs to neither part.
            left_forms = {left, left[:-1]} if left[-1] in "se" else {left}
            left_f = sorted(
                {f for form in left_forms for f in _stems(form, langs) if f in self.idf}
            )
            if left_f:
                # The rarest form; on a tie the longest ("salaris" before its stem "salari"),
                # so the answer never depends on the order of a set.
                best_left = max(left_f, key=self._rank)
                best_right = max(right_f, key=self._rank)
                return [
                    (best_left, "compound", COMPOUND_QUALITY),
                    (best_right, "compound", COMPOUND_QUALITY),
                ]
            if not head_only and len(right) >= 5 and "nl" in langs:
                # In Dutch the last part says what it is: a "huurschuld" is a schuld.
                head_only = [(max(right_f, key=self._rank), "compound", HEAD_QUALITY)]
        if head_only or "nl" not in langs:
            return head_only
        # A known word with a linking s before a part the content does not know says what
        # it is about: an "ontruimingsdatum" is about an ontruiming.
        for i in range(len(word) - 4, 6, -1):
            if word[i - 1] != "s":
                continue
            left_f = sorted(f for f in _stems(word[: i - 1], langs) if f in self.idf)
            if left_f:
                return [(max(left_f, key=self._rank), "compound", MODIFIER_QUALITY)]
        return []

    def _fuzzy(self, word: str, langs: tuple[str, ...]) -> list[tuple[str, str, float]]:
        """The closest known word for a misspelt one, if it is close enough."""
        if len(word) < 4 or (langs == ("ar",) and len(word.lstrip("~")) < 5):
            # Arabic words of four letters are too close to each other ("مكتب", "مكتئب")
            return []
        best: tuple[str, float] | None = None
        for form in sorted(f for f in _stems(word, langs) if not f.startswith(ROOT)):
            # How close, by the length of what is compared: the stem "betek" of "betekent" is
            # a short word, and not "boete" misspelt.
            cutoff = (
                FUZZY_MIN_ARABIC
                if langs == ("ar",)
                else next(c for length, c in FUZZY_MIN if len(form) <= length)
            )
            hit = process.extractOne(form, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
            if hit and abs(len(hit[0]) - len(form)) > 2:
                continue  # "routes" is not "out": a misspelling keeps the word's length
            if hit and (_longer_word(form, hit[0]) or _longer_word(word, hit[0])):
                continue  # "broken" is not "broke": letters after a whole word make a word
            if hit and (best is None or hit[1] > best[1]):
                best = (hit[0], hit[1])
        if best is None:
            return []
        return [(best[0], "fuzzy", (best[1] / 100) ** 2)]

    def match(
        self, text: str, lang: str | None = None, limit: int = MAX_MATCHES
    ) -> list[Suggestion]:
        """The situations that fit ``text`` best, at most ``limit``; empty when nothing fits."""
        normal = normalise(text[:MAX_CHARS])
        age = read_age(normal)
        # On the Arabic page a Latin word the content does not know is Arabizi too.
        arabizi = lang == "ar" or is_arabizi(normal)
        hits: list[tuple[str, list[tuple[str, str, float]]]] = []
        seen: set[str] = set()
        typed = words(normal)[:MAX_WORDS]
        if typed and all(w in _MONEY for w in typed):
            # On a site about money worries, "geld" or "فلوس" on its own is "geen geld".
            typed = ["~" + w for w in typed] + typed
        # A compound typed in two ("dwang bevel", "huur achterstand") is also the one word.
        typed += [
            a + b
            for a, b in zip(typed, typed[1:], strict=False)
            if (a + b) in self.idf and (a + b).isalpha() and not _ARABIC_LETTER.match(a)
        ]
        for word in typed:
            if word in seen:
                continue
            seen.add(word)
            found = self.features(word, lang, arabizi)
            if len(found) == 2 and found[0][1] == "compound":
                # Both parts of a compound count: "loonbeslag" is loon and beslag.
                hits += [(word, found[:1]), (word, found[1:])]
            elif found:
                hits.append((word, found))
        met = {f for _, found in hits for f, _, _ in found}
        # A phrase is met in full by its words, not by a word that only shares a root with
        # one ("المدرسة" and "ادرس", school and study).
        met_whole = {f for f in met if not f.lstrip("~").startswith(ROOT)}
        best: dict[str, Suggestion] = {}
        weak: dict[str, Suggestion] = {}
        # "19, want to move out": a young person's age counts for the young people's routes
        # that do not ask it as well as for the age branches.
        young_age = age is not None and _in_any(age, self.young_ages)
        for situation in self.situations:
            ages = situation.ages
            if ages is not None and age is not None and not ages[0] <= age < ages[1]:
                continue
            only = self.age_only.get(situation.conversation.node_id)
            if ages is None and age is not None and only and not _in_any(age, only):
                continue
            counted = _count(hits, situation.features, self.idf)
            if (
                counted
                and all(c.how == "fuzzy" for c in counted)
                and not any(
                    c.feature in situation.telling and _long_or_close(c, self.idf) for c in counted
                )
            ):
                # Only misspellings, and none a close or long one of a word that names the
                # situation on its own ("deurwarder", "advokaat"): "regenen" is a word of its
                # own, not "regelen" misspelt.
                continue
            raw = sum(c.weight for c in counted)
            # A phrase of several words met in full ("huis uit") is enough on its own.
            longest = _longest_phrase(situation.phrases, met_whole) if counted else 0
            if (
                raw < MIN_RAW
                and longest < 2
                and not _says_it_alone(counted, situation.single, self.youth)
            ):
                continue
            if longest < 2 and _alone_in_phrases(counted, hits, situation.single):
                continue
            if longest < 2 and len(typed) > 1 and all(_two_meanings(c) for c in counted):
                continue
            weakly = situation.urgency == "today" and not _tells_urgency(
                situation, counted, longest, self.idf
            )
            raw += PHRASE_BONUS * longest
            chosen_age = None
            path = situation.path
            title = situation.title
            young = situation.young
            if ages is None and young_age and situation.young:
                raw *= AGE_BONUS
            if ages is not None and age is not None:
                raw *= AGE_BONUS
                chosen_age = age
                path = situation.conversation.slug_path
                young = situation.result_young
                if not young:  # the adults' route: its own answer ("Ik heb schulden")
                    title = situation.conversation.steps[-1].chosen.label
            suggestion = Suggestion(
                path=path,
                node_id=situation.conversation.node_id,
                title=title,
                urgency=situation.urgency,
                score=round(1 - math.exp(-raw / SCALE), 2),
                raw=raw,
                counted=tuple(counted),
                phrase_words=longest,
                age=chosen_age,
                young=young,
            )
            key = _dedupe_key(situation, age)
            if weakly:
                if key not in weak or raw > weak[key].raw:
                    weak[key] = suggestion
            elif key not in best or raw > best[key].raw:
                best[key] = suggestion
        if age is None:
            young_words = any(f in self.youth for _, found in hits for f, _, _ in found)
            self._one_per_situation(best, young_words)
        # Stable: on a tie the situation that comes first in the routekaart comes first.
        ranked = sorted(best.values(), key=lambda s: -s.raw)
        weak = {k: s for k, s in weak.items() if k not in best}
        if age is not None:
            ranked = _age_branch_first(ranked)
        if ranked and len(weak) == 1 and _shares_a_word(next(iter(weak.values())), ranked[0]):
            # An urgent route that only a generic word found ("huur" for the eviction route)
            # may follow what fits, when that word counted for it too; never come first or
            # alone ("brief" is no eviction after a birthday); a word that several urgent
            # routes share ("شركة") says nothing.
            ranked += list(weak.values())
        return ranked[:limit]

    def _one_per_situation(self, best: dict[str, Suggestion], young_words: bool) -> None:
        """A young people's age question and the adults' route it also leads to ("Ik kan
        rekeningen niet betalen" and "U kunt uw rekeningen niet betalen") are one option. The
        adults' route stays unless the text has a word only the young people's routes know
        ("student", "school", "DUO": ``young_words``) and the age question fits better."""
        for path, nodes in self.family_nodes.items():
            if path not in best:
                continue
            for node_id in nodes:
                if node_id in best and node_id != path:
                    if best[node_id].raw >= best[path].raw or not young_words:
                        del best[path]
                        break
                    del best[node_id]

    def covering(self, text: str, lang: str | None = None, age: int | None = None) -> set[str]:
        """Ids of the results for which every telling word of ``text`` counted (a search box:
        "loonbeslag" finds the garnishment result, "deurwaarder ooievaarspas" finds none).
        Each route by its own words: "jongere" finds the young people's routes, not the
        adults' result their age question also leads to; with an ``age``, only through the
        age branches that hold it."""
        normal = normalise(text[:MAX_CHARS])
        hits = [(w, self.features(w, lang)) for w in dict.fromkeys(words(normal)[:MAX_WORDS])]
        if not hits or not all(found for _, found in hits):
            return set()
        return {
            situation.conversation.node_id
            for situation in self.situations
            if all(any(f in situation.own for f, _, _ in found) for _, found in hits)
            and (
                age is None
                or situation.ages is None
                or situation.ages[0] <= age < situation.ages[1]
            )
        }


def _age_branch_first(ranked: list[Suggestion]) -> list[Suggestion]:
    """With a stated age, the age branch that fits comes before a route that is not urgent
    (a young person's worry goes to the young people's route), unless that route fits
    :data:`AGE_LEAD` times better; an urgent route stays first."""
    branch = next((s for s in ranked if s.age is not None), None)
    if branch is None or ranked[0] is branch:
        return ranked
    ahead = ranked[: ranked.index(branch)]
    if any(
        s.urgency == "today"
        or s.raw > AGE_LEAD * branch.raw
        or any(c.feature == TURNING_18 for c in s.counted)  # "almost 18": that route
        for s in ahead
    ):
        return ranked
    return [branch] + [s for s in ranked if s is not branch]


def _alone_in_phrases(
    counted: list[Counted],
    hits: list[tuple[str, list[tuple[str, str, float]]]],
    single: frozenset[str],
) -> bool:
    """Whether one word of the resident's counted, and only as part of the situation's longer
    phrases: "open" is in "open a bank account", "phone" in "phone bill"; alone they say
    nothing ("what time does the supermarket open")."""
    typed = {c.word for c in counted}
    if len({w.lstrip("~") for w in typed}) != 1:
        return False
    return not any(f in single for word, found in hits if word in typed for f, _, _ in found)


def _two_meanings(counted: Counted) -> bool:
    """Whether a counted word also has an everyday meaning that is not about money ("court",
    "huren", «رسالة»), as the resident typed it or as the content's word it met."""
    return not counted.word.startswith("~") and (
        counted.word in _TWO_MEANINGS or counted.feature in _TWO_MEANINGS
    )


def _says_it_alone(counted: list[Counted], single: frozenset[str], youth: frozenset[str]) -> bool:
    """Whether a word the resident typed is, as typed, one of the situation's one-word examples
    ("toeslag"): staff wrote it to say the situation on its own. Not a young people's word
    ("ouders", "school"): it says who is asking, not what about."""
    return any(
        c.how == "exact" and c.word == c.feature and c.feature in single and c.feature not in youth
        for c in counted
    )


def _longer_word(typed: str, known: str) -> bool:
    """Whether ``typed`` is ``known`` and one more letter before or after it, not a letter
    typed twice: another word ("broken" after "broke", "mother" after "other"), not a slip of
    the finger ("deurwaarderr"); a longer ending ("zorgverzekeraar") may still be a
    misspelling."""
    if len(typed) != len(known) + 1:
        return False
    if typed.startswith(known):
        return typed[-1] != known[-1]
    return typed.endswith(known) and typed[0] != known[0]  # "mother" is not "other"


def _shares_a_word(weak: Suggestion, first: Suggestion) -> bool:
    """Whether a word that found ``weak`` also counted for ``first``."""
    return bool({c.word for c in weak.counted} & {c.word for c in first.counted})


def _long_or_close(counted: Counted, idf: dict[str, float]) -> bool:
    """Whether a misspelt telling word still names its situation: a long misspelling
    ("dwangbvl", "deurwarder") or a close one ("advokaat")."""
    return len(counted.word) >= 8 or counted.weight >= TELLING_FUZZY * idf[counted.feature]


def _close_enough(counted: Counted, idf: dict[str, float]) -> bool:
    """Whether a misspelt telling word may make its situation urgent: :func:`_long_or_close`,
    and not a word of its own that the telling word ends with ("gesloten" in "afgesloten")."""
    if counted.feature.lstrip("~").endswith(counted.word.lstrip("~")):
        return False
    return _long_or_close(counted, idf)


def _in_any(age: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= age < high for low, high in ranges)


def is_arabizi(normal: str) -> bool:
    """Whether a normalised text is Arabic written in Latin letters: a word with a digit
    for a letter ("3andi") or one of the little words only Arabizi has ("ana", "mafi")."""
    latin = re.findall(r"[a-z0-9]+", normal)
    return any(
        resident_words.looks_arabizi(w) or w in resident_words.ARABIZI_MARKERS for w in latin
    )


EXACTLY = ("exact", "compound", "arabizi", "root")  # how a word met that is not a guess


def _tells_urgency(
    situation: _Situation, counted: list[Counted], longest: int, idf: dict[str, float]
) -> bool:
    """Whether the words that counted may make ``situation`` urgent: one of its own telling
    words, a phrase of several words met in full, or two words that met exactly ("company"
    or "boete" alone does not)."""
    # A misspelling may be telling ("afgeslote"), a different word is not ("gesloten").
    if longest >= 2 or any(
        c.feature in situation.telling and (c.how != "fuzzy" or _close_enough(c, idf))
        for c in counted
    ):
        return True
    # Two words, not only things whose lack is what tells ("gas" and "electricity" on a bill
    # are not "no gas"; "stroom eraf" is).
    # A word that only shares a root ("نكتب", we write, with a letter's "كتب") counts when
    # the root names the situation ("حاجزين" and the seizure "حجز").
    exact = {
        c.word.lstrip("~")
        for c in counted
        if c.how in EXACTLY and (c.how != "root" or c.feature in situation.single)
    }
    things = {c.word.lstrip("~") for c in counted if "~" + c.feature in situation.telling}
    return len(exact) >= URGENT_WORDS and bool(exact - things)


def _count(
    hits: list[tuple[str, list[tuple[str, str, float]]]],
    features: frozenset[str],
    idf: dict[str, float],
) -> list[Counted]:
    """The resident's words that count for a situation, each once, at its best feature."""
    counted = []
    for word, found in hits:
        options = [(idf[f] * q, f, how) for f, how, q in found if f in features]
        if options:
            weight, feature, how = max(options)
            counted.append(Counted(word, feature, how, round(weight, 3)))
    # A word and its lack ("geld" and "~geld" of "geen geld") are one word: it counts once,
    # at the better of the two.
    weights = {c.word: c.weight for c in counted}
    return [
        c
        for c in counted
        if not (c.word.startswith("~") and weights.get(c.word[1:], -1) >= c.weight)
        and not (weights.get("~" + c.word, -1) > c.weight)
    ]


def _longest_phrase(phrases: tuple[tuple[frozenset[str], ...], ...], met: set[str]) -> int:
    """The number of words of the longest phrase whose every word the resident used."""
    return max((len(phrase) for phrase in phrases if all(word & met for word in phrase)), default=0)


def _dedupe_key(situation: _Situation, age: int | None) -> str:
    """Routes that end in the same place are one suggestion; with no age, the branches of an
    age question are one suggestion (the question)."""
    if situation.ages is not None and age is None:
        return situation.path
    return situation.conversation.node_id


@functools.lru_cache(maxsize=8192)
def _phrase(text: str, lang: str) -> tuple[frozenset[str], ...]:
    """A content text as the features of each of its words (Latin words in Arabic text are
    stemmed as Dutch and English); a word without any ("min" in "in de min") is left out."""
    stemmed = (frozenset(_stems(word, _languages(word, lang))) for word in words(normalise(text)))
    return tuple(word for word in stemmed if word)


def _situations(tree: Tree) -> list[_Situation]:
    """Every route to a result, with the phrases of its labels, title and examples.

    A route through an age question is kept per branch, and each branch also knows its
    siblings' phrases: the topic is the same ("schulden"), only the age differs. A result
    reached again by a later route (``jong/rekeningen/27-plus`` ends in the adults' result) is
    only a candidate when the age chooses that branch; then it is shown by its first route.
    """
    routes = []
    first: dict[str, str] = {}
    families: dict[str, list[tuple[frozenset[str], ...]]] = {}
    for conversation in engine.results(tree):
        result = conversation.result
        assert result is not None
        ages = None
        prefix = conversation.path
        for i, step in enumerate(conversation.steps):
            if all(age_range(o.slug) for o in step.node.options or ()):
                ages = age_range(step.chosen.slug)
                prefix = conversation.path[:i]
        texts = [result.title] + [
            step.chosen.label for step in conversation.steps if age_range(step.chosen.slug) is None
        ]
        phrases = [_phrase(text(lang), lang) for text in texts for lang in LANGUAGES]
        if result.match is not None:
            phrases += [_phrase(phrase, lang) for lang, phrase in result.match.phrases()]
        phrases = [p for p in phrases if p]
        repeated = conversation.node_id in first
        first.setdefault(conversation.node_id, conversation.slug_path)
        if repeated and ages is None:
            continue
        path = "/".join(prefix)
        if ages is not None:
            families.setdefault(path, []).extend(phrases)
        routes.append((conversation, path, ages, repeated, phrases))
    # The match examples of every result (not its title or labels): a word that stands only
    # in longer examples does not find a situation on its own.
    examples_only = {
        _phrase(phrase, lang)
        for conversation in engine.results(tree)
        if conversation.result is not None and conversation.result.match is not None
        for lang, phrase in conversation.result.match.phrases()
    }
    situations = []
    for conversation, path, ages, repeated, own in routes:
        result = conversation.result
        # Every suggestion speaks as the resident, like the answers on the way: the answer
        # that leads to the result ("Ik kan mijn rekeningen niet betalen"), not the result's
        # title in "u" or "je".
        title = conversation.steps[-1].chosen.label
        if ages is None:
            phrases = [
                _phrase(t(lang), lang)
                for t in [result.title] + [step.chosen.label for step in conversation.steps]
                for lang in LANGUAGES
            ]
            if result.match is not None:
                phrases += [_phrase(phrase, lang) for lang, phrase in result.match.phrases()]
            phrases = [p for p in phrases if p]
        else:
            phrases = families[path]
            # Without an age the suggestion is the age question; its title is the answer
            # that led there ("Ik heb schulden en kom daar zelf niet uit").
            title = conversation.steps[len(path.split("/")) - 1].chosen.label
            if repeated:
                # The adults' result, e.g. for a resident of 30: shown by its first route.
                conversation = engine.resolve(tree, first[conversation.node_id])
        features = frozenset(f for phrase in phrases for word in phrase for f in word)
        # Telling: a one-word example ("deurwaarder"); of "geen gas" the lack ("~gas"), not
        # the thing ("gas" alone).
        telling: frozenset[str] = frozenset()
        if result.match is not None:
            examples = [_phrase(phrase, lang) for lang, phrase in result.match.phrases()]
            telling = frozenset(
                f
                for p in examples
                if sum(not next(iter(w)).startswith("~") for w in p) == 1
                for w in p
                for f in w
                if len(p) == 1 or f.startswith("~")
            )
        target = path if ages is not None else conversation.slug_path
        at_target = engine.resolve(tree, target)
        young = not isinstance(at_target, engine.PathError) and at_target.node_id in tree.je
        situations.append(
            _Situation(
                conversation,
                target,
                title,
                result.urgency,
                ages,
                features,
                tuple(dict.fromkeys(phrases)),
                telling,
                frozenset(f for phrase in own for word in phrase for f in word),
                frozenset(
                    f
                    for phrase in phrases
                    if len(phrase) == 1 or phrase not in examples_only
                    for word in phrase
                    for f in word
                ),
                young,
                conversation.node_id in tree.je,
            )
        )
    return situations


def _node_features(situations: list[_Situation]) -> dict[str, set[str]]:
    """The features of each distinct result, for the word weights."""
    by_node: dict[str, set[str]] = {}
    for situation in situations:
        by_node.setdefault(situation.conversation.node_id, set()).update(situation.features)
    return by_node


# One matcher per content version: indexing takes milliseconds, matching microseconds. The
# tree is kept alongside so its id is not reused while the entry lives.
_CACHE: dict[int, tuple[Tree, Matcher]] = {}


def for_tree(tree: Tree) -> Matcher:
    """The matcher for ``tree``, built on first use."""
    entry = _CACHE.get(id(tree))
    if entry is None or entry[0] is not tree:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        entry = (tree, Matcher(tree))
        _CACHE[id(tree)] = entry
    return entry[1]


def match(tree: Tree, text: str, lang: str | None = None) -> list[Suggestion]:
    """The situations of ``tree`` that fit ``text`` (at most three, best first)."""
    return for_tree(tree).match(text, lang)


def clearly_urgent(suggestions: list[Suggestion]) -> bool:
    """Whether the best suggestion is urgent and clearly ahead of the next one."""
    if not suggestions or suggestions[0].urgency != "today":
        return False
    if len(suggestions) == 1:
        return suggestions[0].raw >= 2 * MIN_RAW
    return suggestions[0].raw >= 1.5 * suggestions[1].raw
