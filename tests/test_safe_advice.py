"""Advice a resident acts on must be safe: nobody is ever asked to hand over login details.

A desk worker may help someone log in, but the resident logs in themselves on their own phone.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routekaart.content.checks import unsafe_advice
from routekaart.content.loader import load

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


# --- the checker refuses unsafe advice, so it can never go live --------------------------------

ROOT = Path(__file__).resolve().parent.parent
SAFE = {
    "nl": "Geef uw wachtwoord of codes nooit aan iemand anders.",
    "en": "Never give your password or codes to anyone else.",
    "ar": "لا تعطِ كلمة السر أو الرموز لأي شخص آخر أبدًا.",
}
# The wording of the bug, and other ways to say the same unsafe thing.
UNSAFE = [
    ("nl", "Neem het formulier en uw DigiD-gegevens mee."),
    ("nl", "Neem uw inloggegevens mee als u die heeft."),
    ("nl", "Geef de medewerker uw wachtwoord."),
    ("nl", "Stuur ons de sms-code."),
    ("en", "Bring the form and your DigiD login if you have one."),
    ("en", "Share your password with the desk worker."),
    ("en", "Tell them the code you get by text message."),
    ("ar", "أحضر الاستمارة وبيانات الدخول إلى DigiD."),
    ("ar", "أعطِ الموظف كلمة السر."),
    ("ar", "أرسل الرمز الذي يصلك في رسالة."),
]


@pytest.mark.parametrize(("lang", "text"), UNSAFE)
def test_the_checker_recognises_advice_to_hand_over_login_details(lang, text):
    assert unsafe_advice(text, lang) == text


@pytest.mark.parametrize("lang", LANGS)
def test_the_checker_lets_the_safe_advice_and_qr_codes_pass(lang):
    assert unsafe_advice(SAFE[lang], lang) is None
    qr = {
        "nl": "Geef de inwoner de QR-code mee.",
        "en": "Give the resident the QR code.",
        "ar": "أعطِ الشخص رمز QR.",
    }[lang]
    assert unsafe_advice(qr, lang) is None


@pytest.mark.parametrize(
    ("lang", "unsafe"),
    [
        ("nl", "Neem het formulier, uw brieven en uw DigiD-gegevens mee."),
        ("en", "Bring the form, your letters and your DigiD login details."),
        ("ar", "أحضر الاستمارة ورسائلك وبيانات الدخول إلى DigiD."),
    ],
)
def test_unsafe_advice_in_the_content_is_an_error_with_file_and_line(content_copy, lang, unsafe):
    """The forms advice rewritten to the old unsafe wording: the content does not load."""
    path = content_copy / "routekaart.yaml"
    text = path.read_text(encoding="utf-8")
    line_of = {
        "nl": "        nl: Neem het formulier en uw brieven mee. Heeft u de DigiD-app?",
        "en": "        en: Bring the form and your letters. If you have the DigiD app",
        "ar": "        ar: أحضر الاستمارة ورسائلك. إذا كان لديك تطبيق DigiD",
    }[lang]
    start = text.index(line_of)
    end = text.index("\n", start)
    text = text[:start] + f"        {lang}: {unsafe}" + text[end:]
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, start) + 1
    content, messages = load(content_copy, today=date(2027, 1, 6))
    assert content is None
    errors = [m for m in messages if m.severity == "error"]
    assert len(errors) == 1, errors
    assert errors[0].position.file == "content/routekaart.yaml"
    assert errors[0].position.line == line
    assert errors[0].position.column == 13  # the text after "nl: "
    assert "unsafe advice" in errors[0].text and unsafe in errors[0].text


def test_the_bundled_content_and_the_catalogs_ask_for_no_login_details():
    """A text scan over every content text (nl, en, ar) and every translated interface text."""
    content, messages = load(ROOT / "content", today=date(2027, 1, 6))
    assert content is not None
    assert not [m for m in messages if "unsafe advice" in m.text]
    for lang in LANGS:
        path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert unsafe_advice(string or "", lang) is None, (lang, string)
