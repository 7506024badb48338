/**
 * Live sync (issue 5): the drive pages render from the browser's local index (lib/sync), fed by
 * the change feed. Two browser contexts signed in as the same user see each other's changes
 * without reload; after the first sync, folder navigation makes no GraphQL request; a device that
 * was away catches up from its stored cursor only.
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { createRootFolders, graphqlRequest, randomBytes, rootId, uploadFile } from "./api";
import { expect, type TestUser, test } from "./fixtures";
import { DrivePage } from "./pages/drive-page";
import { TrashPage } from "./pages/trash-page";

const LIVE = { timeout: 1_000 };

/** A second browser context signed in (through the API) with the same credentials. */
async function secondDevice(browser: Browser, user: TestUser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const response = await context.request.post("/api/auth/sign-in/email", {
    data: { email: user.email, password: user.password },
    headers: { origin: baseURL },
  });
  expect(response.ok(), `sign-in through the API answered ${response.status()}`).toBe(true);
  return context;
}

/** Waits until the page's engine has caught up and its subscription is live. */
async function synced(drive: DrivePage) {
  await expect(drive.page.getByTestId("sync-indicator")).toHaveText("All changes saved");
}

/** Counts the change-feed entries a page receives: `changes` query answers and WS frames. */
function countFeedEntries(page: Page): { entries: number } {
  const counter = { entries: 0 };
  page.on("response", async (response) => {
    if (!response.url().endsWith("/api/graphql") || response.request().method() !== "POST") return;
    if (!(response.request().postData() ?? "").includes("SyncChanges")) return;
    const body = await response.json().catch(() => null);
    counter.entries += body?.data?.changes?.entries?.length ?? 0;
  });
  page.on("websocket", (ws) => {
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") return;
      const message = JSON.parse(payload);
      if (message.type === "next") counter.entries += message.payload?.data?.changes?.entries?.length ?? 0;
    });
  });
  return counter;
}

async function serverRootChildren(page: Page): Promise<{ id: string; name: string }[]> {
  const data = await graphqlRequest<{ root: { children: { nodes: { id: string; name: string }[] } } }>(
    page,
    "{ root { children(first: 500, orderBy: NAME_ASC) { nodes { id name } } } }",
  );
  return data.root.children.nodes;
}

async function listedRows(drive: DrivePage): Promise<{ id: string; name: string }[]> {
  return drive.listing.locator("tbody tr").evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute("data-id") ?? "",
      name: row.querySelector(".entry-name")?.textContent ?? "",
    })),
  );
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

test("changes made on one device appear on the other within a second, without reload", async ({
  browser,
  page,
  signedIn,
  drivePage,
  baseURL,
}) => {
  const other = await secondDevice(browser, signedIn, baseURL!);
  const otherPage = await other.newPage();
  const otherDrive = new DrivePage(otherPage);
  await drivePage.goto();
  await otherDrive.goto();
  await synced(drivePage);
  await synced(otherDrive);

  await drivePage.createFolder("Alpha");
  await expect(otherDrive.row("Alpha")).toBeVisible(LIVE);

  const file = await uploadFile(page, await rootId(page), "notes.txt", randomBytes(3000));
  await expect(otherDrive.row("notes.txt")).toBeVisible(LIVE);
  await expect(drivePage.row("notes.txt")).toBeVisible(LIVE);

  await drivePage.rename("notes.txt", "renamed.txt");
  await expect(otherDrive.row("renamed.txt")).toBeVisible(LIVE);
  await expect(otherDrive.row("notes.txt")).toHaveCount(0, LIVE);

  await drivePage.select("renamed.txt");
  await drivePage.moveSelectedTo(["Alpha"]);
  await expect(otherDrive.row("renamed.txt")).toHaveCount(0, LIVE);
  await otherDrive.openFolder("Alpha");
  await expect(otherDrive.row("renamed.txt")).toBeVisible(LIVE);
  await expect(otherDrive.row("renamed.txt")).toHaveAttribute("data-id", file.id);

  await drivePage.select("Alpha");
  await drivePage.selectionAction("Move to trash").click();
  await expect(drivePage.row("Alpha")).toHaveCount(0);
  // The other device was inside Alpha: it is gone there too.
  await expect(otherDrive.row("renamed.txt")).toHaveCount(0, LIVE);
  const otherTrash = new TrashPage(otherPage);
  await otherDrive.trashLink.click();
  await expect(otherTrash.row("Alpha")).toBeVisible(LIVE);

  await other.close();
});

test("after the first sync, navigating folders makes no GraphQL request", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  await drivePage.goto();
  const root = await rootId(page);
  const one = await graphqlRequest<{ createFolder: { node: { id: string } } }>(
    page,
    "mutation($input: CreateFolderInput!) { createFolder(input: $input) { node { id } } }",
    { input: { parentId: root, name: "One" } },
  );
  await graphqlRequest(
    page,
    "mutation($input: CreateFolderInput!) { createFolder(input: $input) { node { id } } }",
    {
      input: { parentId: one.createFolder.node.id, name: "Two" },
    },
  );
  await expect(drivePage.row("One")).toBeVisible();
  await synced(drivePage);

  const requests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/graphql") requests.push(request.postData() ?? "");
  });

  await drivePage.openFolder("One");
  await expect(drivePage.row("Two")).toBeVisible();
  await drivePage.openFolder("Two");
  await expect(drivePage.emptyState).toBeVisible();
  await drivePage.breadcrumbs.getByRole("link", { name: "One" }).click();
  await expect(drivePage.row("Two")).toBeVisible();
  await page.goBack();
  await expect(drivePage.emptyState).toBeVisible();
  await drivePage.breadcrumbs.getByRole("link", { name: "My files" }).click();
  await expect(drivePage.row("One")).toBeVisible();
  await drivePage.sortBy("Modified");
  await expect(drivePage.row("One")).toBeVisible();

  expect(requests, "GraphQL requests while navigating").toEqual([]);
});

test("a device away for a while catches up from its cursor only, to the server's tree", async ({
  browser,
  page,
  signedIn,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const other = await secondDevice(browser, signedIn, baseURL!);
  const firstVisit = await other.newPage();
  await new DrivePage(firstVisit).goto();
  await synced(new DrivePage(firstVisit));
  await firstVisit.close();

  // 50 changes while the second device is away: 30 folders created, 10 renamed, 10 trashed.
  const names = Array.from({ length: 30 }, (_, i) => `away-${String(i).padStart(2, "0")}`);
  await createRootFolders(page, names);
  const listed = await serverRootChildren(page);
  const created = names.map((name) => listed.find((n) => n.name === name)!);
  const renames = created
    .slice(0, 10)
    .map(
      (n, i) =>
        `r${i}: rename(input: { id: ${JSON.stringify(n.id)}, name: ${JSON.stringify(`${n.name}-renamed`)} }) { node { id } }`,
    );
  await graphqlRequest(page, `mutation { ${renames.join("\n")} }`);
  const trashes = created
    .slice(10, 20)
    .map((n, i) => `t${i}: trash(input: { id: ${JSON.stringify(n.id)} }) { node { id } }`);
  await graphqlRequest(page, `mutation { ${trashes.join("\n")} }`);

  const back = await other.newPage();
  const feed = countFeedEntries(back);
  const backDrive = new DrivePage(back);
  await backDrive.goto();
  await synced(backDrive);

  const server = await serverRootChildren(page);
  expect(server).toHaveLength(20);
  await expect.poll(async () => (await listedRows(backDrive)).sort(byId)).toEqual([...server].sort(byId));
  expect(feed.entries, "feed entries fetched on reopening").toBe(50);

  await other.close();
});
