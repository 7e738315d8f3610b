"""The nginx front limits residents' answers ("Heeft dit geholpen?") per visitor, and only
those: the result page itself and the text box stay open (deploy/nginx/nginx.conf, zone
"answer"). The app's own cap behind it is tested in test_feedback.py."""

from __future__ import annotations

import shutil

import pytest
import servers
from test_nginx import app_server, fetch, folder  # noqa: F401  (the module's servers)

pytestmark = pytest.mark.usefixtures("app_server")

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def fresh_front(app_server):  # noqa: F811
    """A front of its own (fresh request limits) before the same app."""
    started = servers.start_front(app_server.port)
    yield started
    servers.stop(started.process)
    shutil.rmtree(started.prefix, ignore_errors=True)


def test_a_burst_of_answers_from_one_address_reaches_the_app_a_few_times(fresh_front):
    answers = [
        fetch(fresh_front, "/nl/direct/huis-uit", method="POST", body=b"geholpen=ja",
              headers=FORM)
        for _ in range(200)
    ]  # fmt: skip
    passed = [a for a in answers if a.status == 200]
    refused = [a for a in answers if a.status == 429]
    # burst 5, then one per 6 s: 200 answers sent in a few seconds pass 5 or 6 times.
    assert 1 <= len(passed) <= 7, len(passed)
    assert len(passed) + len(refused) == 200
    assert "Even te druk" in refused[-1].text
    # Pages and the text box are never limited by it.
    assert all(fetch(fresh_front, "/nl/direct/huis-uit").status == 200 for _ in range(30))
    assert all(
        fetch(fresh_front, "/nl/", method="POST", body=b"tekst=schulden", headers=FORM).status
        == 200
        for _ in range(30)
    )
