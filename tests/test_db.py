"""The counts database: where it lives, how its schema is made, and that it holds no person."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest
import sqlalchemy as sa

from routekaart import create_app
from routekaart.ops import db
from routekaart.ops.db import database_url, get_engine, usage_counts


def make_app(tmp_path, **config):
    return create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/c.sqlite3", **config}
    )


def test_by_default_the_counts_live_in_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"TESTING": True})
    app.instance_path = str(tmp_path / "instance")
    assert database_url(app) == f"sqlite:///{tmp_path}/instance/routekaart.sqlite3"
    assert (tmp_path / "instance").is_dir()


def test_postgresql_urls_use_psycopg_3():
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://u@/db?host=/run/pg"})
    assert database_url(app) == "postgresql+psycopg://u@/db?host=/run/pg"
    app.config["DATABASE_URL"] = "postgres://u@h/db"
    assert database_url(app) == "postgresql+psycopg://u@h/db"


def test_an_empty_sqlite_database_is_brought_to_the_newest_schema(tmp_path):
    engine = get_engine(make_app(tmp_path))
    inspector = sa.inspect(engine)
    assert set(inspector.get_table_names()) == {
        "alembic_version",
        "usage_counts",
        "feedback_counts",
    }
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0002"
        # WAL: the figures page reads while the workers write.
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.scalar(sa.select(sa.func.count()).select_from(usage_counts)) == 0


def test_the_engine_is_made_once_per_app_and_a_second_upgrade_changes_nothing(tmp_path):
    app = make_app(tmp_path)
    assert get_engine(app) is get_engine(app)
    again = get_engine(make_app(tmp_path))
    assert sa.inspect(again).get_table_names() == [
        "alembic_version",
        "feedback_counts",
        "usage_counts",
    ]


def test_an_unreachable_database_is_retried_on_the_next_use(tmp_path):
    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/missing/folder/c.sqlite3")
    for _ in range(2):
        try:
            get_engine(app)
        except sa.exc.OperationalError:
            pass
        else:
            raise AssertionError("a database in a missing folder cannot be opened")
    assert "routekaart.db" not in app.extensions
    (tmp_path / "missing" / "folder").mkdir(parents=True)
    assert sa.inspect(get_engine(app)).has_table("usage_counts")


# Every column the database may have, with its type and longest text: aggregate counts only.
ALLOWED_COLUMNS = {
    "usage_counts": {
        "period": (sa.String, 5),
        "day": (sa.Date, None),
        "kind": (sa.String, 20),
        "key": (sa.String, 200),
        "lang": (sa.String, 5),
        "n": (sa.Integer, None),
    },
    "feedback_counts": {
        "period": (sa.String, 5),
        "day": (sa.Date, None),
        "kind": (sa.String, 20),
        "key": (sa.String, 200),
        "answer": (sa.String, 20),
        "lang": (sa.String, 5),
        "n": (sa.Integer, None),
    },
    "alembic_version": {"version_num": (sa.String, 32)},
}
# Types that could hold a moment finer than a day, or anything a visitor sent.
FORBIDDEN_TYPES = (sa.DateTime, sa.Time, sa.Interval, sa.LargeBinary, sa.JSON, sa.Text)


def personal_data_risks(engine: sa.Engine) -> list[str]:
    """Every table, view or column of the database beyond the aggregate counts."""
    inspector = sa.inspect(engine)
    risks = [f"view {name}" for name in inspector.get_view_names()]
    for table in inspector.get_table_names():
        allowed = ALLOWED_COLUMNS.get(table)
        if allowed is None:
            risks.append(f"table {table}")
            continue
        for column in inspector.get_columns(table):
            name, kind = column["name"], column["type"]
            if name not in allowed:
                risks.append(f"column {table}.{name} ({kind})")
                continue
            expected, longest = allowed[name]
            if isinstance(kind, FORBIDDEN_TYPES) or not isinstance(kind, expected):
                risks.append(f"column {table}.{name} is {kind}, not {expected.__name__}")
            elif longest is not None and (kind.length is None or kind.length > longest):
                risks.append(f"column {table}.{name} holds {kind.length or 'any'} characters")
    return risks


def test_the_database_has_no_column_that_could_hold_personal_data(db_url):
    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    engine = get_engine(app)
    assert personal_data_risks(engine) == []
    assert set(sa.inspect(engine).get_table_names()) == set(ALLOWED_COLUMNS)


@pytest.mark.parametrize(
    ("ddl", "risk"),
    [
        ("ALTER TABLE usage_counts ADD COLUMN ip VARCHAR(45)", "column usage_counts.ip"),
        ("ALTER TABLE usage_counts ADD COLUMN seen_at TIMESTAMP", "column usage_counts.seen_at"),
        ("CREATE TABLE visits (agent VARCHAR(20))", "table visits"),
        ("CREATE VIEW recent AS SELECT * FROM usage_counts", "view recent"),
    ],
)
def test_the_schema_check_finds_a_column_that_could_hold_personal_data(db_url, ddl, risk):
    engine = get_engine(create_app({"TESTING": True, "DATABASE_URL": db_url}))
    with engine.begin() as connection:
        connection.exec_driver_sql(ddl)
    assert any(found.startswith(risk) for found in personal_data_risks(engine))


def test_a_longer_key_or_a_finer_day_would_be_found(sqlite_url, tmp_path):
    """Same names, wider types: a table made by hand the way it must never be."""
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE usage_counts (period VARCHAR(5), day TIMESTAMP, kind VARCHAR(20), "
            "key TEXT, lang VARCHAR(5), n INTEGER)"
        )
    assert personal_data_risks(engine) == [
        "column usage_counts.day is TIMESTAMP, not Date",
        "column usage_counts.key is TEXT, not String",
    ]


def test_an_empty_postgresql_database_is_migrated_to_the_newest_schema(postgres_url):
    engine = get_engine(create_app({"TESTING": True, "DATABASE_URL": postgres_url}))
    assert engine.dialect.driver == "psycopg"
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0002"
    keys = sa.inspect(engine).get_pk_constraint("usage_counts")["constrained_columns"]
    assert keys == ["period", "day", "kind", "key", "lang"]
    keys = sa.inspect(engine).get_pk_constraint("feedback_counts")["constrained_columns"]
    assert keys == ["period", "day", "kind", "key", "answer", "lang"]


def test_a_database_at_0001_keeps_its_counts_and_gains_the_answers_table(db_url):
    """A live database made before the answers existed is brought up to date in place."""
    from alembic import command

    from routekaart.ops.db import alembic_config, make_engine

    url = db_url.replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO usage_counts VALUES ('day', '2027-01-04', 'result', 'direct', 'nl', 7)"
        )
    engine.dispose()
    engine = get_engine(create_app({"TESTING": True, "DATABASE_URL": db_url}))
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0002"
        assert connection.scalar(sa.text("SELECT n FROM usage_counts")) == 7
        assert connection.scalar(sa.text("SELECT count(*) FROM feedback_counts")) == 0


def test_the_db_upgrade_command_migrates_the_configured_database(postgres_url, monkeypatch):
    from click.testing import CliRunner

    from routekaart.cli import main

    monkeypatch.setenv("ROUTEKAART_DATABASE_URL", postgres_url)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "is at revision 0002" in result.output
    engine = sa.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    assert sa.inspect(engine).has_table("usage_counts")
    engine.dispose()


def _migrate_when_all_are_ready(url: str, ready) -> None:
    """A worker process: make the app, wait for the others, then make the engine."""
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    ready.wait()
    get_engine(app)


def test_workers_starting_together_on_an_empty_database_migrate_it_once(db_url):
    """Four processes (like gunicorn workers) make their engines at the same moment."""
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(4)
    workers = [
        context.Process(target=_migrate_when_all_are_ready, args=(db_url, ready)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    with get_engine(app).connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [
            ("0002",)
        ]


class LockedAtFirst:
    """A SQLite cursor that answers "database is locked" to the first ``locked`` tries to
    switch to WAL mode, as SQLite does (without waiting) while another process switches."""

    def __init__(self, locked: int) -> None:
        self.locked = locked
        self.tries = 0

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode = WAL"
        self.tries += 1
        if self.tries <= self.locked:
            raise sqlite3.OperationalError("database is locked")


def test_switching_to_wal_tries_again_while_another_process_switches(monkeypatch):
    monkeypatch.setattr(db, "WAL_RETRY_SECONDS", 0.001)
    cursor = LockedAtFirst(locked=3)
    db._set_wal(cursor, busy_timeout=1)
    assert cursor.tries == 4


def test_switching_to_wal_gives_up_after_the_busy_timeout(monkeypatch):
    monkeypatch.setattr(db, "WAL_RETRY_SECONDS", 0.001)
    cursor = LockedAtFirst(locked=10_000)
    with pytest.raises(sqlite3.OperationalError):
        db._set_wal(cursor, busy_timeout=0.05)
    assert cursor.tries == 50
