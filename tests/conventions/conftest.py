"""An app wired to a fresh database with REAL commits, plus a small probe router that uses
the shared conventions (Idempotency-Key, If-Match), for tests of the machinery itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.auth.dependencies import get_principal
from api.auth.principal import Principal, PrincipalKind, Scope
from api.db import DbSession, get_session, request_transaction
from api.http import IfMatch, require_version, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.main import create_app
from api.models import Organization
from api.models.enums import OrganizationKind, Role
from api.schemas import InputSchema, Schema
from tests.conftest import DatabaseFactory, engine_for, migrate


class ProbeIn(InputSchema):
    name: str


class ProbeOut(Schema):
    id: uuid.UUID
    name: str
    version: int


probe = APIRouter(prefix="/probe")
PRINCIPAL = Principal(
    kind=PrincipalKind.user,
    subject_id=uuid.uuid4(),
    organization_id=uuid.uuid4(),
    organization_kind=OrganizationKind.social_services,
    roles=frozenset({Role.coordinator}),
    scopes=frozenset({Scope.cases_write}),
)


@probe.post("", name="probe:create", status_code=201)
def create(
    body: ProbeIn, request: Request, session: DbSession, key: IdempotencyKeyHeader = None
) -> Response:
    def make() -> tuple[ProbeOut, dict[str, str]]:
        org = Organization(name=body.name, kind=OrganizationKind.other)
        session.add(org)
        session.flush()
        return ProbeOut.model_validate(org), {"Location": f"/probe/{org.id}"}

    return idempotent(session, PRINCIPAL, request, key=key, body=body, create=make)


@probe.patch("/{org_id}", name="probe:update")
def update(
    org_id: uuid.UUID,
    body: ProbeIn,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> ProbeOut:
    org = session.get_one(Organization, org_id)
    require_version(org, if_match)
    org.name = body.name
    session.flush()
    set_etag(response, org.version)
    return ProbeOut.model_validate(org)


@pytest.fixture
def real_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    url = databases.new_url("conventions")
    migrate(url)
    engine = engine_for(url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(real_engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=real_engine, expire_on_commit=False)


@pytest.fixture
def probe_app(sessions: sessionmaker[Session]) -> FastAPI:
    app = create_app()
    app.include_router(probe)

    def real_session() -> Iterator[Session]:
        with sessions() as session, request_transaction(session):
            yield session

    app.dependency_overrides[get_session] = real_session
    app.dependency_overrides[get_principal] = lambda: PRINCIPAL
    return app
