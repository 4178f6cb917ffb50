import { describe, expect, it } from "vitest";

import { isIsoDate, periodOf, statsSearch } from "./search";

describe("the period in the address", () => {
  it("defaults to the year to date", () => {
    expect(periodOf({}, "2026-05-04")).toEqual({ from: "2026-01-01", to: "2026-05-04" });
  });

  it("starts a period given only its last day on 1 January of that year", () => {
    expect(periodOf({ to: "2025-06-30" }, "2026-05-04")).toEqual({ from: "2025-01-01", to: "2025-06-30" });
  });

  it("keeps real days and drops anything else", () => {
    expect(statsSearch.parse({ from: "2024-02-29", to: "2024-12-31" })).toEqual({ from: "2024-02-29", to: "2024-12-31" });
    expect(statsSearch.parse({ from: "2025-02-29", to: 20251231 })).toEqual({});
    expect(["2026-07-0", "2026-7-01", "2026-13-01", " 2026-01-01"].filter(isIsoDate)).toEqual([]);
  });
});
