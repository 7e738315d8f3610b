#!/usr/bin/env python3
"""Edit to resident: how long a published content change takes to reach every visitor.

    python bench/content_version.py [--edits 5] [--workers 5] [--polls 200]

Starts the app as the service does (``routekaart serve``, 5 workers, real clock, a copy of the
bundled content) and the documented nginx front, lets it sit idle, then edits the Sociaal
Service Punt's phone number as staff would and polls its page through nginx (TLS) until
``--polls`` answers in a row carry the new number. Reported per edit: the seconds from the
edit to the first new answer, and whether any answer after that was old again (an
alternation). Then an invalid edit: 30 answers straight at gunicorn must carry one version.
Budget (#22): every edit within 5 s, 0 alternations, one version during an invalid edit.
Numbers only: nothing here fails a build. Needs nginx, openssl (apt).
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import ssl
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import servers  # noqa: E402  (tests/servers.py: the same front the tests start)

SSP = "/nl/organisatie/sociaal-service-punt"


def edit_to_resident(
    app: servers.App, front: servers.Front, content: Path, edits: int, polls: int, idle: float
) -> dict:
    """Edit the Sociaal Service Punt's phone number ``edits`` times in ``content`` (the folder
    ``app`` serves), each after ``idle`` seconds without visits, and poll its page through
    ``front`` until ``polls`` answers in a row carry the new number; then one invalid edit.
    Prints each edit and returns the worst time, the alternations and the versions seen
    during the invalid edit. Leaves the content broken: run it last."""
    context = ssl.create_default_context(cafile=str(front.cert))

    def through_front(path: str) -> str:
        conn = http.client.HTTPSConnection("127.0.0.1", front.https_port, context=context)
        try:
            conn.request("GET", path)
            return conn.getresponse().read().decode()
        finally:
            conn.close()

    def straight(path: str) -> dict[str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", app.port)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return dict(response.getheaders())
        finally:
            conn.close()

    organisations = content / "organisations.yaml"
    phone = "(070) 205 70 00"
    results = []
    through_front(SSP)
    for edit in range(edits):
        time.sleep(idle)
        new = f"(070) 205 71 {edit:02d}"
        organisations.write_text(organisations.read_text().replace(phone, new))
        edited = time.monotonic()
        first_new, answers = None, []
        while len(answers) < polls or answers[-polls:] != [True] * polls:
            fresh = new in through_front(SSP)
            answers.append(fresh)
            if fresh and first_new is None:
                first_new = time.monotonic() - edited
            if time.monotonic() - edited > 60:
                break
        start = answers.index(True) if True in answers else len(answers)
        alternations = answers[start:].count(False)
        results.append((first_new, alternations, len(answers)))
        shown = "never" if first_new is None else f"{first_new:.2f} s"
        print(f"edit {edit + 1}: new number after {shown}, {alternations} old answers "
              f"after it, {len(answers)} polls")  # fmt: skip
        phone = new
    organisations.write_text(organisations.read_text() + "\n  - [broken\n")
    time.sleep(2)
    versions = {straight(SSP).get("X-Content-Version") for _ in range(30)}
    print(f"invalid edit: {len(versions)} version(s) in 30 answers straight at gunicorn")
    worst = max((r[0] for r in results if r[0] is not None), default=None)
    never = sum(r[0] is None for r in results)
    alternations = sum(r[1] for r in results)
    shown = "never" if worst is None else f"{worst:.2f} s"
    print(f"worst edit-to-resident: {shown} over {len(results)} edits ({never} never); "
          f"alternations: {alternations}")  # fmt: skip
    return {"worst": worst, "never": never, "alternations": alternations, "versions": versions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--polls", type=int, default=200)
    parser.add_argument("--idle", type=float, default=3.0, help="seconds idle before each edit")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="routekaart-bench-version-"))
    scratch.chmod(0o755)
    content = scratch / "content"
    shutil.copytree(ROOT / "content", content)
    env = {"ROUTEKAART_CONTENT_STATE_DIR": str(scratch / "state")}
    app = servers.start_app(
        scratch,
        content=content,
        env=env,
        workers=args.workers,
        real_clock=True,
        behind_front=True,
    )
    front = servers.start_front(app.port)
    try:
        edit_to_resident(app, front, content, args.edits, args.polls, args.idle)
    finally:
        servers.stop(front.process)
        servers.stop(app.process)
        shutil.rmtree(front.prefix, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
