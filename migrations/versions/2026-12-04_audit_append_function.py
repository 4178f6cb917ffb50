"""PostgreSQL appends a transaction's access-log events in one call (issue #7).

Every request appends to the hash chain under one lock, held until COMMIT. The lock used to
span five round trips (lock, read the head, insert the events, insert a list's cases,
commit), and between each the request's thread had to win Python's GIL back from the
worker's other threads: under load the lock was held about 11 ms per request, and up to
seven of the sixteen connections of a benchmark run waited for it. ``audit_append`` takes
the lock, reads the head, links each event (the same sha256 as ``LinkTemplate.link``, over
the canonical form the app cut around ``prev_hash`` and ``seq`` before taking the lock) and
inserts the events and their cases: one round trip, then COMMIT.

The function runs with the caller's rights (not SECURITY DEFINER) and is VOLATILE, so each of
its queries takes a fresh snapshot: the head it reads after the lock includes the previous
holder's commit. The primary key on ``seq`` still refuses a fork.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each element of ``events``: the columns of audit_events except seq, prev_hash and hash; the
# three template parts ``head``, ``middle``, ``tail``; and ``cases``, the list event's rows.
# A column added to audit_events later must be added here too, by a new migration: the
# function would leave it out, and verify_chain would then report the row's hash as broken.
AUDIT_APPEND = """
CREATE FUNCTION audit_append(lock_key bigint, events jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    digest text;
    e record;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT seq, hash INTO head_seq, head_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        head_seq := 0;
        head_hash := repeat('0', 64);
    END IF;
    FOR e IN
        SELECT x.* FROM jsonb_array_elements(events) WITH ORDINALITY AS a(item, position),
            jsonb_to_record(a.item) AS x(
                id uuid, occurred_at timestamptz, actor_user_id uuid, actor_client_id uuid,
                actor_organization_id uuid, actor_roles json, action text, resource_type text,
                resource_id uuid, case_id uuid, outcome text, legal_basis text,
                consent_id uuid, request_id text, client_address text, channel text,
                head text, middle text, tail text, cases jsonb)
        ORDER BY a.position
    LOOP
        head_seq := head_seq + 1;
        digest := encode(sha256(convert_to(
            head_hash || e.head || '"' || head_hash || '"' || e.middle || head_seq || e.tail,
            'UTF8')), 'hex');
        INSERT INTO audit_events (
            seq, id, occurred_at, actor_user_id, actor_client_id, actor_organization_id,
            actor_roles, action, resource_type, resource_id, case_id, outcome, legal_basis,
            consent_id, request_id, client_address, channel, prev_hash, hash)
        VALUES (
            head_seq, e.id, e.occurred_at, e.actor_user_id, e.actor_client_id,
            e.actor_organization_id, e.actor_roles, e.action, e.resource_type, e.resource_id,
            e.case_id, e.outcome, e.legal_basis, e.consent_id, e.request_id, e.client_address,
            e.channel, head_hash, digest);
        INSERT INTO audit_event_cases (seq, case_id, legal_basis, consent_id)
        SELECT head_seq, c.case_id, c.legal_basis, c.consent_id
        FROM jsonb_to_recordset(coalesce(e.cases, '[]'))
            AS c(case_id uuid, legal_basis text, consent_id uuid);
        head_hash := digest;
    END LOOP;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(AUDIT_APPEND)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_append(bigint, jsonb)")
