"""The canonical form is deterministic, covers every column but ``hash``, and hashes a value
read back from the database exactly as the value written (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    ListedCase,
    canonical_form,
    compute_hash,
    link_template,
)
from api.audit.recorder import record
from api.models import AuditEvent
from api.models.enums import AuditOutcome
from tests.audit.support import make_principal, make_record

STOCKHOLM_SUMMER = timezone(timedelta(hours=2))


def _event(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(HASHED_FIELDS)
    values |= {
        "seq": 7,
        "id": uuid.UUID("6f1c1d7e-8f43-4c55-9a55-6d3f1f1f0a01"),
        "occurred_at": datetime(2026, 11, 23, 9, 5, 1, 20, tzinfo=UTC),
        "actor_roles": ["unit_manager", "case_officer"],
        "action": "case.read",
        "resource_type": "case",
        "outcome": AuditOutcome.allowed,
        "prev_hash": GENESIS_HASH,
    }
    return values | changes


def test_every_column_but_hash_is_covered() -> None:
    columns = {column.name for column in AuditEvent.__table__.columns}
    assert set(HASHED_FIELDS) == columns - {"hash"}


def test_canonical_form_is_sorted_compact_json() -> None:
    form = canonical_form(_event())
    document = json.loads(form)
    assert list(document) == sorted(HASHED_FIELDS)
    assert form == json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    assert document["id"] == "6f1c1d7e-8f43-4c55-9a55-6d3f1f1f0a01"
    assert document["occurred_at"] == "2026-11-23T09:05:01.000020Z"
    assert document["actor_roles"] == ["case_officer", "unit_manager"]
    assert document["outcome"] == "allowed"
    assert document["case_id"] is None


def test_the_same_instant_in_another_zone_and_roles_in_another_order_hash_alike() -> None:
    local = datetime(2026, 11, 23, 11, 5, 1, 20, tzinfo=STOCKHOLM_SUMMER)
    same = _event(occurred_at=local, actor_roles=("case_officer", "unit_manager"))
    assert compute_hash(GENESIS_HASH, same) == compute_hash(GENESIS_HASH, _event())


def test_hash_is_sha256_over_prev_hash_and_canonical_form() -> None:
    prev = "a" * 64
    expected = hashlib.sha256(prev.encode() + canonical_form(_event())).hexdigest()
    assert compute_hash(prev, _event()) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [("occurred_at", datetime(2026, 11, 23, 9, 5)), ("case_id", 1.5), ("action", b"case.read")],
)
def test_values_without_a_canonical_form_are_refused(field: str, value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        canonical_form(_event(**{field: value}))


def test_malformed_prev_hash_is_refused() -> None:
    with pytest.raises(ValueError, match="64 lowercase hex"):
        compute_hash("A" * 64, _event())


@pytest.mark.parametrize("seq", [1, 7, 10_000_000_000])
def test_a_link_template_hashes_exactly_as_compute_hash(seq: int) -> None:
    event = _event(case_id=uuid.uuid4(), consent_id=uuid.uuid4(), request_id="req-1.a_b")
    unplaced = {k: v for k, v in event.items() if k not in ("seq", "prev_hash")}
    prev_hash = hashlib.sha256(b"some earlier event").hexdigest()

    linked = link_template(unplaced).link(prev_hash, seq)

    assert linked == compute_hash(prev_hash, event | {"seq": seq, "prev_hash": prev_hash})


def test_a_link_template_refuses_a_value_holding_its_placeholder() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        link_template(_event(client_address="\x00seq"))


def test_a_stored_event_hashes_as_it_was_written(session: Session) -> None:
    record(session, make_principal(), make_record(case_id=uuid.uuid4()))
    session.commit()
    session.expire_all()

    orm_event = session.scalars(select(AuditEvent)).one()
    row = session.execute(select(AuditEvent.__table__)).one()
    assert compute_hash(orm_event.prev_hash, orm_event) == orm_event.hash
    assert compute_hash(row.prev_hash, row) == row.hash
    assert canonical_form(orm_event) == canonical_form(row)


LISTED = (
    ListedCase(uuid.UUID("b0000000-0000-4000-8000-000000000002"), "consent", uuid.UUID(int=7)),
    ListedCase(uuid.UUID("a0000000-0000-4000-8000-000000000001"), "social_services_unit", None),
)


def test_a_list_event_names_its_cases_sorted_by_case_id() -> None:
    document = json.loads(canonical_form(_event(), LISTED))
    assert document["cases"] == [
        ["a0000000-0000-4000-8000-000000000001", "social_services_unit", None],
        ["b0000000-0000-4000-8000-000000000002", "consent", str(uuid.UUID(int=7))],
    ]
    assert canonical_form(_event(), LISTED[::-1]) == canonical_form(_event(), LISTED)


def test_the_cases_and_each_basis_are_covered_by_the_hash() -> None:
    plain = compute_hash(GENESIS_HASH, _event())
    listed = compute_hash(GENESIS_HASH, _event(), LISTED)
    other_basis = (LISTED[0], ListedCase(LISTED[1].case_id, "consent", None))
    assert len({plain, listed, compute_hash(GENESIS_HASH, _event(), other_basis)}) == 3
    assert compute_hash(GENESIS_HASH, _event(), LISTED[:1]) != listed


def test_a_link_template_of_a_list_hashes_exactly_as_compute_hash() -> None:
    event = _event()
    unplaced = {k: v for k, v in event.items() if k not in ("seq", "prev_hash")}
    assert link_template(unplaced, LISTED).link(GENESIS_HASH, 7) == compute_hash(
        GENESIS_HASH, event, LISTED
    )
