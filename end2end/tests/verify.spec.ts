import { expect, test } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

test("the case-code form refuses empty and malformed input without a request", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/verify")) requests.push(r.url());
  });
  const input = page.getByLabel("案码", { exact: true });
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page.getByText("请输入案码。")).toBeVisible();
  await expect(input).toHaveAttribute("aria-invalid", "true");

  await input.fill("4401/2025");
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page.getByText("案码只含大写字母、数字和“-”，请检查输入。")).toBeVisible();
  expect(requests).toEqual([]);
});

test("a typed code opens its verification page, normalised", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByLabel("案码", { exact: true }).fill(" 440106-2025 zz9 ");
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page).toHaveURL(/\/v\/440106-2025ZZ9$/);
  await expect(page.getByTestId("case-code")).toHaveText("440106-2025ZZ9");
  await expect(page.getByRole("heading", { name: "未找到该案码" })).toBeVisible();
  await expectAccessible(page);
});

test("a deep link to a verification page works on first load", async ({ page }) => {
  await page.goto("/v/440300-2025-UNKNOWN");
  await expect(page.getByTestId("case-code")).toHaveText("440300-2025-UNKNOWN");
  await expect(page.getByRole("heading", { name: "未找到该案码" })).toBeVisible();
});
