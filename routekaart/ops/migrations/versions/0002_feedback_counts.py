"""The table of residents' answers to "Heeft dit geholpen?", counted per day (see
routekaart/ops/db.py for what a row means).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create feedback_counts: one number per period, day, kind, key, answer and language."""
    # Written out rather than taken from routekaart.ops.db.metadata (see 0001).
    op.create_table(
        "feedback_counts",
        sa.Column("period", sa.String(5), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("answer", sa.String(20), primary_key=True),
        sa.Column("lang", sa.String(5), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    """Drop feedback_counts."""
    op.drop_table("feedback_counts")
