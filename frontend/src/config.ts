/**
 * Runtime configuration, read from `config.json` beside `index.html`, so one build serves every
 * environment. The API writes it when it serves the app itself (`make run`), with the demo
 * accounts in demo mode only.
 */
import { z } from "zod";

const demoAccount = z.object({
  username: z.string(),
  display_name: z.string(),
  role: z.string(),
  organization: z.string(),
});

const runtimeConfig = z.object({
  api_base_url: z.string().default(""),
  demo_accounts: z.array(demoAccount).optional(),
  demo_password: z.string().optional(),
});

export type RuntimeConfig = z.infer<typeof runtimeConfig>;
export type DemoAccount = z.infer<typeof demoAccount>;

let current: RuntimeConfig = { api_base_url: "" };

export async function loadConfig(): Promise<RuntimeConfig> {
  // Beside index.html wherever the app is hosted (Vite's base), not relative to a deep link.
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: "no-cache" });
  current = runtimeConfig.parse(response.ok ? await response.json() : {});
  return current;
}

export function config(): RuntimeConfig {
  return current;
}

/** For tests: set the configuration without fetching it. */
export function setConfig(value: Partial<RuntimeConfig>): void {
  current = runtimeConfig.parse(value);
}
