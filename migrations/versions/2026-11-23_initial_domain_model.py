"""Initial domain model, seeded information categories, append-only access log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 13:23:55.371292
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = [
    ("school", "Skolgång och studieresultat", "School", False, 10),
    ("police", "Polisiära uppgifter och misstänkta brott", "Police", False, 20),
    ("health", "Hälsa och psykiatri", "Health and psychiatry", False, 30),
    (
        "social_services",
        "Socialtjänstens utredning och insatser",
        "Social services",
        True,
        40,
    ),
    ("substance_use", "Missbruk och beroende", "Substance use", False, 50),
    ("employment", "Sysselsättning och arbete", "Employment", False, 60),
    ("leisure", "Fritid", "Leisure", False, 70),
]

# The access log is append-only: on PostgreSQL the database itself refuses to change it.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_events_append_only
BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
"""


def _seed_categories() -> None:
    table = sa.table(
        "information_categories",
        sa.column("code", sa.String),
        sa.column("name_sv", sa.String),
        sa.column("name_en", sa.String),
        sa.column("is_social_services", sa.Boolean),
        sa.column("is_active", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        table,
        [
            {
                "code": code,
                "name_sv": name_sv,
                "name_en": name_en,
                "is_social_services": social,
                "is_active": True,
                "sort_order": order,
            }
            for code, name_sv, name_en, social, order in CATEGORIES
        ],
    )


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_client_id", sa.Uuid(), nullable=True),
        sa.Column("actor_organization_id", sa.Uuid(), nullable=True),
        sa.Column("actor_roles", sa.JSON(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=40), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("allowed", "denied", name="auditoutcome", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("legal_basis", sa.String(length=64), nullable=True),
        sa.Column("consent_id", sa.Uuid(), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("client_address", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
        sa.UniqueConstraint("id", name=op.f("uq_audit_events_id")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_actor_at", ["actor_user_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_actor_organization_id"),
            ["actor_organization_id"],
            unique=False,
        )
        batch_op.create_index("ix_audit_events_case_at", ["case_id", "occurred_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("principal_key", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=512), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint(
            "principal_key", "key", name=op.f("uq_idempotency_keys_principal_key_key")
        ),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "information_categories",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_sv", sa.String(length=255), nullable=False),
        sa.Column("name_en", sa.String(length=255), nullable=False),
        sa.Column("is_social_services", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_information_categories")),
    )
    op.create_table(
        "login_throttles",
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("subject", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "organizations",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "municipality",
                "social_services",
                "police",
                "school",
                "child_psychiatry",
                "addiction_clinic",
                "employment_service",
                "probation_service",
                "institutional_care",
                "social_insurance",
                "enforcement_authority",
                "field_workers",
                "leisure",
                "ngo",
                "sports_club",
                "contact_person",
                "other",
                name="organizationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("municipality_code", sa.String(length=4), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organizations.id"],
            name=op.f("fk_organizations_parent_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organizations_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "persons",
        sa.Column(
            "identity_kind",
            sa.Enum(
                "personnummer",
                "coordination_number",
                "unverified",
                name="identitykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("personal_number", sa.String(length=12), nullable=True),
        sa.Column("given_name", sa.String(length=255), nullable=False),
        sa.Column("family_name", sa.String(length=255), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=True),
        sa.Column("area", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("has_protected_identity", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("personal_number", name=op.f("uq_persons_personal_number")),
    )
    op.create_table(
        "guardianships",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("guardian_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["persons.id"], name=op.f("fk_guardianships_child_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"],
            ["persons.id"],
            name=op.f("fk_guardianships_guardian_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardianships")),
        sa.UniqueConstraint(
            "child_id",
            "guardian_id",
            name=op.f("uq_guardianships_child_id_guardian_id"),
        ),
    )
    with op.batch_alter_table("guardianships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardianships_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_guardianships_guardian_id"), ["guardian_id"], unique=False
        )

    op.create_table(
        "integration_clients",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("secret_hash", sa.String(length=255), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_integration_clients_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_integration_clients_client_id")),
    )
    with op.batch_alter_table("integration_clients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_integration_clients_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "users",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_subject", sa.String(length=255), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_users_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["organizations.id"],
            name=op.f("fk_users_unit_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("external_subject", name=op.f("uq_users_external_subject")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_users_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "assessing",
                "decided",
                "active",
                "closed",
                "rejected",
                name="casestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "target_group",
            sa.Enum("at_risk", "defector", name="targetgroup", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("owning_unit_id", sa.Uuid(), nullable=False),
        sa.Column("case_officer_id", sa.Uuid(), nullable=True),
        sa.Column("coordinator_id", sa.Uuid(), nullable=True),
        sa.Column("proposed_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "proposed_by_organization_kind",
            sa.Enum(
                "municipality",
                "social_services",
                "police",
                "school",
                "child_psychiatry",
                "addiction_clinic",
                "employment_service",
                "probation_service",
                "institutional_care",
                "social_insurance",
                "enforcement_authority",
                "field_workers",
                "leisure",
                "ngo",
                "sports_club",
                "contact_person",
                "other",
                name="organizationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("proposal_reason", sa.Text(), nullable=True),
        sa.Column("risk_summary", sa.Text(), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "legal_basis",
            sa.Enum(
                "sol_4_1",
                "lvu_11",
                "youth_care_sentence",
                name="legalbasis",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("intervention_start_on", sa.Date(), nullable=True),
        sa.Column("intervention_end_on", sa.Date(), nullable=True),
        sa.Column("youth_goals", sa.Text(), nullable=True),
        sa.Column("guardian_goals", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "closure_reason",
            sa.Enum(
                "plan_completed",
                "own_initiative",
                "consent_withdrawn",
                "moved_away",
                "time_ended",
                "other",
                name="closurereason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("closure_summary", sa.Text(), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_officer_id"],
            ["users.id"],
            name=op.f("fk_cases_case_officer_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["coordinator_id"], ["users.id"], name=op.f("fk_cases_coordinator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_cases_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["owning_unit_id"],
            ["organizations.id"],
            name=op.f("fk_cases_owning_unit_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"], name=op.f("fk_cases_proposed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["persons.id"],
            name=op.f("fk_cases_young_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cases_case_officer_id"), ["case_officer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cases_coordinator_id"), ["coordinator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cases_proposed_by_id"), ["proposed_by_id"], unique=False
        )
        batch_op.create_index("ix_cases_unit_status", ["owning_unit_id", "status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cases_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["integration_clients.id"],
            name=op.f("fk_refresh_tokens_client_id_integration_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_refresh_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refresh_tokens_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_refresh_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "unit_manager",
                "case_officer",
                "coordinator",
                "professional",
                "preparation_group",
                "auditor",
                "integration",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_roles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_roles")),
    )
    op.create_table(
        "assessments",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "instrument",
            sa.Enum("savry", "ester", name="instrument", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessed_by_id", sa.Uuid(), nullable=False),
        sa.Column(
            "overall_risk",
            sa.Enum(
                "low",
                "moderate",
                "high",
                name="risklevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["assessed_by_id"],
            ["users.id"],
            name=op.f("fk_assessments_assessed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_assessments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["information_categories.code"],
            name=op.f("fk_assessments_category_code_information_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_members",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "user",
                "person",
                "external",
                name="memberkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("external_name", sa.String(length=255), nullable=True),
        sa.Column("external_contact", sa.String(length=255), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column(
            "group_role",
            sa.Enum(
                "young_person",
                "guardian",
                "coordinator",
                "case_officer",
                "police",
                "school",
                "health",
                "field_worker",
                "contact_person",
                "coach",
                "other",
                name="grouprole",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_reason", sa.String(length=255), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_members_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_case_members_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_case_members_person_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_case_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_members")),
    )
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_members_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_case_members_org_current", ["organization_id", "left_at"], unique=False
        )
        batch_op.create_index("ix_case_members_user_current", ["user_id", "left_at"], unique=False)

    op.create_table(
        "consents",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("collected_by_id", sa.Uuid(), nullable=False),
        sa.Column("collected_by_organization_id", sa.Uuid(), nullable=False),
        sa.Column("document_reference", sa.String(length=255), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_person_id", sa.Uuid(), nullable=True),
        sa.Column("withdrawal_recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_consents_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["collected_by_id"],
            ["users.id"],
            name=op.f("fk_consents_collected_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["collected_by_organization_id"],
            ["organizations.id"],
            name=op.f("fk_consents_collected_by_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["withdrawal_recorded_by_id"],
            ["users.id"],
            name=op.f("fk_consents_withdrawal_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_person_id"],
            ["persons.id"],
            name=op.f("fk_consents_withdrawn_by_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_case_id"), ["case_id"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_client_id", sa.Uuid(), nullable=True),
        sa.Column("author_organization_id", sa.Uuid(), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "note",
                "police_report",
                "school_attendance",
                "concern_report",
                name="journalkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["author_client_id"],
            ["integration_clients.id"],
            name=op.f("fk_journal_entries_author_client_id_integration_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_journal_entries_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["author_organization_id"],
            ["organizations.id"],
            name=op.f("fk_journal_entries_author_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_journal_entries_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["information_categories.code"],
            name=op.f("fk_journal_entries_category_code_information_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
    )
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_journal_entries_case_occurred", ["case_id", "occurred_at"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "network",
                "intake",
                "extra",
                "preparation",
                name="meetingkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "scheduled",
                "held",
                "cancelled",
                name="meetingstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_meetings_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index("ix_meetings_case_starts", ["case_id", "starts_at"], unique=False)

    op.create_table(
        "action_plan_versions",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("draft", "published", name="planstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Uuid(), nullable=True),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_action_plan_versions_case_id_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_action_plan_versions_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_action_plan_versions_published_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan_versions")),
        sa.UniqueConstraint(
            "case_id", "number", name=op.f("uq_action_plan_versions_case_id_number")
        ),
    )
    with op.batch_alter_table("action_plan_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_plan_versions_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "assessment_ratings",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("item_code", sa.String(length=8), nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_ratings_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", "item_code", name=op.f("pk_assessment_ratings")),
    )
    op.create_table(
        "consent_categories",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["information_categories.code"],
            name=op.f("fk_consent_categories_category_code_information_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_consent_categories_consent_id_consents"),
        ),
        sa.PrimaryKeyConstraint("consent_id", "category_code", name=op.f("pk_consent_categories")),
    )
    op.create_table(
        "consent_grantors",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(
                "young_person",
                "guardian",
                name="grantorrelation",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_consent_grantors_consent_id_consents"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_consent_grantors_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("consent_id", "person_id", name=op.f("pk_consent_grantors")),
    )
    op.create_table(
        "consent_organizations",
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consents.id"],
            name=op.f("fk_consent_organizations_consent_id_consents"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_consent_organizations_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint(
            "consent_id", "organization_id", name=op.f("pk_consent_organizations")
        ),
    )
    with op.batch_alter_table("consent_organizations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_organizations_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "meeting_attendances",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "invited",
                "attended",
                "absent",
                name="attendancestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendances_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["case_members.id"],
            name=op.f("fk_meeting_attendances_member_id_case_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendances")),
        sa.UniqueConstraint(
            "meeting_id",
            "member_id",
            name=op.f("uq_meeting_attendances_meeting_id_member_id"),
        ),
    )
    with op.batch_alter_table("meeting_attendances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendances_meeting_id"),
            ["meeting_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_attendances_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "action_plan_items",
        sa.Column("plan_version_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("plain_text", sa.Text(), nullable=False),
        sa.Column("responsible_member_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "done",
                "not_done",
                name="planitemstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("completion_evidence", sa.Text(), nullable=True),
        sa.Column("fallback_action", sa.Text(), nullable=True),
        sa.Column("follow_up_notes", sa.Text(), nullable=True),
        sa.Column("carried_from_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["action_plan_items.id"],
            name=op.f("fk_action_plan_items_carried_from_id_action_plan_items"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_action_plan_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["information_categories.code"],
            name=op.f("fk_action_plan_items_category_code_information_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["action_plan_versions.id"],
            name=op.f("fk_action_plan_items_plan_version_id_action_plan_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_member_id"],
            ["case_members.id"],
            name=op.f("fk_action_plan_items_responsible_member_id_case_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan_items")),
    )
    with op.batch_alter_table("action_plan_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_plan_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_action_plan_items_member_due",
            ["responsible_member_id", "due_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_action_plan_items_plan_version_id"),
            ["plan_version_id"],
            unique=False,
        )

    _seed_categories()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    with op.batch_alter_table("action_plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_plan_items_plan_version_id"))
        batch_op.drop_index("ix_action_plan_items_member_due")
        batch_op.drop_index(batch_op.f("ix_action_plan_items_case_id"))

    op.drop_table("action_plan_items")
    with op.batch_alter_table("meeting_attendances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendances_member_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_attendances_meeting_id"))

    op.drop_table("meeting_attendances")
    with op.batch_alter_table("consent_organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_organizations_organization_id"))

    op.drop_table("consent_organizations")
    op.drop_table("consent_grantors")
    op.drop_table("consent_categories")
    op.drop_table("assessment_ratings")
    with op.batch_alter_table("action_plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_plan_versions_case_id"))

    op.drop_table("action_plan_versions")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_case_starts")

    op.drop_table("meetings")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_entries_case_occurred")

    op.drop_table("journal_entries")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_case_id"))

    op.drop_table("consents")
    with op.batch_alter_table("case_members", schema=None) as batch_op:
        batch_op.drop_index("ix_case_members_user_current")
        batch_op.drop_index("ix_case_members_org_current")
        batch_op.drop_index(batch_op.f("ix_case_members_case_id"))

    op.drop_table("case_members")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_case_id"))

    op.drop_table("assessments")
    op.drop_table("user_roles")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_user_id"))
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_young_person_id"))
        batch_op.drop_index("ix_cases_unit_status")
        batch_op.drop_index(batch_op.f("ix_cases_proposed_by_id"))
        batch_op.drop_index(batch_op.f("ix_cases_coordinator_id"))
        batch_op.drop_index(batch_op.f("ix_cases_case_officer_id"))

    op.drop_table("cases")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_unit_id"))
        batch_op.drop_index(batch_op.f("ix_users_organization_id"))

    op.drop_table("users")
    with op.batch_alter_table("integration_clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_integration_clients_organization_id"))

    op.drop_table("integration_clients")
    with op.batch_alter_table("guardianships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardianships_guardian_id"))
        batch_op.drop_index(batch_op.f("ix_guardianships_child_id"))

    op.drop_table("guardianships")
    op.drop_table("persons")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_parent_id"))

    op.drop_table("organizations")
    op.drop_table("login_throttles")
    op.drop_table("information_categories")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_expires_at"))

    op.drop_table("idempotency_keys")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index("ix_audit_events_case_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_organization_id"))
        batch_op.drop_index("ix_audit_events_actor_at")

    op.drop_table("audit_events")
