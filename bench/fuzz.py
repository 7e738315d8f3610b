#!/usr/bin/env python3
"""Fuzzed requests at a real gunicorn: how many get a 5xx (budget: 0).

    python bench/fuzz.py [--requests 15000] [--seed 24] [--workers 3] [--threads 4]

Starts the app as ``routekaart serve`` runs it (tests/servers.py) and sends ``--requests``
requests drawn from every endpoint of the app's URL map (its variables filled with real and
odd values), every query parameter the code reads (found by reading ``routekaart/`` for
``request.args``, so a new parameter is fuzzed without anyone adding it here) at its
extremes, odd methods, and for every endpoint that takes a body: nested JSON, broken forms,
random bytes, wrong content types and bodies from 16 KB to 10 MB, some of them chunked
(no Content-Length). First a sweep (each
parameter a view's module reads, at each extreme, on that view: about 9,000 requests), then
random draws up to ``--requests``. Reported: the answers per
status, every endpoint and parameter covered, and each 5xx with the request that caused it.
Budget (#24): 0 answers of 500 or more, and no request without an answer. Exits 1 over
budget. Numbers only: nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import servers  # noqa: E402  (tests/servers.py: the server the tests start)

LANGS = ("nl", "en", "ar")
# Values for the URL map's variables: real ones (so the view runs) and odd ones.
VARIABLES = {
    "lang": list(LANGS),
    "path": ["direct", "binnenkort/advocaat", "jong/leven", "x" * 300, "a/" * 40, "..", "%00",
             "direct/huis-uit/extra", "DIRECT", "é", "-", "a--b", ""],
    "theme_id": ["financiele-zelfredzaamheid", "partners", "onbekend", "x" * 300, "%2e%2e"],
    "org_id": ["kredietbank", "sociaal-service-punt", "jongerenadviespunt", "onbekend",
               "x" * 300, "%00", "..", "kredietbank.ics"],
    "record_id": ["kredietbank", "onbekend", "x" * 300, "0", "-1", "%20"],
    "filename": ["app.css", "../README.md", "..%2fREADME.md", "onbekend.js", "x" * 300],
}  # fmt: skip
EXTREMES = [
    "", "0", "-1", "1", "2", "00", "9" * 40, "-" + "9" * 40, "1e999", "nan", "inf", "-inf",
    "9999-12-31T23:59", "9999-12-31T23:59:59", "0001-01-01T00:00", "1900-01-01T00:00",
    "2027-03-28T02:30", "2026-10-25T02:30", "2027-02-29T10:00", "2027-02-30T25:61",
    "9999-W52", "9999-W53", "9999-W01", "0000-W00", "0001-W01", "2026-W53", "2027-W53",
    "9999-12", "9999-11", "0001-01", "0000-00", "1900-01", "9998-12", "2027-13", "-001-01",
    "week", "maand", "jaar", "A3", "A4", "A5", "a0", "nl", "en", "ar", "xx", "NL",
    "2023-2024", "1900-1901", "..", "../..", "/", "//evil.example", "%00", "\x00", "\x7f",
    "é" * 200, "x" * 200, "x" * 201, "x" * 2100, "<script>", "' OR 1=1", "{{7*7}}", "%s%n",
    "\u202e", " ", "\t", "+", "&", "=", "#", "?", "open", "closed", "direct/huis-uit",
]  # fmt: skip
METHODS = ["GET"] * 6 + ["HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]
CONTENT_TYPES = [
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "multipart/form-data", "text/plain", "application/json; charset=latin-1", None,
]  # fmt: skip


def read_in(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"request\.args\.get(?:list)?\(\s*\"([a-z_]+)\"", text))


def parameters() -> list[str]:
    """Every query parameter the code reads."""
    return sorted(set().union(*(read_in(p) for p in (ROOT / "routekaart").rglob("*.py"))))


def endpoints() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(rule, its methods, the parameters its view's module reads) for every rule of the app's
    URL map; the pipeline's (``at``, ``bron``: every page) count for each."""
    import logging

    from routekaart import create_app

    logging.disable(logging.WARNING)  # the content's warnings: the server's log has them
    app = create_app({"TESTING": True})
    logging.disable(logging.NOTSET)
    everywhere = read_in(ROOT / "routekaart" / "web" / "pipeline.py") | read_in(
        ROOT / "routekaart" / "web" / "links.py"
    )
    found = []
    for rule in app.url_map.iter_rules():
        module = sys.modules[app.view_functions[rule.endpoint].__module__]
        own = read_in(Path(module.__file__)) if module.__file__ else set()
        methods = tuple(sorted(rule.methods - {"OPTIONS", "HEAD"}))
        found.append((rule.rule, methods, tuple(sorted(own | everywhere))))
    return sorted(found)


def fill(rule: str, rng: random.Random) -> str:
    """The rule with each variable (``<lang:lang>``, ``<path:path>``) filled in."""

    def one(match: re.Match) -> str:
        name = match.group(1)
        value = rng.choice(VARIABLES[name])
        return quote(value, safe="/%" if name in ("path", "filename") else "")

    return re.sub(r"<(?:[^<>]*:)?(\w+)>", one, rule)


def nested(rng: random.Random) -> bytes:
    depth = rng.choice([10, 1000, 5000, 8000])
    kind = rng.randrange(3)
    if kind == 0:
        return b"[" * depth + b"]" * depth
    if kind == 1:
        return b'{"text":' + b"[" * depth + b"]" * depth + b',"lang":"nl"}'
    return b'{"a":' * min(depth, 2500) + b"1" + b"}" * min(depth, 2500)


def body(rng: random.Random) -> tuple[bytes, str | None]:
    kind = rng.randrange(9)
    content_type = rng.choice(CONTENT_TYPES)
    if kind == 0:
        return nested(rng), "application/json"
    if kind == 1:
        return rng.randbytes(rng.randrange(0, 2000)), content_type
    if kind == 2:
        text = rng.choice(EXTREMES + ["huur", "deurwaarder", "ik heb schulden"])
        lang = rng.choice(EXTREMES + list(LANGS))
        doc = rng.choice(
            [{"text": text, "lang": lang}, {"text": text}, {"text": 1}, [text], text, None, 1.5,
             {"text": text, "extra": None}, {"text": {"a": text}}]
        )  # fmt: skip
        return json.dumps(doc).encode(), rng.choice(["application/json", content_type])
    if kind == 3:
        value = rng.choice(EXTREMES)
        return urlencode({"tekst": value}).encode(), "application/x-www-form-urlencoded"
    if kind == 4:
        return b"tekst=" + rng.choice([b"%", b"%ff%fe", b"%00", b"a" * 20_000]), rng.choice(
            ["application/x-www-form-urlencoded", content_type]
        )
    if kind == 5:
        return b"a=1&" * rng.randrange(1, 5000), "application/x-www-form-urlencoded"
    if kind == 6:
        size = rng.choice([16 * 1024, 16 * 1024 + 1, 100_000, 1024 * 1024])
        return b"a" * size, content_type
    if kind == 7 and rng.random() < 0.05:
        return b"a" * (10 * 1024 * 1024), content_type  # now and then: 10 MB
    return b'--x\r\nContent-Disposition: form-data; name="tekst"\r\n\r\nhuur\r\n--x--', (
        "multipart/form-data; boundary=x"
    )


def sweep(rules, rng) -> list[tuple[str, str, bytes | None, dict[str, str], str]]:
    """Each parameter a view reads, at each extreme, once on that view (the rest default)."""
    plan = []
    for rule, methods, own in rules:
        for name in own:
            for value in EXTREMES:
                query = {name: value}
                if name == "periode" and rng.random() < 0.5:
                    query = {"per": "maand", name: value}  # a month, half of the time
                url = fill(rule, rng) + "?" + urlencode(query)
                method = methods[0]
                data, headers = None, {}
                if method == "POST":
                    data, content_type = body(rng)
                    headers = {"Content-Type": content_type} if content_type else {}
                plan.append((method, url, data, headers, f"{','.join(methods)} {rule}"))
    return plan


def draw(rng, rules, params) -> tuple[str, str, bytes | None, dict[str, str], str]:
    rule, methods, own = rng.choice(rules)
    url = fill(rule, rng)
    pool = list(own) if own and rng.random() < 0.7 else params
    count = rng.randrange(0, min(4, len(pool)) + 1)
    query = {name: rng.choice(EXTREMES) for name in rng.sample(pool, count)}
    if "per" in pool and rng.random() < 0.3:
        query["per"] = rng.choice(["week", "maand"])
    if query:
        url += "?" + urlencode(query)
    method = rng.choice(methods) if rng.random() < 0.8 else rng.choice(METHODS)
    headers: dict[str, str] = {}
    data = None
    if method in ("POST", "PUT", "PATCH") or rng.random() < 0.03:
        data, content_type = body(rng)
        if content_type:
            headers["Content-Type"] = content_type
        if rng.random() < 0.15:
            headers["Transfer-Encoding"] = "chunked"  # no Content-Length: sent in chunks
    if rng.random() < 0.2:
        headers["HX-Request"] = "true"
        headers["HX-Current-URL"] = rng.choice(["http://x/nl/", "x" * 500, "%00"])
    if rng.random() < 0.1:
        headers["Accept-Language"] = rng.choice(["ar", "en-GB,en;q=0.9", "*", "x" * 200, ";q="])
    if rng.random() < 0.1:
        headers["If-None-Match"] = rng.choice(['"x"', "*", "W/" + "a" * 100])
    return method, url, data, headers, f"{','.join(methods)} {rule}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    rules = endpoints()
    params = parameters()
    rng = random.Random(args.seed)
    plan = sweep(rules, rng)
    swept = len(plan)
    plan += [draw(rng, rules, params) for _ in range(max(0, args.requests - len(plan)))]
    rng.shuffle(plan)
    covered_rules = Counter(item[4] for item in plan)
    covered_params = Counter(
        name for item in plan for name in params if f"?{name}=" in item[1] or f"&{name}=" in item[1]
    )

    scratch = Path(tempfile.mkdtemp(prefix="routekaart-bench-fuzz-"))
    scratch.chmod(0o755)
    env = {"ROUTEKAART_DATABASE_URL": f"sqlite:///{scratch / 'counts.sqlite3'}"}
    app = servers.start_app(scratch, env=env, workers=args.workers, app_log_level="warning")
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    started = time.monotonic()

    def run(items) -> None:
        for method, url, data, headers, _ in items:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
                if headers.get("Transfer-Encoding") == "chunked":
                    pieces = [data[i : i + 65536] for i in range(0, len(data or b""), 65536)]
                    connection.request(
                        method, url, body=iter(pieces), headers=headers, encode_chunked=True
                    )
                else:
                    connection.request(method, url, body=data, headers=headers)
                status = connection.getresponse().status
                connection.close()
            except Exception as exc:  # no answer at all counts against the budget too
                status = 0
                detail = f"{type(exc).__name__}: {exc}"
            else:
                detail = ""
            with lock:
                statuses[status] += 1
                if status >= 500 or status == 0:
                    size = len(data) if data else 0
                    failures.append(f"{status} {method} {url[:160]} body={size} B {detail}")

    try:
        threads = [
            threading.Thread(target=run, args=(plan[i :: args.threads],))
            for i in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        servers.stop(app.process)
    seconds = time.monotonic() - started
    bad = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    print(
        f"{len(plan)} fuzzed requests ({swept} of them: one parameter at one extreme on each "
        f"view that reads it) in {seconds:.1f} s at gunicorn ({args.workers} workers)"
    )
    print("answers: " + ", ".join(f"{s or 'none'}: {n}" for s, n in sorted(statuses.items())))
    print(f"endpoints covered: {len(covered_rules)} of {len(rules)}")
    print(f"parameters covered: {len(covered_params)} of {len(params)} ({', '.join(params)})")
    for line in failures[:40]:
        print("  " + line)
    errors = [line for line in app.log.read_text(errors="replace").splitlines() if "Error" in line]
    print(f"error lines in the server's log: {len(errors)}")
    for line in errors[:10]:
        print("  " + line[:200])
    print(f"5xx or no answer: {bad} (budget 0): {'within budget' if bad == 0 else 'OVER BUDGET'}")
    shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(0 if bad == 0 and len(covered_rules) == len(rules) else 1)


if __name__ == "__main__":
    main()
