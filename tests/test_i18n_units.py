"""Which language a request is in, and that templates format dates and times in that language
and in Amsterdam time. Written to kill what mutation testing let live
(``scripts/mutation i18n``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string, request

from routekaart.web.i18n import DEFAULT, LANGUAGES, best_language, current_language, text_direction


def test_three_languages_dutch_first_and_arabic_right_to_left():
    assert LANGUAGES == ("nl", "en", "ar") and DEFAULT == "nl"
    assert [text_direction(lang) for lang in LANGUAGES] == ["ltr", "ltr", "rtl"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ar", "ar"),
        ("en-GB,en;q=0.9", "en"),
        ("en-GB", "en"),  # a regional variant picks its language
        ("ar-EG", "ar"),
        ("fr-FR,fr;q=0.9,ar;q=0.5", "ar"),
        ("en;q=0.2, nl;q=0.8", "nl"),
        ("de", "nl"),
        ("", "nl"),
        ("*", "nl"),
    ],
)
def test_best_language_from_an_accept_language_header(app, header, expected):
    with app.test_request_context("/", headers={"Accept-Language": header}):
        assert best_language() == expected


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/ar/jong/schulden/18-tot-27", "ar"),
        ("GET", "/en/partners/overdracht/direct/huis-uit", "en"),
        # Not routed to a page (a redirect to "/ar/", a method the page does not take): the
        # first part of the address still decides, so the error page is in that language.
        ("GET", "/ar", "ar"),
        ("GET", "/en", "en"),
        ("POST", "/ar/jong/schulden/18-tot-27", "ar"),
        ("POST", "/en/direct", "en"),
        # Only an exact language as the first segment counts; else the browser's language.
        ("GET", "/Xar/direct", "nl"),
        ("GET", "/arabic/direct", "nl"),
        ("GET", "/api/v1/routes", "nl"),
        ("GET", "/", "nl"),
    ],
)
def test_the_language_is_the_first_part_of_the_address(app, method, path, expected):
    headers = {"Accept-Language": "nl"}
    with app.test_request_context(path, method=method, headers=headers):
        assert current_language() == expected


def test_the_routed_language_wins_over_the_address_text(app):
    """After routing, the view's ``lang`` argument decides (a mounted app's path may differ)."""
    with app.test_request_context("/geldzaken/x", headers={"Accept-Language": "en"}):
        request.view_args = {"lang": "ar"}
        assert current_language() == "ar"
        request.view_args = {"lang": "de"}  # not one of ours: fall back to the browser
        assert current_language() == "en"
        request.view_args = {}
        assert current_language() == "en"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "1 juli 2026 · 12:30 · 1 jul 2026, 12:30:00"),
        ("en", "1 July 2026 · 12:30 · 1 Jul 2026, 12:30:00"),
        ("ar", "1 يوليو 2026 · 12:30 · 01\u200f/07\u200f/2026، 12:30:00 م"),
    ],
)
def test_templates_format_dates_and_times_in_the_page_language_and_amsterdam_time(
    app, lang, expected
):
    """10:30 UTC on 1 July is 12:30 in Amsterdam (summer time), whatever the server's zone."""
    moment = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    source = (
        "{{ format_date(day, 'long') }} · {{ format_time(moment, 'HH:mm') }} · "
        "{{ format_datetime(moment, 'medium') }}"
    )
    with app.test_request_context(f"/{lang}/"):
        text = render_template_string(source, day=date(2026, 7, 1), moment=moment)
    assert text == expected


def test_outside_a_request_the_interface_is_dutch_in_amsterdam_time(app):
    """A staff command that renders without a request (no address to read) speaks Dutch."""
    import flask_babel

    with app.app_context():
        assert str(flask_babel.get_locale()) == "nl"
        assert str(flask_babel.get_timezone()) == "Europe/Amsterdam"
        assert flask_babel.gettext("today") == "vandaag"


def test_the_language_switch_names_each_language_in_itself():
    """Babel's names, not a hand-typed list (#21)."""
    from routekaart.web.i18n import NATIVE_NAMES

    assert NATIVE_NAMES == {"nl": "Nederlands", "en": "English", "ar": "العربية"}
