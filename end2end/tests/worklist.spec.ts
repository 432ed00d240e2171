import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

// The workspace as a clerk's daily tool: the overview's counts open the filtered table,
// the table sorts, searches and pages 5,000 decisions, selected decisions are issued
// and printed together, and the decision form checks fields as they are left.

const PASSWORD = "Anma-demo-2026";
const SCALE = process.env.ANMA_E2E_SCALE_URL ?? "http://127.0.0.1:8192";

async function signIn(page: Page, username: string, base = "") {
  await page.goto(`${base}/login`);
  await appReady(page);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
}

/** Drafts registered through the API with the page's session, as a case system would. */
async function registerDrafts(page: Page, numbers: string[]) {
  const session = await (await page.request.get("/api/v1/auth/session")).json();
  const dept = session.user.department_id;
  const csrf = { "x-csrf-token": session.csrf_token };
  const base = `/api/v1/workspace/departments/${dept}`;
  const claims = await (await page.request.get(`${base}/claims`)).json();
  const claim = claims.items.find((c: { item: { code: string } }) => c.item.code === "CF00003000").id;
  const officers = await (await page.request.get(`${base}/officers`)).json();
  const ids = officers.items
    .filter((o: { certificate_number: string }) => ["44010621000101", "44010621000102"].includes(o.certificate_number))
    .map((o: { id: number }) => o.id);
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const decisions = numbers.map((document_number) => ({
    document_number, claim_id: claim, kind: "penalty", procedure: "ordinary",
    party_kind: "organisation", party_name: "广州批量测试食品有限公司", party_uscc: "91350100M000100Y43",
    facts: "当事人销售超过保质期的食品。", legal_basis: "《中华人民共和国食品安全法》第一百二十四条",
    result: "罚款人民币1000元。", penalty_types: ["fine"], amount_fen: 100_000,
    decision_date: today, officer_ids: ids,
  }));
  const response = await page.request.post(`${base}/decisions/batch`, {
    headers: csrf,
    data: { decisions, issue: false },
  });
  const report = await response.json();
  expect(response.status(), JSON.stringify(report)).toBe(200);
  expect(report.kept, JSON.stringify(report.errors)).toBe(numbers.length);
}

test("the overview's counts open the table filtered to what they count", async ({ page }, info) => {
  await signIn(page, "th.clerk");
  const ready = page.getByTestId("todo-ready");
  await expect(ready).toContainText("可签发");
  const count = Number((await ready.locator(".count").textContent())!.trim());
  await expectAccessible(page);
  if (info.project.name === "desktop") {
    mkdirSync("../docs/screenshots", { recursive: true });
    await page.screenshot({ path: "../docs/screenshots/workspace-overview.png" });
  }
  await ready.getByRole("link").click();
  await expect(page).toHaveURL(/\/workspace\/decisions\?stage=ready$/);
  // (Other tests register and issue in this department meanwhile: the total is checked
  // against the count by the API tests, here only its shape.)
  await expect(page.getByTestId("decision-total")).toHaveText(/^\d+$/);
  // The folded filters open and say one is on.
  await expect(page.getByTestId("filters-on")).toHaveText("1");
  await expect(page.getByLabel("待办")).toHaveValue("ready");
  const rows = page.getByTestId("decision-row");
  // The count was read a moment ago; drafts may have been issued since, so the table
  // shows either rows or its empty notice, and every row shown is a draft.
  if (count > 0) await expect(rows.first().or(page.locator("p.empty"))).toBeVisible();
  for (const status of await rows.locator(".status").allTextContents()) expect(status).toBe("草稿");
  await expectAccessible(page);
});

test("selected drafts are issued together with a result for each", async ({ page }, info) => {
  const year = new Date().getFullYear();
  const base = info.project.name === "mobile" ? 7100 : 7200;
  const numbers = [0, 1, 2].map((i) => `穗天市监罚〔${year}〕${base + i}号`);
  await signIn(page, "th.clerk");
  await registerDrafts(page, numbers);
  await page.goto(`/workspace/decisions?q=${encodeURIComponent(`〔${year}〕${base / 100}`)}&stage=ready`);
  const rows = page.getByTestId("decision-row");
  await expect(rows).toHaveCount(3);
  await page.getByLabel("选择本页全部决定").check();
  await expect(page.getByTestId("selected-count")).toHaveText("3");
  await page.getByTestId("batch-issue").click();
  const report = page.getByTestId("batch-report");
  await expect(report).toContainText("3 项成功");
  await expect(report).toContainText("0 项未处理");
  await expect(page.getByTestId("selected-count")).toHaveText("0");
  // Issued now: out of "ready", in the table with their case codes.
  await expect(rows).toHaveCount(0);
  await page.goto(`/workspace/decisions?q=${encodeURIComponent(`〔${year}〕${base / 100}`)}`);
  await expect(rows).toHaveCount(3);
  await expect(rows.locator("code")).toHaveCount(3);
  await expectAccessible(page);
});

test("the decision form checks a field as it is left, warns of unsaved changes, and draws choices beside their labels", async ({ page }) => {
  await signIn(page, "th.clerk");
  // Reached inside the app, so that the browser's back button is the router's business.
  await page.goto("/workspace/decisions");
  await page.getByRole("link", { name: "登记决定" }).click();
  await expect(page).toHaveURL(/\/workspace\/decisions\/new$/);
  for (const section of ["文书", "当事人", "事实与依据", "处理结果", "执法人员", "公示"]) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }
  const number = page.getByLabel("决定书文号");
  await number.fill("不是文号");
  await number.press("Tab");
  await expect(number).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#d-docno-error")).not.toBeEmpty();
  await expect(page.getByTestId("unsaved")).toHaveText("有尚未保存的修改，离开本页将丢失。");
  // A link away asks first: staying keeps what was typed, leaving goes.
  const nav = page.getByRole("navigation", { name: "工作台导航" });
  page.once("dialog", (d) => d.dismiss());
  await nav.getByRole("link", { name: "执法人员" }).click();
  await expect(page).toHaveURL(/\/workspace\/decisions\/new$/);
  await expect(number).toHaveValue("不是文号");
  // So does the back button: staying keeps the address and what was typed.
  const asked = page.waitForEvent("dialog");
  await page.evaluate(() => history.back());
  const question = await asked;
  expect(question.message()).toBe("有尚未保存的修改。确定离开本页并放弃这些修改吗？");
  await question.dismiss();
  await expect(page).toHaveURL(/\/workspace\/decisions\/new$/);
  await expect(number).toHaveValue("不是文号");
  await expect(page.getByRole("heading", { name: "文书", exact: true })).toBeVisible();
  await number.fill(`穗天市监罚〔${new Date().getFullYear()}〕88号`);
  await number.press("Tab");
  await expect(page.locator("#d-docno-error")).toBeEmpty();
  // A radio button sits left of its label, on the same line, and no larger than text.
  const radio = page.getByRole("radio", { name: "自然人" });
  const label = page.locator("label.choice", { has: radio });
  const r = (await radio.boundingBox())!;
  const l = (await label.boundingBox())!;
  expect(r.height).toBeLessThan(28);
  expect(r.x - l.x).toBeLessThan(4);
  expect(Math.abs(r.y + r.height / 2 - (l.y + l.height / 2))).toBeLessThan(4);
  // The keyboard reaches it: choosing a person asks for the identity number.
  await radio.focus();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("公民身份号码（不公开）")).toBeVisible();
  await expectAccessible(page);
  // Back again, and this time leave: the list it came from.
  page.once("dialog", (d) => d.accept());
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(/\/workspace\/decisions$/);
  await expect(page.getByRole("link", { name: "登记决定" })).toBeVisible();
});

test.describe("at 5,000 decisions", () => {
  test("the table sorts, searches, pages and prints twenty attachments on one page set", async ({ page }, info) => {
    test.setTimeout(90_000);
    await signIn(page, "scale.clerk", SCALE);
    await page.goto(`${SCALE}/workspace/decisions`);
    await expect(page.getByTestId("decision-total")).toHaveText("5000");
    const rows = page.getByTestId("decision-row");
    await expect(rows).toHaveCount(50);
    // Sort by party: the URL keeps it, the heading says so, the rows follow it.
    await page.getByRole("button", { name: /^当事人/ }).click();
    await expect(page).toHaveURL(/sort=party/);
    await expect(page.getByRole("columnheader", { name: /^当事人/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(rows).toHaveCount(50);
    // The sorted page replaces the first one when its answer arrives: wait for it.
    const partyCells = rows.locator('td[data-label="当事人"]');
    await expect
      .poll(async () => {
        const shown = await partyCells.allTextContents();
        return shown.length === 50 && shown.join("|") === [...shown].sort().join("|");
      })
      .toBe(true);
    const parties = await partyCells.allTextContents();
    expect(new Set(parties).size).toBeGreaterThan(1);
    // Load more: the next page joins, the total stays.
    await page.getByTestId("load-more").click();
    await expect(rows).toHaveCount(100);
    await expect(page.getByTestId("decision-total")).toHaveText("5000");
    // Search one document number out of 5,000.
    const number = (await rows.nth(7).locator("th a").textContent())!.trim();
    await page.getByLabel("搜索文号、当事人或案码").fill(number);
    await page.getByRole("button", { name: "查询" }).first().click();
    await expect(page).toHaveURL(/q=/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(number);
    await expectAccessible(page);

    // Twenty issued decisions selected, printed on one page set.
    await page.goto(`${SCALE}/workspace/decisions?sort=-date`);
    await expect(rows).toHaveCount(50);
    for (let i = 0; i < 20; i++) await rows.nth(i).getByRole("checkbox").check();
    await expect(page.getByTestId("selected-count")).toHaveText("20");
    await page.getByTestId("batch-print").click();
    await expect(page).toHaveURL(/\/workspace\/decisions\/print\?ids=/);
    const sheets = page.getByTestId("print-sheet");
    await expect(sheets).toHaveCount(20, { timeout: 30_000 });
    await expect(page.getByTestId("print-count")).toContainText("20");
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("banner")).toBeHidden();
    expect(await sheets.nth(0).evaluate((e) => getComputedStyle(e).breakAfter)).toBe("page");
    expect(await sheets.nth(19).evaluate((e) => getComputedStyle(e).breakAfter)).toBe("auto");
    // Every sheet's QR code has loaded.
    for (let i = 0; i < 20; i++) {
      await expect.poll(() => sheets.nth(i).locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    await page.emulateMedia({ media: "screen" });
    if (info.project.name === "desktop") await expectAccessible(page);
  });
});
