"""Every absolute address the site writes comes from PUBLIC_URL, never from the request.

A forged ``Host`` header must not end up in a page, a feed, a calendar or a redirect, and a
``PUBLIC_URL`` with a path (the README's production example) must give each address the path
exactly once. Query values are echoed only when a page uses them, and never at any length.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from routekaart import create_app
from routekaart.opendata.hsds import hsds_id
from tests.isolates import without_isolates

PUBLIC = "https://www.sterkvoornoord.nl/geldzaken"
EVIL = "evil.example"

# One address of every kind of page and document, as the proxy passes it (with the prefix).
PAGES = [
    "/nl/",
    "/en/direct",
    "/ar/direct/huis-uit",
    "/nl/binnenkort/rekeningen",
    "/nl/organisatie/kredietbank",
    "/en/organisatie/ping-loket",
    "/nl/organisatie/ping-loket.ics",
    "/ar/organisatie/kredietbank.ics",
    "/nl/toegankelijkheid",
    "/nl/partners",
    "/en/partners?q=schuld",
    "/nl/partners/overdracht/direct/huis-uit?taal=ar",
    "/en/partners/organisatie/kredietbank/overdracht?taal=nl",
    "/nl/poster",
    "/ar/poster?size=a3",
    "/nl/qr.svg?path=direct",
    "/nl/monitor",
    "/en/monitor/financiele-zelfredzaamheid",
    "/nl/bestaat-niet",
    "/.well-known/security.txt",
    "/api/v1/routes",
    "/api/v1/organisations",
    "/api/v1/hsds/",
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/services?lang=en",
    f"/api/v1/hsds/services/{hsds_id('service', 'kredietbank')}",
    f"/api/v1/hsds/organizations/{hsds_id('organization', 'ping-loket')}",
    "/api/v1/openapi.yaml",
]

# Our own addresses inside a page: PUBLIC_URL and then one of the site's own first parts.
OURS = re.compile(re.escape(PUBLIC) + r"/(?:nl|en|ar|api|static|\.well-known)(?:[/?#\"'<\s]|$)")


@pytest.fixture(scope="module")
def mounted():
    """The site as it runs for real: under /geldzaken on the public address."""
    return create_app({"TESTING": True, "PUBLIC_URL": PUBLIC}).test_client()


def fetch(client, path: str):
    """``path`` under the mount point, sent with a forged Host header."""
    return client.get("/geldzaken" + path, headers={"Host": EVIL, "Accept-Language": "nl"})


@pytest.mark.parametrize("path", PAGES)
def test_a_forged_host_never_reaches_a_page_or_its_headers(mounted, path):
    response = fetch(mounted, path)
    assert response.status_code in (200, 404), path
    body = response.get_data(as_text=True)
    assert EVIL not in body
    for name, value in response.headers.items():
        assert EVIL not in value, name


@pytest.mark.parametrize("path", PAGES)
def test_every_absolute_address_is_on_the_public_url_with_the_path_once(mounted, path):
    body = fetch(mounted, path).get_data(as_text=True)
    # Unfold iCalendar lines (RFC 5545) so a folded URL is read whole.
    body = body.replace("\r\n ", "")
    found = re.findall(r"https?://[^\s\"'<>\\]+", body)
    own = [url for url in found if urlsplit(url).netloc == "www.sterkvoornoord.nl"]
    for url in own:
        assert "/geldzaken/geldzaken" not in url, (path, url)
        if url.startswith(PUBLIC + "/"):
            assert OURS.match(url + " "), (path, url)
    for url in found:
        assert urlsplit(url).netloc not in ("localhost", "127.0.0.1", EVIL), (path, url)


def test_each_kind_of_absolute_address_is_written_as_expected(mounted):
    """The kinds the issue names, one by one, with their exact expected form."""
    hreflang = fetch(mounted, "/nl/direct").get_data(as_text=True)
    assert f'hreflang="ar" href="{PUBLIC}/ar/direct"' in hreflang

    routes = json.loads(fetch(mounted, "/api/v1/routes").get_data(as_text=True))
    urls = [u for route in routes["routes"] for u in route["urls"].values()]
    assert f"{PUBLIC}/nl/direct/huis-uit" in urls
    assert all(u.startswith(PUBLIC + "/") and "/geldzaken/geldzaken" not in u for u in urls)

    page = fetch(mounted, "/nl/organisatie/kredietbank").get_data(as_text=True)
    ld = json.loads(page.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert ld["@id"] == f"{PUBLIC}/nl/organisatie/kredietbank"

    ics = fetch(mounted, "/en/organisatie/ping-loket.ics").get_data(as_text=True)
    ics = ics.replace("\r\n ", "")
    assert f"URL:{PUBLIC}/en/organisatie/ping-loket\r\n" in ics
    assert f"{PUBLIC}/en/organisatie/ping-loket" in ics.split("DESCRIPTION:", 1)[1]

    handover = fetch(mounted, "/nl/partners/overdracht/direct/huis-uit?taal=ar")
    assert f"{PUBLIC}/ar/direct/huis-uit" in handover.get_data(as_text=True)

    printed = fetch(mounted, "/nl/direct/huis-uit").get_data(as_text=True)
    # The printed address is one isolate that breaks only after "/" or before "."
    assert f"Geprint van: {PUBLIC}/nl/direct/huis-uit</p>" in without_isolates(printed)

    root = json.loads(fetch(mounted, "/api/v1/hsds/").get_data(as_text=True))
    assert root["openapi_url"] == f"{PUBLIC}/api/v1/openapi.yaml"


# --- redirects ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/nl", 308, "/geldzaken/nl/"),  # Werkzeug's own slash redirect
        ("/", 302, "/geldzaken/nl/"),  # the language from Accept-Language
        ("/NL/Direct", 301, "/geldzaken/nl/direct"),  # typed from a poster
        ("/nl/Direct?at=2027-01-04T10:00", 301, "/geldzaken/nl/direct?at=2027-01-04T10:00"),
    ],
)
def test_redirects_are_relative_and_keep_the_mount_point(mounted, path, status, location):
    response = fetch(mounted, path)
    assert response.status_code == status
    assert response.headers["Location"] == location


def test_without_a_mount_point_the_slash_redirect_is_relative_too(client):
    response = client.get("/en", headers={"Host": EVIL})
    assert response.status_code == 308
    assert response.headers["Location"] == "/en/"


# --- echoed query values --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/nl/toegankelijkheid", "/nl/", "/api/v1/routes", "/nl/poster"])
def test_an_oversized_query_value_gets_a_clear_400(client, path):
    response = client.get(path, query_string={"status": "x" * 7900})
    assert response.status_code == 400
    assert len(response.data) < 20_000
    if path.startswith("/api/"):
        assert response.json == {
            "error": "query too long: at most 200 characters per value",
            "status": 400,
        }
    else:
        assert "veel te lang" in response.get_data(as_text=True)


def test_a_query_string_of_many_small_values_is_refused_too(client):
    query = "&".join(f"k{i}=v" for i in range(600))
    assert client.get("/nl/?" + query).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/nl/toegankelijkheid?status=gedaan&q=schuld&taal=ar&size=a3&doel=x&editie=y",
        "/nl/direct?q=schuld&taal=ar",
        "/nl/organisatie/kredietbank?size=a3&status=gedaan",
    ],
)
def test_a_page_repeats_no_query_value_it_does_not_use(client, path):
    body = client.get(path).get_data(as_text=True)
    for value in ("status=", "q=schuld", "taal=ar", "size=a3", "doel=", "editie="):
        assert value not in body, value


def test_a_page_keeps_the_values_it_uses_on_its_language_switch(client):
    partners = client.get("/nl/partners?q=schuld&status=gedaan").get_data(as_text=True)
    assert 'href="/en/partners?q=schuld"' in partners
    poster = client.get("/nl/poster?size=a3&q=schuld").get_data(as_text=True)
    assert 'href="/ar/poster?size=a3"' in poster
    handover = client.get("/nl/partners/overdracht/direct/huis-uit?taal=ar").get_data(as_text=True)
    assert 'href="/en/partners/overdracht/direct/huis-uit?taal=ar"' in handover


def test_a_long_search_is_cut_where_the_search_stops(client):
    long_query = "schuld " * 25  # 175 characters: under the 400 limit, over the search limit
    body = client.get("/nl/partners", query_string={"q": long_query}).get_data(as_text=True)
    assert long_query.strip() not in body
    assert ("schuld " * 14).strip() in body


def test_no_crawled_page_repeats_a_forged_host():
    """Every page a visitor can reach, in three languages, asked for with a forged Host."""
    import crawl

    client = create_app({"TESTING": True, "PUBLIC_URL": PUBLIC}).test_client()
    client.environ_base["HTTP_HOST"] = EVIL
    pages = crawl.crawl(client)
    assert len(pages) >= 300
    assert [p.url for p in pages if EVIL in p.html] == []
    absolute = {u for p in pages for u in re.findall(r"https?://[^\s\"'<>]+", p.html)}
    ours = {u for u in absolute if urlsplit(u).netloc == "www.sterkvoornoord.nl"}
    assert ours and all(u.startswith(PUBLIC + "/") or u == PUBLIC for u in ours), sorted(ours)[:5]
