/** The mock API of component tests (msw): each test declares the responses it relies on. */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const server = setupServer();

/** The absolute URL the client calls for an API path (jsdom's origin; config's base is ""). */
export function apiUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}

export function problem(status: number, detail: string, errors?: { field: string; rule: string; message: string }[]) {
  return HttpResponse.json(
    {
      type: `https://samverka.example/problems/${status}`,
      title: "Problem",
      status,
      detail,
      instance: null,
      request_id: "req-test",
      errors: errors ?? null,
    },
    { status, headers: { "Content-Type": "application/problem+json" } },
  );
}

export { http, HttpResponse };
