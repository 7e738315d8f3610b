"""The counts database: where it lives, how its schema is made, and that it holds no person."""

from __future__ import annotations

import sqlalchemy as sa

from routekaart import create_app
from routekaart.db import database_url, get_engine, usage_counts


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
    assert set(inspector.get_table_names()) == {"alembic_version", "usage_counts"}
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0001"
        # WAL: the figures page reads while the workers write.
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.scalar(sa.select(sa.func.count()).select_from(usage_counts)) == 0


def test_the_engine_is_made_once_per_app_and_a_second_upgrade_changes_nothing(tmp_path):
    app = make_app(tmp_path)
    assert get_engine(app) is get_engine(app)
    again = get_engine(make_app(tmp_path))
    assert sa.inspect(again).get_table_names() == ["alembic_version", "usage_counts"]


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
