import { expect, test } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

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
