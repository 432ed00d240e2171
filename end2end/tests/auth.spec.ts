import { expect, test, type Page } from "@playwright/test";
import { appReady, expectAccessible } from "./helpers";

// Demo accounts from `anma seed --demo` (see the README).
const PASSWORD = "Anma-demo-2026";

async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

test("a wrong password shows a clear message and no session", async ({ page }) => {
  await page.goto("/login");
  await appReady(page);
  await expectAccessible(page);
  await signIn(page, "th.clerk", "Not-the-password-1");
  await expect(page.getByRole("alert")).toHaveText("用户名或密码错误。");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("密码")).toHaveValue("");
});

test("an admin signs in, sees the admin navigation, and signs out", async ({ page }) => {
  await page.goto("/login");
  await appReady(page);
  await signIn(page, "admin");
  await expect(page).toHaveURL(/\/workspace$/);
  const nav = page.getByRole("navigation", { name: "工作台导航" });
  await expect(nav.getByRole("link", { name: "用户管理" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "审计日志" })).toBeVisible();
  await expect(page.getByTestId("role")).toHaveText("管理员（司法行政）");
  // What needs doing across the province, overdue publications first.
  await expect(page.getByRole("heading", { name: "待办事项（全省）" })).toBeVisible();
  await expect(page.getByTestId("todo-overdue")).toContainText("逾期未公示");
  await expectAccessible(page);

  await nav.getByRole("link", { name: "用户管理" }).click();
  const accounts = page.getByTestId("user-row");
  await expect(accounts.first()).toBeVisible();
  // Search and a role filter, kept in the URL.
  await page.getByLabel("搜索姓名、用户名或部门").fill("th.");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/\/workspace\/users\?q=th\.$/);
  await expect(accounts).toHaveCount(2);
  await page.locator("#us-role").selectOption("reviewer");
  await expect(page).toHaveURL(/role=reviewer/);
  await expect(accounts).toHaveCount(1);
  await expect(accounts.first()).toContainText("th.reviewer");
  await expectAccessible(page);

  await nav.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/workspace/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fworkspace%2Fusers$/);
});

test("a clerk sees only the department navigation and colleagues", async ({ page }) => {
  await page.goto("/login");
  await appReady(page);
  await signIn(page, "th.clerk");
  // The overview says what needs doing today, each count a link to where it is done.
  await expect(page.getByRole("heading", { name: "待办事项", exact: true })).toBeVisible();
  const drafts = page.getByTestId("todo-drafts");
  await expect(drafts).toContainText(/\d+ 未签发的草稿/);
  await expect(page.getByText("上线后开放")).toHaveCount(0);
  await expectAccessible(page);
  await drafts.getByRole("link").click();
  await expect(page).toHaveURL(/\/workspace\/decisions\?status=draft$/);
  await page.goBack();
  const nav = page.getByRole("navigation", { name: "工作台导航" });
  await expect(nav.getByRole("link", { name: "本部门人员" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "用户管理" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "审计日志" })).toHaveCount(0);
  await nav.getByRole("link", { name: "本部门人员" }).click();
  const staff = page.getByRole("list", { name: "本部门人员" }).getByRole("listitem");
  await expect(staff).toHaveCount(2);
  await expect(staff.first()).toContainText("天河市监");
  await expectAccessible(page);
});

test("a deep link leads through sign-in back to the page asked for", async ({ page }) => {
  await page.goto("/workspace/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Fworkspace%2Faudit$/);
  await expect(page.getByText("请先登录，登录后将打开您要访问的页面。")).toBeVisible();
  await signIn(page, "auditor");
  await expect(page).toHaveURL(/\/workspace\/audit$/);
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByRole("cell", { name: "auditor", exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "校验哈希链" }).click();
  await expect(page.getByText(/^哈希链完整，已校验记录数：\d+$/)).toBeVisible();
  await expectAccessible(page);
});

test("the audit log says how many entries match and reads oldest first on request", async ({ page }) => {
  await page.goto("/workspace/audit");
  await signIn(page, "auditor");
  await expect(page).toHaveURL(/\/workspace\/audit$/);
  const total = Number(await page.getByTestId("audit-total").textContent());
  expect(total).toBeGreaterThan(1);
  const firstSeq = async () => Number(await page.locator("table.audit tbody tr").first().locator("td").first().textContent());
  const newest = await firstSeq();
  const heading = page.getByRole("columnheader", { name: /时间/ });
  await expect(heading).toHaveAttribute("aria-sort", "descending");
  await heading.getByRole("button").click();
  await expect(page).toHaveURL(/order=oldest/);
  await expect(heading).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(firstSeq).toBe(1);
  expect(newest).toBeGreaterThan(1);
  // Other tests sign in meanwhile: the count only grows.
  expect(Number(await page.getByTestId("audit-total").textContent())).toBeGreaterThanOrEqual(total);
  await expectAccessible(page);
});

test("when the session ends mid-task, sign-in returns to the form with what was typed", async ({ page, context }) => {
  await page.goto("/login?next=%2Fworkspace%2Fusers");
  await appReady(page);
  await signIn(page, "admin");
  await expect(page).toHaveURL(/\/workspace\/users$/);
  await page.getByText("新建账号").click();
  await page.getByLabel("用户名", { exact: true }).fill("typed.before.expiry");
  await page.getByLabel("姓名", { exact: true }).fill("张三");

  // The session ends behind the user's back (as after idle time or an admin's action).
  await context.clearCookies();
  await page.getByRole("button", { name: "创建账号" }).click();

  await expect(page).toHaveURL(/\/login\?next=%2Fworkspace%2Fusers&ended=1$/);
  await expect(page.getByText(/您的登录已结束/)).toBeVisible();
  await signIn(page, "admin");
  await expect(page).toHaveURL(/\/workspace\/users$/);
  await page.getByText("新建账号").click();
  await expect(page.getByLabel("用户名", { exact: true })).toHaveValue("typed.before.expiry");
  await expect(page.getByLabel("姓名", { exact: true })).toHaveValue("张三");
});
