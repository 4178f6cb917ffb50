/** The choices of the admin forms, in the contract's values, labelled in the user's language. */
import type { TFunction } from "i18next";

import type { OrganizationKind, Role, Scope } from "./types";

/** Roles a person may hold (`integration` belongs to integration clients). */
export const USER_ROLES: Role[] = [
  "admin",
  "unit_manager",
  "case_officer",
  "coordinator",
  "professional",
  "preparation_group",
  "auditor",
];

/** Roles that work on one social-services unit's cases, and so need a unit. */
export const UNIT_ROLES: Role[] = ["unit_manager", "case_officer", "coordinator"];

export const ORGANIZATION_KINDS: OrganizationKind[] = [
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
];

/**
 * What an integration client may be granted (api/access/scopes.py CLIENT_GRANTABLE_SCOPES):
 * the schema's Scope enum names every scope, the API refuses the others for a client.
 */
export const CLIENT_SCOPES: Scope[] = [
  "cases:read",
  "cases:write",
  "proposals:create",
  "stats:read",
  "webhooks:manage",
];

export const MIN_PASSWORD_LENGTH = 12;
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export function roleLabel(t: TFunction<"admin">, role: string): string {
  return t(`roles.${role}`, { defaultValue: role });
}

export function kindLabel(t: TFunction<"admin">, kind: string): string {
  return t(`kinds.${kind}`, { defaultValue: kind });
}

/** `cases:read` -> the text of `scopes.cases_read` (a colon would be read as a namespace). */
export function scopeLabel(t: TFunction<"admin">, scope: string): string {
  return t(`scopes.${scope.replace(":", "_")}`, { defaultValue: scope });
}
