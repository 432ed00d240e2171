import { expect, test } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

test("departments can be filtered and the filters live in the URL", async ({ page }) => {
  await page.goto("/items/departments");
  await appReady(page);
  const cards = page.getByRole("list", { name: "执法部门" }).getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  const all = await cards.count();
  expect(all).toBeGreaterThan(90);
  await expectAccessible(page);

  await page.getByLabel("地区", { exact: true }).selectOption({ label: "东莞市" });
  await expect(page).toHaveURL(/region=441900/);
  await page.getByLabel("层级").selectOption({ label: "乡镇（街道）" });
  await expect(page).toHaveURL(/level=township/);
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText("东莞市");

  await page.getByRole("button", { name: "清除筛选" }).click();
  await expect(page).toHaveURL(/\/items\/departments$/);
  await expect(cards).toHaveCount(all);
});

test("a shared filtered link shows the same results", async ({ page }) => {
  await page.goto("/items/departments?region=440106&kind=market_regulation");
  const cards = page.getByRole("list", { name: "执法部门" }).getByRole("listitem");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("广州市天河区市场监督管理局");
  await expect(page.getByLabel("执法领域")).toHaveValue("market_regulation");
});

test("search finds departments by name and says when nothing matches", async ({ page }) => {
  await page.goto("/items/departments");
  await appReady(page);
  await page.getByLabel("搜索部门名称或统一社会信用代码").fill("应急管理");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/q=%E5%BA%94%E6%80%A5%E7%AE%A1%E7%90%86/);
  const cards = page.getByRole("list", { name: "执法部门" }).getByRole("listitem");
  await expect(cards.first()).toContainText("应急管理");

  await page.getByLabel("搜索部门名称或统一社会信用代码").fill("不存在的部门");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page.getByText("没有符合条件的部门。")).toBeVisible();
});
