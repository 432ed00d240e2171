import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { appReady, demoCode, expectAccessible } from "./helpers";

const PASSWORD = "Anma-demo-2026";
// The demo decision `anma seed --demo` offers to try: 穗天市监罚〔2026〕15号, in force and
// published. Its code is drawn from this deployment's keyed permutation.
const DEMO_CODE = () => demoCode("穗天市监罚〔2026〕15号");

async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await appReady(page);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/workspace$/);
}

/** Changes the record behind the server's back, as someone with database access could. */
function tamper(code: string) {
  const db = join(process.env.ANMA_E2E_DATA ?? "", "anma.db");
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", db, `UPDATE decisions SET amount_fen = amount_fen + 100 WHERE case_code = '${code}'`]);
}

/** Decodes the QR code in a PNG with a real decoder. */
function decodePng(path: string): string {
  const png = PNG.sync.read(readFileSync(path));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error(`no QR code in ${path}`);
  return found.data;
}

test("a clerk registers and issues a decision; its QR code verifies, and shows tampering and revocation", async ({ page }, info) => {
  const year = new Date().getFullYear();
  // Each project files its own document number, so the two can run side by side.
  const serial = info.project.name === "mobile" ? 9001 : 9002;
  await signIn(page, "th.clerk");
  await page.goto("/workspace/decisions/new");
  await page.getByLabel("决定书文号").fill(`穗天市监罚〔${year}〕${serial}号`);
  const item = page.getByLabel("执法事项（本部门已公布的清单事项）");
  const option = await item.locator("option", { hasText: "CF00003000" }).getAttribute("value");
  await item.selectOption(option!);
  // A problem is explained in the interface's language, naming the field.
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByText("请填写当事人名称", { exact: true })).toBeVisible();
  await page.getByLabel("当事人名称或姓名").fill("广州测试食品有限公司");
  await page.getByLabel("统一社会信用代码", { exact: true }).fill("91350100M000100Y43");
  await page.getByLabel("违法事实/事由").fill("当事人销售超过保质期的预包装食品12盒。");
  await page.getByLabel("决定内容").fill("罚款人民币20,000元。");
  await page.getByLabel("罚款", { exact: true }).check();
  await page.getByLabel("罚款金额（元）").fill("20000");
  await page.getByLabel(/李明/).check();
  // One officer is not enough for a penalty: the server refuses it, and its rule is
  // written in the interface's language.
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByText("行政处罚和行政强制决定至少需要两名持有效执法证的执法人员")).toBeVisible();
  await page.getByLabel(/陈静/).check();
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page).toHaveURL(/\/workspace\/decisions\/\d+/);
  await expect(page.getByTestId("decision-status")).toHaveText("草稿");

  await page.getByTestId("issue").click();
  await expect(page.getByTestId("decision-status")).toHaveText("已签发（有效）");
  // Published within its deadline: it joins the public listing.
  await expect(page.getByTestId("publication")).toContainText("待公示");
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("publication")).toContainText("依法公示中");
  const code = (await page.getByTestId("issued-code").textContent())!.trim();
  expect(code).toMatch(/^440106-\d{4}-[0-9A-Z]{5}-[0-9A-Z]$/);
  await expect(page.getByTestId("qr-version")).toContainText(/[1-6] · EC M/);

  // Download the PNG and read it with a real QR decoder.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-png").click()]);
  const png = join(info.outputDir, "qr.png");
  await download.saveAs(png);
  const url = decodePng(png);
  expect(url).toMatch(new RegExp(`^HTTP://127\\.0\\.0\\.1:\\d+/V/${code}/[A-Z2-7]{103}$`));

  // The printable attachment.
  await page.getByRole("link", { name: "打印附页" }).click();
  await expect(page.getByTestId("print-sheet")).toContainText(code);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // The holder opens the QR's address: genuine and in force, checked in the browser.
  await page.goto(url);
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "in_force");
  await expect(verdict).toContainText("真实有效");
  await expect(page.getByTestId("signature-note")).toContainText("在您的浏览器中独立核验");
  await expect(page.getByTestId("summary")).toContainText("¥20,000.00");
  await expectAccessible(page);
  if (info.project.name === "mobile") {
    mkdirSync("../docs/screenshots", { recursive: true });
    await page.screenshot({ path: "../docs/screenshots/verify-phone.png" });
  }

  // Someone changes the amount in the database: the signature no longer matches.
  tamper(code);
  await page.reload();
  await expect(verdict).toHaveAttribute("data-verdict", "mismatch");
  await expect(verdict).toContainText("签名不符");
  await expect(page.getByTestId("summary")).toHaveCount(0);

  // The clerk revokes it: verification says so at once, with the reason.
  await page.goto(`/workspace/decisions?q=${encodeURIComponent(`〔${year}〕${serial}号`)}`);
  await page.getByRole("link", { name: `穗天市监罚〔${year}〕${serial}号` }).click();
  await page.getByLabel("原因（将向社会公开）").fill("经复核，违法事实认定有误，依法撤销。");
  await page.getByRole("button", { name: "撤销决定" }).click();
  await expect(page.getByTestId("decision-status")).toHaveText("已撤销");
  await page.goto(`/v/${code}`);
  await expect(verdict).toHaveAttribute("data-verdict", "revoked");
  await expect(page.getByTestId("status-reason")).toHaveText("经复核，违法事实认定有误，依法撤销。");

  // A typo in the code is caught without a request.
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/verify")) requests.push(r.url());
  });
  const last = code.slice(-1);
  const typo = code.slice(0, -1) + (last === "0" ? "1" : "0");
  await page.goto(`/v/${typo}`);
  await expect(verdict).toHaveAttribute("data-verdict", "typo");
  expect(requests).toEqual([]);
});

test("a typed-in demo code shows the public facts with the party masked", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByLabel("案码", { exact: true }).fill(DEMO_CODE().toLowerCase());
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
  await expect(page.getByTestId("facts")).toContainText("穗天市监罚〔2026〕15号");
  await expect(page.getByTestId("signature-note")).toContainText("仅显示公开信息");
  await expect(page.getByTestId("summary")).toHaveCount(0);
  await expect(page.getByTestId("party")).toBeVisible();
  await expect(page.getByTestId("withheld-note")).toHaveCount(0);
});

test("a typed-in code of a decision the law keeps unpublished shows only the verdict", async ({ page }) => {
  // 穗天市监罚〔2026〕33号: a simple-procedure warning, never published.
  await page.goto(`/v/${demoCode("穗天市监罚〔2026〕33号")}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
  await expect(page.getByTestId("facts")).toContainText("穗天市监罚〔2026〕33号");
  await expect(page.getByTestId("facts")).toContainText("广州市天河区市场监督管理局");
  await expect(page.getByTestId("party")).toHaveCount(0);
  await expect(page.getByTestId("withheld-note")).toContainText("依照法律规定，其具体内容不予公开");
  // Which ground keeps it off the listing is not said.
  await expect(page.getByTestId("facts")).not.toContainText("简易程序");
  await expect(page.getByTestId("facts")).not.toContainText("警告");
  await expectAccessible(page);
});

test("a changed demo decision links to the decision that replaced it", async ({ page }) => {
  // 穗天市监罚〔2026〕11号 is the fourth demo decision of 440106 in 2026, changed by the fifth.
  await signIn(page, "th.reviewer");
  await page.goto(`/workspace/decisions?q=${encodeURIComponent("〔2026〕11号")}`);
  await page.getByRole("link", { name: "穗天市监罚〔2026〕11号" }).click();
  const code = (await page.getByTestId("issued-code").textContent())!.trim();
  await page.goto(`/v/${code}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "changed");
  await page.getByTestId("status-change").getByRole("link").click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
  await expect(page.getByTestId("facts")).toContainText("穗天市监罚〔2026〕30号");
});

test("anyone looks up an officer's certificate", async ({ page }) => {
  await page.goto("/officers");
  await appReady(page);
  await page.getByLabel("执法证号").fill("4401 0621 000101");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/\/officers\/44010621000101$/);
  await expect(page.getByTestId("officer")).toContainText("李明");
  await expect(page.getByTestId("officer")).toContainText("证件有效");
  await expectAccessible(page);
  // 黄丽's certificate ended on 2025-12-31.
  await page.goto("/officers/44010621000104");
  await expect(page.getByTestId("officer")).toContainText("证件无效或已过期");
});

test("the scanner page offers the camera and typing", async ({ page }) => {
  await page.goto("/scan");
  await appReady(page);
  await expect(page.getByRole("heading", { name: "扫描决定书二维码" })).toBeVisible();
  await expect(page.getByRole("button", { name: "打开相机" })).toBeVisible();
  await page.getByLabel("案码", { exact: true }).fill(DEMO_CODE());
  await page.getByRole("button", { name: "核验", exact: true }).click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
});

test("a clerk imports a file of decisions, sees it progress and the wrong row named", async ({ page }, info) => {
  const year = new Date().getFullYear();
  // China's date, the one the server checks decision dates against.
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const base = info.project.name === "mobile" ? 40_000 : 41_000;
  const header = "决定书文号,事项编码,决定类别,程序,当事人类型,当事人,统一社会信用代码,违法事实,法律依据,处理结果,处罚种类,罚款金额（元）,决定日期,执法证号";
  const rows = Array.from({ length: 120 }, (_, i) =>
    `穗天市监罚〔${year}〕${base + i}号,CF00003000,行政处罚,普通程序,法人或其他组织,广州测试食品有限公司,91350100M000100Y43,当事人销售超过保质期的食品。,《中华人民共和国食品安全法》第一百二十四条,罚款人民币1000元。,罚款,1000,${today},44010621000101、44010621000102`);
  // The last row names an officer the department does not have.
  rows.push(`穗天市监罚〔${year}〕${base + 999}号,CF00003000,行政处罚,普通程序,法人或其他组织,广州测试食品有限公司,91350100M000100Y43,事实。,依据。,结果。,罚款,100,${today},44019999999999、44010621000102`);
  await signIn(page, "th.clerk");
  await page.goto("/workspace/decisions");
  await appReady(page);
  await page.getByText("批量导入执法决定（XLSX 或 CSV）").click();
  await page.locator("#decision-file").setInputFiles({
    name: "decisions.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([header, ...rows].join("\n") + "\n", "utf-8"),
  });
  await page.getByRole("button", { name: "导入", exact: true }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("已导入：120 / 121", { timeout: 60_000 });
  await expect(report).toContainText("第122");
  await expect(report).toContainText("officer_ids[0]");
  await expectAccessible(page);
});
