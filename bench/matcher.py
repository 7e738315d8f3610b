"""Time and accuracy of the text box's matcher (routekaart/domain/matcher.py).

Run from the repository root: ``python -m bench.matcher``. Matches every phrasing of the
evaluation set (``tests/matcher_eval.tsv``) a number of rounds, in-process, and prints the
p50/p95 time of one match (budget: p50 under 5 ms), and top-1 and top-3 accuracy per language
(budgets: at least 75 % and 90 %).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from routekaart.content import loader as content
from routekaart.domain import matcher

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "matcher_eval.tsv"


HELD_OUT = "# --- held out"


def rows(held_out_only: bool = False) -> list[tuple[str, str, list[str]]]:
    """The evaluation rows: page language, text, the paths that count as right; or only the
    rows below the "held out" line (written after the last tuning, never tuned on)."""
    found = []
    held_out = False
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        held_out = held_out or line.startswith(HELD_OUT)
        if line and not line.startswith("#") and (held_out or not held_out_only):
            lang, text, right = line.split("\t")
            found.append((lang, text, right.split()))
    return found


def accuracy(index: matcher.Matcher, table: list[tuple[str, str, list[str]]], title: str) -> None:
    """Print top-1 and top-3 accuracy per language of the on-topic rows of ``table``."""
    print(title)
    for lang in ("nl", "en", "ar"):
        mine = [(text, right) for lg, text, right in table if lg == lang and right]
        top1 = top3 = 0
        for text, right in mine:
            found = [s.path for s in index.match(text, lang)]
            top1 += bool(found) and found[0] in right
            top3 += any(p in right for p in found)
        print(
            f"  {lang}: {len(mine)} phrasings, top-1 {top1 / len(mine):.1%}, "
            f"top-3 {top3 / len(mine):.1%} (budgets 75 %, 90 %)"
        )


def main(rounds: int = 20) -> None:
    """Time every phrasing ``rounds`` times after building the index once; print accuracy."""
    loaded, _ = content.load(ROOT / "content")
    assert loaded is not None
    start = time.perf_counter()
    index = matcher.Matcher(loaded.tree)
    build_ms = (time.perf_counter() - start) * 1000
    table = rows()
    times = []
    for _ in range(rounds):
        for lang, text, _right in table:
            start = time.perf_counter()
            index.match(text, lang)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(f"index built in {build_ms:.1f} ms")
    print(
        f"match: p50 {statistics.median(times):.3f} ms, p95 {p95:.3f} ms, "
        f"max {times[-1]:.3f} ms over {len(times)} matches (budget p50 < 5 ms)"
    )
    off_topic = [(lang, text) for lang, text, right in table if not right]
    wrongly = [text for lang, text in off_topic if index.match(text, lang)]
    accuracy(index, table, "all phrasings:")
    accuracy(index, rows(held_out_only=True), "held out only:")
    print(f"off-topic: {len(off_topic)} phrasings, {len(wrongly)} got a suggestion")


if __name__ == "__main__":
    main()
