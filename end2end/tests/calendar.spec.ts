import { expect, test, type Page } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

const PASSWORD = "Anma-demo-2026";

async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await appReady(page);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
}

/** This year in China (UTC+8). */
function chinaYear(): number {
  return new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear();
}

test("the workspace warns admins until next year's holiday notice is loaded", async ({ page }, info) => {
  // Loading a calendar changes the shared server: one project does it.
  test.skip(info.project.name !== "desktop", "runs once");
  const year = chinaYear();
  await signIn(page, "admin");
  const warning = page.getByTestId("calendar-missing");
  await expect(warning).toContainText(`${year + 1}`);
  await expect(warning).toContainText("暂定");
  await expectAccessible(page);

  await warning.getByRole("link").click();
  const file = page.getByLabel("日历文件（CSV）");
  // A file with a mistake loads nothing and names the line.
  await file.setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`日期,是否上班,说明\n${year + 1}-01-01,否,元旦\n${year + 1}-02-30,否,春节\n`),
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByTestId("calendar-report")).toContainText("第 3 行");

  await file.setInputFiles({
    name: "calendar.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`日期,是否上班,说明\n${year}-01-01,否,元旦\n${year + 1}-01-01,否,元旦\n`),
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByTestId("calendar-report")).toContainText(`已导入`);
  await expect(page.getByTestId("loaded-years")).toContainText(`${year + 1}`);

  await page.goto("/workspace");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("calendar-missing")).toHaveCount(0);
});

test("times in the workspace are China time", async ({ page }) => {
  await signIn(page, "th.clerk");
  await expect(page.getByText("本次登录最晚有效至（北京时间）")).toBeVisible();
});
