"""Sizes and times of the QR codes and the poster. Run from the repository root:
``PYTHONPATH=. python bench/poster_qr.py [--pdf]``

Prints numbers for the issue notes; nothing here is asserted in tests.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import qrcode
import qrcode.image.svg

from routekaart import create_app
from routekaart.domain import qr
from routekaart.web.printing import write_pdf

URL = "https://www.sterkvoornoord.nl/geldzaken/nl/?bron=tuinkamer"


def timed(fn, runs: int = 200) -> float:
    """Median milliseconds of ``fn()``."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    ours = qr.svg(URL)
    theirs = qrcode.make(URL, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    print(f"QR modules for {URL}: {len(qr.matrix(URL))} (quiet zone included)")
    print(f"SVG ours: {len(ours)} B ({len(gzip.compress(ours.encode()))} B gzip); ", end="")
    print(f"qrcode SvgPathImage: {len(theirs)} B ({len(gzip.compress(theirs))} B gzip)")
    print(f"PNG at 10 px/module: {len(qr.png(URL))} B")
    svg_ms, png_ms = timed(lambda: qr.svg(URL)), timed(lambda: qr.png(URL))
    print(f"qr.svg p50 {svg_ms:.2f} ms; qr.png p50 {png_ms:.2f} ms")

    app = create_app({"TESTING": True})
    client = app.test_client()
    for path in ("/nl/poster", "/ar/poster?size=a3&bron=tuinkamer"):
        body = client.get(path, headers={"Accept-Encoding": "gzip"}).data
        ms = timed(lambda path=path: client.get(path), runs=50)
        print(f"GET {path}: p50 {ms:.1f} ms in-process, {len(body)} B gzip")
    step = "/nl/qr.svg?path=direct/huis-uit"
    print(f"GET {step}: p50 {timed(lambda: client.get(step)):.2f} ms")

    if "--pdf" in sys.argv:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            out = write_pdf(app, Path(folder) / "p.pdf", lang="nl", size="a4", source="tuinkamer")
            print(
                f"PDF (cold Chromium start included): {time.perf_counter() - start:.1f} s, "
                f"{out.stat().st_size} B"
            )


if __name__ == "__main__":
    main()
