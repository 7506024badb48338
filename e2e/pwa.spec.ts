/**
 * The installable, offline-capable web app (issue 6, item 1): the manifest and icons make Chromium
 * report no installability errors; after one online visit, the service worker (app/sw.ts) serves
 * the app's code and pages, so the drive reloads, navigates between folders and shows the trash
 * with no network, rendering from the local index.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import { createFolder, graphqlRequest, rootId } from "./api";
import { CHROMIUM_ARGS, chromiumPath } from "./chromium";
import { expect, test, uniqueUser } from "./fixtures";

/** Waits until a service worker controls the page (installed, precached, activated, claimed). */
async function waitForServiceWorker(page: Page): Promise<string> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? "none"), { timeout: 15_000 })
    .toBe("activated");
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

/** Whether `fetch` reaches the server from the page, and from the service worker itself. */
async function reachesServer(page: Page, context: BrowserContext) {
  const probe = () =>
    fetch(`/api/health?probe=${Math.random()}`, { cache: "no-store" }).then(
      (response) => response.ok,
      () => false,
    );
  const worker = context.serviceWorkers()[0];
  return {
    page: await page.evaluate(probe),
    serviceWorker: worker ? await worker.evaluate(probe) : "no service worker",
  };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex"), "PNG signature").toBe("89504e470d0a1a0a");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("Chromium finds Cairn installable: a complete manifest, loadable icons, a service worker", async ({
  baseURL,
}) => {
  // Installability is only reported outside incognito, i.e. in a persistent context.
  const profile = mkdtempSync(join(tmpdir(), "cairn-pwa-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const user = uniqueUser("install");
    const signUp = await page.request.post("/api/auth/sign-up/email", {
      data: user,
      headers: { origin: baseURL! },
    });
    expect(signUp.ok(), `sign-up through the API answered ${signUp.status()}`).toBe(true);
    await page.goto("/drive");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My files");
    expect(await waitForServiceWorker(page)).toBe(new URL("/sw.js", baseURL).href);

    const cdp = await context.newCDPSession(page);
    const { url: manifestUrl, errors } = await cdp.send("Page.getAppManifest");
    expect(manifestUrl).toBe(new URL("/manifest.webmanifest", baseURL).href);
    expect(errors, "manifest parse errors").toEqual([]);
    await expect
      .poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors, {
        timeout: 15_000,
      })
      .toEqual([]);

    const response = await page.request.get("/manifest.webmanifest");
    expect(response.status()).toBe(200);
    const manifest = await response.json();
    expect(manifest).toMatchObject({
      name: "Cairn",
      short_name: "Cairn",
      start_url: "/drive",
      scope: "/",
      display: "standalone",
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    });
    expect(manifest.description).toBeTruthy();
    const icons: { src: string; sizes: string; type: string; purpose?: string }[] = manifest.icons;
    const kinds = icons.map((icon) => `${icon.sizes} ${icon.purpose ?? "any"}`).sort();
    expect(kinds).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
    for (const icon of icons) {
      const image = await page.request.get(icon.src);
      expect(image.status(), icon.src).toBe(200);
      expect(image.headers()["content-type"], icon.src).toBe("image/png");
      const [width, height] = icon.sizes.split("x").map(Number);
      expect(pngSize(await image.body()), icon.src).toEqual({ width, height });
    }

    // iOS reads neither the manifest nor its icons: the page links its own.
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    expect(appleIcon).toBeTruthy();
    const apple = await page.request.get(appleIcon!);
    expect(apple.headers()["content-type"]).toBe("image/png");
    expect(pngSize(await apple.body())).toEqual({ width: 180, height: 180 });
    await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.describe("offline", () => {
  // With the network gone, the page's API requests fail (ERR_INTERNET_DISCONNECTED), and so do
  // server payloads for links never followed online (ERR_FAILED: the service worker has no copy;
  // Next then loads the page itself, which the service worker answers with the shell). Which
  // requests failed is checked in the test: never the app's code or pages.
  test.use({
    expectedConsoleError:
      /net::ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|Failed to fetch RSC payload .* Falling back/,
  });

  test("after one online visit, the drive reloads, opens nested folders and the trash with no network", async ({
    page,
    context,
    signedIn: _signedIn,
    drivePage,
    trashPage,
  }) => {
    const root = await rootId(page);
    const projects = await createFolder(page, root, "Projects");
    const year = await createFolder(page, projects, "2026");
    const reports = await createFolder(page, year, "Reports");
    await createFolder(page, year, "Invoices");
    await createFolder(page, reports, "Q3");
    const drafts = await createFolder(page, root, "Old drafts");
    await graphqlRequest(page, "mutation($id: ID!) { trash(input: { id: $id }) { node { id } } }", {
      id: drafts,
    });

    // Online once: the service worker installs (precaching the app) and the index syncs.
    await drivePage.goto();
    await expect(drivePage.folderLink("Projects")).toBeVisible();
    await waitForServiceWorker(page);
    await expect(page.getByTestId("sync-indicator")).toHaveText("All changes saved");
    expect(await reachesServer(page, context)).toEqual({ page: true, serviceWorker: true });

    await context.setOffline(true);
    expect(await reachesServer(page, context)).toEqual({ page: false, serviceWorker: false });
    const failed: string[] = [];
    page.on("requestfailed", (request) => {
      const url = new URL(request.url());
      failed.push(`${url.pathname}${url.searchParams.has("_rsc") ? " (RSC)" : ""}`);
    });

    // Reload: the page and its code come from the service worker, the listing from the index.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker(), "the reload was answered by the service worker").toBe(true);
    await expect(drivePage.heading).toHaveText("My files");
    await expect.poll(() => drivePage.names()).toEqual(["Projects"]);
    await expect(page.getByTestId("sync-indicator")).toHaveText(/^Offline/);

    // Into the nested folders by clicking, as a user would.
    await drivePage.openFolder("Projects");
    await drivePage.openFolder("2026");
    await expect.poll(() => drivePage.names()).toEqual(["Invoices", "Reports"]);
    await expect.poll(() => drivePage.crumbs()).toEqual(["My files", "Projects", "2026"]);
    await drivePage.openFolder("Reports");
    await expect.poll(() => drivePage.names()).toEqual(["Q3"]);
    await expect(page).toHaveURL(/\/drive\/Projects\/2026\/Reports$/);

    // The trash, from the side navigation.
    await drivePage.trashLink.click();
    await expect(trashPage.heading).toBeVisible();
    await expect.poll(() => trashPage.names()).toEqual(["Old drafts"]);

    // A page load of a folder URL this browser never loaded as a page: the drive's shell.
    const opened = await page.goto("/drive/Projects/2026/Reports/Q3");
    expect(opened?.fromServiceWorker(), "the page was answered by the service worker").toBe(true);
    await expect(drivePage.heading).toHaveText("Q3");
    await expect(drivePage.emptyState).toBeVisible();
    await expect.poll(() => drivePage.crumbs()).toEqual(["My files", "Projects", "2026", "Reports", "Q3"]);
    // ...and back up by clicking a breadcrumb.
    await drivePage.breadcrumbs.getByRole("link", { name: "2026" }).click();
    await expect(drivePage.heading).toHaveText("2026");
    await expect.poll(() => drivePage.names()).toEqual(["Invoices", "Reports"]);

    // Still no network all along; what failed was data and server payloads, never code or pages.
    expect(await reachesServer(page, context)).toEqual({ page: false, serviceWorker: false });
    expect(failed.filter((request) => !request.startsWith("/api/") && !request.endsWith(" (RSC)"))).toEqual(
      [],
    );
    await context.setOffline(false);
    await expect(page.getByTestId("sync-indicator")).toHaveText("All changes saved");
  });

  test("the service worker never answers API requests, online or offline", async ({
    page,
    context,
    signedIn: _signedIn,
    drivePage,
  }) => {
    await drivePage.goto();
    await waitForServiceWorker(page);
    const graphql = await page.evaluate(() =>
      fetch("/api/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { email } }" }),
      }).then((response) => response.ok),
    );
    expect(graphql).toBe(true);
    // Nothing of /api/* is in any of the service worker's caches.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys())
          urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached.length, "the app shell is precached").toBeGreaterThan(10);
    expect(cached).toContain("/drive");
    expect(cached.filter((path) => path.startsWith("/api/"))).toEqual([]);

    // Offline, an API request fails like any network request instead of getting a stale answer.
    await page.evaluate(() => fetch("/api/health").then((r) => r.ok));
    await context.setOffline(true);
    const offline = await page.evaluate(() =>
      fetch("/api/health").then(
        () => "answered",
        () => "failed",
      ),
    );
    expect(offline).toBe("failed");
    await context.setOffline(false);
  });
});

test("a cairn-outbox Background Sync event asks every open page to push its outbox", async ({
  page,
  context,
  signedIn: _signedIn,
  drivePage,
  baseURL,
}) => {
  await drivePage.goto();
  await waitForServiceWorker(page);
  const origin = new URL(baseURL!).origin;
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  await page.evaluate(() => {
    const w = window as unknown as { wakeups: string[] };
    w.wakeups = [];
    navigator.serviceWorker.addEventListener("message", (event) => w.wakeups.push(event.data?.type));
  });
  const wakeups = () => page.evaluate(() => (window as unknown as { wakeups: string[] }).wakeups);

  const id = await registrationId;
  const sync = (tag: string) =>
    cdp.send("ServiceWorker.dispatchSyncEvent", { origin, registrationId: id, tag, lastChance: false });
  await sync("some-other-tag");
  await sync("cairn-outbox");
  await expect.poll(wakeups).toEqual(["cairn:push-outbox"]);
});
