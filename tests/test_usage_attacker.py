"""The attacker against the whole reach page: every table, every pair of tables, and the
periods the site offers (issue 27).

tests/test_usage_suppression.py attacks lines that share a total. This attacker knows more: how
a visit is counted. Its unknowns are *visits* (a resident reaching a result or a question in a
language, the text box finding something or nothing, a scan of a poster, a partner's hand-over),
and every figure of the page is the number of some of those visits. Each visit is turned into
counts by the app's own :func:`routekaart.ops.counting.conversation_notes`, and each figure's
visits are found by building the report of that one visit, so a visit counted twice (as
"Something else" was) ties two tables together exactly as it does on the real page.

For the figures of a set of tables, the attacker solves: visit numbers >= 0 such that every
shown figure is exact, every "< 10" is 0 to 9, every "hidden" is 10 or more. A hidden small
figure must be able to take at least two values: the least and the most it can be are found by
an exact integer program (SciPy's ``milp``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from routekaart.content.loader import load as load_content
from routekaart.domain import engine, reach
from routekaart.domain.feedback import REASONS
from routekaart.domain.hiding import HIDDEN, SHOWN, SMALL_HIDDEN, WITHHELD, protect
from routekaart.domain.hiding import hidden as hidden_
from routekaart.domain.reach import Labels, build_report
from routekaart.ops.counting import conversation_notes

ROOT = Path(__file__).resolve().parent.parent
CONTENT, _ = load_content(ROOT / "content")
LANGS = ("nl", "en", "ar")
LABELS = Labels(
    other_route="other route",
    other_source="other tag",
    other_language="other language",
    general_help="general help",
    start="start",
    matched="matched",
    nothing="nothing",
    reasons={reason: reason for reason in REASONS},
    other_reason="other reason",
    language_names={"nl": "Nederlands", "en": "English", "ar": "Arabic"},
)


# --- visits and the figures they make -----------------------------------------------------------


def _questions() -> list[tuple[str, ...]]:
    found = []

    def walk(path: tuple[str, ...]) -> None:
        conversation = engine.resolve(CONTENT.tree, path)
        if conversation.result is not None:
            return
        found.append(path)
        for option in conversation.node.options or ():
            walk((*path, option.slug))

    walk(())
    return found


@cache
def visits() -> list[tuple[str, Counter]]:
    """Every kind of visit and the counts the app makes of one such visit."""
    tree = CONTENT.tree
    fallback = tree.fallback
    conversations = list(engine.results(tree))
    for question in _questions():
        if (
            fallback is not None
            and fallback.slug in tree.index[engine.resolve(tree, question).node_id]
        ):
            conversations.append(engine.resolve(tree, (*question, fallback.slug)))
    found: list[tuple[str, Counter]] = []
    for lang in LANGS:
        for question in _questions():
            notes = conversation_notes(engine.resolve(tree, question), lang, CONTENT, None)
            found.append((f"step {'/'.join(question)} {lang}", Counter(notes)))
        for conversation in conversations:
            notes = conversation_notes(conversation, lang, CONTENT, None)
            found.append((f"result {conversation.slug_path} {lang}", Counter(notes)))
            found.append(
                (
                    f"handover {conversation.slug_path} {lang}",
                    Counter(
                        [("handover", reach.situation_of(CONTENT, conversation.slug_path), lang)]
                    ),
                )
            )
        for conversation in conversations:
            path = conversation.slug_path
            for answer in ("yes", "no"):
                found.append(
                    (f"{answer} {path} {lang}", Counter([(f"helped:{answer}", path, lang)]))
                )
            for reason in [*REASONS, "weggehaald"]:
                found.append(
                    (
                        f"why not {reason} {path} {lang}",
                        Counter([(f"why_not:{reason}", path, lang)]),
                    )
                )
        for key in ("matched", "nothing"):
            found.append((f"text box {key} {lang}", Counter([("free_text", key, lang)])))
        # A suggestion of the text box followed (?gekozen=): the result page and the choice.
        # (A choice with its text is a "matched" visit plus this one.)
        for conversation in conversations[:2]:
            for key in reach.CHOICES:
                notes = conversation_notes(conversation, lang, CONTENT, None)
                found.append(
                    (
                        f"chose {key} {conversation.slug_path} {lang}",
                        Counter([*notes, ("choice", key, lang)]),
                    )
                )
        for tag in [*CONTENT.settings.sources, "weggehaald"]:
            found.append((f"poster {tag} {lang}", Counter([("source", tag, lang)])))
        found.append((f"gone {lang}", Counter([("result", "weg/oud", lang)])))
    first = conversations[0]
    found.append(("result in another language", Counter([("result", first.slug_path, "de")])))
    found.append(("handover in another language", Counter([("handover", first.slug_path, "de")])))
    for key in ("matched", "nothing"):
        found.append((f"text box {key} in another language", Counter([("free_text", key, "de")])))
    for key in reach.CHOICES:
        found.append(
            (
                f"chose {key} in another language",
                Counter([("result", first.slug_path, "de"), ("choice", key, "de")]),
            )
        )
    return found


def cells_of(report) -> dict[tuple[str, str, str], object]:
    """Every figure of the page: (table, row, "count" | "continued" | "total") -> cell."""
    cells = {}
    for table in report.tables.values():
        for row in table.rows:
            cells[(table.id, row.id, "count")] = row.cell
            if row.extra is not None:
                cells[(table.id, row.id, "continued")] = row.extra
        if table.total is not None:
            cells[(table.id, "", "total")] = table.total
    return cells


@cache
def coefficients() -> dict[tuple[str, str, str], dict[int, int]]:
    """How many times each visit is in each figure (the figures are sums: linear in counts)."""
    found: dict[tuple[str, str, str], dict[int, int]] = defaultdict(dict)
    for v, (_, counts) in enumerate(visits()):
        for cell_id, cell in cells_of(build_report(dict(counts), CONTENT, "nl", LABELS)).items():
            if cell.value:
                found[cell_id][v] = cell.value
    return found


# --- the solver -----------------------------------------------------------------------------------


def _bounds(cell) -> tuple[float, float]:
    if cell.state == SHOWN:
        return cell.value, cell.value
    if cell.state == WITHHELD:
        # "not shown" says nothing of its size ("none of them" may even be below 0). That a
        # line is withheld says: more choices than texts, or the texts hidden, or no safe way
        # to show the line (every "< 10" a 0 under a 10, or four 9s): each leaves every choice
        # more than one value, so the attacker here learns nothing from it either.
        return -np.inf, np.inf
    return (0, 9) if cell.state == SMALL_HIDDEN else (10, np.inf)


def _secret(cell) -> bool:
    """A figure whose value must not be found: hidden under 10, or withheld and under 10."""
    return cell.state == SMALL_HIDDEN or (cell.state == WITHHELD and 0 <= cell.value < 10)


def undone(cells: dict, truth: dict[int, int]) -> list[tuple]:
    """The hidden small figures among ``cells`` that have only one possible value: the least
    and the most they can be, over whole numbers of visits that fit every figure, are equal
    (an exact integer program, SciPy's HiGHS)."""
    coef = coefficients()
    # Visits that no figure of these tables contains do not matter; visits that are in exactly
    # the same figures can be added up into one unknown.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for v in range(len(visits())):
        signature = tuple(coef[cell_id].get(v, 0) for cell_id in cells)
        if any(signature):
            groups[signature].append(v)
    signatures = list(groups)
    real = np.array([sum(truth.get(v, 0) for v in groups[sig]) for sig in signatures])
    matrix = np.array(signatures, dtype=float).T  # one line per figure, one column per unknown
    low, high = zip(*(_bounds(cell) for cell in cells.values()), strict=True)
    assert (matrix @ real == [cell.value for cell in cells.values()]).all()  # the model is right
    rules = LinearConstraint(matrix, low, high)
    whole = np.ones(len(signatures))
    values = np.array([cell.value for cell in cells.values()])

    def solve(objective):
        # At most 10,000 visits of a kind: a withheld figure may have no other upper bound.
        result = milp(objective, constraints=rules, integrality=whole, bounds=Bounds(0, 10_000))
        assert result.success, result.message
        return np.round(result.x)

    # First push all the hidden small figures up together, then down: each one that moves in
    # such a solution has two possible values. Only those that never move are asked alone.
    undecided = {n for n, cell in enumerate(cells.values()) if _secret(cell)}
    for sign in (-1, 1):
        while undecided:
            x = solve(sign * matrix[sorted(undecided)].sum(axis=0))
            moved = {n for n in undecided if matrix[n] @ x != values[n]}
            if not moved:
                break
            undecided -= moved
    ids = list(cells)
    found = []
    for n in sorted(undecided):
        least, most = (matrix[n] @ solve(sign * matrix[n]) for sign in (1, -1))
        assert least <= values[n] <= most
        if least == most:
            found.append(ids[n])
    return found


# --- the attacks ---------------------------------------------------------------------------------


def _is_answer(name: str) -> bool:
    return name.startswith(("yes ", "no ", "why not "))


@st.composite
def month_of_visits(draw):
    """A few kinds of visits and of answers, each a few times: the numbers around 10 are the
    hard ones."""
    names = [name for name, _ in visits()]
    pages = [v for v, name in enumerate(names) if not _is_answer(name)]
    answers = [v for v, name in enumerate(names) if _is_answer(name)]
    picked = draw(st.lists(st.sampled_from(pages), min_size=1, max_size=6, unique=True))
    picked += draw(st.lists(st.sampled_from(answers), max_size=5, unique=True))
    return {v: draw(st.integers(0, 25)) for v in picked}


def counts_of(truth: dict[int, int]) -> dict:
    counts: Counter = Counter()
    for v, n in truth.items():
        for key, times in visits()[v][1].items():
            counts[key] += n * times
    return dict(counts)


def tables_of(report) -> dict[str, dict]:
    by_table: dict[str, dict] = defaultdict(dict)
    for cell_id, cell in cells_of(report).items():
        by_table[cell_id[0]][cell_id] = cell
    return by_table


@settings(max_examples=25, deadline=None)
@given(month_of_visits())
def test_no_pair_of_tables_and_not_the_whole_page_gives_a_small_figure_away(truth):
    attack(truth)


@st.composite
def month_of_own_words(draw):
    """Texts that found something or nothing and suggestions chosen, in a few languages, with
    a few results beside them (a choice is also a result visit): the text box's tables."""
    names = [name for name, _ in visits()]
    own = [v for v, name in enumerate(names) if name.startswith(("text box", "chose"))]
    results = [v for v, name in enumerate(names) if name.startswith("result ")]
    picked = draw(st.lists(st.sampled_from(own), min_size=1, max_size=7, unique=True))
    picked += draw(st.lists(st.sampled_from(results), max_size=2, unique=True))
    return {v: draw(st.integers(0, 25)) for v in picked}


@settings(max_examples=15, deadline=None)
@given(month_of_own_words())
def test_the_text_box_per_language_and_the_choices_give_no_small_figure_away(truth):
    """Issue 25: per page language, texts that found something or nothing, and which suggestion
    was chosen ("none of them" being the texts with suggestions minus the choices)."""
    attack(truth)


def test_the_attacker_finds_four_choices_shown_as_small_under_a_shown_total():
    """The attacker is not toothless here either: ten texts all followed by the first
    suggestion, shown as "hidden, < 10, < 10, < 10" under the shown 10 instead of withheld,
    give every "< 10" away as 0."""
    names = [name for name, _ in visits()]
    path = engine.results(CONTENT.tree)[0].slug_path
    truth = {
        names.index("text box matched nl"): 10,
        names.index("text box nothing nl"): 10,
        names.index(f"chose 1 {path} nl"): 10,
    }
    report = build_report(counts_of(truth), CONTENT, "nl", LABELS)
    by_table = tables_of(report)
    assert {cell.state for cell in by_table["chosen_nl"].values()} == {WITHHELD, SHOWN}
    assert undone(by_table["chosen_nl"] | by_table["text_nl"], truth) == []
    # As if the line were hidden the ordinary way: each figure "< 10" or "hidden" by its size.
    ordinary = [hidden_(10), hidden_(0), hidden_(0), hidden_(0)]
    shown_as_hidden = {
        **by_table["chosen_nl"],
        **by_table["text_nl"],
        **{
            ("chosen_nl", key, "count"): cell
            for key, cell in zip([*reach.CHOICES, "none"], ordinary, strict=True)
        },
    }
    assert undone(shown_as_hidden, truth) == [
        ("chosen_nl", key, "count") for key in ("2", "3", "none")
    ]


def attack(truth: dict[int, int]) -> None:
    """No table, no pair of tables and not the whole page gives a small figure away."""
    report = build_report(counts_of(truth), CONTENT, "nl", LABELS)
    by_table = tables_of(report)
    for cell in cells_of(report).values():
        assert cell.state in (SHOWN, SMALL_HIDDEN, HIDDEN, WITHHELD)
        assert (cell.state == SHOWN) == (cell.value >= 10 and cell.state not in (HIDDEN, WITHHELD))
    names = sorted(by_table)
    coef = coefficients()
    visits_in = {
        name: {v for cell_id in cells for v in coef[cell_id]} for name, cells in by_table.items()
    }
    for i, first in enumerate(names):
        for second in names[i:]:
            if first != second and not visits_in[first] & visits_in[second]:
                continue  # no visit in both: the pair says no more than each table alone
            cells = {**by_table[first], **by_table[second]}
            assert undone(cells, truth) == [], (first, second, truth)
    assert undone(cells_of(report), truth) == [], truth


def test_the_leak_of_issue_27_is_gone():
    """General help 12, matched 15, "Something else" hidden, total 32 once gave "nothing found"
    = 32 - 15 - 12 = 5. Now "Something else" is only the general help row."""
    names = [name for name, _ in visits()]
    truth = {
        names.index("result iets-anders nl"): 12,
        names.index("text box matched nl"): 15,
        names.index("text box nothing nl"): 5,
        names.index("result direct/huis-uit nl"): 40,
        names.index("result binnenkort/stress en"): 3,
        names.index("result binnenkort/schulden nl"): 2,
    }
    report = build_report(counts_of(truth), CONTENT, "nl", LABELS)
    assert "something_else" not in {row.id for row in report.tables["text_nl"].rows}
    assert undone(cells_of(report), truth) == []


def test_the_attacker_finds_a_figure_that_a_second_table_gives_away():
    """The attacker is not toothless: a copy of the general help row under its own total (as
    "Something else" was) lets it work out a hidden "nothing found"."""
    names = [name for name, _ in visits()]
    truth = {
        names.index("result iets-anders nl"): 12,
        names.index("text box matched nl"): 15,
        names.index("text box nothing nl"): 5,
        names.index("result direct/huis-uit nl"): 40,
        names.index("result binnenkort/stress en"): 3,
        names.index("result binnenkort/schulden nl"): 2,
    }
    report = build_report(counts_of(truth), CONTENT, "nl", LABELS)
    cells = cells_of(report)
    situations = tables_of(report)["situations"]
    general = cells[("situations", "iets-anders", "count")]
    assert general.state == SHOWN
    # The old "choices" line: matched, nothing and the general help visits again, with a
    # total, hidden the way the rule hides one line.
    (old_line,), old_total = protect([[15, 5, 12]], 32)
    assert [c.state for c in old_line] == [SHOWN, SMALL_HIDDEN, HIDDEN] and old_total.shown
    coef = coefficients()
    coef[("old", "something_else", "count")] = coef[("situations", "iets-anders", "count")]
    coef[("old", "", "total")] = {
        **coef[("text_nl", "", "total")],
        **coef[("situations", "iets-anders", "count")],
    }
    try:
        attacked = {
            **situations,
            ("text_nl", "matched", "count"): old_line[0],
            ("text_nl", "nothing", "count"): old_line[1],
            ("old", "something_else", "count"): old_line[2],
            ("old", "", "total"): old_total,
        }
        assert undone(attacked, truth) == [("text_nl", "nothing", "count")]
    finally:
        del coef[("old", "something_else", "count")], coef[("old", "", "total")]


# --- periods ------------------------------------------------------------------------------------


def test_the_periods_the_site_offers_never_overlap():
    """Every period a page, a CSV or `routekaart usage` can show is a calendar month: no two
    overlap and none is made of others, so no figure of one period can be subtracted from
    another. (Weeks and months once could: 2026-06 to 2027-01 is also weeks 23 to 4.)"""
    day, seen = date(2026, 1, 1), []
    while day < date(2029, 1, 1):
        seen.append(reach.month_of(day))
        day = seen[-1].last + timedelta(days=1)
    for a, b in zip(seen, seen[1:], strict=False):
        assert a.last + timedelta(days=1) == b.first
    for month in seen:
        assert reach.parse_period(month.id) == month
        # Whatever range of whole months is asked, it is these months, each on its own.
        assert reach.months_in(month.first, month.last) == [month]
    assert reach.months_in(seen[5].first, seen[12].last) == seen[5:13]
    # A week, or any other range, is never a period of its own.
    for text in ("2026-W23", "2027-W04"):
        assert reach.parse_period(text) is None
    assert reach.months_in(date(2026, 6, 1), date(2027, 1, 31)) == seen[5:13]
    assert reach.months_in(date(2026, 6, 1), date(2027, 1, 30)) is None


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 6, 1), date(2027, 1, 31)),  # Monday 1 June to Sunday 31 January
        (date(2027, 3, 1), date(2027, 10, 31)),  # Monday 1 March to Sunday 31 October
        (date(2027, 2, 1), date(2027, 2, 28)),  # exactly four weeks
    ],
)
def test_months_that_are_whole_weeks_give_no_week_away(tmp_path, monkeypatch, first, last):
    """Issue 27's example: weeks of 12, 11, 13 and a hidden 3 in a month of 39. Only months are
    published, through every door (page, CSV, `routekaart usage`): no week is ever a figure."""
    from test_usage import add, make_app

    from routekaart.cli import main

    url = f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", url)
    app = make_app(tmp_path, url)
    rows, day = [], first
    while day <= last:
        rows.append((day, "result", "direct/huis-uit", "nl", 3 if day.isocalendar()[1] == 8 else 2))
        day += timedelta(days=1)
    add(app, rows)
    client = app.test_client()
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
    for path in ("/nl/monitor/gebruik", "/nl/monitor/gebruik.csv"):
        response = client.get(f"{path}?periode={week}")
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"?periode={reach.month_of_week(week).id}")
    runner = app.test_cli_runner()
    weekly = runner.invoke(
        main, ["usage", "--from", str(monday), "--to", str(monday + timedelta(6))]
    )
    assert weekly.exit_code == 2
    whole = runner.invoke(main, ["usage", "--from", str(first), "--to", str(last), "--csv"])
    assert whole.exit_code == 0
    periods = {tuple(line.split(",")[:2]) for line in whole.stdout.splitlines()[1:]}
    assert periods == {(str(m.first), str(m.last)) for m in reach.months_in(first, last)}


def test_an_organisation_not_shown_says_nothing_about_its_size():
    """Found by the attack above after the merges of 2026-12-06: three visits to the eviction
    route (nl) and seven to the forms route (en) make a shown total of 10. The Sociaal Service
    Punt, named on both, read "hidden" (10 or more), so every visit named it, and the
    organisations named only on other routes read "< 10" but were worked out as 0. An
    organisation's figure that is not shown now reads "not shown"."""
    names = [name for name, _ in visits()]
    truth = {
        names.index("result direct/huis-uit nl"): 3,
        names.index("result binnenkort/formulieren en"): 7,
    }
    by_table = tables_of(build_report(counts_of(truth), CONTENT, "nl", LABELS))
    assert by_table["languages"][("languages", "", "total")].state == SHOWN
    organisations = by_table["organisations"]
    assert {cell.state for cell in organisations.values()} == {WITHHELD}
    assert undone(by_table["languages"] | organisations, truth) == []
    attack(truth)
