"""A private PostgreSQL server from Debian's packages, for the tests and bench/counting.py.

It listens only on a Unix socket in its own scratch folder, so it touches no system service
and no other test run. As root, ``initdb`` and the server run as the ``postgres`` user (initdb
refuses root); see ../shared/TESTING.md, "PostgreSQL from Debian".
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    return found[-1].parent if found else None


def clean_env() -> dict[str, str]:
    """This process's environment without libfaketime: servers run on the real clock."""
    return {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}


class Postgres:
    """One PostgreSQL server in a scratch folder; ``url(name)`` addresses a database in it."""

    def __init__(self, bin_dir: Path, durable: bool = False) -> None:
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="routekaart-pg-"))
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        with socket.socket() as s:  # the port only names the socket file; no TCP is opened
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        # Tests need no durability; the benchmark measures a server as it would run.
        self.options = f"-k {self.folder} -p {self.port} -c listen_addresses=''"
        if not durable:
            self.options += " -c fsync=off -c synchronous_commit=off"
        self._names = itertools.count(1)
        self._run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            env=clean_env(),
            timeout=120,
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        data, log = str(self.folder / "data"), str(self.folder / "log")
        self._run("pg_ctl", "-D", data, "-o", self.options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Stop the server (fast: open connections are closed)."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def url(self, name: str = "postgres") -> str:
        """The URL of database ``name``, as a site would set ROUTEKAART_DATABASE_URL."""
        return f"postgresql://postgres@/{name}?host={self.folder}&port={self.port}"

    def _admin(self, sql: str) -> None:
        conninfo = f"host={self.folder} port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql)

    def new_database(self) -> str:
        """A new, empty database; its URL."""
        name = f"counts_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def empty_database(self, name: str = "counts") -> str:
        """Database ``name`` emptied (made if missing): every table gone; its URL.

        Quicker than a new database per test (CREATE DATABASE copies a template)."""
        conninfo = f"host={self.folder} port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            if not connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone():
                connection.execute(f"CREATE DATABASE {name}")
            # Connections a previous test's engine left open could hold locks.
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
        conninfo = conninfo.replace("dbname=postgres", f"dbname={name}")
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
        return self.url(name)

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
