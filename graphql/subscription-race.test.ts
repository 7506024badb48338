/**
 * Integration: the change feed under load and across nodes.
 * - 200 commits racing with 20 subscribers that connect at random moments from random old
 *   cursors: every subscriber receives exactly the contiguous, complete run of seqs.
 * - Two server processes on one PostgreSQL: a subscriber on one receives every change committed
 *   through the other (LISTEN/NOTIFY crosses processes; entries come from the journal).
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { kill, startNode } from "@/lib/testing/child-server";
import { TestClient } from "@/lib/testing/client";
import {
  bootTestServer,
  freshPostgresDatabase,
  TEST_DATABASES,
  type TestServer,
} from "@/lib/testing/server-harness";
import { startServer } from "@/server";

const SUB = `subscription($c: Cursor) { changes(cursor: $c) { entries { seq namespaceId } cursor } }`;
const CREATE = `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { cursor } }`;

/** A seeded PRNG so a failure can be replayed (the seed is in the test name). */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function subscriber(url: string, token: string, cursor: string | null) {
  const seqs: number[] = [];
  const errors: unknown[] = [];
  const client = createClient({
    url: `${url.replace(/^http/, "ws")}/api/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const dispose = client.subscribe<{ changes: { entries: { seq: number }[] } }>(
    { query: SUB, variables: { c: cursor } },
    {
      next: (r) => {
        if (r.errors) errors.push(r.errors);
        for (const e of r.data?.changes.entries ?? []) seqs.push(e.seq);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return {
    seqs,
    errors,
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

async function waitFor(pred: () => boolean, ms = 20_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function userWithToken(url: string) {
  const http = new TestClient(url);
  await http.signUp();
  const { createAccessToken } = await http.must(
    `mutation { createAccessToken(input: {name: "t"}) { token } }`,
  );
  const { root } = await http.must("{ root { id } }");
  return { http, token: createAccessToken.token as string, rootId: root.id as string };
}

describe.each(TEST_DATABASES)("change feed under load on $name", (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootTestServer(database);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const seed = 20261124;
  test(`200 racing commits, 20 subscribers joining at random moments with old cursors, get exactly the contiguous seqs (seed ${seed})`, async () => {
    const random = mulberry32(seed);
    const { http, token, rootId } = await userWithToken(server.url);
    // Collect cursors at various points to resume from.
    const cursors: (string | null)[] = [null];
    const subs: ReturnType<typeof subscriber>[] = [];
    const starts: number[] = [];
    let committed = 1; // the root's creation is seq 1
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      commits.push(
        http.must(CREATE, { p: rootId, n: `f${i}` }).then((r) => {
          committed++;
          if (random() < 0.1) cursors.push(r.createFolder.cursor);
        }),
      );
      if (i % 10 === 5) {
        const cursor = cursors[Math.floor(random() * cursors.length)]!;
        const from =
          cursor === null
            ? 0
            : (Object.values(JSON.parse(Buffer.from(cursor.slice(3), "base64url").toString()))[0] as number);
        starts.push(from);
        subs.push(subscriber(server.url, token, cursor));
      }
      if (random() < 0.3) await Promise.race(commits);
    }
    await Promise.all(commits);
    expect(committed).toBe(201);
    for (const [i, sub] of subs.entries()) {
      await waitFor(
        () => sub.seqs.at(-1) === 201,
        20_000,
        `subscriber ${i} to reach seq 201 (has ${sub.seqs.at(-1)})`,
      );
      const expected = Array.from({ length: 201 - starts[i]! }, (_, k) => starts[i]! + 1 + k);
      expect(sub.seqs).toEqual(expected);
      expect(sub.errors).toEqual([]);
    }
    await Promise.all(subs.map((s) => s.close()));
  });
});

// Cross-process notification needs a database server: this runs where DATABASE_URL is set (CI).
describe.each(TEST_DATABASES.filter((d) => d.name === "postgres"))(
  "two server processes on one $name",
  (database) => {
    test("a subscriber on server process 1 receives every change committed through process 2", async () => {
      const pg = await freshPostgresDatabase(database.url!);
      const dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(tmpdir(), "cairn-node-"))));
      const blocks = path.join(dirs[0]!, "shared-blocks");
      const secret = "shared-secret-shared-secret-123";
      // Process 1 is this test process's server; process 2 is `server.ts` in an OS process of its own.
      const one = await startServer({
        pages: false,
        env: { CAIRN_AUTH_RATE_LIMIT: "off" },
        config: {
          dataDir: dirs[0]!,
          port: 0,
          host: "127.0.0.1",
          databaseUrl: pg.url,
          blockstoreUrl: `file://${blocks}`,
          secret,
        },
        log: () => {},
      });
      let two: Awaited<ReturnType<typeof startNode>> | undefined;
      try {
        two = await startNode({
          DATABASE_URL: pg.url,
          CAIRN_DATA_DIR: dirs[1]!,
          CAIRN_BLOCKSTORE: `file://${blocks}`,
          CAIRN_SECRET: secret,
        });
        expect(two.child.pid).not.toBe(process.pid);
        const { token, rootId } = await userWithToken(two.url);
        const sub = subscriber(one.url, token, null);
        await waitFor(() => sub.seqs.length >= 1, 10_000, "the first page");
        const viaTwo = new TestClient(two.url);
        viaTwo.token = token;
        for (let i = 0; i < 20; i++) await viaTwo.must(CREATE, { p: rootId, n: `n${i}` });
        await waitFor(() => sub.seqs.at(-1) === 21, 10_000, "all 21 seqs on process 1");
        expect(sub.seqs).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
        await sub.close();
      } finally {
        if (two) await kill(two.child);
        await one.close();
        await pg.drop();
        for (const d of dirs) await rm(d, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
