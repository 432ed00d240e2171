import { expect, test, type Browser, type Page } from "@playwright/test";
import { appReady, querySql } from "./helpers";

// The server writes the first screen of the public listings and of a QR code's verify
// page into its response (server/src/first_screen.rs); the app then draws its own and
// removes that copy. The two must be the same on screen: same texts, same links, same
// places, or the page jumps under the reader (and Lighthouse counts a layout shift).

/** What a page shows at first: the header's links and the boxes of a few elements. */
async function firstScreen(page: Page, selectors: string[]) {
  await page.evaluate(() => document.fonts.ready);
  const links = await page
    .locator("header.site-header a")
    .evaluateAll((as) =>
      as.map((a) => [a.getAttribute("href"), a.textContent?.trim(), a.getAttribute("aria-current"), a.getAttribute("rel")]),
    );
  const boxes = [];
  for (const selector of selectors) {
    const element = page.locator(selector).first();
    const box = (await element.boundingBox())!;
    boxes.push({
      selector,
      text: (await element.textContent())?.trim(),
      box: [box.x, box.y, box.width, box.height].map(Math.round),
    });
  }
  return { links, boxes };
}

async function withoutScript(browser: Browser, baseURL: string, path: string, selectors: string[], viewport: { width: number; height: number } | null) {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, locale: "zh-CN", viewport: viewport ?? undefined });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.locator("#anma-first")).toHaveCount(1);
  const seen = await firstScreen(page, selectors);
  await context.close();
  return seen;
}

const listings = ["/", "/disclosures", "/items", "/spot-checks", "/stats"];

for (const path of listings) {
  test(`${path}: the server's first screen is the app's`, async ({ page, browser, baseURL }) => {
    const selectors = ["header.site-header", "main h1", "main p.lead"];
    const served = await withoutScript(browser, baseURL!, path, selectors, page.viewportSize());
    expect(served.boxes[1].text).not.toBe("");
    await page.goto(path);
    await appReady(page);
    expect(await firstScreen(page, selectors)).toEqual(served);
  });
}

test("a QR code's verify page: the server's header and heading are the app's", async ({ page, browser, baseURL }) => {
  const [code, signature] = querySql(
    "SELECT case_code || '|' || signature FROM decisions WHERE document_number = '穗天市监罚〔2026〕15号'",
  ).split("|");
  const path = `/V/${code}/${signature}`;
  const selectors = ["header.site-header", "main h1", "[data-testid=case-code]"];
  const served = await withoutScript(browser, baseURL!, path, selectors, page.viewportSize());
  await page.goto(path);
  await appReady(page);
  expect(await firstScreen(page, selectors)).toEqual(served);
});

test("after switching to English, the server writes the first screen in English", async ({ page }) => {
  await page.goto("/disclosures");
  await appReady(page);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Published enforcement decisions");
  // The next first response is in the language chosen.
  const html = await (await page.request.get("/disclosures")).text();
  expect(html).toContain('<html lang="en">');
  expect(html).toContain("<h1>Published enforcement decisions</h1>");
  await page.reload();
  await appReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Published enforcement decisions");
});
