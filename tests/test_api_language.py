"""Open data speaks the language it is asked for (``?lang=``), whatever Accept-Language says.

An importer in Amman asking ``/api/v1/hsds/services?lang=nl`` with an Arabic browser gets
Dutch: "Maandag tot en met vrijdag", never Arabic connecting words between Dutch day names.
"""

from __future__ import annotations

import re

import pytest

AT = "2026-12-15T10:00"
LANGS = ("nl", "en", "ar")
HEADERS = ("nl", "en", "ar")

# Endpoints with one language per request (``lang``).
BY_LANG = [
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/organizations/kredietbank",
    "/api/v1/hsds/services",
    "/api/v1/hsds/services/kredietbank",
    "/api/v1/hsds/services/ping-loket",
]
# Endpoints that carry every language at once, or Dutch only: the same for every request.
FIXED = ["/api/v1/routes", "/api/v1/organisations"]

ARABIC = re.compile(r"[\u0600-\u06FF]")
ENGLISH_DAYS = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
DUTCH_DAYS = re.compile(r"\b([Mm]aandag|[Dd]insdag|[Ww]oensdag|[Dd]onderdag|[Vv]rijdag)\b")

# Words that must not appear in a text of the language (the key).
FOREIGN = {
    "nl": [ARABIC, ENGLISH_DAYS, re.compile(r"\bto\b"), re.compile(r"\bby phone\b")],
    "en": [ARABIC, DUTCH_DAYS, re.compile(r"tot en met"), re.compile(r"\btelefonisch\b")],
    "ar": [ENGLISH_DAYS, DUTCH_DAYS, re.compile(r"tot en met"), re.compile(r"\bto\b")],
}


def get(client, url: str, lang: str | None, header: str) -> dict:
    query = {"at": AT} | ({"lang": lang} if lang else {})
    response = client.get(url, query_string=query, headers={"Accept-Language": header})
    assert response.status_code == 200, (url, lang, header)
    return response.get_json()


def strings(value, key: str = "") -> list[tuple[str, str]]:
    """Every (key, text) in a JSON document."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in strings(v, k)]
    if isinstance(value, list):
        return [pair for v in value for pair in strings(v, key)]
    return [(key, value)] if isinstance(value, str) else []


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", BY_LANG)
def test_hsds_texts_are_in_the_language_asked_for(client, url, lang, header):
    """The same document as with a matching Accept-Language, with no foreign words."""
    data = get(client, url, lang, header)
    assert data == get(client, url, lang, lang)
    # Schedules and the texts written for residents; names of places stay Dutch everywhere.
    texts = [
        text for key, text in strings(data) if key in ("description", "alternate_name", "alert")
    ]
    assert texts
    for text in texts:
        for pattern in FOREIGN[lang]:
            assert not pattern.search(text), (lang, header, text)


@pytest.mark.parametrize("url", [u for u in BY_LANG if "kredietbank" in u])
def test_schedules_in_each_language(client, url):
    """The Kredietbank's hours (the source does not say what they are for), in each language."""
    expected = {
        "nl": "Maandag tot en met vrijdag 09:00–17:00. Bel eerst en vraag of langskomen op deze "
        "tijden kan.",
        "en": "Monday to Friday 09:00–17:00. Call first to ask whether you can visit at these "
        "times.",
        "ar": "من الاثنين إلى الجمعة 09:00–17:00. اتصل أولًا واسأل هل يمكن الحضور في هذه الأوقات.",
    }
    for lang in LANGS:
        for header in HEADERS:
            found = {t for k, t in strings(get(client, url, lang, header)) if "09:00–17:00" in t}
            assert found == {expected[lang]}, (url, lang, header)


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("lang", (*LANGS, None))
@pytest.mark.parametrize("url", FIXED)
def test_multilingual_and_dutch_endpoints_never_follow_accept_language(client, url, lang, header):
    """Routes carry all three languages, organisations Dutch notes: the same for everyone."""
    assert get(client, url, lang, header) == get(client, url, None, "nl")
