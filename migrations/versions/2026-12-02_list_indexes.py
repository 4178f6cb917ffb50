"""Indexes for the case lists (issue #7): newest-changed order, the membership probe of the
access filter, and the meeting-cadence flag.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_updated", "cases", ["updated_at", "id"])
    # (case_id, user_id, left_at) leads with case_id, so it replaces the single-column index.
    op.create_index("ix_case_members_case_user", "case_members", ["case_id", "user_id", "left_at"])
    op.drop_index("ix_case_members_case_id", table_name="case_members")
    op.create_index(
        "ix_meetings_case_status_starts", "meetings", ["case_id", "status", "starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_meetings_case_status_starts", table_name="meetings")
    op.create_index("ix_case_members_case_id", "case_members", ["case_id"])
    op.drop_index("ix_case_members_case_user", table_name="case_members")
    op.drop_index("ix_cases_updated", table_name="cases")
