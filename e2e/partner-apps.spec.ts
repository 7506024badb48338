/**
 * Partner apps (docs/partner-apps.md): a partner page on another port embeds /embed/cairn.js,
 * and the Chooser and Saver popups work with it — and refuse a page whose origin is not
 * registered for the app key. Direct links are fetched cross-origin and expire
 * (CAIRN_DIRECT_LINK_TTL is short in playwright.config.ts).
 */
import { createHash } from "node:crypto";
import { createFolder, graphqlRequest, randomBytes, rootId, uploadFile } from "./api";
import { expect, test, uniqueUser } from "./fixtures";
import { PickerPage } from "./pages/picker-page";
import { SignInPage } from "./pages/sign-in-page";
import { type PartnerSite, startPartnerSite } from "./partner/server";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let partner: PartnerSite;
let stranger: PartnerSite;

test.beforeAll(async ({ baseURL }) => {
  partner = await startPartnerSite(baseURL!);
  stranger = await startPartnerSite(baseURL!);
});

test.afterAll(async () => {
  await partner?.close();
  await stranger?.close();
});

test("/embed/cairn.js is small, dependency-free and cacheable", async ({ request }) => {
  const res = await request.get("/embed/cairn.js");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/javascript/);
  expect(res.headers()["cache-control"]).toMatch(/public, max-age=3600/);
  expect(res.headers().etag).toBeTruthy();
  const body = await res.text();
  expect(body.length).toBeLessThan(8 * 1024);
  expect(body).not.toMatch(/\bimport\b|require\(/);
  const again = await request.get("/embed/cairn.js", { headers: { "if-none-match": res.headers().etag! } });
  expect(again.status()).toBe(304);
});

test("Cairn's pages, the picker included, refuse to be framed by another site", async ({ request }) => {
  for (const path of ["/picker?mode=choose&appKey=x&origin=https://a.example", "/drive", "/signin"]) {
    const res = await request.get(path);
    expect(res.headers()["x-frame-options"], path).toBe("SAMEORIGIN");
    expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'self'");
  }
});

async function registerApp(page: import("@playwright/test").Page, origins: string[]): Promise<string> {
  const { registerApp } = await graphqlRequest(
    page,
    `mutation($i: RegisterAppInput!) { registerApp(input: $i) { app { appKey } } }`,
    { i: { name: "Partner Mail", origins } },
  );
  return registerApp.app.appKey;
}

test.describe("direct links", () => {
  // The expired links' 403s show in the console: that is what the test checks.
  test.use({ expectedConsoleError: /status of 403 \(Forbidden\)/ });

  test("Chooser: sign in inside the popup, pick two files, fetch them cross-origin until the links expire", async ({
    browser,
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    // The user and their files are set up in another context: this one starts signed out.
    const user = uniqueUser("chooser");
    const setup = await browser.newContext({ baseURL });
    const api = await setup.newPage();
    const signUp = await api.request.post("/api/auth/sign-up/email", {
      data: user,
      headers: { origin: baseURL! },
    });
    expect(signUp.ok()).toBe(true);
    const appKey = await registerApp(api, [partner.origin]);
    const root = await rootId(api);
    const docs = await createFolder(api, root, "Docs");
    const a = randomBytes(300_000, 11);
    const b = randomBytes(1_500_000, 12);
    await uploadFile(api, root, "notes.txt", a);
    await uploadFile(api, docs, "report.pdf", b);
    await setup.close();

    await page.goto(`${partner.origin}/?appKey=${appKey}`);
    const [popup] = await Promise.all([
      page.waitForEvent("popup"),
      page.getByRole("button", { name: "Attach from Cairn" }).click(),
    ]);
    const signIn = new SignInPage(popup);
    await expect(signIn.heading).toBeVisible();
    await signIn.signIn(user);

    const picker = new PickerPage(popup);
    await expect(popup.getByRole("heading", { name: "Choose files for Partner Mail" })).toBeVisible();
    await picker.openFolder("Docs");
    await picker.pick("report.pdf");
    // Search finds by name anywhere in the drive; what was picked stays picked.
    await picker.search.fill("NOTES");
    await picker.pick("notes.txt");
    await expect(popup.getByText("2 selected")).toBeVisible();
    await Promise.all([popup.waitForEvent("close"), picker.chooseButton.click()]);

    await page.waitForFunction(() => Array.isArray((window as { chosen?: unknown }).chosen));
    const chosen = (await page.evaluate(() => (window as unknown as { chosen: unknown[] }).chosen)) as {
      name: string;
      bytes: number;
      isDir: boolean;
      link: string;
      expires: string;
      mimeType: string;
    }[];
    expect(chosen.map((f) => [f.name, f.bytes, f.isDir]).sort()).toEqual([
      ["notes.txt", a.length, false],
      ["report.pdf", b.length, false],
    ]);
    expect(chosen.find((f) => f.name === "report.pdf")!.mimeType).toBe("application/pdf");
    const expected = new Map([
      ["notes.txt", sha256(a)],
      ["report.pdf", sha256(b)],
    ]);
    for (const file of chosen) {
      const got = await page.evaluate((url) => (window as any).fetchHash(url), file.link);
      expect(got, file.name).toEqual({ status: 200, sha256: expected.get(file.name) });
    }

    // After the link expires, the same cross-origin fetch is refused (and the refusal is readable).
    const expires = Math.max(...chosen.map((f) => Date.parse(f.expires)));
    await page.waitForTimeout(Math.max(0, expires - Date.now()) + 1_000);
    for (const file of chosen) {
      const got = await page.evaluate((url) => (window as any).fetchHash(url), file.link);
      expect(got.status, file.name).toBe(403);
    }
  });
});

test("Chooser: a page whose origin is not registered is refused, and receives nothing", async ({
  page,
  signedIn: _signedIn,
}) => {
  await page.goto("/drive");
  const appKey = await registerApp(page, [partner.origin]);
  await page.goto(`${stranger.origin}/?appKey=${appKey}`);
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.getByRole("button", { name: "Attach from Cairn" }).click(),
  ]);
  const picker = new PickerPage(popup);
  await expect(picker.refusal).toContainText(`This site (${stranger.origin}) isn't allowed to use Cairn`);
  await expect(picker.chooseButton).toHaveCount(0);
  // Give a stray message time to arrive: none does.
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([]);
  await popup.close();
  await page.waitForFunction(() => (window as { cancelled?: boolean }).cancelled === true);
  expect(await page.evaluate(() => (window as { chosen?: unknown }).chosen)).toBeUndefined();
});

test("Saver: a 5 MiB blob from the partner lands in the chosen folder with identical bytes", async ({
  page,
  signedIn: _signedIn,
}) => {
  test.setTimeout(60_000);
  await page.goto("/drive");
  const appKey = await registerApp(page, [partner.origin]);
  const root = await rootId(page);
  const inbox = await createFolder(page, root, "Inbox");
  const size = 5 * 1024 * 1024;
  const seed = 4242;

  await page.goto(`${partner.origin}/?appKey=${appKey}&size=${size}&seed=${seed}&filename=minutes.bin`);
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    page.getByRole("button", { name: "Save to Cairn" }).click(),
  ]);
  const picker = new PickerPage(popup);
  await expect(popup.getByRole("heading", { name: "Save “minutes.bin” from Partner Mail" })).toBeVisible();
  await picker.openSaveFolder("Inbox");
  await Promise.all([popup.waitForEvent("close", { timeout: 45_000 }), picker.saveButton("Inbox").click()]);

  await page.waitForFunction(() => Array.isArray((window as { saved?: unknown }).saved));
  const saved = await page.evaluate(
    () => (window as unknown as { saved: { id: string; name: string; bytes: number }[] }).saved,
  );
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ name: "minutes.bin", bytes: size });

  const api = await page.context().newPage();
  await api.goto("/drive");
  const { node } = await graphqlRequest(
    api,
    `query($id: ID!) { node(id: $id) { ... on File { name size parent { id } } } }`,
    { id: saved[0]!.id },
  );
  expect(node).toMatchObject({ name: "minutes.bin", size, parent: { id: inbox } });
  const content = await api.request.get(`/api/files/${saved[0]!.id}/content`);
  expect(content.status()).toBe(200);
  expect(sha256(await content.body())).toBe(sha256(randomBytes(size, seed)));
});

test("Settings → Apps: register an app, see its key and secret once, edit and revoke it", async ({
  page,
  signedIn: _signedIn,
}) => {
  await page.goto("/drive");
  await page.getByRole("link", { name: "Apps" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeVisible();
  const form = page.getByRole("form", { name: "Register an app" });
  await form.getByLabel("App name").fill("Team Wiki");
  await form.getByLabel("Allowed origins (one per line)").fill("https://wiki.example.com/path");
  await form.getByRole("button", { name: "Register app" }).click();
  // A path is not an origin: the error says so and nothing is registered.
  await expect(form.getByRole("alert")).toContainText("is not an origin");
  await expect(page.getByText("You haven't registered any apps.")).toBeVisible();

  await form.getByLabel("Allowed origins (one per line)").fill("https://wiki.example.com");
  await form.getByLabel("OAuth redirect URIs (one per line, optional)").fill("https://wiki.example.com/cb");
  await form.getByLabel("Confidential client (a server that can keep a secret)").check();
  await form.getByRole("button", { name: "Register app" }).click();
  const status = page.getByRole("status").filter({ hasText: "is registered" });
  await expect(status).toContainText("Team Wiki is registered. App key: cairn_app_");
  await expect(status).toContainText("Client secret (shown this once, copy it now): cairn_secret_");
  const secret = (await status.locator("code").nth(1).textContent())!;

  const card = page
    .getByRole("list", { name: "Your apps" })
    .getByRole("listitem")
    .filter({ hasText: "Team Wiki" });
  await expect(card).toContainText("Origins: https://wiki.example.com");
  await expect(card).toContainText("Confidential");
  await expect(card).not.toContainText(secret);

  await card.getByRole("button", { name: "Edit" }).click();
  const edit = card.getByRole("form", { name: "Edit Team Wiki" });
  await edit
    .getByLabel("Allowed origins (one per line)")
    .fill("https://wiki.example.com\nhttps://docs.example.com");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(card).toContainText("Origins: https://wiki.example.com, https://docs.example.com");

  page.once("dialog", (dialog) => dialog.accept());
  await card.getByRole("button", { name: "Revoke" }).click();
  await expect(card).toContainText("Revoked");
  await expect(card.getByRole("button", { name: "Edit" })).toHaveCount(0);
});
