import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

test("the public searches published decisions, narrows them, reads one masked and downloads the CSV", async ({ page }, info) => {
  await page.goto("/disclosures");
  await appReady(page);
  const cards = page.getByTestId("disclosures").getByRole("listitem");
  await expect(cards.first()).toBeVisible();

  await page.getByLabel("搜索当事人、文号或违法事实").fill("食品");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page).toHaveURL(/q=%E9%A3%9F%E5%93%81/);
  await expect(cards.first()).toBeVisible();
  const food = await cards.count();
  expect(food).toBeGreaterThan(3);
  await expectAccessible(page);

  // A filter narrows them: Shenzhen only. The filters are folded until one is set.
  const more = page.getByTestId("more-filters");
  await expect(more).not.toHaveAttribute("open", "");
  await more.locator("summary").click();
  await page.getByLabel("地区").selectOption({ label: "深圳市" });
  await expect(page).toHaveURL(/region=440300/);
  await expect(more.getByTestId("filters-on")).toHaveText("1");
  await expect(page.getByRole("status").filter({ hasText: "已加载" })).toBeVisible();
  await expect.poll(async () => cards.count()).toBeLessThan(food);
  await expect(cards.first()).toContainText("深圳");

  // A natural person's decision shows the masked name only.
  await cards.filter({ hasText: "欧***" }).getByRole("link").click();
  await expect(page.getByTestId("party")).toHaveText("欧***");
  await expect(page.getByTestId("disclosure")).not.toContainText("欧阳娜娜");
  await expect(page.getByTestId("disclosure")).not.toContainText("440305");
  await page.goBack();

  // The export of the current results opens as a spreadsheet would read it.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const file = join(info.outputDir, "disclosures.csv");
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = text.slice(1).trim().split("\n");
  expect(header.split(",").slice(0, 5)).toEqual(["案码", "决定书文号", "作出决定机关", "地区代码", "决定日期"]);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes("4403"))).toBe(true);
});

test("statistics are drawn as charts with data tables", async ({ page }) => {
  await page.goto("/stats");
  await appReady(page);
  await expect(page.getByTestId("totals")).toContainText("决定总数");
  // Only decisions that entered the public listing are counted, and the page says so.
  await expect(page.getByTestId("public-only")).toContainText("依法不公开的决定不计入");
  await expect(page.getByRole("img", { name: "按类别" })).toBeVisible();
  await page.getByText("数据表").first().click();
  await expect(page.getByRole("table").first()).toContainText("行政处罚");
  await expectAccessible(page);
  await page.getByLabel("年度").selectOption("2026");
  await expect(page).toHaveURL(/year=2026/);
  await expect(page.getByRole("img", { name: "按月份" })).toContainText("2026-");
});

test("the API page renders the OpenAPI document without loading anything from elsewhere", async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto("/api/docs/");
  await expect(page.getByRole("heading", { name: /Anma API/ })).toBeVisible();
  await expect(page.getByText("/verify/{code}").first()).toBeVisible();
  expect(foreign).toEqual([]);
});

test("on a phone the results come first, and the folded filters say how many are set", async ({ page }) => {
  await page.goto("/disclosures");
  await appReady(page);
  const first = page.getByTestId("disclosures").getByRole("listitem").first();
  await expect(first).toBeVisible();
  const box = (await first.boundingBox())!;
  const screen = page.viewportSize()!;
  expect(box.y + box.height / 2).toBeLessThan(screen.height);
  // A shared link with filters opens them, counted.
  await page.goto("/disclosures?region=440300&penalty=fine&min_yuan=1000&sort=amount");
  await appReady(page);
  const more = page.getByTestId("more-filters");
  await expect(more).toHaveAttribute("open", "");
  await expect(more.getByTestId("filters-on")).toHaveText("3");
  await expectAccessible(page);
});

test("a province's figures fit their cards on a 360 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  // The figures of a province at a million decisions, in the demo's answer.
  await page.route(/\/api\/v1\/stats(\?|$)/, async (route) => {
    const response = await route.fetch();
    const stats = await response.json();
    Object.assign(stats, { total: 1_234_567, amount_fen: 98_765_432_109_876, revoked: 23_456, changed: 12_345 });
    await route.fulfill({ response, json: stats });
  });
  await page.goto("/stats");
  await appReady(page);
  await expect(page.getByTestId("total-amount")).toHaveText("¥987,654,321,098.76");
  const overflowing = await page.getByTestId("totals").locator("div").evaluateAll((cards) =>
    cards
      .filter((card) => {
        const figure = card.querySelector("dd")!;
        const [c, f] = [card.getBoundingClientRect(), figure.getBoundingClientRect()];
        return figure.scrollWidth > figure.clientWidth + 1 || f.right > c.right + 1;
      })
      .map((card) => card.textContent),
  );
  expect(overflowing).toEqual([]);
});
