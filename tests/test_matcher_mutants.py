"""The free-text matcher, rule by rule: how a resident's words are read, weighed and cut off.

Each promise is checked on the bundled routekaart as of a fixed day, with the weights the
module docstring gives (an exact word counts its full rarity, a compound part 0.9, a compound's
head alone 0.75, a misspelling its closeness squared; a score is 1 - exp(-raw / 3)). These
tests were written against the surviving mutants of ``routekaart/domain/matcher.py``.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from routekaart.content import loader as content
from routekaart.domain import engine, matcher
from routekaart.domain.matcher import Suggestion, age_range, normalise, read_age, words

TODAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def tree():
    loaded, messages = content.load(content.BUNDLED, today=TODAY)
    assert loaded is not None, [str(m) for m in messages]
    return loaded.tree


@pytest.fixture
def m(tree):
    """A matcher built inside each test (milliseconds), so that every test exercises the index."""
    return matcher.Matcher(tree)


def paths(found: list[Suggestion]) -> list[str]:
    return [s.path for s in found]


# --- reading the text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("ٱلدين", "الدين"),  # alef wasla
        ("ديون ی", "ديون ي"),  # Persian yeh, as some phones type it
        ("کهرباء", "كهربا"),  # keheh for kaf; a lone hamza goes
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("ÉÉN", "een"),
    ],
)
def test_every_keyboard_form_of_a_letter_or_digit_is_folded(typed, normal):
    assert normalise(typed) == normal


def test_words_drop_stop_words_numbers_single_latin_letters_and_overlong_strings():
    long_word = "a" * 40
    assert words(normalise(f"Ik heb 3 x schulden_bij de bank {long_word} {long_word}b")) == [
        "schulden",
        "bank",
        long_word,
    ]
    # One Arabic letter can be a word; it is kept.
    assert words("ب دين") == ["ب", "دين"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ik ben 10", 10),
        ("ik ben 99", 99),
        ("ik ben 9", None),
        ("ben 25 jaar", 25),
        ("25 jaar oud", 25),
        ("een 25-jarige", 25),
        ("25 jarig", 25),
        ("I'm 25", 25),
        ("im 25", 25),
        ("i am 25", 25),
        ("25 years", 25),
        ("25 yrs", 25),
        ("25 yo", 25),
        ("age 25", 25),
        ("aged 25", 25),
        ("عمري 25", 25),
        ("25 سنة", 25),
        ("أنا 25", 25),
        ("ik word 18", 17),
        ("I turn 18", 17),
        ("I'm turning 18", 17),
        ("i will be 21", 20),
        ("سأصير 18", 17),
        ("راح أصير 18", 17),
        ("ik heb 2 kinderen", None),
    ],
)
def test_an_age_is_read_in_every_way_residents_write_it(text, age):
    assert read_age(normalise(text)) == age


@pytest.mark.parametrize(
    ("slug", "ages"),
    [
        ("onder-18", (0, 18)),
        ("18-tot-27", (18, 27)),
        ("27-plus", (27, 200)),
        ("jong", None),
        ("onder-18-jaar", None),
        ("x-onder-18", None),
    ],
)
def test_an_age_answer_stands_for_its_ages(slug, ages):
    assert age_range(slug) == ages


# --- weighing the words --------------------------------------------------------------------------


def test_a_word_counts_its_rarity_and_the_score_follows_from_the_raw_weight(m):
    [found] = m.match("deurwaarder", "nl")
    [counted] = found.counted
    assert (counted.word, counted.feature, counted.how) == ("deurwaarder", "deurwaarder", "exact")
    assert counted.weight == round(m.idf["deurwaarder"], 3)
    # One word of a one-word example phrase: the phrase bonus of 0.4 per word.
    assert found.phrase_words == 1
    assert found.raw == pytest.approx(counted.weight + 0.4, abs=1e-3)
    assert found.score == round(1 - math.exp(-found.raw / 3), 2)
    assert (found.path, found.node_id, found.urgency, found.age) == (
        "direct/deurwaarder",
        "direct-deurwaarder",
        "today",
        None,
    )


def test_a_compound_counts_both_parts_at_nine_tenths(m):
    found = m.features("loonbeslagbrief", "nl")
    assert [how for _, how, _ in found] == ["compound", "compound"]
    assert [quality for _, _, quality in found] == [0.9, 0.9]


def test_an_unknown_first_part_leaves_the_head_at_three_quarters(m):
    [(feature, how, quality)] = m.features("plofschuld", "nl")
    assert (feature, how, quality) == ("schuld", "compound", 0.75)
    # Alone it weighs too little to suggest anything (0.75 of "schuld" is below 1.6).
    assert m.idf["schuld"] * 0.75 < 1.6
    assert m.match("plofschuld", "nl") == []


def test_short_words_are_not_split_and_arabic_words_never(m):
    # Seven letters is the shortest word tried as two parts (gas + post).
    assert len(m._compound("gaspost", ("nl",))) == 2
    assert m._compound("gaspos", ("nl",)) == []
    assert m._compound("الديونالكهربا", ("ar",)) == []


def test_a_misspelling_counts_its_closeness_squared(m):
    [(feature, how, quality)] = m.features("deurwaardr", "nl")
    assert (feature, how) == ("deurwaarder", "fuzzy")
    assert quality == pytest.approx((200 * 10 / 21 / 100) ** 2, abs=1e-6)


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("hur", False),  # shorter than four letters: never guessed
        ("schuldn", True),  # seven letters need 85
    ],
)
def test_short_misspellings_must_be_closer(m, word, found):
    assert bool(m._fuzzy(word, ("nl",))) is found


def test_the_page_language_chooses_the_stemmer_and_the_other_latin_language_is_tried(m):
    assert matcher._languages("schulden", "nl") == ("nl",)
    assert matcher._languages("debts", "en") == ("en",)
    assert matcher._languages("debts", "ar") == ("nl", "en")
    assert matcher._languages("debts", None) == ("nl", "en")
    assert matcher._languages("ديون", "nl") == ("ar",)
    assert paths(m.match("bailiff", "nl")) == ["direct/deurwaarder"]


# --- what is read, and what is cut off -----------------------------------------------------------


def test_only_the_first_500_characters_are_read(m):
    assert paths(m.match(" " * 496 + "huurschuld", "nl"))
    assert paths(m.match(" " * 497 + "huurschuld", "nl")) == []


def test_only_the_first_60_words_are_read(m):
    assert paths(m.match("bla " * 59 + "deurwaarder", "nl")) == ["direct/deurwaarder"]
    assert paths(m.match("bla " * 60 + "deurwaarder", "nl")) == []


def test_a_word_said_twice_counts_once(m):
    once = m.match("deurwaarder", "nl")[0]
    twice = m.match("deurwaarder deurwaarder", "nl")[0]
    assert twice.raw == once.raw


def test_limit_caps_the_suggestions(m):
    text = "schulden rekeningen deurwaarder beslag stress formulier"
    assert len(m.match(text, "nl", limit=2)) == 2
    assert len(m.match(text, "nl")) == 3


def test_an_age_makes_its_branch_stronger_and_names_the_age(m):
    [young] = m.match("ik ben 17 en heb schulden", "nl")
    [adult] = m.match("ik heb schulden", "nl")
    assert (young.path, young.age) == ("jong/schulden/onder-18", 17)
    assert young.raw == pytest.approx(adult.raw * 1.35)
    assert young.title("nl") == "Ik heb schulden en kom daar zelf niet uit"


def test_a_stated_young_age_never_sends_to_the_adults_route(m):
    # The adults' result is where the age question sends 27 or older; at 17 it is no option.
    found = m.match("ik ben 17 en kan de huur en mijn rekeningen niet betalen", "nl")
    assert found[0].path == "jong/rekeningen/onder-18"
    assert "binnenkort/rekeningen" not in [s.path for s in found]


def test_one_vague_word_is_not_enough(m):
    # "ouders" is in several situations: its weight stays below the threshold of 1.6.
    assert m.idf["ouders"] < matcher.MIN_RAW
    assert m.match("ouders", "nl") == []


def test_money_on_its_own_is_a_lack_of_money(m):
    # On a site about money worries "geld" alone says "geen geld": everyday money first.
    assert [s.path for s in m.match("geld", "nl")][:1] == ["binnenkort/rondkomen"]


# --- covering: the partners' search --------------------------------------------------------------


def test_covering_needs_every_telling_word(m):
    assert m.covering("loonbeslag", "nl") == {"direct-beslag"}
    assert m.covering("deurwaarder ooievaarspas", "nl") == set()
    assert m.covering("ik", "nl") == set()
    assert m.covering("zzzzqqq", "nl") == set()


# --- urgency -------------------------------------------------------------------------------------


def suggestion(raw: float, urgency: str = "today") -> Suggestion:
    return Suggestion("p", "n", None, urgency, 0.5, raw, ())


def test_a_lone_urgent_suggestion_is_clear_from_twice_the_threshold():
    assert matcher.clearly_urgent([suggestion(3.2)])
    assert not matcher.clearly_urgent([suggestion(3.19)])
    assert not matcher.clearly_urgent([suggestion(9, "soon")])
    assert not matcher.clearly_urgent([])


def test_an_urgent_suggestion_is_clear_at_one_and_a_half_times_the_next():
    assert matcher.clearly_urgent([suggestion(3.0), suggestion(2.0, "soon")])
    assert not matcher.clearly_urgent([suggestion(2.99), suggestion(2.0, "soon")])


# --- one matcher per content version -------------------------------------------------------------


def test_the_matcher_is_built_once_per_tree_and_at_most_four_are_kept(tree):
    first = matcher.for_tree(tree)
    assert matcher.for_tree(tree) is first
    others = []
    for _ in range(4):
        loaded, _ = content.load(content.BUNDLED, today=TODAY)
        others.append(loaded.tree)
        matcher.for_tree(loaded.tree)
    assert len(matcher._CACHE) == 4
    assert matcher.for_tree(tree) is not first


# --- the weights and the age branches, more closely ---------------------------------------------


def test_a_word_of_one_situation_weighs_log_1_plus_the_number_of_situations(tree, m):
    situations = len({c.node_id for c in engine.results(tree)})
    assert m.idf["deurwaarder"] == pytest.approx(math.log(1 + situations))
    # A word shared by several situations weighs less ("geld" less than "schulden").
    assert m.idf["geld"] < m.idf["schulden"] < m.idf["deurwaarder"]


def test_a_dutch_content_word_is_stemmed_as_dutch_only():
    # The English stemmer would make "hui" of "huis"; the content is read per language.
    assert "hui" not in matcher.for_tree(_tree()).idf


def _tree():
    loaded, _ = content.load(content.BUNDLED, today=TODAY)
    return loaded.tree


def test_a_word_outside_every_phrase_adds_no_phrase_bonus(m):
    # "slecht" stands only in "ik slaap er slecht van"; alone it finds nothing (a word that only
    # stands in longer examples), next to "piekeren" (a one-word example) it adds its weight
    # and no phrase bonus.
    assert m.match("slecht", "nl") == []
    [found] = m.match("slecht piekeren", "nl")
    assert (found.path, found.phrase_words) == ("binnenkort/stress", 1)
    expected = m.idf["slecht"] + m.idf["piekeren"] + matcher.PHRASE_BONUS
    assert found.raw == pytest.approx(expected, abs=1e-3)


def test_parts_of_a_compound_have_three_letters_at_least(m):
    assert m._compound("xxschulden", ("nl",)) == []
    assert m._compound("zzzzzzzz", ("nl",)) == []


def test_four_letters_is_the_shortest_word_guessed(m):
    assert [(f, how) for f, how, _ in m._fuzzy("adul", ("en",))] == [("adult", "fuzzy")]


def test_an_adult_age_leads_to_the_adults_route_once(m):
    found = m.match("ik ben 30 en heb schulden", "nl")
    assert [(s.path, s.age) for s in found] == [("binnenkort/schulden", 30)]
    assert found[0].title("nl") == "Ik heb schulden"


def test_without_an_age_the_age_question_is_one_suggestion_named_by_its_answer(m):
    # "schulden" fits the adults' route and the young people's age question equally: one
    # option (never two near-identical lines), the adults' route on a tie...
    found = m.match("schulden", "nl")
    assert [(s.path, s.title("nl"), s.age) for s in found] == [
        ("binnenkort/schulden", "Ik heb schulden", None),
    ]
    # ... and the age question when young people's words counted too.
    found = m.match("ik zit nog op school en heb schulden bij duo", "nl")
    assert [(s.path, s.title("nl"), s.age) for s in found][:1] == [
        ("jong/schulden", "Ik heb schulden en kom daar zelf niet uit", None),
    ]
    assert "binnenkort/schulden" not in [s.path for s in found]


def test_an_age_on_a_route_that_does_not_ask_it_changes_nothing(m):
    with_age = m.match("ik ben 40 en de deurwaarder staat voor de deur", "nl")
    without = m.match("de deurwaarder staat voor de deur", "nl")
    assert [(s.path, s.raw, s.age) for s in with_age] == [(s.path, s.raw, None) for s in without]
    assert [s.path for s in with_age] == ["direct/deurwaarder"]


def test_a_linking_s_belongs_to_neither_part_of_a_compound(m):
    assert m.features("aanmaningskosten", "nl") == [
        ("aanmaning", "compound", 0.9),
        ("kosten", "compound", 0.9),
    ]


def test_a_compound_part_is_named_by_its_rarest_then_longest_form(m):
    # "aanvraag" and its stem "aanvrag" weigh the same: the longer one is named.
    assert m.features("aanvraagformulier", "nl")[0] == ("aanvraag", "compound", 0.9)


def test_only_dutch_compounds_are_read_by_their_last_part(m):
    assert m._compound("plofboete", ("nl",)) == [("boete", "compound", 0.75)]
    assert m._compound("plofboete", ("en",)) == []


def test_the_page_language_is_passed_on_to_the_matcher(tree, m):
    # On the English page "rekeningen" is stemmed as English only; unstemmed as Dutch it also
    # meets the garnishment result.
    assert paths(matcher.match(tree, "rekeningen", "en")) == ["binnenkort/rekeningen"]
    assert m.covering("rondkomen", "en") == {"binnenkort-rondkomen"}


def test_a_compound_head_is_named_by_its_longest_form_too(m):
    assert m._compound("plofaanvraag", ("nl",)) == [("aanvraag", "compound", 0.75)]


def test_both_parts_of_a_compound_count_next_to_the_other_words(m):
    [found] = m.match("deurwaarder aanmaningskosten", "nl")
    assert [(c.word, c.feature, c.how) for c in found.counted] == [
        ("deurwaarder", "deurwaarder", "exact"),
        ("aanmaningskosten", "aanmaning", "compound"),
        ("aanmaningskosten", "kosten", "compound"),
    ]


@pytest.mark.parametrize(
    ("text", "path", "age"),
    [
        ("ik ben 17 en heb schulden", "jong/schulden/onder-18", 17),
        ("ik ben 18 en heb schulden", "jong/schulden/18-tot-27", 18),
        ("ik ben 26 en heb schulden", "jong/schulden/18-tot-27", 26),
        ("ik ben 27 en heb schulden", "binnenkort/schulden", 27),
    ],
)
def test_an_age_on_the_boundary_of_a_branch_belongs_to_the_older_branch(m, text, path, age):
    best = m.match(text, "nl")[0]
    assert (best.path, best.age) == (path, age)


def test_on_a_tie_the_first_route_of_the_routekaart_is_kept(m):
    # Without an age the three branches of the age question tie; the first one stands for them.
    assert [s.node_id for s in m.match("schulden", "nl")] == ["binnenkort-schulden"]
    found = [s.node_id for s in m.match("scholier met schulden", "nl")]
    assert found[:1] == ["jong-schulden-onder-18"]
