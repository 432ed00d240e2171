import { expect, test } from "@playwright/test";
import { appReady, expectAccessible, querySql } from "./helpers";

// A well-formed code (check character I, see docs/case-code.md) that no decision has.
const UNKNOWN = "440106-2025-00001-I";

test("the case-code form catches empty input and typos without a request", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/verify")) requests.push(r.url());
  });
  const input = page.getByLabel("案码", { exact: true });
  const verify = page.getByRole("button", { name: "核验", exact: true });
  await verify.click();
  await expect(page.getByText("请输入案码。")).toBeVisible();
  await expect(input).toHaveAttribute("aria-invalid", "true");

  await input.fill("4401/2025");
  await verify.click();
  await expect(page.getByText(/案码格式应为/)).toBeVisible();

  // One mistyped character: the check character catches it.
  await input.fill("440106-2025-00001-J");
  await verify.click();
  await expect(page.getByText(/校验位不符/)).toBeVisible();
  // Two neighbours swapped.
  await input.fill("440106-2025-00010-I");
  await verify.click();
  await expect(page.getByText(/校验位不符/)).toBeVisible();
  expect(requests).toEqual([]);
});

test("a typed code opens its verification page, normalised", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByLabel("案码", { exact: true }).fill(" 4401062025 00001i ");
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/v/${UNKNOWN}$`));
  await expect(page.getByTestId("case-code")).toHaveText(UNKNOWN);
  await expect(page.getByRole("heading", { name: "未找到该案码" })).toBeVisible();
  await expectAccessible(page);
});

test("a deep link to a verification page works on first load", async ({ page }) => {
  await page.goto(`/v/${UNKNOWN}`);
  await expect(page.getByTestId("case-code")).toHaveText(UNKNOWN);
  await expect(page.getByRole("heading", { name: "未找到该案码" })).toBeVisible();
});

test("a deep link with a typo says so without asking the server", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/verify")) requests.push(r.url());
  });
  await page.goto("/v/440106-2025-00001-J");
  await expect(page.getByText(/校验位不符/)).toBeVisible();
  expect(requests).toEqual([]);
});

/** The verify address of the demo decision a QR code would open: code and signature. */
function demoQrPath(documentNumber: string): string {
  const [code, signature] = querySql(
    `SELECT case_code || '|' || signature FROM decisions WHERE document_number = '${documentNumber}'`,
  ).split("|");
  return `/V/${code}/${signature}`;
}

test.describe("the verdict in the first response", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("a QR code's page shows its verdict before any script runs", async ({ page }) => {
      const response = await page.goto(demoQrPath("穗天市监罚〔2026〕15号"));
      expect(response!.headers()["cache-control"]).toBe("no-store");
      const verdict = page.getByTestId("verdict");
      await expect(verdict).toHaveAttribute("data-verdict", "in_force");
      await expect(verdict).toContainText("真实有效");
      await expect(page.getByTestId("signature-checking")).toContainText("正在您的浏览器中独立核验");
      // The data the app takes over with is inert JSON, not script.
      const block = page.locator("script#anma-verdict");
      await expect(block).toHaveAttribute("type", "application/json");
      const first = JSON.parse((await block.textContent())!);
      expect(first.verification.signature).toBe("valid");
      expect(first.keys.items.length).toBeGreaterThan(0);
    });

    test("a wrong signature gets the plain page, and no verdict from the server", async ({ page }) => {
      const path = demoQrPath("穗天市监罚〔2026〕15号");
      const wrong = path.slice(0, -4) + (path.endsWith("AAAA") ? "BBBB" : "AAAA");
      await page.goto(wrong);
      await expect(page.locator("script#anma-verdict")).toHaveCount(0);
      await expect(page.getByTestId("verdict")).toHaveCount(0);
    });

    test("the page is written in the language chosen in the app", async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: "anma_lang", value: "en", url: baseURL! }]);
      await page.goto(demoQrPath("穗天市监罚〔2026〕15号"));
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.getByTestId("verdict")).toContainText("Genuine and in force");
    });
  });

  test("before the app has loaded, the server's verdict is there and accessible", async ({ page }) => {
    // The app's code never arrives: what shows is what the server wrote.
    await page.route(/\.wasm$/, (route) => route.abort());
    await page.goto(demoQrPath("穗天市监罚〔2026〕15号"));
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
    await expect(page.getByTestId("signature-checking")).toBeVisible();
    await expectAccessible(page);
  });

  test("the app takes over without asking the server, and checks the signature itself", async ({ page }) => {
    const asked: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/verify") || r.url().includes("/api/v1/keys")) asked.push(r.url());
    });
    await page.goto(demoQrPath("穗天市监罚〔2026〕15号"));
    await expect(page.getByTestId("signature-note")).toContainText("在您的浏览器中独立核验");
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
    await expect(page.getByTestId("summary")).toBeVisible();
    // The server's markup is gone: one verdict, one header.
    await expect(page.getByTestId("verdict")).toHaveCount(1);
    await expect(page.getByRole("banner")).toHaveCount(1);
    expect(asked).toEqual([]);
    await expectAccessible(page);
  });
});
