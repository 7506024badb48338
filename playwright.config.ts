/**
 * e2e tests: real Chromium against the real server, started the way a user starts it (`npm start`:
 * build if needed, then serve on the default port 3000 with the embedded database) in a fresh
 * data directory. `npx playwright test` (first run builds: about a minute).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./e2e/chromium";

// CAIRN_E2E_PORT lets a developer run a second suite beside one already on the default port.
const PORT = process.env.CAIRN_E2E_PORT ?? "3000";
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The config is evaluated by the runner and again by each worker: create the data directory
// once (workers inherit the variable) and remove it when the runner exits, after the server
// has stopped.
let dataDir = process.env.CAIRN_E2E_DATA_DIR;
if (!dataDir) {
  const created = mkdtempSync(join(tmpdir(), "cairn-e2e-"));
  dataDir = process.env.CAIRN_E2E_DATA_DIR = created;
  process.on("exit", () => rmSync(created, { recursive: true, force: true }));
}

// The server must run as a fresh clone would: default port, embedded PGlite. Drop settings a
// developer's shell may carry (the server's environment is ours plus `webServer.env`).
for (const name of ["PORT", "DATABASE_URL", "CAIRN_PUBLIC_URL", "CAIRN_BLOCKSTORE", "CAIRN_SECRET"]) {
  delete process.env[name];
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    command: "npm start",
    url: `${BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM and wait, so the server closes its database cleanly (the default is SIGKILL).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      CAIRN_DATA_DIR: dataDir,
      CAIRN_AUTH_RATE_LIMIT: "off",
      // Chooser direct links expire after 15 s here, so e2e/partner-apps.spec.ts can watch one expire.
      CAIRN_DIRECT_LINK_TTL: "15",
      DATABASE_URL: "", // empty means unset: the embedded PGlite in CAIRN_DATA_DIR
      ...(process.env.CAIRN_E2E_PORT ? { PORT } : {}),
    },
  },
});
