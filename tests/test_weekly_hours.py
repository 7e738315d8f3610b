"""One way to say the weekly hours: every page and the open data tell a resident the same.

The PING-loket's Wednesday slot starts on 1 January 2027 in this fixture. In December the
result card, the organisation page, the poster, the partners' pages, the hand-over slip and the
HSDS export all list it, marked with its first day, and list the Monday slot as it is.
"""

from __future__ import annotations

import re
import shutil
from html import unescape

import pytest

from routekaart import create_app
from routekaart.content.loader import BUNDLED

AT = "2026-12-15T10:00"  # a Tuesday, so no line is marked "today"

EXPECTED = {
    "nl": [
        "Maandag 10:00–12:00 · Bibliotheek aan de Vliet",
        "Woensdag 11:00–12:00 · Tuinkamer van Noord, Sporthal de Fluit · vanaf 1 januari 2027",
    ],
    "en": [
        "Monday 10:00–12:00 · Bibliotheek aan de Vliet",
        "Wednesday 11:00–12:00 · Tuinkamer van Noord, Sporthal de Fluit · from 1 January 2027",
    ],
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The bundled content with PING's Wednesday slot starting on 1 January 2027."""
    target = tmp_path_factory.mktemp("weekly") / "content"
    shutil.copytree(BUNDLED, target)
    path = target / "organisations.yaml"
    source = path.read_text(encoding="utf-8")
    old = '      - days: [woensdag]\n        from: "11:00"\n'
    assert source.count(old) == 1
    new = '      - days: [woensdag]\n        valid_from: 2027-01-01\n        from: "11:00"\n'
    path.write_text(source.replace(old, new), encoding="utf-8")
    return create_app({"TESTING": True, "CONTENT_DIR": str(target)}).test_client()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def items(block: str, list_class: str) -> list[str]:
    """The visible text of each item of the first ``<ul class="list_class">`` in ``block``."""
    found = re.search(rf'<ul class="{list_class}">(.*?)</ul>', block, re.S)
    assert found, list_class
    texts = re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", t)).split()) for t in texts]


def after(page: str, marker: str, end: str) -> str:
    return page.split(marker, 1)[1].split(end, 1)[0]


def surfaces(client, lang: str) -> dict[str, list[str]]:
    """The weekly hours of the PING-loket as each page shows them on AT."""
    card = after(
        html(client, f"/{lang}/binnenkort/formulieren?at={AT}"), "org-ping-loket", "</article>"
    )
    partners = html(client, f"/{lang}/partners?at={AT}")
    referral = after(partners, 'href="#dir-ping-loket"', '<p class="referral-name">')
    slip = html(client, f"/{lang}/partners/organisatie/ping-loket/overdracht?at={AT}")
    return {
        "result card": items(card, "hours"),
        "organisation page": items(
            html(client, f"/{lang}/organisatie/ping-loket?at={AT}"), "hours"
        ),
        "poster": items(
            after(html(client, f"/{lang}/poster?at={AT}"), "poster-ping-loket", "</li>\n    {"),
            "p-hours",
        ),
        "partners directory": items(after(partners, 'id="dir-ping-loket"', "</article>"), "hours"),
        "partners referral": items(referral, "hours compact"),
        "hand-over slip": items(after(slip, 'class="slip"', "</section>"), "slip-hours"),
    }


def hsds_lines(client, lang: str) -> list[str]:
    """The schedule descriptions of the PING-loket's HSDS service."""
    url = f"/api/v1/hsds/services/ping-loket?lang={lang}&at={AT}"
    service = client.get(url).get_json()
    schedules = service.get("schedules", [])
    schedules += [s for at in service["service_at_locations"] for s in at["schedules"]]
    return [s["description"] for s in sorted(schedules, key=lambda s: s["opens_at"])]


def says(shown: str, line: str) -> bool:
    """Whether a shown item carries every part of ``line``, in order (the poster adds streets)."""
    position = 0
    for part in line.split(" · "):
        position = shown.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_december_pages_and_open_data_list_the_same_lines(client, lang):
    """A slot that starts in January is on every December surface, with its first day."""
    for surface, shown in surfaces(client, lang).items():
        assert len(shown) == len(EXPECTED[lang]), (surface, shown)
        for item, line in zip(shown, EXPECTED[lang], strict=True):
            assert says(item, line), (surface, item, line)
    assert hsds_lines(client, lang) == EXPECTED[lang]


def test_arabic_surfaces_agree_with_the_arabic_open_data(client):
    """In Arabic too, every surface says what the HSDS export says."""
    expected = hsds_lines(client, "ar")
    assert len(expected) == 2 and "2027" in expected[1]
    for surface, shown in surfaces(client, "ar").items():
        assert len(shown) == 2, surface
        for item, line in zip(shown, expected, strict=True):
            assert says(item, line), (surface, item, line)


def test_in_january_the_slot_is_a_plain_weekly_slot(client):
    """From its first day the slot is shown without a date, like any other."""
    url = "/api/v1/hsds/services/ping-loket?lang=en&at=2027-01-05T10:00"
    service = client.get(url).get_json()
    texts = [s["description"] for at in service["service_at_locations"] for s in at["schedules"]]
    assert "Wednesday 11:00–12:00 · Tuinkamer van Noord, Sporthal de Fluit" in texts
