"""The glossary (content/glossary.yaml): chosen words used everywhere, rejected words nowhere,
and `routekaart check` warning about long Dutch sentences and jargon (issue 12, parts 4 and 7)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routekaart.content import glossary as glossary_module
from routekaart.content.lint import lint
from routekaart.content.loader import load
from routekaart.content.yamlsource import load as load_yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CATALOGS = ROOT / "translations"
TODAY = date(2026, 11, 27)
CONTENT_FILES = ["routekaart.yaml", "organisations.yaml", "settings.yaml"] + [
    f"monitor/{p.name}" for p in sorted((CONTENT / "monitor").glob("*.yaml"))
]


def glossary() -> glossary_module.Glossary:
    """The bundled glossary (it must load without messages)."""
    found, messages = glossary_module.load(CONTENT)
    assert messages == []
    assert found is not None
    return found[0]


def content_texts() -> list[tuple[str, dict]]:
    """Every text map in the content, with "file:line" to point at it."""
    found = []
    for name in CONTENT_FILES:
        doc = load_yaml(CONTENT / name, name)
        for loc, text in glossary_module.dutch_texts(doc.data):
            found.append((str(doc.position((*loc, "nl"))), text))
    return found


def catalog_texts() -> list[tuple[str, dict]]:
    """Every interface string as a text map: English is its own catalog's msgstr (the msgid
    where that is empty); plurals joined."""
    catalogs = {}
    for lang in ("nl", "en", "ar"):
        with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            catalogs[lang] = read_po(f, locale=lang)

    def joined(value) -> str:
        text = " | ".join(value) if isinstance(value, list | tuple) else value
        return re.sub(r"%\(\w+\)s", "…", text)  # "%(monitor)s" is a placeholder, not a word

    found = []
    for message in catalogs["nl"]:
        if not message.id:
            continue
        ar = catalogs["ar"].get(message.id, context=message.context)
        en = catalogs["en"].get(message.id, context=message.context)
        english = en.string if en is not None and any(en.string) else message.id
        text = {"nl": joined(message.string), "en": joined(english), "ar": joined(ar.string)}
        found.append((f"messages.po {joined(message.id)[:50]!r}", text))
    return found


ALL_TEXTS = content_texts() + catalog_texts()


def test_the_glossary_loads_and_names_what_the_review_asked_for():
    """One term each for money worries, routekaart, monitor, rules and organisations, and the
    Dutch words on the letters."""
    terms = glossary().terms
    for name in ("geldzorgen", "routekaart", "monitor", "regels", "organisatie", "zorgtoeslag"):
        assert name in terms
    for word in ("deurwaarder", "incassobureau", "beslag", "dwangbevel"):
        assert terms[word].en.use == [word]
        assert terms[word].ar.use == [word]


def test_the_texts_are_found():
    """The walk over content and catalogs sees the routekaart, the monitor and the interface."""
    where = " ".join(w for w, _ in ALL_TEXTS)
    assert "routekaart.yaml" in where and "monitor/2023-2024.yaml" in where
    assert "messages.po" in where
    assert len(ALL_TEXTS) > 300


def test_wherever_the_dutch_word_is_the_chosen_english_and_arabic_words_are():
    """A Dutch text with "deurwaarder" has "deurwaarder" in its English and Arabic too; one with
    "regels" says "rules" and "القواعد"; and so on for every term."""
    g = glossary()
    missing = []
    for where, text in ALL_TEXTS:
        for name, term in g.terms.items():
            if not any(form.casefold() in text["nl"].casefold() for form in term.nl):
                continue
            for lang in ("en", "ar"):
                written = text.get(lang)
                if not written:  # a long monitor text shown in Dutch
                    continue
                if not any(w.casefold() in written.casefold() for w in getattr(term, lang).use):
                    missing.append(f"{where}: {lang} lacks {name}: {written[:80]}")
    assert missing == []


def test_the_rejected_words_appear_nowhere():
    """No "مكتب مفتوح", "النجدة", "تم …", "a first talk", "organization" ... in any text."""
    g = glossary()
    found = []
    for where, text in ALL_TEXTS:
        for lang in ("en", "ar"):
            if text.get(lang):
                for word in glossary_module.rejected_in(text[lang], lang, g):
                    found.append(f"{where}: {lang}: {word}")
    assert found == []


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ar", "تم قطع الكهرباء", ["تم"]),
        ("ar", "هو مهتم بالأمر", []),  # "تم" inside a word is not the habit
        ("ar", "اتصل ببنك الائتمان", ["بنك الائتمان"]),
        ("en", "Call for a first talk.", ["a first talk"]),
        ("en", "The programme team", []),  # "program" only as a word of its own
    ],
)
def test_rejected_words_are_found_as_the_glossary_means_them(lang, text, expected):
    assert glossary_module.rejected_in(text, lang, glossary()) == expected


# --- the B1 checker ------------------------------------------------------------------------------


LONG = (
    "Als u een brief krijgt van de gemeente over uw uitkering en u begrijpt niet goed "
    "wat er staat, kom dan langs."
)

# A Dutch advice line of the content the tests below rewrite.
ADVICE = (
    "        nl: Neem uw rekeningen en brieven mee, zodat iemand ter plekke met u kan meekijken."
)


def test_the_checker_warns_about_a_long_dutch_sentence_and_jargon_with_file_and_line(
    content_copy: Path,
):
    """A 22-word sentence and "participatiedoelgroep" in an advice: two warnings at that line."""
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = ADVICE
    assert old in text
    new = f"        nl: {LONG} Dit is voor de participatiedoelgroep."
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text.splitlines().index(old) + 1
    loaded, served = load(content_copy, today=TODAY)
    assert loaded is not None  # advice, not errors: the site serves it
    assert not [m for m in served if "jargon" in m.text or "sentence" in m.text]  # and skips it
    messages = lint(content_copy)
    here = [str(m) for m in messages if m.position.line == line and "/routekaart.yaml" in str(m)]
    assert any(
        m.endswith(
            "warning: a Dutch sentence of 22 words (“Als u een brief krijgt …”); "
            "plain Dutch (B1) keeps sentences to about 15 words: split it"
        )
        for m in here
    ), here
    assert any("“participatiedoelgroep” is jargon" in m and "inwoners in de bijstand" in m
               for m in here), here  # fmt: skip
    assert all(f"/routekaart.yaml:{line}:13: warning:" in m for m in here), here


def test_a_jargon_word_explained_in_the_glossary_s_words_may_stay(content_copy: Path):
    """ "VE (voorschool (peuteropvang met extra taal))" explains itself: no warning."""
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = ADVICE
    plain = glossary().jargon["VE"]
    path.write_text(text.replace(old, f"        nl: Ook voor de VE ({plain})."), encoding="utf-8")
    _, messages = load(content_copy, today=TODAY)
    assert not [m for m in messages if "“VE” is jargon" in m.text and "/routekaart." in str(m)]


def test_without_a_glossary_there_is_no_b1_check(content_copy: Path):
    """The glossary holds the limit and the jargon: content without one is not B1-checked."""
    (content_copy / "glossary.yaml").unlink()
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    old = ADVICE
    path.write_text(text.replace(old, f"        nl: {LONG}"), encoding="utf-8")
    _, messages = load(content_copy, today=TODAY)
    assert not [m for m in messages if "plain Dutch" in m.text or "jargon" in m.text]


def test_what_residents_read_is_plain_dutch():
    """The routekaart, the desks, the settings and (since issue #26) the monitor: no long
    sentence, no jargon ("laagdrempelige", "iBabs", "Q3", "gebiedstafels" ...)."""
    _, messages = load(CONTENT, today=TODAY)
    b1 = [str(m) for m in messages if "plain Dutch" in m.text or "jargon" in m.text]
    assert b1 == []


def test_the_monitor_jargon_of_the_review_is_in_the_glossary():
    """Issue #26: each word the review found in the monitor is jargon the checker names."""
    jargon = {w.casefold() for w in glossary().jargon}
    for word in ("laagdrempelige", "traject", "het college", "iBabs", "projectenboek", "Q3"):
        assert word.casefold() in jargon, word
    for word in ("gebiedstafels", "naar vermogen", "eigenaarschap"):
        assert word.casefold() in jargon, word


def test_the_terms_chosen_in_the_third_review_are_in_the_glossary():
    """Issue #26: the glossary grows with every term chosen."""
    g = glossary()
    # Read 11: the desks' two spreekuren are «موعدان ثابتان للاستشارة (spreekuren)».
    assert g.terms["spreekuur"].ar.use[0] == "موعدان ثابتان للاستشارة"
    assert g.terms["spreekuur"].en.use[0] == "advice session"
    assert "advice sessions (spreekuren) at two set times" in g.terms["spreekuur"].en.use
    assert "official matters" in g.terms["regels"].en.use
    assert "forms and rules" in g.terms["regels"].en.avoid
    assert "ساعتا استقبال" in g.terms["spreekuur"].ar.avoid
    assert "consultation hour" in g.terms["spreekuur"].en.avoid
    assert g.terms["routekaart"].en.use == ["Routekaart"]
    assert {"route finder", "route map"} <= set(g.terms["routekaart"].en.avoid)
    assert g.terms["zorgtoeslag"].en.use == ["healthcare allowance"]
    # Read 13: bijstand is "benefits (bijstand)" on every page, the monitor's too.
    assert "social assistance" in g.terms["bijstand"].en.avoid
    assert "المساعدة الاجتماعية" in g.terms["bijstand"].ar.avoid
    assert "سهولة الاستخدام" in g.terms["toegankelijkheid"].ar.avoid
    assert "Ooievaarspas (a discount pass)" in g.terms["ooievaarspas"].en.use


# Notes for staff that once reached residents ("niet vermeld", "staan niet in onze bron"):
# a resident is told as a person would say it ("We weten niet of ...").
STAFF_NOTES = {
    "nl": ["niet vermeld", "niet in onze bron", "onze bron geeft"],
    "en": ["not stated", "our source does not", "our source gives"],
    "ar": ["مصدرنا لا يذكر", "غير مذكور"],
}


def test_no_staff_note_reaches_residents():
    found = []
    for where, text in ALL_TEXTS:
        for lang, notes in STAFF_NOTES.items():
            written = (text.get(lang) or "").casefold()
            found += [f"{where}: {lang}: {n}" for n in notes if n.casefold() in written]
    assert found == []


def test_the_checker_splits_sentences_and_counts_words():
    from routekaart.content.lint import long_sentences

    assert long_sentences("Een twee drie. Vier vijf!", 2) == ["Een twee drie."]
    # A web address is one word, a dash is none: four words.
    assert long_sentences("Kijk op www.sterkvoornoord.nl/geldzaken – nu.", 4) == []
    assert long_sentences("Kijk op www.sterkvoornoord.nl/geldzaken – nu.", 3) != []


def test_the_checker_warns_about_a_rejected_word_in_english_or_arabic(content_copy: Path):
    """Staff who write "مكتب مفتوح" or "a first talk" see it at once, with the reason."""
    path = content_copy / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      ar: مكتب للأسئلة عن المال والرسائل والاستمارات"
    assert old in text
    new = "      ar: مكتب مفتوح للأسئلة عن المال"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text.splitlines().index(old) + 1
    messages = lint(content_copy)
    here = [str(m) for m in messages if "/organisations.yaml" in str(m) and "glossary" in m.text]
    assert here == [
        f"content/organisations.yaml:{line}:11: warning: the Arabic text uses “مكتب مفتوح”, "
        'which the glossary rejects: the glossary chooses another word for "ping-loket"'
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_one_pattern_finds_what_the_word_list_finds(lang):
    """The fast pattern of the checker and the word list of the test agree on every text."""
    g = glossary()
    pattern = glossary_module.rejected_pattern(g, lang)
    samples = [t[lang] for _, t in ALL_TEXTS if t.get(lang)] + [
        "تم قطع الكهرباء",
        "هو مهتم",
        "Call for a first talk",
        "The program",
    ]
    for sample in samples:
        assert bool(pattern.search(sample)) == bool(glossary_module.rejected_in(sample, lang, g)), (
            sample
        )


def test_a_broken_glossary_fails_the_check_but_the_site_still_serves(content_copy: Path):
    """The glossary is advice for writers: staff must fix it, residents never lose the site."""
    from routekaart.cli import check

    path = content_copy / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nterms: [\n", encoding="utf-8")
    added = len(text.splitlines()) + 2  # after the blank line that follows the last one
    loaded, _ = load(content_copy, today=TODAY)
    assert loaded is not None
    code, lines = check(content_copy, today=TODAY)
    assert code == 1
    assert any(f"glossary.yaml:{added}:1: error: duplicate key" in line for line in lines), lines
    assert lines[-1].endswith("fix them (the site serves it)")
