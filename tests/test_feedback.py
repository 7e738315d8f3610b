"""'Heeft dit geholpen?' (issue 27): the question on every result, the answer as a POST that
works without JavaScript and with htmx, what is counted (and what never), the cap, a worker's
stop, and the answers on the reach page with small numbers hidden."""

from __future__ import annotations

import re
import urllib.request
from datetime import date
from pathlib import Path

import postgres
import pytest
import servers
import sqlalchemy as sa
from conftest import NOW
from test_counting import PHONE, TODAY, counting_app

from routekaart import create_app
from routekaart.domain import engine, feedback
from routekaart.ops.db import feedback_counts, get_engine, make_engine, usage_counts
from routekaart.ops.store import current_content

ROOT = Path(__file__).resolve().parent.parent
RESULT = "/nl/direct/huis-uit"
HTMX = {"HX-Request": "true", "HX-Target": "feedback"}


def answers(app) -> dict[tuple[str, str, str, str], int]:
    """Write what the app holds, then every daily answer row as {(kind, key, answer, lang): n}."""
    assert app.extensions["routekaart.feedback_counter"].flush()
    with get_engine(app).connect() as connection:
        rows = connection.execute(sa.select(feedback_counts)).all()
    assert all(row.period == "day" and row.day == TODAY for row in rows), rows
    return {(row.kind, row.key, row.answer, row.lang): row.n for row in rows}


@pytest.fixture
def site(db_url):
    """(app, post): ``post`` sends a form the way a resident's phone does."""
    app = counting_app(db_url)
    client = app.test_client()

    def post(url: str, data: dict, **headers):
        return client.post(url, data=data, headers={"User-Agent": PHONE, **headers})

    return app, post


def result_paths() -> list[str]:
    app = create_app({"TESTING": True})
    with app.app_context():
        content = current_content()
        paths = [c.slug_path for c in engine.results(content.tree)]
        paths.append(content.tree.fallback.slug)  # the general help result
        paths.append(f"direct/{content.tree.fallback.slug}")
    return paths


@pytest.mark.parametrize("lang", ["nl", "en", "ar"])
def test_every_result_and_the_general_help_ask_whether_it_helped(client, lang):
    question = {"nl": "Heeft dit geholpen?", "en": "Did this help?", "ar": "هل ساعدك هذا؟"}[lang]
    for path in result_paths():
        html = client.get(f"/{lang}/{path}").get_data(as_text=True)
        form = re.search(r'<div class="feedback noprint" id="feedback">.*?</div>', html, re.S)
        assert form, path
        form = form.group(0)
        assert question in form
        assert f'method="post" action="/{lang}/{path}"' in form
        assert f'data-hx-post="/{lang}/{path}" data-hx-target="#feedback"' in form
        assert 'name="geholpen" value="ja"' in form and 'name="geholpen" value="nee"' in form
        assert "<textarea" not in form and 'type="text"' not in form  # never free text


def test_a_question_page_has_no_such_question(client):
    assert 'id="feedback"' not in client.get("/nl/direct").get_data(as_text=True)


def test_yes_without_javascript_is_the_same_page_thanked_and_one_count(site):
    app, post = site
    response = post(RESULT, {"geholpen": "ja"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1" in html and 'id="question"' in html  # the whole result page
    assert "Bedankt voor uw antwoord." in html and "Heeft dit geholpen?" not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert answers(app) == {("helped", "direct/huis-uit", "yes", "nl"): 1}
    # The answer page is not a visit of the result: the reach counts stay as they were.
    with get_engine(app).connect() as connection:
        assert connection.execute(sa.select(usage_counts)).all() == []


def test_no_then_a_reason_with_htmx_replaces_only_the_bubble(site):
    app, post = site
    response = post("/ar/direct/huis-uit", {"geholpen": "nee"}, **HTMX)
    html = response.get_data(as_text=True)
    assert html.startswith('<div class="feedback noprint" id="feedback">') and "<html" not in html
    for reason in feedback.REASONS:
        assert f'type="radio" name="waarom" value="{reason}"' in html
    assert "<textarea" not in html and 'type="text"' not in html
    response = post("/ar/direct/huis-uit", {"waarom": "dicht"}, **HTMX)
    assert 'role="status"' in response.get_data(as_text=True)
    assert "<form" not in response.get_data(as_text=True)
    assert answers(app) == {
        ("helped", "direct/huis-uit", "no", "ar"): 1,
        ("why_not", "direct/huis-uit", "dicht", "ar"): 1,
    }


def test_without_javascript_no_gives_the_reasons_on_the_whole_page(site):
    app, post = site
    html = post("/en/iets-anders", {"geholpen": "nee"}).get_data(as_text=True)
    assert "<html" in html and "What went wrong?" in html
    assert answers(app) == {("helped", "iets-anders", "no", "en"): 1}


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        (RESULT, {"geholpen": "misschien"}, 400),
        (RESULT, {"waarom": "ik vond het niks"}, 400),  # never free text
        (RESULT, {}, 400),
        ("/nl/direct", {"geholpen": "ja"}, 405),  # a question, not a result
        ("/nl/bestaat-niet", {"geholpen": "ja"}, 405),
        ("/nl/toegankelijkheid", {"geholpen": "ja"}, 405),
    ],
)
def test_a_bad_answer_gets_a_friendly_page_and_counts_nothing(site, path, data, status):
    app, post = site
    response = post(path, data)
    assert response.status_code == status
    assert "Traceback" not in response.get_data(as_text=True)
    assert "<html" in response.get_data(as_text=True)
    assert answers(app) == {}


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "WhatsApp/2.23.20.0"},
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": ""},
        {"User-Agent": PHONE, "Sec-Fetch-Site": "cross-site"},  # a form on another site
    ],
)
def test_crawlers_link_previews_and_other_sites_never_vote(site, headers):
    app, post = site
    assert post(RESULT, {"geholpen": "ja"}, **headers).status_code == 200  # thanked all the same
    assert answers(app) == {}


def test_a_get_never_counts_an_answer(site):
    app, _ = site
    client = app.test_client()
    for url in (RESULT, f"{RESULT}?geholpen=ja", f"{RESULT}?waarom=dicht"):
        client.get(url, headers={"User-Agent": PHONE})
    assert answers(app) == {}


def test_ten_thousand_answers_in_a_minute_from_one_client_count_at_most_ten(sqlite_url):
    """The cap of one process (held in memory only): at most
    ``feedback.PER_SITUATION_PER_MINUTE`` answers about one situation per minute, and
    ``feedback.PER_MINUTE`` in all. The fixed clock keeps all 10,000 in one minute. (The cap
    is the same whatever the database; nginx's limit_req in front is tested in
    test_nginx.py.)"""
    app = counting_app(sqlite_url)
    client = app.test_client()

    def post(url: str, data: dict):
        return client.post(url, data=data, headers={"User-Agent": PHONE})

    for i in range(10_000):
        post(RESULT, {"geholpen": "ja" if i % 2 else "nee"})
    counted = answers(app)
    assert sum(counted.values()) == feedback.PER_SITUATION_PER_MINUTE == 10
    for path in result_paths()[:20]:
        post(f"/nl/{path}", {"geholpen": "ja"})
    assert sum(answers(app).values()) <= feedback.PER_MINUTE == 60


def test_the_cap_starts_again_each_minute():
    from datetime import datetime

    cap = feedback.Cap(per_situation=2, in_all=3)
    minute = datetime(2027, 1, 6, 10, 30, 5)
    assert [cap.take(minute, "a") for _ in range(3)] == [True, True, False]
    assert cap.take(minute, "b") is True and cap.take(minute, "c") is False  # 3 in all
    assert cap.take(minute.replace(minute=31), "a") is True


def test_answers_survive_a_workers_stop(db_url, tmp_path):
    """Held in memory (no flush for an hour), written as gunicorn's worker stops."""
    env = {
        "ROUTEKAART_DATABASE_URL": db_url,
        "ROUTEKAART_COUNT_USAGE": "true",
        "ROUTEKAART_COUNT_FLUSH_SECONDS": "3600",
        "ROUTEKAART_FIXED_NOW": NOW,
    }
    gunicorn = servers.start_app(tmp_path, env=env, environ=postgres.clean_env(), workers=1)
    try:
        for data in (b"geholpen=ja", b"geholpen=ja", b"geholpen=nee", b"waarom=niet-bereikt"):
            request = urllib.request.Request(
                gunicorn.url + RESULT, data=data, headers={"User-Agent": PHONE}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200
    finally:
        servers.stop(gunicorn.process)  # SIGTERM: the worker writes what it holds as it exits
    engine = make_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        rows = connection.execute(sa.select(feedback_counts)).all()
    engine.dispose()
    assert {(r.kind, r.answer, r.n) for r in rows} == {
        ("helped", "yes", 2),
        ("helped", "no", 1),
        ("why_not", "niet-bereikt", 1),
    }, gunicorn.log.read_text()[-3000:]


def test_the_reach_page_shows_the_answers_per_situation_with_small_numbers_hidden(tmp_path):
    from test_usage import add, make_app

    app = make_app(tmp_path)
    add(app, [(date(2027, 1, 4), "result", "direct/huis-uit", "nl", 30)])
    with get_engine(app).begin() as conn:
        for key, kind, answer, n in [
            ("direct/huis-uit", "helped", "yes", 25),
            ("direct/beslag", "helped", "yes", 12),
            ("binnenkort/stress", "helped", "yes", 3),
            ("direct/huis-uit", "helped", "no", 4),
            ("direct/huis-uit", "why_not", "dicht", 4),
        ]:
            conn.execute(
                feedback_counts.insert().values(
                    period="day", day=date(2027, 1, 5), kind=kind, key=key, answer=answer,
                    lang="nl", n=n,
                )
            )  # fmt: skip
    html = app.test_client().get("/nl/monitor/gebruik").get_data(as_text=True)
    assert "Heeft het geholpen?" in html
    table = html[html.index('aria-labelledby="t-helped_yes"') :]
    table = table[: table.index("</section>")]
    assert '<td class="num">25</td>' in table and '<td class="num">12</td>' in table
    assert '<td class="num">40</td>' in table  # the total of the yes answers
    assert ">3<" not in html and ">4<" not in html
    csv = app.test_client().get("/nl/monitor/gebruik.csv").get_data(as_text=True)
    assert ",25\n" in csv and ",3\n" not in csv and ",4\n" not in csv


def test_the_privacy_page_says_what_is_kept_of_an_answer(client):
    html = client.get("/en/privacy").get_data(as_text=True)
    assert (
        "your answer to \u2018Did this help?\u2019: yes or no, and, if you said no, the reason"
        in html
    )
    assert "we cannot see that a \u2018no\u2019 and a reason came from the same person" in html
    assert "which detail about an organisation someone reported as wrong" in html


# --- "Klopt er iets niet?" on a desk -----------------------------------------------------------


def test_every_desk_card_organisation_page_and_directory_entry_has_the_checkboxes(client):
    pages = {
        "/nl/direct/huis-uit": 2,  # two desk cards
        "/nl/organisatie/kredietbank": 1,
        "/en/partners": None,  # one per entry
    }
    for url, expected in pages.items():
        html = client.get(url).get_data(as_text=True)
        boxes = re.findall(
            r'<details class="report noprint" id="report-[^"]+">.*?</details>', html, re.S
        )
        if expected is not None:
            assert len(boxes) == expected, url
        assert boxes, url
        for box in boxes:
            for fact in feedback.FACTS:
                assert f'type="checkbox" name="fout" value="{fact}"' in box
            assert "<textarea" not in box and 'type="text"' not in box
    html = client.get("/en/partners").get_data(as_text=True)
    assert "The programme team first checks each report with the organisation." in html


def test_a_report_counts_each_fact_ticked_and_thanks(site):
    app, post = site
    response = post("/nl/organisatie/kredietbank", {"fout": ["telefoon", "openingstijden"]})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<h1" in html and "We controleren de melding eerst met de organisatie" in html
    response = post(
        "/ar/organisatie/ping-loket", {"fout": "gestopt"}, **{"HX-Request": "true",
                                                            "HX-Target": "report-ping-loket"}
    )  # fmt: skip
    assert response.get_data(as_text=True).startswith('<div class="report noprint"')
    assert answers(app) == {
        ("wrong", "kredietbank", "telefoon", "nl"): 1,
        ("wrong", "kredietbank", "openingstijden", "nl"): 1,
        ("wrong", "ping-loket", "gestopt", "ar"): 1,
    }


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        ("/nl/organisatie/kredietbank", {}, 400),  # nothing ticked
        ("/nl/organisatie/kredietbank", {"fout": "het nummer is 070-1234567"}, 400),
        ("/nl/organisatie/bestaat-niet", {"fout": "adres"}, 404),
    ],
)
def test_a_bad_report_gets_a_friendly_page_and_counts_nothing(site, path, data, status):
    app, post = site
    response = post(path, data)
    assert response.status_code == status and "<html" in response.get_data(as_text=True)
    assert answers(app) == {}


def test_reports_share_the_cap_and_crawlers_never_report(sqlite_url):
    app = counting_app(sqlite_url)
    client = app.test_client()
    for _ in range(100):
        client.post("/nl/organisatie/kredietbank", data={"fout": "adres"},
                    headers={"User-Agent": PHONE})  # fmt: skip
    client.post("/nl/organisatie/kredietbank", data={"fout": "adres"},
                headers={"User-Agent": "WhatsApp/2.23"})  # fmt: skip
    assert answers(app) == {("wrong", "kredietbank", "adres", "nl"): 10}


def test_the_feedback_listing_lists_each_desks_reports_of_the_last_weeks(tmp_path, monkeypatch):
    """`routekaart usage --feedback`: per desk the reports of the last weeks, small numbers
    hidden; a desk with a report since its facts were last confirmed (the bundled content has
    no confirmations yet, so every reported desk) is marked to be called and listed first."""
    from routekaart.cli import main

    url = f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", url)
    app = create_app({"TESTING": True})
    with get_engine(app).begin() as conn:
        for key, fact, day, n in [
            ("ping-loket", "adres", date(2026, 12, 20), 2),
            ("ping-loket", "openingstijden", date(2026, 12, 21), 1),
            ("ping-loket", "adres", date(2026, 10, 1), 40),  # older than 8 weeks
            ("kredietbank", "telefoon", date(2027, 1, 5), 12),
        ]:
            conn.execute(
                feedback_counts.insert().values(
                    period="day", day=day, kind="wrong", key=key, answer=fact, lang="nl", n=n
                )
            )
    runner = app.test_cli_runner()
    text = runner.invoke(main, ["usage", "--feedback", "--weeks", "52"], catch_exceptions=False)
    assert text.exit_code == 0, text.output
    assert "[kredietbank]  (since its facts were last confirmed: call it)" in text.stdout
    assert "[ping-loket]  (since its facts were last confirmed: call it)" in text.stdout
    assert "     42  adres (last 2026-12-20)" in text.stdout  # 2 + 40 within 52 weeks
    assert "   < 10  openingstijden (last 2026-12-21)" in text.stdout
    assert "     12  telefoon (last 2027-01-05)" in text.stdout
    recent = runner.invoke(main, ["usage", "--feedback", "--csv"], catch_exceptions=False)
    rows = recent.stdout.splitlines()
    assert rows[0] == "from,to,desk,fact,reports,since_confirmed"
    assert "2026-11-11,2027-01-06,ping-loket,adres,< 10,True" in rows  # the 40 is too old
    assert "2026-11-11,2027-01-06,kredietbank,telefoon,12,True" in rows


def test_the_call_list_names_the_facts_reported_since_the_last_confirmation(tmp_path, monkeypatch):
    """`routekaart check content --to-confirm`: a desk reported wrong gets a line with the
    kinds of fact reported, read from the counts database."""
    from routekaart.cli import call_list, main

    code, lines = call_list(
        ROOT / "content",
        TODAY,
        {"kredietbank": [("telefoon", date(2027, 1, 2)), ("openingstijden", date(2027, 1, 3))]},
    )
    assert code == 0
    desk = next(i for i, line in enumerate(lines) if line.startswith("Kredietbank"))
    assert (
        "  - reported wrong by residents or partners (never confirmed): openingstijden, "
        "telefoon (routekaart usage --feedback)" in lines[desk:]
    )
    url = f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", url)
    app = create_app({"TESTING": True})
    with get_engine(app).begin() as conn:
        conn.execute(
            feedback_counts.insert().values(
                period="day", day=date(2027, 1, 5), kind="wrong", key="ping-loket",
                answer="gestopt", lang="ar", n=1,
            )
        )  # fmt: skip
    result = app.test_cli_runner().invoke(
        main, ["check", "--to-confirm", "--today", "2027-01-06"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "reported wrong by residents or partners (never confirmed): gestopt" in result.stdout


def test_the_young_peoples_results_say_je_in_the_new_controls(client):
    """The young people's branch says "je" (content: je_branch), the new controls too."""
    html = client.get("/nl/jong/iets-anders").get_data(as_text=True)
    assert "nooit wie je bent" in html and "wie u bent" not in html
    app = create_app({"TESTING": True})
    thanked = (
        app.test_client()
        .post("/nl/jong/iets-anders", data={"geholpen": "ja"}, headers=HTMX)
        .get_data(as_text=True)
    )
    assert "Bedankt voor je antwoord." in thanked
