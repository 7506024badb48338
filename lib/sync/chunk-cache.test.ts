// IndexedDB in Node: fake-indexeddb implements the IndexedDB API in memory (see store/idb.test.ts).
import "fake-indexeddb/auto";
import { describe, expect, test } from "vitest";
import { hashChunk } from "@/lib/chunking";
import { ChunkCache, ChunkCorruptError, chunkCacheLimit, chunkCacheName } from "./chunk-cache";

const KiB = 1024;

let n = 0;
/** A cache in a fresh database, a manual clock, and no quota unless given. */
async function openCache(options: { maxBytes?: number; quota?: number } = {}) {
  const databaseName = `cairn-chunks-test-${process.pid}-${n++}`;
  let clock = 1_000;
  const cache = await ChunkCache.open("user", {
    databaseName,
    maxBytes: options.maxBytes,
    estimate: async () => (options.quota === undefined ? {} : { quota: options.quota }),
    now: () => clock++,
  });
  return { cache, databaseName };
}

/** A chunk of `size` bytes filled from `seed`, and its hash. */
async function chunk(seed: number, size = 10 * KiB) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
  bytes[0] = seed & 0xff;
  bytes[1] = seed >> 8;
  return { bytes, hash: await hashChunk(bytes) };
}

async function heldOf(cache: ChunkCache, hashes: string[]): Promise<boolean[]> {
  return Promise.all(hashes.map((h) => cache.has(h)));
}

describe("ChunkCache", () => {
  test("a stored chunk reads back byte for byte, by its hash", async () => {
    const { cache } = await openCache();
    const a = await chunk(1);
    await cache.put(a.hash, a.bytes);
    const blob = await cache.get(a.hash);
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(a.bytes);
    expect(await cache.get((await chunk(2)).hash)).toBeUndefined();
    expect(await cache.stats()).toMatchObject({ chunks: 1, bytes: 10 * KiB, pinnedBytes: 0 });
  });

  test("bytes that do not hash to their name are refused and nothing is stored", async () => {
    const { cache } = await openCache();
    const a = await chunk(1);
    const tampered = Uint8Array.from(a.bytes);
    tampered[500]! ^= 1;
    await expect(cache.put(a.hash, tampered)).rejects.toBeInstanceOf(ChunkCorruptError);
    await expect(cache.put(a.hash, new Uint8Array(0))).rejects.toBeInstanceOf(ChunkCorruptError);
    expect(await cache.has(a.hash)).toBe(false);
    expect(await cache.stats()).toMatchObject({ chunks: 0, bytes: 0 });
  });

  test("over the bound, the least recently used chunks are evicted first (a read counts as a use)", async () => {
    const { cache } = await openCache({ maxBytes: 30 * KiB });
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map((s) => chunk(s)));
    await cache.put(a!.hash, a!.bytes);
    await cache.put(b!.hash, b!.bytes);
    await cache.put(c!.hash, c!.bytes);
    await cache.get(a!.hash); // a is now more recent than b and c
    await cache.put(d!.hash, d!.bytes); // over by one chunk: b goes
    expect(await heldOf(cache, [a!.hash, b!.hash, c!.hash, d!.hash])).toEqual([true, false, true, true]);
    await cache.put(c!.hash, c!.bytes); // storing again is a use too: now a is the oldest
    await cache.put(e!.hash, e!.bytes);
    expect(await heldOf(cache, [a!.hash, c!.hash, d!.hash, e!.hash])).toEqual([false, true, true, true]);
  });

  test("the bound is respected however many chunks go in", async () => {
    const { cache } = await openCache({ maxBytes: 45 * KiB });
    for (let s = 0; s < 20; s++) {
      const x = await chunk(s, (7 + (s % 5)) * KiB);
      await cache.put(x.hash, x.bytes);
      const stats = await cache.stats();
      expect(stats.bytes).toBeLessThanOrEqual(45 * KiB);
    }
    const stats = await cache.stats();
    expect(stats.bytes).toBeGreaterThan(45 * KiB - 11 * KiB); // evicts only what it must
    expect(stats.chunks).toBeGreaterThan(3);
  });

  test("the bound is also at most a fraction of the storage quota", async () => {
    expect(
      await chunkCacheLimit({ maxBytes: 256 * KiB, estimate: async () => ({ quota: 1000 * KiB }) }),
    ).toBe(200 * KiB);
    expect(
      await chunkCacheLimit({ maxBytes: 100 * KiB, estimate: async () => ({ quota: 1000 * KiB }) }),
    ).toBe(100 * KiB);
    expect(await chunkCacheLimit({ maxBytes: 100 * KiB, estimate: async () => ({}) })).toBe(100 * KiB);
    expect(
      await chunkCacheLimit({
        maxBytes: 100 * KiB,
        estimate: () => Promise.reject(new Error("no storage API")),
      }),
    ).toBe(100 * KiB);
    const { cache } = await openCache({ maxBytes: 1024 * KiB, quota: 100 * KiB });
    expect(cache.limit).toBe(20 * KiB);
  });

  test("pinned chunks are never evicted, count apart, and become evictable when unpinned", async () => {
    const { cache } = await openCache({ maxBytes: 20 * KiB });
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map((s) => chunk(s)));
    await cache.put(a!.hash, a!.bytes);
    await cache.pin("file-1", [a!.hash, b!.hash]); // b is not held yet: pinned when it arrives
    await cache.put(b!.hash, b!.bytes);
    expect(await cache.stats()).toMatchObject({ chunks: 2, bytes: 20 * KiB, pinnedBytes: 20 * KiB });
    for (const x of [c, d, e]) await cache.put(x!.hash, x!.bytes);
    // a and b are the oldest but pinned; only unpinned bytes are bounded (d and e fit).
    expect(await heldOf(cache, [a!.hash, b!.hash, c!.hash, d!.hash, e!.hash])).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(await cache.stats()).toMatchObject({ bytes: 40 * KiB, pinnedBytes: 20 * KiB });

    // Another file pinning b keeps it pinned when file-1 lets go.
    await cache.pin("file-2", [b!.hash]);
    await cache.unpin("file-1");
    expect(await cache.pinnedHashes("file-1")).toEqual([]);
    // a is unpinned now, and with d and e over the bound: a's last use is the oldest, so it goes.
    expect(await cache.stats()).toMatchObject({ bytes: 30 * KiB, pinnedBytes: 10 * KiB });
    expect(await heldOf(cache, [a!.hash, b!.hash, d!.hash, e!.hash])).toEqual([false, true, true, true]);
    await cache.unpin("file-2");
    expect(await cache.stats()).toMatchObject({ pinnedBytes: 0 });
    expect((await cache.stats()).bytes).toBeLessThanOrEqual(20 * KiB);
  });

  test("re-pinning a file replaces its earlier pin", async () => {
    const { cache } = await openCache({ maxBytes: 100 * KiB });
    const [a, b] = await Promise.all([1, 2].map((s) => chunk(s)));
    await cache.put(a!.hash, a!.bytes);
    await cache.put(b!.hash, b!.bytes);
    await cache.pin("f", [a!.hash]);
    await cache.pin("f", [b!.hash]);
    expect(await cache.pinnedHashes("f")).toEqual([b!.hash]);
    expect(await cache.stats()).toMatchObject({ pinnedBytes: 10 * KiB });
  });

  test("another connection to the same database sees the same chunks and totals; clear empties it", async () => {
    const { cache, databaseName } = await openCache();
    const a = await chunk(1);
    await cache.put(a.hash, a.bytes);
    const other = await ChunkCache.open("user", { databaseName, estimate: async () => ({}) });
    expect(await other.has(a.hash)).toBe(true);
    expect(await other.stats()).toMatchObject({ chunks: 1, bytes: 10 * KiB });
    await other.clear();
    expect(await cache.has(a.hash)).toBe(false);
    expect(await cache.stats()).toMatchObject({ chunks: 0, bytes: 0, pinnedBytes: 0 });
  });

  test("each user has their own database, and destroy deletes it even while a cache has it open", async () => {
    expect(chunkCacheName("u1")).toBe("cairn-chunks-u1");
    const { cache, databaseName } = await openCache();
    const a = await chunk(1);
    await cache.put(a.hash, a.bytes);
    await ChunkCache.destroy("user", { databaseName }); // the open connection steps aside
    const fresh = await ChunkCache.open("user", { databaseName, estimate: async () => ({}) });
    expect(await fresh.has(a.hash)).toBe(false);
  });
});
