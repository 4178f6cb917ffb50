/**
 * The unit manager's follow-up statistics on the demo data: reached from the menu, charts with
 * their tables (side by side, stacked on a phone), small counts suppressed (the demo unit is
 * small), WCAG 2.1 AA by axe, and the same period's CSV through the authenticated client.
 */
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { day, expectAccessible, login, screenshot, settled } from "./helpers";

test("the unit manager's statistics: charts beside their tables, and the CSV", async ({ page }, testInfo) => {
  await login(page, "chef");
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Uppföljning" }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole("heading", { level: 1, name: "Uppföljning" })).toBeVisible();

  // The demo data is dated relative to the seed day: the last twelve months give the same
  // figures whatever the date, unlike the default year to date.
  const from = day(-364);
  const to = day();
  await page.goto(`/stats?from=${from}&to=${to}`);
  await settled(page);
  await expect(page.getByLabel("Från och med")).toHaveValue(from);

  // Seven young people, all at risk: shown, and drawn.
  const byTarget = page.getByRole("region", { name: "Ärenden per målgrupp" });
  const targetTable = byTarget.getByRole("table", { name: "Ärenden per målgrupp: tabell" });
  await expect(targetTable.getByRole("row", { name: /Risk för kriminell livsstil/ })).toContainText("7");
  await expect(targetTable.getByRole("row", { name: /Totalt/ })).toContainText("7");
  const chart = byTarget.getByRole("img", { name: /^Stapeldiagram: Ärenden per målgrupp/ });
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.locator("text", { hasText: "Risk för kriminell" })).toBeVisible();

  // Their statuses split them into cells under five: every one is hidden, none drawn.
  const byStatus = page.getByRole("region", { name: "Ärenden per status" });
  const statusTable = byStatus.getByRole("table", { name: "Ärenden per status: tabell" });
  await expect(statusTable.getByRole("row", { name: /Aktivt/ })).toContainText("Dolt");
  await expect(statusTable.getByRole("row", { name: /Totalt/ })).toContainText("7");
  await expect(byStatus.getByRole("img")).toHaveCount(0);
  await expect(byStatus.getByText("Inget diagram: alla värden är dolda.")).toBeVisible();

  await expectAccessible(page);
  await screenshot(page, testInfo, "stats");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Ladda ner CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`samverka-statistik-${from}-${to}.csv`);
  const csv = await readFile(await file.path(), "utf8");
  expect(csv).toMatch(/^section,dimension,value,count,suppressed\r\n/);
  expect(csv).toContain("cases_by_target_group,target_group,at_risk,7,false\r\n");
  expect(csv).toContain("cases_by_status,status,active,,true\r\n");

  // Side by side on a wide screen, stacked on a phone, and never wider than the phone.
  const layout = async () => {
    const [drawn, table] = await Promise.all([chart.boundingBox(), targetTable.boundingBox()]);
    if (!drawn || !table) throw new Error("the chart or its table is not laid out");
    return { beside: table.x >= drawn.x + drawn.width, below: table.y >= drawn.y + drawn.height };
  };
  expect(await layout()).toEqual({ beside: true, below: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(layout).toEqual({ beside: false, below: true });
  // The charts redraw at the new width when their resize observer fires, a frame or more
  // after the grid has stacked; until then a chart keeps its wide-screen width.
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  await expect.poll(pageWidth).toBeLessThanOrEqual(390);
  await expectAccessible(page);
  await screenshot(page, testInfo, "stats-phone");
});
