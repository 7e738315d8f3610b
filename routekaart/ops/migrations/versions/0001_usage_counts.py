"""The table of aggregated reach counts (see routekaart/ops/db.py for what a row means).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create usage_counts: one number per period, day, kind, key and language."""
    # Written out rather than taken from routekaart.ops.db.metadata: a migration must stay what it
    # was when the table changes later.
    op.create_table(
        "usage_counts",
        sa.Column("period", sa.String(5), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("lang", sa.String(5), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    """Drop usage_counts."""
    op.drop_table("usage_counts")
