/**
 * Uploads in Chromium against the real server: dropping files and folders, a new version that
 * sends only what changed, and an upload that survives a reload. Test files are random bytes made
 * here, in a temp directory.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { CDPSession, Page, Request } from "@playwright/test";
import { graphqlRequest } from "./api";
import { test as base, expect } from "./fixtures";
import { Uploads } from "./pages/uploads";

const MiB = 1024 * 1024;

const test = base.extend<{ uploads: Uploads; files: TempFiles }>({
  uploads: async ({ page }, use) => use(new Uploads(page)),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  files: async ({}, use) => {
    const files = new TempFiles();
    await use(files);
    files.remove();
  },
});

/** Files written for one test, removed after it. */
class TempFiles {
  readonly root = mkdtempSync(join(tmpdir(), "cairn-e2e-uploads-"));

  /** Writes `bytes` (or `size` random bytes) at `relative` below the root; returns the full path. */
  write(relative: string, content: Buffer | number): string {
    const path = join(this.root, relative);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, typeof content === "number" ? randomBytes(content) : content);
    return path;
  }

  dir(relative: string): string {
    const path = join(this.root, relative);
    mkdirSync(path, { recursive: true });
    return path;
  }

  remove() {
    rmSync(this.root, { recursive: true, force: true });
  }
}

interface FileInfo {
  id: string;
  size: number;
  versions: { nodes: { number: number }[] };
}

async function fileAt(page: Page, path: string): Promise<FileInfo> {
  const data = await graphqlRequest<{ nodeByPath: FileInfo }>(
    page,
    `query($path: String!) { nodeByPath(path: $path) { id ... on File { size versions { nodes { number } } } } }`,
    { path },
  );
  return data.nodeByPath;
}

/** A file's current content, downloaded through the page's session. */
async function download(page: Page, path: string): Promise<Buffer> {
  const { id } = await fileAt(page, path);
  const response = await page.request.get(`/api/files/${id}/content`);
  expect(response.status()).toBe(200);
  return response.body();
}

/** Records chunk PUTs: every request, and the hashes whose PUT the server answered with success. */
function recordPuts(page: Page) {
  const log = { sent: [] as string[], stored: [] as string[] };
  const hashOf = (request: Request) => /\/api\/blocks\/([0-9a-f]{64})$/.exec(request.url())?.[1];
  page.on("request", (request) => {
    const hash = hashOf(request);
    if (hash && request.method() === "PUT") log.sent.push(hash);
  });
  page.on("response", (response) => {
    const hash = hashOf(response.request());
    if (
      hash &&
      response.request().method() === "PUT" &&
      (response.status() === 201 || response.status() === 200)
    ) {
      log.stored.push(hash);
    }
  });
  return log;
}

/** Limits the page's upload bandwidth (bytes per second; undefined lifts the limit). */
async function throttleUploads(cdp: CDPSession, bytesPerSecond: number | undefined) {
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond ?? -1,
  });
}

test("a new user drops three files and a nested folder: the tree is recreated and a file downloads byte-identical", async ({
  page,
  signedIn: _,
  drivePage,
  uploads,
  files,
}) => {
  const notes = files.write("drop/notes.txt", Buffer.from("Cairn notes\n".repeat(1000)));
  const photo = files.write("drop/photo.jpg", 700 * 1024);
  const data = files.write("drop/data.bin", 5 * MiB + 17);
  files.write("drop/Trip/itinerary.md", Buffer.from("# Day one\nWalk to the cairn.\n"));
  files.write("drop/Trip/Day 1/track.gpx", 300 * 1024);
  files.dir("drop/Trip/Day 2"); // an empty folder is recreated too
  const trip = join(files.root, "drop/Trip");

  await drivePage.goto();
  await expect(drivePage.emptyState).toBeVisible();
  await uploads.dropPaths([notes, photo, data, trip], page.locator("main"));

  await test.step("the panel lists every file until it is done", async () => {
    for (const name of ["notes.txt", "photo.jpg", "data.bin", "itinerary.md", "track.gpx"]) {
      await uploads.expectDone(name);
    }
    await expect(uploads.panelTitle).toHaveText("5 uploads complete");
  });

  await test.step("the listing shows the files and the folder, which holds the dropped tree", async () => {
    await expect.poll(() => drivePage.names()).toEqual(["Trip", "data.bin", "notes.txt", "photo.jpg"]);
    await drivePage.openFolder("Trip");
    await expect.poll(() => drivePage.names()).toEqual(["Day 1", "Day 2", "itinerary.md"]);
    await drivePage.openFolder("Day 1");
    await expect.poll(() => drivePage.names()).toEqual(["track.gpx"]);
  });

  await test.step("a download is byte-identical to what was dropped", async () => {
    expect((await download(page, "/data.bin")).equals(readFileSync(data))).toBe(true);
    expect(
      (await download(page, "/Trip/Day 1/track.gpx")).equals(readFileSync(join(trip, "Day 1/track.gpx"))),
    ).toBe(true);
  });

  await test.step("dropping the folder again reuses it instead of making a second one", async () => {
    // A client-side navigation: the panel and its uploads stay.
    await drivePage.breadcrumbs.getByRole("link", { name: "My files" }).click();
    await expect(drivePage.heading).toHaveText("My files");
    await uploads.dropPaths([trip], page.locator("main"));
    await expect(uploads.panelTitle).toHaveText("7 uploads complete", { timeout: 30_000 });
    await expect.poll(() => drivePage.names()).toEqual(["Trip", "data.bin", "notes.txt", "photo.jpg"]);
    expect((await fileAt(page, "/Trip/itinerary.md")).versions.nodes).toHaveLength(1); // same content: unchanged
  });

  await test.step("closing the panel clears the finished uploads", async () => {
    await uploads.closeButton.click();
    await expect(uploads.panel).toBeHidden();
  });
});

test("a folder picked with Upload folder is recreated below the current folder", async ({
  signedIn: _,
  drivePage,
  uploads,
  files,
}) => {
  files.write("Album/cover.png", 64 * 1024);
  files.write("Album/Disc 1/01.flac", 2 * MiB);
  await drivePage.goto();
  await drivePage.createFolder("Music");
  await drivePage.openFolder("Music");
  await uploads.uploadFolder(join(files.root, "Album"));
  await uploads.expectDone("01.flac");
  await uploads.expectDone("cover.png");
  await expect.poll(() => drivePage.names()).toEqual(["Album"]);
  await drivePage.openFolder("Album");
  await expect.poll(() => drivePage.names()).toEqual(["Disc 1", "cover.png"]);
});

test("uploading an edited 64 MiB file again makes a new version and sends at most 3 chunks", async ({
  page,
  signedIn: _,
  drivePage,
  uploads,
  files,
}) => {
  test.setTimeout(180_000);
  const original = randomBytes(64 * MiB);
  const first = files.write("v1/video.raw", original);
  const puts = recordPuts(page);
  await drivePage.goto();

  await uploads.uploadFiles(first);
  await uploads.expectDone("video.raw", 120_000);
  expect(puts.sent.length).toBeGreaterThan(40);
  await expect(drivePage.row("video.raw")).toBeVisible();

  // Edit it "outside": insert bytes in the middle, keep the name.
  const middle = 32 * MiB + 12_345;
  const edited = Buffer.concat([
    original.subarray(0, middle),
    Buffer.from("inserted by an editor"),
    original.subarray(middle),
  ]);
  const second = files.write("v2/video.raw", edited);
  puts.sent.length = 0;
  await uploads.closeButton.click();

  await uploads.uploadFiles(second);
  await uploads.expectDone("video.raw", 120_000);
  await expect(uploads.item("video.raw")).toContainText("Uploaded as version 2");
  // The panel says most bytes were skipped: over 60 MB of the 64.
  const skipped = (await uploads.skipped("video.raw").textContent()) ?? "";
  const [, amount] = /^([\d.]+) MB skipped \(already on the server\)$/.exec(skipped) ?? [];
  expect(Number(amount), skipped).toBeGreaterThan(60);
  expect(puts.sent.length, "chunk PUTs for the second upload").toBeGreaterThanOrEqual(1);
  expect(puts.sent.length, "chunk PUTs for the second upload").toBeLessThanOrEqual(3);

  const file = await fileAt(page, "/video.raw");
  expect(file.versions.nodes.map((v) => v.number)).toEqual([2, 1]);
  expect((await download(page, "/video.raw")).equals(edited)).toBe(true);
});

test("a reload in the middle of a 64 MiB upload resumes it without sending stored chunks again", async ({
  page,
  signedIn: _,
  drivePage,
  uploads,
  files,
}) => {
  test.setTimeout(180_000);
  const bytes = randomBytes(64 * MiB);
  const path = files.write("big/archive.tar", bytes);
  const puts = recordPuts(page);
  await drivePage.goto();

  // Slow the uplink so the reload lands mid-upload.
  const cdp = await page.context().newCDPSession(page);
  await throttleUploads(cdp, 6 * MiB);
  await uploads.uploadFiles(path);
  await expect.poll(() => puts.stored.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(8);
  const storedBefore = new Set(puts.stored);
  const sentBefore = puts.sent.length;
  expect(storedBefore.size).toBeLessThan(50); // far from done

  await page.reload();
  await throttleUploads(cdp, undefined);
  await expect(uploads.item("archive.tar")).toBeVisible();
  await uploads.expectDone("archive.tar", 120_000);

  const sentAfter = puts.sent.slice(sentBefore);
  const resent = sentAfter.filter((hash) => storedBefore.has(hash));
  expect(resent, "chunks stored before the reload and sent again after it").toEqual([]);
  expect(sentAfter.length).toBeGreaterThan(0);
  await expect(uploads.skipped("archive.tar")).toContainText("skipped (already on the server)");
  expect((await download(page, "/archive.tar")).equals(bytes)).toBe(true);
  await expect.poll(() => drivePage.names()).toEqual(["archive.tar"]);
});

test("an upload can be cancelled, then retried from the panel", async ({
  page,
  signedIn: _,
  drivePage,
  uploads,
  files,
}) => {
  test.setTimeout(90_000);
  const path = files.write("c/slow.bin", 24 * MiB);
  await drivePage.goto();
  const cdp = await page.context().newCDPSession(page);
  // Slow enough that the upload is still sending when Cancel is clicked, even on a loaded machine.
  await throttleUploads(cdp, MiB / 2);
  await uploads.uploadFiles(path);
  await expect(uploads.item("slow.bin")).toHaveAttribute("data-phase", "sending", { timeout: 30_000 });
  await expect(uploads.item("slow.bin")).toContainText(/Uploading · \d+%/);
  await uploads.cancelButton("slow.bin").click();
  await expect(uploads.item("slow.bin")).toHaveAttribute("data-phase", "cancelled");
  await expect(uploads.item("slow.bin")).toContainText("Cancelled");

  // The panel, with its buttons, passes axe (no serious or critical violation).
  const axe = await new AxeBuilder({ page }).include('[data-testid="uploads-panel"]').analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  await throttleUploads(cdp, undefined);
  await uploads.retryButton("slow.bin").click();
  await uploads.expectDone("slow.bin");
  expect((await fileAt(page, "/slow.bin")).size).toBe(24 * MiB);
});
