"""Every HTML page of the site, found the way a visitor finds them: by following links.

Shared by the Nu HTML Checker test (test_valid_html.py) and the 320 px / axe browser test
(test_browser_every_page.py), so both look at exactly the same pages.

The crawl starts from the three route finders and a few seeds no link leads to (the poster,
a partners search, error pages), follows every same-origin ``<a href>`` and submits every
GET form once with each choice of its menus. Every address carries the preview moment
``?at=`` so the pages do not depend on today.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

AT = "2027-01-04T10:30"  # a Monday morning in January: desks open, no holiday
LANGS = ("nl", "en", "ar")
ORIGIN = "http://localhost"
MAX_PAGES = 2000  # a runaway crawl (say, a link that grows on every page) stops here

# Pages no link leads to, or states only a typed address or a form reaches.
SEEDS = [
    *(f"/{lang}/" for lang in LANGS),
    *(f"/{lang}/partners?q=schuld" for lang in LANGS),
    *(f"/{lang}/partners?q=zzzz-niets" for lang in LANGS),  # a search that finds nothing
    *(f"/{lang}/poster" for lang in LANGS),
    *(f"/{lang}/bestaat-niet" for lang in LANGS),  # 404: an unknown step
    *(f"/{lang}/direct/bestaat-niet" for lang in LANGS),  # 404 with a way back
    *(f"/{lang}/organisatie/bestaat-niet" for lang in LANGS),  # 404 from abort()
    "/nl/?at=morgen",  # 400: a malformed preview moment
]
# Seeds that answer with an error on purpose; every other page must answer 200.
ERROR_SEEDS = {
    *(f"/{lang}/{path}" for lang in LANGS for path in ("bestaat-niet", "direct/bestaat-niet")),
    *(f"/{lang}/organisatie/bestaat-niet" for lang in LANGS),
    "/nl/?at=morgen",
}


@dataclass(frozen=True)
class Page:
    """One crawled page: its address (path and query), status and HTML."""

    url: str
    status: int
    html: str

    @property
    def kind(self) -> str:
        """The page type and language, e.g. ``nl partners/overdracht``, for sampling."""
        lang, *rest = urlsplit(self.url).path.strip("/").split("/")
        query = set(dict(parse_qsl(urlsplit(self.url).query))) - {"at"}
        if self.status != 200:
            return f"{lang} error-{self.status}"
        if not rest:
            return f"{lang} finder-start"
        if rest[0] not in SECTIONS:
            # A step of the route finder: a question, or a result (a leaf of the tree).
            step = "result" if 'class="result' in self.html else "step"
            return f"{lang} finder-{step}"
        if rest[0] == "partners" and len(rest) > 1:
            return f"{lang} partners/{rest[1]}{'-taal' if 'taal' in query else ''}"
        if rest[:2] == ["monitor", "gebruik"]:
            return f"{lang} monitor/gebruik{'-query' if query else ''}"
        if rest[0] == "monitor" and len(rest) > 1:
            return f"{lang} monitor-theme{'-filtered' if query else ''}"
        return f"{lang} {rest[0]}{'-query' if query else ''}"


# The first part of the addresses that are not steps of the route finder.
SECTIONS = ("partners", "monitor", "organisatie", "poster", "toegankelijkheid", "privacy")


def canonical(url: str) -> str | None:
    """The address as the crawl keeps it (path and sorted query, with ``at``), or None.

    None for anything not an HTML page of ours: other origins, static files, downloads.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(ORIGIN).netloc:
        return None
    if parts.path.startswith(("/static/", "/api/", "/.well-known/")) or parts.path.endswith(
        (".svg", ".png", ".pdf", ".ics", ".json")
    ):
        return None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.setdefault("at", AT)
    return parts.path + "?" + urlencode(sorted(query.items()), safe=":")


# Input types whose value a plain submit does not send (or sends only when ticked).
UNSENT = ("submit", "button", "checkbox", "radio", "reset", "image", "file")


class _Links(HTMLParser):
    """Collects the ``<a href>`` targets and the GET forms (with their fields) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.forms: list[dict] = []  # {"action", "fields": {name: value}, "menus": {name: [..]}}
        self._menu: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        elif tag == "form":
            # A POST form is not a page to visit: collect its fields into a form never used.
            self.forms.append({"action": a.get("action", ""), "fields": {}, "menus": {}})
            self.forms[-1]["get"] = a.get("method", "get").lower() == "get"
        elif not self.forms:
            return
        elif tag == "option" and self._menu:
            value = a.get("value", "")
            self.forms[-1]["menus"][self._menu].append(value)
            if "selected" in a or self._menu not in self.forms[-1]["fields"]:
                self.forms[-1]["fields"][self._menu] = value
        elif tag == "select" and a.get("name"):
            self._menu = a["name"]
            self.forms[-1]["menus"][self._menu] = []
        elif tag == "input" and a.get("name") and a.get("type") not in UNSENT:
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._menu = None


def links(html: str, url: str, forms: bool = True) -> list[str]:
    """Every address a page links to, and (with ``forms``) where its GET forms lead."""
    base = ORIGIN + url
    parser = _Links()
    parser.feed(html)
    found = [urljoin(base, href) for href in parser.hrefs]
    for form in (f for f in parser.forms if f["get"] and forms):
        action = urljoin(base, form["action"] or base).split("?")[0]
        fields = form["fields"]
        # The form as it stands, then each choice of each menu with the other fields as they are.
        found.append(action + "?" + urlencode(fields))
        for name, options in form["menus"].items():
            found += [action + "?" + urlencode({**fields, name: option}) for option in options]
    return found


def crawl(client) -> list[Page]:
    """Every page reachable from the seeds, through the Flask test client, in crawl order."""
    queue = deque(canonical(ORIGIN + seed) for seed in SEEDS)
    seen: set[str] = set(queue)
    pages: list[Page] = []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages.append(Page(url, response.status_code, html))
        if response.status_code != 200:
            continue
        # Forms only from pages reached without one: a filtered page's own filter form would
        # lead to every combination of choices, hundreds of pages that test nothing new.
        unfiltered = set(dict(parse_qsl(urlsplit(url).query))) <= {"at"}
        for target in links(html, url, forms=unfiltered):
            found = canonical(target.split("#")[0])
            if found and found not in seen:
                seen.add(found)
                queue.append(found)
    return pages


def file_name(url: str) -> str:
    """A file name for a page, readable and unique per address."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", url.strip("/")) + ".html"
