"""Dutch, English and Arabic throughout: language choice, direction, complete catalogs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from routekaart import engine, translations
from routekaart.i18n import LANGUAGES, text_direction
from routekaart.store import current_content

CATALOG_DIR = translations.CATALOGS


def _catalog(lang: str):
    with (CATALOG_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Text(HTMLParser):
    """The visible text of a page in the page's own language, and the lang/dir of its <html>.

    Text inside an element marked with another ``lang`` (a Dutch-only monitor text marked
    ``lang="nl"``, a language's own name in the switch) is left out: it is marked, not leaked.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if tag not in VOID:
            self._stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if any(tag in ("script", "style") for tag, _ in self._stack):
            return
        langs = [lang for _, lang in self._stack if lang]
        if langs and langs[-1] != self.html_attrs.get("lang"):
            return
        self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


# The pages of _site_urls that are not a plain 200, with the status each must have.
_NOT_OK = {"/{lang}/onbekend-antwoord": 404, "/{lang}/?at=nonsense": 400}


def _page(client, url: str, status: int = 200) -> _Text:
    response = client.get(url)
    assert response.status_code == status, url
    parser = _Text()
    parser.feed(response.get_data(as_text=True))
    return parser


def _site_urls(app) -> list[str]:
    """A path to every kind of page in one language (``{lang}`` placeholder)."""
    with app.test_request_context("/nl/"):
        content = current_content()
    urls = ["/{lang}/", "/{lang}/toegankelijkheid", "/{lang}/onbekend-antwoord"]
    for conversation in engine.results(content.tree):
        for i in range(1, len(conversation.path) + 1):
            urls.append("/{lang}/" + "/".join(conversation.path[:i]))
    urls += [f"/{{lang}}/organisatie/{org_id}" for org_id in content.organisations]
    urls += [
        f"/{{lang}}/partners/overdracht/{c.slug_path}?taal=ar" for c in engine.results(content.tree)
    ]
    urls += ["/{lang}/partners?q=deurwaarder", "/{lang}/partners?q=zzzz", "/{lang}/poster?size=a3"]
    urls += ["/{lang}/?at=2026-04-27T10:00", "/{lang}/?at=2024-06-03T10:00", "/{lang}/?at=nonsense"]
    urls += [f"/{{lang}}/monitor/{theme}" for theme in content.extra["monitor"].programme.themes]
    # Every other page that takes only the language (/nl/monitor, …); files such as qr.png aside.
    for rule in app.url_map.iter_rules():
        lang, _, rest = rule.rule.removeprefix("/").partition("/")
        if lang.endswith(":lang>") and rule.arguments == {"lang"} and "." not in rest:
            urls.append("/{lang}/" + rest)
    return sorted(set(urls))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "nl"),
        ("ar", "ar"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,ar;q=0.5", "ar"),
        ("de", "nl"),
        ("nl-BE", "nl"),
    ],
)
def test_root_redirects_to_the_browsers_language(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{expected}/"
    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_lang_and_dir_come_from_babel(client, lang):
    page = _page(client, f"/{lang}/direct")
    assert page.html_attrs["lang"] == lang
    assert page.html_attrs["dir"] == text_direction(lang)
    assert page.html_attrs["dir"] == ("rtl" if lang == "ar" else "ltr")


def test_every_page_links_its_three_language_versions(client):
    html = client.get("/en/binnenkort/schulden").get_data(as_text=True)
    for lang in LANGUAGES:
        expected = f"http://127.0.0.1:5000/{lang}/binnenkort/schulden"
        assert f'hreflang="{lang}" href="{expected}"' in html


def test_language_switch_keeps_the_place_and_the_preview(client):
    html = client.get("/nl/jong/schulden?at=2024-06-03T10:00").get_data(as_text=True)
    assert 'href="/ar/jong/schulden?at=2024-06-03T10:00"' in html


def test_alternate_links_never_carry_a_forged_host(client):
    html = client.get("/nl/", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in html


def test_catalogs_are_complete():
    assert translations.problems() == []


def test_catalogs_hold_every_string_of_the_code(tmp_path, monkeypatch):
    """Extracting again finds no string that the catalogs lack."""
    monkeypatch.setattr(translations, "TEMPLATE", tmp_path / "messages.pot")
    translations.extract()
    with (tmp_path / "messages.pot").open("rb") as f:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in LANGUAGES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        assert fresh <= known, (lang, sorted(fresh - known))


def _interface_strings(lang: str) -> list[str]:
    """Catalog strings long enough to recognise in a page (no placeholders)."""
    found = []
    for message in _catalog(lang):
        if not message.id or message.pluralizable:
            continue
        for text in (message.id, message.string):
            if text and "%(" not in text and len(text.split()) >= 3:
                found.append(text)
    return found


@pytest.fixture(scope="module")
def site(request):
    from routekaart import create_app

    app = create_app({"TESTING": True})
    return app, app.test_client()


def test_no_english_interface_text_on_dutch_or_arabic_pages(site):
    app, client = site
    english = {m.id for m in _catalog("en") if m.id and not m.pluralizable}
    english = [e for e in english if "%(" not in e and len(e.split()) >= 3]
    for lang in ("nl", "ar"):
        for url in _site_urls(app):
            text = _page(client, url.format(lang=lang), _NOT_OK.get(url, 200)).text
            leaked = [e for e in english if e in text]
            assert not leaked, (url.format(lang=lang), leaked)


def test_no_dutch_interface_text_on_english_or_arabic_pages(site):
    app, client = site
    dutch = [
        m.string
        for m in _catalog("nl")
        if m.id and not m.pluralizable and m.string != m.id and "%(" not in m.string
    ]
    dutch = [d for d in dutch if len(d.split()) >= 3]
    for lang in ("en", "ar"):
        for url in _site_urls(app):
            text = _page(client, url.format(lang=lang), _NOT_OK.get(url, 200)).text
            leaked = [d for d in dutch if d in text]
            assert not leaked, (url.format(lang=lang), leaked)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/nl/partners?q=beslag", 'href="/en/partners?q=beslag"'),
        (
            "/en/partners/overdracht/direct/huis-uit?taal=ar",
            'href="/nl/partners/overdracht/direct/huis-uit?taal=ar"',
        ),
        (
            "/nl/monitor/jeugd-onderwijs-jongeren?status=loopt",
            'href="/ar/monitor/jeugd-onderwijs-jongeren?status=loopt"',
        ),
        ("/nl/direct?bron=tuinkamer", 'href="/en/direct"'),
    ],
)
def test_language_switch_keeps_search_and_filters_but_not_the_source_tag(client, url, expected):
    html = client.get(url).get_data(as_text=True)
    switch = html.split('class="langs"')[1].split("</nav>")[0]
    assert expected in switch
    assert "bron=" not in switch
