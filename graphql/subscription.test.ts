/**
 * Integration: the `changes` subscription over graphql-ws, on the same path and port as HTTP.
 */
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";

const SUB = `subscription($c: Cursor) { changes(cursor: $c) { entries { seq op node { name } } cursor hasMore } }`;

interface Page {
  entries: { seq: number; op: string; node: { name: string } }[];
  cursor: string;
}

/** Subscribes and collects pages; `until` resolves when a page satisfies the predicate. */
function subscribe(url: string, connectionParams: Record<string, unknown>, cursor: string | null = null) {
  const pages: Page[] = [];
  let closeCode: number | undefined;
  const waiters: { pred: (p: Page[]) => boolean; resolve: () => void }[] = [];
  const client = createClient({
    url: `${url.replace(/^http/, "ws")}/api/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: {
      closed: (event) => {
        closeCode = (event as { code: number }).code;
      },
    },
  });
  const errors: unknown[] = [];
  const dispose = client.subscribe<{ changes: Page }>(
    { query: SUB, variables: { c: cursor } },
    {
      next: (r) => {
        if (r.data) pages.push(r.data.changes);
        if (r.errors) errors.push(r.errors);
        for (const w of [...waiters]) if (w.pred(pages)) w.resolve();
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return {
    pages,
    errors,
    closeCode: () => closeCode,
    until: (pred: (p: Page[]) => boolean, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (pred(pages)) return resolve();
        const timer = setTimeout(() => reject(new Error(`timed out; pages: ${JSON.stringify(pages)}`)), ms);
        waiters.push({
          pred,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

describe.each(TEST_DATABASES)("changes subscription on $name", (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootTestServer(database, { CAIRN_SOCKET_RECHECK_MS: "200" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a subscriber gets the entries after its cursor, then each new change live, with cursors", async () => {
    const http = new TestClient(server.url);
    await http.signUp();
    const { createAccessToken } = await http.must(
      `mutation { createAccessToken(input: {name: "ws"}) { token } }`,
    );
    const { root } = await http.must("{ root { id } }");
    await http.must(`mutation($p: ID!) { createFolder(input: {parentId: $p, name: "early"}) { cursor } }`, {
      p: root.id,
    });
    const sub = subscribe(server.url, { authorization: `Bearer ${createAccessToken.token}` });
    await sub.until((p) => p.length >= 1);
    expect(sub.pages[0]!.entries.map((e) => e.seq)).toEqual([1, 2]);
    await http.must(`mutation($p: ID!) { createFolder(input: {parentId: $p, name: "live"}) { cursor } }`, {
      p: root.id,
    });
    await sub.until((p) => p.some((page) => page.entries.some((e) => e.node.name === "live")));
    const seqs = sub.pages.flatMap((p) => p.entries.map((e) => e.seq));
    expect(seqs).toEqual([1, 2, 3]);
    // Resuming from the last cursor gives nothing old.
    const resumed = subscribe(
      server.url,
      { authorization: `Bearer ${createAccessToken.token}` },
      sub.pages.at(-1)!.cursor,
    );
    await resumed.until((p) => p.length >= 1);
    expect(resumed.pages[0]!.entries).toEqual([]);
    await sub.close();
    await resumed.close();
    expect(sub.errors).toEqual([]);
  });

  test("a socket without valid credentials is closed with 4401", async () => {
    const sub = subscribe(server.url, { authorization: "Bearer cairn_pat_nope" });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const tick = setInterval(() => {
        if (sub.closeCode() !== undefined) {
          clearInterval(tick);
          resolve();
        } else if (Date.now() - started > 10_000) {
          clearInterval(tick);
          reject(new Error("socket not closed"));
        }
      }, 20);
    });
    expect(sub.closeCode()).toBe(4401);
    expect(sub.pages).toEqual([]);
    await sub.close();
  });

  test("an open socket is closed with 4401 once its token is revoked", async () => {
    const http = new TestClient(server.url);
    await http.signUp();
    const { createAccessToken } = await http.must(
      `mutation { createAccessToken(input: {name: "ws"}) { token accessToken { id } } }`,
    );
    const sub = subscribe(server.url, { authorization: `Bearer ${createAccessToken.token}` });
    await sub.until((p) => p.length >= 1);
    expect(sub.closeCode()).toBeUndefined();
    await http.must(`mutation($id: ID!) { revokeAccessToken(input: {id: $id}) { id } }`, {
      id: createAccessToken.accessToken.id,
    });
    const started = Date.now();
    while (sub.closeCode() === undefined && Date.now() - started < 10_000)
      await new Promise((r) => setTimeout(r, 20));
    expect(sub.closeCode()).toBe(4401);
    await sub.close();
  });
});
