#!/usr/bin/env python3
"""The MDN HTTP Observatory against the documented TLS front (deploy/nginx/) on ports 80 and 443.

    python bench/observatory.py OBSERVATORY_DIR

OBSERVATORY_DIR holds the scanner, installed as TESTING.md says ("npm install --ignore-scripts
@mdn/mdn-http-observatory" and an empty conf/hsts-preload.json). The scanner only scans the
default ports, so this starts nginx on 127.0.0.1:80 and :443 (as root, with both free) for the
host name ``localhost`` and trusts the throw-away certificate. Prints the grade and each test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import servers  # noqa: E402  (tests/servers.py: the same front the tests start)


def main() -> None:
    """Start the front, scan it, print the result."""
    scanner = Path(sys.argv[1]) / "node_modules/@mdn/mdn-http-observatory/src/scan.js"
    folder = Path(tempfile.mkdtemp(prefix="routekaart-observatory-"))
    folder.chmod(0o755)
    app = servers.start_app(folder, env={"ROUTEKAART_PUBLIC_URL": "https://localhost"})
    # The scanner asks http://localhost/ and https://localhost/: the site's name is localhost.
    rename = [("routekaart.example.org", "localhost", 5)]
    conf = servers.render(folder, 80, 443, app.port, extra=rename)
    log = folder / "nginx-stderr.log"
    with log.open("wb") as out:
        nginx = subprocess.Popen(
            [servers.NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf),
             "-g", "daemon off;"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        servers.wait_for_port(443, nginx, log)
        env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(folder / "cert.pem")}
        out = subprocess.run(
            ["node", str(scanner), "localhost"], env=env, capture_output=True, text=True, check=True
        ).stdout
        result = json.loads(out)
        scan = result["scan"]
        print(f"grade {scan['grade']}, score {scan['score']}, "
              f"{scan['testsPassed']} of {scan['testsQuantity']} tests passed")  # fmt: skip
        for name, test in result["tests"].items():
            mark = "pass" if test["pass"] else "FAIL"
            print(f"  {mark}  {name:<32} {test['result']} ({test['scoreModifier']:+d})")
    finally:
        servers.stop(nginx)
        servers.stop(app.process)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
