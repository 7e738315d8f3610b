"""The route engine on its edges: the exact limits of a path, what each error names, and the
results in the order of the routekaart. Written to kill what mutation testing let live
(``scripts/mutation engine``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from routekaart.content import loader as content
from routekaart.domain import engine
from routekaart.domain.engine import MAX_CHARS, MAX_DEPTH, PathError, resolve

ROOT = Path(__file__).resolve().parent.parent
REAL, _ = content.load(ROOT / "content", today=date(2025, 6, 2))
TREE = REAL.tree

SLUG40 = "a" * 40


# --- the limits, to the character ---------------------------------------------------------------


def test_the_limits_are_sixteen_answers_of_forty_characters():
    assert MAX_DEPTH == 16
    assert MAX_CHARS == 656  # 16 slugs of 40 characters, 15 slashes, and a trailing slash


def test_resolve_takes_a_path_of_exactly_the_limits():
    """Not too long: the first slug is simply not an answer of the routekaart."""
    path = "/".join([SLUG40] * MAX_DEPTH) + "/"
    error = resolve(TREE, path)
    assert (error.reason, error.valid, error.bad) == ("unknown-answer", (), SLUG40)
    error = resolve(TREE, ["nergens"] * MAX_DEPTH)
    assert (error.reason, error.valid, error.bad) == ("unknown-answer", (), "nergens")


def test_one_character_more_is_too_long_and_names_its_start():
    path = "/".join([SLUG40] * MAX_DEPTH) + "//"
    assert len(path) == MAX_CHARS + 1
    error = resolve(TREE, path)
    assert isinstance(error, PathError)
    assert (error.reason, error.valid, error.bad) == ("too-long", (), SLUG40)


def test_sixteen_answers_are_fine_and_the_seventeenth_is_named():
    parts = [f"s{i}" for i in range(MAX_DEPTH + 1)]
    error = resolve(TREE, "/".join(parts[:MAX_DEPTH]))
    assert (error.reason, error.valid, error.bad) == ("unknown-answer", (), "s0")
    error = resolve(TREE, "/".join(parts))
    assert (error.reason, error.valid, error.bad) == ("too-long", (), "s16")
    error = resolve(TREE, parts)
    assert (error.reason, error.valid, error.bad) == ("too-long", (), "s16")


# --- reading a path ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("", ()),
        ("/", ()),
        ("direct", ("direct",)),
        ("direct/huis-uit", ("direct", "huis-uit")),
        ("direct/huis-uit/", ("direct", "huis-uit")),
        ("//direct///huis-uit", ("direct", "huis-uit")),
        ("jong/schulden/18-tot-27", ("jong", "schulden", "18-tot-27")),
    ],
)
def test_a_path_ignores_empty_segments(path, parts):
    assert resolve(TREE, path).path == parts


@pytest.mark.parametrize(
    ("path", "valid", "bad"),
    [
        ("Direct", (), "Direct"),
        ("direct/huis_uit", ("direct",), "huis_uit"),
        ("direct/huis-uit/-x", ("direct", "huis-uit"), "-x"),
        ("direct/x-", ("direct",), "x-"),
        ("direct/a--b", ("direct",), "a--b"),
        ("direct/ é", ("direct",), " é"),
    ],
)
def test_resolve_names_the_first_malformed_slug_and_the_good_part_before_it(path, valid, bad):
    error = resolve(TREE, path)
    assert not error  # a PathError is falsy, so `if not result` catches every problem
    assert (error.reason, error.valid, error.bad) == ("malformed", valid, bad)


# --- resolving ------------------------------------------------------------------------------------


def test_the_conversation_remembers_every_answer_and_where_it_stands():
    conversation = resolve(TREE, "jong/schulden/18-tot-27")
    assert [step.node_id for step in conversation.steps] == [
        "begin",
        "jong",
        "jong-schulden-leeftijd",
    ]
    assert [step.chosen.slug for step in conversation.steps] == ["jong", "schulden", "18-tot-27"]
    assert [step.path for step in conversation.steps] == [
        ("jong",),
        ("jong", "schulden"),
        ("jong", "schulden", "18-tot-27"),
    ]
    assert conversation.steps[1].node is TREE.nodes["jong"]
    assert conversation.path == ("jong", "schulden", "18-tot-27")
    assert conversation.slug_path == "jong/schulden/18-tot-27"
    assert conversation.result is not None and conversation.result is conversation.node.result


@pytest.mark.parametrize("bad", [5, None, ["direct"], {"direct": 1}, b"direct"])
def test_resolve_is_total_for_lists_holding_anything(bad):
    """A list path may hold anything (it comes from code, not a URL): never an exception."""
    error = resolve(TREE, ["direct", bad])
    assert (error.reason, error.valid, error.bad) == ("malformed", ("direct",), str(bad))


def test_the_start_is_a_question_without_a_result():
    conversation = resolve(TREE, "")
    assert conversation.node_id == "begin" and conversation.steps == ()
    assert conversation.result is None and conversation.slug_path == ""


@pytest.mark.parametrize(
    ("path", "reason", "valid", "bad"),
    [
        ("direct/nergens", "unknown-answer", ("direct",), "nergens"),
        ("nergens/huis-uit", "unknown-answer", (), "nergens"),
        ("direct/huis-uit/verder", "past-result", ("direct", "huis-uit"), "verder"),
        ("direct/Huis-uit", "malformed", ("direct",), "Huis-uit"),
    ],
)
def test_resolve_reports_the_first_problem_with_the_part_that_worked(path, reason, valid, bad):
    error = resolve(TREE, path)
    assert (error.reason, error.valid, error.bad) == (reason, valid, bad)
    assert resolve(TREE, error.valid)  # the good part always resolves


def test_results_walk_the_routekaart_in_the_order_of_its_answers():
    assert [c.slug_path for c in engine.results(TREE)][:7] == [
        "direct/huis-uit",
        "direct/deurwaarder",
        "direct/beslag",
        "direct/dwangbevel",
        "direct/afgesloten",
        "binnenkort/schulden",
        "binnenkort/rekeningen",
    ]
    assert all(c.result is not None for c in engine.results(TREE))
    assert len(engine.results(TREE)) == 19
