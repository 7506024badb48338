#!/usr/bin/env node
/**
 * Renders the app's PNG icons (public/icons/) from app/icon.svg with Chromium, so the installed
 * app, the Android home screen and iOS show the same cairn as the browser tab. The PNGs are
 * committed; run this again after changing app/icon.svg:
 *
 *   node scripts/build-icons.mjs
 *
 * - icon-192.png, icon-512.png ("any"): the SVG as it is, rounded corners on transparency.
 * - maskable-512.png ("maskable"): full-bleed green, the stones inside the central 80% circle
 *   that every platform mask keeps (https://w3c.github.io/manifest/#icon-masks).
 * - app/apple-icon.png (180×180): the apple-touch-icon (Next links it from every page), full-bleed
 *   too (iOS rounds the corners itself and would fill transparent ones with black).
 * - app/favicon.ico (32×32, a PNG inside an ICO): browsers and the installed app still ask for
 *   /favicon.ico; without it they log a 404.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(root, "public", "icons");

const svg = readFileSync(join(root, "app", "icon.svg"), "utf8");
const background = /<rect[^>]*fill="(#[0-9a-f]{3,6})"/i.exec(svg)?.[1];
const stones = /<g fill="#fff">[\s\S]*?<\/g>/.exec(svg)?.[0];
if (!background || !stones) throw new Error("app/icon.svg no longer has the expected <rect> and <g>");

/** The stones on a full square, scaled around the cairn's centre (x 16, y 17.45 in the 32 grid). */
const fullBleed = (scale) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${background}"/>` +
  `<g transform="translate(16 16) scale(${scale}) translate(-16 -17.45)">${stones}</g></svg>`;

const ICONS = [
  { file: "icon-192.png", size: 192, svg },
  { file: "icon-512.png", size: 512, svg },
  // The bottom stone reaches 12.4 units from the centre; the safe circle's radius is 12.8.
  { file: "maskable-512.png", size: 512, svg: fullBleed(0.72) },
  { file: "../../app/apple-icon.png", size: 180, svg: fullBleed(0.8) },
];

/** An ICO file holding one PNG image (allowed since Windows Vista; every browser reads it). */
function icoOf(png, size) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6); // width, height (0 would mean 256)
  header.writeUInt8(size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // the image follows the header
  return Buffer.concat([header, png]);
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined; // Playwright's own download, if any
}

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    const sized = icon.svg.replace("<svg ", `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
    );
    await page.locator("svg").screenshot({ path: join(OUT, icon.file), omitBackground: true });
    console.log(`${relative(root, join(OUT, icon.file))} (${icon.size}×${icon.size})`);
  }
  await page.setViewportSize({ width: 32, height: 32 });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${svg.replace("<svg ", '<svg width="32" height="32" ')}</body></html>`,
  );
  const png = await page.locator("svg").screenshot({ omitBackground: true });
  writeFileSync(join(root, "app", "favicon.ico"), icoOf(png, 32));
  console.log("app/favicon.ico (32×32)");
} finally {
  await browser.close();
}
