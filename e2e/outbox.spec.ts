/**
 * The outbox (issue 5 item 3, issue 6 "offline writing"): drive actions change the local index at
 * once and are queued with op ids; the sync engine sends them; a change the server refuses is
 * rolled back with a message; offline, changes wait (banner, pending badges, a count) and are
 * replayed when the connection returns. Only one tab of a browser sends.
 */
import type { Page, Request, WebSocketRoute } from "@playwright/test";
import { graphqlRequest, randomBytes, rootId, uploadFile } from "./api";
import { expect, signInElsewhere, test } from "./fixtures";
import { DrivePage } from "./pages/drive-page";

const text = (s: string) => new TextEncoder().encode(s);

/** Whether a request is the engine's mutation of this kind (lib/sync/wire.ts names them `Sync_<kind>`). */
const isMutation = (request: Request, kind: string) =>
  request.method() === "POST" &&
  new URL(request.url()).pathname === "/api/graphql" &&
  (request.postData() ?? "").includes(`Sync_${kind}`);

/**
 * Puts the page's change feed (the graphql-ws socket) on hold on demand: while held, pages of
 * changes from the server are kept back, so the local index does not learn of changes made
 * elsewhere. Must be called before the page opens the drive.
 */
async function holdableFeed(page: Page) {
  let holding = false;
  const held: { route: WebSocketRoute; message: string | Buffer }[] = [];
  await page.routeWebSocket(/\/api\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const isPage = typeof message === "string" && JSON.parse(message).type === "next";
      if (holding && isPage) held.push({ route: ws, message });
      else ws.send(message);
    });
  });
  return {
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const { route, message } of held.splice(0)) route.send(message);
    },
  };
}

/** Holds the engine's mutations of one kind until `release()`: what the page shows meanwhile is local. */
async function holdMutations(page: Page, kind: string) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { sent: 0, release };
  await page.route("**/api/graphql", async (route) => {
    if (isMutation(route.request(), kind)) {
      state.sent++;
      await released;
    }
    await route.fallback();
  });
  return state;
}

async function nodeName(page: Page, id: string): Promise<{ name: string; trashedAt: string | null }> {
  const data = await graphqlRequest<{ node: { name: string; trashedAt: string | null } }>(
    page,
    "query($id: ID!) { node(id: $id) { name trashedAt } }",
    { id },
  );
  return data.node;
}

/** The server's tree as "My files" and "Trash" name lists (with ids), from a page's API session. */
async function serverTree(page: Page) {
  const data = await graphqlRequest<{
    root: { children: { nodes: { id: string; name: string }[] } };
    trash: { nodes: { id: string; name: string }[] };
  }>(
    page,
    `{ root { children(first: 100, orderBy: NAME_ASC) { nodes { id name } } }
       trash(first: 100) { nodes { id name } } }`,
  );
  return { files: data.root.children.nodes, trash: data.trash.nodes };
}

test("a rename shows the new name at once, before the server answers, and survives the round trip", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const file = await uploadFile(page, await rootId(page), "draft.txt", text("draft"));
  await drivePage.goto();
  await drivePage.waitSynced();

  // Hold the rename request: whatever the listing shows meanwhile came from the local index.
  const request = await holdMutations(page, "rename");
  await drivePage.rename("draft.txt", "final.txt");
  await expect.poll(() => request.sent).toBe(1);
  await expect(drivePage.row("final.txt")).toHaveAttribute("data-id", file.id);
  await expect(drivePage.row("draft.txt")).toHaveCount(0);
  await expect(drivePage.pendingBadge("final.txt")).toBeVisible();
  await expect(drivePage.syncIndicator).toHaveText("Syncing 1 change…");
  expect((await nodeName(page, file.id)).name, "the server has not been told yet").toBe("draft.txt");

  request.release();
  await drivePage.waitSynced();
  await expect(drivePage.pendingBadge("final.txt")).toHaveCount(0);
  expect((await nodeName(page, file.id)).name).toBe("final.txt");
  expect(request.sent, "one request, sent once").toBe(1);

  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.reload();
  await expect(drivePage.row("final.txt")).toHaveAttribute("data-id", file.id);
  await expect(drivePage.row("draft.txt")).toHaveCount(0);
});

test("a rename the server refuses (the file was trashed elsewhere) is rolled back with a message", async ({
  page,
  signedIn: _,
  drivePage,
  trashPage,
}) => {
  const feed = await holdableFeed(page);
  const file = await uploadFile(page, await rootId(page), "plan.txt", text("plan"));
  await drivePage.goto();
  await drivePage.waitSynced();

  // Another device trashes the file; this page's index does not hear of it yet.
  feed.hold();
  await graphqlRequest(page, "mutation($id: ID!) { trash(input: { id: $id }) { node { id } } }", {
    id: file.id,
  });

  const request = await holdMutations(page, "rename");
  await drivePage.rename("plan.txt", "plan-v2.txt");
  await expect(drivePage.pendingBadge("plan-v2.txt")).toBeVisible();
  await expect.poll(() => request.sent).toBe(1);
  request.release();
  await expect(drivePage.alertToast).toContainText(
    "“plan.txt” could not be renamed to “plan-v2.txt”: it was deleted or moved to the trash elsewhere. Its name was not changed.",
  );
  // Rolled back: the old name is listed again (the trash has not reached this page yet).
  await expect(drivePage.row("plan.txt")).toHaveAttribute("data-id", file.id);
  await expect(drivePage.row("plan-v2.txt")).toHaveCount(0);
  await expect(drivePage.pendingBadge("plan.txt")).toHaveCount(0);
  await expect(drivePage.alertToast).not.toContainText(/Error|CONFLICT|at \w+ \(/);

  feed.release();
  await expect(drivePage.row("plan.txt")).toHaveCount(0);
  await trashPage.goto();
  await expect.poll(() => trashPage.names()).toEqual(["plan.txt"]);
  expect(await nodeName(page, file.id)).toMatchObject({ name: "plan.txt" });
});

test("a rename to a name a sibling took meanwhile goes through under a free name, and says so", async ({
  page,
  signedIn: _,
  drivePage,
}) => {
  const feed = await holdableFeed(page);
  const root = await rootId(page);
  const mine = await uploadFile(page, root, "a.txt", text("a"));
  await drivePage.goto();
  await drivePage.waitSynced();

  feed.hold();
  const theirs = await uploadFile(page, root, "b.txt", text("b"));
  const request = await holdMutations(page, "rename");
  await drivePage.rename("a.txt", "b.txt");
  await expect.poll(() => request.sent).toBe(1);
  request.release();
  await expect(drivePage.toast).toContainText(
    "The name “b.txt” was already taken; the item is now called “b (1).txt”.",
  );
  await expect(drivePage.row("b (1).txt")).toHaveAttribute("data-id", mine.id);
  await drivePage.waitSynced();
  feed.release();
  await expect.poll(() => drivePage.names()).toEqual(["b (1).txt", "b.txt"]);
  await expect(drivePage.row("b.txt")).toHaveAttribute("data-id", theirs.id);
  expect((await nodeName(page, mine.id)).name).toBe("b (1).txt");
});

test.describe("offline", () => {
  // Offline, requests that go through the service worker fail as ERR_FAILED (Next's prefetches of
  // links never followed online), besides the page's own ERR_INTERNET_DISCONNECTED.
  test.use({ expectedConsoleError: /net::ERR_FAILED|Failed to fetch RSC payload .* Falling back/ });

  test("offline: a folder created, a file renamed and one trashed wait with a banner and a count, then replay on reconnect", async ({
    browser,
    context,
    page,
    signedIn,
    drivePage,
    baseURL,
  }) => {
    const root = await rootId(page);
    await uploadFile(page, root, "keep.txt", text("keep"));
    const renamed = await uploadFile(page, root, "old-name.txt", randomBytes(3000, 7));
    const trashed = await uploadFile(page, root, "junk.txt", text("junk"));
    const other = await signInElsewhere(browser, signedIn, baseURL!);
    const otherPage = await other.newPage();
    const otherDrive = new DrivePage(otherPage);
    await otherDrive.goto();
    await drivePage.goto();
    await drivePage.waitSynced();
    await otherDrive.waitSynced();

    await context.setOffline(true);
    await expect(drivePage.offlineBanner).toBeVisible();
    await expect(drivePage.syncIndicator).toHaveText("Offline");

    await drivePage.createFolder("Made offline");
    await drivePage.rename("old-name.txt", "new-name.txt");
    await drivePage.trash("junk.txt");
    await expect(drivePage.syncIndicator).toHaveText("3 changes waiting to sync");
    await expect(drivePage.pendingBadge("Made offline")).toBeVisible();
    await expect(drivePage.pendingBadge("new-name.txt")).toBeVisible();
    await expect(drivePage.pendingBadge("keep.txt")).toHaveCount(0);
    expect(await drivePage.names()).toEqual(["Made offline", "keep.txt", "new-name.txt"]);
    // Nothing reached the server: the other device still sees the old tree.
    expect(await otherDrive.names()).toEqual(["junk.txt", "keep.txt", "old-name.txt"]);
    const before = await serverTree(otherPage);
    expect(before.files.map((n) => n.name)).toEqual(["junk.txt", "keep.txt", "old-name.txt"]);

    await context.setOffline(false);
    const online = Date.now();
    // Everything replayed within 5 s: the other device (live) shows exactly the expected tree.
    await expect
      .poll(() => otherDrive.names(), { timeout: 5_000 })
      .toEqual(["Made offline", "keep.txt", "new-name.txt"]);
    await expect(drivePage.syncIndicator).toHaveText("All changes saved", {
      timeout: 5_000 - (Date.now() - online),
    });
    await expect(drivePage.offlineBanner).toBeHidden();
    await expect(drivePage.listing.getByText("Pending", { exact: true })).toHaveCount(0);

    const after = await serverTree(otherPage);
    expect(after.files.map((n) => n.name)).toEqual(["Made offline", "keep.txt", "new-name.txt"]);
    expect(after.files.find((n) => n.name === "new-name.txt")?.id, "renamed, not re-created").toBe(
      renamed.id,
    );
    expect(after.trash).toEqual([{ id: trashed.id, name: "junk.txt" }]);
    const listedIds = await drivePage.listing
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")));
    expect(listedIds, "the folder kept the id proposed offline").toEqual(after.files.map((n) => n.id));
    await other.close();
  });
});

test("only one tab sends; a change made in the other tab is sent by the first, and its refusal is shown where it was made", async ({
  context,
  page,
  signedIn: _,
  drivePage,
}) => {
  const root = await rootId(page);
  const kept = await uploadFile(page, root, "kept.txt", text("kept"));
  const gone = await uploadFile(page, root, "gone.txt", text("gone"));
  await drivePage.goto();
  await drivePage.waitSynced();
  const second = await context.newPage();
  const secondDrive = new DrivePage(second);
  await secondDrive.goto();
  await secondDrive.waitSynced();

  const sentBy = { first: 0, second: 0 };
  page.on("request", (r) => isMutation(r, "rename") && sentBy.first++);
  second.on("request", (r) => isMutation(r, "rename") && sentBy.second++);

  // Made in the second tab: the first tab (holding the lock) sends it; both show the result.
  await secondDrive.rename("kept.txt", "kept-renamed.txt");
  await expect(drivePage.row("kept-renamed.txt")).toHaveAttribute("data-id", kept.id);
  await secondDrive.waitSynced();
  expect((await nodeName(page, kept.id)).name).toBe("kept-renamed.txt");

  // Offline, rename in the second tab; meanwhile the file is trashed elsewhere. Back online the
  // first tab's send is refused: the second tab, where the user acted, says so.
  await context.setOffline(true);
  await secondDrive.rename("gone.txt", "gone-renamed.txt");
  await expect(drivePage.row("gone-renamed.txt")).toBeVisible();
  const elsewhere = await context.browser()!.newContext({ baseURL: new URL(page.url()).origin });
  await elsewhere.addCookies(await context.cookies());
  const api = await elsewhere.newPage();
  await graphqlRequest(api, "mutation($id: ID!) { trash(input: { id: $id }) { node { id } } }", {
    id: gone.id,
  });
  await context.setOffline(false);
  await expect(secondDrive.alertToast).toContainText("“gone.txt” could not be renamed to “gone-renamed.txt”");
  await expect(secondDrive.row("gone-renamed.txt")).toHaveCount(0);
  await expect(drivePage.row("gone-renamed.txt")).toHaveCount(0);
  expect(sentBy).toEqual({ first: 2, second: 0 });
  await elsewhere.close();
});

test.describe("a lost answer", () => {
  // The answer to the first request is cut off on purpose: Chromium logs the reset.
  test.use({ expectedConsoleError: /net::ERR_CONNECTION_RESET|net::ERR_FAILED/ });

  test("a folder whose answer is lost after the server committed is sent again with the same op id, and exists once", async ({
    page,
    signedIn: _,
    drivePage,
  }) => {
    await drivePage.goto();
    await drivePage.waitSynced();
    const opIds: string[] = [];
    let cut = 0;
    await page.route("**/api/graphql", async (route) => {
      if (!isMutation(route.request(), "createFolder")) return route.fallback();
      opIds.push(JSON.parse(route.request().postData() ?? "{}").variables?.input?.opId);
      if (cut === 0) {
        cut++;
        await route.fetch(); // the server runs it and commits...
        return route.abort("connectionreset"); // ...and the answer never arrives
      }
      return route.fallback();
    });
    await drivePage.createFolder("Reports");
    await drivePage.waitSynced();
    expect(opIds.length, "sent again after the lost answer").toBeGreaterThanOrEqual(2);
    expect(new Set(opIds).size, "always with the same op id").toBe(1);
    const tree = await serverTree(page);
    expect(tree.files.map((f) => f.name)).toEqual(["Reports"]);
    await expect(drivePage.folderLink("Reports")).toHaveCount(1);
  });
});
