"""Advice a resident acts on must be safe: nobody is ever asked to hand over login details.

A desk worker may help someone log in, but the resident logs in themselves on their own phone.
"""

from __future__ import annotations

import re

import pytest

LANGS = ("nl", "en", "ar")


@pytest.mark.parametrize("lang", LANGS)
def test_help_with_forms_tells_residents_to_log_in_themselves(client, lang):
    page = client.get(f"/{lang}/binnenkort/formulieren").get_data(as_text=True)
    said = {
        "nl": ("DigiD-app", "U logt zelf in", "nooit"),
        "en": ("DigiD app", "You log in yourself", "Never give your password"),
        "ar": ("DigiD", "ستسجّل الدخول بنفسك", "لا تعطِ كلمة السر"),
    }[lang]
    for words in said:
        assert words in page
    unsafe = {
        "nl": r"DigiD-gegevens mee",
        "en": r"DigiD login if",
        "ar": r"بيانات الدخول إلى DigiD",
    }[lang]
    assert not re.search(unsafe, page)
