"""The route engine: pure, total (every input gives a Conversation or a PathError), and right
about the real routekaart."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from routekaart.content import loader as content
from routekaart.content import model
from routekaart.domain import engine
from routekaart.domain.engine import MAX_CHARS, MAX_DEPTH, Conversation, PathError, Tree, resolve

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 2)


@pytest.fixture(scope="module")
def real():
    loaded, messages = content.load(ROOT / "content", today=TODAY)
    assert loaded is not None, [str(m) for m in messages]
    return loaded


def test_engine_does_not_import_flask():
    code = (
        "import routekaart.domain.engine, sys;"
        " print('flask' in sys.modules, 'werkzeug' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_checker_does_not_import_flask_either():
    code = "import routekaart.content.loader, sys; print('flask' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# --- the real routekaart ----------------------------------------------------------------------


def all_routes(rk: model.Routekaart) -> list[tuple[str, ...]]:
    """Every root-to-result path, walked from the model (independently of the engine)."""
    found = []
    todo: list[tuple[str, tuple[str, ...]]] = [(rk.start, ())]
    while todo:
        node_id, path = todo.pop()
        node = rk.nodes[node_id]
        if node.result is not None:
            found.append(path)
            continue
        for option in node.options or ():
            todo.append((option.next, (*path, option.slug)))
    return sorted(found)


def test_every_route_of_the_real_content_ends_in_a_result_with_organisations(real):
    routes = all_routes(real.routekaart)
    assert len(routes) >= 10
    for route in routes:
        conversation = resolve(real.tree, "/".join(route))
        assert isinstance(conversation, Conversation), route
        assert conversation.result is not None
        assert len(conversation.result.organisations) >= 1
        assert conversation.path == route
        assert [step.chosen.slug for step in conversation.steps] == list(route)
        for rec in conversation.result.organisations:
            assert rec.organisation in real.organisations
        for end in range(len(route)):
            prefix = resolve(real.tree, "/".join(route[:end]))
            assert isinstance(prefix, Conversation), route[:end]
            assert prefix.result is None
            assert prefix.node.question is not None
            assert len(prefix.node.options) >= 2


def test_results_lists_exactly_the_routes(real):
    assert sorted(c.path for c in engine.results(real.tree)) == all_routes(real.routekaart)


def test_every_route_keeps_an_active_organisation_today(real):
    for conversation in engine.results(real.tree):
        active = [
            r
            for r in conversation.result.organisations
            if real.organisations[r.organisation].active_on(TODAY)
        ]
        assert active, conversation.slug_path


def test_eviction_letter_goes_to_the_kredietbank_first_and_is_urgent(real):
    conversation = resolve(real.tree, "direct/huis-uit")
    assert isinstance(conversation, Conversation)
    result = conversation.result
    assert result is not None
    assert result.urgency == "today"
    assert result.organisations[0].organisation == "kredietbank"
    kredietbank = real.organisations["kredietbank"]
    assert kredietbank.phone == "(070) 300 88 34"
    assert "zo snel als u kunt" in result.advice.nl.lower()
    assert "as soon as you can" in result.advice.en.lower()
    assert "في أقرب وقت ممكن" in result.advice.ar
    # The conversation so far: the start question, then "what happened".
    assert [step.node_id for step in conversation.steps] == ["begin", "direct"]
    assert conversation.steps[1].chosen.label.nl.startswith("Ik heb een brief gekregen")


def test_start_and_trailing_slashes(real):
    start = resolve(real.tree, "")
    assert isinstance(start, Conversation)
    assert (start.node_id, start.steps, start.path) == ("begin", (), ())
    for path in ("direct/huis-uit/", "/direct/huis-uit", "direct//huis-uit"):
        conversation = resolve(real.tree, path)
        assert isinstance(conversation, Conversation)
        assert conversation.slug_path == "direct/huis-uit"


def test_shared_node_is_reached_by_two_routes(real):
    a = resolve(real.tree, "binnenkort/rekeningen")
    b = resolve(real.tree, "jong/rekeningen/27-plus")
    assert a.node_id == b.node_id == "binnenkort-rekeningen"
    assert a.path != b.path


BAD_PATHS = [
    ("onbekend", "unknown-answer", (), "onbekend"),
    ("direct/onbekend", "unknown-answer", ("direct",), "onbekend"),
    ("binnenkort/huis-uit", "unknown-answer", ("binnenkort",), "huis-uit"),
    ("direct/huis-uit/extra", "past-result", ("direct", "huis-uit"), "extra"),
    ("direct/huis-uit/extra/meer", "past-result", ("direct", "huis-uit"), "extra"),
    ("Direct", "malformed", (), "Direct"),
    ("direct/Huis-Uit", "malformed", ("direct",), "Huis-Uit"),
    ("DIRECT/HUIS-UIT", "malformed", (), "DIRECT"),
    ("..", "malformed", (), ".."),
    ("direct/..", "malformed", ("direct",), ".."),
    ("../../etc/passwd", "malformed", (), ".."),
    ("direct/%00", "malformed", ("direct",), "%00"),
    ("direct/\x00", "malformed", ("direct",), "\x00"),
    ("direct/huis-uit%2F..", "malformed", ("direct",), "huis-uit%2F.."),
    ("direct/huis-uit?x=1", "malformed", ("direct",), "huis-uit?x=1"),
    ("direct/huis-uit.html", "malformed", ("direct",), "huis-uit.html"),
    ("direct/huis uit", "malformed", ("direct",), "huis uit"),
    ("direct/-huis", "malformed", ("direct",), "-huis"),
    ("direct/huis--uit", "malformed", ("direct",), "huis--uit"),
    ("direct/huis-uit\n", "malformed", ("direct",), "huis-uit\n"),
    ("dïrect", "malformed", (), "dïrect"),
    ("دليل", "malformed", (), "دليل"),
    # The first problem counts, so the valid prefix always resolves.
    ("onbekend/Foo", "unknown-answer", (), "onbekend"),
    ("direct/onbekend/..", "unknown-answer", ("direct",), "onbekend"),
    ("direct/huis-uit/..", "malformed", ("direct", "huis-uit"), ".."),
    ("a" * 5000, "too-long", (), "a" * 40),
    ("/".join(["direct"] * (MAX_DEPTH + 1)), "too-long", (), "direct"),
]


@pytest.mark.parametrize(("path", "reason", "valid", "bad"), BAD_PATHS)
def test_bad_paths(real, path, reason, valid, bad):
    error = resolve(real.tree, path)
    assert isinstance(error, PathError)
    assert not error
    assert (error.reason, error.valid, error.bad) == (reason, valid, bad)
    # The valid prefix always resolves.
    assert isinstance(resolve(real.tree, error.valid), Conversation)


def test_paths_as_lists(real):
    assert resolve(real.tree, ["direct", "huis-uit"]).result is not None
    assert resolve(real.tree, ("direct",)).node_id == "direct"
    error = resolve(real.tree, ["direct", 5])
    assert (error.reason, error.valid, error.bad) == ("malformed", ("direct",), "5")
    error = resolve(real.tree, ["direct"] * (MAX_DEPTH + 1))
    assert error.reason == "too-long"


def test_longest_slugs_fit_the_character_limit(real):
    longest = "/".join(["a" * 40] * MAX_DEPTH)
    assert len(longest) <= MAX_CHARS
    # Within both limits: the engine looks at the slugs (and finds no such answer).
    error = resolve(real.tree, longest)
    assert (error.reason, error.bad) == ("unknown-answer", "a" * 40)
    assert resolve(real.tree, longest + "/a").reason == "too-long"
    assert resolve(real.tree, "a" * (MAX_CHARS + 1)).reason == "too-long"


# --- random trees and random paths -----------------------------------------------------------

SLUGS = ["a", "b", "ja", "nee", "x-1", "27-plus"]


def text(word: str) -> dict[str, str]:
    return {"nl": word, "en": word, "ar": word}


@st.composite
def trees(draw) -> Tree:
    """A valid routekaart of random shape: questions in topological order (an option only
    leads to a later node), so there are no cycles; some nodes are shared; every question has
    2-4 options with distinct slugs."""
    questions = draw(st.integers(min_value=1, max_value=12))
    results = draw(st.integers(min_value=1, max_value=6))
    nodes = {}
    for i in range(questions):
        slugs = draw(st.lists(st.sampled_from(SLUGS), min_size=2, max_size=4, unique=True))
        targets = [f"q{j}" for j in range(i + 1, questions)] + [f"r{j}" for j in range(results)]
        nodes[f"q{i}"] = {
            "question": text(f"Vraag {i}"),
            "options": [
                {"slug": slug, "label": text(slug), "next": draw(st.sampled_from(targets))}
                for slug in slugs
            ],
        }
    for j in range(results):
        nodes[f"r{j}"] = {
            "result": {
                "urgency": draw(st.sampled_from(["today", "soon", "normal"])),
                "title": text(f"Uitkomst {j}"),
                "advice": text("Advies"),
                "organisations": [{"organisation": "kredietbank", "why": text("Omdat")}],
            }
        }
    rk = model.Routekaart.model_validate(
        {"title": text("T"), "intro": text("I"), "start": "q0", "nodes": nodes}
    )
    return Tree.build(rk)


def check_outcome(tree: Tree, parts: tuple[str, ...], outcome) -> None:
    assert isinstance(outcome, Conversation | PathError)
    if isinstance(outcome, Conversation):
        assert outcome.path == parts
        node_id = tree.start
        for step, slug in zip(outcome.steps, parts, strict=True):
            assert step.node_id == node_id
            assert step.chosen is tree.index[node_id][slug]
            node_id = step.chosen.next
        assert outcome.node_id == node_id
        assert outcome.node is tree.nodes[node_id]
    else:
        assert parts[: len(outcome.valid)] == outcome.valid
        before = resolve(tree, outcome.valid)
        assert isinstance(before, Conversation)
        if outcome.reason == "unknown-answer":
            assert before.result is None
            assert outcome.bad not in tree.index[before.node_id]
        elif outcome.reason == "past-result":
            assert before.result is not None


@settings(max_examples=150, deadline=None)
@given(tree=trees(), parts=st.lists(st.sampled_from([*SLUGS, "zz"]), max_size=20))
def test_random_slug_lists_on_random_trees(tree: Tree, parts: list[str]):
    parts = tuple(parts)
    outcome = resolve(tree, "/".join(parts))
    check_outcome(tree, parts, outcome)
    assert resolve(tree, parts) == outcome


@settings(max_examples=150, deadline=None)
@given(tree=trees(), path=st.text(max_size=80))
def test_random_text_on_random_trees(tree: Tree, path: str):
    outcome = resolve(tree, path)
    assert isinstance(outcome, Conversation | PathError)
    if isinstance(outcome, Conversation):
        check_outcome(tree, tuple(p for p in path.split("/") if p), outcome)


@settings(max_examples=60, deadline=None)
@given(tree=trees())
def test_results_of_random_trees(tree: Tree):
    found = engine.results(tree)
    # Count root-to-result paths independently: paths(n) = sum over options of paths(next).
    memo: dict[str, int] = {}

    def paths(node_id: str) -> int:
        if node_id not in memo:
            options = tree.nodes[node_id].options
            memo[node_id] = 1 if options is None else sum(paths(o.next) for o in options)
        return memo[node_id]

    assert len(found) == paths(tree.start)
    assert len({c.path for c in found}) == len(found)
    for conversation in found:
        assert conversation.result is not None
        for end in range(len(conversation.path)):
            assert resolve(tree, conversation.path[:end]).result is None


@settings(max_examples=200, deadline=None)
@given(path=st.text(max_size=700) | st.from_regex(r"[a-z0-9/\-]{0,700}", fullmatch=True))
def test_random_text_on_the_real_tree(real, path: str):
    outcome = resolve(real.tree, path)
    assert isinstance(outcome, Conversation | PathError)
    if isinstance(outcome, PathError):
        assert isinstance(resolve(real.tree, outcome.valid), Conversation)
    else:
        assume(outcome.path)
        assert outcome.slug_path == "/".join(p for p in path.split("/") if p)
