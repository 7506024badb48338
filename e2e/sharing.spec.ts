/**
 * Sharing (issue 7, docs/sharing.md) in Chromium against the real server: two people in two
 * browser contexts share a folder (editor, then viewer, then removed), and a password link with an
 * expiry is opened by a visitor who is not signed in.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { xorshift32Bytes } from "../lib/chunking/golden";
import { createFolder, graphqlErrors, graphqlRequest, rootId, uploadFile } from "./api";
import { expect, type TestUser, test, uniqueUser } from "./fixtures";
import { DrivePage } from "./pages/drive-page";
import { LinkPage } from "./pages/link-page";
import { ShareDialog } from "./pages/share-dialog";
import { SharedPage } from "./pages/shared-page";
import { Uploads } from "./pages/uploads";

/** How long a change may take to reach the other browser: "within a few seconds". */
const LIVE = { timeout: 5_000 };

/** A second person: signs up through the API in a new browser context (with its own cookies). */
async function secondPerson(browser: Browser, user: TestUser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const response = await context.request.post("/api/auth/sign-up/email", {
    data: user,
    headers: { origin: baseURL },
  });
  expect(response.ok(), `sign-up through the API answered ${response.status()}`).toBe(true);
  return context;
}

/** Uncaught errors of a page that is not the fixture's own (which the fixture already watches). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function synced(drive: DrivePage) {
  await expect(drive.page.getByTestId("sync-indicator")).toHaveText("All changes saved");
}

/** Marks the page's document; `stillSameDocument` is false after any reload or full navigation. */
async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}

function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** "YYYY-MM-DD" of the local date `days` from today (a date input's value). */
function localDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test("a folder shared as editor, downgraded to viewer, then removed: each step shows live for both people", async ({
  browser,
  page,
  signedIn: owner,
  drivePage,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await createFolder(page, await rootId(page), "Team plans");

  const member = uniqueUser("member");
  const memberContext = await secondPerson(browser, member, baseURL!);
  const memberPage = await memberContext.newPage();
  const memberErrors = watchErrors(memberPage);
  const memberDrive = new DrivePage(memberPage);
  const memberUploads = new Uploads(memberPage);
  await memberDrive.goto();
  await synced(memberDrive);
  await expect(memberDrive.emptyState).toBeVisible();
  await markDocument(memberPage);

  // The owner shares the folder with the member as an editor.
  await drivePage.goto();
  await synced(drivePage);
  await drivePage.openShareDialog("Team plans");
  const dialog = new ShareDialog(page);
  await expect(dialog.title).toHaveText("Share “Team plans”");
  await dialog.addPerson(member.email, "Editor");
  await expect(dialog.member(owner.email)).toContainText("Owner");
  await dialog.close();
  await expect(drivePage.sharedBadge("Team plans")).toHaveText("Shared");

  // The member sees it at the top of their drive (live) and under "Shared with me".
  await expect(memberDrive.row("Team plans")).toBeVisible(LIVE);
  await expect(memberDrive.sharedBadge("Team plans")).toHaveText("Shared · Editor");
  const shared = new SharedPage(memberPage);
  await shared.navLink.click();
  await expect(shared.heading).toBeVisible();
  await expect(shared.row("Team plans")).toContainText(owner.email);
  await expect(shared.role("Team plans")).toHaveText("Editor");
  await shared.open("Team plans");
  await expect(memberDrive.heading).toHaveText("Team plans");
  await expect(memberDrive.folderRole).toContainText("you can edit");

  // The member uploads into it; the owner, looking at the folder, sees the file arrive.
  await drivePage.openFolder("Team plans");
  await expect(drivePage.emptyState).toBeVisible();
  await markDocument(page);
  const dir = mkdtempSync(join(tmpdir(), "cairn-e2e-sharing-"));
  try {
    const file = join(dir, "from-member.txt");
    writeFileSync(file, "written by the member\n");
    await memberUploads.uploadFiles(file);
    await memberUploads.expectDone("from-member.txt");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await expect(drivePage.row("from-member.txt")).toBeVisible(LIVE);
  expect(await stillSameDocument(page), "the owner's page was not reloaded").toBe(true);

  // The owner makes the member a viewer: their edit actions go away, without a reload.
  await drivePage.breadcrumbs.getByRole("link", { name: "My files" }).click();
  await drivePage.openShareDialog("Team plans");
  await dialog.setRole(member.email, "Viewer");
  await dialog.close();
  await expect(memberDrive.folderRole).toContainText("you can view", LIVE);
  await expect(memberUploads.uploadButton).toHaveCount(0);
  await expect(memberUploads.uploadFolderButton).toHaveCount(0);
  await expect(memberDrive.newFolderButton).toHaveCount(0);
  await memberDrive.row("from-member.txt").hover();
  await expect(memberDrive.rowAction("from-member.txt", "Download")).toBeVisible();
  await expect(memberDrive.rowAction("from-member.txt", "Rename")).toHaveCount(0);
  await expect(memberDrive.rowAction("from-member.txt", "Move")).toHaveCount(0);
  await expect(memberDrive.rowAction("from-member.txt", "Get link to")).toHaveCount(0);
  await memberDrive.select("from-member.txt");
  await expect(memberDrive.selectionAction("Download")).toBeVisible();
  await expect(memberDrive.selectionAction("Rename")).toHaveCount(0);
  await expect(memberDrive.selectionAction("Move to trash")).toHaveCount(0);
  await memberPage.keyboard.press("F2");
  await expect(memberDrive.dialog).toHaveCount(0);
  expect(await stillSameDocument(memberPage), "the member's page was not reloaded").toBe(true);

  // The server refuses a rename by the viewer anyway (their own session, straight to the API).
  const fileId = await memberDrive.row("from-member.txt").getAttribute("data-id");
  expect(fileId).toBeTruthy();
  const refused = await graphqlErrors(
    memberPage,
    "mutation($input: RenameInput!) { rename(input: $input) { node { id name } } }",
    { input: { id: fileId, name: "renamed-by-viewer.txt" } },
  );
  expect(refused.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  const after = await graphqlRequest<{ node: { name: string } }>(
    page,
    "query($id: ID!) { node(id: $id) { name } }",
    {
      id: fileId,
    },
  );
  expect(after.node.name).toBe("from-member.txt");

  // The owner removes the member: the folder leaves the member's drive while they look at it.
  await memberDrive.breadcrumbs.getByRole("link", { name: "My files" }).click();
  await expect(memberDrive.row("Team plans")).toBeVisible();
  await expect(memberDrive.sharedBadge("Team plans")).toHaveText("Shared · Viewer");
  await drivePage.openShareDialog("Team plans");
  await dialog.remove(member.email);
  await dialog.close();
  await expect(memberDrive.row("Team plans")).toHaveCount(0, LIVE);
  await expect(memberDrive.emptyState).toBeVisible();
  expect(await stillSameDocument(memberPage), "the member's page was not reloaded").toBe(true);
  await shared.navLink.click();
  await expect(shared.emptyState).toBeVisible();

  expect(memberErrors, "errors in the member's page").toEqual([]);
  await memberContext.close();
});

test("a password link with an expiry, opened without signing in: a wrong password is refused, the right one previews and downloads the same bytes", async ({
  browser,
  page,
  signedIn: _,
  drivePage,
  baseURL,
}) => {
  test.setTimeout(60_000);
  // A text file past the smallest chunk size (256 KiB), streamed back from the block store.
  const lines = Array.from(
    { length: 12_000 },
    (_, i) => `line ${String(i + 1).padStart(5, "0")} of the report`,
  );
  const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
  await uploadFile(page, await rootId(page), "report.txt", bytes);
  const password = "correct horse battery";

  await drivePage.goto();
  await drivePage.openShareDialog("report.txt", "Get link to");
  const dialog = new ShareDialog(page);
  await expect(dialog.title).toHaveText("Get link to “report.txt”");
  await expect(dialog.emailInput).toHaveCount(0); // files get links, not people
  const url = await dialog.createLink({ password, expires: localDate(1) });
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{16,}$/);
  await expect(dialog.links.getByRole("listitem")).toHaveCount(1);
  await expect(dialog.links).toContainText("Password");
  await expect(dialog.links).toContainText("Expires");
  await dialog.close();

  // A fresh context: no cookies, nobody signed in.
  const visitor = await browser.newContext({ baseURL, acceptDownloads: true });
  const me = await visitor.request.post("/api/graphql", {
    data: { query: "{ me { id } }" },
    headers: { origin: baseURL! },
  });
  expect(
    ((await me.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code,
  ).toBe("UNAUTHENTICATED");
  const visitorPage = await visitor.newPage();
  const visitorErrors = watchErrors(visitorPage);
  const link = new LinkPage(visitorPage);
  await link.goto(url);
  await expect(link.heading).toHaveText("This link is protected");

  await link.submitPassword("not the password");
  await expect(link.error).toHaveText("Wrong password");
  await expect(link.code).toHaveCount(0);
  await expect(link.downloadButton).toHaveCount(0);

  await link.submitPassword(password);
  await expect(link.heading).toHaveText("report.txt");
  await expect(link.code).toContainText("line 00001 of the report");
  const [download] = await Promise.all([visitorPage.waitForEvent("download"), link.downloadButton.click()]);
  expect(download.suggestedFilename()).toBe("report.txt");
  const downloaded = readFileSync(await download.path());
  expect(downloaded.length).toBe(bytes.length);
  expect(sha256(downloaded)).toBe(sha256(bytes));

  expect(visitorErrors, "errors in the visitor's page").toEqual([]);
  await visitor.close();
});

test("a revoked link and an unknown one both say the link doesn't exist or has expired", async ({
  browser,
  page,
  signedIn: _,
  drivePage,
  baseURL,
}) => {
  const folder = await createFolder(page, await rootId(page), "Handout");
  await uploadFile(page, folder, "notes.txt", new TextEncoder().encode("hello from the handout\n"));
  await drivePage.goto();
  await drivePage.openShareDialog("Handout");
  const dialog = new ShareDialog(page);
  const url = await dialog.createLink();

  // Open (no password): the folder's listing, and a file's preview from it.
  const visitor = await browser.newContext({ baseURL });
  const visitorPage = await visitor.newPage();
  const link = new LinkPage(visitorPage);
  await link.goto(url);
  await expect(link.heading).toHaveText("Handout");
  await link.listing.getByRole("button", { name: "notes.txt" }).click();
  await expect(link.code).toContainText("hello from the handout");

  await dialog.links.getByRole("button", { name: /^Revoke link/ }).click();
  await expect(dialog.links).toHaveCount(0);
  await dialog.close();

  const fresh = await visitor.newPage();
  const revoked = new LinkPage(fresh);
  await revoked.goto(url);
  await expect(revoked.goneHeading).toBeVisible();
  await revoked.goto("/s/AAAAAAAAAAAAAAAAAAAAAA");
  await expect(revoked.goneHeading).toBeVisible();
  await visitor.close();
});

test("the side bar shows how much storage the user's files use", async ({ page, signedIn: _, drivePage }) => {
  await drivePage.goto();
  const meter = page.getByTestId("storage-meter");
  await expect(meter).toHaveText("0 bytes used");
  await uploadFile(page, await rootId(page), "big.bin", xorshift32Bytes(300_000, 51));
  // 300,000 bytes; a copy of the same content costs nothing more.
  await uploadFile(page, await rootId(page), "copy.bin", xorshift32Bytes(300_000, 51));
  await page.reload();
  await expect(meter).toHaveText("293 KB used");
});
