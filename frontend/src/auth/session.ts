/**
 * The signed-in session. The access token lives in memory only; the refresh token in
 * sessionStorage, so a reload keeps this tab signed in but closing it signs out. Refreshing is
 * single-flight: concurrent 401s wait for one rotation (a reused refresh token revokes the
 * whole family on the server).
 */
import { useSyncExternalStore } from "react";

import { config } from "../config";

const REFRESH_KEY = "samverka.refresh";

export type LoginFailure = "invalid" | "locked" | "unavailable";

export class LoginError extends Error {
  readonly reason: LoginFailure;
  readonly retryAfterSeconds: number | undefined;

  constructor(reason: LoginFailure, retryAfterSeconds?: number) {
    super(reason);
    this.name = "LoginError";
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string | null;
}

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function tokenUrl(path: string): string {
  return `${config().api_base_url}/api/v1/auth/${path}`;
}

function store(tokens: TokenResponse): void {
  accessToken = tokens.access_token;
  if (tokens.refresh_token) sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  notify();
}

async function requestToken(body: Record<string, string>): Promise<Response> {
  return fetch(tokenUrl("token"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body),
  });
}

export async function login(username: string, password: string): Promise<void> {
  let response: Response;
  try {
    response = await requestToken({ grant_type: "password", username, password });
  } catch {
    throw new LoginError("unavailable");
  }
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("Retry-After") ?? "");
    throw new LoginError("locked", Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  if (response.status === 400 || response.status === 401) throw new LoginError("invalid");
  if (!response.ok) throw new LoginError("unavailable");
  store((await response.json()) as TokenResponse);
}

/** A new access token from the refresh token; false when the session is over. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (!token) return false;
    try {
      const response = await requestToken({ grant_type: "refresh_token", refresh_token: token });
      if (!response.ok) {
        clear();
        return false;
      }
      store((await response.json()) as TokenResponse);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function logout(): Promise<void> {
  const token = sessionStorage.getItem(REFRESH_KEY);
  clear();
  if (token) {
    await fetch(tokenUrl("revoke"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, token_type_hint: "refresh_token" }),
    }).catch(() => undefined);
  }
}

export function clear(): void {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
  notify();
}

export function currentAccessToken(): string | null {
  return accessToken;
}

/** True when this tab may resume a session (a refresh token is kept). */
export function canResume(): boolean {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

export function useSignedIn(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => accessToken !== null,
  );
}
