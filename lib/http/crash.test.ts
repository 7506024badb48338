/**
 * Integration: a server process killed (SIGKILL) in the middle of a chunk PUT leaves no partial
 * chunk visible after restart, and the restarted node works (database recovered, store clean).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseChunkHash } from "@/lib/chunking";
import { LocalDiskBlobStore } from "@/lib/storage";
import { kill, startNode } from "@/lib/testing/child-server";
import { TestClient } from "@/lib/testing/client";
import { freshPostgresDatabase, TEST_DATABASES } from "@/lib/testing/server-harness";

describe.each(TEST_DATABASES)("crash during a PUT on $name", (database) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  test("a server killed mid-PUT shows no partial chunk after restart", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cairn-crash-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      CAIRN_DATA_DIR: dataDir,
      CAIRN_SECRET: "crash-test-secret-crash-test",
    };
    if (database.url) {
      const pg = await freshPostgresDatabase(database.url);
      cleanup.push(pg.drop);
      env.DATABASE_URL = pg.url;
    } else {
      env.DATABASE_URL = "";
    }

    let node = await startNode(env);
    cleanup.push(() => kill(node.child));
    const http = new TestClient(node.url);
    await http.signUp();
    const { createAccessToken } = await http.must(
      `mutation { createAccessToken(input: {name: "t"}) { token } }`,
    );
    const token = createAccessToken.token as string;

    const bytes = randomBytes(3 * 1024 * 1024);
    const hash = createHash("sha256").update(bytes).digest("hex");
    const target = new URL(`${node.url}/api/blocks/${hash}`);
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-length": String(bytes.length) },
    });
    req.on("error", () => {});
    req.write(bytes.subarray(0, 2 * 1024 * 1024));
    await new Promise((r) => setTimeout(r, 500)); // the server is now writing the temp file
    await kill(node.child);
    req.destroy();

    node = await startNode(env);
    const res = await fetch(`${node.url}/api/blocks/${hash}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
    await kill(node.child);

    const store = await LocalDiskBlobStore.open(path.join(dataDir, "blocks"));
    expect(await store.has(parseChunkHash(hash))).toBe(false);
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed).toEqual([]);
    expect(await readdir(path.join(dataDir, "blocks", "tmp")).catch(() => [])).toEqual([]);
    await store.close();

    // The restarted node works: the same chunk uploads whole.
    node = await startNode(env);
    const put = await fetch(`${node.url}/api/blocks/${hash}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
      body: bytes,
    });
    expect(put.status).toBe(201);
    const get = await fetch(`${node.url}/api/blocks/${hash}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      createHash("sha256")
        .update(new Uint8Array(await get.arrayBuffer()))
        .digest("hex"),
    ).toBe(hash);
    await kill(node.child);
    // Three cold starts of a server process (each migrating or recovering PGlite): about 40 s on a
    // loaded 2-core machine, more than the suite's default 60 s leaves room for.
  }, 180_000);
});
