import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { initApi } from "./api/client";
import { App } from "./app/App";
import { loadConfig } from "./config";
import { initI18n } from "./i18n";

async function start(): Promise<void> {
  await loadConfig();
  initApi();
  initI18n();
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
