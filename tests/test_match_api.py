"""POST /api/v1/match: partners and tests ask which situations fit a resident's words."""

from __future__ import annotations

import logging

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import ROOT

OPENAPI = ROOT / "openapi.yaml"


def schema(name: str) -> Draft202012Validator:
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(document, DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry
    )


def post(client, body, **kwargs):
    return client.post("/api/v1/match", json=body, **kwargs)


def test_a_bailiff_at_the_door_is_answered_with_the_bailiffs_route(client):
    response = post(client, {"text": "de deurwaarder stond voor de deur", "lang": "nl"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    first = response.json["matches"][0]
    assert first["path"] == "direct/deurwaarder"
    assert first["urgency"] == "today"
    assert first["title"] == "Ik krijg post van een deurwaarder of incassobureau"
    assert 0 < first["score"] <= 1
    assert not schema("Matches").is_valid({"matches": [{**first, "extra": 1}]})
    assert list(schema("Matches").iter_errors(response.json)) == []


@pytest.mark.parametrize(
    ("body", "path", "title"),
    [
        (
            {"text": "قطعوا عني الكهرباء", "lang": "ar"},
            "direct/afgesloten",
            "قُطع عني الغاز أو الكهرباء",
        ),
        (
            {"text": "I'm being evicted", "lang": "en"},
            "direct/huis-uit",
            "I’ve had a letter telling me to leave my home",
        ),
        (
            {"text": "ik ben 17 en heb schulden"},
            "jong/schulden/onder-18",
            "Ik heb schulden en kom daar zelf niet uit",
        ),
    ],
)
def test_the_title_is_in_the_language_asked(client, body, path, title):
    matches = post(client, body).json["matches"]
    assert (matches[0]["path"], matches[0]["title"]) == (path, title)


def test_at_most_three_best_first(client):
    text = "schulden rekeningen deurwaarder beslag stress formulieren advocaat"
    matches = post(client, {"text": text}).json["matches"]
    assert len(matches) == 3
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)


@pytest.mark.parametrize("text", ["", "hoe laat gaat de bus", "what's the weather"])
def test_nothing_fits_is_an_empty_list(client, text):
    response = post(client, {"text": text, "lang": "nl"})
    assert response.status_code == 200
    assert response.json == {"matches": []}


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "deurwaarder",
        {},
        {"text": 5},
        {"text": None},
        {"text": "deurwaarder", "lang": "de"},
        {"text": "deurwaarder", "lang": None},
        {"text": "deurwaarder", "extra": True},
        {"text": "x" * 2001},
    ],
)
def test_a_bad_body_gets_400_with_the_usual_error(client, body):
    if body is None:
        response = client.post("/api/v1/match", data="not json", content_type="application/json")
    else:
        response = post(client, body)
    assert response.status_code == 400
    assert set(response.json) == {"error", "status"}
    assert response.json["status"] == 400
    assert list(schema("Error").iter_errors(response.json)) == []


def test_a_form_post_or_a_get_is_not_the_api(client):
    assert client.post("/api/v1/match", data={"text": "deurwaarder"}).status_code == 400
    response = client.get("/api/v1/match?text=deurwaarder")
    assert response.status_code == 405
    assert response.json["status"] == 405


def test_the_text_is_never_logged(client, caplog):
    secret = "mijn geheime deurwaarder zorg 4711"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("routekaart.access").setLevel(logging.DEBUG)
        post(client, {"text": secret, "lang": "nl"})
        post(client, {"text": secret, "lang": "xx"})
    assert any("/api/v1/match" in r.getMessage() for r in caplog.records)  # the log ran
    assert not any("4711" in r.getMessage() or "geheime" in r.getMessage() for r in caplog.records)


def test_the_request_body_is_documented(client):
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    post_doc = document["paths"]["/match"]["post"]
    assert post_doc["requestBody"]["required"] is True
    request = schema("MatchRequest")
    assert request.is_valid({"text": "deurwaarder", "lang": "ar"})
    assert not request.is_valid({"lang": "nl"})
    assert not request.is_valid({"text": "x", "lang": "de"})


# --- the partners' search uses the same matcher ------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("nl", "loonbeslag", ["direct-beslag"]),
        ("en", "evicted", ["direct-huis-uit"]),
        ("nl", "huisuitzetting", ["direct-huis-uit"]),
        ("ar", "طرد", ["direct-huis-uit"]),
        ("nl", "afgeslote", ["direct-afgesloten"]),
    ],
)
def test_partners_search_knows_residents_words(client, lang, query, expected):
    from tests.test_partners import page, situations

    assert situations(page(client, f"/{lang}/partners?q={query}")) == expected


def test_partners_search_still_needs_every_word(client):
    from tests.test_partners import page, situations

    assert situations(page(client, "/nl/partners?q=loonbeslag ooievaarspas")) == []


# --- other sites may call the API from the browser (CORS) ---------------------------------------


def test_a_browsers_preflight_for_a_json_post_is_allowed(client):
    response = client.options(
        "/api/v1/match",
        headers={
            "Origin": "https://school.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"


@pytest.mark.parametrize(
    ("body", "status"), [({"text": "deurwaarder", "lang": "nl"}, 200), ({"lang": "nl"}, 400)]
)
def test_answers_and_refusals_may_be_read_by_other_sites(client, body, status):
    response = client.post("/api/v1/match", json=body, headers={"Origin": "https://school.example"})
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.browser
def test_a_page_on_another_origin_can_ask_the_matcher(browser, live_server):
    # A page that is not ours (about:blank has an opaque origin): Chromium sends the real
    # preflight and then the POST, and lets the script read the answer only if CORS allows it.
    page = browser.new_page()
    answer = page.evaluate(
        """async (url) => {
            const response = await fetch(url, {
                method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({text: "de deurwaarder staat voor de deur", lang: "nl"}),
            });
            return await response.json();
        }""",
        f"{live_server}/api/v1/match",
    )
    page.close()
    assert answer["matches"][0]["path"] == "direct/deurwaarder"
