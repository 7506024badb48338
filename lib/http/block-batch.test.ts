/**
 * Integration: POST /api/blocks (several chunks per request) through the real server, on PGlite
 * and PostgreSQL — what it stores and records, what it refuses, who may call it — and the Node
 * client's use of it, with its fallback to single PUTs on a server without it.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseChunkHash } from "@/lib/chunking";
import { xorshift32Bytes } from "@/lib/chunking/golden";
import { CairnClient } from "@/lib/client/cairn-client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { newTestUser } from "@/lib/testing/users";

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const CONTENT_TYPE = "application/vnd.cairn.blocks";

const manifest = (chunks: Uint8Array[], hashes = chunks.map(sha)) =>
  chunks.map((c, i) => `${hashes[i]}:${c.length}`).join(",");

describe.each(TEST_DATABASES)("POST /api/blocks on $name", (database) => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-batch-"));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (headers: Record<string, string>, body: Uint8Array) =>
    fetch(`${server.url}/api/blocks`, {
      method: "POST",
      headers,
      body: body as Uint8Array<ArrayBuffer>,
    });

  /** The hashes prepareUpload says this user must still send. */
  const missing = async (client: CairnClient, chunks: Uint8Array[]) =>
    (
      await client.gql<{ prepareUpload: { missing: string[] } }>(
        `mutation($c: [ChunkInput!]!) { prepareUpload(input: {chunks: $c}) { missing } }`,
        { c: chunks.map((c) => ({ hash: sha(c), size: c.length })) },
      )
    ).prepareUpload.missing;

  test("a batch stores every chunk, the caller then holds them all and reads each back", async () => {
    const { client, token } = await newTestUser(server);
    const chunks = [randomBytes(300_000), randomBytes(1), randomBytes(MiB)];
    const res = await post(
      { authorization: `Bearer ${token}`, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest(chunks) },
      Buffer.concat(chunks),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      blocks: chunks.map((c) => ({ hash: sha(c), size: c.length, created: true })),
    });
    expect(await missing(client, chunks)).toEqual([]);
    for (const c of chunks) {
      const got = await fetch(`${server.url}/api/blocks/${sha(c)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(got.status).toBe(200);
      expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(sha(c));
    }
    // Again: idempotent, nothing created.
    const again = await post(
      { authorization: `Bearer ${token}`, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest(chunks) },
      Buffer.concat(chunks),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { blocks: { created: boolean }[] }).blocks.map((b) => b.created)).toEqual(
      [false, false, false],
    );
  });

  test("a batch with one chunk whose bytes do not match is refused; the caller holds none of it", async () => {
    const { client, token } = await newTestUser(server);
    const chunks = [randomBytes(200_000), randomBytes(200_000), randomBytes(200_000)];
    const hashes = chunks.map(sha);
    const liar = sha(randomBytes(200_000));
    hashes[1] = liar;
    const res = await post(
      {
        authorization: `Bearer ${token}`,
        "content-type": CONTENT_TYPE,
        "x-cairn-blocks": manifest(chunks, hashes),
      },
      Buffer.concat(chunks),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; hash: string } };
    expect(body.error.code).toBe("HASH_MISMATCH");
    expect(body.error.hash).toBe(liar);
    expect(await server.store.has(parseChunkHash(liar))).toBe(false);
    expect((await missing(client, chunks)).sort()).toEqual(chunks.map(sha).sort());
  });

  test("bad manifests, lengths, types and methods are 4xx JSON errors and store nothing", async () => {
    const { client, token } = await newTestUser(server);
    const auth = { authorization: `Bearer ${token}` };
    const a = randomBytes(1000);
    const b = randomBytes(1000);
    const big = randomBytes(4 * MiB + 1);
    const cases: [string, Record<string, string>, Uint8Array, number][] = [
      ["no manifest", { ...auth, "content-type": CONTENT_TYPE }, a, 400],
      ["not hash:size", { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": `${sha(a)}` }, a, 400],
      [
        "upper-case hash",
        { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": `${sha(a).toUpperCase()}:1000` },
        a,
        400,
      ],
      ["size 0", { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": `${sha(a)}:0` }, a, 400],
      [
        "a hash twice",
        { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest([a, a]) },
        Buffer.concat([a, a]),
        400,
      ],
      [
        "length is not the sum",
        { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest([a, b]) },
        a,
        400,
      ],
      [
        "wrong content type",
        { ...auth, "content-type": "application/octet-stream", "x-cairn-blocks": manifest([a]) },
        a,
        400,
      ],
      [
        "a chunk over 4 MiB",
        { ...auth, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest([big]) },
        big,
        413,
      ],
      [
        "65 chunks",
        {
          ...auth,
          "content-type": CONTENT_TYPE,
          "x-cairn-blocks": Array.from({ length: 65 }, (_, i) => `${sha(Buffer.from([i]))}:1`).join(","),
        },
        Buffer.from(Array.from({ length: 65 }, (_, i) => i)),
        413,
      ],
    ];
    for (const [what, headers, body, status] of cases) {
      const res = await post(headers, body);
      expect({ what, status: res.status }).toEqual({ what, status });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTypeOf("string");
    }
    const get = await fetch(`${server.url}/api/blocks`, { headers: auth });
    expect(get.status).toBe(400);
    expect(((await get.json()) as { error: { code: string } }).error.code).toBe("BAD_INPUT");
    for (const c of [a, b, big]) expect(await server.store.has(parseChunkHash(sha(c)))).toBe(false);
    expect((await missing(client, [a, b])).sort()).toEqual([sha(a), sha(b)].sort());
  });

  test("a body that ends early records nothing", async () => {
    const { client, token } = await newTestUser(server);
    const chunks = [randomBytes(100_000), randomBytes(100_000)];
    const status = await new Promise<number | string>((resolve) => {
      const url = new URL(`${server.url}/api/blocks`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": CONTENT_TYPE,
            "x-cairn-blocks": manifest(chunks),
            "content-length": "200000",
          },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on("error", (e) => resolve(e.message));
      // The first chunk whole and part of the second, then the client is gone.
      req.write(Buffer.concat([chunks[0]!, chunks[1]!.subarray(0, 1000)]), () => req.destroy());
    });
    expect(status).not.toBe(200);
    expect(await server.store.has(parseChunkHash(sha(chunks[1]!)))).toBe(false);
    expect((await missing(client, chunks)).sort()).toEqual(chunks.map(sha).sort());
  });

  test("without a session or token a batch is refused, and a cookie needs our own origin", async () => {
    const { session } = await newTestUser(server);
    const a = randomBytes(1000);
    const anonymous = await post({ "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest([a]) }, a);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const crossSite = await post(
      {
        cookie,
        origin: "https://evil.example",
        "content-type": CONTENT_TYPE,
        "x-cairn-blocks": manifest([a]),
      },
      a,
    );
    expect(crossSite.status).toBe(403);
    expect(await server.store.has(parseChunkHash(sha(a)))).toBe(false);
    const sameSite = await post(
      { cookie, origin: session.origin, "content-type": CONTENT_TYPE, "x-cairn-blocks": manifest([a]) },
      a,
    );
    expect(sameSite.status).toBe(200);
  });

  test("the client sends a file's chunks in batches: fewer block requests than chunks, byte-identical", async () => {
    const { client, rootId } = await newTestUser(server);
    const original = Buffer.from(xorshift32Bytes(24 * MiB, 11));
    const src = path.join(dir, "batched.bin");
    await writeFile(src, original);
    client.resetWire();
    const result = await client.uploadFile(src, { parentId: rootId });
    expect(result.bytesSent).toBe(original.length);
    expect(result.chunksTotal).toBeGreaterThan(8);
    // GraphQL calls: at most one prepareUpload per 32 chunks and one commitFile; the rest are blocks.
    const graphqlCalls = Math.ceil(result.chunksTotal / 32) + 1;
    expect(client.wire.requests - graphqlCalls).toBeLessThan(result.chunksTotal);
    const out = path.join(dir, "batched.out");
    await client.downloadFile(result.file.id, out);
    expect(sha(await readFile(out))).toBe(sha(original));
  });

  test("against a server without the endpoint the client falls back to one PUT per chunk", async () => {
    const { client: _unused, token, rootId } = await newTestUser(server);
    // A proxy that answers POST /api/blocks as an older server does (404) and passes the rest on.
    const seen: string[] = [];
    const target = new URL(server.url);
    const proxy: Server = createServer((req, res) => {
      seen.push(`${req.method} ${(req.url ?? "").split("/").slice(0, 3).join("/")}`);
      if ((req.url ?? "").split("?")[0] === "/api/blocks") {
        req.resume();
        res.writeHead(404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "no such endpoint" } }));
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const viaProxy = new CairnClient({
        baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        token,
      });
      const original = Buffer.from(xorshift32Bytes(12 * MiB, 12));
      const src = path.join(dir, "fallback.bin");
      await writeFile(src, original);
      const result = await viaProxy.uploadFile(src, { parentId: rootId });
      expect(result.bytesSent).toBe(original.length);
      const puts = seen.filter((s) => s === "PUT /api/blocks").length;
      expect(puts).toBe(result.chunksTotal);
      expect(seen.filter((s) => s === "POST /api/blocks").length).toBeLessThanOrEqual(4); // one per PUT slot at most
      const out = path.join(dir, "fallback.out");
      await viaProxy.downloadFile(result.file.id, out);
      expect(sha(await readFile(out))).toBe(sha(original));
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
