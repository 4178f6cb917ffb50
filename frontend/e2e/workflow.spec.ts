/**
 * The journey on the real API and a fresh demo database: the coordinator takes a
 * proposal to a published plan (the unit manager assigns the case officer, who decides);
 * the police officer then sees the case and her task but not the health journal; once the
 * consent is withdrawn she no longer sees the case at all; the print view renders.
 */
import { expect, type Page, test } from "@playwright/test";

import { choose, day, dialog, field, expectAccessible, login, logout, screenshot, settled } from "./helpers";

test.describe.configure({ mode: "serial" });

const YOUNG = { given: "Testa", family: "Testsson", number: "20100312-9903" };
let caseUrl = "";
let reference = "";

async function openCase(page: Page, tab = ""): Promise<void> {
  await page.goto(`${caseUrl}${tab}`);
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await settled(page);
}

async function tabLink(page: Page, name: string) {
  await page.getByRole("navigation", { name: "Ärendets delar" }).getByRole("link", { name }).click();
  await settled(page);
}

test("the coordinator sends a proposal and takes it up for assessment", async ({ page }, testInfo) => {
  await login(page, "samordnare");
  await expect(page.getByRole("heading", { level: 1, name: "Mitt arbete" })).toBeVisible();
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, testInfo, "my-work");

  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Ny ansökan om SIG" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ny ansökan om SIG" })).toBeVisible();
  await choose(page, "Socialtjänstens enhet", "Socialtjänsten Exempelstad, Barn och unga Norr");
  await field(page, "Riskerar att hamna i en kriminell livsstil").check();
  await field(page, "Förnamn").fill(YOUNG.given);
  await field(page, "Efternamn").fill(YOUNG.family);
  await field(page, "Personnummer").fill(YOUNG.number);
  await field(page, "Område").fill("Norra Exempelstad");
  await field(page, "Skäl till ansökan").fill("Har setts med äldre kriminella vid flera tillfällen i höst.");
  await field(page, "Riskbild för beredningsgruppen").fill("Ökande frånvaro i skolan och nya kontakter med kriminella.");
  await expectAccessible(page);
  await screenshot(page, testInfo, "new-proposal");
  await page.getByRole("button", { name: "Skicka ansökan" }).click();

  const heading = page.getByRole("heading", { level: 1, name: /^SIG-\d{4}-\d{4}$/ });
  await expect(heading).toBeVisible();
  reference = (await heading.textContent())?.trim() ?? "";
  caseUrl = new URL(page.url()).pathname.replace(/\/$/, "");
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-overview");

  await page.getByRole("button", { name: "Påbörja bedömning" }).click();
  await dialog(page, "Påbörja bedömning").getByRole("button", { name: "Påbörja bedömning" }).click();
  await expect(page.getByText("Under bedömning").first()).toBeVisible();
  // The formal decision is the case officer's: nothing here offers it to the coordinator,
  // and the page says who acts next.
  await expect(page.getByRole("button", { name: "Fatta beslut" })).toHaveCount(0);
  await expect(page.getByText("Nästa steg: enhetschefen tilldelar ärendet en handläggare")).toBeVisible();
  await logout(page);
});

test("the unit manager assigns the case officer, who decides", async ({ page }) => {
  await login(page, "chef");
  await openCase(page);
  await page.getByRole("button", { name: "Tilldela handläggare och samordnare" }).click();
  const assign = dialog(page, "Tilldela ärendet");
  await choose(page, "Handläggare", /Hanna Handläggare/);
  await assign.getByRole("button", { name: "Spara tilldelning" }).click();
  await expect(assign).toBeHidden();
  await logout(page);

  await login(page, "handlaggare");
  await openCase(page);
  await page.getByRole("button", { name: "Fatta beslut" }).click();
  const decide = dialog(page, "Fatta beslut om insatsen");
  await choose(page, "Grund för beslutet", "Bistånd enligt SoL 4 kap. 1 §");
  await decide.getByRole("button", { name: "Spara beslutet" }).click();
  await expect(decide).toBeHidden();
  await expect(page.getByText("Beslutat").first()).toBeVisible();
  await logout(page);
});

test("the coordinator forms the group, registers consent, activates, books a meeting and publishes a plan", async ({ page }, testInfo) => {
  await login(page, "samordnare");
  await openCase(page, "/members");
  const addMember = async (kind: string, fill: () => Promise<void>) => {
    await page.getByRole("button", { name: "Lägg till medlem" }).click();
    const form = dialog(page, "Lägg till medlem i gruppen");
    await form.getByLabel(kind).check();
    await fill();
    await form.getByRole("button", { name: "Lägg till", exact: true }).click();
    await expect(form).toBeHidden();
  };
  await addMember("Den unge eller vårdnadshavare", () => choose(page, "Vem", "Den unge"));
  await addMember("Den unge eller vårdnadshavare", async () => {
    await choose(page, "Vem", "Vårdnadshavare");
    await field(page, "Förnamn").fill("Tolvan");
    await field(page, "Efternamn").fill("Testsson");
    await field(page, "Födelsedatum").fill("1981-03-14");
  });
  await addMember("Användare i Samverka", async () => {
    await choose(page, "Person", /Petra Polis/);
    await choose(page, "Roll i gruppen", "Polis");
  });
  await addMember("Användare i Samverka", async () => {
    await choose(page, "Person", /Beata Bup/);
    await choose(page, "Roll i gruppen", "Hälso- och sjukvård");
  });
  await expect(page.getByRole("table", { name: "Nuvarande medlemmar i gruppen" })).toContainText("Petra Polis");
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-members");

  await tabLink(page, "Samtycken");
  await page.getByRole("button", { name: "Registrera samtycke" }).click();
  const consent = dialog(page, "Registrera ett skriftligt samtycke");
  await choose(page, "Organisationer som får utbyta uppgifter", "Polisen, lokalpolisområde Exempelstad");
  await choose(page, "Organisationer som får utbyta uppgifter", "BUP Exempelstad");
  await choose(page, "Uppgifter som får utbytas", /Polis/);
  await choose(page, "Uppgifter som får utbytas", /Socialtjänst/);
  for (const signer of await consent.getByRole("checkbox", { name: /har skrivit under/ }).all()) {
    await signer.check();
  }
  for (const signed of await consent.getByLabel(/Datum för underskrift/).all()) {
    await signed.fill(day());
  }
  await field(consent, "Giltigt från").fill(day());
  await field(consent, "Giltigt till").fill(day(180));
  await consent.getByRole("heading").first().click();
  await consent.getByRole("button", { name: "Registrera samtycket" }).click();
  await expect(consent).toBeHidden();
  await expect(page.getByRole("article", { name: /^Samtycke / })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-consents");

  await tabLink(page, "Översikt");
  await page.getByRole("button", { name: "Aktivera insatsen" }).click();
  const activate = dialog(page, "Aktivera insatsen");
  await field(activate, "Insatsen börjar").fill(day());
  await field(activate, "Insatsen slutar").fill(day(365));
  await activate.getByRole("heading").first().click();
  await activate.getByRole("button", { name: "Aktivera", exact: true }).click();
  await expect(activate).toBeHidden();
  await expect(page.getByText("Aktivt").first()).toBeVisible();

  await tabLink(page, "Möten");
  await page.getByRole("button", { name: "Boka möte" }).click();
  const meeting = dialog(page, "Boka ett möte");
  await choose(page, "Typ av möte", "Nätverksmöte");
  await field(meeting, "Datum").fill(day(7));
  await field(meeting, "Börjar").fill("09:00");
  await field(meeting, "Slutar").fill("10:30");
  await field(meeting, "Plats").fill("Socialkontoret, rum 3");
  await meeting.getByRole("heading").first().click();
  await meeting.getByRole("button", { name: "Boka mötet" }).click();
  await expect(meeting).toBeHidden();
  await expect(page.getByRole("article", { name: new RegExp(`Nätverksmöte ${day(7)} 09:00`) })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-meetings");

  await tabLink(page, "Journal");
  await choose(page, "Kategori", /Hälsa|Hälso/);
  await field(page, "Anteckning").fill("BUP: samtal om sömn och oro, uppföljning om två veckor.");
  await page.getByRole("button", { name: "Spara anteckning" }).click();
  await expect(page.getByText("BUP: samtal om sömn och oro")).toBeVisible();

  await tabLink(page, "Handlingsplan");
  const addItem = async (what: string, who: RegExp, category: RegExp) => {
    await page.getByRole("button", { name: "Lägg till punkt" }).click();
    const item = dialog(page, "Ny punkt i planen");
    await field(item, "Vad ska göras").fill(what);
    await field(item, "Samma sak i enkla ord").fill(what);
    await field(item, "Hur vi ser att det är gjort").fill("Vi pratar om det på nästa nätverksmöte.");
    await choose(page, "Vem ansvarar", who);
    await choose(page, "Område", category);
    await field(item, "Klart senast").fill(day(30));
    await item.getByRole("heading").first().click();
    await item.getByRole("button", { name: "Spara punkten" }).click();
    await expect(item).toBeHidden();
  };
  await addItem("Gå till skolan varje dag och träffa mentorn på måndagar.", /Testa Testsson/, /Skolgång/);
  await addItem("Ordna ett samtal med polisen om hur man lämnar gänget.", /Petra Polis/, /Polisiära/);
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-plan-draft");
  await page.getByRole("button", { name: "Publicera planen" }).click();
  const publish = dialog(page, "Publicera planen?");
  await publish.getByRole("button", { name: /^Publicera version/ }).click();
  await expect(publish).toBeHidden();
  await expect(page.getByRole("link", { name: "Utskriftsvänlig plan" })).toBeVisible();
  await screenshot(page, testInfo, "case-plan-published");

  await page.getByRole("link", { name: "Utskriftsvänlig plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Din handlingsplan" })).toBeVisible();
  await expect(page.getByText("Ordna ett samtal med polisen")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "print-plan");
});

test("the police officer sees the case and her task, but not the health journal", async ({ page }, testInfo) => {
  await login(page, "polis");
  await settled(page);
  await expect(page.getByText("Ordna ett samtal med polisen")).toBeVisible();
  await screenshot(page, testInfo, "my-work-police");

  await page.goto("/cases");
  await settled(page);
  await expect(page.getByRole("link", { name: reference })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-list-police");

  await openCase(page, "/journal");
  await expect(page.getByRole("heading", { level: 2, name: "Journal" })).toBeVisible();
  await expect(page.getByText("BUP: samtal om sömn och oro")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Åtkomstlogg" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, "case-journal-police");
  await logout(page);
});

test("after the consent is withdrawn the police officer no longer sees the case", async ({ page }) => {
  await login(page, "samordnare");
  await openCase(page, "/consents");
  await page.getByRole("button", { name: /^Återkalla samtycket/ }).click();
  const withdraw = dialog(page, /^Återkalla samtycket/);
  await choose(page, "Vem återkallar samtycket?", /Testa Testsson/);
  await field(withdraw, "Skäl").fill("Den unge vill inte längre att uppgifter delas.");
  await withdraw.getByRole("button", { name: "Återkalla samtycket" }).click();
  await expect(withdraw).toBeHidden();
  await logout(page);

  await login(page, "polis");
  await page.goto("/cases");
  await settled(page);
  await expect(page.getByRole("link", { name: reference })).toHaveCount(0);
  await page.goto(caseUrl);
  await expect(page.getByRole("alert")).toContainText("inte längre tillgång");
});

test.describe("on a 390 px wide phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("My work, the plan, meetings and a journal entry work", async ({ page }, testInfo) => {
    await login(page, "samordnare");
    await settled(page);
    await expect(page.getByRole("heading", { level: 1, name: "Mitt arbete" })).toBeVisible();
    const noSideScroll = async () =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await noSideScroll();
    await screenshot(page, testInfo, "phone-my-work");

    await openCase(page, "/plan");
    await expect(page.getByRole("heading", { level: 2, name: "Handlingsplan" })).toBeVisible();
    await noSideScroll();
    await screenshot(page, testInfo, "phone-plan");

    await openCase(page, "/meetings");
    await expect(page.getByRole("heading", { level: 2, name: "Möten" })).toBeVisible();
    await noSideScroll();
    await screenshot(page, testInfo, "phone-meetings");

    await openCase(page, "/journal");
    await choose(page, "Kategori", /Socialtjänst/);
    await field(page, "Anteckning").fill("Hembesök: familjen mår bättre.");
    await page.getByRole("button", { name: "Spara anteckning" }).click();
    await expect(page.getByText("Hembesök: familjen mår bättre.")).toBeVisible();
    await noSideScroll();
    await expectAccessible(page);
    await screenshot(page, testInfo, "phone-journal");
  });
});
