"""The matcher: a resident's own words, in Dutch, English or Arabic, lead to their situation.

The evaluation table (``tests/matcher_eval.tsv``) holds resident phrasings the matcher was not
given; the budgets of issue 13 are asserted on it per language.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from routekaart.cli import main
from routekaart.content import loader as content
from routekaart.domain import engine, matcher, resident_words
from routekaart.domain.matcher import normalise, read_age, words

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
EVAL = Path(__file__).resolve().parent / "matcher_eval.tsv"
TODAY = date(2025, 6, 2)

TOP3_BUDGET = 0.90
TOP1_BUDGET = 0.75


@pytest.fixture(scope="module")
def tree():
    loaded, messages = content.load(CONTENT, today=TODAY)
    assert loaded is not None, [str(m) for m in messages]
    return loaded.tree


def read_eval(path: Path = EVAL) -> list[tuple[str, str, list[str]]]:
    """The evaluation rows: page language, text, the paths that count as right."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lang, text, right = line.split("\t")
        rows.append((lang, text, right.split()))
    return rows


def paths(tree, text: str, lang: str = "nl") -> list[str]:
    return [s.path for s in matcher.match(tree, text, lang)]


def test_matcher_does_not_import_flask():
    code = (
        "import routekaart.domain.matcher, sys;"
        " print('flask' in sys.modules, 'werkzeug' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


# --- reading what residents type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("DEURWAARDER", "deurwaarder"),
        ("café financiële", "cafe financiele"),
        ("الْكَهْرَبَاء", "الكهربا"),  # diacritics; the final hamza is folded away
        ("أمر إخلاء آخر", "امر اخلا اخر"),  # alef with hamza above, below, madda
        ("فاتورة", "فاتوره"),  # taa marbuta
        ("مـــحـــامـــي", "محامي"),  # tatweel
        ("عمري ١٧", "عمري 17"),  # Arabic-Indic digits
        ("۲۳", "23"),  # Eastern Arabic-Indic (Persian) digits
        ("مسؤول", "مسوول"),
        ("على", "علي"),  # alef maqsura
    ],
)
def test_normalise_folds_what_keyboards_differ_in(typed, normal):
    assert normalise(typed) == normal


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ik ben 17 en heb schulden", 17),
        ("Ik ben 22 jaar", 22),
        ("I'm 22 and broke", 22),
        ("i am 19 years old", 19),
        ("عمري 20", 20),
        ("عمري ١٧ وعلي ديون", 17),
        ("ik word 18", 17),
        ("ik heb 3 rekeningen", None),
        ("ik ben 2 maanden achter", None),
        ("ik heb schulden", None),
    ],
)
def test_an_age_is_read_in_three_languages(text, age):
    assert read_age(normalise(text)) == age


# --- promises ----------------------------------------------------------------------------------


def test_a_bailiff_at_the_door_is_the_bailiffs_route_and_it_is_urgent(tree):
    found = matcher.match(tree, "de deurwaarder stond voor de deur", "nl")
    assert found[0].path == "direct/deurwaarder"
    assert found[0].urgency == "today"
    assert matcher.clearly_urgent(found)
    assert [c.word for c in found[0].counted] == ["deurwaarder", "deur"]


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        # Dutch compounds, split on the known words
        ("huisuitzetting", "nl", "direct/huis-uit"),
        ("loonbeslag op mn salaris", "nl", "direct/beslag"),
        ("ik ben 23 met een studieschuld", "nl", "jong/schulden/18-tot-27"),
        ("huurschuld", "nl", "binnenkort/schulden"),
        # plurals and verb forms, through the stemmers
        ("deurwaarders", "nl", "direct/deurwaarder"),
        ("they evicted us", "en", "direct/huis-uit"),
        ("الفواتير", "ar", "binnenkort/rekeningen"),
        # spelling mistakes
        ("deurwaader", "nl", "direct/deurwaarder"),
        ("dwangbefel", "nl", "direct/dwangbevel"),
        ("bailif", "en", "direct/deurwaarder"),
        # any language on any page
        ("I'm being evicted", "nl", "direct/huis-uit"),
        ("deurwaarder", "ar", "direct/deurwaarder"),
        # a compound typed as two words
        ("de belasting stuurt een dwang bevel", "nl", "direct/dwangbevel"),
        ("قطعوا عني الكهرباء", "en", "direct/afgesloten"),
        # Arabic spelled with and without hamza, diacritics and tatweel
        ("قَطَعُوا الكَهْرَبَاءْ", "ar", "direct/afgesloten"),
        ("أحتاج محــامي", "ar", "binnenkort/advocaat"),
        # the article with a preposition or "and" written onto the word
        ("غرقان بالديون", "ar", "binnenkort/schulden"),
        ("قطعوا وبالكهرباء", "ar", "direct/afgesloten"),
    ],
)
def test_residents_words_find_their_situation(tree, text, lang, path):
    assert paths(tree, text, lang)[0] == path


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        ("ik ben 17 en heb schulden", "nl", "jong/schulden/onder-18"),
        ("ik ben 22 en heb schulden", "nl", "jong/schulden/18-tot-27"),
        ("I'm 22 and can't pay my bills", "en", "jong/rekeningen/18-tot-27"),
        ("عمري 16 وما بقدر ادفع الفواتير", "ar", "jong/rekeningen/onder-18"),
        # 27 or older: the young people's question leads to the adults' result, shown by
        # its own route
        ("ik ben 30 en heb schulden", "nl", "binnenkort/schulden"),
    ],
)
def test_an_age_picks_the_branch_on_the_young_peoples_routes(tree, text, lang, path):
    found = paths(tree, text, lang)
    assert found[0] == path
    assert not any(p.endswith(("onder-18", "18-tot-27")) and p != path for p in found)


def test_without_an_age_the_young_peoples_route_asks_it(tree):
    # ("student" alone is read as 18 to 26 since round 10: see below)
    found = matcher.match(tree, "mijn ouders weten niet dat ik schulden heb", "nl")
    assert found[0].path == "jong/schulden"
    conversation = engine.resolve(tree, found[0].path)
    assert conversation.result is None  # the next turn is the age question
    assert found[0].title("nl") == "Ik heb schulden en kom daar zelf niet uit"


def test_every_suggestion_is_a_path_the_conversation_knows(tree):
    for lang, text, _ in read_eval():
        for suggestion in matcher.match(tree, text, lang):
            assert engine.resolve(tree, suggestion.path), (text, suggestion.path)
            assert 0 < suggestion.score <= 1


@pytest.mark.parametrize(
    "text",
    ["", "   ", "!!!", "ik", "hoe laat is het", "what is the weather", "كم الساعة", "x" * 5000],
)
def test_off_topic_and_empty_text_gets_nothing(tree, text):
    assert matcher.match(tree, text, "nl") == []


def test_at_most_three_best_first(tree):
    found = matcher.match(tree, "schulden rekeningen deurwaarder beslag stress formulier", "nl")
    assert len(found) == 3
    assert [s.raw for s in found] == sorted((s.raw for s in found), reverse=True)


def test_a_long_text_costs_no_more_than_its_first_words(tree, monkeypatch):
    """A resident who pastes a whole letter: the matcher reads its first MAX_CHARS characters
    and looks up at most MAX_WORDS words, so answer and work are those of the letter's start."""
    # A thousand different words: neither dropping repeats nor the cut to MAX_CHARS alone
    # keeps the work small (MAX_CHARS holds more than MAX_WORDS of them).
    letters = "bcdfgkmprt"
    filler = " ".join(a + "o" + b + "a" + c for a in letters for b in letters for c in letters)
    text = "deurwaarder " + (filler + " ") * 10
    start = text[: matcher.MAX_CHARS]
    assert len(text) > 100 * matcher.MAX_CHARS and len(set(start.split())) > matcher.MAX_WORDS
    read: list[int] = []  # the length of every text normalised
    looked_up: list[str] = []  # every word looked up (again in the other language if need be)
    real_normalise, real_features = matcher.normalise, matcher.Matcher.features

    def normalise_counted(text: str) -> str:
        read.append(len(text))
        return real_normalise(text)

    def features_counted(self, word, lang, arabizi=False):
        looked_up.append(word)
        return real_features(self, word, lang, arabizi)

    matcher.for_tree(tree)  # built before counting: building it reads every phrase once
    monkeypatch.setattr(matcher, "normalise", normalise_counted)
    monkeypatch.setattr(matcher.Matcher, "features", features_counted)
    matcher._stems.cache_clear()  # both texts start from the same (empty) cache of stems
    found = matcher.match(tree, text, "nl")
    work = (read[:], looked_up[:])
    read.clear()
    looked_up.clear()
    matcher._stems.cache_clear()
    assert found == matcher.match(tree, start, "nl")  # every suggestion, scores included
    assert work == (read, looked_up)  # the same characters read, the same words looked up
    assert max(read) <= matcher.MAX_CHARS and len(set(looked_up)) <= matcher.MAX_WORDS
    assert found[0].path == "direct/deurwaarder"


# --- the evaluation set: the budgets of issue 13 ------------------------------------------------


def evaluate(tree) -> dict[str, tuple[int, float, float]]:
    """Per language: the number of on-topic rows, top-1 and top-3 accuracy."""
    hits: dict[str, list[tuple[bool, bool]]] = {}
    for lang, text, right in read_eval():
        if not right:
            continue
        found = paths(tree, text, lang)
        hits.setdefault(lang, []).append(
            (bool(found) and found[0] in right, any(p in right for p in found))
        )
    return {
        lang: (len(rows), sum(a for a, _ in rows) / len(rows), sum(b for _, b in rows) / len(rows))
        for lang, rows in hits.items()
    }


def test_the_evaluation_set_is_large_and_balanced():
    rows = read_eval()
    on_topic = [r for r in rows if r[2]]
    assert len(on_topic) >= 150
    for lang in ("nl", "en", "ar"):
        share = sum(r[0] == lang for r in on_topic) / len(on_topic)
        assert 0.28 <= share <= 0.38, (lang, share)
    assert sum(not r[2] for r in rows) >= 15


def test_the_evaluation_set_only_names_real_routes(tree):
    for _, text, right in read_eval():
        for path in right:
            assert engine.resolve(tree, path), (text, path)


def test_the_evaluation_phrases_are_not_the_yaml_examples(tree):
    examples = set()
    for node in tree.nodes.values():
        if node.result is not None and node.result.match is not None:
            examples |= {normalise(p) for _, p in node.result.match.phrases()}
    copied = [text for _, text, _ in read_eval() if normalise(text) in examples]
    assert copied == []
    # written blind, not tuned on before their measurement
    for blind in EVAL.parent.glob("matcher_blind_*.tsv"):
        rows = read_eval(blind)
        assert len(rows) >= 150
        # "no money" is issue 25's own wording, which both the blind writer and the examples took;
        # "debt help" (set b) and "uitzetting" (set c) were examples long before those sets were
        # written.
        common = {"no money", "debt help", "uitzetting"}
        copied = {text for _, text, _ in rows if normalise(text) in examples} - common
        assert not copied, blind.name
        results = {c.slug_path for c in engine.results(tree)}
        assert {p for _, _, right in rows for p in right} <= results, blind.name


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_accuracy_budgets_per_language(tree, lang):
    _, top1, top3 = evaluate(tree)[lang]
    assert top3 >= TOP3_BUDGET, f"{lang}: top-3 {top3:.0%}"
    assert top1 >= TOP1_BUDGET, f"{lang}: top-1 {top1:.0%}"


def test_off_topic_phrasings_get_no_suggestion(tree):
    wrong = {text: paths(tree, text, lang) for lang, text, right in read_eval() if not right}
    assert {text: found for text, found in wrong.items() if found} == {}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my phone screen is broken", "en"),  # "phone" stands only in "phone bill"
        ("when does the supermarket open", "en"),  # "open" only in "open a bank account"
        ("de winkel gaat om negen uur open", "nl"),
        ("متى يفتح المحل", "ar"),
    ],
)
def test_a_word_that_only_stands_in_longer_examples_finds_nothing_alone(tree, text, lang):
    assert matcher.match(tree, text, lang) == []


# --- for staff -----------------------------------------------------------------------------------


def test_match_command_prints_scores_and_the_words_that_counted():
    result = CliRunner().invoke(main, ["match", "salarisbeslag", "--lang", "nl"])
    assert result.exit_code == 0
    first, why = result.stdout.splitlines()[:2]
    assert "direct/beslag" in first and "(today)" in first
    assert float(first.split()[0]) > 0
    assert why.split()[:4] == ["salarisbeslag", "->", "salaris", "compound"]
    assert result.stdout.splitlines()[2].split()[:4] == [
        "salarisbeslag",
        "->",
        "beslag",
        "compound",
    ]


def test_match_command_says_when_nothing_fits():
    result = CliRunner().invoke(main, ["match", "hoe laat gaat de bus"])
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing fits")


def test_check_warns_for_a_result_without_examples_with_file_and_line(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      match:", text.index("\n  binnenkort-advocaat:\n"))
    end = text.index("      organisations:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    loaded, messages = content.load(content_copy, today=TODAY)
    assert loaded is not None  # a warning, not an error: the site keeps working
    found = [m for m in messages if "binnenkort-advocaat" in m.text and "example" in m.text]
    assert len(found) == 1 and found[0].severity == "warning"
    node_line = text[: text.index("\n  binnenkort-advocaat:\n")].count("\n") + 2
    assert found[0].position.line == node_line + 1  # the "result:" key
    assert f"routekaart.yaml:{node_line + 1}:" in str(found[0])


def test_check_warns_for_a_language_without_examples(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    node = text.index("\n  binnenkort-advocaat:\n")
    start = text.index("        ar:\n", node)
    end = text.index("      organisations:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    _, messages = content.load(content_copy, today=TODAY)
    found = [m.text for m in messages if "binnenkort-advocaat" in m.text and "example" in m.text]
    assert found == [
        'result "binnenkort-advocaat" has no example phrases in Arabic; add a few under match:'
    ]


def test_examples_are_validated_like_everything_else(content_copy: Path):
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    node = text.index("\n  binnenkort-advocaat:\n")
    start = text.index("        en:\n", node)
    path.write_text(
        text[:start] + "        fr:\n          - avocat\n" + text[start:], encoding="utf-8"
    )
    loaded, messages = content.load(content_copy, today=TODAY)
    assert loaded is None
    assert any(m.severity == "error" and "fr" in m.text for m in messages)


# --- issue 25: residents' own words as a desk worker reads them --------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("zestien en schulden", 16),
        ("ik ben negentien", 19),
        ("twenty-two and broke", 22),
        ("عمري خمسة عشر", 15),
        ("عندي سطاش عام", 16),  # Darija
        ("عمري ستعش", 16),  # Levantine
        ("انا سبعتاشر سنه", 17),  # Egyptian
        ("17 jaar en rekeningen", 17),
        ("student 23", 23),
        ("25 y/o no money", 25),
        ("onder 18", 17),
        ("bijna achttien", 17),
        ("ik heb 500 euro schuld", None),
        ("12 maanden huurachterstand", None),
        ("ik heb 30 rekeningen", None),
        # An amount in words after the number (the third matcher round, set d).
        ("alles bij elkaar 15 duizend schuld", None),
        ("i owe like 20 thousand", None),
        ("12 grand on my credit card", None),
        ("عندي ديون 20 الف", None),
    ],
)
def test_an_age_in_words_or_a_bare_number_is_read(text, age):
    assert read_age(normalise(text)) == age


# --- the third matcher round: what set d showed, as families ------------------------------------


def test_a_dutch_word_with_the_arabic_article_written_on_is_read_as_the_dutch_word():
    assert words(normalise("دوانغبيفل من الbelastingdienst")) == ["دوانغبيفل", "belastingdienst"]


def test_an_example_with_a_word_the_matcher_cannot_read_still_builds(tree):
    # "min" has no stem in any language: "in de min" is read by what is left (nothing), and
    # the index is built (it raised StopIteration before).
    assert matcher._phrase("in de min", "nl") == ()
    assert matcher.Matcher(tree).situations


@pytest.mark.parametrize(
    ("text", "lang", "found"),
    [
        ("gaat het morgen regenen", "nl", []),  # a word of its own, not "regelen" misspelt
        ("who won the match yesterday", "en", []),  # not the Dutch stem of "wonen"
        ("ik zoek een advokaat", "nl", ["binnenkort/advocaat"]),  # a long misspelling
        ("deurwarder", "nl", ["direct/deurwaarder"]),
    ],
)
def test_a_misspelling_alone_finds_only_the_situation_it_names(tree, text, lang, found):
    assert paths(tree, text, lang)[:1] == found


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        # Arabizi: digits for letters, Moroccan, Levantine and French spellings
        ("gat3o 3lina lkahraba", "ar", "direct/afgesloten"),
        ("ma 3andi flous", "ar", "binnenkort/rondkomen"),
        ("3andi dyoun bzaf", "nl", "binnenkort/schulden"),
        # dialect letters and words
        ("گطعوا الكهرباء عنا", "ar", "direct/afgesloten"),
        ("ماكو فلوس هالشهر", "ar", "binnenkort/rondkomen"),
        ("مفيش نور في الشقة", "ar", "direct/afgesloten"),  # Egyptian "light" is electricity
        ("قربت نكمل تمنطاش و ما عرفت شنو خاصني", "ar", "jong/bijna-18"),
        # money basics
        ("ik heb geen geld", "nl", "binnenkort/rondkomen"),
        ("no money", "en", "binnenkort/rondkomen"),
        ("ما عندي مال", "ar", "binnenkort/rondkomen"),
        ("مفيش مصاري", "ar", "binnenkort/rondkomen"),
    ],
)
def test_dialects_arabizi_and_plain_money_words(tree, text, lang, path):
    assert paths(tree, text, lang)[0] == path


@pytest.mark.parametrize(
    "text",
    [
        "boete",
        "company",
        "شركة",
        "routes",
        "SELECT * FROM users; DROP TABLE routes;--",
        "gas geven op de snelweg",  # "geen gas" is telling, "gas" is not
        "power ranger toys",
        "de post is gesloten vandaag",  # "gesloten" is not a misspelt "afgesloten"
        "شركة جديدة فتحت",  # a word three urgent routes share says nothing
    ],
)
def test_a_generic_word_alone_never_makes_a_route_urgent(tree, text):
    assert all(s.urgency != "today" for s in matcher.match(tree, text, "nl"))


def test_an_urgent_route_found_by_a_generic_word_only_follows_what_fits(tree):
    # "niet betaald" alone is in the examples of the enforcement order ("boete niet betaald"):
    # that route may follow, never lead, and a lack word is not a second word.
    found = paths(tree, "de huur is niet betaald", "nl")
    assert found[:2] == ["direct/huis-uit", "binnenkort/rekeningen"]  # huur and betaald
    assert "direct/dwangbevel" not in found and "direct/afgesloten" not in found
    assert paths(tree, "niet betaald", "nl") == []
    # One urgent route that a generic word found follows what fits only when that word
    # counted for what fits too ("huur" above); "gas" alone is no cut-off, and a bill's gas
    # is not what the bill route was found by.
    found = paths(tree, "the gas bill is too high", "en")
    assert found == ["binnenkort/rekeningen"]
    # "landlord" stands only in longer examples ("landlord wants me out"): alone it finds
    # nothing, not even a route that follows.
    assert paths(tree, "the landlord says the bills are too high", "en") == [
        "binnenkort/rekeningen"
    ]


def test_a_word_that_only_shares_a_stem_does_not_find_a_situation(tree):
    # "weet" (know) stems to "wet" (law); "I don't know" says nothing about a money worry.
    assert paths(tree, "ik weet niet wat ik moet doen", "nl") == []


def test_a_known_word_weighs_little_where_it_only_shares_a_stem(tree):
    # "house" is a word of the eviction route; "housing" (jong/leven) only shares "hous".
    found = paths(tree, "I got a letter that I must leave my house", "en")
    assert found[0] == "direct/huis-uit"
    assert "jong/leven" not in found


def test_a_young_and_an_adult_route_for_the_same_worry_are_one_option(tree):
    for text, lang in [("ما عندي فلوس للإيجار", "ar"), ("kan mijn rekeningen niet betalen", "nl")]:
        found = paths(tree, text, lang)
        assert not ({"binnenkort/rekeningen", "jong/rekeningen"} <= set(found)), found


def test_the_bench_reports_an_extra_table_per_language_with_both_rules(tmp_path, capsys):
    from bench import matcher as bench

    table = tmp_path / "extra.tsv"
    table.write_text(
        "# a comment\n"
        "nl\tde deurwaarder stond voor de deur\tdirect/deurwaarder\n"
        "en\tsixteen and in debt\tjong/schulden/onder-18\n"
        "ar\tما عندي مال\tbinnenkort/rondkomen\n"
        "nl\tik heb schulden\tbinnenkort/schulden jong/schulden/18-tot-27\n"
        "nl\tboete\t\n"
        "en\tcompany\n",
        encoding="utf-8",
    )
    bench.main(["--extra", str(table), "--rounds", "1"])
    report = capsys.readouterr().out.split(f"{table}:", 1)[1]
    assert "nl: 2 phrasings, top-1 100.0%, top-3 100.0%, nothing found 0" in report
    assert "en: 1 phrasings, top-1 100.0%" in report
    assert "ar: 1 phrasings, top-1 100.0%" in report
    assert "off-topic: 2 phrasings, 0 got a suggestion" in report and "0 an urgent one" in report
    # the age rule counts the row whose writer accepted one age branch only; the row that
    # names an age branch among others (no age given) is reported beside it
    assert "age: 1 phrasings state an age (one age branch right), the right branch first in 1" in (
        report
    )
    assert "of all 2 that name an age branch, 2" in report


# --- issue 25, second round: the families the blind set missed ---------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("17j en een schuld", 17),
        ("23yo and broke", 23),
        ("zeventienjarige", 17),
        ("17jarige met schulden", 17),
        ("ابني عمره 17", 17),
        ("3mri 16 w 3liya flous", 16),
        ("ana 19 3am", 19),
        ("عمري ۱۷", 17),  # Persian digits
        ("عمري ثمنطاش", 18),  # a Darija spelling of eighteen the table did not list
        ("عندي ستطاش سنة", 16),
        ("بعد شهر بكمل ١٨", 17),  # Levantine "I turn 18": a minor now
        ("رح يصير عمري تمنتعش", 17),
        ("volgende week jarig, dan ben ik 18", 17),
        ("over een maand word ik 18", 17),
        ("ik heb 2 jaar schulden", None),
        ("23, bills piling up", 23),  # a number that opens the text before a comma
        ("3mri sta3ch w 3liya flous", 16),  # Arabizi number words, by their consonants
        ("ana tmanta3sh 3am", 18),
        ("sota3shar sana", 16),
        ("بعمر الـ17", 17),
    ],
)
def test_more_ways_to_state_an_age_are_read(text, age):
    assert read_age(normalise(text)) == age


@pytest.mark.parametrize(
    ("text", "has", "lacks"),
    [
        # negation around the verb, in Arabic script and Arabizi
        ("معنديش فلوس", ["~فلوس"], []),
        ("ما عندناش فلوس", ["~فلوس"], ["عندناش"]),
        ("ma9dertch nkhalas lfactura", ["~ادفع", "فاتوره"], []),
        ("وما خلصتهاش", ["~ادفع"], []),
        # money "on me" is a debt
        ("وعليّ فلوس لصاحبي", ["مديون"], []),
        ("3liya dyoun", ["مديون"], []),
        ("قطعوا عليه الكهرباء", [], ["مديون"]),
        ("اكو دين عليّ للبنك", ["مديون"], []),  # the debt first, then "on me"
        ("وماكو راتب", ["~راتب"], []),  # a lack word with "and" written on
        # a month says when; only its end says something
        ("huur niet betaald deze maand", [], ["maand"]),
        ("ما دفعت الايجار هالشهر", [], ["هالشهر", "شهر"]),
        ("geld op aan het eind van de maand", ["eindvandemaand"], []),
        ("الفلوس ما بتكفي لآخر الشهر", ["eindvandemaand"], []),
    ],
)
def test_spoken_arabic_is_read_as_the_content_words(text, has, lacks):
    found = words(normalise(text))
    assert all(w in found for w in has), found
    assert not any(w in found for w in lacks), found


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        ("حجزو على الشهرية", "ar", "direct/beslag"),  # plural verb without its alef
        ("قطعولنا الضو", "ar", "direct/afgesloten"),  # verb with "for us" written on
        ("يخصمو من المعاش", "ar", "direct/beslag"),  # present tense prefix
        ("bghaw ykhrjouna mn dar", "ar", "direct/huis-uit"),  # Arabizi without digits
        ("7ajzou 3la salary", "ar", "direct/beslag"),
        ("عليا كريدي بزاف", "ar", "binnenkort/schulden"),
        ("twintig en kan mijn rekeningen niet betalen", "nl", "jong/rekeningen/18-tot-27"),
    ],
)
def test_dialect_verb_forms_find_their_situation(tree, text, lang, path):
    assert paths(tree, text, lang)[0] == path


def test_a_stated_age_puts_its_age_branch_before_a_route_that_is_not_urgent(tree):
    found = paths(tree, "22 and broke, bills everywhere", "en")
    assert found[0] == "jong/rekeningen/18-tot-27"
    # ... but "almost 18" is its own route, and an urgent route stays first
    assert paths(tree, "almost 18 and need health insurance", "en")[0] == "jong/bijna-18"
    found = matcher.match(tree, "ik ben 17 en de deurwaarder staat voor de deur", "nl")
    assert found[0].path == "direct/deurwaarder"


def test_a_word_is_not_the_misspelling_of_a_shorter_one(tree):
    index = matcher.for_tree(tree)
    assert "broke" not in {f for f, _, _ in index.features("broken", "en")}
    assert "broke" in {f for f, _, _ in index.features("brokke", "en")}
    # four Arabic letters are too close to others to guess: "مكتب" (office) is not "مكتئب"
    assert all(how != "fuzzy" for _, how, _ in index.features("مكتب", "ar"))
    assert normalise("مكتئب") in index.idf
    assert all(how != "fuzzy" for _, how, _ in index.features("كتيب", "ar"))
    assert matcher.match(tree, "وين أقرب سوبرماركت", "ar") == []


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_normalising_twice_changes_nothing_and_reading_never_raises(text):
    once = normalise(text)
    assert normalise(once) == once
    age = read_age(once)
    assert age is None or 0 <= age < 100
    assert all(w and w == w.strip() for w in words(once))


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("حاجزين", "حجز"),  # فاعل with a plural ending
        ("محجوز", "حجز"),  # مفعول
        ("قروض", "قرض"),  # a broken plural
        ("قلقانه", "قلق"),  # فعلان
        ("انقطعت", "قطع"),  # انفعل
        ("يقتطعون", "قطع"),  # يفتعل
        ("اقتطاع", "قطع"),  # افتعال
        ("مديون", "دين"),
        ("كتكفي", "كفي"),  # Darija present tense
        ("بيدفع", "دفع"),  # Levantine present tense
        ("البيت", "بيت"),
        ("فاتوره", None),  # a loanword: no root, rather than a wrong one
    ],
)
def test_an_arabic_word_is_read_by_its_root_too(word, root):
    assert resident_words.arabic_root(normalise(word)) == root


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("حاجزين على معاشي", "direct/beslag"),
        ("عندي قروض بزاف", "binnenkort/schulden"),
        ("انقطع الغاز عن البيت", "direct/afgesloten"),
    ],
)
def test_words_of_one_root_meet(tree, text, path):
    assert paths(tree, text, "ar")[0] == path


def test_things_on_a_bill_are_not_their_lack(tree):
    # "no gas" tells a cut-off; "gas" and "electricity" on a bill are a bill, and a cut-off
    # only follows. "stroom eraf" (a thing and what happened to it) stays urgent.
    assert paths(tree, "the gas and electricity bill is too high", "en")[0] == (
        "binnenkort/rekeningen"
    )
    assert paths(tree, "stroom eraf in de hele flat", "nl")[0] == "direct/afgesloten"


def test_a_word_and_its_lack_count_once(tree):
    # "not enough left": "enough" and "~enough" are one word; counted twice, the plain
    # "make ends meet" outweighed a garnishment on the wages.
    found = matcher.match(tree, "garnishment on my wages, not enough left for rent", "en")
    assert found[0].path == "direct/beslag"
    for suggestion in found:
        bare = [c.word.lstrip("~") for c in suggestion.counted]
        assert len(bare) == len(set(bare)), suggestion


@pytest.mark.parametrize(
    "text",
    [
        "my son will be 18 in two months, what insurance and stuff he must do",
        "she is going to be 18 next week, what must she arrange",
    ],
)
def test_an_eighteenth_birthday_to_come_is_almost_18(tree, text):
    assert matcher.TURNING_18 in words(normalise(text))
    assert paths(tree, text, "en")[0] == "jong/bijna-18"


def test_owing_in_arabizi_is_owing(tree):
    # "3alayya dyoun" is "عليّ ديون": I owe debts.
    assert resident_words.OWED in words(normalise("3omri 25 w 3alayya dyoun ktir"))
    assert paths(tree, "3omri 25 w 3alayya dyoun ktir", "ar")[0] == "jong/schulden/18-tot-27"


def test_a_word_that_only_shares_a_root_with_an_example_finds_nothing(tree):
    # "المدرسة" (school) and "ادرس" (study) share the root د ر س: a lost cat near the school
    # is no question about a young person's life.
    assert paths(tree, "ضاعت قطتي البيضاء قرب المدرسة، حد شافها؟", "ar") == []


def test_the_age_question_comes_first_only_on_young_peoples_words(tree):
    # Debts without an age or anything young: the adults' route, not the young people's age
    # question (it won on "terugbetalen", a word of its examples that no young person needs).
    text = "ik heb geld geleend van familie en van een online lener en kan niks terugbetalen"
    assert paths(tree, text, "nl")[0] == "binnenkort/schulden"
    assert "jong/schulden" not in paths(tree, text, "nl")
    # A young people's word ("school") counted: the age question.
    assert paths(tree, "ik zit nog op school en heb schulden bij duo en de bank", "nl")[0] == (
        "jong/schulden"
    )
    young = matcher.for_tree(tree).youth
    assert "student" in young and "schuld" not in young and "eerst" not in young


def test_a_misspelling_is_compared_by_the_length_of_its_stem(tree):
    # "betekent" is stemmed "betek": five letters need the short words' closeness, and
    # "boete" is not that close.
    m = matcher.for_tree(tree)
    assert all(f != "boete" for f, _, _ in m.features("betekent", "nl"))
    assert paths(tree, "wat betekent dit", "nl") == []


def test_a_long_misspelling_of_a_telling_word_stays_urgent(tree):
    assert paths(tree, "dwangbvl van de belasting ontvangen wat betekent dit", "nl")[0] == (
        "direct/dwangbevel"
    )
    # A word of its own that a telling word ends with is not that word misspelt.
    assert all(s.urgency != "today" for s in matcher.match(tree, "de winkel is gesloten", "nl"))


@pytest.mark.parametrize(
    "text", ["de woningcorporatie start een ontruimingsprocedure", "er is een ontruimingsdatum"]
)
def test_a_compound_with_a_known_first_part_is_about_that_part(tree, text):
    # "ontruimings|procedure": the content knows the first part before the linking s.
    assert paths(tree, text, "nl")[0] == "direct/huis-uit"


def test_komen_alone_says_nothing_but_rond_komen_does(tree):
    assert paths(tree, "kan je morgen komen", "nl") == []
    assert paths(tree, "ik kan niet rond komen", "nl")[0] == "binnenkort/rondkomen"


def test_an_urgent_route_a_generic_word_found_follows_only_what_that_word_found(tree):
    # "brief" counted for the forms route too: the eviction route may follow it.
    found = paths(tree, "zorgtoeslag aanvragen, en ik kreeg een brief", "nl")
    assert found[0] == "binnenkort/formulieren" and "direct/huis-uit" in found
    # The first suggestion came from other words ("18e verjaardag"): "brief" is no eviction.
    found = matcher.match(tree, "hoe vraag ik zorgtoeslag aan voor mijn verjaardag brief", "nl")
    assert found and all(s.urgency != "today" for s in found)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("بغيت نكتب رسالة لصاحبتي فعيد ميلادها", "ar"),  # we write: "كتب", as in a letter
        ("how do i write a cover letter for a job in dutch", "en"),
    ],
)
def test_words_that_only_share_a_root_or_a_stem_make_nothing_urgent(tree, text, lang):
    assert all(s.urgency != "today" for s in matcher.match(tree, text, lang))


def test_a_root_that_names_the_situation_still_tells(tree):
    # "حاجزين" (they have seized) shares the root of "حجز", the seizure the route is named by.
    found = matcher.match(tree, "حاجزين على راتبي", "ar")
    assert found[0].path == "direct/beslag" and found[0].urgency == "today"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what a fine day today!", "en"),  # "day" of "pay within two days" says when
        ("is de bibliotheek open over twee dagen", "nl"),
        ("kan iemand me ff helpen met mn huiswerk wiskunde", "nl"),  # huis + werk
    ],
)
def test_a_day_a_week_and_homework_say_nothing(tree, text, lang):
    assert paths(tree, text, lang) == []


def test_a_garnishment_with_little_left_is_the_garnishment(tree):
    # "hou" (keep) and "bijna" (almost) say nothing: "niks over" alone does not outweigh it.
    text = "er ligt loonbeslag op mijn salaris ik hou bijna niks over"
    assert paths(tree, text, "nl")[0] == "direct/beslag"


# --- issue 25, round 9 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [("toeslag", "nl"), ("hoe krijg ik toeslag", "nl"), ("كيف أقدم على toeslag", "ar")],
)
def test_a_one_word_example_says_its_situation_even_when_several_routes_know_it(tree, text, lang):
    # "toeslag" is a one-word example of the forms route; the everyday-money route knows it
    # too, so its weight alone stayed under the threshold and nothing was found.
    assert "binnenkort/formulieren" in paths(tree, text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("is er een tennis court in de buurt", "en"),
        ("where can we play, is there a basketball court near the library", "en"),
        ("waar kan ik een springkussen huren voor het feest", "nl"),
        ("can we hire the community room for a party", "en"),
        ("كتبت رسالة حب لزوجتي", "ar"),
        ("وين مكتب الرياضة في البلدية", "ar"),
    ],
)
def test_a_word_with_an_everyday_meaning_alone_says_nothing(tree, text, lang):
    assert paths(tree, text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        ("court", "en", "binnenkort/advocaat"),  # typed on its own, it is the money meaning
        ("court case next week and nobody to defend me", "en", "binnenkort/advocaat"),
        ("ik krijg korting op mijn uitkering", "nl", None),  # with a word of the same route
    ],
)
def test_a_word_with_two_meanings_counts_alone_or_with_another_word(tree, text, lang, path):
    found = paths(tree, text, lang)
    assert found, text
    if path:
        assert found[0] == path


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("ماكو ضوا بالبيت", "direct/afgesloten"),  # Iraqi: no light (electricity)
        ("ما عندي مي", "direct/afgesloten"),  # Levantine: no water
        ("ماكو ماي", "direct/afgesloten"),
        ("ما خلصتش الابونمة ديال التيليفون", "binnenkort/rekeningen"),  # Darija: phone contract
    ],
)
def test_spoken_arabic_words_for_water_light_and_phone(tree, text, path):
    assert path in paths(tree, text, "ar")


def test_the_word_for_water_is_never_the_lack_word_ma():
    # «ماء» normalises to «ما», the word for "not": it must stay a lack word.
    assert "ما" not in matcher.CANON
    assert words(normalise("ما عندي فلوس")) == ["~فلوس", "فلوس"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("hbo student met schulden", 19),
        ("uni student with klarna debts", 19),
        ("طالب جامعي وعليه ديون", 19),
        ("ik zit op de universiteit en kan de huur niet betalen", 19),
        ("student 23 aan de uni", 23),  # a stated age first
        ("ik ben 16 en zit op het mbo", 16),
    ],
)
def test_a_student_in_higher_education_is_read_as_18_to_26(text, age):
    assert read_age(normalise(text)) == age


def test_a_university_student_with_debts_goes_to_the_young_adults_branch(tree):
    assert paths(tree, "طالب جامعي وعليه ديون هواية", "ar")[0] == "jong/schulden/18-tot-27"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("الضرائب", "ar"), ("مصلحة الضرائب", "ar"), ("belastingdienst", "nl"), ("tax office", "en")],
)
def test_the_tax_office_alone_is_no_enforcement_order(tree, text, lang):
    # Read 11: «الضرائب» alone gave the urgent enforcement route only. The tax office's name
    # is a letter to understand (the forms route) until an order or a warning is named.
    found = matcher.match(tree, text, lang)
    assert not found or found[0].urgency != "today"
    assert paths(tree, "dwangbevel van de belastingdienst", "nl")[0] == "direct/dwangbevel"


# --- issue 25, round 10 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("student met schulden", 19),
        ("student with bills i cant pay", 19),
        ("طالبة وعليها ديون", 19),
        ("ana talib w 3liya dyoun", 19),
        ("high school student with a phone debt", None),  # a pupil: the age question
        ("طالب لجوء وعليه ديون", None),  # an asylum seeker, of any age
        ("student 24 met schulden", 24),
    ],
)
def test_a_student_at_no_school_named_is_read_as_18_to_26(text, age):
    # Every blind set's writers read "student met schulden" as 18 to 26, as Dutch does: a
    # pupil at secondary school is a "scholier".
    assert read_age(normalise(text)) == age


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("19 jaar, wil op kamers maar heb geen idee of ik dat kan betalen", "nl"),
        ("im 19 and want to move out of my parents house, can i afford that", "en"),
    ],
)
def test_a_young_age_counts_for_the_young_peoples_life_route_too(tree, text, lang):
    # A stated age of 18 to 26 made the age branches of the money routes stronger, never the
    # young people's route that does not ask the age: moving out went to the bills first.
    assert paths(tree, text, lang)[0] == "jong/leven"


def test_an_adults_age_does_not_strengthen_the_young_peoples_routes(tree):
    text = "ik ben {} en wil op mezelf gaan wonen maar kan ik dat betalen"
    found = matcher.match(tree, text.format(45), "nl")
    leven = [s for s in found if s.path == "jong/leven"]
    young = matcher.match(tree, text.format(20), "nl")
    young_leven = [s for s in young if s.path == "jong/leven"]
    assert young_leven and (not leven or young_leven[0].raw > leven[0].raw)


def test_arabizi_every_is_not_food(tree):
    # "kol chhar" is «كل شهر» (every month), not «أكل» (food) by its consonants.
    found = matcher.match(tree, "7jzo 3la l uitkering dyali, kay9t3o mnha kol chhar", "ar")
    assert found[0].path == "direct/beslag"
    assert not any(c.feature == "اكل" for s in found for c in s.counted)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ze houden elke maand geld in van mijn uitkering, ik hou bijna niks over", "nl"),
        ("they take money from my wages every month and i have almost nothing left", "en"),
        ("المعاش تبعي صار ناقص لانو عم ياخدو منو كل شهر وما بيبقى شي", "ar"),
    ],
)
def test_money_kept_back_from_an_income_is_the_garnishment(tree, text, lang):
    # A verb in parts ("houden ... in", "take ... from my wages") is the garnishment's own
    # word: "almost nothing left" (make ends meet) no longer outweighs it.
    assert paths(tree, text, lang)[0] == "direct/beslag"


@pytest.mark.parametrize(
    "text",
    ["ik hou het geld in mijn portemonnee", "ik hou van je", "take the bus from the station"],
)
def test_keeping_or_taking_without_an_income_is_no_garnishment(text):
    assert not {"inhouding", "garnishment"} & set(words(normalise(text)))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("is the library open on the bank holiday", "en"),
        ("can someone check my cover letter", "en"),
        ("need help writing a job application letter", "en"),
        ("wie kan mijn sollicitatiebrief nakijken", "nl"),
    ],
)
def test_a_phrase_in_which_a_money_word_means_something_else_says_nothing(tree, text, lang):
    assert paths(tree, text, lang) == []


def test_the_court_saying_we_must_move_out_is_the_eviction(tree):
    # "move out" is also a young person's wish to live on their own: with a court or a
    # landlord, it is the eviction.
    text = "the court decided we must move out of the flat in 2 weeks"
    assert paths(tree, text, "en")[0] == "direct/huis-uit"
