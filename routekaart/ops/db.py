"""The one database: aggregated reach counts and residents' answers, nothing else.

Each row is a number of page views of one kind on one calendar day (Amsterdam time), or in one
month once old days are rolled up. No column can hold anything about a person: no address, agent,
referrer, query text or time finer than the day.

kind            key                                          lang
``step``        path of the question reached ("" = start)    page language
``result``      path of the result reached                   page language
``source``      poster source tag (``bron``), whitelisted     page language
``handover``    path of the situation handed over             the resident's language
``free_text``   "matched" or "nothing"                        page language
``choice``      "1", "2" or "3": the text box's suggestion     page language
                followed (``?gekozen=``), never the words
(``something_else``, the question where "Something else" was chosen, is no longer counted: it
is the result ``<question>/iets-anders``. Older rows of it are never read.)
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Column,
    Date,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    text,
)

if TYPE_CHECKING:
    from flask import Flask

metadata = MetaData()

PERIODS = ("day", "month")
KINDS = ("step", "result", "source", "handover", "free_text", "choice")

usage_counts = Table(
    "usage_counts",
    metadata,
    # "day", or "month" for a month rolled up from its days (then `day` is the 1st).
    Column("period", String(5), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("lang", String(5), primary_key=True),
    Column("n", Integer, nullable=False),
)

# Residents' answers to "Heeft dit geholpen?" (routekaart/web/feedback.py), counted the same way:
# per period and day, what was answered about which situation, in which page language. Nothing
# else: no time of day, no page text, nothing that links an answer to a visit or to another
# answer ("no" and its reason are two separate counts).
#
# kind        key                                   answer
# ``helped``  path of the result the answer is on   ``yes`` or ``no``
# ``why_not`` path of the result the answer is on   a reason of domain.feedback.REASONS
feedback_counts = Table(
    "feedback_counts",
    metadata,
    Column("period", String(5), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("answer", String(20), primary_key=True),
    Column("lang", String(5), primary_key=True),
    Column("n", Integer, nullable=False),
)


# --- the engine ----------------------------------------------------------------------------------

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any number: PostgreSQL's advisory lock that lets one app server at a time bring the schema
# up to date (two gunicorn workers starting on an empty database would otherwise both try).
MIGRATION_LOCK = 1414

_lock = threading.Lock()


def database_url(app: Flask) -> str:
    """The database the app counts in: ``DATABASE_URL``, or SQLite in the instance folder.

    ``postgresql://`` (and the older ``postgres://``) URLs use psycopg 3, the one PostgreSQL
    driver the project installs; SQLAlchemy's default for them would be psycopg2.
    """
    url = app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'routekaart.sqlite3'}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def get_engine(app: Flask) -> Engine:
    """The app's database engine, made on first use with its schema brought up to date.

    Raises SQLAlchemy's or Alembic's error when the database cannot be reached; nothing is
    cached then, so the next call tries again.
    """
    engine = app.extensions.get("routekaart.db")
    if engine is not None:
        return engine
    with _lock:
        engine = app.extensions.get("routekaart.db")
        if engine is None:
            engine = make_engine(database_url(app), app.config.get("DATABASE_BUSY_TIMEOUT", 5))
            try:
                upgrade(engine)
            except Exception:
                engine.dispose()
                raise
            app.extensions["routekaart.db"] = engine
    return engine


# How long to wait between tries to switch a SQLite database to WAL mode.
WAL_RETRY_SECONDS = 0.05


def make_engine(url: str, busy_timeout: float = 5) -> Engine:
    """An engine for ``url``; SQLite in WAL mode with a busy timeout, like a small server."""
    if not url.startswith("sqlite"):
        # pool_pre_ping: after the server restarts, pooled connections are dead; replace them
        # instead of failing one more write.
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # Take over transactions from Python's sqlite3 module (SQLAlchemy's documented
        # recipe), so schema changes are transactional and a migration can start with
        # BEGIN IMMEDIATE (see _begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        # WAL: readers (the figures page) never block the counting writes, nor they them.
        _set_wal(cursor, busy_timeout)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # A migration reads the schema version and then writes: it takes the write lock at
        # once, so a second process waits on the busy timeout and then finds it done. Other
        # transactions are deferred: readers never hold up the counting writes.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def _set_wal(cursor, busy_timeout: float) -> None:
    """Put a SQLite database in WAL mode (kept in the file, so later connections find it).

    Switching needs the database to itself, and SQLite answers "database is locked" at once,
    without waiting the busy timeout, when another process holds it: several workers opening
    a new database together. So try again for as long as the busy timeout allows."""
    tries = max(1, round(busy_timeout / WAL_RETRY_SECONDS))
    for attempt in range(tries):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == tries - 1:
                raise
            time.sleep(WAL_RETRY_SECONDS)  # (counted, not timed: the tests fake the clock)


def alembic_config() -> Config:
    """Alembic's configuration for the migrations shipped in the package (no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision, one process at a time; the revision."""
    config = alembic_config()
    with (
        engine.connect() as connection,
        connection.execution_options(sqlite_begin="IMMEDIATE").begin(),
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        return MigrationContext.configure(connection).get_current_revision()
