import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test } from "@playwright/test";
import QRCode from "qrcode";
import { querySql } from "./helpers";

/**
 * A Y4M video (4:2:0, a few identical frames; Chromium loops it) of `text` as a QR code,
 * black on white in the middle of a 640 × 480 picture, as a phone held over the printed
 * attachment would see it.
 */
function qrVideo(text: string): Buffer {
  const [width, height, frames] = [640, 480, 5];
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const modules = qr.modules.size;
  const scale = Math.floor(360 / (modules + 8));
  const side = (modules + 8) * scale;
  const [left, top] = [(width - side) >> 1, (height - side) >> 1];
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [mx, my] = [Math.floor(x / scale) - 4, Math.floor(y / scale) - 4];
      const dark = mx >= 0 && my >= 0 && mx < modules && my < modules && qr.modules.get(my, mx);
      if (dark) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array(frames).fill(frame)]);
}

test("the camera reads a decision's QR code and opens its verdict", async ({ baseURL }, info) => {
  // One browser of its own, with the video as its camera; once is enough.
  test.skip(info.project.name !== "mobile", "the camera path is the phone's");
  const [code, signature] = querySql(
    "SELECT case_code || '|' || signature FROM decisions WHERE document_number = '穗天市监罚〔2026〕15号'",
  ).split("|");
  const video = join(tmpdir(), `anma-e2e-qr-${process.pid}.y4m`);
  // The address the printed attachment carries: this server's verify link, in the upper
  // case a QR code's alphanumeric mode holds.
  writeFileSync(video, qrVideo(`${baseURL!.toUpperCase()}/V/${code}/${signature}`));
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL,
      locale: "zh-CN",
      viewport: { width: 412, height: 915 },
      isMobile: true,
      hasTouch: true,
    });
    await context.grantPermissions(["camera"], { origin: baseURL });
    const page = await context.newPage();
    await page.goto("/scan");
    await page.getByRole("button", { name: "打开相机" }).click();
    // Decoded in the page (rqrr in WASM where the browser has no BarcodeDetector), then
    // the verify page asks the server and checks the signature in the browser.
    await expect(page).toHaveURL(new RegExp(`/v/${code}/${signature}$`), { timeout: 20_000 });
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "in_force");
    await expect(page.getByTestId("signature-note")).toContainText("在您的浏览器中独立核验");
  } finally {
    await browser.close();
  }
});
