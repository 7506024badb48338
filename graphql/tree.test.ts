/**
 * Integration: the foundation's acceptance list, through GraphQL over HTTP against the real
 * server, on PGlite and (when DATABASE_URL is set) on PostgreSQL.
 */
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";

const NODE = "id name path rev trashedAt parent { id }";
const CREATE = `mutation($p: ID!, $n: String!, $op: String) { createFolder(input: {parentId: $p, name: $n, opId: $op}) { node { ${NODE} } cursor } }`;
const RENAME = `mutation($id: ID!, $n: String!, $op: String) { rename(input: {id: $id, name: $n, opId: $op}) { node { ${NODE} } cursor } }`;
const MOVE = `mutation($id: ID!, $p: ID!, $op: String) { move(input: {id: $id, parentId: $p, opId: $op}) { node { ${NODE} } cursor } }`;
const TRASH = `mutation($id: ID!, $op: String) { trash(input: {id: $id, opId: $op}) { node { ${NODE} } cursor } }`;
const RESTORE = `mutation($id: ID!, $op: String) { restore(input: {id: $id, opId: $op}) { node { ${NODE} } cursor } }`;
const DELETE = `mutation($id: ID!, $op: String) { deleteForever(input: {id: $id, opId: $op}) { node { id } cursor } }`;
const CHANGES = `query($c: Cursor, $f: Int) { changes(cursor: $c, first: $f) { entries { seq namespaceId op node { id name rev trashedAt parent { id } } } cursor hasMore } }`;
const CHILDREN = `query($id: ID!, $first: Int, $after: String, $o: ChildOrder) { node(id: $id) { ... on Folder { children(first: $first, after: $after, orderBy: $o) { nodes { id name } pageInfo { hasNextPage endCursor } } } } }`;

type Change = {
  seq: number;
  namespaceId: string;
  op: string;
  node: { id: string; name: string; rev: number };
};

async function newUser(server: TestServer): Promise<{ client: TestClient; rootId: string }> {
  const client = new TestClient(server.url);
  await client.signUp();
  const { root } = await client.must<{ root: { id: string } }>("{ root { id } }");
  return { client, rootId: root.id };
}

async function allChanges(client: TestClient, cursor: string | null = null, first = 1000) {
  const entries: Change[] = [];
  let c = cursor;
  for (;;) {
    const { changes } = await client.must<{
      changes: { entries: Change[]; cursor: string; hasMore: boolean };
    }>(CHANGES, { c, f: first });
    entries.push(...changes.entries);
    c = changes.cursor;
    if (!changes.hasMore) return { entries, cursor: c };
  }
}

describe.each(TEST_DATABASES)("drive over GraphQL on $name", (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootTestServer(database);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a user signs up, signs out and in again, and works on a tree with their session cookie", async () => {
    const client = new TestClient(server.url);
    const { email, password } = await client.signUp();
    expect((await client.signOut()).ok).toBe(true);
    expect((await client.gql("{ me { id } }")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const wrong = await client.signIn(email, "not the password");
    expect(wrong.status).toBe(401);
    expect((await client.signIn(email, password)).ok).toBe(true);
    const { me, root } = await client.must("{ me { email } root { id path } }");
    expect(me.email).toBe(email);
    expect(root.path).toBe("/");
    await exerciseTree(client, root.id);
  });

  test("signing out closes the session's open sockets at once (4401), not at their next periodic check", async () => {
    const client = new TestClient(server.url);
    await client.signUp();
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const origin = server.url;
    // A browser tab's socket: the session cookie, opened by our own origin.
    class BrowserSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { cookie, origin } });
      }
    }
    let closedWith: number | undefined;
    let pages = 0;
    const ws = createClient({
      url: `${server.url.replace(/^http/, "ws")}/api/graphql`,
      webSocketImpl: BrowserSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { closed: (event) => (closedWith = (event as { code: number }).code) },
    });
    ws.subscribe(
      { query: "subscription { changes { cursor } }" },
      { next: () => pages++, error: () => {}, complete: () => {} },
    );
    for (let i = 0; i < 200 && pages === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect([pages, closedWith]).toEqual([1, undefined]);
    expect((await client.signOut()).ok).toBe(true);
    for (let i = 0; i < 100 && closedWith === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    expect(closedWith).toBe(4401);
    await ws.dispose();
  });

  test("a personal access token works like the session, can be listed and revoked", async () => {
    const browser = new TestClient(server.url);
    await browser.signUp();
    const created = await browser.must(
      `mutation { createAccessToken(input: {name: "backup script"}) { token accessToken { id name prefix } } }`,
    );
    const { token, accessToken } = created.createAccessToken;
    expect(token).toMatch(/^cairn_pat_/);
    expect(token.startsWith(accessToken.prefix)).toBe(true);

    const script = new TestClient(server.url);
    script.token = token;
    const { root, me } = await script.must("{ root { id } me { email } }");
    expect(me.email).toBe((await browser.must("{ me { email } }")).me.email);
    await exerciseTree(script, root.id);
    // Tokens cannot mint tokens.
    const minted = await script.gql(`mutation { createAccessToken(input: {name: "x"}) { token } }`);
    expect(minted.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const { accessTokens } = await browser.must("{ accessTokens { id name lastUsedAt } }");
    expect(accessTokens).toHaveLength(1);
    expect(accessTokens[0].lastUsedAt).not.toBeNull();
    await browser.must(`mutation($id: ID!) { revokeAccessToken(input: {id: $id}) { id } }`, {
      id: accessToken.id,
    });
    expect((await script.gql("{ me { id } }")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    script.token = "cairn_pat_forged";
    expect((await script.gql("{ me { id } }")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  test("50 concurrent mutations on one namespace journal as seqs 1..N with no gap, each entry the state at that point", async () => {
    const { client, rootId } = await newUser(server);
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) => client.must(CREATE, { p: rootId, n: `folder ${i}` })),
    );
    const ids = created.map((r) => r.createFolder.node.id as string);
    await Promise.all(ids.map((id, i) => client.must(RENAME, { id, n: `renamed ${i}` })));

    const { entries } = await allChanges(client, null, 7);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(entries).toHaveLength(51); // the root's creation + 50 mutations
    // Replaying the journal reproduces each node's state, and ends at the server's state.
    const state = new Map<string, { name: string; rev: number }>();
    for (const e of entries) {
      const before = state.get(e.node.id);
      if (before) expect(e.node.rev).toBe(before.rev + 1);
      state.set(e.node.id, { name: e.node.name, rev: e.node.rev });
    }
    const { node } = await client.must(CHILDREN, { id: rootId, first: 100 });
    const live = node.children.nodes as { id: string; name: string }[];
    expect(live).toHaveLength(25);
    for (const n of live) expect(state.get(n.id)?.name).toBe(n.name);
  });

  test("a cursor from before a batch returns exactly the changes after it", async () => {
    const { client, rootId } = await newUser(server);
    await client.must(CREATE, { p: rootId, n: "before" });
    const { cursor, entries: early } = await allChanges(client);
    const batch: string[] = [];
    for (let i = 0; i < 5; i++)
      batch.push((await client.must(CREATE, { p: rootId, n: `after ${i}` })).createFolder.node.id);
    const { entries, cursor: later } = await allChanges(client, cursor);
    expect(entries.map((e) => e.node.id)).toEqual(batch);
    expect(entries.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7].map((s) => s + early.length - 2));
    expect((await allChanges(client, later)).entries).toEqual([]);
    // Every mutation's cursor includes its own change (read-your-writes).
    const made = await client.must(CREATE, { p: rootId, n: "mine" });
    expect((await allChanges(client, made.createFolder.cursor)).entries).toEqual([]);
    const rest = await allChanges(client, later);
    expect(rest.entries.map((e) => e.node.id)).toEqual([made.createFolder.node.id]);
  });

  test("a replayed opId returns the first result and creates nothing new", async () => {
    const { client, rootId } = await newUser(server);
    const first = await client.must(CREATE, { p: rootId, n: "Once", op: "op-create-1" });
    const again = await client.must(CREATE, { p: rootId, n: "Once", op: "op-create-1" });
    expect(again).toEqual(first);
    // Concurrent duplicates of one op, too.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => client.must(CREATE, { p: rootId, n: "Twice", op: "op-create-2" })),
    );
    for (const r of racing) expect(r).toEqual(racing[0]);
    const id = first.createFolder.node.id;
    const renamed = await client.must(RENAME, { id, n: "Renamed", op: "op-rename-1" });
    await client.must(RENAME, { id, n: "Other", op: "op-rename-2" });
    expect(await client.must(RENAME, { id, n: "Renamed", op: "op-rename-1" })).toEqual(renamed);
    const { node } = await client.must(CHILDREN, { id: rootId });
    expect(node.children.nodes.map((n: { name: string }) => n.name).sort()).toEqual(["Other", "Twice"]);
    const { entries } = await allChanges(client);
    expect(entries).toHaveLength(5); // root, Once, Twice, two renames
    // An opId is bound to its operation.
    const misuse = await client.gql(TRASH, { id, op: "op-rename-1" });
    expect(misuse.errors?.[0]?.extensions?.code).toBe("BAD_INPUT");
    expect(await client.must(`query($id: ID!) { node(id: $id) { trashedAt } }`, { id })).toEqual({
      node: { trashedAt: null },
    });
  });

  test("another user's node ids answer NOT_FOUND to every query and mutation; no credentials answers UNAUTHENTICATED", async () => {
    const alice = await newUser(server);
    const mallory = await newUser(server);
    const folder = (await alice.client.must(CREATE, { p: alice.rootId, n: "Private" })).createFolder.node.id;
    const child = (await alice.client.must(CREATE, { p: folder, n: "Child" })).createFolder.node.id;
    const trashed = (await alice.client.must(CREATE, { p: alice.rootId, n: "Old" })).createFolder.node.id;
    await alice.client.must(TRASH, { id: trashed });
    const attempts: [string, Record<string, unknown>][] = [
      [`query($id: ID!) { node(id: $id) { id } }`, { id: folder }],
      [CHILDREN, { id: folder }],
      [CREATE, { p: folder, n: "x" }],
      [RENAME, { id: child, n: "x" }],
      [MOVE, { id: child, p: mallory.rootId }],
      [
        MOVE,
        {
          id: (await mallory.client.must(CREATE, { p: mallory.rootId, n: "m" })).createFolder.node.id,
          p: folder,
        },
      ],
      [TRASH, { id: child }],
      [RESTORE, { id: trashed }],
      [DELETE, { id: trashed }],
    ];
    for (const [query, variables] of attempts) {
      const r = await mallory.client.gql(query, variables);
      expect(r.errors?.[0]?.extensions?.code, query).toBe("NOT_FOUND");
    }
    // Alice's namespace is not in Mallory's feed, even with a forged cursor naming it.
    const aliceNs = (await allChanges(alice.client)).entries[0]!.namespaceId;
    const forged = `c1.${Buffer.from(JSON.stringify({ [aliceNs]: 0 })).toString("base64url")}`;
    const leaked = await allChanges(mallory.client, forged);
    expect(leaked.entries.every((e) => e.namespaceId !== aliceNs)).toBe(true);
    // Nothing changed for Alice.
    const { node } = await alice.client.must(CHILDREN, { id: folder });
    expect(node.children.nodes.map((n: { name: string }) => n.name)).toEqual(["Child"]);

    const anonymous = new TestClient(server.url);
    for (const [query, variables] of [
      ...attempts,
      ["{ me { id } }", {}],
      ["{ root { id } }", {}],
      [CHANGES, {}],
    ] as const) {
      const r = await anonymous.gql(query, variables);
      expect(r.errors?.[0]?.extensions?.code, query).toBe("UNAUTHENTICATED");
    }
  });

  test("invalid names are refused with NAME_INVALID and change nothing", async () => {
    const { client, rootId } = await newUser(server);
    const { entries: before } = await allChanges(client);
    const bad: [string, string][] = [
      ["", "empty"],
      ["a/b", "slash"],
      ["nul\u0000here", "nul"],
      [".", "dots"],
      ["..", "dots"],
      ["é".repeat(128), "length"], // 256 bytes in UTF-8
      ["tab\there", "control"],
    ];
    for (const [name, rule] of bad) {
      const r = await client.gql(CREATE, { p: rootId, n: name });
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(name)).toBe("NAME_INVALID");
      expect(r.errors?.[0]?.extensions?.rule).toBe(rule);
    }
    expect((await client.gql(CREATE, { p: rootId, n: "é".repeat(127) })).errors).toBeUndefined(); // 254 bytes: fine
    // Unique per parent, after NFC and case folding.
    await client.must(CREATE, { p: rootId, n: "Café" });
    for (const clash of ["café", "CAFÉ", "Cafe\u0301"]) {
      expect((await client.gql(CREATE, { p: rootId, n: clash })).errors?.[0]?.extensions?.code).toBe(
        "NAME_TAKEN",
      );
    }
    const stored = await client.must(CREATE, { p: rootId, n: "Nai\u0308ve" });
    expect(stored.createFolder.node.name).toBe("Naïve"); // stored in NFC
    const { entries: after } = await allChanges(client);
    expect(after.length).toBe(before.length + 3);
  });

  test("moving a folder into its own subtree is refused and changes nothing", async () => {
    const { client, rootId } = await newUser(server);
    const a = (await client.must(CREATE, { p: rootId, n: "a" })).createFolder.node.id;
    const b = (await client.must(CREATE, { p: a, n: "b" })).createFolder.node.id;
    const c = (await client.must(CREATE, { p: b, n: "c" })).createFolder.node.id;
    const { cursor } = await allChanges(client);
    for (const target of [a, b, c]) {
      const r = await client.gql(MOVE, { id: a, p: target });
      expect(r.errors?.[0]?.extensions?.code).toBe("BAD_INPUT");
      expect(r.errors?.[0]?.extensions?.reason).toBe("cycle");
    }
    expect((await allChanges(client, cursor)).entries).toEqual([]);
    const { nodeByPath } = await client.must(`{ nodeByPath(path: "/a/b/c") { id } }`);
    expect(nodeByPath.id).toBe(c);
  });

  test("a 50-deep query and 1,000 aliases are refused with LIMIT_EXCEEDED before running", async () => {
    const { client } = await newUser(server);
    let deep = "id";
    for (let i = 0; i < 50; i++) deep = `parent { ${deep} }`;
    const r1 = await client.gql(`{ root { ${deep} } }`);
    expect(r1.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    expect(r1.data).toBeUndefined();
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: me { id }`).join(" ");
    const r2 = await client.gql(`{ ${aliases} }`);
    expect(r2.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    const creates = Array.from(
      { length: 1000 },
      (_, i) =>
        `c${i}: createFolder(input: {parentId: "00000000-0000-0000-0000-000000000000", name: "x${i}"}) { cursor }`,
    ).join(" ");
    const r3 = await client.gql(`mutation { ${creates} }`);
    expect(r3.errors?.[0]?.extensions?.code).toBe("LIMIT_EXCEEDED");
    expect((await allChanges(client)).entries).toHaveLength(1);
  });

  test("bad requests get a 4xx with a clear code, never a 500", async () => {
    const { client, rootId } = await newUser(server);
    const cases: [string, RequestInit][] = [
      ["not json", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" }],
      ["no query", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
      [
        "bad syntax",
        { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ me { "}' },
      ],
      [
        "unknown field",
        { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ nope }"}' },
      ],
      [
        "wrong variable type",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: CREATE, variables: { p: 5, n: ["x"] } }),
        },
      ],
      [
        "huge body",
        { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(17 << 20) },
      ],
      ["DELETE", { method: "DELETE" }],
    ];
    for (const [label, init] of cases) {
      const res = await client.fetch("/api/graphql", init as never);
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      expect(res.status, label).toBeLessThan(500);
      const body = await res.json();
      expect(body.errors?.[0]?.extensions?.code, label).toBeTruthy();
    }
    const garbage: [string, Record<string, unknown>][] = [
      [`query($id: ID!) { node(id: $id) { id } }`, { id: "not-a-uuid" }],
      [CHANGES, { c: "garbage" }],
      [CHANGES, { c: "c1.bm9wZQ" }],
      [CHILDREN, { id: rootId, after: "%%%" }],
      [CHILDREN, { id: rootId, first: -1 }],
      [`{ nodeByPath(path: "relative") { id } }`, {}],
    ];
    for (const [query, variables] of garbage) {
      const r = await client.gql(query, variables);
      expect(r.status).toBeLessThan(500);
      expect(["NOT_FOUND", "CURSOR_INVALID", "BAD_INPUT"]).toContain(r.errors?.[0]?.extensions?.code);
    }
  });

  test("cookie-authenticated writes from another origin are refused (CSRF)", async () => {
    const { client, rootId } = await newUser(server);
    const res = await client.fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ query: CREATE, variables: { p: rootId, n: "csrf" } }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).errors[0].extensions.code).toBe("FORBIDDEN");
    // A simple (form-like) request is refused by Apollo's CSRF prevention too.
    const simple = await client.fetch(`/api/graphql?query=${encodeURIComponent("{ me { id } }")}`, {
      method: "GET",
      headers: {},
    });
    expect(simple.status).toBe(400);
    const { node } = await client.must(CHILDREN, { id: rootId });
    expect(node.children.nodes).toEqual([]);
  });

  test("a client may propose the id of a folder it creates; an id in use or not a UUID is refused", async () => {
    const { client, rootId } = await newUser(server);
    const id = crypto.randomUUID();
    const q = `mutation($p: ID!, $n: String!, $id: ID) { createFolder(input: {parentId: $p, name: $n, id: $id}) { node { id } } }`;
    expect((await client.must(q, { p: rootId, n: "mine", id })).createFolder.node.id).toBe(id);
    expect((await client.gql(q, { p: rootId, n: "again", id })).errors?.[0]?.extensions?.code).toBe(
      "CONFLICT",
    );
    expect((await client.gql(q, { p: rootId, n: "bad", id: "nope" })).errors?.[0]?.extensions?.code).toBe(
      "BAD_INPUT",
    );
    const other = await newUser(server);
    expect((await other.client.gql(q, { p: other.rootId, n: "x", id })).errors?.[0]?.extensions?.code).toBe(
      "CONFLICT",
    );
    const { node } = await client.must(CHILDREN, { id: rootId });
    expect(node.children.nodes.map((n: { name: string }) => n.name)).toEqual(["mine"]);
  });

  test("children are listed folders first and paginate without gaps or repeats in every order", async () => {
    const { client, rootId } = await newUser(server);
    const names = ["delta", "Alpha", "charlie", "Bravo", "echo", "foxtrot", "golf"];
    for (const n of names) await client.must(CREATE, { p: rootId, n });
    for (const order of ["NAME_ASC", "NAME_DESC", "MODIFIED_ASC", "MODIFIED_DESC", "SIZE_ASC", "SIZE_DESC"]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { node }: { node: any } = await client.must(CHILDREN, {
          id: rootId,
          first: 3,
          after,
          o: order,
        });
        seen.push(...node.children.nodes.map((n: { name: string }) => n.name));
        if (!node.children.pageInfo.hasNextPage) break;
        after = node.children.pageInfo.endCursor;
      }
      expect([...seen].sort(), order).toEqual([...names].sort());
      if (order === "NAME_ASC")
        expect(seen).toEqual(["Alpha", "Bravo", "charlie", "delta", "echo", "foxtrot", "golf"]);
      if (order === "NAME_DESC")
        expect(seen).toEqual(["golf", "foxtrot", "echo", "delta", "charlie", "Bravo", "Alpha"]);
    }
  });
});

/** Nested folders, rename, move, trash, restore and delete forever, checking state at each step. */
async function exerciseTree(client: TestClient, rootId: string): Promise<void> {
  const docs = (await client.must(CREATE, { p: rootId, n: "Documents" })).createFolder.node;
  const work = (await client.must(CREATE, { p: docs.id, n: "Work" })).createFolder.node;
  const y2026 = (await client.must(CREATE, { p: work.id, n: "2026" })).createFolder.node;
  expect(y2026.path).toBe("/Documents/Work/2026");
  expect(y2026.parent.id).toBe(work.id);

  const renamed = (await client.must(RENAME, { id: work.id, n: "Job" })).rename.node;
  expect(renamed.rev).toBe(work.rev + 1);
  expect((await client.must(`query($id: ID!) { node(id: $id) { path } }`, { id: y2026.id })).node.path).toBe(
    "/Documents/Job/2026",
  );
  const archive = (await client.must(CREATE, { p: rootId, n: "Archive" })).createFolder.node;
  const moved = (await client.must(MOVE, { id: work.id, p: archive.id })).move.node;
  expect(moved.path).toBe("/Archive/Job");
  expect((await client.must(`{ nodeByPath(path: "/archive/job/2026") { id } }`)).nodeByPath.id).toBe(
    y2026.id,
  );

  const trashed = (await client.must(TRASH, { id: archive.id })).trash.node;
  expect(trashed.trashedAt).not.toBeNull();
  const { trash } = await client.must("{ trash { nodes { id name } } }");
  expect(trash.nodes).toEqual([{ id: archive.id, name: "Archive" }]);
  const gone = await client.gql(`{ nodeByPath(path: "/Archive/Job") { id } }`);
  expect(gone.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  // Nothing can be created inside a trashed folder.
  expect((await client.gql(CREATE, { p: y2026.id, n: "x" })).errors?.[0]?.extensions?.code).toBe("CONFLICT");

  const restored = (await client.must(RESTORE, { id: archive.id })).restore.node;
  expect(restored.trashedAt).toBeNull();
  expect(
    (await client.must(`{ nodeByPath(path: "/Archive/Job/2026") { id trashedAt } }`)).nodeByPath,
  ).toEqual({
    id: y2026.id,
    trashedAt: null,
  });
  expect((await client.must("{ trash { nodes { id } } }")).trash.nodes).toEqual([]);

  // Restoring into a taken name gets a suffix instead of failing.
  await client.must(TRASH, { id: docs.id });
  await client.must(CREATE, { p: rootId, n: "Documents" });
  expect((await client.must(RESTORE, { id: docs.id })).restore.node.name).toBe("Documents (1)");

  // Delete forever needs the trash first, then removes the whole subtree.
  expect((await client.gql(DELETE, { id: archive.id })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
  await client.must(TRASH, { id: archive.id });
  await client.must(DELETE, { id: archive.id });
  for (const id of [archive.id, work.id, y2026.id]) {
    const r = await client.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(r.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  }
  const { entries } = await allChanges(client);
  expect(entries.map((e) => e.op)).toEqual([
    "CREATE",
    "CREATE",
    "CREATE",
    "CREATE",
    "RENAME",
    "CREATE",
    "MOVE",
    "TRASH",
    "RESTORE",
    "TRASH",
    "CREATE",
    "RESTORE",
    "TRASH",
    "DELETE",
  ]);
}
