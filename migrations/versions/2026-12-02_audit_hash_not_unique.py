"""The access log's hash is no longer a unique constraint (issue #7).

Every request appends its events under the chain lock, and on PostgreSQL the unique index on
a random 64-character hash was the costliest of the table's indexes to maintain (about a
quarter of inserting a list page's 50 events). It guarded nothing: the primary key on
``seq`` refuses a fork, and ``samverka audit-verify`` detects an edited or copied row. (On
SQLite, which has no append-only trigger, batch mode rebuilds the table without it.)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 14:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("uq_audit_events_hash", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.create_unique_constraint("uq_audit_events_hash", ["hash"])
