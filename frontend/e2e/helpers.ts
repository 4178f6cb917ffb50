/** What every end-to-end test does: log in as a demo user, check a page with axe, keep a screenshot. */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";

/** A field by its whole label; a required field's label ends with " *". */
export function field(scope: Page | Locator, label: string | RegExp): Locator {
  if (typeof label !== "string") return scope.getByLabel(label);
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return scope.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

export const DEMO_PASSWORD = "demo";

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await field(page, "Användarnamn").fill(username);
  await field(page, "Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Zero serious or critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(blocking, `axe: ${page.url()}`).toEqual([]);
}

/** A full-page screenshot kept as a test artefact (test-results/screenshots/). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The main content has loaded: no spinner left in it. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator("main .mantine-Loader-root")).toHaveCount(0);
}

/**
 * Choose `option` in the field labelled `label`, whether it is a native select or one of
 * Mantine's comboboxes (which opens a listbox of options).
 */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  const input = field(page, label).first();
  const tag = await input.evaluate((element) => element.tagName);
  if (tag === "SELECT") {
    const options = await input.locator("option").allTextContents();
    const wanted = options.find((text) => (typeof option === "string" ? text === option : option.test(text)));
    if (wanted === undefined) throw new Error(`No option ${String(option)} in ${String(label)}: ${options.join(", ")}`);
    await input.selectOption({ label: wanted });
    return;
  }
  // A multi-select's wrapper lies over its search input: click the field itself.
  await input.click({ force: true });
  await page.getByRole("option", { name: option }).first().click();
  // A multi-select stays open; Tab closes it (Escape would also close a surrounding modal).
  if (await page.getByRole("listbox").isVisible()) await page.keyboard.press("Tab");
}

/** `YYYY-MM-DD` in Stockholm, `days` from today. */
export function day(days = 0): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(date);
}

/** The open modal dialog (Mantine renders one at a time). */
export function dialog(page: Page, name: string | RegExp) {
  return page.getByRole("dialog", { name });
}
