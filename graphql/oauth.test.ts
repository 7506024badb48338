/**
 * Integration: OAuth 2.0 for partner apps (docs/oauth.md), driven by a standard client library
 * (oauth4webapi), not our own code: discovery, authorization code + PKCE through the consent
 * step, scopes enforced by lib/drive's access checks, refresh, revocation by the app (RFC 7009)
 * and by the person (their grant), and refusals for a wrong redirect URI or PKCE verifier.
 * On PGlite and PostgreSQL.
 */
import { createHash } from "node:crypto";
import { createClient } from "graphql-ws";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { newTestUser, outcome, type TestUser } from "@/lib/testing/users";

const REDIRECT = "http://127.0.0.1:9876/callback";
const insecure = { [oauth.allowInsecureRequests]: true } as const;

const REGISTER = `mutation($i: RegisterAppInput!) {
  registerApp(input: $i) { secret app { id appKey } }
}`;

interface Tokens {
  access_token: string;
  refresh_token?: string;
  scope?: string;
  expires_in?: number;
}

describe.each(TEST_DATABASES)("OAuth for partner apps on $name", (database) => {
  let server: TestServer;
  let owner: TestUser;
  let as: oauth.AuthorizationServer;
  let app: { id: string; appKey: string };
  let client: oauth.Client;

  beforeAll(async () => {
    server = await bootTestServer(database);
    owner = await newTestUser(server);
    const r = await owner.session.must(REGISTER, {
      i: { name: "Partner Notes", origins: [], redirectUris: [REDIRECT] },
    });
    app = r.registerApp.app;
    client = { client_id: app.appKey };
    const issuer = new URL(`${server.url}/api/auth`);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** The browser's part: the signed-in person opens the authorization URL and consents. */
  async function authorize(
    person: TestClient,
    opts: { scope: string; redirectUri?: string; accept?: boolean },
  ): Promise<{ callback: URL; verifier: string; state: string }> {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", client.client_id);
    url.searchParams.set("redirect_uri", opts.redirectUri ?? REDIRECT);
    url.searchParams.set("scope", opts.scope);
    url.searchParams.set("state", state);
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
    // A browser navigating here gets a 302; Node's fetch() says `Sec-Fetch-Mode: cors`, so the
    // plugin answers it as a script: `{redirect: true, url}`. Both lead to the same place.
    const first = await person.fetch(url.pathname + url.search, { redirect: "manual" });
    const location =
      first.headers.get("location") ?? ((await first.json().catch(() => ({}))) as { url?: string }).url;
    if (!location) throw new Error(`authorize answered ${first.status}`);
    const next = new URL(location, server.url);
    if (next.origin !== server.url || next.pathname !== "/oauth/consent")
      return { callback: next, verifier, state };
    const consent = await person.fetch("/api/auth/oauth2/consent", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accept: opts.accept ?? true, oauth_query: next.search.slice(1) }),
    });
    const body = (await consent.json()) as { url?: string; redirect_uri?: string };
    const target = body.url ?? body.redirect_uri;
    if (!target) throw new Error(`consent answered ${consent.status}: ${JSON.stringify(body)}`);
    return { callback: new URL(target), verifier, state };
  }

  async function tokensFor(scope: string, person: TestUser = owner): Promise<Tokens> {
    const { callback, verifier, state } = await authorize(person.session, { scope });
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT,
      verifier,
      insecure,
    );
    return (await oauth.processAuthorizationCodeResponse(as, client, res)) as Tokens;
  }

  /** The HTTP status GraphQL answers a bearer token with for `{ me }` (200 or 401). */
  async function statusOf(token: string): Promise<number> {
    const r = await withToken(token).gql("{ me { id } }");
    return r.errors?.length ? (r.errors[0]!.extensions?.code === "UNAUTHENTICATED" ? 401 : 500) : 200;
  }

  const withToken = (token: string) => {
    const c = new TestClient(server.url);
    c.token = token;
    return c;
  };

  test("the authorization server is discoverable at the site root (RFC 8414)", () => {
    expect(as.issuer).toBe(`${server.url}/api/auth`);
    expect(as.code_challenge_methods_supported).toContain("S256");
    expect(as.revocation_endpoint).toBe(`${server.url}/api/auth/oauth2/revoke`);
    expect(as.token_endpoint).toBe(`${server.url}/api/auth/oauth2/token`);
    expect(as.scopes_supported).toEqual(expect.arrayContaining(["files.read", "files.write", "sharing"]));
  });

  test("code + PKCE gives an expiring access token that reads the person's files", async () => {
    const tokens = await tokensFor("files.read");
    expect(tokens.access_token).toMatch(/^cairn_oat_/);
    expect(tokens.expires_in).toBeGreaterThan(0);
    expect(tokens.expires_in).toBeLessThanOrEqual(3600);
    const api = withToken(tokens.access_token);
    const { me, root } = await api.must("{ me { email } root { id } }");
    expect(me.email).toBe(owner.email);
    expect(root.id).toBe(owner.rootId);
  });

  test("a files.read token cannot change anything, and says which permission it lacks", async () => {
    const api = withToken((await tokensFor("files.read")).access_token);
    const r = await api.gql(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "nope"}) { node { id } } }`,
      {
        p: owner.rootId,
      },
    );
    expect(outcome(r)).toBe("FORBIDDEN");
    expect(r.errors?.[0]?.extensions?.scope).toBe("files.write");
    const listed = await owner.http.must(
      `query($id: ID!) { node(id: $id) { ... on Folder { children { nodes { name } } } } }`,
      {
        id: owner.rootId,
      },
    );
    expect(listed.node.children.nodes.map((n: { name: string }) => n.name)).not.toContain("nope");
  });

  test("a files.write token changes files; sharing and account settings need more than that", async () => {
    const api = withToken((await tokensFor("files.read files.write")).access_token);
    const made = await api.must(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "From an app"}) { node { id } } }`,
      {
        p: owner.rootId,
      },
    );
    const folderId = made.createFolder.node.id;
    const link = await api.gql(`mutation($n: ID!) { createLink(input: {nodeId: $n}) { url } }`, {
      n: folderId,
    });
    expect(outcome(link)).toBe("FORBIDDEN");
    expect(link.errors?.[0]?.extensions?.scope).toBe("sharing");
    for (const q of [
      "{ accessTokens { id } }",
      "{ apps { id } }",
      "{ grantedApps { id } }",
      `mutation { createAccessToken(input: {name: "x"}) { token } }`,
      `mutation { registerApp(input: {name: "x", origins: ["https://x.example"]}) { secret } }`,
    ]) {
      expect(outcome(await api.gql(q)), q).toBe("FORBIDDEN");
    }

    const sharer = withToken((await tokensFor("files.write sharing")).access_token);
    const shared = await sharer.must(`mutation($n: ID!) { createLink(input: {nodeId: $n}) { url } }`, {
      n: folderId,
    });
    expect(shared.createLink.url).toContain("/s/");
  });

  test("a files.read token uploads nothing: prepareUpload, block PUT and block POST are refused", async () => {
    const token = (await tokensFor("files.read")).access_token;
    const api = withToken(token);
    const hash = "a".repeat(64);
    const r = await api.gql(
      `mutation($c: [ChunkInput!]!) { prepareUpload(input: {chunks: $c}) { missing } }`,
      {
        c: [{ hash, size: 1 }],
      },
    );
    expect(outcome(r)).toBe("FORBIDDEN");
    const put = await fetch(`${server.url}/api/blocks/${hash}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: new Uint8Array([1]),
    });
    expect(put.status).toBe(403);
    expect(((await put.json()) as { error: { scope: string } }).error.scope).toBe("files.write");
    const batch = await fetch(`${server.url}/api/blocks`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/vnd.cairn.blocks",
        "x-cairn-blocks": `${createHash("sha256")
          .update(new Uint8Array([1]))
          .digest("hex")}:1`,
      },
      body: new Uint8Array([1]),
    });
    expect(batch.status).toBe(403);
    expect(((await batch.json()) as { error: { scope: string } }).error.scope).toBe("files.write");
  });

  test("a token with only sharing reads nothing", async () => {
    const api = withToken((await tokensFor("sharing")).access_token);
    expect(outcome(await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: owner.rootId }))).toBe(
      "NOT_FOUND",
    );
    const changes = await api.must("{ changes { entries { seq } } }");
    expect(changes.changes.entries).toEqual([]);
  });

  test("refresh gives a new access token; the used refresh token is spent", async () => {
    const first = await tokensFor("files.read offline_access");
    expect(first.refresh_token).toMatch(/^cairn_ort_/);
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      first.refresh_token!,
      insecure,
    );
    const second = (await oauth.processRefreshTokenResponse(as, client, res)) as Tokens;
    expect(second.access_token).not.toBe(first.access_token);
    expect(await statusOf(second.access_token)).toBe(200);
    expect(second.refresh_token).toBeDefined();
    const again = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      first.refresh_token!,
      insecure,
    );
    await expect(oauth.processRefreshTokenResponse(as, client, again)).rejects.toThrow();
  });

  test("a wrong redirect URI gets no code, and is never redirected to", async () => {
    const evil = "http://127.0.0.1:9876/elsewhere";
    const { callback } = await authorize(owner.session, { scope: "files.read", redirectUri: evil }).catch(
      (error: Error) => ({
        callback: new URL(`http://refused.invalid/?error=${encodeURIComponent(error.message)}`),
      }),
    );
    expect(callback.href.startsWith(evil)).toBe(false);
    expect(callback.searchParams.get("code")).toBeNull();
  });

  test("a wrong PKCE verifier is refused at the token endpoint", async () => {
    const { callback, state } = await authorize(owner.session, { scope: "files.read" });
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT,
      oauth.generateRandomCodeVerifier(),
      insecure,
    );
    // The plugin answers `invalid_request` ("code verification failed"); RFC 7636 §4.6 would say
    // invalid_grant. Either way: refused, and the code is spent.
    await expect(oauth.processAuthorizationCodeResponse(as, client, res)).rejects.toMatchObject({
      error_description: expect.stringMatching(/code verification failed/),
    });
  });

  test("declining on the consent screen sends the app access_denied and no code", async () => {
    // Someone who never allowed the app (the owner's earlier consent would skip the screen).
    const person = await newTestUser(server);
    const { callback, state } = await authorize(person.session, { scope: "files.read", accept: false });
    expect(callback.href.startsWith(REDIRECT)).toBe(true);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("code")).toBeNull();
    expect(callback.searchParams.get("state")).toBe(state);
  });

  test("the app can revoke its own token (RFC 7009)", async () => {
    const tokens = await tokensFor("files.read");
    expect(await statusOf(tokens.access_token)).toBe(200);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, oauth.None(), tokens.access_token, insecure),
    );
    expect(await statusOf(tokens.access_token)).toBe(401);
  });

  test("withdrawing the grant rejects the app's tokens at once, refresh included, and closes its open sockets", async () => {
    const person = await newTestUser(server);
    const tokens = await tokensFor("files.read offline_access", person);
    expect(await statusOf(tokens.access_token)).toBe(200);
    // The app's live change feed, on a socket authenticated with the access token.
    let closedWith: number | undefined;
    const received: unknown[] = [];
    const ws = createClient({
      url: `${server.url.replace(/^http/, "ws")}/api/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokens.access_token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { closed: (event) => (closedWith = (event as { code: number }).code) },
    });
    const connected = new Promise<void>((resolve) => ws.on("connected", () => resolve()));
    ws.subscribe(
      { query: "subscription { changes { cursor } }" },
      { next: (r) => received.push(r), error: () => {}, complete: () => {} },
    );
    await connected;
    while (received.length === 0) await new Promise((r) => setTimeout(r, 20));
    const { grantedApps } = await person.session.must("{ grantedApps { id appName appKey scopes offline } }");
    expect(grantedApps).toEqual([
      expect.objectContaining({
        appName: "Partner Notes",
        appKey: app.appKey,
        scopes: ["files.read"],
        offline: true,
      }),
    ]);
    await person.session.must(`mutation($i: RevokeAppGrantInput!) { revokeAppGrant(input: $i) { id } }`, {
      i: { id: grantedApps[0].id },
    });
    expect(await statusOf(tokens.access_token)).toBe(401);
    // Closed right away, not at the sockets' next periodic check (30 s on this server).
    for (let i = 0; i < 100 && closedWith === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    expect(closedWith).toBe(4401);
    await ws.dispose();
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      tokens.refresh_token!,
      insecure,
    );
    await expect(oauth.processRefreshTokenResponse(as, client, res)).rejects.toThrow();
    expect((await person.session.must("{ grantedApps { id } }")).grantedApps).toEqual([]);
  });

  test("a confidential app authenticates with its secret; a wrong secret is refused", async () => {
    const r = await owner.session.must(REGISTER, {
      i: { name: "Server App", origins: [], redirectUris: [REDIRECT], confidential: true },
    });
    const secret: string = r.registerApp.secret;
    const confidential: oauth.Client = { client_id: r.registerApp.app.appKey };
    const saved = client;
    client = confidential;
    try {
      for (const [auth, ok] of [
        [oauth.ClientSecretBasic("cairn_secret_wrong"), false],
        [oauth.ClientSecretBasic(secret), true],
      ] as const) {
        const { callback, verifier, state } = await authorize(owner.session, { scope: "files.read" });
        const params = oauth.validateAuthResponse(as, confidential, callback, state);
        const res = await oauth.authorizationCodeGrantRequest(
          as,
          confidential,
          auth,
          params,
          REDIRECT,
          verifier,
          insecure,
        );
        const done = oauth.processAuthorizationCodeResponse(as, confidential, res);
        if (ok) expect(((await done) as Tokens).access_token).toMatch(/^cairn_oat_/);
        else await expect(done).rejects.toMatchObject({ status: 401 });
      }
    } finally {
      client = saved;
    }
  });

  test("revoking the app stops its tokens and its authorization endpoint", async () => {
    const r = await owner.session.must(REGISTER, {
      i: { name: "Short-lived", origins: [], redirectUris: [REDIRECT] },
    });
    const saved = client;
    client = { client_id: r.registerApp.app.appKey };
    try {
      const tokens = await tokensFor("files.read");
      expect(await statusOf(tokens.access_token)).toBe(200);
      await owner.session.must(`mutation($i: RevokeAppInput!) { revokeApp(input: $i) { revokedAt } }`, {
        i: { id: r.registerApp.app.id },
      });
      expect(await statusOf(tokens.access_token)).toBe(401);
      await expect(tokensFor("files.read")).rejects.toThrow();
    } finally {
      client = saved;
    }
  });

  test("a partner's own page may call the token endpoint and GraphQL cross-origin, never with cookies", async () => {
    const partnerOrigin = "https://notes.partner.example";
    const { callback, verifier, state } = await authorize(owner.session, { scope: "files.read" });
    const params = oauth.validateAuthResponse(as, client, callback, state);
    // A public client in a browser: its Origin goes with the code exchange.
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT,
      verifier,
      {
        ...insecure,
        headers: new Headers({ origin: partnerOrigin }),
      },
    );
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const tokens = (await oauth.processAuthorizationCodeResponse(as, client, res)) as Tokens;

    const preflight = await fetch(`${server.url}/api/graphql`, {
      method: "OPTIONS",
      headers: {
        origin: partnerOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const call = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: {
        origin: partnerOrigin,
        authorization: `Bearer ${tokens.access_token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ query: "{ me { email } }" }),
    });
    expect(call.headers.get("access-control-allow-origin")).toBe("*");
    expect(((await call.json()) as { data: { me: { email: string } } }).data.me.email).toBe(owner.email);
    // The person's cookie from another site's page: refused for writes, as before.
    const cookieWrite = await owner.session.fetch("/api/graphql", {
      method: "POST",
      headers: { origin: partnerOrigin, "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "csrf"}) { node { id } } }`,
        variables: { p: owner.rootId },
      }),
    });
    expect(cookieWrite.status).toBe(403);
  });

  test("the plugin's own client, resource and registration endpoints are closed: apps are managed in Cairn", async () => {
    const attempts: [string, unknown][] = [
      ["/api/auth/oauth2/create-client", { redirect_uris: [REDIRECT] }],
      ["/api/auth/oauth2/register", { redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" }],
      ["/api/auth/admin/oauth2/create-client", { redirect_uris: [REDIRECT] }],
      ["/api/auth/admin/oauth2/resources", { identifier: "https://x.example/api", name: "x" }],
      [
        "/api/auth/oauth2/update-client",
        { client_id: app.appKey, update: { redirect_uris: ["https://evil.example/cb"] } },
      ],
      ["/api/auth/token", {}],
    ];
    for (const [path, body] of attempts) {
      const res = await owner.session.fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    const clients = await owner.session.fetch(`/api/auth/oauth2/get-clients`);
    expect(clients.status).toBeGreaterThanOrEqual(400);
  });
});
