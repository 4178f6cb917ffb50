/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dev server forwards API calls to `make run`'s server, so `npm run dev` needs no CORS.
const api = process.env.SAMVERKA_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(
      ["/api", "/healthz", "/readyz"].map((path) => [path, { target: api, changeOrigin: false }]),
    ),
  },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
    // Form tests type and wait; a busy 2-core CI machine needs more than the default 5 s.
    testTimeout: 20_000,
  },
});
