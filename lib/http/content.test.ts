/**
 * Integration: content through the real server — delta upload, the block endpoints, possession
 * rules, conflicts, versions, ranged downloads — on PGlite and PostgreSQL.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chunkBytes, contentHash, diffChunkLists, parseChunkHash } from "@/lib/chunking";
import { computeDelta } from "@/lib/chunking/delta";
import { xorshift32Bytes } from "@/lib/chunking/golden";
import { CairnClient } from "@/lib/client/cairn-client";
import { TestClient } from "@/lib/testing/client";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function newUser(server: TestServer) {
  const http = new TestClient(server.url);
  await http.signUp();
  const { createAccessToken } = await http.must(
    `mutation { createAccessToken(input: {name: "t"}) { token } }`,
  );
  const { root } = await http.must("{ root { id } }");
  const client = new CairnClient({ baseUrl: server.url, token: createAccessToken.token });
  return { http, client, rootId: root.id as string, token: createAccessToken.token as string };
}

/** The error code a GraphQL call fails with, or "accepted". */
async function refusedCode(
  client: CairnClient,
  query: string,
  input: Record<string, unknown>,
): Promise<string> {
  try {
    await client.gql(query, { input });
    return "accepted";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe.each(TEST_DATABASES)("content on $name", (database) => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await bootTestServer(database);
    dir = await mkdtemp(path.join(tmpdir(), "cairn-content-"));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("a 20 MiB file uploads and downloads byte-identical; a 10-byte insertion re-sends at most 3 chunks", async () => {
    const { client, rootId } = await newUser(server);
    const original = Buffer.from(xorshift32Bytes(20 * MiB, 3)); // seeded: the same cut points every run
    const src = path.join(dir, "big.bin");
    await writeFile(src, original);
    const first = await client.uploadFile(src, { parentId: rootId, deviceName: "laptop" });
    expect(first.conflict).toBeNull();
    expect(first.bytesSent).toBe(original.length);
    expect(first.file.size).toBe(original.length);
    const out = path.join(dir, "big.out");
    await client.downloadFile(first.file.id, out);
    expect(sha(await readFile(out))).toBe(sha(original));

    const edited = Buffer.concat([
      original.subarray(0, 10 * MiB),
      Buffer.from("0123456789"),
      original.subarray(10 * MiB),
    ]);
    await writeFile(src, edited);
    const second = await client.uploadFile(src, {
      parentId: rootId,
      fileId: first.file.id,
      baseVersionId: first.version.id,
    });
    expect(second.conflict).toBeNull();
    expect(second.version.number).toBe(2);
    expect(second.chunksSent).toBeLessThanOrEqual(3);
    expect(second.bytesSent).toBeLessThanOrEqual(3 * 4 * MiB);
    expect(second.bytesSent).toBeLessThan(edited.length / 2);
    await client.downloadFile(first.file.id, out);
    expect(sha(await readFile(out))).toBe(sha(edited));
    await client.downloadFile(first.file.id, out, { version: 1 });
    expect(sha(await readFile(out))).toBe(sha(original));
  });

  test("a PUT whose bytes do not match, a truncated PUT and a 5 MiB PUT are refused and store nothing", async () => {
    const { token } = await newUser(server);
    const auth = { authorization: `Bearer ${token}` };
    const good = randomBytes(300_000);
    const goodHash = sha(good);
    const other = randomBytes(300_000);
    const put = (hash: string, body: Uint8Array, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/blocks/${hash}`, {
        method: "PUT",
        headers: { ...auth, ...headers },
        body: body as Uint8Array<ArrayBuffer>,
      });

    const mismatch = await put(goodHash, other);
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).error.code).toBe("HASH_MISMATCH");

    const big = randomBytes(5 * MiB);
    const tooBig = await put(sha(big), big);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe("PAYLOAD_TOO_LARGE");

    // Truncated: the declared length is longer than what arrives before the client gives up.
    const truncated = await new Promise<number | string>((resolve) => {
      const url = new URL(`${server.url}/api/blocks/${goodHash}`);
      import("node:http").then(({ request }) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "PUT",
            headers: { ...auth, "content-length": String(good.length) },
          },
          (res) => resolve(res.statusCode ?? 0),
        );
        req.on("error", (e) => resolve(e.message));
        req.write(good.subarray(0, 1000));
        setTimeout(() => req.destroy(), 200);
      });
    });
    expect(truncated).not.toBe(201);

    const nope = randomBytes(10);
    expect((await put("not-a-hash", nope)).status).toBe(400);
    for (const hash of [goodHash, sha(other), sha(big)]) {
      expect(await server.store.has(parseChunkHash(hash))).toBe(false);
    }
    const ok = await put(goodHash, good);
    expect(ok.status).toBe(201);
    expect(await server.store.has(parseChunkHash(goodHash))).toBe(true);
    const again = await put(goodHash, good);
    expect(again.status).toBe(200); // idempotent
    const anonymous = await fetch(`${server.url}/api/blocks/${goodHash}`, { method: "PUT", body: good });
    expect(anonymous.status).toBe(401);
  });

  test("knowing another user's chunk hashes grants nothing: prepareUpload, commitFile and block GET", async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const secret = randomBytes(3 * MiB);
    const src = path.join(dir, "secret.bin");
    await writeFile(src, secret);
    await alice.client.uploadFile(src, { parentId: alice.rootId });
    const chunks = await chunkBytes(secret);

    const { prepareUpload } = await bob.client.gql(
      `mutation($input: PrepareUploadInput!) { prepareUpload(input: $input) { missing } }`,
      { input: { chunks: chunks.map((c) => ({ hash: c.hash, size: c.size })) } },
    );
    expect([...prepareUpload.missing].sort()).toEqual(chunks.map((c) => c.hash).sort());

    const commit = await bob.http.gql(
      `mutation($input: CommitFileInput!) { commitFile(input: $input) { file { id } } }`,
      {
        input: {
          parentId: bob.rootId,
          name: "stolen.bin",
          chunks: chunks.map((c) => c.hash),
          size: secret.length,
        },
      },
    );
    expect(commit.errors?.[0]?.extensions?.code).toBe("CHUNK_MISSING");
    const { root } = await bob.http.must("{ root { children { nodes { id } } } }");
    expect(root.children.nodes).toEqual([]);

    for (const c of chunks) {
      const res = await fetch(`${server.url}/api/blocks/${c.hash}`, {
        headers: { authorization: `Bearer ${bob.token}` },
      });
      expect(res.status).toBe(404);
      const mine = await fetch(`${server.url}/api/blocks/${c.hash}`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect(mine.status).toBe(200);
      expect(sha(new Uint8Array(await mine.arrayBuffer()))).toBe(c.hash);
    }
    // Uploading the bytes themselves proves possession: then Bob may use them.
    const again = await bob.client.uploadFile(src, { parentId: bob.rootId });
    expect(again.bytesSent).toBe(secret.length);
  });

  test("concurrent commits of several users, one of them over quota: the others all succeed, each journal is contiguous, replays return the first result", async () => {
    const COMMIT = `mutation($input: CommitFileInput!) { commitFile(input: $input) { file { id name } version { id number } conflict { reason } cursor } }`;
    const users = await Promise.all([0, 1, 2, 3].map(() => newUser(server)));
    const over = users[3]!;
    const { me } = await over.http.must("{ me { id } }");
    await server.database.db.execute(sql`UPDATE users SET quota_bytes = 1000 WHERE id = ${me.id}`);
    const chunks = await Promise.all(
      users.map(async (u, i) => {
        const bytes = randomBytes(4096 + i);
        const hash = sha(bytes);
        await u.client.putBlock(hash, bytes);
        return { hash, size: bytes.length };
      }),
    );
    const PER_USER = 12;
    type Outcome = { i: number; n: number; ok?: unknown; code?: string | undefined };
    const input = (i: number, n: number, parentId = users[i]!.rootId) => ({
      parentId,
      name: `f-${n}.txt`,
      chunks: [chunks[i]!.hash],
      size: chunks[i]!.size,
      opId: `op-${i}-${n}`,
    });
    const outcomes = await Promise.all(
      users.flatMap((u, i) =>
        Array.from({ length: PER_USER }, (_, n) =>
          u.client.gql(COMMIT, { input: input(i, n) }).then(
            (r): Outcome => ({ i, n, ok: r.commitFile }),
            (e: { code?: string }): Outcome => ({ i, n, code: e.code }),
          ),
        ),
      ),
    );
    for (const o of outcomes) {
      if (o.i === 3) expect(o).toMatchObject({ code: "QUOTA_EXCEEDED" });
      else
        expect(o.ok).toMatchObject({
          file: { name: `f-${o.n}.txt` },
          version: { number: 1 },
          conflict: null,
        });
    }
    for (const [i, u] of users.entries()) {
      const { changes } = await u.http.must(
        `query { changes(first: 100) { entries { seq op node { id name } } } }`,
      );
      const entries = changes.entries as { seq: number; op: string; node: { name: string } }[];
      // Contiguous from 1: no seq was lost to a refused commit, none taken twice.
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, k) => k + 1));
      const created = entries
        .filter((e) => e.op === "CREATE" && e.node.name.startsWith("f-"))
        .map((e) => e.node.name);
      expect(created.sort()).toEqual(
        i === 3 ? [] : Array.from({ length: PER_USER }, (_, n) => `f-${n}.txt`).sort(),
      );
    }
    // A replay returns the first result and changes nothing, also when its folder is gone for good.
    const first = outcomes.find((o) => o.i === 0 && o.n === 0)!;
    const again = await users[0]!.client.gql(COMMIT, { input: input(0, 0) });
    expect(again.commitFile).toEqual(first.ok);
    const { createFolder } = await users[1]!.http.must(
      `mutation($p: ID!) { createFolder(input: {parentId: $p, name: "gone"}) { node { id } } }`,
      { p: users[1]!.rootId },
    );
    const folder = createFolder.node.id as string;
    const inFolder = input(1, 100, folder);
    const before = (await users[1]!.client.gql(COMMIT, { input: inFolder })).commitFile;
    await users[1]!.http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id: folder });
    await users[1]!.http.must(`mutation($id: ID!) { deleteForever(input: {id: $id}) { cursor } }`, {
      id: folder,
    });
    expect((await users[1]!.client.gql(COMMIT, { input: inFolder })).commitFile).toEqual(before);
    expect(await refusedCode(users[1]!.client, COMMIT, { ...inFolder, opId: "op-new" })).toBe("NOT_FOUND");
  });

  test("a version lists its chunks in file order, to its readers only", async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const bytes = xorshift32Bytes(5 * MiB, 7);
    const src = path.join(dir, "listed.bin");
    await writeFile(src, bytes);
    const up = await alice.client.uploadFile(src, { parentId: alice.rootId });
    const expected = await chunkBytes(bytes);
    const query = `query($id: ID!) { version(id: $id) { chunks { hash offset size } } }`;
    const { version } = await alice.client.gql(query, { id: up.version.id });
    let offset = 0;
    expect(version.chunks).toEqual(
      expected.map((c) => {
        const entry = { hash: c.hash, offset, size: c.size };
        offset += c.size;
        return entry;
      }),
    );
    expect(expected.length).toBeGreaterThan(1);
    const denied = await bob.http.gql(query, { id: up.version.id });
    expect(denied.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  test("a stale base version keeps both contents: the upload becomes a conflicted copy, both in changes", async () => {
    const { client, rootId } = await newUser(server);
    const src = path.join(dir, "notes.txt");
    await writeFile(src, "v1 from the laptop\n");
    const v1 = await client.uploadFile(src, { parentId: rootId, name: "notes.txt", deviceName: "Laptop" });
    const { changes: before } = await client.gql(`{ changes { cursor } }`);
    await writeFile(src, "v2 from the phone\n");
    const phone = await client.uploadFile(src, {
      parentId: rootId,
      name: "notes.txt",
      baseVersionId: v1.version.id,
      deviceName: "Phone",
    });
    expect(phone.conflict).toBeNull();
    await writeFile(src, "v2 from the laptop, written offline\n");
    const laptop = await client.uploadFile(src, {
      parentId: rootId,
      name: "notes.txt",
      baseVersionId: v1.version.id,
      deviceName: "Laptop",
    });
    const day = new Date().toISOString().slice(0, 10);
    expect(laptop.conflict).toEqual({
      copyName: `notes (Laptop's conflicted copy ${day}).txt`,
      reason: "STALE_BASE",
    });
    expect(laptop.file.name).toBe(laptop.conflict!.copyName);
    expect(laptop.file.id).not.toBe(v1.file.id);

    const out = path.join(dir, "notes.out");
    await client.downloadFile(v1.file.id, out);
    expect(await readFile(out, "utf8")).toBe("v2 from the phone\n");
    await client.downloadFile(laptop.file.id, out);
    expect(await readFile(out, "utf8")).toBe("v2 from the laptop, written offline\n");

    const { changes } = await client.gql(
      `query($c: Cursor) { changes(cursor: $c) { entries { op node { id name } } } }`,
      {
        c: before.cursor,
      },
    );
    expect(changes.entries).toEqual([
      { op: "EDIT", node: { id: v1.file.id, name: "notes.txt" } },
      { op: "CREATE", node: { id: laptop.file.id, name: laptop.conflict!.copyName } },
    ]);
    // A second conflict against the same base gets a unique name, and identical content is a no-op.
    await writeFile(src, "yet another offline edit\n");
    const third = await client.uploadFile(src, {
      parentId: rootId,
      name: "notes.txt",
      baseVersionId: v1.version.id,
      deviceName: "Laptop",
    });
    expect(third.conflict!.copyName).toBe(`notes (Laptop's conflicted copy ${day}) (1).txt`);
    await writeFile(src, "v2 from the phone\n");
    const same = await client.uploadFile(src, {
      parentId: rootId,
      name: "notes.txt",
      baseVersionId: v1.version.id,
    });
    expect(same.conflict).toBeNull();
    expect(same.version.id).toBe(phone.version.id);
  });

  test("an edit of a trashed file brings it back (the edit wins over the delete)", async () => {
    const { client, http, rootId } = await newUser(server);
    const src = path.join(dir, "plan.md");
    await writeFile(src, "# plan\n");
    const v1 = await client.uploadFile(src, { parentId: rootId });
    await http.must(`mutation($id: ID!) { trash(input: {id: $id}) { cursor } }`, { id: v1.file.id });
    await writeFile(src, "# plan, edited\n");
    const v2 = await client.uploadFile(src, {
      parentId: rootId,
      fileId: v1.file.id,
      baseVersionId: v1.version.id,
    });
    expect(v2.file.id).toBe(v1.file.id);
    const { node } = await http.must(`query($id: ID!) { node(id: $id) { trashedAt path } }`, {
      id: v1.file.id,
    });
    expect(node).toEqual({ trashedAt: null, path: "/plan.md" });
  });

  test("ranged downloads return exactly the requested bytes: start, across a chunk border, suffix", async () => {
    const { client, token, rootId } = await newUser(server);
    const data = randomBytes(6 * MiB);
    const src = path.join(dir, "range.bin");
    await writeFile(src, data);
    const up = await client.uploadFile(src, { parentId: rootId });
    const border = (await chunkBytes(data))[0]!.size;
    const get = (range?: string, extra: Record<string, string> = {}) =>
      fetch(`${server.url}/api/files/${up.file.id}/content`, {
        headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}), ...extra },
      });
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 100],
      [`bytes=${border - 1000}-${border + 999}`, border - 1000, border + 1000],
      ["bytes=-4096", data.length - 4096, data.length],
      [`bytes=${data.length - 10}-`, data.length - 10, data.length],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(range);
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end - 1}/${data.length}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start, end)), range).toBe(true);
    }
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe(`"${up.file.contentHash}"`);
    expect(whole.headers.get("content-disposition")).toContain("range.bin");
    expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true);
    expect((await get(undefined, { "if-none-match": `"${up.file.contentHash}"` })).status).toBe(304);
    expect((await get(`bytes=${data.length}-`)).status).toBe(416);
    const other = await newUser(server);
    const denied = await fetch(`${server.url}/api/files/${up.file.id}/content`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(denied.status).toBe(404);
  });

  test("restoring version 1 of a 3-version file uploads nothing and downloads identical to version 1", async () => {
    const { client, rootId } = await newUser(server);
    const src = path.join(dir, "doc.bin");
    const contents = [randomBytes(700_000), randomBytes(900_000), randomBytes(500_000)];
    await writeFile(src, contents[0]!);
    const v1 = await client.uploadFile(src, { parentId: rootId });
    let base = v1.version.id;
    for (const c of contents.slice(1)) {
      await writeFile(src, c);
      base = (await client.uploadFile(src, { parentId: rootId, fileId: v1.file.id, baseVersionId: base }))
        .version.id;
    }
    client.resetWire();
    const { restoreVersion } = await client.gql(
      `mutation($f: ID!, $v: ID!) { restoreVersion(input: {fileId: $f, versionId: $v}) { version { number contentHash } } }`,
      { f: v1.file.id, v: v1.version.id },
    );
    expect(restoreVersion.version.number).toBe(4);
    expect(client.wire.requests).toBe(1);
    expect(client.wire.sentBytes).toBeLessThan(1000);
    const out = path.join(dir, "doc.out");
    await client.downloadFile(v1.file.id, out);
    expect(sha(await readFile(out))).toBe(sha(contents[0]!));
    const { node } = await client.gql(
      `query($id: ID!) { node(id: $id) { ... on File { versions { nodes { number author { email } } } } } }`,
      {
        id: v1.file.id,
      },
    );
    expect(node.versions.nodes.map((v: { number: number }) => v.number)).toEqual([4, 3, 2, 1]);
  });

  test("a commit can name its chunks as splices against the base version's list", async () => {
    const { client, rootId } = await newUser(server);
    const original = randomBytes(6 * MiB);
    const src = path.join(dir, "spliced.bin");
    await writeFile(src, original);
    const v1 = await client.uploadFile(src, { parentId: rootId });
    const before = (await chunkBytes(original)).map((c) => c.hash);
    const edited = Buffer.concat([
      original.subarray(0, 3 * MiB),
      Buffer.from("spliced in"),
      original.subarray(3 * MiB),
    ]);
    const afterChunks = await chunkBytes(edited);
    const after = afterChunks.map((c) => c.hash);
    for (const c of afterChunks) {
      if (!before.includes(c.hash)) {
        await client.putBlock(c.hash, edited.subarray(c.offset, c.offset + c.size));
      }
    }
    const splices = diffChunkLists(before, after);
    expect(splices.length).toBe(1);
    const COMMIT = `mutation($input: CommitFileInput!) { commitFile(input: $input) { file { id } version { number } conflict { reason } } }`;
    const base = {
      parentId: rootId,
      name: "spliced.bin",
      fileId: v1.file.id,
      baseVersionId: v1.version.id,
      size: edited.length,
    };
    expect(await refusedCode(client, COMMIT, { ...base, splices })).toBe("BAD_INPUT"); // no contentHash
    const wrongBase = diffChunkLists(before.slice(1), after);
    expect(
      await refusedCode(client, COMMIT, {
        ...base,
        splices: wrongBase,
        contentHash: await contentHash(after),
      }),
    ).toBe("BAD_INPUT");
    const { commitFile } = await client.gql(COMMIT, {
      input: { ...base, splices, contentHash: await contentHash(after) },
    });
    expect(commitFile).toEqual({ file: { id: v1.file.id }, version: { number: 2 }, conflict: null });
    const out = path.join(dir, "spliced.out");
    await client.downloadFile(v1.file.id, out);
    expect(sha(await readFile(out))).toBe(sha(edited));

    const withHash = { contentHash: await contentHash(after) };
    const refused = (input: Record<string, unknown>) =>
      refusedCode(client, COMMIT, { ...withHash, ...input });
    expect(await refused({ ...base, splices, chunks: after })).toBe("BAD_INPUT");
    expect(await refused({ ...base, baseVersionId: null, splices })).toBe("BAD_INPUT");
    expect(
      await refused({
        ...base,
        splices: [
          { at: 5, remove: 0, insert: [] },
          { at: 1, remove: 0, insert: [] },
        ],
      }),
    ).toBe("BAD_INPUT");
    const stranger = sha(randomBytes(8));
    expect(
      await refused({
        ...base,
        splices: [{ at: 0, remove: 1, insert: [stranger] }],
        contentHash: await contentHash([stranger, ...before.slice(1)] as never),
      }),
    ).toBe("CHUNK_MISSING");
    const { node } = await client.gql(
      `query($id: ID!) { node(id: $id) { ... on File { versions { nodes { number } } } } }`,
      { id: v1.file.id },
    );
    expect(node.versions.nodes).toHaveLength(2);
  });

  test("with the base's chunk list, an append or prepend sends deltas, not whole chunks", async () => {
    const { client, rootId } = await newUser(server);
    // Seeded bytes: chunk boundaries (and so the bytes sent) are the same on every run.
    const original = Buffer.from(xorshift32Bytes(8 * MiB, 20261124));
    const src = path.join(dir, "delta.bin");
    await writeFile(src, original);
    const v1 = await client.uploadFile(src, { parentId: rootId });
    const out = path.join(dir, "delta.out");
    const cases: [string, Buffer, number][] = [
      ["append 1 MiB", Buffer.concat([original, Buffer.from(xorshift32Bytes(MiB, 7))]), MiB + 64 * 1024],
      ["prepend 1 KiB", Buffer.concat([Buffer.from(xorshift32Bytes(1024, 9)), original]), 16 * 1024],
      [
        "insert 10 bytes",
        Buffer.concat([original.subarray(0, 5 * MiB), Buffer.from("0123456789"), original.subarray(5 * MiB)]),
        16 * 1024,
      ],
    ];
    for (const [label, edited, limit] of cases) {
      await writeFile(src, edited);
      const up = await client.uploadFile(src, {
        parentId: rootId,
        fileId: v1.file.id,
        baseVersionId: v1.version.id,
        baseChunks: v1.chunks,
      });
      expect(up.conflict, label).toBeNull();
      expect(up.bytesSent, label).toBeLessThan(limit);
      await client.downloadFile(v1.file.id, out);
      expect(sha(await readFile(out)), label).toBe(sha(edited));
      // Back to the original for the next case (nothing to send: all chunks are held).
      await writeFile(src, original);
      const back = await client.uploadFile(src, {
        parentId: rootId,
        fileId: v1.file.id,
        baseVersionId: up.version.id,
        baseChunks: up.chunks,
      });
      expect(back.bytesSent).toBe(0);
      v1.version = back.version;
    }
  });

  test("a delta PUT is refused unless its base is held and its result hashes right; nothing is stored", async () => {
    const alice = await newUser(server);
    const bob = await newUser(server);
    const base = randomBytes(300_000);
    const baseHash = sha(base);
    await alice.client.putBlock(baseHash, base);
    const next = Buffer.concat([base, Buffer.from("more")]);
    const nextHash = sha(next);
    const sig = await alice.client.chunkSignature(baseHash);
    const delta = computeDelta(sig, next);
    const put = (token: string, hash: string, body: Uint8Array, baseParam = baseHash) =>
      fetch(`${server.url}/api/blocks/${hash}?base=${baseParam}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.cairn.delta" },
        body: body as Uint8Array<ArrayBuffer>,
      });
    // Bob does not hold the base: no signature, no delta.
    expect(
      (
        await fetch(`${server.url}/api/blocks/${baseHash}/signature`, {
          headers: { authorization: `Bearer ${bob.token}` },
        })
      ).status,
    ).toBe(404);
    expect((await put(bob.token, nextHash, delta)).status).toBe(404);
    // Wrong claimed hash, garbage delta.
    const wrong = await put(alice.token, sha(randomBytes(4)), delta);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.code).toBe("HASH_MISMATCH");
    expect((await put(alice.token, nextHash, new Uint8Array(20))).status).toBe(400);
    expect(await server.store.has(parseChunkHash(nextHash))).toBe(false);
    const ok = await put(alice.token, nextHash, delta);
    expect(ok.status).toBe(201);
    expect(await server.store.has(parseChunkHash(nextHash))).toBe(true);
    const got = await fetch(`${server.url}/api/blocks/${nextHash}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(nextHash);
  });

  test("an empty file has no chunks and round-trips", async () => {
    const { client, rootId } = await newUser(server);
    const src = path.join(dir, "empty.txt");
    await writeFile(src, "");
    const up = await client.uploadFile(src, { parentId: rootId });
    expect(up.file.size).toBe(0);
    const out = path.join(dir, "empty.out");
    await client.downloadFile(up.file.id, out);
    expect((await readFile(out)).length).toBe(0);
  });
});
