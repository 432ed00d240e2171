import { execFileSync } from "node:child_process";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** Runs a read-only query on the test server's SQLite database (its codes differ per deployment). */
export function querySql(sql: string): string {
  const db = join(process.env.ANMA_E2E_DATA ?? "", "anma.db");
  return execFileSync("sqlite3", ["-cmd", ".timeout 10000", db, sql]).toString().trim();
}

/** The case code of the demo decision with this document number. */
export function demoCode(documentNumber: string): string {
  return querySql(`SELECT case_code FROM decisions WHERE document_number = '${documentNumber}'`);
}

/** Fails on any serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

/**
 * Waits until the app has rendered: the header is there, and the first screen the server
 * wrote into the page (if any) has made way for the app's own.
 */
export async function appReady(page: Page) {
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.locator("#anma-first")).toHaveCount(0);
}
