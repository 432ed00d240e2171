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

async function signOut(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

// Each project (phone, desktop) claims a different item, so the two can run side by side
// against the same server.
const ITEM = { mobile: "CF00007000", desktop: "CF00009000" } as const;

test("the public browses published items by region and category and opens one", async ({ page }) => {
  await page.goto("/items");
  await appReady(page);
  const cards = page.getByRole("list", { name: "权责清单" }).getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  // On a phone the items come first; region and category are folded until one is set.
  const box = (await cards.first().boundingBox())!;
  expect(box.y + box.height / 2).toBeLessThan(page.viewportSize()!.height);
  await page.getByTestId("more-filters").locator("summary").click();
  await page.getByLabel("地区", { exact: true }).selectOption({ label: "广州市" });
  await expect(page).toHaveURL(/region=440100/);
  await page.getByLabel("事项类别").selectOption({ label: "行政许可" });
  await expect(page).toHaveURL(/category=licence/);
  await expect(page.getByTestId("filters-on")).toHaveText("2");
  await expect(cards.first()).toContainText("行政许可");
  await expectAccessible(page);
  await cards.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/items\/\d+$/);
  await expect(page.getByText("设定依据", { exact: true })).toBeVisible();
  await expect(page.getByText("实施主体", { exact: true })).toBeVisible();
  await expectAccessible(page);
});

test("a clerk claims and submits, a reviewer approves, and the public list shows it", async ({ page }, info) => {
  const code = ITEM[info.project.name as keyof typeof ITEM];
  await signIn(page, "th.clerk");
  await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "通用目录" }).click();
  await page.getByLabel("搜索事项名称或编码").fill(code);
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await page.getByRole("checkbox", { name: `选择 ${code}` }).check();
  await page.getByRole("button", { name: /认领所选事项/ }).click();
  await expect(page.getByText("已认领事项数：1")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "本部门清单" }).click();
  await page.getByLabel("状态").selectOption({ label: "草稿" });
  await expect(page).toHaveURL(/status=draft/);
  const claimLink = page.getByTestId("claim-row").filter({ hasText: code }).getByRole("link");
  await claimLink.click();
  await page.getByLabel("实施主体").fill("广州市天河区市场监督管理局");
  await page.getByLabel("责任事项").fill("1. 立案\n2. 调查取证\n3. 决定");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByText("已完成：草稿")).toBeVisible();
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page.getByText("已完成：待审核")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "th.reviewer");
  await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "待审核" }).click();
  await page.getByTestId("claim-row").filter({ hasText: code }).getByRole("link").click();
  await page.getByRole("button", { name: "审核通过并公布" }).click();
  await expect(page.getByText("已完成：已公布")).toBeVisible();
  await signOut(page);

  await page.goto(`/items?q=${code}&region=440106`);
  const cards = page.getByRole("list", { name: "权责清单" }).getByRole("listitem");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("广州市天河区市场监督管理局");
});

test("an import with bad rows reports them by line and imports nothing", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "通用目录" }).click();
  await page.getByText("导入目录（XLSX 或 CSV）").click();
  const csv =
    "事项编码,事项名称,事项类别,设定依据,行使层级,乡镇指导目录\n" +
    "QT07001000,导入测试甲,其他,《某条例》第一条,市级,否\n" +
    "QT0700X000,坏编码,其他,《某条例》第二条,市级,否\n" +
    "QT07002000,导入测试乙,其他,,市级,否\n";
  await page.getByLabel("XLSX 或 CSV 文件（CSV 为 UTF-8 或 GBK，首行为表头）").setInputFiles({
    name: "catalog.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf-8"),
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText("已导入事项数：0 / 3")).toBeVisible();
  await expect(page.getByText(/^第3 · code/)).toBeVisible();
  await expect(page.getByText(/^第4 · legal_basis/)).toBeVisible();
  await expect(page.getByText("有错误时不导入任何内容。", { exact: false })).toBeVisible();
  const search = await page.request.get("/api/v1/catalog?q=QT07001000");
  expect((await search.json()).total).toBe(0);
});

const ADJUST = { mobile: "CF00002000", desktop: "CF00004000" } as const;
const RETIRE = { mobile: "CF00011000", desktop: "QZ00001000" } as const;

async function publicItem(page: Page, code: string) {
  const res = await page.request.get(`/api/v1/items?q=${code}&region=440106`);
  const body = await res.json();
  return body.items[0];
}

test("an adjustment goes live only when it is published", async ({ page }, info) => {
  const code = ADJUST[info.project.name as keyof typeof ADJUST];
  const before = await publicItem(page, code);
  await signIn(page, "th.clerk");
  await page.goto(`/workspace/claims/${before.department_id}/${before.claim_id}`);
  await page.getByRole("button", { name: "调整（基于公布版本新建草稿）" }).click();
  await expect(page.getByText("已完成：草稿")).toBeVisible();
  await page.getByLabel("实施主体").first().fill("天河区市场监管局（调整后）");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByText("已完成：草稿")).toBeVisible();
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page.getByText("已完成：待审核")).toBeVisible();
  expect((await publicItem(page, code)).details.implementing_body).toBe(before.details.implementing_body);
  await signOut(page);

  await signIn(page, "th.reviewer");
  await page.goto(`/workspace/claims/${before.department_id}/${before.claim_id}`);
  await page.getByRole("button", { name: "审核通过并公布" }).click();
  await expect(page.getByText("已完成：已公布")).toBeVisible();
  // The history shows what changed.
  await expect(page.locator("ins").filter({ hasText: "天河区市场监管局（调整后）" }).first()).toBeVisible();
  await page.goto(`/items/${before.claim_id}`);
  await expect(page.getByText("天河区市场监管局（调整后）")).toBeVisible();
});

test("retiring a catalog item flags the claims on it", async ({ page }, info) => {
  const code = RETIRE[info.project.name as keyof typeof RETIRE];
  await signIn(page, "admin");
  const nav = page.getByRole("navigation", { name: "工作台导航" });
  await nav.getByRole("link", { name: "通用目录" }).click();
  await page.getByLabel("搜索事项名称或编码").fill(code);
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  const card = page.getByRole("list", { name: "权责事项通用目录" }).getByRole("listitem").filter({ hasText: code });
  await card.getByRole("button", { name: "取消事项" }).click();
  await card.getByLabel("理由").fill("法律修订，事项取消");
  await card.getByLabel("生效日期").fill("2026-12-31");
  await card.getByRole("button", { name: "确认取消" }).click();
  await expect(page.getByRole("list", { name: "权责事项通用目录" }).getByRole("listitem").filter({ hasText: code })).toHaveCount(0);

  await nav.getByRole("link", { name: "目录变更待处理" }).click();
  const flagged = page.getByRole("list", { name: "目录变更待处理" }).getByRole("listitem").filter({ hasText: code });
  await expect(flagged.first()).toContainText("目录已变更，需处理");
  await expectAccessible(page);
});
