import { describe, expect, it } from "vitest";

import { locales as consents } from "../consents/locales";
import { locales as members } from "../members/locales";
import { locales as caseTexts } from "./locales";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key)).sort();
}

describe("texts", () => {
  it.each([
    ["case", caseTexts],
    ["members", members],
    ["consents", consents],
  ])("%s has the same keys in Swedish and English", (_name, texts) => {
    expect(keys(texts.en)).toEqual(keys(texts.sv));
  });
});
