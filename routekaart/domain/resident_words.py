"""How residents write in the Netherlands, as data for the text box's matcher.

Four families, each a rule plus a short hand-kept table (no library reads Arabic number words
or Arabizi; Babel, already installed, formats numbers but does not read words):

- **Number words** for ages, in Dutch, English, Standard Arabic and the spoken Arabic of the
  Netherlands (Moroccan Darija "سطاش", Levantine "ستعش", Egyptian "ستاشر", Iraqi "ستطعش"):
  :func:`numbers_to_digits` writes them as digits, so the age rules read one form.
- **Dialect words**: one word per thing (:data:`CANON`): "مصاري", "دراهم", "مال", "flous" are
  all money; "النور" and "الضو" are electricity; a few Dutch words in Arabic script.
- **Lack words** ("geen", "no", "ما", "ماكو", "مفيش", "والو"): the next word that says
  something is also read as lacking (``~geld``), so "geen geld" is not "geld".
- **Arabizi** (Arabic in Latin letters, "3" for ع, "7" for ح, "9" for ق): :func:`skeleton`
  reduces an Arabic word and an Arabizi word to the same consonant skeleton, so "flous" meets
  "فلوس" and "kahraba" meets "كهرباء".

Everything here works on normalised text (see :func:`routekaart.domain.matcher.normalise`):
lower case, one alef, taa marbuta as haa, Western digits.
"""

from __future__ import annotations

import functools
import re

# --- number words ---------------------------------------------------------------------------

_UNITS_NL = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS_NL = "tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien"
_TENS_NL = ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
_UNITS_EN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS_EN = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
_TENS_EN = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# Arabic, normalised (ة as ه, one alef); Standard and spoken forms of each number.
_UNITS_AR = [
    "واحد",
    "اثنين اثنان اتنين تنين ثنين جوج زوج",
    "ثلاث ثلاثه تلاته تلات تلاث",
    "اربع اربعه",
    "خمس خمسه",
    "ست سته سطه",
    "سبع سبعه",
    "ثماني ثمانيه ثمانيه تمنيه تمن تمانيه",
    "تسع تسعه",
]
_TENS_AR = [
    "عشرين عشرون",
    "ثلاثين ثلاثون تلاتين تلاثين تلتين",
    "اربعين اربعون",
    "خمسين خمسون",
    "ستين ستون",
    "سبعين سبعون",
    "ثمانين ثمانون تمانين",
    "تسعين تسعون",
]
# 10 to 19: Standard ("خمسه عشر" is read as two words below) and the spoken forms.
_TEENS_AR = {
    10: "عشره عشر",
    11: "حداش حداشر حدعش احدعش حدعشر احدى_عشر",
    12: "طناش اطناش اتناشر طنعش اطنعش ثنعش اثنعش",
    13: "تلطاش تلتاشر تلتعش ثلطعش تلطعش",
    14: "ربعطاش اربعتاشر اربعطعش اربعتعش ربعتعش",
    15: "خمسطاش خمستاشر خمستعش خمسطعش",
    16: "سطاش ستاشر ستعش ستطعش سطعش",
    17: "سبعطاش سبعتاشر سبعتعش سبعطعش",
    18: "تمنطاش تمنتاشر تمنتعش ثمنطعش ثمانطعش تمنطعش",
    19: "تسعطاش تسعتاشر تسعتعش تسعطعش",
}


_SPOKEN_TEEN_UNITS = {
    11: "حدا احدا حد احد",
    12: "طنا اطنا اتنا تنا ثنا اثنا",
    13: "تلت ثلث تلط ثلط",
    14: "ربع اربع ربعت اربعت",
    15: "خمس خمست خمسط",
    16: "س ست سط سد",
    17: "سبع سبعت سبعط",
    18: "تمن ثمن ثمان تمان تمنت ثمنت تمانت",
    19: "تسع تسعت تسعط",
}
_SPOKEN_TEEN_ENDINGS = ("طاش", "تاش", "طعش", "تعش", "تاشر", "طاشر", "طعشر", "تعشر")


def _number_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for teens, _units, tens in (
        (_TEENS_NL.split(), _UNITS_NL, _TENS_NL),
        (_TEENS_EN.split(), _UNITS_EN, _TENS_EN),
    ):
        for n, word in enumerate(teens, start=10):
            table[word] = n
        for t, ten in enumerate(tens, start=2):
            table[ten] = 10 * t
    for u, unit in enumerate(_UNITS_NL, start=1):
        for t, ten in enumerate(_TENS_NL, start=2):
            # "eenentwintig", "tweeentwintig" (ë folded), "drieentwintig"
            table[f"{unit}en{ten}"] = 10 * t + u
    for n, forms in _TEENS_AR.items():
        for form in forms.split():
            table[form.replace("_", " ")] = n
    # The spoken teens are a unit and an ending, spelt with ت or ط and with or without a
    # final ر ("تمنطاش", "ثمنطاش", "تمنتعشر"): every pair is read.
    for n, units in _SPOKEN_TEEN_UNITS.items():
        for unit in units.split():
            for ending in _SPOKEN_TEEN_ENDINGS:
                table.setdefault(unit + ending, n)
    for t, forms in enumerate(_TENS_AR, start=2):
        for form in forms.split():
            table[form] = 10 * t
    return table


NUMBER_WORDS = _number_table()
_UNIT_WORDS = {
    **{w: u for u, w in enumerate(_UNITS_EN, start=1)},
    **{w: u for u, forms in enumerate(_UNITS_AR, start=1) for w in forms.split()},
}
_TEN_WORDS = {w: n for w, n in NUMBER_WORDS.items() if n % 10 == 0 and n >= 20}
_WORDS_RE = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_UNITS_RE = "|".join(sorted((re.escape(w) for w in _UNIT_WORDS), key=len, reverse=True))
_TENS_RE = "|".join(sorted((re.escape(w) for w in _TEN_WORDS), key=len, reverse=True))
# "twenty-two", "twenty two"; "اثنين وعشرين", "جوج و عشرين"; "خمسه عشر", "سبعة عشر".
_EN_COMPOUND = re.compile(rf"\b({_TENS_RE})[\s-]+({_UNITS_RE})\b")
_AR_COMPOUND = re.compile(rf"(?<!\w)({_UNITS_RE})\s*و\s*({_TENS_RE})(?!\w)")
_AR_TEEN = re.compile(rf"(?<!\w)({_UNITS_RE})\s+(?:عشر|عشره)(?!\w)")
_SINGLE = re.compile(rf"(?<!\w)({_WORDS_RE})(?!\w)")
# Arabizi number words end in the sound of "عش", "عشر" or "ين": "sta3ch", "sba3tach",
# "tmanta3sh", "sota3shar", "3echrin". Only such words are compared, by their consonants.
_ARABIZI_NUMBER = re.compile(r"\b[a-z0-9]*(?:ch|sh|char|shar|cher|sher|chr|shr|rin|rine)\b")

# "zeventienjarige", "achttienjarig": the number glued to "-jarig".
_GLUED_JARIG = re.compile(rf"(?<!\w)({_WORDS_RE})(jarige?n?)(?!\w)")


def _arabizi_number(found: re.Match[str]) -> str:
    """An Arabizi teen or ten ("sta3ch", "tmanta3ch", "sota3shar", "3echrin") as digits, by
    its consonants against the Arabic number words; any other word as it is."""
    number = _arabizi_numbers().get(skeleton(found[0]))
    return str(number) if number else found[0]


def numbers_to_digits(text: str) -> str:
    """``text`` with number words from 10 to 99 written as digits ("zestien" -> "16")."""
    text = _ARABIZI_NUMBER.sub(_arabizi_number, text)
    text = _GLUED_JARIG.sub(lambda m: f"{NUMBER_WORDS[m[1]]} {m[2]}", text)
    text = _EN_COMPOUND.sub(lambda m: str(_TEN_WORDS[m[1]] + _UNIT_WORDS[m[2]]), text)
    text = _AR_COMPOUND.sub(lambda m: str(_TEN_WORDS[m[2]] + _UNIT_WORDS[m[1]]), text)
    text = _AR_TEEN.sub(lambda m: str(10 + _UNIT_WORDS[m[1]]), text)
    return _SINGLE.sub(lambda m: str(NUMBER_WORDS[m[1]]), text)


# --- one word per thing -----------------------------------------------------------------------

# Normalised word -> the word the content uses. Spoken Arabic of the Netherlands (Darija,
# Levantine, Iraqi, Egyptian), Arabizi written out, and Dutch words in Arabic script.
_CANON_TEXT = """
    فلوس: قرش قروش سنتيم فرنك مصاري مصريات دراهم دراهيم درهم نقود مال المال الفلوس فلوسي مصاريي مالي
          بيزات فلوسنا مصارينا نقودي flous flouss flus floos fulus masari
    كهرباء: النور نور الضو ضو الضوء الكهربا كهربا الوطنيه ضوء trisiti tri9 kahraba kahrba
           daw dow ddaw ضوا الضوا
    مياه: ماي المي مي المايه مايه الماي الماء lma
    تلفون: تيليفون التيليفون تليفون التليفون تلفوني تيلفون التيلفون tilifon telefon
    اشتراك: الابونمه ابونمه ابونمان الابونمان abonnement abonma labonma
    ايجار: الكرا كرا الكراء كراء اجار الاجار ايجار الايجار كرايه الكرايه l9ra lkra kra
    شغل: خدمه الخدمه خدمتي الشغل
    طرد: يطلعوني يطردونا طردوني يطردني يخرجوني يطلعونا يكسلوني
    ديون: الكريدي كريدي كريديات الديون ديوني ديونات dyoun dyon diyoun kridi dioun
    فاتوره: الفاكتوره فاكتوره فاكتورات الفاكتورات فاتوره فواتير الفواتير factura facture
    شقه: الشقه الدار دار الدويره بيت البيت dar ddar lbit
    محامي: لافوكا افوكا المحامي avocat lavocat
    راتب: الشهريه شهريه شهريتي salaire
    اكل: الماكله ماكله الماكلة makla lmakla lmakle
    حساب: الكونط كونط الكونت كونت compte lcompte lkont
    ادفع: نخلص اخلص تخلص نخلصو نخلصها نخلصهم خلصتها خلصتهم nkhales nkhalas nkhalless
          khales ndfa3 nedfa3
    اوراق: ورق الورق اوراقي الاوراق papiers lwra9 lwraq
    gemeente: الخمينته خمينته الغمينته غمينته الجماعه
    belastingdienst: بلاستينغ البلاستينغ بيلاستينخ بلاستنغ
    toeslag: توسلاخ التوسلاخ توسلاغ
    deurwaarder: huissier lhuissier هويسي الهويسي هويسيي الهويسيي هويسيه
    deurwaarder: دورفاردر الدورفاردر دورواردر ديرواردر ديورواردر دورفارد ديرفاردر
    geld: poen cent centen knaken pegels duiten
    money: cash dough
"""


def _canon_table() -> dict[str, str]:
    """The table above as word -> canonical word (a line without "x:" continues the last)."""
    table: dict[str, str] = {}
    canon = ""
    for line in _CANON_TEXT.strip().split("\n"):
        parts = line.split()
        if parts[0].endswith(":"):
            canon, parts = parts[0].rstrip(":"), parts[1:]
        for word in parts:
            table[word] = canon
    return table


CANON = _canon_table()

# Words that say nothing about a money worry in spoken Arabic and Arabizi (the matcher's own
# list holds the Standard ones and Dutch and English).
DIALECT_STOP = """
    بغيت بغينا خاصني خصني ديال ديالي ديالنا دابا بزاف واش كاين كاينه شي هادشي هاد هادي
    هلق هلا هلأ كتير كثير اكتير عايز عاوزه عاوز عايزه دلوقتي اوي قوي اكو هوايه شكد شلون
    اريد ابي ابغي ابغى اكو عدنا عندنا عدي عندي علاش علش ليش ليه شنو شنو شو ايش وش اشنو
    شنوا بعرف اعرف عارف عرفت نعرف منعرف بعرفش مابعرف اعرفش لازم لازمني خاص يعني يا والله
    ana ma 3andi 3ndi andi fi mafi mafish makaynch wach bghit bgheet bdi baddi 3am ya
    li lia dyal diali daba bzaf chi chwiya w o wa 3la ala mn men kan kant 3endi 3ndna
    3andna ana kaman kamen
    weet weten know knows knew اعرف keep keeps kept come comes coming came
    تاع تاعي تاعنا تاعك تبعي تبعنا متاعي متاعنا ديالك ديالو ديالها جاتني جاني جاتنا وصلتنا
    قدرت قدرتش نقدرش بقدرش قادره قادرين kayn kayna f fel fl l el dyali dyalna
    قرب قربت قريب اقرب عند عنا عندهم شركه شركات الشركه الشركات اعاني نعاني يعاني تعاني
    السيمانه سيمانه الاسبوع اسبوع هالاسبوع semana simana
    9dert 9dart qdert 9der n9der bgha bghaw bghina bghit ja jat jaw jani 3mri 3omri omri 3mro
    kol koll kul kull kolchi kolshi kulshi mnha mnhom
"""


def _listed(text: str) -> frozenset[str]:
    """The words of a hand-kept list, one or more a line."""
    return frozenset(text.split())


# Little words only Arabizi has: a Latin text with one of them is read as Arabic.
ARABIZI_MARKERS = _listed(
    """
    ana 3andi 3ndi 3endi andi mafi mafish makaynch wach bghit bgheet bdi baddi dyal diali
    daba bzaf walo machi mich mesh mush kaman kamen 3la 3am 3ndna 3andna chwiya kayn kayna
    3liya 3lia 3alaya 3layi 3mri 3omri bgha bghaw bghina
    """
)

# Words that say something is missing: the next word that counts is read as lacking too.
LACK = _listed(
    """
    geen niet zonder nooit weinig nauwelijks no not without never little zero nothing
    cant cannot dont didnt wont isnt havent hasnt doesnt unable
    ما لا لم لن ولا وما ومش مش مو مب ماكو
    مافي مفيش مافيش ما_في بدون بلا ماشي والو مكاينش ماكاينش ماعنديش معنديش ماعندي معندي
    ماعندناش معندناش قليل قله ناقص مكانش ماكانش mafi mafish makaynch walo bidoun bdoun
    mich mesh mush mo machi ma ma3ndi ma3andi ma3endi ma3ndich ma3andich ma3ndnach makanch
    """
)
# Words the lack passes over to reach the word it is about ("niet genoeg geld", "لا أستطيع
# دفع"): modal verbs and "enough".
LACK_PASSES = _listed(
    """
    genoeg enough te too much more meer kan kun kunt can could able afford zelfs even
    حتى استطيع تستطيع 9dert 9dart qdert n9der قدرت قدرتش نقدرش بقدرش قادره قادرين
    نستطيع اقدر بقدر نقدر قادر يكفي كافي بكفي عندي عندنا في اقدرش نقدرش
    """
)


# "علي فلوس", "عليا كريدي", "3liya dyoun": money or a debt "on me" is a debt, whatever the
# dialect; the pair is read as the content's word for being in debt.
OWE = _listed(
    """
    علي عليا عليي عليه علينا عليها وعلي وعليا وعليه وعلينا 3liya 3lia 3alaya 3layi 3lina
    3alayya 3alayi 3alia 3aliya 3layya 3alina
    """
)
OWE_WHAT = _listed("فلوس ديون دين قرض مصاري flous flouss dyoun dyon dyun masari masare 9ard")
OWED = "مديون"

# "deze maand", "كل شهر", "this month", "a fine day": a month, a week or a day says when, not
# what. Only the end of the month ("eind van de maand", "آخر الشهر") says something: money that
# does not last; it is read as one word, :data:`MONTH_END_WORD`.
PERIOD = _listed(
    """
    maand maanden month months شهر الشهر هالشهر شهور الشهور اشهر
    dag dagen day days week weken weeks يوم اليوم يومين ايام الايام اسبوع الاسبوع اسابيع
    """
)
# Words with an everyday meaning besides the money one: a basketball "court", to "hire" or
# "huren" chairs, a birthday "party", a love letter («رسالة»), a post office («مكتب»). Alone among
# other words they say nothing of money; with another word of the same situation, or typed on
# their own, they count.
TWO_MEANINGS = _listed(
    """
    court courts hire party power charge huren sollicitatie solliciteren korting feest
    رساله مكتب حفله
    """
)
# Phrases in which a money word means something else: a "bank holiday", a "cover letter" or
# "job application", a love letter in Arabizi. They are taken out of the text before its words
# are read ("is the library open on the bank holiday" says nothing of a bank account).
OTHER_MEANING = (
    "bank holiday",
    "bank holidays",
    "cover letter",
    "love letter",
    "reference letter",
    "motivation letter",
    "job application",
    "job applications",
    "application letter",
    "sollicitatiebrief",
    "motivatiebrief",
    "liefdesbrief",
    "park bench",
    "risala dyal l7ob",
    "رسالة حب",
    "السيرة الذاتية",
    "طلب عمل",
)
MONTH_END = _listed(
    "eind einde end halverwege midden middle mid اخر لاخر للاخر نهايه لنهايه نص بنص لنص منتصف"
)
MONTH_END_WORD = "eindvandemaand"

# Negation around the verb, as Darija and Egyptian write it: "ماعنديش", "مقدرتش",
# "ma3andich", "ma9dertch". The word is read as a lack word and the verb inside it.
_CIRCUMFIX = re.compile(r"^و?(?:ما|م)(\w{3,})ش$|^w?ma(\w{3,})(?:ch|sh)$")


def negated(word: str) -> str | None:
    """The word inside a negation circumfix ("ماعنديش" -> "عندي"), or None."""
    found = _CIRCUMFIX.match(word)
    if not found:
        return None
    return found[1] or found[2]


# --- Arabizi ------------------------------------------------------------------------------------

# Arabizi digits and letter pairs, as written in the Netherlands (French spellings too).
_ARABIZI_PAIRS = (
    ("sh", "š"),
    ("ch", "š"),
    ("kh", "x"),
    ("gh", "G"),
    ("th", "t"),
    ("dh", "d"),
    ("ou", "u"),
)
_ARABIZI_CLASSES = str.maketrans(
    {
        "b": "b",
        "p": "b",
        "t": "t",
        "6": "t",
        "d": "d",
        "z": "z",
        "j": "j",
        "h": "h",
        "7": "h",
        "5": "x",
        "x": "x",
        "r": "r",
        "s": "s",
        "c": "s",
        "š": "š",
        "G": "G",
        "8": "G",
        "f": "f",
        "v": "f",
        "q": "q",
        "9": "q",
        "g": "q",
        "k": "k",
        "l": "l",
        "m": "m",
        "n": "n",
    }
)
_ARABIC_CLASSES = str.maketrans(
    {
        "ب": "b",
        "ت": "t",
        "ط": "t",
        "ث": "t",
        "د": "d",
        "ذ": "d",
        "ض": "d",
        "ظ": "z",
        "ز": "z",
        "ج": "j",
        "ح": "h",
        "ه": "h",
        "خ": "x",
        "ر": "r",
        "س": "s",
        "ص": "s",
        "ش": "š",
        "غ": "G",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
    }
)
_DROP = re.compile(r"[^bdfGhjklmnqrstxzš]")
_LATIN_LETTERS = re.compile(r"^[a-z0-9]+$")
# A Latin word with a digit among its letters is Arabizi ("3andi", "7ajz", "l9ra").
_ARABIZI_DIGIT = re.compile(r"[a-z][2-9]|[2-9][a-z]")


def looks_arabizi(word: str) -> bool:
    """Whether a Latin word is written the Arabizi way (a digit inside the word)."""
    return bool(_ARABIZI_DIGIT.search(word))


def skeleton(word: str) -> str:
    """The consonants of an Arabic or Arabizi word, one letter per sound class; vowels, ع,
    hamza and doubled letters dropped, and a final ه (taa marbuta) too."""
    if _LATIN_LETTERS.match(word):
        for pair, letter in _ARABIZI_PAIRS:
            word = word.replace(pair, letter)
        if word.endswith("h") and len(word) > 3:
            word = word[:-1]
        shape = _DROP.sub("", word.translate(_ARABIZI_CLASSES))
    else:
        if word.endswith("ه") and len(word) > 3:
            word = word[:-1]
        shape = _DROP.sub("", word.translate(_ARABIC_CLASSES))
    return re.sub(r"(.)\1+", r"\1", shape)


# Arabizi affixes: the dialects' present-tense prefixes ("kan", "n", "y", "b") and the past
# tense and pronoun endings ("7ajzet", "9at3ouna", "ykhrjna").
_ARABIZI_PREFIXES = ("kan", "kay", "ka", "bi", "ta", "n", "t", "y", "b")
_ARABIZI_SUFFIXES = (
    *("ouna", "ouni", "hom", "kom", "na", "ni", "ha"),
    *("et", "at", "it", "ti", "t", "ou"),
)


def arabizi_forms(word: str) -> list[str]:
    """An Arabizi word as it may be looked up: itself, without its article, then without a
    tense prefix or a pronoun ending (only when three consonants stay: "7ajzet" -> "7ajz")."""
    forms = [word]
    if bare := arabizi_article(word):
        forms.append(bare)
    for form in list(forms):
        for suffix in _ARABIZI_SUFFIXES:
            if form.endswith(suffix) and len(skeleton(form[: -len(suffix)])) >= 3:
                forms.append(form[: -len(suffix)])
                break
    for form in list(forms):
        for prefix in _ARABIZI_PREFIXES:
            if form.startswith(prefix) and len(skeleton(form[len(prefix) :])) >= 3:
                forms.append(form[len(prefix) :])
                break
    return list(dict.fromkeys(forms))


def arabizi_article(word: str) -> str | None:
    """An Arabizi word without its article ("lkahraba", "el-fatoura"), or None."""
    for prefix in ("el", "al", "l"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return None


# --- Arabic roots -------------------------------------------------------------------------------

# Arabic builds words from a root of three letters by patterns: "حاجزين" (seizing), "حجزوا"
# (they seized) and "محجوز" (seized) are all ح-ج-ز; "قروض" is the plural of "قرض", "قلقانه"
# (worried) is "قلق", "انقطعت" (was cut) and "مقطوع" (cut) are ق-ط-ع, "اقتطاع" (deduction) is
# ق-ط-ع too. No library in the project reads Arabic roots; this is a small version of the ISRI
# root stemmer's idea: take the affixes off, then the pattern's extra letters.
_ROOT_PREFIXES = ("است", "وال", "بال", "فال", "عال", "لل", "ال", "و")
_ROOT_SUFFIXES = (
    "تها",
    "ها",
    "هم",
    "كم",
    "نا",
    "ين",
    "ون",
    "ات",
    "وا",
    "ان",
    "ه",
    "ي",
    "ت",
    "و",
    "ك",
)


def _root_of_pattern(w: str) -> str | None:
    """The three root letters of a stem of four to six letters in a common pattern."""
    if len(w) == 4:
        if w[1] == "ا":  # فاعل: حاجز
            return w[0] + w[2:]
        if w[2] in "وي":  # فعول, فعيل: قروض
            return w[:2] + w[3]
        if w[0] in "ماتين":  # مفعل, افعل, and the present tense: يدفع
            return w[1:]
    elif len(w) == 5:
        if w[0] in "ايتن" and w[2] == "ت":  # افتعل, يفتعل: اقتطع, يقتطع
            return w[1] + w[3:]
        if w[0] in "ايتن" and w[1] == "ن":  # انفعل, ينفعل: انقطع
            return w[2:]
        if w[0] == "م" and w[3] == "و":  # مفعول: مقطوع, مديون
            return w[1:3] + w[4]
        if w[0] == "ت" and w[2] == "ا":  # تفاعل
            return w[1] + w[3:]
        if w[0] == "ا" and w[3] == "ا":  # افعال
            return w[1:3] + w[4]
    elif len(w) == 6:
        if w[0] == "ا" and w[2] == "ت" and w[4] == "ا":  # افتعال: اقتطاع
            return w[1] + w[3] + w[5]
        if w[:2] == "ان" and w[4] == "ا":  # انفعال
            return w[2:4] + w[5]
        if w.startswith(("است", "مست", "يست")):  # استفعل, مستفعل
            return w[3:]
    return None


# The spoken present tense: Darija "ك" and Levantine "ب" before the person ("كتكفي", "بيدفع").
_SPOKEN_PRESENT = ("كن", "كت", "كي", "بن", "بت", "بي")


def arabic_root(word: str) -> str | None:
    """The three-letter root of a normalised Arabic word, if the rules above find one."""
    w = word
    for prefix in _ROOT_PREFIXES:
        if w.startswith(prefix) and len(w) - len(prefix) >= (4 if prefix == "و" else 3):
            w = w[len(prefix) :]
            break
    for prefix in _SPOKEN_PRESENT:
        if w.startswith(prefix) and len(w) >= 5:
            w = w[len(prefix) :]
            break
    for _ in range(3):
        if len(w) == 3:
            return w
        if root := _root_of_pattern(w):
            return root
        suffix = next((x for x in _ROOT_SUFFIXES if w.endswith(x) and len(w) - len(x) >= 3), "")
        if not suffix:
            return None
        w = w[: -len(suffix)]
    return w if len(w) == 3 else None


@functools.cache
def _arabizi_numbers() -> dict[str, int]:
    """The Arabic number words of 11 to 99 by their consonant skeleton (the teens and tens;
    a skeleton two number words share is left out)."""
    table: dict[str, int] = {}
    shared: set[str] = set()
    for word, number in NUMBER_WORDS.items():
        if number > 10 and " " not in word and not word.isascii():
            shape = skeleton(word)
            if len(shape) >= 3:
                if table.get(shape, number) != number:
                    shared.add(shape)
                table[shape] = number
    return {shape: n for shape, n in table.items() if shape not in shared}
