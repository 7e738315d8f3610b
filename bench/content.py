"""Benchmark of the content pipeline: load + validate, and resolving a path.

Run from the project root:  python bench/content.py  [--quick]

Prints numbers; it asserts nothing. Targets from issue 2: load + validate of a 10,000-node
routekaart under 1 s; resolving a path under 50 µs, flat as the tree grows.

The generated trees use the real organisations.yaml and settings.yaml and write a routekaart
with short texts in all three languages, breadth first: "deep" trees have two answers per
question (depth about log2 n, at most 13 for 10,000 nodes: the engine follows at most 16),
"wide" ones about sqrt(n) answers per question (depth 2).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
import timeit
from collections import deque
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routekaart.content import checks, model, yamlsource  # noqa: E402
from routekaart.content import loader as content  # noqa: E402
from routekaart.content.messages import validate_document  # noqa: E402
from routekaart.domain import engine  # noqa: E402

ORGANISATIONS = ["kredietbank", "sociaal-service-punt", "ping-loket", "schuldhulpmaatje"]


def shape(n: int, branching: int) -> dict[str, list[str]]:
    """Node ids and their children, breadth first, exactly ``n`` nodes."""
    children: dict[str, list[str]] = {"n0": []}
    queue = deque(["n0"])
    count = 1
    while queue and count + 2 <= n:
        node = queue.popleft()
        for _ in range(min(branching, n - count)):
            child = f"n{count}"
            count += 1
            children[node].append(child)
            children[child] = []
            queue.append(child)
    return children


def routekaart_yaml(children: dict[str, list[str]]) -> str:
    out = [
        "# yaml-language-server: $schema=../schema/routekaart.schema.json",
        "title: {nl: Waar kan ik heen?, en: Where can I go?, ar: إلى أين أذهب؟}",
        "intro: {nl: Beantwoord een paar vragen., en: Answer a few questions.,"
        " ar: أجب عن بعض الأسئلة.}",
        "start: n0",
        "nodes:",
    ]
    for i, (node_id, kids) in enumerate(children.items()):
        out.append(f"  {node_id}:")
        if kids:
            out.append(f"    question: {{nl: Vraag {i}, en: Question {i}, ar: سؤال {i}}}")
            out.append("    options:")
            for j, kid in enumerate(kids):
                out.append(
                    f"      - {{slug: antwoord-{j}, label: {{nl: Antwoord {j}, en: Answer {j}, "
                    f"ar: جواب {j}}}, next: {kid}}}"
                )
        else:
            first = ORGANISATIONS[i % len(ORGANISATIONS)]
            second = ORGANISATIONS[(i + 1) % len(ORGANISATIONS)]
            out += [
                "    result:",
                "      urgency: soon",
                f"      title: {{nl: Uitkomst {i}, en: Result {i}, ar: نتيجة {i}}}",
                "      advice: {nl: Vraag deze week hulp., en: Ask for help this week., "
                "ar: اطلب المساعدة هذا الأسبوع.}",
                "      organisations:",
                f"        - {{organisation: {first}, why: {{nl: Zij helpen u., en: They help you., "
                "ar: يساعدونك.}}",
                f"        - {{organisation: {second}, why: {{nl: Ook hier., en: Here too., "
                "ar: هنا أيضًا.}}",
            ]
    return "\n".join(out) + "\n"


def write_folder(children: dict[str, list[str]], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("organisations.yaml", "settings.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    text = routekaart_yaml(children)
    (folder / "routekaart.yaml").write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def timings(func, repeat: int) -> tuple[float, float, float]:
    """Best and median wall time, and best CPU time of this process (the machine is shared,
    so CPU time says more about the code than wall time does)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), statistics.median(walls), min(cpus)


def deepest_path(tree: engine.Tree) -> str:
    path: list[str] = []
    node_id = tree.start
    while tree.index[node_id]:
        option = next(iter(tree.index[node_id].values()))  # the first answer: deepest
        path.append(option.slug)
        node_id = option.next
    return "/".join(path)


def per_call_us(func, number: int) -> float:
    timer = timeit.Timer(func)
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def stages(folder: Path) -> dict[str, float]:
    """Seconds spent in each stage of one load of the folder (the garbage collector paused,
    as :func:`content.load` does, and one collection at the end)."""
    with yamlsource.paused_gc():
        result = _stages(folder)
    start = time.perf_counter()
    gc.collect()
    result["garbage collection"] = time.perf_counter() - start
    return result


def _stages(folder: Path) -> dict[str, float]:
    result = {}
    start = time.perf_counter()
    doc = yamlsource.load(folder / "routekaart.yaml", "routekaart.yaml")
    result["parse YAML"] = time.perf_counter() - start
    start = time.perf_counter()
    rk, messages = validate_document(doc, model.Routekaart)
    result["validate model"] = time.perf_counter() - start
    assert not messages, messages[:3]
    directory = content.load(folder)[0].directory
    start = time.perf_counter()
    list(checks.check_routekaart(rk, doc, directory, datetime.now().date()))
    result["cross-checks"] = time.perf_counter() - start
    start = time.perf_counter()
    engine.Tree.build(rk)
    result["index tree"] = time.perf_counter() - start
    return result


def _refused(text: str) -> None:
    try:
        yamlsource.parse(text, "bomb.yaml")
    except yamlsource.YamlError:
        return
    raise AssertionError("not refused")


def _refused_file(path: Path) -> None:
    try:
        yamlsource.load(path)
    except yamlsource.YamlError:
        return
    raise AssertionError("not refused")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7

    print(f"Python {sys.version.split()[0]}, PyYAML loader: {yamlsource._LOADER.__name__}")
    load1, load5, _ = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load1:.1f} (1 min) {load5:.1f} (5 min)")
    print()
    print("== load + validate the real content (content/) ==")
    loaded, messages = content.load(ROOT / "content")
    assert loaded is not None, [str(m) for m in messages]
    best, median, cpu = timings(lambda: content.load(ROOT / "content"), repeat * 3)
    nodes = len(loaded.routekaart.nodes)
    print(
        f"  {nodes} nodes, 3 files: wall best {best * 1000:.1f} ms, median "
        f"{median * 1000:.1f} ms; CPU best {cpu * 1000:.1f} ms"
    )
    tree = loaded.tree
    for path in ("direct/huis-uit", "jong/rekeningen/27-plus", "", "a" * 5000, "direct/Foo"):
        us = per_call_us(lambda p=path: engine.resolve(tree, p), 20000)
        shown = path if len(path) < 30 else f"{path[:10]}... ({len(path)} chars)"
        print(f"  resolve {shown!r}: {us:.2f} µs")
    print()

    print("== refusals (hostile files) ==")
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(12)
    )
    us = per_call_us(lambda: _refused(bomb), 2000)
    print(f"  billion laughs (9**13 strings if expanded): refused in {us:.0f} µs")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.yaml"
        big.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
        us = per_call_us(lambda: _refused_file(big), 2000)
        print(f"  3 MB file: refused in {us:.0f} µs (by its size, before reading)")
    print()

    print("== generated trees: load + validate (target < 1 s at 10,000 nodes) ==")
    print("  (file size: the loader refuses files over 2 MB; lifted here where needed)")
    yamlsource.MAX_BYTES = 64 * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100, 1_000, 10_000):
            for name, branching in (("deep", 2), ("wide", max(2, round(n**0.5)))):
                children = shape(n, branching)
                folder = Path(tmp) / f"{name}-{n}"
                size = write_folder(children, folder)
                loaded, messages = content.load(folder)
                errors = [str(m) for m in messages if m.severity == "error"]
                assert loaded is not None, errors[:5]
                best, median, cpu = timings(lambda f=folder: content.load(f), repeat)
                path = deepest_path(loaded.tree)
                depth = path.count("/") + 1
                us = per_call_us(lambda t=loaded.tree, p=path: engine.resolve(t, p), 20000)
                per_slug = us / depth
                print(
                    f"  {name:4} n={n:>6} answers/question={branching:>3} depth={depth:>2} "
                    f"yaml={size / 1024:5.0f} KiB | load wall best {best * 1000:6.1f} ms "
                    f"median {median * 1000:6.1f} ms, CPU best {cpu * 1000:6.1f} ms | "
                    f"resolve deepest {us:5.2f} µs ({per_slug:.2f} µs/answer)"
                )
        print()
        print("== where the time goes, 10,000 nodes (one load) ==")
        for name in ("deep", "wide"):
            spent = stages(Path(tmp) / f"{name}-10000")
            total = sum(spent.values())
            parts = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in spent.items())
            print(f"  {name}: {parts} (sum {total * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
