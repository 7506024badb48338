/**
 * The GraphQL explorer: a browser that opens /api/graphql gets GraphiQL, from our own origin only,
 * running as the signed-in user (queries over HTTP, subscriptions over the WebSocket on the same
 * path); a signed-out visitor gets a way to sign in.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ExplorerPage } from "./pages/explorer-page";
import { waitForServiceWorker } from "./pages/offline";

/** Every URL the page asks for (documents, scripts, styles, fonts, workers, fetches, sockets). */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  page.on("websocket", (socket) => urls.push(socket.url()));
  page.on("worker", (worker) => urls.push(worker.url()));
  return urls;
}

/** The URLs that leave our origin: anything but our http(s)/ws(s) origin, data: and blob:. */
function foreign(urls: string[], baseURL: string): string[] {
  const { host } = new URL(baseURL);
  return urls.filter((url) => {
    if (url.startsWith("data:") || url.startsWith("blob:")) return false;
    const u = new URL(url);
    return !(["http:", "ws:"].includes(u.protocol) && u.host === host);
  });
}

test("a signed-in user runs a query in the explorer at /api/graphql, with every request on our origin", async ({
  page,
  signedIn,
  baseURL,
}) => {
  const explorer = new ExplorerPage(page);
  const requests = recordRequests(page);
  await explorer.goto();
  await expect(explorer.userEmail).toHaveText(signedIn.email);
  await expect(explorer.runButton).toBeVisible();
  await expect(page).toHaveURL(`${baseURL}/api/graphql`);

  await explorer.setQuery("{ me { email } }");
  await explorer.run();
  await expect.poll(() => explorer.responseText()).toContain(`"email":"${signedIn.email}"`);

  // A subscription runs over graphql-ws on the same host and path, with the session cookie.
  await explorer.setQuery("subscription { changes { cursor hasMore } }");
  await explorer.run();
  await expect.poll(() => explorer.responseText()).toContain('"hasMore":false');
  await page.getByRole("button", { name: /^Stop/ }).click();
  await expect(explorer.runButton).toBeVisible();

  // Monaco's language workers started, and came from our own bundle.
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  expect(requests.some((url) => url.startsWith(`${baseURL}/_next/static/`))).toBe(true);
  expect(requests).toContain(`${baseURL!.replace(/^http/, "ws")}/api/graphql`);
  expect(foreign(requests, baseURL!)).toEqual([]);
});

test("the explorer documents the schema", async ({ page, signedIn: _ }) => {
  const explorer = new ExplorerPage(page);
  await explorer.goto();
  await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByRole("link", { name: "Query", exact: true }).click();
  await expect(docs).toContainText("The user this request acts for");
});

test("the service worker does not precache GraphiQL, Monaco or its workers", async ({
  page,
  signedIn: _,
}) => {
  const explorer = new ExplorerPage(page);
  const requests = recordRequests(page);
  await explorer.goto();
  // Run something, so that GraphiQL has loaded everything, its language workers included.
  await explorer.setQuery("{ me { id } }");
  await explorer.run();
  await expect.poll(() => explorer.responseText()).toContain('"me":{"id"');
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  await waitForServiceWorker(page);
  const precached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.includes("precache")) continue;
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url.split("?")[0]!);
    }
    return urls;
  });
  expect(precached.length, "the app shell is precached").toBeGreaterThan(10);
  const scripts = requests.filter((url) => /\/_next\/static\/.*\.(js|css)$/.test(url));
  const notPrecached = scripts.filter((url) => !precached.includes(url));
  for (const worker of page.workers()) expect(precached).not.toContain(worker.url().split("#")[0]);
  // GraphiQL comes in many chunks (and its stylesheet); all of them load from the network.
  expect(notPrecached.length).toBeGreaterThan(5);
});

test("a signed-out visitor sees a sign-in link that brings them back to the explorer", async ({
  page,
  request,
  user,
  baseURL,
  signInPage,
}) => {
  // The account exists, but this browser is not signed in.
  const created = await request.post("/api/auth/sign-up/email", {
    data: user,
    headers: { origin: baseURL! },
  });
  expect(created.ok()).toBe(true);
  const explorer = new ExplorerPage(page);
  await explorer.goto();
  await expect(explorer.signInLink).toBeVisible();
  await expect(explorer.signInLink).toHaveAttribute("href", "/signin?next=%2Fapi%2Fgraphql");
  await expect(explorer.editor).toHaveCount(0);

  await explorer.signInLink.click();
  await signInPage.signIn(user);
  await expect(page).toHaveURL(`${baseURL}/api/graphql`);
  await expect(explorer.userEmail).toHaveText(user.email);
  await expect(explorer.runButton).toBeVisible();
});
