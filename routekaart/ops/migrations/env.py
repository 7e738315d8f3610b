"""Alembic's environment for the counts database, run by ``routekaart.ops.db.upgrade``.

The caller passes an open connection (``config.attributes["connection"]``) inside its own
transaction, so there is no alembic.ini and no URL here: the app decides which database.
"""

from __future__ import annotations

from alembic import context

from routekaart.ops.db import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `routekaart db upgrade`, not the alembic command")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
