import { expect, test } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

test("the home page is in Chinese by default and accessible", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("扫码或输入案码，核验执法决定");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
  await expect(page.getByTestId("department-count")).toHaveText(/^\d{2,}$/);
  await expectAccessible(page);
});

test("the language switch goes to English, persists, and comes back", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Scan or type a case code to verify a decision",
  );
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Disclosures" })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Scan or type a case code to verify a decision",
  );
  await expectAccessible(page);

  await page.getByRole("button", { name: "切换到中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("扫码或输入案码，核验执法决定");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("navigation within a bundle moves between pages without reloading", async ({ page }) => {
  // The officers and the power lists are pages of one bundle.
  await page.goto("/officers");
  await appReady(page);
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const nav = page.getByRole("navigation", { name: "主导航" });
  await nav.getByRole("link", { name: "权责清单" }).click();
  await expect(page).toHaveURL(/\/items$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("权责清单");
  await expect(nav.getByRole("link", { name: "权责清单" })).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await expectAccessible(page);

  // The disclosures are another bundle's: following the link loads it.
  await nav.getByRole("link", { name: "执法公示" }).click();
  await expect(page).toHaveURL(/\/disclosures$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("执法决定公示");
  await expect(nav.getByRole("link", { name: "执法公示" })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page);

  // The workspace needs a session: signed out, it leads to the sign-in page.
  await nav.getByRole("link", { name: "工作台" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fworkspace$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");
  await expectAccessible(page);
});

test("a page of another bundle loads that bundle, in the chosen language", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByRole("button", { name: "Switch to English" }).click();
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  // The power lists and the statistics are bundles of their own: the first page's bundle
  // does not carry them, and following the link loads theirs.
  await nav.getByRole("link", { name: "Power lists" }).click();
  await expect(page).toHaveURL(/\/items$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Power lists");
  await expect(page.locator('script[src*="/assets/anma-powers-"]')).toHaveCount(1);
  await nav.getByRole("link", { name: "Statistics" }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enforcement statistics");
  await expect(page.locator('script[src*="/assets/anma-stats-"]')).toHaveCount(1);
  // Back is the power lists again, from the browser's history.
  await page.goBack();
  await expect(page).toHaveURL(/\/items$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Power lists");
});

test("an unknown address shows the 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectAccessible(page);
});
