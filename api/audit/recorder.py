"""Record every read and write of personal data, and every denied attempt, in the access log.

DOMAIN.md, "Rules the product must enforce": every read and write of personal data is logged
(who, when, which case, what, through which client, allowed or denied) and the log cannot be
altered unnoticed. The event is written in the *same* transaction as the request, so an access
that was committed is always logged, and a failed audit write fails the request (fail closed).

Life of an event:

1. ``record()`` only queues it in ``session.info``: appending to the chain needs the chain
   lock, and taking it at the first read would serialise whole requests.
2. At the commit of the session's outermost transaction a ``before_commit`` hook
   (``install_audit_hooks()``) calls ``flush_pending()``: take the lock, read the chain head,
   insert the queued events with their hashes. On PostgreSQL that is the database function
   ``audit_append``, sent with the COMMIT in one round trip; the lock is held only by the two.
3. When the outermost transaction ends without a commit, allowed events are dropped (that
   read or write did not happen) and denied ones stay queued; the session dependency then
   calls ``persist_denied_after_rollback()`` so that refused attempts are logged anyway.

Savepoints (``begin_nested``) do not touch the queue: what was attempted inside one is
decided by the outer transaction. Events hold identifiers only, never personal data.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass
from typing import Any, cast

import psycopg
from sqlalchemy import Connection, Engine, Table, event, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction
from uuid_utils.compat import uuid7

from api.audit.chain import GENESIS_HASH, LinkTemplate, ListedCase, link_template
from api.auth.principal import Principal
from api.models.base import utcnow
from api.models.enums import AuditOutcome
from api.models.security import AuditEvent, AuditEventCase
from api.request_context import current_request_id

# PostgreSQL advisory lock that serialises appends to the chain: "SAMVERKA" in ASCII.
CHAIN_LOCK_KEY = 0x53414D5645524B41

_PENDING = "samverka.audit.pending"  # queued, not yet inserted
_IN_FLIGHT = "samverka.audit.in_flight"  # inserted in the open transaction, not yet committed

# Actions, resource types and legal bases are code identifiers ("case.read", or an operation
# id such as "cases:list"), so free text - and with it personal data - cannot reach the log.
_ACTION = re.compile(r"[a-z][a-z0-9_-]*([.:][a-z][a-z0-9_-]*)+")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")

# A queued event holds its column values and, under this key, the cases a list showed.
_CASES = "cases"
Queue = list[dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class AuditRecord:
    """What was accessed and how it ended; the actor and the instant are stamped by
    ``record()``. Keyword-only, so the several UUIDs cannot be swapped by position.

    A list names the cases it showed in ``cases`` (each with its own basis) and leaves
    ``case_id``, ``legal_basis`` and ``consent_id`` empty: one event however long the page.
    """

    action: str  # "case.read", "consent.withdraw", or an operation id ("cases:list")
    resource_type: str  # "case", "consent", "journal_entry"
    resource_id: uuid.UUID | None
    case_id: uuid.UUID | None  # lets the young person be told who accessed their data
    outcome: AuditOutcome
    legal_basis: str | None = None  # "consent", "social_services_unit"
    consent_id: uuid.UUID | None = None
    cases: tuple[ListedCase, ...] = ()

    def __post_init__(self) -> None:
        _check(_ACTION, self.action, 64, "action")
        _check(_IDENTIFIER, self.resource_type, 40, "resource_type")
        for basis in (self.legal_basis, *(case.legal_basis for case in self.cases)):
            if basis is not None:
                _check(_IDENTIFIER, basis, 64, "legal_basis")
        if not isinstance(self.outcome, AuditOutcome):
            raise TypeError("outcome must be an AuditOutcome")
        if self.cases and (self.case_id or self.legal_basis or self.consent_id):
            raise ValueError("a list event names its cases in cases, each with its basis")
        if len({case.case_id for case in self.cases}) != len(self.cases):
            raise ValueError("a list event names each case once")


def _check(pattern: re.Pattern[str], value: str, max_length: int, name: str) -> None:
    # The lengths are the column sizes: SQLite would store a longer value, PostgreSQL not.
    if len(value) > max_length or not pattern.fullmatch(value):
        raise ValueError(f"audit {name} must be a code identifier of at most {max_length} chars")


def record(session: Session, principal: Principal | None, rec: AuditRecord) -> None:
    """Queue one access-log event; it is written when the session's transaction commits.

    ``principal`` is None for an attempt that could not be attributed (no valid credentials).
    """
    install_audit_hooks()  # without the hooks a queued event would be dropped silently
    if not session.in_transaction():
        # Tie the event to a transaction, as autobegin would at the first query (no
        # connection is taken yet): a rollback without one would fire no hook, and an
        # allowed event queued now would be written by some later, unrelated commit.
        session.begin()
    _queue(session, _PENDING).append(_event_values(principal, rec))


def _event_id() -> uuid.UUID:
    """A time-ordered id (UUIDv7): new events land at the end of the id index instead of on
    a random page of it, which kept a large log's inserts out of the cache."""
    return uuid7()


def _event_values(principal: Principal | None, rec: AuditRecord) -> dict[str, Any]:
    return {
        "id": _event_id(),
        "occurred_at": utcnow(),
        "actor_user_id": principal.user_id if principal else None,
        "actor_client_id": principal.client_id if principal else None,
        "actor_organization_id": principal.organization_id if principal else None,
        "actor_roles": sorted(role.value for role in principal.roles) if principal else [],
        "action": rec.action,
        "resource_type": rec.resource_type,
        "resource_id": rec.resource_id,
        "case_id": rec.case_id,
        "outcome": rec.outcome,
        "legal_basis": rec.legal_basis,
        "consent_id": rec.consent_id,
        "request_id": current_request_id(),
        "client_address": principal.client_address if principal else None,
        "channel": principal.channel if principal else None,
        _CASES: rec.cases,
    }


def _queue(session: Session, key: str) -> Queue:
    queue: Queue = session.info.setdefault(key, [])
    return queue


def flush_pending(session: Session) -> None:
    """Append the queued events to the chain, inside the session's open transaction.

    Called by the ``before_commit`` hook. SQLite appends at once (its transaction already
    holds the write lock); PostgreSQL stages the events for the COMMIT, which takes the chain
    lock (``_commit_with_append``). Refused inside a savepoint: a savepoint rolled back after
    the append would take the events with it.
    """
    pending = _queue(session, _PENDING)
    if not pending:
        return
    if session.in_nested_transaction():
        raise RuntimeError("the access log is appended by the outermost transaction only")
    # The costly part, before the lock.
    templates = [link_template(values, values[_CASES]) for values in pending]
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        _append_on_server(connection, pending, templates)
    elif dialect == "sqlite":
        _append_here(connection, pending, templates)
    else:
        raise RuntimeError(f"no chain append for the {dialect} dialect")
    _queue(session, _IN_FLIGHT).extend(pending)
    pending.clear()


# PostgreSQL: migration 0006's audit_append takes the transaction-scoped advisory lock, reads
# the head, and links and inserts the events with their cases. It is sent together with the
# COMMIT, in one round trip (psycopg's pipeline mode), so the lock is held only while the
# server runs the two: no Python step, which would first have to win the GIL back from the
# worker's other threads, is left in between. Before, the lock spanned five round trips and
# was held about 11 ms per request under load.
_APPEND = "SELECT audit_append(%s, %s::jsonb)"
_STAGED = "samverka.audit.staged"  # on the connection: (its transaction, events to append)


def _append_on_server(
    connection: Connection, pending: Queue, templates: list[LinkTemplate]
) -> None:
    events = [
        {
            **{name: value for name, value in values.items() if name != _CASES},
            "head": template.head.decode("ascii"),
            "middle": template.middle.decode("ascii"),
            "tail": template.tail.decode("ascii"),
            "cases": [_case_values(case) for case in values[_CASES]],
        }
        for values, template in zip(pending, templates, strict=True)
    ]
    if connection.in_nested_transaction():
        # The session joined a transaction begun outside it (as the tests' sessions do), so
        # its commit only releases a savepoint: append now; the outer transaction decides.
        connection.exec_driver_sql(_APPEND, _append_parameters(events))
        return
    transaction = connection.get_transaction()
    staged: tuple[object, list[dict[str, Any]]] | None = connection.info.get(_STAGED)
    if staged is None or staged[0] is not transaction:  # left by one that rolled back
        staged = connection.info[_STAGED] = (transaction, [])
    staged[1].extend(events)


def _append_parameters(events: list[dict[str, Any]]) -> tuple[int, str]:
    # str() gives PostgreSQL's own text for the UUIDs and the instants (with microseconds
    # and offset); the enums are str already, and everything else is JSON by nature.
    return CHAIN_LOCK_KEY, json.dumps(events, default=str)


def _commit_with_append(connection: Connection) -> None:
    """The engine's ``commit`` hook, run just before the driver's COMMIT (after the ORM's
    last flush): append what this transaction staged, and commit, in one round trip."""
    transaction, events = connection.info.pop(_STAGED, (None, []))
    if not events or transaction is not connection.get_transaction():
        return
    dbapi = cast("psycopg.Connection[Any]", connection.connection.dbapi_connection)
    parameters = _append_parameters(events)
    try:
        with dbapi.pipeline():
            dbapi.execute(_APPEND, parameters)
            dbapi.commit()  # the driver's commit that follows then has nothing left to do
    except psycopg.Error as error:
        raise DBAPIError.instance(_APPEND, parameters, error, psycopg.Error) from error


def _append_here(connection: Connection, pending: Queue, templates: list[LinkTemplate]) -> None:
    """SQLite: the engine begins every transaction with BEGIN IMMEDIATE, which already
    serialises writers, so the head read here is the head. The primary key on ``seq``
    refuses a fork rather than storing one."""
    seq, prev_hash = _chain_head(connection)
    rows: list[dict[str, Any]] = []
    case_rows: list[dict[str, Any]] = []
    for values, template in zip(pending, templates, strict=True):
        seq += 1
        digest = template.link(prev_hash, seq)
        row = {**values, "seq": seq, "prev_hash": prev_hash, "hash": digest}
        case_rows.extend({"seq": seq, **_case_values(case)} for case in row.pop(_CASES))
        rows.append(row)
        prev_hash = digest
    # Core, not the ORM's bulk insert: the rows are complete column values already.
    connection.execute(insert(cast(Table, AuditEvent.__table__)), rows)
    if case_rows:
        connection.execute(insert(cast(Table, AuditEventCase.__table__)), case_rows)


def _case_values(case: ListedCase) -> dict[str, Any]:
    return {"case_id": case.case_id, "legal_basis": case.legal_basis, "consent_id": case.consent_id}


def _chain_head(connection: Connection) -> tuple[int, str]:
    head = connection.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (head.seq, head.hash) if head else (0, GENESIS_HASH)


def persist_denied_after_rollback(session: Session) -> None:
    """Write the denied attempts of a rolled-back request in a transaction of their own.

    A refused access must be logged even though the request failed (DOMAIN.md: "allowed or
    denied"); allowed events of the rolled-back transaction are not written, because that
    read or write did not happen. Call after ``session.rollback()``, before ``close()``.
    """
    if session.in_transaction():
        raise RuntimeError("roll back the failed transaction before persisting denied events")
    pending = _queue(session, _PENDING)
    pending[:] = [values for values in pending if values["outcome"] is AuditOutcome.denied]
    if not pending:
        return
    try:
        session.commit()  # begins a fresh transaction; the before_commit hook appends
    except BaseException:
        session.rollback()
        raise


def _before_commit(session: Session) -> None:
    # Fires for savepoints too; only the outermost commit appends.
    if not session.in_nested_transaction():
        flush_pending(session)


def _after_commit(session: Session) -> None:
    if not session.in_nested_transaction():
        _queue(session, _IN_FLIGHT).clear()


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """When the outermost transaction ends without a commit (rollback, failed commit,
    close), keep only its denied events, including those inserted by a flush that was rolled
    back. After a successful commit both queues are already empty."""
    if transaction.parent is not None:
        return
    in_flight, pending = _queue(session, _IN_FLIGHT), _queue(session, _PENDING)
    survivors = [v for v in in_flight + pending if v["outcome"] is AuditOutcome.denied]
    in_flight.clear()
    pending[:] = survivors


_HOOKS = (
    ("before_commit", _before_commit),
    ("after_commit", _after_commit),
    ("after_transaction_end", _after_transaction_end),
)
_ENGINE_HOOKS = (("commit", _commit_with_append),)
_install_lock = threading.Lock()
_installed = threading.Event()


def install_audit_hooks() -> None:
    """Register the session hooks on the ``Session`` class (every session, including those
    of a ``sessionmaker``). Idempotent and thread-safe; ``record()`` calls it, and the app
    should call it at start-up too."""
    if _installed.is_set():  # record() calls this for every event
        return
    with _install_lock:
        for name, hook in _HOOKS:
            if not event.contains(Session, name, hook):
                event.listen(Session, name, hook)
        for name, engine_hook in _ENGINE_HOOKS:
            if not event.contains(Engine, name, engine_hook):
                event.listen(Engine, name, engine_hook)
        _installed.set()
