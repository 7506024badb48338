import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { LocalDiskBlobStore } from "./local-disk";
import { bytesOf, readAll, sha256 } from "./testing/test-bytes";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cairn-disk-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, "-") || "host";

describe("LocalDiskBlobStore layout", () => {
  test("a blob is a read-only file at <root>/ab/cd/<hash> and puts leave no temp files", async () => {
    const store = await LocalDiskBlobStore.open(dir);
    const bytes = bytesOf(1000, 1);
    const hash = sha256(bytes);
    await store.put(hash, bytes, { size: bytes.length });
    await expect(store.put(hash, bytesOf(1000, 2), { size: 1000 })).rejects.toThrow();
    const st = await stat(join(dir, hash.slice(0, 2), hash.slice(2, 4), hash));
    expect(st.size).toBe(1000);
    expect(st.mode & 0o777).toBe(0o444);
    expect(await readdir(join(dir, "tmp"))).toEqual([]);
  });

  test("a second put neither rewrites nor replaces the file", async () => {
    const store = await LocalDiskBlobStore.open(dir);
    const bytes = bytesOf(5000, 3);
    const hash = sha256(bytes);
    await store.put(hash, bytes, { size: bytes.length });
    const path = join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);
    const before = await stat(path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.put(hash, bytes, { size: bytes.length })).toEqual({ created: false });
    const after = await stat(path);
    expect([after.ino, after.mtimeMs, after.nlink]).toEqual([before.ino, before.mtimeMs, before.nlink]);
  });

  test("list ignores files that are not blobs in their right place", async () => {
    const store = await LocalDiskBlobStore.open(dir);
    const bytes = bytesOf(10, 4);
    const hash = sha256(bytes);
    await store.put(hash, bytes, { size: 10 });
    const other = sha256(bytesOf(10, 5));
    const wrongShard = other.startsWith("00") ? "11" : "00";
    await mkdir(join(dir, wrongShard, "00"), { recursive: true });
    await writeFile(join(dir, wrongShard, "00", other), "misplaced");
    await writeFile(join(dir, hash.slice(0, 2), hash.slice(2, 4), "README"), "not a blob");
    await mkdir(join(dir, "zz"), { recursive: true });
    await writeFile(join(dir, "notes.txt"), "hello");
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed).toEqual([hash]);
  });

  test("a blob deleted while it is being read is still read whole", async () => {
    const store = await LocalDiskBlobStore.open(dir);
    const bytes = bytesOf(1024 * 1024, 6);
    const hash = sha256(bytes);
    await store.put(hash, bytes, { size: bytes.length });
    const reading = await store.get(hash);
    await store.delete(hash);
    expect(await store.has(hash)).toBe(false);
    expect(Buffer.from(await readAll(reading)).equals(bytes)).toBe(true);
  });
});

describe("LocalDiskBlobStore.open removes stale temp files", () => {
  test("it removes temps of dead local processes and old temps, and keeps live writers' temps", async () => {
    await mkdir(join(dir, "tmp"), { recursive: true });
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: never a live process
    const temps = {
      deadLocal: `${HOST}~${deadPid}~aa.tmp`,
      liveLocal: `${HOST}~${process.pid}~bb.tmp`,
      otherHostFresh: "other-host~1~cc.tmp",
      otherHostOld: "other-host~1~dd.tmp",
      strayOld: "something-else",
    };
    for (const name of Object.values(temps)) await writeFile(join(dir, "tmp", name), "partial");
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(dir, "tmp", temps.otherHostOld), twoDaysAgo, twoDaysAgo);
    await utimes(join(dir, "tmp", temps.strayOld), twoDaysAgo, twoDaysAgo);

    await LocalDiskBlobStore.open(dir);
    expect((await readdir(join(dir, "tmp"))).sort()).toEqual([temps.liveLocal, temps.otherHostFresh].sort());
  });

  test("it creates the root and its tmp folder when missing", async () => {
    const root = join(dir, "a", "b");
    const store = await LocalDiskBlobStore.open(root);
    expect(store.root).toBe(root);
    expect(await readdir(root)).toEqual(["tmp"]);
  });
});
