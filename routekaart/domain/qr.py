"""QR codes for posters, hand-overs and screens, made with the ``qrcode`` package.

``qrcode`` does the encoding; the images are drawn here. SVG is a single path of horizontal
runs (half the size of ``qrcode``'s one-square-per-module path, a third gzipped, and without the
fixed ``id`` that would repeat when several codes share a page). PNG is written with ``zlib``
and ``struct`` as a 1-bit greyscale image, so neither Pillow nor pypng is needed.
"""

from __future__ import annotations

import struct
import zlib

import qrcode
import qrcode.constants
from markupsafe import escape

# M recovers about 15 % damage: enough for a poster in a stairwell with a scratch or a bit of
# tape over it, while keeping the modules large. The quiet zone of 4 modules is what the
# standard asks for; scanners fail far more often without it than with a lower level.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE = 4


def matrix(data: str) -> list[list[bool]]:
    """The modules of the QR code for ``data``, quiet zone included (True is dark)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def svg(data: str, *, title: str | None = None, size: str | None = None) -> str:
    """An SVG QR code for ``data``; ``title`` becomes its accessible name.

    ``size`` (a CSS length such as ``"40mm"``) sets the width and height; by default one
    module is one millimetre. A page can always resize the image with CSS.
    """
    modules = matrix(data)
    n = len(modules)
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    length = size or f"{n}mm"
    label = f' role="img" aria-label="{escape(title)}"' if title else ' aria-hidden="true"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{length}" '
        f'height="{length}" shape-rendering="crispEdges" class="qr-code"{label}>'
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path d="{"".join(runs)}" fill="#000"/></svg>'
    )


def png(data: str, *, scale: int = 10) -> bytes:
    """A PNG QR code for ``data``: ``scale`` pixels per module, black on white, 1 bit deep."""
    if not 1 <= scale <= 100:
        raise ValueError("scale must be between 1 and 100 pixels per module")
    modules = matrix(data)
    side = len(modules) * scale
    rows = bytearray()
    for row in modules:
        # One bit per pixel, 1 is white: pack the scaled row into bytes, padded with white.
        bits = "".join(("0" if dark else "1") * scale for dark in row)
        bits += "1" * (-len(bits) % 8)
        line = bytes([0]) + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter type 0
        rows += line * scale
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
