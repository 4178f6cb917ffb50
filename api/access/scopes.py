"""Which function-level scopes each role grants (API.md, roles table)."""

from __future__ import annotations

from collections.abc import Iterable

from api.auth.principal import Scope
from api.models.enums import Role

ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.admin: frozenset({Scope.directory_manage, Scope.profile}),
    Role.unit_manager: frozenset(
        {
            Scope.cases_read,
            Scope.cases_assign,
            Scope.stats_read,
            Scope.proposals_create,
            Scope.profile,
        }
    ),
    Role.case_officer: frozenset(
        {Scope.cases_read, Scope.cases_write, Scope.proposals_create, Scope.profile}
    ),
    Role.coordinator: frozenset(
        {Scope.cases_read, Scope.cases_write, Scope.proposals_create, Scope.profile}
    ),
    Role.professional: frozenset(
        {Scope.cases_read, Scope.cases_write, Scope.proposals_create, Scope.profile}
    ),
    Role.preparation_group: frozenset({Scope.proposals_deidentified, Scope.profile}),
    Role.auditor: frozenset({Scope.audit_read, Scope.profile}),
    Role.integration: frozenset(),
}

# What an integration client may be granted: it acts as its organisation's professionals.
CLIENT_GRANTABLE_SCOPES: frozenset[Scope] = frozenset(
    {
        Scope.cases_read,
        Scope.cases_write,
        Scope.proposals_create,
        Scope.stats_read,
        Scope.webhooks_manage,
    }
)


def scopes_for_roles(roles: Iterable[Role]) -> frozenset[Scope]:
    granted: set[Scope] = set()
    for role in roles:
        granted |= ROLE_SCOPES[role]
    return frozenset(granted)


def scopes_for_client(configured: Iterable[str]) -> frozenset[Scope]:
    """A client's configured scopes, limited to what integration clients may hold; every
    client may ask who it is."""
    known = {scope.value: scope for scope in CLIENT_GRANTABLE_SCOPES}
    return frozenset(known[name] for name in configured if name in known) | {Scope.profile}


def parse_requested(requested: str | None, allowed: frozenset[Scope]) -> frozenset[Scope]:
    """The scopes a token request asks for (OAuth ``scope``), never more than allowed."""
    if not requested:
        return allowed
    names = set(requested.split())
    return frozenset(scope for scope in allowed if scope.value in names)
