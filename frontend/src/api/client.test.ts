import { describe, expect, it, vi } from "vitest";

import { login } from "../auth/session";
import { apiUrl, http, HttpResponse, server } from "../test/server";
import { fetchClient, onSessionEnded, unwrap } from "./client";
import { ApiError } from "./problem";

const tokens = (access: string, refresh: string) =>
  HttpResponse.json({ access_token: access, expires_in: 600, refresh_token: refresh });

async function signIn() {
  server.use(http.post(apiUrl("/api/v1/auth/token"), () => tokens("old", "r1")));
  await login("samordnare", "demo");
}

describe("authFetch", () => {
  it("renews an expired access token once and sends the same POST again, same Idempotency-Key", async () => {
    await signIn();
    const seen: { auth: string | null; key: string | null }[] = [];
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        expect(form.get("grant_type")).toBe("refresh_token");
        expect(form.get("refresh_token")).toBe("r1");
        return tokens("new", "r2");
      }),
      http.post(apiUrl("/api/v1/cases/:caseId/journal"), ({ request }) => {
        seen.push({
          auth: request.headers.get("Authorization"),
          key: request.headers.get("Idempotency-Key"),
        });
        return request.headers.get("Authorization") === "Bearer new"
          ? HttpResponse.json({ id: "e1" }, { status: 201 })
          : new HttpResponse(null, { status: 401 });
      }),
    );
    const entry = await unwrap(
      fetchClient.POST("/api/v1/cases/{case_id}/journal", {
        params: { path: { case_id: "c1" } },
        body: { kind: "note", category_code: "school", occurred_at: "2026-05-04T09:00:00+02:00", body: "Närvaro ok" },
      }),
    );
    expect(entry).toEqual({ id: "e1" });
    expect(seen.map((s) => s.auth)).toEqual(["Bearer old", "Bearer new"]);
    expect(seen[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]?.key).toBe(seen[0]?.key);
    expect(sessionStorage.getItem("samverka.refresh")).toBe("r2");
  });

  it("ends the session when the refresh token is refused", async () => {
    await signIn();
    const ended = vi.fn();
    onSessionEnded(ended);
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), () => HttpResponse.json({ error: "invalid_grant" }, { status: 400 })),
      http.get(apiUrl("/api/v1/me"), () => new HttpResponse(null, { status: 401 })),
    );
    const result = await fetchClient.GET("/api/v1/me");
    expect(result.response.status).toBe(401);
    expect(ended).toHaveBeenCalledOnce();
    expect(sessionStorage.getItem("samverka.refresh")).toBeNull();
  });

  it("turns a problem response into an ApiError with its field errors", async () => {
    server.use(
      http.get(apiUrl("/api/v1/me"), () =>
        HttpResponse.json(
          { type: "t", title: "Invalid", status: 422, detail: "Check these fields: body.text.", errors: [{ field: "body.text", rule: "too_long", message: "At most 4000 characters." }] },
          { status: 422 },
        ),
      ),
    );
    const error = await unwrap(fetchClient.GET("/api/v1/me")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors[0]?.field).toBe("body.text");
  });

  it("reports a network failure as status 0", async () => {
    server.use(http.get(apiUrl("/api/v1/me"), () => HttpResponse.error()));
    const error = await unwrap(fetchClient.GET("/api/v1/me")).catch((e: unknown) => e);
    expect((error as ApiError).isNetworkFailure).toBe(true);
  });
});
