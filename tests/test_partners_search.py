"""The partners' search: a bridge worker types a word or two, in Dutch or the page language,
and gets the situations and desks that fit, on the page's day.

Expected values are written out from content/ (routekaart.yaml and organisations.yaml), not
taken from the code under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from routekaart.content.loader import load
from routekaart.domain.partner_search import MAX_QUERY, MAX_WORDS, normalise, query_words, search

CONTENT, _ = load(Path(__file__).resolve().parent.parent / "content", date(2026, 11, 27))
DAY = date(2026, 6, 1)  # a Monday; the Jongerenadviespunt ended on 2024-12-31
BEFORE_JAP_ENDED = date(2024, 6, 3)

DIRECTORY = [
    "kredietbank",
    "sociaal-service-punt",
    "schuldhulpmaatje",
    "ping-loket",
    "jongerenadviespunt",
    "jongeren-perspectief-fonds",
]
BRANCH_PATHS = {
    "direct": ["direct/huis-uit", "direct/deurwaarder", "direct/beslag", "direct/dwangbevel",
               "direct/afgesloten"],
    "binnenkort": ["binnenkort/schulden", "binnenkort/rekeningen", "binnenkort/stress",
                   "binnenkort/rondkomen", "binnenkort/formulieren", "binnenkort/advocaat"],
    "jong": ["jong/bijna-18", "jong/rekeningen/onder-18", "jong/rekeningen/18-tot-27",
             "jong/rekeningen/27-plus", "jong/leven", "jong/schulden/onder-18",
             "jong/schulden/18-tot-27", "jong/schulden/27-plus"],
}  # fmt: skip


def paths(found) -> list[str]:
    """The matching situations' paths, branch by branch, in page order."""
    return [s.path for _, items in found.branches for s in items]


# --- words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("  Huur   \n achterstand\t", "huur achterstand"),
        ("Ooievaarspas!", "ooievaarspas"),
        ("e-mail/brief", "e mail brief"),
        ("Ééñ ÇA", "een ca"),
        ("STRASSE Straße", "strasse strasse"),
        ("دَيْن", "دين"),  # Arabic vowel marks go, the letters stay
        ("18-tot-27", "18 tot 27"),
    ],
)
def test_normalise_keeps_letters_and_digits_and_nothing_else(raw, expected):
    assert normalise(raw) == expected


def test_a_search_keeps_its_first_eight_words_in_order():
    words = "een twee drie vier vijf zes zeven acht negen tien"
    assert query_words(words) == ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht")
    assert MAX_WORDS == 8


def test_a_search_reads_only_its_first_hundred_characters():
    assert MAX_QUERY == 100
    exactly = "x" * 95 + " huur"  # 100 characters: the last word counts
    assert query_words(exactly) == ("x" * 95, "huur")
    longer = "x" * 96 + " huur"  # 101 characters: the word is cut to "hur"
    assert query_words(longer) == ("x" * 96, "huu")


def test_an_empty_or_blank_search_has_no_words():
    assert query_words("") == ()
    assert query_words(" ,.-- ") == ()


# --- everything, for an empty search ---------------------------------------------------------


def test_an_empty_search_shows_every_situation_in_its_branch_and_every_desk():
    found = search(CONTENT, "nl", "", DAY)
    assert [branch.slug for branch, _ in found.branches] == list(BRANCH_PATHS)
    for branch, items in found.branches:
        assert [s.path for s in items] == BRANCH_PATHS[branch.slug]
    assert found.situation_count == 19
    assert found.organisations == DIRECTORY
    assert (found.query, found.words) == ("", ())


def test_each_situation_knows_its_branch_label_title_result_and_anchor():
    found = search(CONTENT, "en", "", DAY)
    situation = next(s for s in found.branches[2][1] if s.path == "jong/schulden/18-tot-27")
    assert situation.branch.slug == "jong"
    assert situation.label.slug == "18-tot-27"
    title = "I have debts and can’t sort them out on my own, aged 18 to 26"
    assert situation.title("en") == title
    assert situation.title("nl") == "Ik heb schulden en kom daar zelf niet uit, 18 tot 27 jaar"
    assert situation.result.title("en") == "You have debts and can’t sort them out on your own"
    assert situation.anchor == "sit-jong-schulden-18-tot-27"


def test_desks_that_ended_are_left_out_from_the_day_after_their_end():
    now = search(CONTENT, "nl", "", DAY)
    then = search(CONTENT, "nl", "", BEFORE_JAP_ENDED)
    bijna_18 = {s.path: s for _, items in now.branches for s in items}["jong/bijna-18"]
    assert [r.organisation for r in bijna_18.recommendations] == [
        "ping-loket",
        "sociaal-service-punt",
    ]
    bijna_18 = {s.path: s for _, items in then.branches for s in items}["jong/bijna-18"]
    assert [r.organisation for r in bijna_18.recommendations] == [
        "jongerenadviespunt",
        "ping-loket",
        "sociaal-service-punt",
    ]
    assert now.referrers["jongerenadviespunt"] == []
    assert [s.path for s in then.referrers["jongerenadviespunt"]] == [
        "jong/bijna-18",
        "jong/rekeningen/onder-18",
        "jong/rekeningen/18-tot-27",
        "jong/leven",
        "jong/schulden/onder-18",
        "jong/schulden/18-tot-27",
    ]


def test_every_desk_lists_the_situations_that_send_people_to_it_whatever_the_search():
    found = search(CONTENT, "nl", "zzzz", DAY)
    assert list(found.referrers) == DIRECTORY
    assert [s.path for s in found.referrers["schuldhulpmaatje"]] == [
        "binnenkort/schulden",
        "binnenkort/stress",
        "binnenkort/rondkomen",
        "jong/schulden/27-plus",
    ]
    assert [s.path for s in found.referrers["jongeren-perspectief-fonds"]] == [
        "jong/rekeningen/18-tot-27",
        "jong/schulden/18-tot-27",
    ]


# --- matching -------------------------------------------------------------------------------------


def test_nothing_matches_a_word_that_is_nowhere():
    found = search(CONTENT, "nl", "zzzz", DAY)
    assert paths(found) == [] and found.organisations == [] and found.situation_count == 0
    # Branches stay, empty, so the page keeps its three headings.
    assert [branch.slug for branch, _ in found.branches] == list(BRANCH_PATHS)


def test_no_word_is_made_up_from_the_glue_between_texts():
    """Texts are joined with one space: "xx" or a space inside a word never matches."""
    assert paths(search(CONTENT, "nl", "xx", DAY)) == []
    assert paths(search(CONTENT, "en", "xx", DAY)) == []


def test_a_situation_word_finds_the_situation_and_the_desks_it_sends_to():
    found = search(CONTENT, "nl", "deurwaarder", DAY)
    assert paths(found) == ["direct/deurwaarder"]
    assert found.organisations == ["kredietbank", "sociaal-service-punt"]
    assert found.words == ("deurwaarder",)


def test_every_word_must_match_not_just_one():
    assert paths(search(CONTENT, "nl", "huis brief", DAY)) == ["direct/huis-uit"]
    assert paths(search(CONTENT, "nl", "huis zzzz", DAY)) == []


def test_a_desk_name_finds_the_situations_that_send_people_there():
    found = search(CONTENT, "nl", "schuldhulpmaatje", DAY)
    assert paths(found) == [
        "binnenkort/schulden",
        "binnenkort/stress",
        "binnenkort/rondkomen",
        "jong/schulden/27-plus",
    ]
    # The situations matched through the desk, not on their own words: no other desks.
    assert found.organisations == ["schuldhulpmaatje"]


def test_part_of_a_word_matches_and_case_and_accents_do_not_matter():
    assert paths(search(CONTENT, "nl", "DWANG", DAY)) == ["direct/dwangbevel"]
    assert paths(search(CONTENT, "nl", "ooievaar", DAY)) == ["binnenkort/formulieren"]


def test_dutch_words_work_on_every_page_and_the_page_language_too():
    assert paths(search(CONTENT, "en", "deurwaarder", DAY)) == ["direct/deurwaarder"]
    assert paths(search(CONTENT, "en", "bailiff", DAY)) == ["direct/deurwaarder"]
    assert paths(search(CONTENT, "ar", "مُحْضِر", DAY)) == ["direct/deurwaarder"]
    # Through the text box's matcher, a word in any of the three languages works on any page
    # (a partner may type what the resident says).
    assert paths(search(CONTENT, "nl", "bailiff", DAY)) == ["direct/deurwaarder"]
    assert paths(search(CONTENT, "en", "محضر", DAY)) == ["direct/deurwaarder"]
    assert paths(search(CONTENT, "nl", "zzzz bailiff", DAY)) == []


def test_a_desk_matches_on_its_own_explanation_in_the_page_language():
    found = search(CONTENT, "en", "buddy", DAY)
    assert found.organisations == ["schuldhulpmaatje"]
    assert paths(found) == [
        "binnenkort/schulden",
        "binnenkort/stress",
        "binnenkort/rondkomen",
        "jong/schulden/27-plus",
    ]
    assert search(CONTENT, "nl", "volunteer", DAY).organisations == []


def test_an_ended_desk_does_not_pull_situations_into_a_search():
    """After its end, the JAP's own words ("advies") no longer find the youth situations."""
    assert paths(search(CONTENT, "nl", "jap", DAY)) == []
    assert search(CONTENT, "nl", "jap", DAY).organisations == ["jongerenadviespunt"]
    assert paths(search(CONTENT, "nl", "jap", BEFORE_JAP_ENDED)) == [
        "jong/bijna-18",
        "jong/rekeningen/onder-18",
        "jong/rekeningen/18-tot-27",
        "jong/leven",
        "jong/schulden/onder-18",
        "jong/schulden/18-tot-27",
    ]


# --- ages (issue 25): read as the text box reads them ---------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("nl", "17 jaar"),
        ("nl", "onder 18"),
        ("nl", "zeventien"),
        ("en", "under 18"),
        ("en", "17 years"),
        ("ar", "عمري 17"),
        ("ar", "أقل من 18"),
    ],
)
def test_an_age_alone_finds_the_situations_for_that_age(lang, query):
    found = search(CONTENT, lang, query, DAY)
    assert paths(found) == ["jong/rekeningen/onder-18", "jong/schulden/onder-18"]
    # the desks those situations send to, not every desk as for an empty search
    assert "kredietbank" not in found.organisations
    assert found.organisations


def test_more_words_never_give_more_unrelated_situations():
    young = paths(search(CONTENT, "nl", "jongere", DAY))
    young_17 = paths(search(CONTENT, "nl", "jongere 17 jaar", DAY))
    assert young == [
        "jong/rekeningen/onder-18",
        "jong/rekeningen/18-tot-27",
        "jong/schulden/onder-18",
        "jong/schulden/18-tot-27",
    ]
    assert young_17 == ["jong/rekeningen/onder-18", "jong/schulden/onder-18"]
    assert set(young_17) <= set(young)


def test_an_age_keeps_only_its_own_age_branch_and_the_words_still_count():
    assert paths(search(CONTENT, "nl", "27 jaar of ouder", DAY)) == [
        "jong/rekeningen/27-plus",
        "jong/schulden/27-plus",
    ]
    found = paths(search(CONTENT, "en", "student debt 22", DAY))
    assert found == ["jong/schulden/18-tot-27"]
