"""A list writes one access-log event naming the cases it showed (issue #7).

Before, a page of 50 cases appended 50 hash-chained events under the chain lock, which cost
more than the rest of the request's database work. Now the page is one event, and its cases
are rows of ``audit_event_cases`` that the event's hash covers (``api/audit/chain.py``).
Events written before keep their hash: an event without cases hashes as it always did.

On PostgreSQL the new table is append-only like the log; the trigger function now names the
table it guards.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The function of revision 0001, and the same naming the table it refuses a change to.
FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION {raise_arguments};
END;
$$ LANGUAGE plpgsql
"""
NAMING_TABLE = FUNCTION.format(
    raise_arguments="'% is append-only: % refused', TG_TABLE_NAME, TG_OP"
)
AS_BEFORE = FUNCTION.format(raise_arguments="'audit_events is append-only: % refused', TG_OP")
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_event_cases_append_only
BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event_cases
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
"""


def upgrade() -> None:
    op.create_table(
        "audit_event_cases",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("legal_basis", sa.String(length=64), nullable=True),
        sa.Column("consent_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seq"], ["audit_events.seq"], name=op.f("fk_audit_event_cases_seq_audit_events")
        ),
        sa.PrimaryKeyConstraint("seq", "case_id", name=op.f("pk_audit_event_cases")),
    )
    op.create_index("ix_audit_event_cases_case_seq", "audit_event_cases", ["case_id", "seq"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NAMING_TABLE)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_event_cases_append_only ON audit_event_cases")
        op.execute(AS_BEFORE)
    op.drop_index("ix_audit_event_cases_case_seq", table_name="audit_event_cases")
    op.drop_table("audit_event_cases")
