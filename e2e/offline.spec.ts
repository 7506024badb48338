/**
 * Offline reading and writing (issue 6, items 2–4): files and folders made "available offline"
 * preview and download with no network; with no network the user creates, renames, trashes,
 * uploads and edits, and all of it survives closing the page; when the connection returns it is
 * replayed within 5 s, and an edit from a stale base becomes a conflicted copy the user is told of.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { browserDeviceName } from "../app/lib/device-name";
import { xorshift32Bytes } from "../lib/chunking";
import { createFolder, graphqlRequest, rootId, uploadFile } from "./api";
import { expect, signInElsewhere, test } from "./fixtures";
import { DrivePage } from "./pages/drive-page";
import type { FilePage } from "./pages/file-page";
import { OfflineControls, OfflineStoragePage, waitForServiceWorker } from "./pages/offline";
import { Uploads } from "./pages/uploads";

const KiB = 1024;
const MiB = 1024 * KiB;
const text = (s: string) => new TextEncoder().encode(s);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** Code-point order (not the locale's): the same everywhere. */
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

// Offline, the page's API requests fail (ERR_INTERNET_DISCONNECTED), and so do server payloads
// of links never followed online (Next then loads the page, which the service worker answers).
test.use({
  expectedConsoleError:
    /net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|Failed to fetch RSC payload .* Falling back/,
});

interface TreeEntry {
  path: string;
  kind: "file" | "folder";
  id: string;
  /** Files: SHA-256 of the content the server serves. */
  sha256?: string;
}

/** The whole live tree as the server has it (paths, kinds, content digests), and the trash. */
async function serverTree(page: Page): Promise<{ tree: TreeEntry[]; trash: string[] }> {
  const tree: TreeEntry[] = [];
  const walk = async (id: string, path: string) => {
    const data = await graphqlRequest(
      page,
      `query($id: ID!) { node(id: $id) { ... on Folder { children(first: 200) { nodes { __typename id name } } } } }`,
      { id },
    );
    for (const child of data.node.children.nodes as { __typename: string; id: string; name: string }[]) {
      const childPath = `${path}/${child.name}`;
      if (child.__typename === "Folder") {
        tree.push({ path: childPath, kind: "folder", id: child.id });
        await walk(child.id, childPath);
      } else {
        const response = await page.request.get(`/api/files/${child.id}/content`);
        expect(response.status(), `content of ${childPath}`).toBe(200);
        tree.push({ path: childPath, kind: "file", id: child.id, sha256: sha256(await response.body()) });
      }
    }
  };
  await walk(await rootId(page), "");
  const { trash } = await graphqlRequest(page, "{ trash(first: 100) { nodes { name } } }");
  return {
    tree: tree.sort(byPath),
    trash: (trash.nodes as { name: string }[]).map((n) => n.name).sort(),
  };
}

/** Clicks the file page's Download button; returns the SHA-256 of what the browser saved. */
async function downloadDigest(filePage: FilePage, name: string): Promise<string> {
  const downloading = filePage.page.waitForEvent("download");
  await filePage.downloadButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(name);
  return sha256(await readFile((await download.path())!));
}

test("offline session: pinned files preview, changes made offline survive a closed page and replay within 5 s", async ({
  page,
  context,
  browser,
  baseURL,
  signedIn,
  drivePage,
  filePage,
}) => {
  test.slow(); // a service worker install, two pages and a second device
  // Seeded bytes: the same chunks every run (data.bin spans several chunks, upload.bin two or more).
  const dataBytes = xorshift32Bytes(3 * MiB, 0x5eed_0601);
  const uploadBytes = xorshift32Bytes(1536 * KiB, 0x5eed_0602);
  const notesBefore = "first line\nsecond line\n";
  const notesAfter = "first line\nsecond line, edited offline\nthird line\n";

  const root = await rootId(page);
  const projects = await createFolder(page, root, "Projects");
  const year = await createFolder(page, projects, "2026");
  const notes = await uploadFile(page, year, "notes.txt", text(notesBefore));
  const data = await uploadFile(page, year, "data.bin", dataBytes);
  const readme = await uploadFile(page, root, "readme.txt", text("read me"));
  await uploadFile(page, root, "old.txt", text("old"));

  const offline = new OfflineControls(page);
  const storage = new OfflineStoragePage(page);

  await test.step("online: the service worker installs, the index syncs, Projects is made available offline", async () => {
    await drivePage.goto();
    await waitForServiceWorker(page);
    await drivePage.waitSynced();
    await offline.makeAvailable(drivePage.row("Projects"), "Projects");
    await expect(offline.makeAvailableButton("readme.txt")).toHaveCount(1); // not kept: still offered
    await storage.goto();
    await expect.poll(() => storage.names()).toEqual(["Projects"]);
    // Both files below the nested folder are downloaded and pinned.
    await expect(storage.row("Projects")).toContainText("2 files", { timeout: 15_000 });
    await expect(storage.pinnedBytes).toHaveText(/^3(\.0)? MB$/);
  });

  await context.setOffline(true);

  await test.step("offline: reload, into the nested folder, preview and download the pinned files", async () => {
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker(), "the reload was answered by the service worker").toBe(true);
    await expect(storage.heading).toHaveText("Offline storage");
    await expect.poll(() => storage.names()).toEqual(["Projects"]);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My files" }).click();
    await expect(drivePage.heading).toHaveText("My files");
    await expect(drivePage.syncIndicator).toHaveText("Offline");
    await drivePage.openFolder("Projects");
    await drivePage.openFolder("2026");
    await expect.poll(() => drivePage.names()).toEqual(["data.bin", "notes.txt"]);
    await expect(offline.badge(drivePage.row("notes.txt"))).toBeVisible();

    await drivePage.listing.getByRole("link", { name: "notes.txt", exact: true }).click();
    await expect(filePage.heading).toHaveText("notes.txt");
    await expect(filePage.code).toContainText("second line");
    await filePage.goto(data.id);
    await expect(filePage.heading).toHaveText("data.bin");
    expect(await downloadDigest(filePage, "data.bin")).toBe(sha256(dataBytes));
  });

  await test.step("offline: create a folder, upload a file, edit the text file, rename a file, trash another", async () => {
    await drivePage.goto(["Projects", "2026"]);
    await expect.poll(() => drivePage.names()).toEqual(["data.bin", "notes.txt"]);
    await drivePage.createFolder("Drafts");
    await new Uploads(page).filesInput.setInputFiles({
      name: "upload.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(uploadBytes),
    });
    await expect(
      drivePage.toast.filter({ hasText: "“upload.bin” will upload when you're back online" }),
    ).toBeVisible();
    await expect(drivePage.pendingBadge("upload.bin")).toBeVisible();

    await filePage.goto(notes.id, "edit");
    await expect(filePage.editor).toHaveValue(notesBefore);
    await filePage.editor.fill(notesAfter);
    await filePage.saveButton.click();
    await expect(filePage.toast.filter({ hasText: "saved on this device" })).toBeVisible();
    // The preview shows the edit, from this device.
    await expect(filePage.code).toContainText("edited offline");

    await drivePage.goto();
    await drivePage.rename("readme.txt", "README.md");
    await drivePage.trash("old.txt");
    await expect(drivePage.syncIndicator).toHaveText("5 changes waiting to sync");
  });

  const online =
    await test.step("the page closes; a new one, still offline, shows every pending change", async () => {
      await page.close();
      const again = await context.newPage();
      const drive = new DrivePage(again);
      await drive.goto();
      await expect(drive.heading).toHaveText("My files");
      await expect(drive.syncIndicator).toHaveText("5 changes waiting to sync");
      await expect.poll(() => drive.names()).toEqual(["Projects", "README.md"]);
      await expect(drive.pendingBadge("README.md")).toBeVisible();
      await drive.openFolder("Projects");
      await drive.openFolder("2026");
      await expect.poll(() => drive.names()).toEqual(["Drafts", "data.bin", "notes.txt", "upload.bin"]);
      for (const name of ["Drafts", "notes.txt", "upload.bin"])
        await expect(drive.pendingBadge(name)).toBeVisible();
      await expect(drive.pendingBadge("data.bin")).toHaveCount(0);
      return drive;
    });

  await test.step("online: everything replays within 5 s and another device sees exactly the expected tree", async () => {
    await context.setOffline(false);
    const start = Date.now();
    await expect(online.syncIndicator).toHaveText("All changes saved", { timeout: 5_000 });
    expect(Date.now() - start).toBeLessThan(5_000);
    await expect(online.listing.getByText("Pending", { exact: true })).toHaveCount(0);

    const other = await signInElsewhere(browser, signedIn, baseURL!);
    const otherPage = await other.newPage();
    await otherPage.goto("/api/health");
    const { tree, trash } = await serverTree(otherPage);
    expect(tree.map(({ path, kind, sha256 }) => ({ path, kind, sha256 }))).toEqual([
      { path: "/Projects", kind: "folder", sha256: undefined },
      { path: "/Projects/2026", kind: "folder", sha256: undefined },
      { path: "/Projects/2026/Drafts", kind: "folder", sha256: undefined },
      { path: "/Projects/2026/data.bin", kind: "file", sha256: sha256(dataBytes) },
      { path: "/Projects/2026/notes.txt", kind: "file", sha256: sha256(text(notesAfter)) },
      { path: "/Projects/2026/upload.bin", kind: "file", sha256: sha256(uploadBytes) },
      { path: "/README.md", kind: "file", sha256: sha256(text("read me")) },
    ]);
    expect(trash).toEqual(["old.txt"]);
    // Renamed and edited in place (same ids), each change applied once: notes.txt has exactly two versions.
    expect(tree.find((e) => e.path === "/README.md")?.id).toBe(readme.id);
    expect(tree.find((e) => e.path === "/Projects/2026/notes.txt")?.id).toBe(notes.id);
    const versions = await graphqlRequest(
      otherPage,
      "query($id: ID!) { node(id: $id) { ... on File { versions(first: 10) { nodes { number } } } } }",
      { id: notes.id },
    );
    expect(versions.node.versions.nodes.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    await other.close();
  });
});

test("an edit made offline of a file changed elsewhere meanwhile is kept as a conflicted copy, and the user is told", async ({
  page,
  context,
  browser,
  baseURL,
  signedIn,
  filePage,
}) => {
  const root = await rootId(page);
  const x = await uploadFile(page, root, "X.txt", text("original\n"));
  const offline = new OfflineControls(page);

  await filePage.goto(x.id);
  await expect(filePage.heading).toHaveText("X.txt");
  await waitForServiceWorker(page);
  await expect(offline.fileButton()).toHaveText("Make available offline");
  await offline.fileButton().click();
  await expect(filePage.toast.filter({ hasText: "“X.txt” is available offline" })).toBeVisible();
  await expect(offline.fileButton()).toHaveText("Remove offline copy");

  // A, offline, edits X.
  await context.setOffline(true);
  await filePage.goto(x.id, "edit");
  await expect(filePage.editor).toHaveValue("original\n");
  await filePage.editor.fill("A's edit\n");
  await filePage.saveButton.click();
  await expect(filePage.toast.filter({ hasText: "saved on this device" })).toBeVisible();

  // B, online, edits X meanwhile.
  const other = await signInElsewhere(browser, signedIn, baseURL!);
  const otherPage = await other.newPage();
  await otherPage.goto("/api/health");
  const b = await uploadFile(otherPage, root, "X.txt", text("B's edit\n"), {
    fileId: x.id,
    versionId: x.versionId,
  });
  expect(b.conflict).toBeNull();

  // A reconnects: its edit is replayed from a stale base.
  const device = browserDeviceName(await page.evaluate(() => navigator.userAgent));
  const days = [new Date().toISOString().slice(0, 10)];
  await context.setOffline(false);
  days.push(new Date(Date.now() + 60_000).toISOString().slice(0, 10)); // a test run across midnight (UTC)
  const notice = filePage.toast.filter({ hasText: "conflicted copy" });
  await expect(notice).toBeVisible({ timeout: 10_000 });
  const copyName = /saved as “(.+)”/.exec((await notice.textContent()) ?? "")?.[1];
  expect(copyName).toMatch(/^X \((.+)'s conflicted copy (\d{4}-\d{2}-\d{2})\)\.txt$/);
  const [, named, day] = /^X \((.+)'s conflicted copy (\d{4}-\d{2}-\d{2})\)\.txt$/.exec(copyName!)!;
  expect(named).toBe(device);
  expect(days).toContain(day);
  await expect(notice).toContainText("“X.txt” changed elsewhere meanwhile");

  const { tree } = await serverTree(otherPage);
  expect(tree.map(({ path, sha256 }) => ({ path, sha256 }))).toEqual(
    [
      { path: "/X.txt", sha256: sha256(text("B's edit\n")) },
      { path: `/${copyName}`, sha256: sha256(text("A's edit\n")) },
    ].sort(byPath),
  );
  expect(tree.find((e) => e.path === "/X.txt")?.id).toBe(x.id);
  await other.close();
});

test("a kept folder keeps files added to it later; Offline storage shows the room taken and removes the copy", async ({
  page,
  signedIn: _signedIn,
  drivePage,
}) => {
  const root = await rootId(page);
  const photos = await createFolder(page, root, "Photos");
  const first = xorshift32Bytes(600 * KiB, 0x5eed_0611);
  await uploadFile(page, photos, "a.raw", first);
  await uploadFile(page, root, "loose.txt", text("not kept"));
  const offline = new OfflineControls(page);
  const storage = new OfflineStoragePage(page);

  await drivePage.goto();
  await drivePage.waitSynced();
  await offline.makeAvailable(drivePage.row("Photos"), "Photos");
  await expect(offline.badge(drivePage.row("loose.txt"))).toHaveCount(0);
  await storage.goto();
  await expect(storage.row("Photos")).toContainText("1 file");
  await expect(storage.pinnedBytes).toHaveText("600 KB");

  // Another device adds a file deeper in the kept folder: it is fetched and kept too.
  const later = await createFolder(page, photos, "2026");
  await uploadFile(page, later, "b.raw", xorshift32Bytes(400 * KiB, 0x5eed_0612));
  await expect(storage.row("Photos")).toContainText("2 files", { timeout: 15_000 });
  await expect(storage.pinnedBytes).toHaveText("1,000 KB");

  await storage.remove("Photos");
  await expect(storage.emptyState).toBeVisible();
  await expect(storage.pinnedBytes).toHaveText("0 bytes");
  // What was kept stays in the cache of recently opened files (bounded, evictable), not pinned.
  await expect(storage.cachedBytes).toHaveText(/^1,000 KB of up to /);
  await drivePage.goto();
  await expect(offline.badge(drivePage.row("Photos"))).toHaveCount(0);
  await expect(offline.makeAvailableButton("Photos")).toHaveCount(1);
});
