import { configure, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AppLayout } from "../../app/AppLayout";
import type { Role } from "../../auth/useMe";
import { renderWithProviders } from "../../test/render";
import { server } from "../../test/server";
import { meAs, meHandler } from "../cases/testData";

configure({ asyncUtilTimeout: 5000 });

async function menuFor(role: Role) {
  server.use(meHandler(meAs(role)));
  renderWithProviders(<AppLayout />, { path: "/" });
  const menu = await screen.findByRole("navigation", { name: "Huvudmeny" });
  await within(menu).findAllByRole("link");
  return menu;
}

describe("the statistics in the menu", { timeout: 20_000 }, () => {
  it("is offered to a unit manager", async () => {
    const menu = await menuFor("unit_manager");
    expect(within(menu).getByRole("link", { name: "Uppföljning" })).toHaveAttribute("href", "/stats");
  });

  it.each<Role>(["coordinator", "case_officer", "professional", "auditor"])("is not offered to a %s", async (role) => {
    const menu = await menuFor(role);
    expect(within(menu).queryByRole("link", { name: "Uppföljning" })).not.toBeInTheDocument();
  });
});
