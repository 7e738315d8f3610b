"""Small numbers are never shown: the rule that hides them, and every figure that would give
one away.

Small numbers (the rule, also in the README)
--------------------------------------------
A figure under 10 is never shown: it reads "< 10". A total must not let a hidden figure be
worked out either, so each table that shows a total follows these rules:

1. A figure under 10 is hidden ("< 10").
2. A line of figures with a shown total (the situations, languages, poster sources, …) must
   leave every hidden small figure at least two possible values. Someone who knows the total,
   the shown figures, that a "< 10" is 0 to 9, and that a "hidden" figure is 10 or more, can only
   compute the sum H of the hidden figures of the line. With k small and m bigger hidden figures
   a small one can still be anything from 0 to ``min(9, H - 10 m)`` when m > 0, and anything
   from ``max(0, H - 9 (k - 1))`` to ``min(9, H)`` when m = 0. So the line is safe when
   ``H - 10 m >= 1`` (m > 0), or when k >= 2 and ``0 < H < 9 k`` (m = 0). Until it is safe, the
   smallest shown figure of the line is hidden too (it then reads "hidden", because it is not
   under 10). When no figure is left to hide, the total is hidden, and so is every figure of
   the lines that share that total (a hidden total shared by two lines still ties them).
3. A figure that is the sum of other figures of the page (an organisation: the results that
   named it; a question's "continued": the counts of its answers) is shown only when every
   figure it adds up is shown, so it tells nothing new; otherwise it reads "not shown", which
   says nothing about its size: "hidden" would say 10 or more, and with a shown total that
   can give a small figure away (an organisation named on every visit of a total of 10 leaves
   0 for the organisations never named beside it).
4. One table per count: a visit is in one line of figures only (plus the sums of rule 3);
   "Something else" is the general help result and nothing more (:mod:`routekaart.ops.counting`).
5. A line that cannot be shown safely whole is withheld: each of its figures reads "not shown",
   which says nothing about its size (the text box's suggestions chosen: when more choices
   than texts are counted, or the line cannot be made safe under a shown total,
   :mod:`routekaart.domain.reach`).
6. Figures come per calendar month only and each month stands alone: months never overlap and
   no set of months makes another, so no period can be subtracted from others
   (:mod:`routekaart.domain.reach`).

Tests attack the shown figures with a brute-force search for a hidden figure that has only one
possible value: each line and shared total (tests/test_usage_suppression.py), and every pair of
tables and the whole page, from the visits that make the counts (tests/test_usage_attacker.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHOWN, SMALL_HIDDEN, HIDDEN = "shown", "small", "hidden"
WITHHELD = "withheld"  # a figure of a line that is not shown at all (rule 5)

SMALL = 10  # a figure under this is never shown


@dataclass(frozen=True)
class Cell:
    """One figure and how the page shows it: the number, "< 10", or "hidden"."""

    value: int
    state: str

    @property
    def shown(self) -> bool:
        """True when the page shows the number itself."""
        return self.state == SHOWN

    @property
    def text(self) -> str:
        """The figure as plain text for CSV: the number, ``< 10``, ``hidden`` or
        ``not shown``."""
        if self.state == SHOWN:
            return str(self.value)
        if self.state == WITHHELD:
            return "not shown"
        return f"< {SMALL}" if self.state == SMALL_HIDDEN else "hidden"


def first_look(value: int) -> Cell:
    """A figure before any complementary hiding: hidden when small."""
    return Cell(value, SHOWN if value >= SMALL else SMALL_HIDDEN)


def hidden(value: int) -> Cell:
    """A figure that cannot be shown: "< 10" when small, else "hidden"."""
    return Cell(value, SMALL_HIDDEN if value < SMALL else HIDDEN)


def line_is_safe(cells: Sequence[Cell]) -> bool:
    """True when a line with a shown total leaves every hidden small figure two or more
    possible values (see the module's docstring for the reasoning)."""
    small = [c.value for c in cells if c.state == SMALL_HIDDEN]
    big = [c.value for c in cells if c.state == HIDDEN]
    if not small:
        return True
    rest = sum(small) + sum(big)
    if big:
        return rest - SMALL * len(big) >= 1
    return len(small) >= 2 and 0 < rest < (SMALL - 1) * len(small)


def protect_line(cells: Sequence[Cell]) -> list[Cell] | None:
    """Hide the smallest shown figures until the line is safe; None when it cannot be."""
    cells = list(cells)
    while not line_is_safe(cells):
        shown = [i for i, c in enumerate(cells) if c.shown]
        if not shown:
            return None
        smallest = min(shown, key=lambda i: (cells[i].value, i))
        cells[smallest] = hidden(cells[smallest].value)
    return cells


def protect(lines: Sequence[Sequence[int]], total: int) -> tuple[list[list[Cell]], Cell]:
    """The cells of lines that share one total (each line adds up to it), made safe together.

    When the total is small, or one line cannot be made safe, the total is hidden and so is
    every figure of these lines: a hidden total that two lines share still ties them together.
    """
    if total < SMALL:
        return [[hidden(v) for v in line] for line in lines], hidden(total)
    protected = [protect_line([first_look(v) for v in line]) for line in lines]
    if any(p is None for p in protected):
        return [[hidden(v) for v in line] for line in lines], hidden(total)
    return protected, Cell(total, SHOWN)  # type: ignore[return-value]


def withheld(values: Iterable[int]) -> list[Cell]:
    """The figures of a line that is not shown: none of them says whether it is small."""
    return [Cell(v, WITHHELD) for v in values]


def derived(parts: Iterable[Cell]) -> Cell:
    """A figure that is the sum of ``parts``: shown only when every part is shown, else
    "not shown" whatever its size (rule 3)."""
    parts = list(parts)
    value = sum(c.value for c in parts)
    if parts and all(c.shown for c in parts) and value >= SMALL:
        return Cell(value, SHOWN)
    return Cell(value, WITHHELD)
