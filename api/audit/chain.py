"""The hash chain of the access log: a canonical form of each event and its sha256 link.

DOMAIN.md, "Rules the product must enforce": the access log "cannot be altered unnoticed".
Each event's ``hash`` covers the previous event's hash and every other column of the event,
so editing a row breaks that row, and deleting one breaks the row after it. The canonical
form must give the same bytes for a value as written and as read back from SQLite or
PostgreSQL, so it normalises exactly the things the two databases return differently.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from sqlalchemy import Row

    from api.models.security import AuditEvent

GENESIS_HASH = "0" * 64

# Every column of audit_events except ``hash``, listed explicitly rather than read from the
# table: a new column changes what old hashes cover, so it must be a deliberate decision
# (tests/audit/test_chain.py fails until this list and the table agree).
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "id",
    "occurred_at",
    "actor_user_id",
    "actor_client_id",
    "actor_organization_id",
    "actor_roles",
    "action",
    "resource_type",
    "resource_id",
    "case_id",
    "outcome",
    "legal_basis",
    "consent_id",
    "request_id",
    "client_address",
    "channel",
    "prev_hash",
)

_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ListedCase:
    """One case a list showed, with the basis of that access: a row of
    ``audit_event_cases``. A list writes one event naming every case it showed, rather than
    one chained event per case, and the event's hash covers the sorted list."""

    case_id: uuid.UUID
    legal_basis: str | None
    consent_id: uuid.UUID | None

    def canonical(self) -> list[object]:
        consent = str(self.consent_id) if self.consent_id else None
        return [str(self.case_id), self.legal_basis, consent]


# An ORM event, a row selected from audit_events, or a mapping of column values: the writer
# and the verifier share one definition.
HashableEvent: TypeAlias = "AuditEvent | Row[Any] | Mapping[str, Any]"


def _same(value: object) -> object:
    return value


# The commonest column types, looked up by exact type before the general rules below: every
# request hashes each of its events. (A bool or a StrEnum is not one of these exact types.)
_EXACT_TYPES: dict[type, Callable[[Any], object]] = {str: _same, int: _same, uuid.UUID: str}


def _canonical_value(value: object) -> object:
    """One column value as plain JSON; unknown types are refused rather than guessed at."""
    exact = _EXACT_TYPES.get(type(value))
    return exact(value) if exact else _canonical_other(value)


def _canonical_other(value: object) -> object:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Enum):  # before str: a StrEnum is also a str
        return _canonical_value(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)  # SQLite stores 32 hex digits, PostgreSQL a uuid: both read back as UUID
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: audit instants must carry a time zone")
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    if isinstance(value, list | tuple | set | frozenset):
        # Only actor_roles is a list; a set of roles has no order, so sort it.
        return sorted(str(_canonical_value(item)) for item in value)
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _values(event: HashableEvent) -> dict[str, object]:
    if isinstance(event, Mapping):
        return {name: event[name] for name in HASHED_FIELDS}
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def canonical_form(event: HashableEvent, cases: Sequence[ListedCase] = ()) -> bytes:
    """Deterministic JSON of every column but ``hash``: sorted keys, no whitespace, ASCII,
    UUIDs as strings, instants as UTC ISO 8601 with microseconds, None as null, roles sorted.

    The cases a list event names are a ``cases`` member, sorted by case id; an event that
    names none has no such member, so events written before lists had one keep their hash.
    """
    document = {name: _canonical_value(value) for name, value in _values(event).items()}
    if cases:
        in_order = sorted(cases, key=lambda case: str(case.case_id))
        document["cases"] = [case.canonical() for case in in_order]
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def compute_hash(prev_hash: str, event: HashableEvent, cases: Sequence[ListedCase] = ()) -> str:
    """sha256 (hex) over the previous event's hash followed by this event's canonical form."""
    return _link(_previous_hash(prev_hash), canonical_form(event, cases))


def _previous_hash(prev_hash: str) -> bytes:
    if not _HEX_SHA256.fullmatch(prev_hash):
        raise ValueError("prev_hash must be 64 lowercase hex digits")
    return prev_hash.encode("ascii")


def _link(previous: bytes, canonical: bytes) -> str:
    """The one definition of a link in Python, for ``compute_hash`` and ``LinkTemplate.link``.

    Migration 0006's ``audit_append`` repeats it in SQL for PostgreSQL's appends (the
    genesis hash too); ``verify_chain``, which uses this one, checks every link it makes in
    the PostgreSQL pass of the tests. Changing the link therefore needs a new migration."""
    return hashlib.sha256(previous + canonical).hexdigest()


# Stand-ins for the two values an event gets only under the chain lock. Column values are
# UUIDs, instants, enums and code identifiers (request ids and addresses are validated too),
# so a NUL character cannot occur in them.
_PREV_MARK, _SEQ_MARK = "\x00prev_hash", "\x00seq"


@dataclass(frozen=True, slots=True)
class LinkTemplate:
    """An event's canonical form cut around ``prev_hash`` and ``seq``, made before the chain
    lock is taken, so that appending under the lock is concatenation and one sha256."""

    head: bytes
    middle: bytes
    tail: bytes

    def link(self, prev_hash: str, seq: int) -> str:
        """``compute_hash`` of the event at position ``seq`` after ``prev_hash``."""
        previous = _previous_hash(prev_hash)
        number = str(seq).encode("ascii")
        canonical = b"".join((self.head, b'"', previous, b'"', self.middle, number, self.tail))
        return _link(previous, canonical)


def link_template(event: Mapping[str, Any], cases: Sequence[ListedCase] = ()) -> LinkTemplate:
    """The ``LinkTemplate`` of an event given as column values without ``seq``/``prev_hash``."""
    values = {**event, "prev_hash": _PREV_MARK, "seq": _SEQ_MARK}
    text = canonical_form(values, cases).decode("ascii")
    marks = [json.dumps(mark) for mark in (_PREV_MARK, _SEQ_MARK)]
    if any(text.count(mark) != 1 for mark in marks):
        raise ValueError("an audit value contains a chain placeholder")
    head, _, rest = text.partition(marks[0])
    middle, _, tail = rest.partition(marks[1])
    return LinkTemplate(head.encode("ascii"), middle.encode("ascii"), tail.encode("ascii"))
