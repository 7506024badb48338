/**
 * Integration: a server process killed (SIGKILL) in the middle of a chunk PUT, or of a batch POST,
 * leaves no partial chunk visible after restart, and the restarted node works (database recovered,
 * store clean).
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

  test("a server killed mid-PUT or mid-batch shows no partial chunk after restart", async () => {
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
    // A batch killed mid-body: a chunk that arrived whole may be stored (verified, complete);
    // the one cut off is not; the caller holds neither; every stored blob hashes to its name.
    const whole = randomBytes(1024 * 1024);
    const cut = randomBytes(3 * 1024 * 1024);
    const [wholeHash, cutHash] = [whole, cut].map((b) => createHash("sha256").update(b).digest("hex"));
    node = await startNode(env);
    const batchUrl = new URL(`${node.url}/api/blocks`);
    const batch = request({
      host: batchUrl.hostname,
      port: batchUrl.port,
      path: batchUrl.pathname,
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/vnd.cairn.blocks",
        "x-cairn-blocks": `${wholeHash}:${whole.length},${cutHash}:${cut.length}`,
        "content-length": String(whole.length + cut.length),
      },
    });
    batch.on("error", () => {});
    batch.write(Buffer.concat([whole, cut.subarray(0, 1024 * 1024)]));
    await new Promise((r) => setTimeout(r, 500)); // the server is now writing the second chunk
    await kill(node.child);
    batch.destroy();

    node = await startNode(env);
    for (const h of [wholeHash, cutHash]) {
      const res = await fetch(`${node.url}/api/blocks/${h}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(404);
    }
    await kill(node.child);
    const after = await LocalDiskBlobStore.open(path.join(dataDir, "blocks"));
    expect(await after.has(parseChunkHash(cutHash!))).toBe(false);
    for await (const h of after.list()) {
      const parts: Uint8Array[] = [];
      for await (const piece of await after.get(h)) parts.push(piece);
      expect(createHash("sha256").update(Buffer.concat(parts)).digest("hex")).toBe(h);
    }
    expect(await readdir(path.join(dataDir, "blocks", "tmp")).catch(() => [])).toEqual([]);
    await after.close();
    // Five cold starts of a server process (each migrating or recovering PGlite): about 70 s on a
    // loaded 2-core machine, more than the suite's default 60 s leaves room for.
  }, 300_000);
});
