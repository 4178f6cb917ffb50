/** Consent types and the reads a consent change affects. */
import type { components } from "../../client/schema";

export type Consent = components["schemas"]["ConsentRead"];

export const CONSENT_READS = [
  "/api/v1/cases/{case_id}/consents",
  "/api/v1/cases/{case_id}",
  "/api/v1/cases",
  "/api/v1/me/tasks",
];

