import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { appReady, expectAccessible, querySql } from "./helpers";

const PASSWORD = "Anma-demo-2026";

async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await appReady(page);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
}

/** The QR text of a scheduled demo task (the workspace shows it to the department). */
async function noticeQr(request: APIRequestContext, nth: number): Promise<string> {
  const login = await request.post("/api/v1/auth/login", {
    data: { username: "th.clerk", password: PASSWORD },
  });
  expect(login.ok()).toBeTruthy();
  const dept = (await login.json()).user.department_id;
  const list = await (await request.get(`/api/v1/workspace/departments/${dept}/inspections?limit=100`)).json();
  const scheduled = list.items.filter(
    (t: { status: string; ground: string }) => t.status === "scheduled" && t.ground === "plan",
  );
  return scheduled[nth].qr_text;
}

/** ISO/IEC 7064 MOD 37,36 over the compact code (docs/case-code.md). */
function checkChar(body: string): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let p = 36;
  for (const c of body) {
    let s = (p + alphabet.indexOf(c)) % 36;
    if (s === 0) s = 36;
    p = (2 * s) % 37;
  }
  return alphabet[(37 - p) % 36];
}

test("a company scans the notice on a phone, sees who may inspect, and rates the visit once", async ({
  page,
  request,
}, info) => {
  // Each project rates a task of its own: a notice takes one rating.
  const qr = await noticeQr(request, info.project.name === "mobile" ? 0 : 1);
  const path = new URL(qr.replace(/^HTTP/, "http")).pathname;
  expect(path).toMatch(/^\/I\/J\d{6}-\d{4}-[0-9A-Z]{5}-[0-9A-Z]\/[A-Z2-7]+\/[A-Z2-7]{16}$/);
  await page.goto(path);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "go");
  await expect(page.getByRole("heading", { name: "真实有效：可以接受检查" })).toBeVisible();
  await expect(page.getByTestId("inspector")).toHaveCount(2);
  await expect(page.getByTestId("inspector").first()).toContainText("执法证今天有效");
  await expect(page.getByTestId("entity")).not.toBeEmpty();
  await expect(page.getByTestId("ground")).toHaveText("双随机抽查");
  await expectAccessible(page);

  const form = page.getByTestId("rating-form");
  await form.getByRole("button", { name: "提交评价" }).click();
  await expect(form.getByRole("alert")).toContainText("请选择满意度");
  await form.getByLabel("5 非常满意").check();
  await form.getByLabel("文明规范").check();
  await form.getByLabel("是", { exact: true }).check();
  await form.getByLabel(/意见/).fill("检查人员主动亮证，态度很好");
  await form.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByTestId("rated")).toBeVisible();
  await expect(page.getByTestId("rating-form")).toHaveCount(0);

  // Typed in, the same code shows only what is public, and no rating form.
  const code = path.split("/")[2];
  await page.goto(`/i/${code.toLowerCase()}`);
  await expect(page.getByTestId("inspection-code")).toHaveText(code);
  await expect(page.getByTestId("signature-note")).toBeVisible();
  await expect(page.getByTestId("rating-form")).toHaveCount(0);
});

test("an unknown code says the company may refuse, and its report reaches the supervisors", async ({
  page,
}, info) => {
  const year = new Date().getFullYear();
  const serial = info.project.name === "mobile" ? "ZZZZ1" : "ZZZZ2";
  const body = `J440106${year}${serial}`;
  const code = `J440106-${year}-${serial}-${checkChar(body)}`;
  expect(querySql(`SELECT COUNT(*) FROM inspections WHERE code = '${code}'`)).toBe("0");
  await page.goto(`/i/${code}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "not_found");
  await expect(page.getByRole("heading", { name: /没有这个检查码/ })).toBeVisible();

  const report = page.getByTestId("report");
  await report.locator("summary").click();
  await report.getByLabel("自称的执法部门").fill("广州市天河区市场监督管理局");
  await report.getByLabel("被检查的企业或门店").fill("天河区测试餐饮店");
  const description = `${info.project.name}：两人自称执法人员，出示的检查码查无此码`;
  await report.getByLabel(/经过/).fill(description);
  await report.getByRole("button", { name: "提交举报" }).click();
  await expect(page.getByTestId("report-sent")).toBeVisible();
  await expectAccessible(page);

  await signIn(page, "auditor");
  await page.goto("/workspace/supervision");
  await expect(page.getByTestId("sup-table")).toBeVisible();
  await expect(page.getByTestId("sup-reports")).toContainText(description);
  await expectAccessible(page);
});

test("a published draw is re-run in the browser from its public record", async ({ page }) => {
  await page.goto("/spot-checks");
  await appReady(page);
  const card = page.getByTestId("plan-card").filter({ hasText: "已抽取" }).first();
  await card.getByRole("link").click();
  await expect(page.getByTestId("plan-status")).toHaveText("已抽取");
  await expect(page.getByTestId("commitment")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  await page.getByTestId("rerun").click();
  await expect(page.getByTestId("rerun-result")).toHaveAttribute("data-result", "reproduced");
  await expectAccessible(page);
});

test("a clerk drafts a plan, the reviewer approves and draws it, and a result is published", async ({
  page,
}, info) => {
  test.skip(info.project.name === "mobile", "the workspace flow runs once, at desktop size");
  // Two sign-ins, a draft, an approval, a draw, a result and two public pages.
  test.setTimeout(90_000);
  await signIn(page, "th.clerk");
  await page.goto("/workspace/spot-checks");
  const form = page.getByTestId("new-plan");
  const title = `浏览器测试：生产制造企业抽查 ${Date.now()}`;
  await form.getByLabel("计划名称").fill(title);
  await form.getByLabel("行业（可选）").fill("生产制造");
  await form.getByLabel("抽取数量").fill("2");
  await form.getByLabel(/JC00001000/).check();
  for (const name of ["李明", "陈静", "王磊"]) {
    await form.getByLabel(new RegExp(name)).check();
  }
  await form.getByRole("button", { name: "保存草稿" }).click();
  const card = page.getByTestId("ws-plan").filter({ hasText: title });
  await expect(card).toContainText("草稿");
  const href = await card.getByRole("link").getAttribute("href");
  await expectAccessible(page);

  await page.getByRole("button", { name: "退出登录" }).click();
  // Signed out before the next sign-in, or /login would still see the clerk's session.
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, "th.reviewer");
  await page.goto(href!);
  await expect(page.getByTestId("ws-plan-status")).toHaveText("草稿");
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("ws-plan-status")).toHaveText("已审核，待抽取");
  await page.getByTestId("draw").click();
  await expect(page.getByTestId("ws-plan-status")).toHaveText("已抽取");
  await expect(page.getByTestId("ws-task")).toHaveCount(2);

  const task = page.getByTestId("ws-task").first();
  const code = (await task.locator("code").first().textContent())!;
  await task.getByLabel("检查结果").selectOption("rectify");
  await task.getByLabel("结果说明").fill("消防通道堆放杂物");
  await task.getByLabel("整改期限").fill("2099-01-31");
  await task.getByRole("button", { name: "登记结果" }).click();
  await expect(page.getByTestId("ws-task").filter({ hasText: code })).toContainText("责令限期整改");

  // The notice prints with its QR code.
  await page.getByTestId("ws-task").filter({ hasText: code }).getByRole("link", { name: "打印检查通知书" }).click();
  await expect(page.getByTestId("notice-code")).toHaveText(code);
  await expect(page.locator("img.print-qr")).toBeVisible();

  // Published at once: the public page lists the result.
  const id = href!.split("/").pop();
  await page.goto(`/spot-checks/${id}`);
  await expect(page.getByTestId("task-row").filter({ hasText: code })).toContainText("责令限期整改");
  await page.getByTestId("rerun").click();
  await expect(page.getByTestId("rerun-result")).toHaveAttribute("data-result", "reproduced");
});
