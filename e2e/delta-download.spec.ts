/**
 * Delta download (issue 5, item 4): the file page reads a version from its chunks, keeps them in
 * the user's chunk cache (IndexedDB), and for a newer version fetches only the chunks it lacks.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { chunkBytes, xorshift32Bytes } from "../lib/chunking";
import { graphqlRequest, rootId, uploadFile } from "./api";
import { expect, test } from "./fixtures";
import type { FilePage } from "./pages/file-page";

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Records the page's requests for chunks (GET /api/blocks/:hash) and for `fileId`'s content. */
function recordReads(page: Page, fileId: string) {
  const log = { blocks: [] as string[], content: [] as string[] };
  page.on("request", (request) => {
    const url = request.url();
    const block = /\/api\/blocks\/([0-9a-f]{64})$/.exec(url)?.[1];
    if (block && request.method() === "GET") log.blocks.push(block);
    if (url.includes(`/api/files/${fileId}/content`)) log.content.push(url);
  });
  return log;
}

/** Clicks the page's Download button and returns the SHA-256 of the file the browser saved. */
async function downloadDigest(filePage: FilePage, name: string): Promise<string> {
  const downloading = filePage.page.waitForEvent("download");
  await filePage.downloadButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(name);
  return sha256(await readFile((await download.path())!));
}

test("a newer version of a 64 MiB file whose middle changed downloads at most 3 chunks", async ({
  page,
  signedIn: _,
  filePage,
}) => {
  test.slow(); // 64 MiB up, then down through the browser
  // Seeded bytes: the same chunk boundaries every run (an edit that moved a cut would change the count).
  const v1 = xorshift32Bytes(64 * MiB, 0x5eed_0064);
  const v2 = Uint8Array.from(v1);
  v2.set(xorshift32Bytes(1024, 0x5eed_0001), 32 * MiB); // the middle 1 KiB changes
  const [chunks1, chunks2] = await Promise.all([chunkBytes(v1), chunkBytes(v2)]);
  const held = new Set(chunks1.map((c) => c.hash as string));
  const newChunks = [...new Set(chunks2.map((c) => c.hash as string).filter((h) => !held.has(h)))];
  expect(newChunks.length, "chunks the edit changed").toBeGreaterThanOrEqual(1);
  expect(newChunks.length).toBeLessThanOrEqual(3);

  const root = await rootId(page);
  const file = await uploadFile(page, root, "disk.img", v1);

  await test.step("the first download reads every chunk through /api/blocks and caches it", async () => {
    const reads = recordReads(page, file.id);
    await filePage.goto(file.id);
    await expect(filePage.heading).toHaveText("disk.img");
    expect(await downloadDigest(filePage, "disk.img")).toBe(sha256(v1));
    expect(new Set(reads.blocks)).toEqual(held);
    expect(reads.content).toEqual([]);
  });

  // Another device commits the edit; the API helper uploads only the chunks the server lacks.
  const edit = await uploadFile(page, root, "disk.img", v2, { fileId: file.id, versionId: file.versionId });
  expect(edit.versionNumber).toBe(2);

  await test.step("after a reload, the newer version costs only its new chunks", async () => {
    const reads = recordReads(page, file.id);
    await filePage.goto(file.id); // a new page load: what is held comes from IndexedDB
    await expect(filePage.page.locator(".file-meta")).toContainText("Version 2");
    expect(await downloadDigest(filePage, "disk.img")).toBe(sha256(v2));
    expect(reads.blocks.length, "chunk requests for version 2").toBeLessThanOrEqual(3);
    expect(new Set(reads.blocks)).toEqual(new Set(newChunks));
    expect(reads.content, "no request to the content endpoint").toEqual([]);
  });
});

test("signing out deletes the user's chunk cache", async ({ page, signedIn: _, filePage }) => {
  const root = await rootId(page);
  const file = await uploadFile(page, root, "notes.bin", xorshift32Bytes(300_000, 0x5eed_0002));
  const { me } = await graphqlRequest<{ me: { id: string } }>(page, "{ me { id } }");
  const cacheName = `cairn-chunks-${me.id}`;
  const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

  await filePage.goto(file.id);
  await downloadDigest(filePage, "notes.bin");
  await expect.poll(databases).toContain(cacheName);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
  await expect.poll(databases).not.toContain(cacheName);
});
