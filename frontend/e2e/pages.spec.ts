/**
 * Every other main page, as the role that uses it, on the demo data: it renders, keeps to
 * WCAG 2.1 AA by axe (no serious or critical violation), and leaves a screenshot.
 */
import { expect, test } from "@playwright/test";

import { expectAccessible, login, screenshot, settled } from "./helpers";

test("the coordinator's case list, with filters", async ({ page }, testInfo) => {
  await login(page, "samordnare");
  await page.goto("/cases");
  await settled(page);
  await expect(page.getByRole("table", { name: "Ärendelista" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-list");
});

test("the case officer's assessments and the case's access log", async ({ page }, testInfo) => {
  await login(page, "handlaggare");
  await page.goto("/cases?assigned_to_me=true&status=active");
  await settled(page);
  await page.getByRole("table", { name: "Ärendelista" }).getByRole("link").first().click();
  const tabs = page.getByRole("navigation", { name: "Ärendets delar" });
  await tabs.getByRole("link", { name: "Bedömningar" }).click();
  await settled(page);
  await expect(page.getByRole("heading", { level: 2, name: "Bedömningar" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-assessments");

  await tabs.getByRole("link", { name: "Åtkomstlogg" }).click();
  await settled(page);
  await expect(page.getByRole("table", { name: "Åtkomster till ärendet" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-access-log");
});

test("the preparation group's de-identified list", async ({ page }, testInfo) => {
  await login(page, "beredning");
  await page.goto("/proposals/deidentified");
  await settled(page);
  await expect(page.getByRole("heading", { level: 1, name: "Beredningsgruppens lista" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "deidentified");
});

test("the administrator's organisations, users and integrations", async ({ page }, testInfo) => {
  await login(page, "admin");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  for (const tab of ["Organisationer", "Användare", "Integrationer"]) {
    await page.getByRole("tab", { name: tab }).click();
    await settled(page);
    await expect(page.getByRole("table", { name: tab })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, `admin-${tab.toLowerCase()}`);
  }
});

test("the auditor's access log", async ({ page }, testInfo) => {
  await login(page, "revisor");
  await page.goto("/audit");
  await settled(page);
  await expect(page.getByRole("table", { name: "Händelser i åtkomstloggen" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "audit-log");
});
