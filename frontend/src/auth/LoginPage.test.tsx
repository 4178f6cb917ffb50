import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { setConfig } from "../config";
import { renderWithProviders } from "../test/render";
import { apiUrl, http, HttpResponse, server } from "../test/server";
import { LoginPage, safeRedirect } from "./LoginPage";

function renderLogin() {
  return renderWithProviders(<LoginPage />, { path: "/login" });
}

describe("LoginPage", () => {
  it("says the login failed without telling whether the account exists", async () => {
    setConfig({ api_base_url: "" });
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), () =>
        HttpResponse.json({ error: "invalid_grant" }, { status: 400 }),
      ),
    );
    renderLogin();
    await userEvent.type(await screen.findByLabelText(/Användarnamn/), "ingen");
    await userEvent.type(screen.getByLabelText(/Lösenord/), "fel");
    await userEvent.click(screen.getByRole("button", { name: "Logga in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Kontrollera användarnamn och lösenord",
    );
  });

  it("tells a locked-out user how long to wait", async () => {
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), () =>
        HttpResponse.json({}, { status: 429, headers: { "Retry-After": "600" } }),
      ),
    );
    renderLogin();
    await userEvent.type(await screen.findByLabelText(/Användarnamn/), "samordnare");
    await userEvent.type(screen.getByLabelText(/Lösenord/), "fel");
    await userEvent.click(screen.getByRole("button", { name: "Logga in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Vänta 10 minuter");
  });

  it("lists the demo accounts only when config.json has them, and logs in with one click", async () => {
    setConfig({
      demo_password: "demo",
      demo_accounts: [
        { username: "samordnare", display_name: "Samir Samordnare", role: "coordinator", organization: "Socialtjänsten" },
      ],
    });
    let sent = "";
    server.use(
      http.post(apiUrl("/api/v1/auth/token"), async ({ request }) => {
        sent = await request.text();
        return HttpResponse.json({ access_token: "a", expires_in: 600, refresh_token: "r" });
      }),
    );
    const { router } = renderLogin();
    await userEvent.click(await screen.findByRole("button", { name: "Logga in som samordnare" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(new URLSearchParams(sent).get("username")).toBe("samordnare");
    expect(sessionStorage.getItem("samverka.refresh")).toBe("r");
    setConfig({});
  });

  it("shows no demo accounts outside demo mode", async () => {
    setConfig({});
    renderLogin();
    await screen.findByLabelText(/Användarnamn/);
    expect(screen.queryByText("Demokonton")).not.toBeInTheDocument();
  });
});

describe("safeRedirect", () => {
  it("keeps a path of this app and refuses another site", () => {
    expect(safeRedirect("/cases/1/plan?x=1")).toBe("/cases/1/plan?x=1");
    expect(safeRedirect("//evil.example/")).toBe("/");
    expect(safeRedirect("https://evil.example/")).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
  });
});
