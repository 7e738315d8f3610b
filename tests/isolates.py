"""Page text without the left-to-right isolates that wrap Latin runs (domain/typeset.py)."""

from __future__ import annotations

import re

# <bdi> and the <span>s and <wbr>s inside an isolate that may break (class "parts").
_ISOLATE_TAGS = re.compile(r"</?(?:bdi|span)\b[^>]*>|<wbr>")


def without_isolates(html: str) -> str:
    """``html`` with every <bdi>, <span> and <wbr> tag removed, their text kept in place."""
    return _ISOLATE_TAGS.sub("", html)
