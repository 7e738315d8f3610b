"""Reach figures: counts read per week or month, the figures page, its CSV, the overview's
indicator, the staff export and the roll-up of old days into months (on a real SQLite file)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from routekaart import create_app
from routekaart.cli import main
from routekaart.domain import hiding, reach
from routekaart.ops import usage
from routekaart.ops.db import get_engine, usage_counts

MONDAY = date(2027, 1, 4)  # week 1 of 2027; the fixed clock's Wednesday is in it


def make_app(tmp_path, url=None, **config):
    """The app counting into its own database: a SQLite file unless ``url`` names another."""
    url = url or f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    return create_app({"TESTING": True, "DATABASE_URL": url, **config})


def add(app, rows, period="day"):
    """Put counts in the app's database: (day, kind, key, lang, n) rows."""
    with get_engine(app).begin() as conn:
        for day, kind, key, lang, n in rows:
            conn.execute(
                usage_counts.insert().values(
                    period=period, day=day, kind=kind, key=key, lang=lang, n=n
                )
            )


# A week of counts: two situations well above 10, one just under, general help, poster tags.
WEEK = [
    (MONDAY, "result", "direct/huis-uit", "nl", 20),
    (date(2027, 1, 5), "result", "direct/huis-uit", "ar", 12),
    (MONDAY, "result", "binnenkort/schulden", "nl", 40),
    (MONDAY, "result", "binnenkort/stress", "en", 3),
    (MONDAY, "result", "direct/iets-anders", "nl", 6),
    (MONDAY, "result", "iets-anders", "nl", 6),
    (MONDAY, "step", "", "nl", 150),
    (MONDAY, "step", "direct", "nl", 44),
    (MONDAY, "source", "bibliotheek", "nl", 25),
    (MONDAY, "source", "portiek", "ar", 4),
    (MONDAY, "source", "weggehaald", "nl", 30),
    (MONDAY, "free_text", "matched", "nl", 15),
    (MONDAY, "free_text", "nothing", "nl", 11),
    (MONDAY, "something_else", "direct", "nl", 12),
    (MONDAY, "handover", "direct/huis-uit", "ar", 14),
    # Outside the week and its month: never in their figures.
    (date(2026, 12, 31), "result", "direct/huis-uit", "nl", 500),
    (date(2027, 2, 1), "result", "direct/huis-uit", "nl", 500),
]


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2027-02", date(2027, 2, 1), date(2027, 2, 28)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_periods_are_calendar_months(text, first, last):
    period = reach.parse_period(text)
    assert (period.first, period.last, period.id) == (first, last, text)
    assert period.next().previous() == period


@pytest.mark.parametrize("text", ["2027-W01", "2027-13", "27-01", "2027", "2027-1"])
def test_a_malformed_period_is_none(text):
    assert reach.parse_period(text) is None


@pytest.mark.parametrize(
    ("week", "month"),
    [
        ("2027-W01", "2027-01"),
        ("2026-W53", "2026-12"),  # 28 Dec to 3 Jan: its Thursday is 31 December
        ("2027-W05", "2027-02"),  # 1 to 7 February 2027
        ("2026-W40", "2026-10"),  # 28 Sep to 4 Oct: Thursday 1 October
    ],
)
def test_a_week_belongs_to_the_month_of_its_thursday(week, month):
    assert reach.month_of_week(week).id == month


def test_months_in_a_range_are_whole_months_each_on_its_own():
    months = reach.months_in(date(2026, 11, 1), date(2027, 2, 28))
    assert [m.id for m in months] == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert reach.months_in(date(2027, 1, 1), date(2027, 1, 31)) == [reach.month_of(MONDAY)]
    assert reach.months_in(date(2027, 1, 2), date(2027, 1, 31)) is None
    assert reach.months_in(date(2027, 1, 1), date(2027, 1, 30)) is None
    assert reach.months_in(date(2027, 2, 1), date(2027, 1, 31)) is None


# --- reading and rolling up --------------------------------------------------------------------


def test_counts_of_a_week_add_up_its_days_and_nothing_else(tmp_path, db_url):
    app = make_app(tmp_path, db_url)
    sunday = date(2027, 1, 10)  # the week's last day counts; the days around it do not
    add(app, [*WEEK, (sunday, "result", "direct/huis-uit", "nl", 7)])
    with get_engine(app).connect() as conn:
        read = usage.read_counts(conn, MONDAY, sunday)
    in_week = {(kind, key, lang): n for day, kind, key, lang, n in WEEK if MONDAY <= day <= sunday}
    assert len(in_week) == len(WEEK) - 2  # every row of WEEK but the two outside it
    assert read.counts == {**in_week, ("result", "direct/huis-uit", "nl"): 20 + 7}
    assert read.partial_months == ()


def test_a_rolled_up_month_counts_in_a_range_that_holds_it_whole(tmp_path, db_url):
    app = make_app(tmp_path, db_url)
    march = date(2025, 3, 1)
    add(app, [(march, "result", "direct/beslag", "nl", 31)], period="month")
    # Counted whole, or only named as partial (the page says so), or not there at all.
    expected = {
        "whole": ({("result", "direct/beslag", "nl"): 31}, ()),
        "partial": ({}, (march,)),
        "outside": ({}, ()),
    }
    ranges = [
        (date(2025, 1, 1), date(2025, 12, 31), "whole"),
        (date(2025, 3, 1), date(2025, 3, 31), "whole"),  # exactly the month
        (date(2025, 3, 1), date(2025, 3, 30), "partial"),  # a day short at the end
        (date(2025, 3, 2), date(2025, 3, 31), "partial"),  # a day short at the start
        (date(2025, 3, 10), date(2025, 3, 16), "partial"),  # a week inside it
        (date(2025, 2, 1), date(2025, 2, 28), "outside"),  # the month before
        (date(2025, 4, 1), date(2025, 4, 30), "outside"),  # the month after
    ]
    with get_engine(app).connect() as conn:
        for first, last, kind in ranges:
            read = usage.read_counts(conn, first, last)
            assert (read.counts, read.partial_months) == expected[kind], (first, last)


def test_roll_up_turns_old_whole_months_into_month_rows_and_keeps_recent_days(tmp_path, db_url):
    app = make_app(tmp_path, db_url)
    add(
        app,
        [
            (date(2025, 1, 3), "result", "direct/beslag", "nl", 4),
            (date(2025, 1, 30), "result", "direct/beslag", "nl", 5),
            (date(2025, 2, 27), "result", "direct/beslag", "nl", 7),
            (date(2025, 3, 2), "result", "direct/beslag", "nl", 1),
        ],
    )
    # A month rolled up earlier gets the late arrivals added to it.
    add(app, [(date(2025, 1, 1), "result", "direct/beslag", "nl", 100)], period="month")
    # 400 days before 2026-03-10 is 2025-02-03: January is old as a whole, February is not yet.
    with get_engine(app).begin() as conn:
        removed = usage.roll_up(conn, date(2026, 3, 10), keep_days=400)
    assert removed == 2
    with get_engine(app).connect() as conn:
        rows = conn.execute(
            select(usage_counts.c.period, usage_counts.c.day, usage_counts.c.n).order_by(
                usage_counts.c.day
            )
        ).all()
    assert rows == [
        ("month", date(2025, 1, 1), 109),
        ("day", date(2025, 2, 27), 7),
        ("day", date(2025, 3, 2), 1),
    ]
    with get_engine(app).begin() as conn:
        assert usage.roll_up(conn, date(2026, 3, 10), keep_days=400) == 0


def test_a_month_read_holds_its_first_and_last_day_and_a_month_row_that_ends_on_it(tmp_path):
    """Mutation survivors of read_counts (issue 27): ``<= last`` as ``< last`` dropped the last
    day of every period; a rolled-up month that ends exactly on ``last`` is whole, not partial."""
    app = make_app(tmp_path)
    add(
        app,
        [
            (date(2027, 1, 1), "result", "direct/beslag", "nl", 1),
            (date(2027, 1, 31), "result", "direct/beslag", "nl", 10),
            (date(2027, 2, 1), "result", "direct/beslag", "nl", 100),
            (date(2026, 12, 31), "result", "direct/beslag", "nl", 1000),
        ],
    )
    add(app, [(date(2026, 11, 1), "result", "direct/beslag", "nl", 5000)], period="month")
    with get_engine(app).connect() as conn:
        january = usage.read_counts(conn, date(2027, 1, 1), date(2027, 1, 31))
        november = usage.read_counts(conn, date(2026, 11, 1), date(2026, 11, 30))
        two = usage.read_counts(conn, date(2026, 11, 1), date(2026, 12, 31))
    assert january.counts == {("result", "direct/beslag", "nl"): 11}
    assert november == usage.Read({("result", "direct/beslag", "nl"): 5000}, ())
    assert two.counts == {("result", "direct/beslag", "nl"): 6000}


@pytest.mark.parametrize(("keep_days", "rolled"), [(402, True), (403, False)])
def test_roll_up_takes_a_month_once_its_last_day_is_past_the_retention(tmp_path, keep_days, rolled):
    """Mutation survivors of roll_up (issue 27): 2026-03-10 minus 402 days is 2025-02-01, so
    January 2025 has left the retention whole and is rolled up; with 403 days, 31 January is
    still kept and nothing is. A month row older than that is never read as a day, never
    added to itself, never deleted; day rows of the kept months stay."""
    app = make_app(tmp_path)
    add(
        app,
        [
            (date(2025, 1, 1), "result", "direct/beslag", "nl", 3),
            (date(2025, 1, 31), "result", "direct/beslag", "nl", 4),
            (date(2025, 2, 1), "result", "direct/beslag", "nl", 5),
        ],
    )
    add(
        app,
        [
            (date(2024, 11, 1), "result", "direct/beslag", "nl", 70),
            (date(2025, 1, 1), "result", "direct/stress", "nl", 80),
        ],
        period="month",
    )
    with get_engine(app).begin() as conn:
        removed = usage.roll_up(conn, date(2026, 3, 10), keep_days=keep_days)
    with get_engine(app).connect() as conn:
        rows = set(
            conn.execute(
                select(
                    usage_counts.c.period, usage_counts.c.day, usage_counts.c.key, usage_counts.c.n
                )
            ).all()
        )
    kept = {
        ("month", date(2024, 11, 1), "direct/beslag", 70),
        ("month", date(2025, 1, 1), "direct/stress", 80),
        ("day", date(2025, 2, 1), "direct/beslag", 5),
    }
    if rolled:
        assert removed == 2
        assert rows == kept | {("month", date(2025, 1, 1), "direct/beslag", 7)}
    else:
        assert removed == 0
        assert rows == kept | {
            ("day", date(2025, 1, 1), "direct/beslag", 3),
            ("day", date(2025, 1, 31), "direct/beslag", 4),
        }


def test_rows_of_a_route_or_language_no_longer_offered_keep_the_lines_adding_up():
    """Mutation survivors (issue 27): counts of a result no longer in the routekaart or of a
    language the site no longer has get one row of their own, so every line still adds up to
    the total the small-number rule relies on."""
    from test_usage_suppression import CONTENT, LABELS

    counts = {
        ("result", "direct/huis-uit", "nl"): 40,
        ("result", "weg/oud", "nl"): 12,
        ("result", "direct/huis-uit", "de"): 15,
        ("handover", "weg/oud", "ar"): 11,
        ("handover", "direct/huis-uit", "tr"): 13,
        ("handover", "direct/huis-uit", "nl"): 30,
    }
    report = reach.build_report(counts, CONTENT, "nl", LABELS)
    for table_id, other in [
        ("situations", 12),
        ("languages", 15),
        ("handovers", 11),
        ("handover_languages", 13),
    ]:
        table = report.tables[table_id]
        assert table.rows[-1].id == reach.OTHER
        assert table.rows[-1].cell.value == other
        assert sum(row.cell.value for row in table.rows) == table.total.value, table_id
    assert report.tables["situations"].total.value == 67
    assert report.tables["handovers"].total.value == 54
    # Without such counts there is no such row.
    plain = reach.build_report({("result", "direct/huis-uit", "nl"): 40}, CONTENT, "nl", LABELS)
    assert reach.OTHER not in {row.id for row in plain.tables["situations"].rows}
    assert reach.OTHER not in {row.id for row in plain.tables["languages"].rows}


def test_the_roll_up_command_uses_the_retention_setting(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'counts.sqlite3'}"
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", url)
    monkeypatch.setenv("ROUTEKAART_USAGE_KEEP_DAYS", "30")
    app = create_app({"TESTING": True})
    add(app, [(date(2026, 11, 20), "result", "direct/beslag", "nl", 4)])
    result = app.test_cli_runner().invoke(main, ["usage", "--roll-up"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "rolled 1 day row(s) older than 30 days" in result.output
    with get_engine(app).connect() as conn:
        assert conn.execute(select(usage_counts.c.period, usage_counts.c.day)).all() == [
            ("month", date(2026, 11, 1))
        ]


# --- the report --------------------------------------------------------------------------------


def week_report(tmp_path, lang="nl"):
    app = make_app(tmp_path)
    add(app, WEEK)
    with app.test_request_context(f"/{lang}/"):
        from routekaart.web.reach import report_for

        return report_for(MONDAY, date(2027, 1, 10))


def rows_of(table):
    return {row.id: row.cell.text for row in table.rows}


def test_results_are_shown_per_situation_with_small_ones_hidden(tmp_path):
    report = week_report(tmp_path)
    situations = report.tables["situations"]
    figures = rows_of(situations)
    assert figures["direct/huis-uit"] == "32"  # Dutch and Arabic together
    assert figures["binnenkort/schulden"] == "40"
    assert figures["binnenkort/stress"] == "< 10"
    # Every way into "Something else" is one row: 6 + 6.
    assert figures["iets-anders"] == "12"
    assert situations.total.text == "87"
    # The one non-zero small figure (3) sits among many "< 10" zeros: 87 - 32 - 40 - 12 leaves
    # 3 to share among them, so nothing more needs hiding.
    assert not any(row.cell.state == hiding.HIDDEN for row in situations.rows)
    assert reach.OTHER not in figures  # every counted path is still in the routekaart


def test_languages_share_the_total_of_the_results(tmp_path):
    report = week_report(tmp_path)
    languages = report.tables["languages"]
    assert languages.total.text == report.tables["situations"].total.text
    assert rows_of(languages)["en"] == "< 10"
    # nl 72, ar 12, en 3: the smallest shown (12) is hidden so 84 - 72 does not give en.
    assert rows_of(languages) == {"nl": "72", "en": "< 10", "ar": "hidden"}


def test_organisations_show_a_sum_only_when_every_part_is_shown(tmp_path):
    report = week_report(tmp_path)
    organisations = {row.id: row.cell for row in report.tables["organisations"].rows}
    assert report.tables["organisations"].total is None
    # Each organisation is on some situation nobody reached this week ("< 10"): no sum shows.
    assert not any(cell.shown for cell in organisations.values())
    # The Kredietbank is on the eviction letter (32) and on debts (40): "not shown", not
    # "hidden" (10 or more), which beside a shown total could give a small figure away.
    assert organisations["kredietbank"].state == hiding.WITHHELD
    assert organisations["kredietbank"].value >= 72
    assert {cell.state for cell in organisations.values()} == {hiding.WITHHELD}


def test_an_organisation_is_shown_when_each_of_its_situations_is(tmp_path):
    app = make_app(tmp_path)
    with app.test_request_context("/nl/"):
        from routekaart.ops.store import current_content
        from routekaart.web.reach import labels

        content = current_content()
        _, by_org = reach._situations(content, "nl", labels())
        org_id, paths = min(by_org.items(), key=lambda item: len(item[1]))
        counts = {("result", path, "nl"): 10 + i for i, path in enumerate(paths)}
        # Two small figures elsewhere, so the zeros do not force a shown figure to be hidden.
        others = [
            path for path in reach._situations(content, "nl", labels())[0] if path not in paths
        ]
        counts[("result", others[0], "nl")] = 3
        counts[("result", others[1], "nl")] = 4
        report = reach.build_report(counts, content, "nl", labels())
    cell = next(r.cell for r in report.tables["organisations"].rows if r.id == org_id)
    assert cell.text == str(sum(10 + i for i in range(len(paths))))


def test_poster_sources_keep_only_whitelisted_tags_and_one_row_for_the_rest(tmp_path):
    sources = week_report(tmp_path).tables["sources"]
    figures = rows_of(sources)
    # portiek's 4 shares the rest with three tags at 0: 59 - 25 - 30 = 4 tells nobody which.
    assert figures["bibliotheek"] == "25"
    assert figures["portiek"] == "< 10"
    assert figures[reach.OTHER] == "30"
    assert "weggehaald" not in figures
    assert sources.total.text == "59"


def test_the_funnel_shows_reached_and_continued_per_question(tmp_path):
    funnel = week_report(tmp_path).tables["funnel"]
    start = funnel.rows[0]
    assert start.id == "" and start.cell.text == "150"
    direct = next(row for row in funnel.rows if row.id == "direct")
    assert direct.cell.text == "44"
    # "direct" leads on to results most of which are under 10: its "continued" is not shown.
    assert direct.extra.state == hiding.WITHHELD and direct.extra.value == 32
    assert len(funnel.rows) == len({row.id for row in funnel.rows})


def test_the_text_box_is_counts_only_and_something_else_is_one_row_of_the_situations(tmp_path):
    """ "Something else" is the general help result (12 in the situations) and no row of its own
    here: two copies under two totals let "nothing found" be worked out (issue 27). Old rows of
    the kind "something_else" in the database are never read."""
    report = week_report(tmp_path)
    texts = report.tables["text_nl"]
    assert rows_of(texts) == {"matched": "15", "nothing": "11"}
    assert texts.total.text == "26"
    assert rows_of(report.tables["situations"])["iets-anders"] == "12"


def own_words(tmp_path, rows, lang="nl"):
    """The report of a month with only these counts of the text box: (kind, key, lang, n)."""
    app = make_app(tmp_path)
    add(app, [(MONDAY, kind, key, lang_, n) for kind, key, lang_, n in rows])
    with app.test_request_context(f"/{lang}/"):
        from routekaart.web.reach import report_for

        return report_for(date(2027, 1, 1), date(2027, 1, 31))


def test_the_text_box_is_shown_per_page_language_each_with_its_own_total(tmp_path):
    """Issue 25: the programme sees when residents on the Arabic pages are not understood. Each
    language is a line with its own total; no sum over the languages is shown, so no hidden
    language can be worked out as the sum minus the others."""
    report = own_words(
        tmp_path,
        [
            ("free_text", "matched", "nl", 40),
            ("free_text", "nothing", "nl", 12),
            ("free_text", "matched", "ar", 11),
            ("free_text", "nothing", "ar", 19),
            ("free_text", "matched", "en", 3),
        ],
    )
    assert rows_of(report.tables["text_nl"]) == {"matched": "40", "nothing": "12"}
    assert report.tables["text_nl"].total.text == "52"
    assert rows_of(report.tables["text_ar"]) == {"matched": "11", "nothing": "19"}
    assert report.tables["text_ar"].total.text == "30"
    # 3 texts in English: too few for anything, the total included.
    assert rows_of(report.tables["text_en"]) == {"matched": "< 10", "nothing": "< 10"}
    assert report.tables["text_en"].total.text == "< 10"
    assert "choices" not in report.tables  # the old sum over every language
    assert "text_other" not in report.tables  # no other language has counts


def test_which_suggestion_was_chosen_adds_up_to_the_texts_that_found_something(tmp_path):
    """First, second, third and "none of them" (texts with suggestions minus choices) add up to
    the texts that found situations: a line under that total, hidden by the same rule."""
    report = own_words(
        tmp_path,
        [
            ("free_text", "matched", "nl", 40),
            ("free_text", "nothing", "nl", 12),
            ("choice", "1", "nl", 14),
            ("choice", "2", "nl", 12),
            ("choice", "3", "nl", 2),
            ("choice", "9", "nl", 5),  # not a suggestion the box ever offers: never read
            ("free_text", "matched", "ar", 30),
            ("free_text", "nothing", "ar", 12),
            ("choice", "2", "ar", 21),
        ],
    )
    chosen = report.tables["chosen_nl"]
    # none = 40 - 14 - 12 - 2 = 12; the 2 alone under a shown total would be 2 exactly: the
    # smallest shown figure (the first 12) is hidden too, leaving it 0 to 4.
    assert rows_of(chosen) == {"1": "14", "2": "hidden", "3": "< 10", "none": "12"}
    assert [row.cell.value for row in chosen.rows] == [14, 12, 2, 12]
    assert chosen.total.text == "40"
    # Arabic: 21 chose the second, none = 9, and two zeros: "< 10" leaves each 0 to 9.
    assert rows_of(report.tables["chosen_ar"]) == {
        "1": "< 10",
        "2": "21",
        "3": "< 10",
        "none": "< 10",
    }


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        # More choices than texts (a page reloaded with its marker, a month's edge): "none"
        # would be below 0, so the choices are not a part of the texts.
        ([("free_text", "matched", "nl", 20), ("choice", "1", "nl", 21)], "more"),
        # The texts that found something are hidden: the choices would add up to them.
        (
            [
                ("free_text", "matched", "nl", 20),
                ("free_text", "nothing", "nl", 3),
                ("choice", "1", "nl", 12),
            ],
            "hidden total",
        ),
        # 10 texts, all ten chose the first: no way to hide a line of 10, 0, 0, 0 under a
        # shown 10 (every "< 10" would be 0). Withheld, not hidden: "< 10" would give it away.
        (
            [
                ("free_text", "matched", "nl", 10),
                ("free_text", "nothing", "nl", 10),
                ("choice", "1", "nl", 10),
            ],
            "unsafe",
        ),
    ],
)
def test_choices_that_cannot_be_shown_safely_are_withheld_whole(tmp_path, rows, why):
    report = own_words(tmp_path, rows)
    chosen = report.tables["chosen_nl"]
    assert {row.cell.state for row in chosen.rows} == {hiding.WITHHELD}, why
    assert rows_of(chosen) == dict.fromkeys(["1", "2", "3", "none"], "not shown")
    assert chosen.total == report.tables["text_nl"].rows[0].cell  # the same figure, once more


def test_a_language_the_site_no_longer_has_gets_tables_of_its_own(tmp_path):
    report = own_words(tmp_path, [("free_text", "matched", "de", 12), ("choice", "1", "de", 4)])
    assert rows_of(report.tables["text_other"]) == {"matched": "hidden", "nothing": "< 10"}
    assert report.tables["text_other"].total.text == "12"
    assert rows_of(report.tables["text_nl"]) == {"matched": "< 10", "nothing": "< 10"}


def test_the_page_csv_and_cli_show_the_text_box_per_language(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    add(
        app,
        [
            (MONDAY, "free_text", "matched", "ar", 30),
            (MONDAY, "free_text", "nothing", "ar", 25),
            (MONDAY, "choice", "2", "ar", 20),
            (MONDAY, "choice", "1", "ar", 3),
            (MONDAY, "free_text", "matched", "nl", 10),
            (MONDAY, "choice", "1", "nl", 11),
        ],
    )
    client = app.test_client()
    html = client.get("/nl/monitor/gebruik?periode=2027-01").get_data(as_text=True)
    assert "Eigen woorden, pagina&#39;s in het Arabisch: vond het tekstvak iets?" in html
    assert "Eigen woorden, pagina&#39;s in het Nederlands: welke suggestie werd gekozen" in html
    assert "De tweede suggestie is gekozen" in html and "niet getoond" in html
    assert "Geen van de suggesties" in html and 'id="none-chosen"' in html
    html_ar = client.get("/ar/monitor/gebruik?periode=2027-01").get_data(as_text=True)
    assert "اختاروا الاقتراح الثاني" in html_ar and "غير معروض" in html_ar
    html_en = client.get("/en/monitor/gebruik?periode=2027-01").get_data(as_text=True)
    assert "Own words, pages in Arabic: which suggestion was chosen" in html_en
    sheet = client.get("/en/monitor/gebruik.csv?periode=2027-01").text
    lines = list(csv.reader(io.StringIO(sheet)))
    title = "Own words, pages in Arabic: which suggestion was chosen"
    assert [line[3:7] for line in lines if line[2] == title] == [
        ["1", "The first suggestion was chosen", "count", "< 10"],
        ["2", "The second suggestion was chosen", "count", "20"],
        ["3", "The third suggestion was chosen", "count", "< 10"],
        ["none", "None of them (an estimate, see below)", "count", "< 10"],
        ["", "", "total", "30"],
    ]
    withheld = "Own words, pages in Dutch: which suggestion was chosen"
    assert {line[6] for line in lines if line[2] == withheld and line[5] == "count"} == {
        "not shown"
    }
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", app.config["DATABASE_URL"])
    result = app.test_cli_runner().invoke(
        main, ["usage", "--from", "2027-01-01", "--to", "2027-01-31", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Own words, pages in Arabic: did the text box find something?" in out
    assert "       30  Own words: the text box found situations" in out
    assert "       20  The second suggestion was chosen" in out
    assert "not shown  The first suggestion was chosen" in out


def test_handovers_per_situation_and_resident_language(tmp_path):
    """One situation handed over 14 times, the rest never: 14 is hidden, or the total minus it
    would tell that every other situation is 0."""
    report = week_report(tmp_path)
    assert report.tables["handovers"].total.text == "14"
    assert rows_of(report.tables["handovers"])["direct/huis-uit"] == "hidden"
    assert rows_of(report.tables["handover_languages"]) == {
        "nl": "< 10",
        "en": "< 10",
        "ar": "hidden",
    }


# --- the page ----------------------------------------------------------------------------------


def test_the_figures_page_is_not_a_theme(tmp_path):
    """/<lang>/monitor/<theme_id> exists too: the fixed address wins."""
    app = make_app(tmp_path)
    response = app.test_client().get("/nl/monitor/gebruik")
    assert response.status_code == 200
    assert app.url_map.bind("localhost").match("/nl/monitor/gebruik")[0] == "usage.figures"


@pytest.mark.parametrize(
    ("lang", "heading", "direction"),
    [
        ("nl", "Bereik van de routekaart", "ltr"),
        ("en", "Reach of the Routekaart", "ltr"),
        ("ar", "مدى وصول دليل المساعدة", "rtl"),
    ],
)
def test_the_figures_page_in_three_languages(tmp_path, lang, heading, direction):
    app = make_app(tmp_path)
    add(app, WEEK)
    html = app.test_client().get(f"/{lang}/monitor/gebruik").get_data(as_text=True)
    assert f'dir="{direction}"' in html
    assert f"<h1>{heading}</h1>" in html
    # 7 of reach, 6 of the text box (two per language), 3 of "Heeft het geholpen?"
    assert html.count('role="img"') == 16
    assert html.count("<table") == 16


def test_the_page_shows_the_same_hidden_figures_as_the_report(tmp_path):
    app = make_app(tmp_path)
    add(app, WEEK)
    html = app.test_client().get("/en/monitor/gebruik").get_data(as_text=True)
    assert '<td class="num">87</td>' in html  # the total of the results
    assert ">500<" not in html and "1000" not in html  # the days outside the week
    assert ">3<" not in html and ">4<" not in html and ">6<" not in html
    assert "&lt; 10" in html and "hidden" in html
    # The charts are drawn with presentation attributes: no inline style anywhere.
    assert "style=" not in html
    chart = re.search(r"<svg class=\"chart hchart\".*?</svg>", html, re.S).group(0)
    assert "<title id=" in chart and "<desc id=" in chart
    assert 'width="0"' not in chart  # a hidden figure has no bar at all


def test_the_page_is_one_month_and_the_old_week_addresses_lead_to_a_month(tmp_path):
    app = make_app(tmp_path)
    add(app, WEEK)
    client = app.test_client()
    html = client.get("/nl/monitor/gebruik").get_data(as_text=True)
    assert "januari 2027" in html and ">87<" in html  # not the 500s of 31 Dec and 1 Feb
    html = client.get("/nl/monitor/gebruik?periode=2026-12").get_data(as_text=True)
    assert "december 2026" in html and ">87<" not in html
    for old, new in [
        ("?periode=2027-W01", "?periode=2027-01"),
        ("?per=week&periode=2026-W53", "?periode=2026-12"),
        ("?per=maand&periode=2026-12", "?periode=2026-12"),
        ("?per=week", ""),
    ]:
        response = client.get(f"/nl/monitor/gebruik{old}")
        assert response.status_code == 301, old
        assert response.headers["Location"] == f"/nl/monitor/gebruik{new}", old
    response = client.get("/en/monitor/gebruik.csv?periode=2027-W01")
    assert response.headers["Location"] == "/en/monitor/gebruik.csv?periode=2027-01"


@pytest.mark.parametrize(
    "query",
    [
        "?per=jaar",
        "?periode=2027-13",
        "?per=week&periode=2027-01",
        "?periode=2027-W54",
        "?periode=morgen",
    ],
)
def test_a_malformed_choice_is_a_friendly_400(tmp_path, query):
    response = make_app(tmp_path).test_client().get(f"/nl/monitor/gebruik{query}")
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_an_empty_database_says_there_are_no_figures_yet(tmp_path):
    html = make_app(tmp_path).test_client().get("/en/monitor/gebruik").get_data(as_text=True)
    assert "There are no figures yet. The Routekaart hasn’t counted any page views so far." in html
    assert "<svg" not in html
    assert 'rel="prev"' not in html and 'rel="next"' not in html  # nothing earlier, no future


def test_earlier_and_later_links_stop_at_the_first_count_and_today(tmp_path):
    app = make_app(tmp_path)
    add(app, [(date(2026, 12, 29), "step", "", "nl", 12)])
    client = app.test_client()
    html = client.get("/nl/monitor/gebruik").get_data(as_text=True)
    assert 'href="/nl/monitor/gebruik?periode=2026-12" rel="prev"' in html
    assert 'rel="next"' not in html  # the fixed clock's own month
    html = client.get("/nl/monitor/gebruik?periode=2026-12").get_data(as_text=True)
    assert 'rel="prev"' not in html
    assert 'href="/nl/monitor/gebruik?periode=2027-01" rel="next"' in html


def test_a_database_that_cannot_be_read_gives_a_page_not_a_stack_trace(tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'x' / 'db'}"}
    )
    client = app.test_client()
    response = client.get("/en/monitor/gebruik")
    assert response.status_code == 503
    assert "can’t be read right now" in response.get_data(as_text=True)
    overview = client.get("/en/monitor")
    assert overview.status_code == 200
    assert "can’t be read right now" in overview.get_data(as_text=True)
    assert client.get("/en/monitor/gebruik.csv").status_code == 503


def test_the_csv_holds_the_same_figures_as_the_page(tmp_path, db_url):
    app = make_app(tmp_path, db_url)
    add(app, WEEK)
    response = app.test_client().get("/en/monitor/gebruik.csv?periode=2027-01")
    assert response.mimetype == "text/csv"
    assert "routekaart-2027-01-en.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by = {(r["table"], r["id"], r["figure"]): r["value"] for r in rows}
    assert by[("Results reached per situation", "direct/huis-uit", "count")] == "32"
    assert by[("Results reached per situation", "binnenkort/stress", "count")] == "< 10"
    assert by[("Results reached per situation", "", "total")] == "87"
    assert by[("Results reached per language", "ar", "count")] == "hidden"
    assert {r["from"] for r in rows} == {"2027-01-01"} and {r["to"] for r in rows} == {"2027-01-31"}
    assert not any(r["value"].isdigit() and int(r["value"]) < 10 for r in rows)


def test_the_overview_shows_residents_who_found_a_desk_last_month(tmp_path):
    app = make_app(tmp_path)
    add(app, [(date(2026, 12, 14), "result", "direct/beslag", "nl", 23)])
    html = app.test_client().get("/en/monitor").get_data(as_text=True)
    section = re.search(
        r'<section class="indicator" aria-labelledby="ind-routekaart">.*?</section>', html, re.S
    ).group(0)
    assert "Routekaart: residents who found a desk" in section
    assert "December 2026" in section and ">23<" in section
    assert 'href="/en/monitor/gebruik?periode=2026-12"' in section


def test_the_overview_hides_a_small_number_of_residents(tmp_path):
    app = make_app(tmp_path)
    add(app, [(date(2026, 12, 14), "result", "direct/beslag", "nl", 7)])
    html = app.test_client().get("/nl/monitor").get_data(as_text=True)
    assert "&lt; 10</strong>" in html and ">7<" not in html


# --- the staff export --------------------------------------------------------------------------


def test_staff_export_each_month_on_its_own_with_small_numbers_hidden(tmp_path, monkeypatch):
    """A range of months is exported month by month, never as one sum: two overlapping ranges
    would otherwise give a hidden figure away by subtraction (issue 27)."""
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", f"sqlite:///{tmp_path / 'counts.sqlite3'}")
    app = create_app({"TESTING": True})
    add(app, WEEK)
    runner = app.test_cli_runner()
    result = runner.invoke(
        main,
        ["usage", "--from", "2026-12-01", "--to", "2027-02-28", "--csv"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("from,to,table") == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by = {(r["from"], r["table"], r["id"], r["figure"]): r["value"] for r in rows}
    situations = "Bereikte uitkomsten per situatie"
    assert by[("2027-01-01", situations, "direct/huis-uit", "count")] == "32"
    assert by[("2027-01-01", situations, "binnenkort/stress", "count")] == "< 10"
    # Alone in its month, 500 is hidden (the total minus it would tell every other row is 0).
    assert by[("2026-12-01", situations, "", "total")] == "500"
    assert by[("2027-02-01", situations, "", "total")] == "500"
    assert {(r["from"], r["to"]) for r in rows} == {
        ("2026-12-01", "2026-12-31"),
        ("2027-01-01", "2027-01-31"),
        ("2027-02-01", "2027-02-28"),
    }
    assert "1032" not in result.stdout and "532" not in result.stdout  # never a sum of months
    text = runner.invoke(main, ["usage", "--from", "2027-01-01", "--to", "2027-01-31"])
    assert text.exit_code == 0 and "< 10" in text.stdout and "    32  " in text.stdout


@pytest.mark.parametrize(
    ("first", "last"),
    [("2027-01-31", "2027-01-01"), ("2027-01-02", "2027-01-31"), ("2027-01-01", "2027-01-30")],
)
def test_staff_export_needs_whole_months(tmp_path, monkeypatch, first, last):
    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", f"sqlite:///{tmp_path / 'counts.sqlite3'}")
    app = create_app({"TESTING": True})
    result = app.test_cli_runner().invoke(main, ["usage", "--from", first, "--to", last])
    assert result.exit_code == 2


def test_the_language_switch_keeps_the_chosen_period(tmp_path):
    app = make_app(tmp_path)
    html = app.test_client().get("/nl/monitor/gebruik?periode=2026-12").get_data(as_text=True)
    assert 'href="/en/monitor/gebruik?periode=2026-12"' in html
    assert 'href="/ar/monitor/gebruik?periode=2026-12"' in html


def test_the_overview_says_honestly_when_there_are_no_figures_yet(tmp_path):
    html = make_app(tmp_path).test_client().get("/en/monitor").get_data(as_text=True)
    section = html[html.index('aria-labelledby="ind-routekaart"') :]
    section = section[: section.index("</section>")]
    assert "Last month (December 2026): no page views were counted." in section
    assert "&lt; 10" not in section


# --- residents' answers in the same reading and roll-up ----------------------------------------


def add_answers(app, rows, period="day"):
    """Put answers in the app's database: (day, kind, key, answer, lang, n) rows."""
    from routekaart.ops.db import feedback_counts

    with get_engine(app).begin() as conn:
        for day, kind, key, answer, lang, n in rows:
            conn.execute(
                feedback_counts.insert().values(
                    period=period, day=day, kind=kind, key=key, answer=answer, lang=lang, n=n
                )
            )


def test_answers_are_read_with_the_counts_and_rows_outside_the_range_skip_only_themselves(
    tmp_path,
):
    app = make_app(tmp_path)
    # Rows the reading must pass over come first: a day before the range, a month that lies
    # only partly inside it; the rows after them still count.
    add_answers(app, [(date(2027, 1, 3), "helped", "direct/huis-uit", "yes", "nl", 50)])
    add_answers(app, [(date(2027, 1, 1), "helped", "direct/beslag", "no", "nl", 60)], "month")
    add_answers(
        app,
        [
            (date(2027, 1, 4), "helped", "direct/huis-uit", "yes", "nl", 2),
            (date(2027, 1, 5), "helped", "direct/huis-uit", "no", "ar", 3),
            (date(2027, 1, 6), "why_not", "direct/huis-uit", "dicht", "ar", 1),
        ],
    )
    add(app, [(date(2027, 1, 4), "result", "direct/huis-uit", "nl", 7)])
    with get_engine(app).connect() as conn:
        read = usage.read_counts(conn, date(2027, 1, 4), date(2027, 1, 10))
    assert read.counts == {
        ("helped:yes", "direct/huis-uit", "nl"): 2,
        ("helped:no", "direct/huis-uit", "ar"): 3,
        ("why_not:dicht", "direct/huis-uit", "ar"): 1,
        ("result", "direct/huis-uit", "nl"): 7,
    }
    assert read.partial_months == (date(2027, 1, 1),)


def test_roll_up_rolls_answers_up_per_answer_and_touches_only_their_own_month_row(tmp_path):
    from routekaart.ops.db import feedback_counts

    app = make_app(tmp_path)
    add_answers(
        app,
        [
            (date(2025, 1, 3), "helped", "direct/beslag", "yes", "nl", 4),
            (date(2025, 1, 9), "helped", "direct/beslag", "yes", "nl", 5),
            (date(2025, 1, 9), "helped", "direct/beslag", "no", "nl", 6),
            (date(2025, 2, 2), "helped", "direct/beslag", "yes", "nl", 7),  # kept as a day
        ],
    )
    add_answers(
        app,
        [
            (date(2025, 1, 1), "helped", "direct/beslag", "yes", "nl", 100),
            (date(2024, 12, 1), "helped", "direct/beslag", "yes", "nl", 200),
            (date(2025, 1, 1), "helped", "direct/stress", "yes", "nl", 300),
        ],
        "month",
    )
    with get_engine(app).begin() as conn:
        assert usage.roll_up(conn, date(2026, 3, 10), keep_days=400) == 3
    t = feedback_counts.c
    with get_engine(app).connect() as conn:
        rows = set(conn.execute(select(t.period, t.day, t.key, t.answer, t.n)).all())
    assert rows == {
        ("month", date(2025, 1, 1), "direct/beslag", "yes", 109),
        ("month", date(2025, 1, 1), "direct/beslag", "no", 6),
        ("month", date(2024, 12, 1), "direct/beslag", "yes", 200),
        ("month", date(2025, 1, 1), "direct/stress", "yes", 300),
        ("day", date(2025, 2, 2), "direct/beslag", "yes", 7),
    }


def test_read_reports_takes_the_reports_of_wrong_facts_of_its_days_only(tmp_path):
    """The call list's reading (mutants of read_reports): only kind "wrong", only day rows,
    the first and the last day included, the days around them not."""
    app = make_app(tmp_path)
    first, last = date(2026, 11, 11), date(2027, 1, 6)
    add_answers(
        app,
        [
            (first, "wrong", "ping-loket", "adres", "nl", 1),
            (last, "wrong", "ping-loket", "adres", "ar", 2),
            (date(2026, 11, 10), "wrong", "ping-loket", "adres", "nl", 100),
            (date(2027, 1, 7), "wrong", "ping-loket", "adres", "nl", 200),
            (date(2026, 12, 1), "helped", "ping-loket", "adres", "nl", 400),
        ],
    )
    add_answers(app, [(date(2026, 12, 1), "wrong", "ping-loket", "adres", "nl", 800)], "month")
    with get_engine(app).connect() as conn:
        assert usage.read_reports(conn, first, last) == {("ping-loket", "adres"): (3, last)}
