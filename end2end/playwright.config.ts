import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The real server (debug build unless ANMA_BIN says otherwise) with a fresh SQLite
// database holding the demo data, serving the built app from ../site.
const port = Number(process.env.ANMA_E2E_PORT ?? 8191);
const baseURL = `http://127.0.0.1:${port}`;
// The server's data directory, known to the tests (they change a record in the database
// directly to show that verification notices). Set here so the test workers inherit it.
const dataDir = join(tmpdir(), `anma-e2e-${port}`);
process.env.ANMA_E2E_DATA = dataDir;
// A second server whose one more department holds 5,000 decisions: the workspace's
// table at the size of a district bureau's year (worklist.spec.ts).
const scalePort = port + 1;
process.env.ANMA_E2E_SCALE_URL = `http://127.0.0.1:${scalePort}`;
const scaleDir = join(tmpdir(), `anma-e2e-${scalePort}`);

const chromium = {
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    launchOptions: chromium,
    locale: "zh-CN",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "mobile",
      use: {
        ...devices["Pixel 7"],
        browserName: "chromium",
        launchOptions: chromium,
      },
    },
    {
      name: "desktop",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 900 },
        launchOptions: chromium,
      },
    },
  ],
  webServer: [
    {
      command: `sh ./serve.sh ${port} ${dataDir}`,
      url: `${baseURL}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
    },
    {
      command: `sh ./serve.sh ${scalePort} ${scaleDir} 5000`,
      url: `http://127.0.0.1:${scalePort}/api/v1/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
    },
  ],
});
