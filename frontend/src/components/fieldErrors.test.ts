import { renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { ApiError, fieldErrorsByName } from "../api/problem";
import i18n from "../i18n";
import { useDescribeFieldError } from "./errors";

function refusal(...errors: { field: string; rule: string; message: string }[]): ApiError {
  return new ApiError(422, {
    type: "https://samverka.se/problems/validation-error",
    title: "The request is not valid",
    status: 422,
    detail: null,
    instance: null,
    request_id: null,
    error: null,
    errors,
  });
}

function describer() {
  return renderHook(() => useDescribeFieldError()).result.current;
}

describe("field errors on a form", () => {
  afterEach(async () => {
    await i18n.changeLanguage("sv");
  });

  it("reads a rule in Swedish, keyed by the form field", () => {
    const error = refusal(
      { field: "body.young_person.personal_number", rule: "age_outside_target_range", message: "The young person is 9; …" },
      { field: "body.valid_until", rule: "iso_8601_text", message: "Input should be ISO 8601 text" },
    );
    expect(fieldErrorsByName(error, describer())).toEqual({
      "young_person.personal_number": "Den unga personens ålder ligger utanför målgruppen för sociala insatsgrupper.",
      valid_until: "Ange ett datum (ÅÅÅÅ-MM-DD) eller datum och tid, inte ett tal.",
    });
  });

  it("keeps the API's message for a rule it has no text for", () => {
    const error = refusal({ field: "body.name", rule: "value_error", message: "name cannot be cleared" });
    expect(fieldErrorsByName(error, describer())).toEqual({ name: "name cannot be cleared" });
  });

  it("shows the API's own, more specific, English message in English", async () => {
    await i18n.changeLanguage("en");
    const error = refusal({ field: "body.due_on", rule: "not_in_past", message: "The due date has already passed." });
    expect(fieldErrorsByName(error, describer())).toEqual({ due_on: "The due date has already passed." });
  });
});
