"""Open data: /api/v1/routes in its documented shape, and the HSDS 3.0 export that validates
against the official Open Referral schemas."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from routekaart.content.loader import load

ROOT = Path(__file__).resolve().parent.parent
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI = ROOT / "openapi.yaml"
PUBLIC = "http://127.0.0.1:5000"


def hsds_registry(hsds_dir: Path) -> Registry:
    """Every official HSDS schema under its published URL, so relative $refs resolve."""
    resources = []
    for path in sorted(hsds_dir.glob("*.json")):
        if path.name == "openapi.json":
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((HSDS_BASE + path.name, Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


def openapi_registry() -> Registry:
    """Our openapi.yaml as one resource, so ``openapi#/components/schemas/X`` resolves."""
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    return Registry().with_resource("urn:openapi", Resource.from_contents(document, DRAFT202012))


def validator(ref: str, registry: Registry) -> Draft202012Validator:
    """A strict validator for the schema at ``ref``, with format checks (uuid, email, date)."""
    return Draft202012Validator(
        {"$ref": ref}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(v: Draft202012Validator, instance) -> list[str]:
    """Readable validation errors."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(instance)]


@pytest.fixture(scope="module")
def content():
    loaded, _ = load(ROOT / "content")
    return loaded


# --- /api/v1/routes --------------------------------------------------------------------------


def test_routes_validate_against_the_documented_shape(client):
    response = client.get("/api/v1/routes")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    v = validator("urn:openapi#/components/schemas/Routes", openapi_registry())
    assert errors(v, response.get_json()) == []


def test_the_documented_shape_rejects_a_broken_route(client):
    """The schema is strict enough to catch a missing language or an unknown urgency."""
    data = client.get("/api/v1/routes").get_json()
    v = validator("urn:openapi#/components/schemas/Routes", openapi_registry())
    broken = json.loads(json.dumps(data))
    del broken["routes"][0]["title"]["ar"]
    broken["routes"][1]["urgency"] = "whenever"
    assert len(errors(v, broken)) == 2


# Every result of content/routekaart.yaml with its organisations, written out in content order.
ROUTES = {
    "direct/huis-uit": ["kredietbank", "sociaal-service-punt"],
    "direct/deurwaarder": ["kredietbank", "sociaal-service-punt"],
    "direct/beslag": ["kredietbank", "sociaal-service-punt"],
    "direct/dwangbevel": ["kredietbank", "sociaal-service-punt"],
    "direct/afgesloten": ["kredietbank", "sociaal-service-punt"],
    "binnenkort/schulden": ["kredietbank", "schuldhulpmaatje"],
    "binnenkort/rekeningen": ["ping-loket", "kredietbank"],
    "binnenkort/stress": ["schuldhulpmaatje", "ping-loket"],
    "binnenkort/rondkomen": ["ping-loket", "schuldhulpmaatje"],
    "binnenkort/formulieren": ["sociaal-service-punt", "ping-loket"],
    "binnenkort/advocaat": ["sociaal-service-punt"],
    "jong/bijna-18": ["jongerenadviespunt", "ping-loket", "sociaal-service-punt"],
    "jong/rekeningen/onder-18": ["jongerenadviespunt", "ping-loket", "sociaal-service-punt"],
    # Read 13: the Jongeren Perspectief Fonds, a pilot that may have stopped, comes after the
    # others in the content itself, so the advice "get in touch with one of these" fits.
    "jong/rekeningen/18-tot-27": ["jongerenadviespunt", "ping-loket", "jongeren-perspectief-fonds"],
    "jong/rekeningen/27-plus": ["ping-loket", "kredietbank"],
    "jong/leven": ["jongerenadviespunt", "sociaal-service-punt"],
    "jong/schulden/onder-18": ["jongerenadviespunt", "ping-loket", "sociaal-service-punt"],
    "jong/schulden/18-tot-27": ["jongerenadviespunt", "kredietbank", "jongeren-perspectief-fonds"],
    "jong/schulden/27-plus": ["kredietbank", "schuldhulpmaatje"],
}


def test_every_result_of_the_routekaart_is_a_route_with_its_organisations_in_order(client):
    # 2024-06-03: the Jongerenadviespunt (ended 2024-12-31) is still on its routes.
    data = client.get("/api/v1/routes?at=2024-06-03T10:00").get_json()
    by_path = {route["path"]: route for route in data["routes"]}
    assert list(by_path) == list(ROUTES)
    for path, organisations in ROUTES.items():
        route = by_path[path]
        assert [o["id"] for o in route["organisations"]] == organisations
        assert route["branch"] == path.split("/")[0]
        assert [s["slug"] for s in route["steps"]] == path.split("/")


def test_a_bailiff_letter_goes_to_the_kredietbank_first_and_is_urgent(client):
    data = client.get("/api/v1/routes").get_json()
    route = next(r for r in data["routes"] if r["path"] == "direct/deurwaarder")
    assert route["urgency"] == "today"
    assert route["organisations"][0]["id"] == "kredietbank"
    assert route["organisations"][0]["name"] == "Kredietbank Nederland"
    assert "deurwaarder" in route["steps"][-1]["answer"]["nl"]
    assert "bailiff" in route["steps"][-1]["answer"]["en"]


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_route_urls_are_absolute_and_open_the_route(client, lang):
    data = client.get("/api/v1/routes").get_json()
    for route in data["routes"]:
        url = route["urls"][lang]
        assert url == f"{PUBLIC}/{lang}/{route['path']}"
        assert client.get(url.removeprefix(PUBLIC)).status_code == 200


def test_the_jap_is_active_before_its_end_date_and_not_after(client):
    def jap_flags(at: str) -> set[bool]:
        data = client.get(f"/api/v1/routes?at={at}").get_json()
        return {
            o["active"]
            for r in data["routes"]
            for o in r["organisations"]
            if o["id"] == "jongerenadviespunt"
        }

    assert jap_flags("2024-12-31T12:00") == {True}
    assert jap_flags("2025-01-01T12:00") == {False}


def test_malformed_at_is_a_json_400(client):
    response = client.get("/api/v1/routes?at=tomorrow")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json()["status"] == 400


# --- openapi.yaml ----------------------------------------------------------------------------


def test_openapi_documents_every_endpoint_and_is_served(client):
    document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    for path in (
        "/routes",
        "/organisations",
        "/hsds/",
        "/hsds/organizations",
        "/hsds/organizations/{id}",
        "/hsds/services",
        "/hsds/services/{id}",
    ):
        assert path in document["paths"], path
    status = document["components"]["schemas"]["OrganisationStatus"]
    assert set(status["required"]) >= {
        "id",
        "name",
        "open_now",
        "open_until",
        "next_opening",
        "location",
        "ended",
    }
    served = client.get("/api/v1/openapi.yaml")
    assert served.status_code == 200
    assert yaml.safe_load(served.data) == document


@pytest.mark.parametrize(
    "query", ["", "?at=2026-11-30T10:30", "?at=2026-04-27T10:00", "?at=2024-06-03T10:00"]
)
def test_organisations_endpoint_matches_its_documentation(client, query):
    response = client.get("/api/v1/organisations" + query)
    assert response.status_code == 200
    v = validator("urn:openapi#/components/schemas/Organisations", openapi_registry())
    assert errors(v, response.get_json()) == []
    assert client.get("/api/v1/organisations?at=nonsense").status_code == 400


# --- HSDS 3.0 --------------------------------------------------------------------------------


def hsds_organizations(client, query: str = "") -> list[dict]:
    response = client.get("/api/v1/hsds/organizations" + query)
    assert response.status_code == 200
    return response.get_json()["contents"]


@pytest.fixture
def hsds(shared) -> Registry:
    """The official HSDS 3.0 schemas from ../shared (a failure on CI when they are missing)."""
    registry = hsds_registry(shared("standards/hsds-3.0"))
    assert len(list(registry)) > 10  # the folder really holds the schemas
    return registry


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_hsds_organizations_validate_against_the_official_schemas(client, lang, hsds):
    registry = hsds
    organization = validator(HSDS_BASE + "organization.json", registry)
    service = validator(HSDS_BASE + "service.json", registry)
    records = hsds_organizations(client, f"?lang={lang}")
    assert len(records) == 6
    for record in records:
        assert errors(organization, record) == [], record["name"]
        assert record["services"], record["name"]
        for nested in record["services"]:
            assert errors(service, nested) == [], nested["name"]


def test_hsds_services_and_single_records_validate(client, hsds):
    registry = hsds
    organization = validator(HSDS_BASE + "organization.json", registry)
    service = validator(HSDS_BASE + "service.json", registry)
    services = client.get("/api/v1/hsds/services").get_json()
    assert services["total_items"] == 6
    for record in services["contents"]:
        assert errors(service, record) == []
        one = client.get(f"/api/v1/hsds/services/{record['id']}")
        assert one.status_code == 200
        assert errors(service, one.get_json()) == []
        org = client.get(f"/api/v1/hsds/organizations/{record['organization_id']}")
        assert org.status_code == 200
        assert errors(organization, org.get_json()) == []


def test_the_validator_would_catch_a_broken_export(client, hsds):
    """Guard against a validator that accepts anything: a bad status and id must fail."""
    service = validator(HSDS_BASE + "service.json", hsds)
    record = hsds_organizations(client)[0]["services"][0]
    record["status"] = "open"
    record["id"] = "kredietbank"
    record["schedules"] = [{"id": str(uuid.uuid4()), "freq": "DAILY"}]
    assert len(errors(service, record)) == 3


def test_hsds_ids_are_stable_unique_uuids_and_references_hold(client):
    first = hsds_organizations(client)
    assert hsds_organizations(client) == first
    ids: list[str] = []
    for org in first:
        ids.append(org["id"])
        location_ids = {loc["id"] for loc in org.get("locations", [])}
        for svc in org["services"]:
            ids.append(svc["id"])
            assert svc["organization_id"] == org["id"]
            for sal in svc.get("service_at_locations", []):
                ids.append(sal["id"])
                assert sal["service_id"] == svc["id"]
                assert sal["location_id"] == sal["location"]["id"]
                assert sal["location_id"] in location_ids
                for schedule in sal["schedules"]:
                    ids.append(schedule["id"])
                    assert schedule["service_at_location_id"] == sal["id"]
            for phone in svc.get("phones", []):
                ids.append(phone["id"])
                assert phone["service_id"] == svc["id"]
    for value in ids:
        assert str(uuid.UUID(value)) == value
    assert len(ids) == len(set(ids))


def test_hsds_carries_the_facts_of_the_content(client):
    records = {o["name"]: o for o in hsds_organizations(client, "?at=2026-06-01T10:00")}
    kredietbank = records["Kredietbank Nederland"]["services"][0]
    assert kredietbank["status"] == "active"
    assert kredietbank["email"] == "leidschendam-voorburg@kbnl.nl"
    assert [p["number"] for p in kredietbank["phones"]] == ["(070) 300 88 34"]
    (weekly,) = kredietbank["schedules"]
    assert weekly["freq"] == "WEEKLY"
    assert weekly["byday"] == "MO,TU,WE,TH,FR"
    assert (weekly["opens_at"], weekly["closes_at"]) == ("09:00", "17:00")
    # The source does not say whether these hours are for calling or walking in (by_phone:
    # false): HSDS says neither "phone" nor "in person".
    assert "attending_type" not in weekly

    ping = records["PING-loket"]["services"][0]
    walk_in = {
        sal["location"]["name"]: [
            (s["byday"], s["opens_at"], s["closes_at"]) for s in sal["schedules"]
        ]
        for sal in ping["service_at_locations"]
    }
    assert walk_in == {
        "Bibliotheek aan de Vliet": [("MO", "10:00", "12:00")],
        "Tuinkamer van Noord, Sporthal de Fluit": [("WE", "11:00", "12:00")],
    }
    assert "phones" not in ping  # the source gives the PING-loket no phone number
    (address,) = next(
        loc for loc in records["PING-loket"]["locations"] if loc["name"].startswith("Biblio")
    )["addresses"]
    assert (address["address_1"], address["city"], address["country"]) == (
        "Fluitpolderplein 5",
        "Leidschendam",
        "NL",
    )
    assert address["postal_code"] == ""  # not in the source: never guessed

    jpf = records["Jongeren Perspectief Fonds"]["services"][0]
    assert (jpf["minimum_age"], jpf["maximum_age"]) == (18, 26)
    assert {p["description"] for p in jpf["phones"] if p["type"] == "text"} == {"WhatsApp"}


def test_hsds_marks_the_ended_jap_defunct(client):
    def status(at: str) -> str:
        records = {o["name"]: o for o in hsds_organizations(client, f"?at={at}")}
        return records["Jongerenadviespunt (JAP)"]["services"][0]["status"]

    assert status("2024-12-31T10:00") == "active"
    assert status("2025-01-01T10:00") == "defunct"


def test_hsds_texts_follow_lang(client):
    nl = {o["name"]: o["description"] for o in hsds_organizations(client)}
    en = {o["name"]: o["description"] for o in hsds_organizations(client, "?lang=en")}
    assert "schulden" in nl["Kredietbank Nederland"]
    assert "debts" in en["Kredietbank Nederland"]


def test_hsds_pages(client):
    second = client.get("/api/v1/hsds/organizations?per_page=4&page=2").get_json()
    assert (second["total_items"], second["total_pages"], second["size"]) == (6, 2, 2)
    assert (second["first_page"], second["last_page"], second["empty"]) == (False, True, False)
    beyond = client.get("/api/v1/hsds/organizations?per_page=4&page=3").get_json()
    assert beyond["empty"] is True and beyond["contents"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/hsds/organizations?lang=de",
        "/api/v1/hsds/organizations?page=0",
        "/api/v1/hsds/organizations?per_page=abc",
        "/api/v1/hsds/services?per_page=100000",
        "/api/v1/hsds/services?at=2027-13-45",
    ],
)
def test_hsds_bad_input_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["status"] == 400


def test_hsds_unknown_id_is_a_json_404(client):
    response = client.get(f"/api/v1/hsds/services/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_hsds_meta_points_to_the_openapi_file(client):
    meta = client.get("/api/v1/hsds/").get_json()
    assert meta["version"] == "3.0"
    assert meta["openapi_url"] == f"{PUBLIC}/api/v1/openapi.yaml"
