"""A fourth language is data: content/languages.yaml, a catalog and the content texts.

The proof: a copy of the content and the catalogs gets a pseudo-language, Turkish (``tr``, a
code Babel knows), whose every text is the Dutch one behind a marker ("[tr] ..."), with no
change to the code. Live, the whole site answers in it (every page reached from its home page
is 200, says lang="tr" dir="ltr", and lists "Türkçe" in the language menu); not yet live, it
is nowhere on the site and the checker says how complete it is.
"""

from __future__ import annotations

import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from crawl import ORIGIN, canonical, links

from routekaart import ROOT, create_app
from routekaart.content import languages, loader
from routekaart.content.model import LANGUAGES
from routekaart.domain.typeset import list_comma
from routekaart.ops import translations
from routekaart.web import i18n

MARK = "[tr] "


@pytest.fixture(autouse=True)
def _site_languages_back():
    """Every test here changes the site's languages (reading a copy does): put them back."""
    yield
    languages.use(languages._bundled())


def _add_texts(data: object, code: str = "tr") -> None:
    """Give every content text (a mapping with a Dutch text) a marked copy in ``code``."""
    if isinstance(data, dict):
        if isinstance(data.get("nl"), str):
            data[code] = f"[{code}] " + data["nl"]
        for value in list(data.values()):
            _add_texts(value, code)
    elif isinstance(data, list):
        for item in data:
            _add_texts(item, code)


def _write_catalog(translations: Path, code: str = "tr") -> None:
    """translations/CODE: the Dutch catalog's entries behind a marker, compiled."""
    with (translations / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        dutch = read_po(f, locale="nl")
    turkish = Catalog(locale=code, fuzzy=False)
    mark = f"[{code}] "
    for message in dutch:
        if not message.id:
            continue
        if isinstance(message.string, tuple):
            string = tuple(mark + s for s in message.string)
        else:
            string = mark + message.string
        turkish.add(message.id, string, context=message.context, flags=message.flags)
    folder = translations / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, turkish)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, turkish)


def _site_with_turkish(
    tmp_path: Path, live: bool = True, texts: bool = True, code: str = "tr", script: str = "latin"
) -> Path:
    """A copy of content/ and translations/ with Turkish (or ``code``) added as data only."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    listed = content / "languages.yaml"
    with listed.open("a", encoding="utf-8") as f:
        f.write(f"  - code: {code}\n    script: {script}\n")
        f.write(f"    live: {str(live).lower()}\n")
        if code == "tr":
            f.write("    stemmer: turkish\n")
    if texts:
        for path in content.rglob("*.yaml"):
            if path.name in ("languages.yaml", "glossary.yaml"):
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            _add_texts(data, code)
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _write_catalog(translations, code)
    return tmp_path


def _app(site: Path):
    return create_app(
        {
            "TESTING": True,
            "CONTENT_DIR": str(site / "content"),
            "BABEL_TRANSLATION_DIRECTORIES": str(site / "translations"),
        }
    )


def _html_tag(html: str) -> str:
    found = re.search(r"<html[^>]*>", html)
    assert found, "no <html> tag"
    return found[0]


def test_the_bundled_languages_come_from_languages_yaml():
    assert list(LANGUAGES) == ["nl", "en", "ar"]
    assert [LANGUAGES.get(code).name for code in LANGUAGES] == ["Nederlands", "English", "العربية"]
    assert LANGUAGES.get("ar").direction == "rtl"
    assert LANGUAGES.get("en").locale == "en_GB"
    # The commas come from Babel's list patterns, not from a hand-kept "if Arabic".
    assert list_comma("ar") == "، "
    assert list_comma("nl") == ", "


def test_lists_are_written_with_each_languages_own_words():
    app = create_app({"TESTING": True})
    with app.test_request_context("/nl/"):
        assert i18n.format_list(["a", "b", "c"], "nl") == "a, b en c"
        assert i18n.format_list(["a", "b", "c"], "en") == "a, b and c"
        assert i18n.format_list(["أ", "ب", "ج"], "ar") == "أ وب وج"
        assert i18n.format_list(["a"], "nl") == "a"


def test_a_live_fourth_language_renders_every_page(tmp_path):
    site = _site_with_turkish(tmp_path)
    app = _app(site)
    client = app.test_client()
    assert "tr" in LANGUAGES
    home = client.get("/tr/")
    assert home.status_code == 200
    assert MARK in home.get_data(as_text=True)  # the Turkish texts and catalog are used
    queue = deque([canonical(ORIGIN + "/tr/")])
    seen = set(queue)
    other: set[str] = set()
    pages = 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, url
        if response.mimetype != "text/html":
            continue
        pages += 1
        html = response.get_data(as_text=True)
        tag = _html_tag(html)
        assert 'lang="tr"' in tag and 'dir="ltr"' in tag, (url, tag)
        assert "Türkçe" in html, url  # its own name in the language menu
        for target in links(html, url, forms=urlsplit(url).query.count("=") <= 1):
            found = canonical(target.split("#")[0])
            if found is None or found in seen:
                continue
            seen.add(found)
            if urlsplit(found).path.startswith("/tr/"):
                queue.append(found)
            else:
                other.add(found)
    print(f"{pages} Turkish pages, {len(other)} links out of Turkish")
    assert pages > 50  # the route finder, its results, desks, partners, monitor, ...
    for url in sorted(other):  # links out of Turkish (the language menu): 200 too
        assert client.get(url).status_code == 200, url
    # The other languages list Turkish in their menus too.
    assert "Türkçe" in client.get("/nl/").get_data(as_text=True)


def test_a_language_that_is_not_live_is_nowhere_on_the_site(tmp_path):
    site = _site_with_turkish(tmp_path, live=False, texts=False)
    app = _app(site)
    client = app.test_client()
    assert "tr" not in LANGUAGES
    assert "tr" in LANGUAGES.configured
    assert client.get("/tr/").status_code == 404
    assert "Türkçe" not in client.get("/nl/").get_data(as_text=True)
    loaded, messages = loader.load(site / "content")
    assert loaded is not None
    said = [str(m) for m in messages if "(tr) is not live" in m.text]
    assert len(said) == 1
    assert re.search(r"languages\.yaml:\d+:\d+: warning: Turkish \(tr\) is not live", said[0])
    assert "content texts are 0 % complete (0 of " in said[0]


def test_a_complete_language_that_is_not_live_is_said_to_be_ready(tmp_path):
    site = _site_with_turkish(tmp_path, live=False, texts=True)
    loaded, messages = loader.load(site / "content")
    assert loaded is not None
    (said,) = [m.text for m in messages if "(tr) is not live" in m.text]
    assert "100 % complete" in said and "set live: true" in said


def test_a_live_language_must_be_complete(tmp_path):
    site = _site_with_turkish(tmp_path)
    settings = site / "content" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Take away one Turkish text: the content no longer loads, and the message says where.
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("tr: '[tr] "))
    del lines[index]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded, messages = loader.load(site / "content")
    assert loaded is None
    errors = [str(m) for m in messages if m.severity == "error"]
    assert len(errors) == 1
    assert re.match(r"content/settings\.yaml:\d+:\d+: error: missing the Turkish text", errors[0])


def test_languages_yaml_errors_name_the_place(tmp_path, content_copy):
    listed = content_copy / "languages.yaml"
    listed.write_text(
        listed.read_text(encoding="utf-8")
        + "  - code: xq\n    script: latin\n    live: false\n"
        + "  - code: from\n    script: latin\n    live: false\n",
        encoding="utf-8",
    )
    loaded, messages = loader.load(content_copy)
    assert loaded is None
    said = sorted(str(m) for m in messages)
    assert any(
        re.match(r"content/languages\.yaml:\d+:\d+: error: \"xq\" is not a language code", m)
        for m in said
    ), said
    assert any('"from" is reserved' in m for m in said), said


def test_a_text_in_an_unknown_language_is_an_error(content_copy):
    settings = content_copy / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "nieuwjaarsdag: {nl: Nieuwjaarsdag,", "nieuwjaarsdag: {nl: Nieuwjaarsdag, tr: Yılbaşı,"
        ),
        encoding="utf-8",
    )
    loaded, messages = loader.load(content_copy)
    assert loaded is None
    assert any('unknown language "tr"' in m.text for m in messages)


def test_from_is_never_a_language():
    from routekaart.content.model import LongText, Text

    text = Text.model_validate({"nl": "a", "en": "b", "ar": "c", "from": {"en": "3f2a9c1b"}})
    assert text.languages() == ["nl", "en", "ar"]
    assert text("en") == "b" and text.nl == "a"
    long = LongText.model_validate({"nl": "a", "from": {"en": "3f2a9c1b"}})
    assert long("en") == "a" and not long.has("en") and long.has("nl")


def test_a_live_language_without_its_compiled_catalog_does_not_start(tmp_path):
    site = _site_with_turkish(tmp_path)
    (site / "translations" / "tr" / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(RuntimeError, match="tr/LC_MESSAGES/messages.mo is missing"):
        _app(site)


def test_the_catalog_completeness_counts_untranslated_entries(tmp_path):
    site = _site_with_turkish(tmp_path, live=False, texts=False)
    folder = site / "translations"
    done, total = translations.completeness("tr", folder)
    assert done == total > 300
    po = folder / "tr" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f, locale="tr")
    first = next(m for m in catalog if m.id and isinstance(m.string, str))
    first.string = ""
    with po.open("wb") as f:
        write_po(f, catalog)
    assert translations.completeness("tr", folder) == (total - 1, total)
    assert translations.completeness("uk", folder) == (0, total)  # no catalog at all


def test_a_right_to_left_language_is_right_to_left_from_babel(tmp_path):
    """Persian: no direction in languages.yaml; Babel says right-to-left, and its comma."""
    site = _site_with_turkish(tmp_path, code="fa", script="arabic")
    client = _app(site).test_client()
    for url in ("/fa/", "/fa/direct/huis-uit", "/fa/partners", "/fa/privacy"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        tag = _html_tag(html)
        assert 'lang="fa"' in tag and 'dir="rtl"' in tag, (url, tag)
        assert "فارسی" in html
        assert "[fa] " in html
    assert LANGUAGES.get("fa").direction == "rtl"
    assert list_comma("fa").startswith("،")


# Scripts the phone's own fonts cover with the site's Latin settings: no rule of their own.
SYSTEM_SCRIPTS = {"latin", "cyrillic", "greek"}


def _script_rules() -> set[str]:
    """The scripts static/app.css gives fonts and a line height of their own."""
    css = (ROOT / "static" / "app.css").read_text(encoding="utf-8")
    return set(re.findall(r'\[data-script="([a-z]+)"\] body \{[^}]*font-family', css))


def test_the_fonts_follow_the_script_of_the_language(tmp_path):
    """Tigrinya (Ethiopic script) as data: its pages say their script, and app.css has fonts
    and a taller line for it, as for Arabic; every configured script has them or is one the
    phone's own fonts cover."""
    site = _site_with_turkish(tmp_path, code="ti", script="ethiopic")
    client = _app(site).test_client()
    for url, script in (("/ti/direct/huis-uit", "ethiopic"), ("/ar/", "arabic"), ("/nl/", "latin")):
        tag = _html_tag(client.get(url).get_data(as_text=True))
        assert f'data-script="{script}"' in tag, (url, tag)
    scripts = {LANGUAGES.get(code).script for code in LANGUAGES.configured}
    assert "ethiopic" in scripts
    assert scripts - SYSTEM_SCRIPTS <= _script_rules()
    assert {"arabic", "ethiopic"} <= _script_rules()
