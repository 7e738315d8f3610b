"""Time and accuracy of the text box's matcher (routekaart/domain/matcher.py).

Run from the repository root::

    python -m bench.matcher                  # tests/matcher_eval.tsv: all rows, then held out
    python -m bench.matcher --extra PATH     # and another TSV of the same form, on its own
    python -m bench.matcher --misses         # list the rows that were not right first

Matches every phrasing of the evaluation set (``tests/matcher_eval.tsv``) a number of rounds,
in-process, and prints the p50/p99 time of one match (budgets: p50 under 5 ms, p99 under
20 ms), and per language top-1 and top-3 accuracy (budgets on phrasings written blind: 90 %
and 97 %). Two rules are counted too, on every table:

- off-topic (rows without a path): no urgent suggestion, ever; at most 1 in 10 gets any;
- a stated age ("ik ben 17", "zestien", "student 23") picks the right age branch first: the
  rows whose right paths are one age branch only (``onder-18`` or ``18-tot-27``): the writer
  read an age, or a hint of one ("hbo", "my parents"), in the text (budget 95 %). Rows that
  name an age branch among others (no age given) are reported beside them.

A suggestion is right when it leads to the same page as a right path: the young people's
"27 or older" branches end on the adults' pages, so for a resident of 30 either path is right.

A TSV has one phrasing a line: page language, text, the paths that count as right
(space-separated; empty = off-topic). Lines starting with ``#`` are comments; in the project's
own set the rows below ``# --- held out`` were written after the last tuning.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from routekaart.content import loader as content
from routekaart.domain import matcher

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "matcher_eval.tsv"
HELD_OUT = "# --- held out"
TOP1_BUDGET, TOP3_BUDGET, AGE_BUDGET, OFF_TOPIC_ANY = 0.90, 0.97, 0.95, 0.10

Row = tuple[str, str, list[str]]


def read(path: Path, part: str = "all") -> list[Row]:
    """The rows of a TSV: ``part`` is "all", "tuned" (above the held-out line) or "held"."""
    found = []
    held_out = False
    for line in path.read_text(encoding="utf-8").splitlines():
        held_out = held_out or line.startswith(HELD_OUT)
        if not line or line.startswith("#"):
            continue
        if part == "all" or (part == "held") == held_out:
            lang, text, *right = line.split("\t")
            found.append((lang, text, (right[0] if right else "").split()))
    return found


def rows(held_out_only: bool = False) -> list[Row]:
    """The project's evaluation rows, or only those below the "held out" line."""
    return read(EVAL, "held" if held_out_only else "all")


AGE_BRANCHES = ("onder-18", "18-tot-27")


def _branch(path: str) -> str:
    """The age branch a path ends in, or the path itself."""
    return next((b for b in AGE_BRANCHES if path.endswith(b)), path)


def report(index: matcher.Matcher, table: list[Row], title: str, misses: bool = False) -> dict:
    """Print accuracy per language, the off-topic rule and the age rule for ``table``; return
    the numbers."""
    print(title)
    numbers: dict = {}
    for lang in ("nl", "en", "ar"):
        mine = [(text, right) for lg, text, right in table if lg == lang and right]
        if not mine:
            continue
        top1 = top3 = nothing = 0
        for text, right in mine:
            found = [s.path for s in index.match(text, lang)]
            top1 += bool(found) and found[0] in right
            top3 += any(p in right for p in found)
            nothing += not found
            if misses and not (found and found[0] in right):
                print(f"    miss {lang}: {text!r} -> {found} (right: {' '.join(right)})")
        numbers[lang] = (len(mine), top1 / len(mine), top3 / len(mine))
        print(
            f"  {lang}: {len(mine)} phrasings, top-1 {top1 / len(mine):.1%}, "
            f"top-3 {top3 / len(mine):.1%}, nothing found {nothing} "
            f"(budgets {TOP1_BUDGET:.0%}, {TOP3_BUDGET:.0%})"
        )
    off_topic = [(lang, text) for lang, text, right in table if not right]
    if off_topic:
        answered = [(lang, text, index.match(text, lang)) for lang, text in off_topic]
        any_match = [a for a in answered if a[2]]
        urgent = [a for a in answered if any(s.urgency == "today" for s in a[2])]
        share = len(any_match) / len(off_topic)
        numbers["off_topic"] = (len(off_topic), len(any_match), len(urgent))
        print(
            f"  off-topic: {len(off_topic)} phrasings, {len(any_match)} got a suggestion "
            f"({share:.0%}, budget at most {OFF_TOPIC_ANY:.0%}), {len(urgent)} an urgent one "
            f"(budget 0)"
        )
        if misses:
            for lang, text, found in any_match:
                print(f"    off-topic {lang}: {text!r} -> {[s.path for s in found]}")
    named = [
        (lang, text, right)
        for lang, text, right in table
        if right and any(p.endswith(AGE_BRANCHES) for p in right)
    ]
    # The age is stated (or hinted: "hbo", "my parents") when the writer accepted one age
    # branch only; judged by the writer, not by the matcher's own reading of ages.
    stated = [row for row in named if len({_branch(p) for p in row[2]}) == 1]
    if named:
        first = {
            (lang, text): bool(found := [s.path for s in index.match(text, lang)])
            and found[0] in right
            for lang, text, right in named
        }
        right_named = sum(first[lang, text] for lang, text, _ in named)
        right_stated = sum(first[lang, text] for lang, text, _ in stated)
        numbers["age"] = (len(stated), right_stated, len(named), right_named)
        share = f"{right_stated / len(stated):.0%}" if stated else "-"
        print(
            f"  age: {len(stated)} phrasings state an age (one age branch right), the right "
            f"branch first in {right_stated} ({share}, budget {AGE_BUDGET:.0%}); of all "
            f"{len(named)} that name an age branch, {right_named}"
        )
        if misses:
            for lang, text, right in named:
                if not first[lang, text]:
                    found = [s.path for s in index.match(text, lang)]
                    print(f"    age {lang}: {text!r} -> {found} (right: {' '.join(right)})")
    return numbers


def same_pages(tree, table: list[Row]) -> list[Row]:
    """``table`` with every right path joined by the other paths that end on the same page."""
    paths: dict[str, list[str]] = {}  # page (node id) -> the paths that reach it
    todo = [(tree.start, ())]
    while todo:
        node_id, path = todo.pop()
        options = tree.index[node_id]
        if not options:
            paths.setdefault(node_id, []).append("/".join(path))
        todo.extend((option.next, (*path, slug)) for slug, option in options.items())
    page_of = {path: node for node, found in paths.items() for path in found}
    return [
        (lang, text, list(dict.fromkeys(p for r in right for p in paths[page_of.get(r, r)])))
        if all(r in page_of for r in right)
        else (lang, text, right)
        for lang, text, right in table
    ]


def timing(index: matcher.Matcher, table: list[Row], rounds: int) -> None:
    """Print p50, p99 and the slowest match over ``rounds`` passes over ``table``."""
    times = []
    for _ in range(rounds):
        for lang, text, _right in table:
            start = time.perf_counter()
            index.match(text, lang)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99)]
    print(
        f"match: p50 {statistics.median(times):.3f} ms, p99 {p99:.3f} ms, "
        f"max {times[-1]:.3f} ms over {len(times)} matches (budgets p50 < 5 ms, p99 < 20 ms)"
    )


def main(argv: list[str] | None = None) -> None:
    """Build the index once, time every phrasing, print accuracy and the two rules."""
    parser = argparse.ArgumentParser(prog="python -m bench.matcher", description=__doc__)
    parser.add_argument("--extra", type=Path, action="append", default=[], help="another TSV")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--misses", action="store_true", help="list what was not right")
    args = parser.parse_args(argv)
    loaded, _ = content.load(ROOT / "content")
    assert loaded is not None
    start = time.perf_counter()
    index = matcher.Matcher(loaded.tree)
    print(f"index built in {(time.perf_counter() - start) * 1000:.1f} ms")
    table = rows()
    timing(index, table, args.rounds)
    tree = loaded.tree
    report(index, same_pages(tree, read(EVAL, "tuned")), f"{EVAL.name}, tuned:", args.misses)
    report(index, same_pages(tree, read(EVAL, "held")), f"{EVAL.name}, held out:", args.misses)
    for extra in args.extra:
        report(index, same_pages(tree, read(extra)), f"{extra}:", args.misses)


if __name__ == "__main__":
    main()
