"""Small numbers are never shown, and no shown total or sum lets a hidden one be worked out.

The attacker here is a brute-force search, independent of the reasoning in domain/hiding.py:
it knows every shown figure exactly, that "< 10" is 0 to 9 and "hidden" is 10 or more, and which
figures add up to which. It tries every value of every hidden figure and fails if some hidden
small figure has only one possible value.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from routekaart.content.loader import load as load_content
from routekaart.domain import engine
from routekaart.domain.feedback import REASONS
from routekaart.domain.hiding import (
    HIDDEN,
    SHOWN,
    SMALL_HIDDEN,
    WITHHELD,
    Cell,
    derived,
    line_is_safe,
    protect,
    protect_line,
)
from routekaart.domain.reach import CHOICES, Labels, _own_words, _situations, build_report

ROOT = Path(__file__).resolve().parent.parent
CAP = 200  # the attacker's upper bound for a hidden figure of 10 or more


def honest(cell: Cell) -> None:
    """A cell never lies: shown numbers are exact, "< 10" is under 10, "hidden" is 10 or more;
    "not shown" says nothing."""
    if cell.state == SHOWN:
        assert cell.value >= 10
    elif cell.state == SMALL_HIDDEN:
        assert cell.value < 10
    elif cell.state != WITHHELD:
        assert cell.state == HIDDEN and cell.value >= 10


def choices(cell: Cell, cap: int = CAP) -> range:
    """What the attacker knows about one cell: the values it can have."""
    if cell.state == SHOWN:
        return range(cell.value, cell.value + 1)
    if cell.state == WITHHELD:  # "not shown": any value
        return range(0, cap + 1)
    return range(0, 10) if cell.state == SMALL_HIDDEN else range(10, cap + 1)


def sums(cells: list[Cell], cap: int) -> set[int]:
    """Every sum the cells can have, up to ``cap`` (the sums above it never matter)."""
    found = {0}
    for cell in cells:
        found = {s + v for s in found for v in choices(cell, cap) if s + v <= cap}
    return found


def possible_values(lines: list[list[Cell]], total: Cell, line_no: int, i: int) -> set[int]:
    """Every value cell ``i`` of line ``line_no`` can have, given all that is shown."""
    totals = choices(total, cap=CAP)
    target = lines[line_no][i]
    others = lines[line_no][:i] + lines[line_no][i + 1 :]
    found = set()
    for t in totals:
        if not all(t in sums(line, t) for n, line in enumerate(lines) if n != line_no):
            continue
        rest = sums(others, t)
        found |= {v for v in choices(target, t) if t - v in rest}
    return found


values = st.integers(min_value=0, max_value=25)


@st.composite
def shared_total(draw):
    """Two lines that add up to one total: situations, and a split of the same people by
    language."""
    first = draw(st.lists(values, min_size=1, max_size=5))
    total = sum(first)
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=0, max_size=3)))
    second = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return first, second, total


@settings(max_examples=300, deadline=None)
@given(shared_total())
def test_no_hidden_figure_can_be_worked_out_from_a_total(case):
    first, second, total = case
    lines, total_cell = protect([first, second], total)
    for line, original in zip(lines, (first, second), strict=True):
        assert [c.value for c in line] == original
        for cell in line:
            honest(cell)
    honest(total_cell)
    # The small total is itself a small number; a shown total is exact.
    for line_no, line in enumerate(lines):
        for i, cell in enumerate(line):
            if cell.state == SMALL_HIDDEN:
                options = possible_values(lines, total_cell, line_no, i)
                assert cell.value in options
                assert len(options) >= 2, (line_no, i, lines, total_cell)


def test_the_differencing_case_hides_a_second_figure():
    """Total 60 and one small figure: without a second hidden figure, 60 - 20 - 33 = 7."""
    (line,), total = protect([[20, 7, 33]], 60)
    assert total.shown
    assert [c.state for c in line] == [HIDDEN, SMALL_HIDDEN, SHOWN]


def test_two_hidden_zeros_under_a_shown_total_would_be_known():
    """Two "< 10" figures that add up to 0 (or to 18) are known: a third figure is hidden."""
    (line,), _ = protect([[0, 0, 12, 40]], 52)
    assert [c.state for c in line] == [SMALL_HIDDEN, SMALL_HIDDEN, HIDDEN, SHOWN]
    (line,), _ = protect([[9, 9, 12, 40]], 70)
    assert [c.state for c in line] == [SMALL_HIDDEN, SMALL_HIDDEN, HIDDEN, SHOWN]
    (line,), _ = protect([[3, 4, 40]], 47)
    assert [c.state for c in line] == [SMALL_HIDDEN, SMALL_HIDDEN, SHOWN]


def test_a_hidden_ten_beside_a_zero_would_tell_both():
    """ "< 10" plus "hidden" = 10 means 0 and 10: the next figure is hidden as well."""
    (line,), total = protect([[0, 10, 11]], 21)
    assert [c.state for c in line] == [SMALL_HIDDEN, HIDDEN, HIDDEN]
    assert total.shown


def test_a_line_that_cannot_be_made_safe_hides_its_total_and_the_lines_that_share_it():
    lines, total = protect([[9, 9], [18]], 18)
    assert total.state == HIDDEN
    assert [c.state for line in lines for c in line] == [SMALL_HIDDEN, SMALL_HIDDEN, HIDDEN]


def test_a_small_total_reads_under_ten_and_hides_everything():
    lines, total = protect([[3, 4]], 7)
    assert total.state == SMALL_HIDDEN
    assert all(c.state == SMALL_HIDDEN for c in lines[0])


def test_line_is_safe_matches_the_reasoning():
    small, big = Cell(4, SMALL_HIDDEN), Cell(12, HIDDEN)
    assert not line_is_safe([small, Cell(20, SHOWN)])
    assert line_is_safe([small, big])
    assert not line_is_safe([Cell(0, SMALL_HIDDEN), Cell(10, HIDDEN)])
    assert protect_line([Cell(9, SMALL_HIDDEN), Cell(9, SMALL_HIDDEN)]) is None


@st.composite
def situations_and_organisations(draw):
    """A line of situations, and organisations that each add up some of them."""
    line = draw(st.lists(st.integers(0, 14), min_size=1, max_size=4))
    groups = draw(
        st.lists(
            st.sets(st.integers(0, len(line) - 1), min_size=1, max_size=len(line)),
            max_size=3,
        )
    )
    return line, [sorted(g) for g in groups]


@settings(max_examples=150, deadline=None)
@given(situations_and_organisations())
def test_organisation_sums_tell_nothing_new(case):
    line, groups = case
    (cells,), total = protect([line], sum(line))
    sums_shown = [derived(cells[i] for i in group) for group in groups]
    for cell in [*cells, *sums_shown, total]:
        honest(cell)
    cap = sum(line) + 10
    ranges = [choices(c, cap) for c in cells]
    feasible = []
    for values_ in itertools.product(*ranges):
        if total.shown and sum(values_) != total.value:
            continue
        if total.state != SHOWN and sum(values_) not in choices(total, cap):
            continue
        if all(
            sum(values_[i] for i in g) in choices(s, cap)
            for g, s in zip(groups, sums_shown, strict=True)
        ):
            feasible.append(values_)
    assert tuple(line) in feasible
    for i, cell in enumerate(cells):
        if cell.state == SMALL_HIDDEN:
            assert len({v[i] for v in feasible}) >= 2, (line, groups, cells, sums_shown)


# --- the whole report on the real routekaart -----------------------------------------------------

CONTENT, _ = load_content(ROOT / "content")
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
RESULT_PATHS = [c.slug_path for c in engine.results(CONTENT.tree)]


@st.composite
def week_of_results(draw):
    """A few situations reached a few times each, in one of the three languages."""
    picked = draw(st.lists(st.sampled_from(RESULT_PATHS), min_size=1, max_size=5, unique=True))
    return {
        ("result", path, draw(st.sampled_from(["nl", "en", "ar"]))): draw(st.integers(0, 15))
        for path in picked
    }


@settings(max_examples=60, deadline=None)
@given(week_of_results())
def test_no_small_figure_of_a_report_can_be_worked_out(counts):
    """Situations and languages share one total; organisations add situations up. A brute-force
    reading of every line finds each hidden small figure with two or more possible values."""
    report = build_report(counts, CONTENT, "nl", LABELS)
    situations = [row.cell for row in report.tables["situations"].rows]
    languages = [row.cell for row in report.tables["languages"].rows]
    total = report.tables["situations"].total
    assert sum(c.value for c in situations) == sum(counts.values()) == total.value
    for cell in [*situations, *languages, total]:
        honest(cell)
    lines = [situations, languages]
    for line_no, line in enumerate(lines):
        for i, cell in enumerate(line):
            if cell.state == SMALL_HIDDEN:
                assert len(possible_values(lines, total, line_no, i)) >= 2, (line_no, i)
    by_id = {row.id: row.cell for row in report.tables["situations"].rows}
    _, by_org = _situations(CONTENT, "nl", LABELS)
    for row in report.tables["organisations"].rows:
        parts = [by_id[path] for path in by_org[row.id]]
        honest(row.cell)
        assert row.cell.shown == all(p.shown for p in parts)


# --- the text box per language and the suggestions chosen (issue 25) ------------------------------


def _view(table) -> tuple:
    """What the page shows of a table: each figure's state, and its number when shown."""
    cells = [row.cell for row in table.rows] + [table.total]
    return tuple((c.state, c.value if c.shown else None) for c in cells)


def _own_words_of(matched: int, nothing: int, picks: tuple[int, ...]) -> tuple:
    counts = {("free_text", "matched", "nl"): matched, ("free_text", "nothing", "nl"): nothing}
    counts |= {("choice", key, "nl"): n for key, n in zip(CHOICES, picks, strict=True)}
    tables = _own_words(counts, LABELS)
    return tables["text_nl"], tables["chosen_nl"]


@st.composite
def texts_and_choices(draw):
    """Texts that found something or nothing, and choices: sometimes more than the texts."""
    return (
        draw(st.integers(0, 24)),
        draw(st.integers(0, 14)),
        tuple(draw(st.integers(0, 12)) for _ in CHOICES),
    )


@settings(max_examples=12, deadline=None)
@given(texts_and_choices())
def test_the_suggestions_chosen_give_no_small_figure_away(case):
    """The strongest reader: it knows the rule itself. It tries every number of texts and of
    choices (up to caps above anything drawn), keeps those whose page looks exactly like this
    one, and finds at least two possible values for every small figure the page does not show:
    "< 10", and "not shown" (a withheld line says only that it could not be shown)."""
    matched, nothing, picks = case
    text, chosen = _own_words_of(matched, nothing, picks)
    for cell in [row.cell for row in text.rows] + [text.total]:
        honest(cell)
    for row in chosen.rows:
        assert row.cell.state in (SHOWN, SMALL_HIDDEN, HIDDEN, WITHHELD)
        if row.cell.state != WITHHELD:
            honest(row.cell)
    seen = (_view(text), _view(chosen))
    texts = [
        (m, n)
        for m in range(41)
        for n in range(31)
        if _view(_own_words_of(m, n, (0, 0, 0))[0]) == seen[0]
    ]
    assert (matched, nothing) in texts
    # The choices' page depends on the number of texts found, and on how its figure is shown.
    picks_for: dict[tuple, list[tuple]] = {}
    feasible = []
    for m, n in texts:
        key = (m, _view(_own_words_of(m, n, (0, 0, 0))[0]))
        if key not in picks_for:
            picks_for[key] = [
                candidate
                for candidate in itertools.product(range(14), repeat=len(CHOICES))
                if _view(_own_words_of(m, n, candidate)[1]) == seen[1]
            ]
        feasible += [(m, n, *candidate) for candidate in picks_for[key]]
    assert (matched, nothing, *picks) in feasible
    # matched, nothing, then each choice: every small figure not shown has two values or more.
    shown_cells = [row.cell for row in text.rows] + [row.cell for row in chosen.rows[:-1]]
    for i, cell in enumerate(shown_cells):
        if cell.state in (SMALL_HIDDEN, WITHHELD) and cell.value < 10:
            assert len({f[i] for f in feasible}) >= 2, (case, i, cell)
    none = chosen.rows[-1].cell
    if none.state in (SMALL_HIDDEN, WITHHELD) and 0 <= none.value < 10:
        assert len({f[0] - sum(f[2:]) for f in feasible}) >= 2, (case, "none")
