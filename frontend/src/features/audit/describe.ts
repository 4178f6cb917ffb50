/** How a logged action (`cases:get`, `plans:add-item`) is put in words for the auditor. */
import type { TFunction } from "i18next";

export function describeAction(t: TFunction<"audit">, action: string): string | null {
  const [resource, verb] = action.split(":", 2);
  if (!resource || !verb) return null;
  const noun = t(`resources.${resource}`, { defaultValue: "" });
  if (!noun) return null;
  const word =
    t(`verbs.${verb}`, { defaultValue: "" }) ||
    t(`verbs.${verb.split("-")[0] ?? ""}`, { defaultValue: "" });
  return word ? `${noun} – ${word}` : null;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
