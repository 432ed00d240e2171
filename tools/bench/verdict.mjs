// Opens a verify URL in Chromium on a throttled network (1.6 Mbps down, 750 kbps up,
// 150 ms round trip) with the CPU slowed 4x, and reports the time from navigation to the
// verdict on screen and the bytes transferred. Usage: node verdict.mjs URL [RUNS]
import { createRequire } from "node:module";
const require = createRequire(new URL("../../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [url, runs = "3"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
for (let i = 0; i < Number(runs); i++) {
  // A fresh context each run: nothing cached, as on a first scan.
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.6, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.locator("[data-verdict]").waitFor({ state: "visible", timeout: 60_000 });
  const ms = Date.now() - start;
  const verdict = await page.locator("[data-verdict]").getAttribute("data-verdict");
  results.push({ ms, bytes, verdict });
  await context.close();
}
await browser.close();
const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: sorted[Math.floor(sorted.length / 2)], runs: results }));
