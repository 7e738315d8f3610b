"""QR codes for posters, hand-overs and screens, made with the ``qrcode`` package."""

from __future__ import annotations

import qrcode
import qrcode.constants
import qrcode.image.svg


def svg(data: str, *, title: str | None = None) -> str:
    """An SVG QR code (error correction M, quiet zone of 4 modules) for ``data``."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    markup = code.make_image().to_string(encoding="unicode")
    if title:
        from markupsafe import escape

        markup = markup.replace(">", f' role="img" aria-label="{escape(title)}">', 1)
    return markup
