"""The bulk access log: reads and writes on the bulk cases, appended to the audit hash chain
exactly as the app would, so that ``samverka audit-verify`` passes on a scaled database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from api.audit.chain import GENESIS_HASH, compute_hash
from api.audit.recorder import CHAIN_LOCK_KEY
from api.demo.scale.town import Municipality
from api.models import AuditEvent
from api.models.enums import AuditOutcome

# Reads and writes of one case each. (A list of cases is one event naming its cases in
# audit_event_cases, which this bulk log does not imitate.)
READ_ACTIONS = ("cases:get", "journal:list", "plans:get-current", "meetings:list")
STAFF_ACTIONS = (*READ_ACTIONS, "members:list", "consents:list", "journal:create")
PROFESSIONAL_ACTIONS = (*READ_ACTIONS, "journal:create")


def append_access_log(session: Session, town: Municipality, events: int, batch: int) -> None:
    """Append ``events`` after the chain's head, hashed here in order under the lock the app
    takes (api/audit/recorder.py), so that ``samverka audit-verify`` passes."""
    if events <= 0 or not town.audit:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    head = connection.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    rows: list[dict[str, Any]] = []
    for values in _events(town, events):
        seq += 1
        row = {**values, "seq": seq, "prev_hash": prev_hash}
        row["hash"] = prev_hash = compute_hash(prev_hash, row)
        rows.append(row)
        if len(rows) >= batch:
            connection.execute(insert(AuditEvent), rows)
            rows = []
    if rows:
        connection.execute(insert(AuditEvent), rows)


def _events(town: Municipality, count: int) -> Iterator[dict[str, Any]]:
    """Reads and writes over the past year, oldest first: 60 % by the case's social services
    staff, the rest by its professionals, allowed only under a consent in force (else logged
    as denied). Times are spread evenly; they are not matched to each case's own history."""
    rng, clock = town.rng, town.clock
    start, end = clock.at(-365, 7), clock.at(-1, 20)
    step = (end - start) / count
    for k in range(count):
        target = rng.choice(town.audit)
        if target.professionals and rng.random() < 0.4:
            user, org = rng.choice(target.professionals)
            role, action = "professional", rng.choice(PROFESSIONAL_ACTIONS)
            allowed = target.consent_id is not None
            basis, consent = ("consent", target.consent_id) if allowed else (None, None)
        else:
            user, org, role = rng.choice(target.staff)
            action, allowed = rng.choice(STAFF_ACTIONS), True
            basis, consent = "social_services_unit", None
        yield {
            "id": town.new_id(),
            "occurred_at": start + step * k,
            "actor_user_id": user,
            "actor_client_id": None,
            "actor_organization_id": org,
            "actor_roles": [role],
            "action": action,
            "resource_type": "case",
            "resource_id": target.case_id,
            "case_id": target.case_id,
            "outcome": AuditOutcome.allowed if allowed else AuditOutcome.denied,
            "legal_basis": basis,
            "consent_id": consent,
            "request_id": f"{rng.getrandbits(128):032x}",
            "client_address": f"10.20.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "channel": rng.choice(("web", "web", "mobile", "api")),
        }
