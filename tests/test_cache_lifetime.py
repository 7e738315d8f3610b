"""A page's cache lifetime is what its view says, not a side effect of its template (#21).

A view that shows opening hours names the organisations (``caching.shows_hours``); the page
is then kept until the first of them opens or closes. A template that shows a status its view
did not name is an error under tests, and on a live site the page is never stored.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import g, render_template_string

from routekaart import create_app
from routekaart.ops.store import current_content
from routekaart.web import caching

STATUS = "{{ hours_status(content, 'sociaal-service-punt', g.now, 'nl').text }}"


def _app_with_a_careless_page(testing: bool):
    app = create_app({"TESTING": testing, "COUNT_USAGE": False})

    @app.get("/nl/careless")
    def careless() -> str:
        return render_template_string(STATUS, content=current_content())

    @app.get("/nl/careful")
    def careful() -> str:
        content = current_content()
        caching.shows_hours(content, ["sociaal-service-punt"], g.now)
        return render_template_string(STATUS, content=content)

    return app


def test_a_view_that_shows_hours_it_did_not_declare_fails_under_tests(caplog):
    client = _app_with_a_careless_page(testing=True).test_client()
    assert client.get("/nl/careless").status_code == 500  # every page test sees it
    errors = [r.exc_info[1] for r in caplog.records if r.exc_info]
    assert any("without caching.shows_hours" in str(e) for e in errors)


def test_a_declared_status_sets_the_lifetime_to_its_next_change():
    # Monday 2027-01-04 11:59:30 Amsterdam: the Sociaal Service Punt closes at 12:00.
    app = _app_with_a_careless_page(testing=True)
    app.config["FIXED_NOW"] = "2027-01-04T11:59:30"
    response = app.test_client().get("/nl/careful")
    assert "Nu open" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, max-age=30"


def test_on_a_live_site_an_undeclared_status_is_never_stored(caplog):
    app = _app_with_a_careless_page(testing=False)
    app.config["FIXED_NOW"] = "2027-01-04T11:59:30"
    response = app.test_client().get("/nl/careless")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    said = [r.getMessage() for r in caplog.records if r.name == "routekaart"]
    assert "careless shows hours it did not declare" in said


@pytest.mark.parametrize(
    ("path", "closing"),
    [
        ("/nl/binnenkort/formulieren", "2027-01-04T12:00"),  # a result: its desks' status
        ("/nl/organisatie/sociaal-service-punt", "2027-01-04T12:00"),
        ("/nl/partners", "2027-01-04T12:00"),  # every desk: the first change of any
    ],
)
def test_every_page_that_shows_hours_expires_when_a_status_changes(path, closing):
    """Each view says which desks it shows: at 11:58 on a Monday, the page that shows the
    Sociaal Service Punt (open until 12:00) is kept two minutes at most."""
    app = create_app({"TESTING": True, "FIXED_NOW": "2027-01-04T11:58"})
    response = app.test_client().get(path)
    assert response.status_code == 200
    until = datetime.fromisoformat(closing)
    now = datetime.fromisoformat("2027-01-04T11:58")
    assert response.headers["Cache-Control"] == (
        f"public, max-age={int((until - now).total_seconds())}"
    )
