import { expect, test } from "@playwright/test";

import { expectAccessible, field, login, screenshot } from "./helpers";

test("the login page lists the demo accounts and says why a login failed", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Logga in i Samverka" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Logga in som samordnare", exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "login");

  await field(page, "Användarnamn").fill("samordnare");
  await field(page, "Lösenord").fill("fel-lösenord");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Kontrollera användarnamn och lösenord");
});

test("a deep link survives the login and a reload keeps the session", async ({ page }) => {
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/login\?redirect=/);
  await field(page, "Användarnamn").fill("samordnare");
  await field(page, "Lösenord").fill("demo");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await page.reload();
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole("heading", { level: 1, name: "Ärenden" })).toBeVisible();
});

test("logging out ends the session", async ({ page }) => {
  await login(page, "samordnare");
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/login/);
});
