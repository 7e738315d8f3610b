"""Issue 23, item 9: the open data says, as the partners' page does, that which desk goes with
which situation is the team's judgement: the source lists situations and desks, not the pairs."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_the_routes_say_the_desk_choice_is_the_teams(client):
    data = client.get("/api/v1/routes").get_json()
    assert data["desk_choice"]["by"] == "team"
    note = data["desk_choice"]["note"]
    assert set(note) == {"nl", "en", "ar"}
    partners = client.get("/nl/partners").get_data(as_text=True)
    assert note["nl"] in partners  # the same words as the partners' page
    assert "We chose the organisation for each situation" in note["en"]
    for route in data["routes"]:
        for org in route["organisations"]:
            assert set(org["reason"]) == {"nl", "en", "ar"}, (route["path"], org["id"])
            assert org["to_confirm"] is None or set(org["to_confirm"]) == {"nl", "en", "ar"}
    dwangbevel = next(r for r in data["routes"] if r["path"] == "direct/dwangbevel")
    ssp = next(o for o in dwangbevel["organisations"] if o["id"] == "sociaal-service-punt")
    assert "bezwaar" in ssp["to_confirm"]["nl"]
    assert "objection" in ssp["to_confirm"]["en"]


def test_openapi_documents_the_judgement():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    routes = spec["components"]["schemas"]["Routes"]
    assert "desk_choice" in routes["required"]
    assert "judgement" in routes["description"]
    items = spec["components"]["schemas"]["Route"]["properties"]["organisations"]
    assert "judgement" in items["description"]
    assert {"reason", "to_confirm"} <= set(items["items"]["required"])
