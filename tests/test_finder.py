"""The resident's route finder, through the Flask test client.

Every path of the bundled content is walked in every language, as a full page and as the
fragment htmx asks for; redirects, Vary, security headers and error pages are checked here. The
browser side (htmx, focus, axe, print) is in test_browser_finder.py.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import NOW

from routekaart import create_app
from routekaart.content.model import international_digits
from routekaart.domain import clock, engine
from routekaart.ops.store import ContentUnavailable, current_content
from routekaart.web import assets

LANGS = ("nl", "en", "ar")
HTMX = {"HX-Request": "true", "HX-Target": "current"}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
CSP_MUST_HAVE = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


# --- a small HTML tree, enough to ask real questions of a page ------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    """An element of a parsed page: tag, attributes, children (elements and text)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.attrs.get(name)
        return default if value is None else value

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def elements(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.elements()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str):
        """Elements inside (or equal to) this one with the tag, class and attributes given."""
        return [
            e
            for e in self.elements()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no {tag} .{cls} {attrs} in {self!r}"
        return found[0]

    def by_id(self, id_: str) -> Element:
        found = [e for e in self.elements() if e.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]

    def text(self) -> str:
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join(" ".join(parts).split())

    def visible_text(self) -> str:
        """Text without the parts only screen readers get (.visually-hidden)."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif "visually-hidden" not in child.classes:
                    walk(child)

        walk(self)
        return " ".join(" ".join(parts).split())

    def element_children(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    """Parse a page or fragment; every element must be closed (our templates close all)."""
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


# --- the content, walked once ------------------------------------------------------------------


def _load():
    app = create_app({"TESTING": True})
    with app.app_context():
        return current_content()


CONTENT = _load()
RESULTS = engine.results(CONTENT.tree)
PATHS = sorted({c.path[:i] for c in RESULTS for i in range(len(c.path) + 1)})
STEP_PATHS = [p for p in PATHS if p]
RESULT_PATHS = [c.path for c in RESULTS]


def url(lang: str, path: tuple[str, ...] = ()) -> str:
    return f"/{lang}/" + "/".join(path)


def ids(path: tuple[str, ...]) -> str:
    return "/".join(path) or "start"


@pytest.fixture(scope="module")
def app():
    """One app for the whole module: the content is read once."""
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def conversation(path: tuple[str, ...]) -> engine.Conversation:
    found = engine.resolve(CONTENT.tree, path)
    assert not isinstance(found, engine.PathError), path
    return found


def active(conv: engine.Conversation) -> list[str]:
    """The organisations a result shows on the test apps' day (``conftest.NOW``), in order: the
    content's, except that a service that may have stopped comes after the others (read 12)."""
    today = clock.parse_at(NOW).date()
    shown = [
        r.organisation
        for r in conv.result.organisations
        if CONTENT.organisations[r.organisation].active_on(today)
    ]
    doubtful = [o for o in shown if CONTENT.organisations[o].may_have_stopped(today)]
    return [o for o in shown if o not in doubtful] + doubtful


# --- the start ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "/nl/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("ar-EG,ar;q=0.9,en;q=0.5", "/ar/"),
        ("fr-FR,fr;q=0.9", "/nl/"),
        ("de, en;q=0.3", "/en/"),
        ("nl-BE", "/nl/"),
        ("*", "/nl/"),
        ("garbage;;;q=x", "/nl/"),
    ],
)
def test_root_sends_the_resident_to_their_language(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_root_keeps_a_staff_preview_moment(client):
    response = client.get("/?at=2027-01-04T10:00")
    assert response.headers["Location"] == "/nl/?at=2027-01-04T10:00"


def test_language_without_slash_gets_one(client):
    response = client.get("/en")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/en/")


@pytest.mark.parametrize("lang", LANGS)
def test_start_opens_with_a_greeting_and_the_entry_question(client, lang):
    page = parse(client.get(url(lang)).data)
    chat = page.by_id("conversation")
    assert chat.tag == "ol"
    turns = chat.element_children()
    assert turns[0].text() == CONTENT.routekaart.intro(lang)
    assert turns[-1].get("id") == "current"
    start = CONTENT.tree.nodes[CONTENT.tree.start]
    assert page.by_id("question").text() == start.question(lang)
    options = page.by_id("current").find_all("a", cls="option")
    # The start's own answers, then "Iets anders / Ik weet het niet" (the fallback).
    answers = engine.answers(CONTENT.tree, CONTENT.tree.start)
    assert [a.text() for a in options] == [o.label(lang) for o in answers]
    assert answers[: len(start.options)] == start.options


# --- every step of every route, as a page and as an htmx fragment -----------------------------


def check_current(current: Element, lang: str, conv: engine.Conversation) -> None:
    """The open question with its quick replies, or the result, as the content says."""
    question = current.by_id("question")
    assert question.tag == "h2"
    assert question.get("tabindex") == "-1"
    if conv.result is not None:
        assert question.text() == conv.result.title(lang)
        return
    assert question.text() == conv.node.question(lang)
    options = current.find_all("a", cls="option")
    answers = engine.answers(CONTENT.tree, conv.node_id)  # the node's options, then the fallback
    assert len(options) == len(answers)
    for a, option in zip(options, answers, strict=True):
        target = url(lang, (*conv.path, option.slug))
        assert a.get("href") == target + "#question"  # a real link first
        assert a.get("data-hx-get") == target  # then htmx
        assert a.text() == option.label(lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PATHS, ids=ids)
def test_every_step_is_a_full_page_with_the_whole_conversation(client, lang, path):
    response = client.get(url(lang, path))
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    page = parse(response.data)
    html = page.find("html")
    assert html.get("lang") == lang
    assert html.get("dir") == ("rtl" if lang == "ar" else "ltr")
    assert len(page.find_all("h1")) == 1
    assert len(page.find_all("main")) == 1
    conv = conversation(path)

    # The conversation so far: greeting, one turn per answer (question + the answer given,
    # with a link that reopens that question), then the open question or the result.
    turns = page.by_id("conversation").element_children()
    assert all(t.tag == "li" for t in turns)
    assert len(turns) == 1 + len(conv.steps) + 1
    for turn, step in zip(turns[1:-1], conv.steps, strict=True):
        assert "answered" in turn.classes
        assert turn.find("p", cls="bot").text() == step.node.question(lang)
        assert turn.find("p", cls="me").visible_text() == step.chosen.label(lang)
        change = turn.find("p", cls="change").find("a")
        assert change.get("href") == url(lang, step.path[:-1]) + "#question"
    check_current(turns[-1], lang, conv)

    expected_title = (
        conv.result.title(lang)
        if conv.result
        else conv.node.question(lang)
        if conv.steps
        else CONTENT.routekaart.title(lang)
    )
    assert page.find("title").text().startswith(expected_title)

    # Start over, the language switch that keeps the place, the general page, the live region.
    restart = page.find("div", cls="restart").find("a")
    assert restart.get("href") == url(lang)
    switch = {a.get("hreflang"): a.get("href") for a in page.by_id("langs").find_all("a")}
    assert switch == {other: url(other, path) for other in LANGS}
    assert page.by_id("langs").find("a", aria_current="true").get("hreflang") == lang
    assert page.find("footer").find("a", href=CONTENT.settings.general_page)
    assert page.by_id("announce").get("aria-live") == "polite"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", STEP_PATHS, ids=ids)
def test_every_step_is_an_htmx_fragment_with_only_the_new_turn(client, lang, path):
    response = client.get(url(lang, path), headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    body = response.data.decode()
    assert "<html" not in body and "<h1" not in body and "<body" not in body
    fragment = parse(body)
    top = fragment.element_children()
    assert [e.tag for e in top] == ["title", "li", "li", "nav"]
    title, answered, current, langs = top
    conv = conversation(path)
    last = conv.steps[-1]
    assert "answered" in answered.classes
    assert answered.find("p", cls="bot").text() == last.node.question(lang)
    assert answered.find("p", cls="me").visible_text() == last.chosen.label(lang)
    assert current.get("id") == "current"
    check_current(current, lang, conv)
    assert title.text().startswith(current.by_id("question").text())
    # The language switch is swapped out of band so it follows the new address.
    assert langs.get("id") == "langs" and langs.get("data-hx-swap-oob") == "true"
    assert {a.get("hreflang"): a.get("href") for a in langs.find_all("a")} == {
        other: url(other, path) for other in LANGS
    }


@pytest.mark.parametrize("path", STEP_PATHS, ids=ids)
def test_the_fragment_is_the_same_markup_as_the_page(client, path):
    """One source of markup: the new turn in the fragment equals that part of the page."""
    page = client.get(url("nl", path)).data.decode()
    fragment = client.get(url("nl", path), headers=HTMX).data.decode()
    current = re.search(r'<li class="turn current" id="current">.*?</li>\s*</ol>', page, re.S)
    assert current is not None
    assert current.group(0).removesuffix("</ol>").strip() in fragment


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Target": "current", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true"},  # htmx aimed at no element: not our quick replies
        {"HX-Request": "true", "HX-Target": "main", "HX-Boosted": "true"},
        {"HX-Request": "false", "HX-Target": "current"},
    ],
    ids=["history-restore", "no-target", "other-target", "not-htmx"],
)
def test_anything_but_a_quick_reply_gets_the_full_page(client, headers):
    response = client.get("/nl/direct/huis-uit", headers=headers)
    assert response.status_code == 200
    page = parse(response.data)
    assert len(page.find_all("html")) == 1
    assert len(page.by_id("conversation").element_children()) == 4
    vary = {v.strip() for v in response.headers["Vary"].split(",")}
    assert {"HX-Request", "HX-History-Restore-Request"} <= vary


def test_an_htmx_request_for_the_start_gets_the_full_page(client):
    response = client.get("/nl/", headers=HTMX)
    assert b"<html" in response.data


# --- change an answer, start over ---------------------------------------------------------


@pytest.mark.parametrize("path", RESULT_PATHS, ids=ids)
def test_change_reopens_that_question_and_drops_later_answers(client, path):
    page = parse(client.get(url("en", path)).data)
    turns = page.by_id("conversation").element_children()[1:-1]
    for i, turn in enumerate(turns):
        href = turn.find("p", cls="change").find("a").get("href")
        reopened = parse(client.get(href.removesuffix("#question")).data)
        chat = reopened.by_id("conversation").element_children()
        assert len(chat) == 1 + i + 1  # greeting, the answers before it, the reopened question
        assert reopened.by_id("question").text() == conversation(path).steps[i].node.question("en")
        labels = [t.find("p", cls="me").visible_text() for t in chat[1:-1]]
        assert labels == [s.chosen.label("en") for s in conversation(path).steps[:i]]


# --- the result -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", RESULT_PATHS, ids=ids)
def test_result_lists_each_organisation_in_order_with_one_tap_actions(client, lang, path):
    conv = conversation(path)
    page = parse(client.get(url(lang, path)).data)
    result = page.by_id("current").find("section", cls="result")
    cards = result.find("ol", cls="orgs").find_all("article", cls="org")
    expected = active(conv)
    assert [c.get("aria-labelledby") for c in cards] == [f"org-{o}" for o in expected]
    why = {r.organisation: r.why(lang) for r in conv.result.organisations}
    for card, org_id in zip(cards, expected, strict=True):
        org = CONTENT.organisations[org_id]
        name = card.find("h3").find("a")
        assert name.text() == org.name
        assert name.get("href") == f"/{lang}/organisatie/{org_id}"
        # Text nodes join with a space: an isolated Latin run before a full stop gets one.
        why_text = re.sub(r" ([.,:،])", r"\1", card.find("p", cls="why").text())
        assert why_text == why[org_id]
        action_list = card.find_all("ul", cls="actions")
        actions = {a.get("href") for ul in action_list for a in ul.find_all("a")}
        wanted = set()
        if org.phone:
            wanted.add(f"tel:+{international_digits(org.phone)}")
        if org.whatsapp:
            wanted.add(f"https://wa.me/{international_digits(org.whatsapp)}")
        if org.email:
            wanted.add(f"mailto:{org.email}")
        if org.website:
            wanted.add(org.website)
        assert actions == wanted
        # Numbers and addresses are written out, left-to-right, not hidden behind a button.
        values = [b.text() for ul in action_list for b in ul.find_all("bdi")]
        for written in (org.phone, org.whatsapp, org.email):
            if written:
                assert written in values
        locations = {s.location for s in org.hours if s.location}
        addresses = card.find_all("p", cls="address")
        maps = [p.find("a").get("href") for p in card.find_all("p", cls="map")]
        assert len(addresses) == len(locations) == len(maps)
        for loc_id in locations:
            loc = CONTENT.locations[loc_id]
            assert any(loc.street in a.text() and loc.city in a.text() for a in addresses)
        assert all(m.startswith("https://www.openstreetmap.org/search?query=") for m in maps)
    assert not page.find_all("iframe")  # no embedded map


@pytest.mark.parametrize("path", RESULT_PATHS, ids=ids)
def test_an_urgent_result_says_so_first_with_the_phone_button_on_top(client, path):
    conv = conversation(path)
    html = client.get(url("en", path)).data.decode()
    page = parse(html)
    result = page.find("section", cls="result")
    if conv.result.urgency != "today":
        assert not result.find_all(cls="urgent")
        return
    urgent = result.find("div", cls="urgent")
    # In plain words: "This is urgent." (strong) and the content's advice to act today.
    assert urgent.find("p").element_children()[0].tag == "strong"
    assert conv.result.advice("en") in urgent.text()
    call = urgent.find("a", cls="call")
    first = next(CONTENT.organisations[o] for o in active(conv) if CONTENT.organisations[o].phone)
    assert call.get("href") == f"tel:+{international_digits(first.phone)}"
    assert first.phone in call.text()
    # First in the result: right after its heading, before any organisation.
    children = result.element_children()
    assert children[0].get("id") == "question"
    assert children[1] is urgent
    assert html.index('class="urgent"') < html.index('class="orgs"')


def test_kredietbank_for_an_eviction_letter(client):
    """The promise on the poster: eviction letter → call the Kredietbank today."""
    page = parse(client.get("/nl/direct/huis-uit").data)
    cards = page.find_all("article", cls="org")
    assert cards[0].find("h3").text() == "Kredietbank Nederland"
    assert page.find("div", cls="urgent").find("a").get("href") == "tel:+31703008834"


def test_ended_services_only_show_in_a_preview_before_their_end(client):
    today = parse(client.get("/nl/jong/leven").data)
    assert not today.find_all(aria_labelledby="org-jongerenadviespunt")
    before = parse(client.get("/nl/jong/leven?at=2024-06-03T10:00").data)
    assert before.find_all("article", aria_labelledby="org-jongerenadviespunt")


def test_a_preview_keeps_its_moment_on_every_internal_link(client):
    at = "at=2024-06-03T10%3A00"
    for path in ("/nl/?at=2024-06-03T10:00", "/nl/jong/leven?at=2024-06-03T10:00"):
        page = parse(client.get(path).data)
        assert page.find("p", cls="preview")
        internal = [
            a.get("href")
            for a in page.find_all("a")
            if a.get("href", "").startswith("/") and a.get("href") != "#main"
        ]
        internal += [a.get("data-hx-get") for a in page.find_all("a") if a.get("data-hx-get")]
        assert internal
        for href in internal:
            assert at in href or "at=2024-06-03T10:00" in href, href
    fragment = parse(client.get("/nl/jong?at=2024-06-03T10:00", headers=HTMX).data)
    for a in fragment.find_all("a"):
        if a.get("href", "").startswith("/"):
            assert "at=2024-06-03T10" in a.get("href")


def test_a_result_without_any_active_organisation_points_to_the_general_page(
    content_copy: Path,
):
    """Only reachable in a preview past an end date: the page must still help."""
    conv = RESULTS[0]
    orgs_file = content_copy / "organisations.yaml"
    directory = yaml.safe_load(orgs_file.read_text())
    for rec in conv.result.organisations:  # every desk of this result ends in 2027
        directory["organisations"][rec.organisation]["valid_until"] = "2027-12-31"
    orgs_file.write_text(yaml.safe_dump(directory, allow_unicode=True))
    client = create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)}).test_client()

    before = parse(client.get(url("nl", conv.path) + "?at=2027-12-31T10:00").data)
    assert before.find("section", cls="result").find_all("article")
    after = parse(client.get(url("nl", conv.path) + "?at=2028-01-05T10:00").data)
    result = after.find("section", cls="result")
    assert not result.find_all("article")
    assert result.find("a", href=CONTENT.settings.general_page)


def test_organisation_pages_are_linked_from_results(client):
    hrefs = set()
    for path in RESULT_PATHS:
        page = parse(client.get(url("en", path)).data)
        hrefs |= {a.get("href") for a in page.find_all("a") if "/organisatie/" in a.get("href")}
    assert hrefs
    for href in sorted(hrefs):
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("lang", LANGS)
def test_accessibility_statement(client, lang):
    response = client.get(f"/{lang}/toegankelijkheid")
    assert response.status_code == 200
    page = parse(response.data)
    assert page.find("html").get("lang") == lang
    assert len(page.find_all("h1")) == 1
    footer_links = [a.get("href") for a in page.find("footer").find_all("a")]
    assert f"/{lang}/toegankelijkheid" in footer_links


# --- addresses typed by hand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/nl/direct/", "/nl/direct"),
        ("/nl/direct//huis-uit", "/nl/direct/huis-uit"),
        ("/nl/Direct/Huis-Uit", "/nl/direct/huis-uit"),
        ("/NL/direct", "/nl/direct"),
        ("/En/", "/en/"),
        ("/nl/Direct?at=2027-01-04T10:00", "/nl/direct?at=2027-01-04T10:00"),
    ],
)
def test_near_miss_addresses_redirect_to_the_real_one(client, path, location):
    response = client.get(path)
    assert response.status_code == 301
    assert response.headers["Location"] == location


@pytest.mark.parametrize("path", ["//Evil.com", "//evil.com/nl/", "/\\evil.com", "/NL/\\evil.com"])
def test_lowercase_redirect_never_leaves_the_site(client, path):
    """An address that only looks like ours in lower case is a plain 404, never a redirect."""
    response = client.get("/", environ_overrides={"PATH_INFO": path})
    assert response.status_code == 404
    assert "Location" not in response.headers


def test_the_lowercase_redirect_works_through_the_same_door(client):
    """The control for the test above: our own shape in capitals is redirected."""
    response = client.get("/", environ_overrides={"PATH_INFO": "/NL/Direct"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/nl/direct"


# --- friendly errors ----------------------------------------------------------------------

LONG = "a" * 5000
ERRORS = [
    # (path, status, language of the page, link back to a question or None)
    ("/nl/bogus", 404, "nl", None),
    ("/en/direct/bogus", 404, "en", "/en/direct#question"),
    ("/ar/direct/huis-uit/meer", 404, "ar", "/ar/direct/huis-uit#question"),
    ("/nl/jong/rekeningen/bogus", 404, "nl", "/nl/jong/rekeningen#question"),
    ("/nl/%00", 400, "nl", None),
    ("/en/direct/%00huis", 400, "en", None),
    ("/en/%FF", 400, "en", None),  # invalid UTF-8
    ("/ar/%C0%AF", 400, "ar", None),  # overlong UTF-8 for "/"
    ("/nl/%E2%80%AE", 400, "nl", None),  # right-to-left override
    ("/nl/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "nl", None),
    ("/nl/..%2F..%2Fetc%2Fpasswd", 400, "nl", None),
    ("/nl/direct;huis-uit", 400, "nl", None),
    ("/nl/direct_huis", 400, "nl", None),
    ("/en/" + LONG, 400, "en", None),
    ("/nl/" + "a/" * 40, 400, "nl", None),
    ("/fr/", 404, "nl", None),
    ("/en/organisatie/bogus", 404, "en", None),
    ("/ar/organisatie/%00", 404, "ar", None),
    ("/nl/direct?at=morgen", 400, "nl", None),
    ("/en/direct?at=" + "9" * 100, 400, "en", None),
    ("/static/nope.css", 404, "nl", None),
    ("/" + LONG, 404, "nl", None),
]


@pytest.mark.parametrize(("path", "status", "lang", "back"), ERRORS, ids=lambda v: str(v)[:40])
def test_malformed_addresses_get_a_friendly_page_in_their_language(
    client, path, status, lang, back
):
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    body = response.data.decode()
    page = parse(body)
    assert page.find("html").get("lang") == lang
    assert len(page.find_all("h1")) == 1
    links = [a.get("href") for a in page.find("main").find_all("a")]
    assert f"/{lang}/" in links  # always a way back to the start
    if back:
        assert back in links
    assert page.find("meta", name="robots").get("content") == "noindex"
    # Nothing of the bad address comes back into the page, and no trace of the code.
    assert "<script>" not in body and "aaaaaaaaaa" not in body and "passwd" not in body
    assert "Traceback" not in body and "Error" not in page.find("main").text()
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    # The language switch leads to a good page in the other language, never to the bad address.
    for a in page.by_id("langs").find_all("a"):
        assert client.get(a.get("href")).status_code == 200


def test_accept_language_chooses_the_language_of_a_page_outside_the_languages(client):
    page = parse(client.get("/fr/", headers={"Accept-Language": "ar"}).data)
    assert page.find("html").get("lang") == "ar"
    assert page.find("html").get("dir") == "rtl"


def test_a_post_gets_a_friendly_405(client):
    response = client.post("/nl/direct")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert parse(response.data).find("html").get("lang") == "nl"


def test_head_works_like_get(client):
    response = client.head("/en/direct/huis-uit")
    assert response.status_code == 200
    assert response.data == b""


def test_a_bug_shows_a_calm_500_without_a_stack_trace(monkeypatch):
    app = create_app({"TESTING": False, "PROPAGATE_EXCEPTIONS": False})
    client = app.test_client()

    def broken(tree, path):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(engine, "resolve", broken)
    response = client.get("/en/direct")
    assert response.status_code == 500
    body = response.data.decode()
    assert "secret internals" not in body and "Traceback" not in body and "RuntimeError" not in body
    page = parse(body)
    assert page.find("html").get("lang") == "en"
    assert "/en/" in [a.get("href") for a in page.find_all("a")]
    assert response.headers["Content-Security-Policy"]


def test_missing_content_shows_503(monkeypatch):
    from routekaart.web import finder as web

    def unavailable():
        raise ContentUnavailable("no content")

    monkeypatch.setattr(web, "current_content", unavailable)
    client = create_app({"TESTING": False}).test_client()
    response = client.get("/ar/")
    assert response.status_code == 503
    assert parse(response.data).find("html").get("lang") == "ar"


# --- headers, assets, no inline code ------------------------------------------------------


EVERY_KIND = [
    ("/", {}),
    ("/nl/", {}),
    ("/nl/direct/huis-uit", {}),
    ("/nl/direct/huis-uit", HTMX),
    ("/nl/Direct", {}),
    ("/nl/bogus", {}),
    ("/nl/%00", {}),
    ("/en/organisatie/kredietbank", {}),
    ("/ar/toegankelijkheid", {}),
    ("/static/app.css", {}),
    (f"/static/vendor/htmx-{assets.HTMX_VERSION}.min.js", {"Accept-Encoding": "gzip"}),
    ("/.well-known/security.txt", {}),
]


@pytest.mark.parametrize(("path", "headers"), EVERY_KIND, ids=lambda v: str(v)[:30])
def test_security_headers_on_every_response(client, path, headers):
    response = client.get(path, headers=headers)
    csp = response.headers["Content-Security-Policy"]
    for directive in CSP_MUST_HAVE:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "Set-Cookie" not in response.headers


def every_full_page(client):
    for lang in LANGS:
        for path in PATHS:
            yield url(lang, path), client.get(url(lang, path)).data.decode()
        yield f"/{lang}/toegankelijkheid", client.get(f"/{lang}/toegankelijkheid").data.decode()
        yield f"/{lang}/bogus", client.get(f"/{lang}/bogus").data.decode()


def test_no_inline_script_or_style_anywhere(client):
    """The CSP forbids them; this finds them before a browser has to refuse them."""
    for path, html in every_full_page(client):
        page = parse(html)
        for script in page.find_all("script"):
            assert script.get("src", "").startswith("/static/"), path
            assert not script.text(), path
        assert not page.find_all("style"), path
        for empty in page.find_all("ul") + page.find_all("ol"):
            assert empty.element_children(), (path, "an empty list")
        for element in page.elements():
            assert "style" not in element.attrs, (path, element)
            assert not any(name.startswith("on") for name in element.attrs), (path, element)
            for name in ("href", "src", "data-hx-get"):
                assert not (element.get(name) or "").startswith("javascript:"), path


def test_no_request_leaves_the_origin_from_the_markup(client):
    """Scripts and styles come from our own origin; outside addresses are only plain links."""
    for path, html in every_full_page(client):
        page = parse(html)
        for element in page.find_all("script") + page.find_all("link"):
            ref = element.get("src") or element.get("href")
            if element.get("rel") in ("alternate", "canonical"):  # absolute, as search engines want
                assert ref.startswith("http://127.0.0.1:5000/"), (path, ref)  # PUBLIC_URL
            else:
                assert ref.startswith("/") or ref == "data:,", (path, ref)  # "data:," = no icon
        assert not page.find_all("img") + page.find_all("iframe"), path


def test_htmx_is_configured_for_the_strict_csp(client):
    page = parse(client.get("/nl/").data)
    config = json.loads(page.find("meta", name="htmx-config").get("content"))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    assert config["historyCacheSize"] == 0


def test_htmx_is_served_from_the_pinned_package_for_a_year(client):
    src = parse(client.get("/nl/").data).find("script").get("src")
    assert src == f"/static/vendor/htmx-{assets.HTMX_VERSION}.min.js"
    plain = client.get(src)
    assert plain.data == (assets.HTMX_DIR / "htmx.min.js").read_bytes()
    assert f'version:"{assets.HTMX_VERSION}"' in plain.data.decode()
    assert plain.cache_control.max_age == 365 * 24 * 3600
    assert plain.cache_control.immutable
    zipped = client.get(src, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert "Accept-Encoding" in zipped.headers["Vary"]


@pytest.mark.parametrize("name", ["app.css", "app.js"])
def test_our_css_and_js_are_versioned_cached_and_gzipped(client, name):
    page = parse(client.get("/nl/").data)
    refs = [e.get("href") or e.get("src") for e in page.find_all("link") + page.find_all("script")]
    ref = next(r for r in refs if r and r.startswith(f"/static/{name}?v="))
    plain = client.get(ref)
    assert plain.status_code == 200
    assert plain.cache_control.max_age == 365 * 24 * 3600 and plain.cache_control.immutable
    zipped = client.get(ref, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.get_etag()[0] != plain.get_etag()[0]


def test_pages_are_gzipped_for_prepaid_data(client):
    response = client.get("/nl/direct/huis-uit", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Kredietbank" in gzip.decompress(response.data)


@pytest.mark.parametrize(
    ("target", "status", "lang"),
    [
        (b"/nl/\xff\xfe", 400, "nl"),  # raw bytes that are not UTF-8, not percent-encoded
        (b"/en/direct/\xc3\x28", 400, "en"),
        (b"/ar/" + b"b" * 5000, 400, "ar"),
        (b"/nl/%00", 400, "nl"),
        (b"/nl/direct/huis-uit/../../etc/passwd", 400, "nl"),
    ],
    ids=["raw-ff", "raw-bad-utf8", "5000-chars", "nul", "dot-dot"],
)
def test_hostile_request_lines_over_real_http(live_server, target, status, lang):
    """Through a real socket and server, not the test client: what a scanner would send."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(live_server).hostname, urlsplit(live_server).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    assert int(status_line.split()[1]) == status, status_line
    assert "default-src 'none'" in headers["content-security-policy"]
    page = parse(body)
    assert page.find("html").get("lang") == lang
    assert b"Traceback" not in body and b"bbbbbbbbbb" not in body


def security_fields(client) -> dict[str, str]:
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())


def test_security_txt_names_a_contact_and_expires_half_a_year_ahead(client):
    fields = security_fields(client)
    assert fields["Contact"] == "https://www.sterkvoornoord.nl/geldzaken"
    # NOW is 2027-01-06 10:30 in Amsterdam; 180 days later it is 10:30 summer time, 08:30 UTC.
    assert fields["Expires"] == "2027-07-05T08:30:00Z"


def test_security_txt_on_the_real_clock_expires_within_a_year(real_clock_app):
    from datetime import UTC, datetime, timedelta

    fields = security_fields(real_clock_app.test_client())
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)
