"""Issue 24, item 1: a date passing never takes the site down.

The only desk of ``binnenkort/advocaat`` (and, with the ended Jongerenadviespunt, of
``jong/leven``) is the Sociaal Service Punt. Give it ``valid_until: 2026-12-31``: the checker
warns weeks ahead, and from 1 January the result is a warning too, never an error, so a
(re)started worker, a worker that starts from the published snapshot, and the next content edit
all keep working, and the result page keeps its graceful text. Every test fixes its day on both
sides of the end date.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from routekaart import create_app
from routekaart.content.loader import load

ROOT = Path(__file__).resolve().parent.parent
SSP_EMAIL = "    email: info@sociaalservicepunt.nl\n"
ADVOCAAT = "/nl/binnenkort/advocaat"
GRACEFUL = "aren’t taking new questions at the moment"  # the English page's wording
GRACEFUL_NL = "nemen op dit moment geen nieuwe vragen aan"
SSP_PHONE = "(070) 205 70 00"


def end_ssp(folder: Path, until: str = "2026-12-31") -> None:
    path = folder / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(SSP_EMAIL) == 1
    path.write_text(
        text.replace(SSP_EMAIL, f"{SSP_EMAIL}    valid_until: {until}\n"), encoding="utf-8"
    )


@pytest.fixture
def ending(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    end_ssp(target)
    return target


def texts(messages, severity: str) -> list[str]:
    return [m.text for m in messages if m.severity == severity]


# --- the checker ---------------------------------------------------------------------------


def test_the_checker_warns_weeks_before_the_only_desk_of_a_result_ends(ending: Path):
    content, messages = load(ending, today=date(2026, 12, 6))
    assert content is not None and texts(messages, "error") == []
    ahead = [t for t in texts(messages, "warning") if "only desk" in t]
    assert ahead == [
        'on 31 December 2026 the only desk of result "binnenkort-advocaat" '
        '("sociaal-service-punt") ends; from then on the page names no desk: add another desk '
        "or move the end date",
        'on 31 December 2026 the only desk of result "jong-leven" ("sociaal-service-punt") ends; '
        "from then on the page names no desk: add another desk or move the end date",
    ]
    # Six weeks ahead it starts; on the last day it still warns; long before, it is quiet.
    for day, warned in (
        (date(2026, 11, 18), False),
        (date(2026, 11, 19), True),
        (date(2026, 12, 31), True),
    ):
        _, messages = load(ending, today=day)
        assert any("only desk" in t for t in texts(messages, "warning")) is warned, day


def test_the_last_of_several_desks_is_named_as_such(tmp_path: Path):
    from test_checks_mutants import org, organisations, question, result, routekaart, run

    orgs = organisations(
        org("a", extra="    valid_until: 2026-03-20\n"),
        org("b", extra="    valid_until: 2026-03-10\n"),
        org("c", extra="    valid_from: 2026-03-21\n"),
    )
    rk = routekaart(
        question("begin", ("x", "ra"), ("y", "rb")), result("ra", "a", "b"), result("rb", "a", "c")
    )
    found = [m.split(": ", 1)[1] for m in run(orgs, rk, today=date(2026, 3, 2))]
    # rb goes on with "c" the day after "a" ends: nothing to say about it.
    assert [m for m in found if "desk" in m] == [
        'warning: on 20 March 2026 the last desk of result "ra" ("a") ends; from then on the '
        "page names no desk: add another desk or move the end date"
    ]


def test_after_the_date_a_result_without_a_desk_is_a_warning_not_an_error(ending: Path):
    content, messages = load(ending, today=date(2027, 1, 1))
    assert content is not None
    assert texts(messages, "error") == []
    assert (
        'result "binnenkort-advocaat" has no organisation that is active on 2027-01-01; its '
        "page says that the organisations take no new questions and links to the general page"
        in texts(messages, "warning")
    )


# --- the site on both sides of the date ----------------------------------------------------


def app_at(content: Path, state: Path, moment: str):
    return create_app(
        {
            "TESTING": True,
            "FIXED_NOW": moment,
            "CONTENT_DIR": str(content),
            "CONTENT_STATE_DIR": str(state),
            "CONTENT_SETTLE_SECONDS": 0,
            "CONTENT_REMOVAL_SETTLE_SECONDS": 0,
            "CONTENT_CHECK_SECONDS": 0,
        }
    )


@pytest.mark.parametrize(
    ("moment", "shows_desk"), [("2026-12-31T10:30", True), ("2027-01-04T10:30", False)]
)
def test_a_restarted_site_serves_every_page_on_both_sides_of_the_date(
    ending: Path, tmp_path: Path, moment: str, shows_desk: bool
):
    client = app_at(ending, tmp_path / "state", moment).test_client()
    for url in ("/nl/", "/nl/binnenkort", "/nl/partners", "/nl/organisatie/kredietbank"):
        assert client.get(url).status_code == 200, url
    page = client.get(ADVOCAAT)
    assert page.status_code == 200
    assert (SSP_PHONE in page.text) is shows_desk
    assert (GRACEFUL_NL in page.text) is not shows_desk
    english = client.get("/en/binnenkort/advocaat")
    assert english.status_code == 200 and (GRACEFUL in english.text) is not shows_desk


def test_after_the_date_a_content_edit_is_still_taken(ending: Path, tmp_path: Path):
    client = app_at(ending, tmp_path / "state", "2027-01-04T10:30").test_client()
    before = client.get("/nl/organisatie/kredietbank")
    assert before.status_code == 200
    path = ending / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    old = "(070) 300 88 34"
    assert old in text and old in before.text
    path.write_text(text.replace(old, "(070) 300 88 99"), encoding="utf-8")
    after = client.get("/nl/organisatie/kredietbank")
    assert after.status_code == 200 and "(070) 300 88 99" in after.text
    assert after.headers["X-Content-Version"] != before.headers["X-Content-Version"]


def test_a_worker_started_after_the_date_serves_the_published_snapshot(
    ending: Path, tmp_path: Path
):
    """The publisher published on the last day; a worker (re)started on 2 January while the
    publisher still holds the lock loads that snapshot, and serves it."""
    state = tmp_path / "state"
    publisher = app_at(ending, state, "2026-12-31T10:30")
    version = publisher.test_client().get("/nl/").headers["X-Content-Version"]
    later = app_at(ending, state, "2027-01-02T10:30").test_client()
    page = later.get(ADVOCAAT)
    assert page.status_code == 200 and GRACEFUL_NL in page.text
    assert page.headers["X-Content-Version"] == version
    assert publisher.extensions["routekaart.content"].version == version
