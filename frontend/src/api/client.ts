/**
 * The typed API client, generated from the root openapi.yaml (src/client/schema.d.ts).
 * `authFetch` adds the access token and an Idempotency-Key to every POST, renews the token once
 * on a 401 and then retries; when the session cannot be renewed, `onSessionEnded` sends the
 * user to the login page.
 */
import createFetchClient from "openapi-fetch";
import createClient from "openapi-react-query";

import { currentAccessToken, refresh } from "../auth/session";
import type { paths } from "../client/schema";
import { config } from "../config";
import { ApiError, toApiError } from "./problem";

let sessionEnded: () => void = () => undefined;

export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

function withToken(request: Request): Request {
  const token = currentAccessToken();
  const authorised = new Request(request);
  if (token) authorised.headers.set("Authorization", `Bearer ${token}`);
  return authorised;
}

export async function authFetch(request: Request): Promise<Response> {
  // One key per POST, kept when the request is sent again after a renewal: the API then
  // creates nothing twice.
  if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
    request.headers.set("Idempotency-Key", crypto.randomUUID());
  }
  const retry = request.clone();
  const response = await fetch(withToken(request));
  if (response.status !== 401) return response;
  if (await refresh()) {
    const again = await fetch(withToken(retry));
    if (again.status !== 401) return again;
  }
  sessionEnded();
  return response;
}

function baseUrl(): string {
  return config().api_base_url || window.location.origin;
}

export let fetchClient = createFetchClient<paths>({ baseUrl: baseUrl(), fetch: authFetch });
export let $api = createClient(fetchClient);

/** Point the client at the configured API (after config.json is loaded). */
export function initApi(): void {
  fetchClient = createFetchClient<paths>({ baseUrl: baseUrl(), fetch: authFetch });
  $api = createClient(fetchClient);
}

/** The data of a call made with `fetchClient`, or an ApiError. For mutations and loaders. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(0);
  }
  if (result.error !== undefined || !result.response.ok) {
    throw toApiError(result.error, result.response);
  }
  return result.data as T;
}
