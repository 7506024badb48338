/**
 * Integration: partner apps (docs/partner-apps.md) — registration, the picker's origin check, and
 * the Chooser's links: direct links are signed, short-lived, CORS-readable by the app's origins
 * only, and act for the user who chose the file (their access is checked again on each fetch).
 * On PGlite and PostgreSQL.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { xorshift32Bytes } from "@/lib/chunking/golden";
import { signDirectLink } from "@/lib/drive";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { newTestUser, outcome, type TestUser } from "@/lib/testing/users";

const PARTNER = "https://mail.partner.example";
const SECRET = "test-secret-test-secret-test-secret"; // what bootTestServer configures

const REGISTER = `mutation($i: RegisterAppInput!) {
  registerApp(input: $i) { secret app { id name appKey confidential origins redirectUris revokedAt } }
}`;
const CHOOSE = `mutation($i: ChooseItemsInput!) {
  chooseItems(input: $i) { id name bytes mimeType isDir link expires icon }
}`;

describe.each(TEST_DATABASES)("partner apps on $name", (database) => {
  let server: TestServer;
  let dir: string;
  /** Signed in with a cookie: apps are managed from a session. */
  let session: TestClient;
  let owner: TestUser;
  let stranger: TestUser;
  let app: { id: string; appKey: string };
  let fileId: string;
  let bytes: Buffer;

  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-apps-"));
    owner = await newTestUser(server);
    session = owner.session;
    stranger = await newTestUser(server);
    const r = await session.must(REGISTER, {
      i: { name: "Partner Mail", origins: [PARTNER], redirectUris: ["https://mail.partner.example/cb"] },
    });
    app = r.registerApp.app;
    bytes = Buffer.from(xorshift32Bytes(300_000, 7));
    const src = path.join(dir, "report.pdf");
    await writeFile(src, bytes);
    fileId = (await owner.client.uploadFile(src, { parentId: owner.rootId, name: "report.pdf" })).file.id;
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("registering checks its input, changes nothing when refused, and shows the secret once", async () => {
    const before = (await session.must("{ apps { id } }")).apps.length;
    for (const bad of [
      { name: "", origins: [PARTNER] },
      { name: "x", origins: ["https://a.example/path"] },
      { name: "x", origins: ["ftp://a.example"] },
      { name: "x", origins: ["not a url"] },
      { name: "x", origins: [] },
      { name: "x", origins: [PARTNER], redirectUris: ["http://evil.example/cb"] },
      { name: "x", origins: [PARTNER], redirectUris: ["https://a.example/cb#frag"] },
    ]) {
      const r = await session.gql(REGISTER, { i: bad });
      expect(outcome(r), JSON.stringify(bad)).toBe("BAD_INPUT");
    }
    expect((await session.must("{ apps { id } }")).apps.length).toBe(before);

    const confidential = await session.must(REGISTER, {
      i: { name: "Server app", origins: [], redirectUris: ["http://127.0.0.1:9999/cb"], confidential: true },
    });
    expect(confidential.registerApp.secret).toMatch(/^cairn_secret_/);
    expect(confidential.registerApp.app.confidential).toBe(true);
    const listed = (await session.must("{ apps { id appKey confidential } }")).apps;
    expect(listed.map((a: { id: string }) => a.id)).toContain(confidential.registerApp.app.id);
    expect(JSON.stringify(listed)).not.toContain(confidential.registerApp.secret);
  });

  test("only a signed-in session manages apps, and only its own", async () => {
    // A personal access token (a script) cannot register or list apps.
    expect(outcome(await owner.http.gql(REGISTER, { i: { name: "x", origins: [PARTNER] } }))).toBe(
      "FORBIDDEN",
    );
    const other = new TestClient(server.url);
    await other.signUp();
    const r = await other.gql(`mutation($id: ID!) { revokeApp(input: {id: $id}) { id } }`, { id: app.id });
    expect(outcome(r)).toBe("NOT_FOUND");
    expect((await other.must("{ apps { id } }")).apps).toEqual([]);
    const renamed = await session.must(
      `mutation($id: ID!) { updateApp(input: {id: $id, name: "Partner Mail 2"}) { name origins } }`,
      { id: app.id },
    );
    expect(renamed.updateApp).toEqual({ name: "Partner Mail 2", origins: [PARTNER] });
  });

  test("the picker opens only for a registered origin", async () => {
    const anon = new TestClient(server.url);
    const ok = await anon.must(
      `query($k: String!, $o: String!) { pickerApp(appKey: $k, origin: $o) { name } }`,
      {
        k: app.appKey,
        o: PARTNER,
      },
    );
    expect(ok.pickerApp.name).toMatch(/^Partner Mail/);
    for (const [k, o] of [
      [app.appKey, "https://evil.example"],
      [app.appKey, `${PARTNER}:8443`],
      ["cairn_app_unknown", PARTNER],
      [app.appKey, "null"],
    ]) {
      const r = await anon.gql(
        `query($k: String!, $o: String!) { pickerApp(appKey: $k, origin: $o) { name } }`,
        {
          k,
          o,
        },
      );
      expect(outcome(r)).toBe("FORBIDDEN");
      expect((r.errors![0] as { extensions?: { reason?: string } }).extensions?.reason).toBe("origin");
    }
  });

  async function chooseDirect(client: TestClient, ids: string[] = [fileId], origin = PARTNER) {
    return client.gql(CHOOSE, { i: { appKey: app.appKey, origin, nodeIds: ids, linkType: "DIRECT" } });
  }

  test("a direct link gives the bytes without cookies, CORS only for the app's origins", async () => {
    const r = await chooseDirect(owner.http);
    expect(outcome(r)).toBe("ok");
    const [item] = (r.data as { chooseItems: any[] }).chooseItems;
    expect(item).toMatchObject({ id: fileId, name: "report.pdf", bytes: bytes.length, isDir: false });
    expect(item.mimeType).toBe("application/pdf");
    expect(Date.parse(item.expires)).toBeGreaterThan(Date.now() + 3 * 3600_000);
    expect(item.link.startsWith(`${server.url}/api/files/${fileId}/content?`)).toBe(true);

    const res = await fetch(item.link, { headers: { origin: PARTNER } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const ranged = await fetch(item.link, { headers: { origin: PARTNER, range: "bytes=10-19" } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);

    const elsewhere = await fetch(item.link, { headers: { origin: "https://evil.example" } });
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
    await elsewhere.body?.cancel();

    const preflight = await fetch(item.link, {
      method: "OPTIONS",
      headers: { origin: PARTNER, "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(PARTNER);
  });

  test("a forged, altered or expired direct link opens nothing", async () => {
    const [item] = ((await chooseDirect(owner.http)).data as { chooseItems: any[] }).chooseItems;
    const url = new URL(item.link);
    const sig = url.searchParams.get("sig")!;
    const tampered = new URL(url);
    tampered.searchParams.set("sig", `${sig.slice(0, -2)}${sig.endsWith("A") ? "BB" : "AA"}`);
    expect((await fetch(tampered)).status).toBe(404);
    // The same signature on another file (the stranger's) is worthless.
    const src = path.join(dir, "theirs.txt");
    await writeFile(src, "private");
    const theirs = (await stranger.client.uploadFile(src, { parentId: stranger.rootId, name: "theirs.txt" }))
      .file.id;
    expect((await fetch(`${server.url}/api/files/${theirs}/content${url.search}`)).status).toBe(404);
    // Asking for an old version through a direct link is refused.
    const versioned = new URL(url);
    versioned.searchParams.set("version", "1");
    expect((await fetch(versioned)).status).toBe(404);

    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = `${server.url}/api/files/${fileId}/content?${signDirectLink(SECRET, {
      fileId,
      userId: owner.userId,
      appId: app.id,
      expiresAt: past,
    })}`;
    const res = await fetch(expired, { headers: { origin: PARTNER } });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBe(PARTNER);
    expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN", reason: "expired" } });
    // Signed with another key: nothing.
    const forged = `${server.url}/api/files/${fileId}/content?${signDirectLink("another-secret", {
      fileId,
      userId: owner.userId,
      appId: app.id,
      expiresAt: past + 3600,
    })}`;
    expect((await fetch(forged)).status).toBe(404);
  });

  test("choosing checks access and the origin; nothing is handed out for others' files", async () => {
    expect(outcome(await chooseDirect(stranger.http))).toBe("NOT_FOUND");
    expect(outcome(await chooseDirect(owner.http, [fileId], "https://evil.example"))).toBe("FORBIDDEN");
    expect(outcome(await chooseDirect(owner.http, []))).toBe("BAD_INPUT");
    const anon = new TestClient(server.url);
    expect(outcome(await chooseDirect(anon))).toBe("UNAUTHENTICATED");
  });

  test("a preview link is a read-only public link; folders link to their page", async () => {
    const { createFolder } = await owner.http.must(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "Pics"}) { node { id } } }`,
      { p: owner.rootId },
    );
    const r = await owner.http.must(CHOOSE, {
      i: {
        appKey: app.appKey,
        origin: PARTNER,
        nodeIds: [fileId, createFolder.node.id],
        linkType: "PREVIEW",
      },
    });
    const [file, folder] = r.chooseItems;
    expect(file.expires).toBeNull();
    const token = new URL(file.link).pathname.split("/").pop();
    const opened = await new TestClient(server.url).must(
      `query($t: String!) { publicLink(token: $t) { node { id name } } }`,
      { t: token },
    );
    expect(opened.publicLink.node).toEqual({ id: fileId, name: "report.pdf" });
    expect(folder).toMatchObject({ isDir: true, bytes: 0, mimeType: null });

    const direct = await owner.http.must(CHOOSE, {
      i: { appKey: app.appKey, origin: PARTNER, nodeIds: [createFolder.node.id], linkType: "DIRECT" },
    });
    expect(direct.chooseItems[0].link).toBe(`${server.url}/drive/Pics`);
  });

  test("losing access, or revoking the app, ends its direct links at once", async () => {
    const [item] = ((await chooseDirect(owner.http)).data as { chooseItems: any[] }).chooseItems;
    expect((await fetch(item.link)).status).toBe(200);
    await owner.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { node { id } } }`, { id: fileId });
    expect((await fetch(item.link)).status).toBe(404);
    await owner.http.must(`mutation($id: ID!) { restore(input: {id: $id}) { node { id } } }`, { id: fileId });
    const again = await fetch(item.link);
    expect(again.status).toBe(200);
    await again.body?.cancel();

    const revoked = await session.must(`mutation($id: ID!) { revokeApp(input: {id: $id}) { revokedAt } }`, {
      id: app.id,
    });
    expect(revoked.revokeApp.revokedAt).not.toBeNull();
    expect((await fetch(item.link)).status).toBe(404);
    const r = await new TestClient(server.url).gql(
      `query($k: String!, $o: String!) { pickerApp(appKey: $k, origin: $o) { name } }`,
      { k: app.appKey, o: PARTNER },
    );
    expect(outcome(r)).toBe("FORBIDDEN");
  });
});
