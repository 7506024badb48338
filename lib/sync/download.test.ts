import "fake-indexeddb/auto";
import { describe, expect, test } from "vitest";
import { type ChunkHash, chunkBytes, xorshift32Bytes } from "@/lib/chunking";
import { ChunkCache } from "./chunk-cache";
import { ChunkCorruptError } from "./chunk-verify";
import { downloadChunks, type FetchChunk, httpChunkFetcher, InvalidChunkListError } from "./download";
import { SyncTransportError } from "./errors";

let n = 0;
const openCache = (maxBytes?: number) =>
  ChunkCache.open("user", {
    databaseName: `cairn-download-test-${process.pid}-${n++}`,
    maxBytes,
    estimate: async () => ({}),
  });

/** A file cut by lib/chunking, and a fake network serving its chunks that records every fetch. */
async function served(bytes: Uint8Array) {
  const chunks = await chunkBytes(bytes, { withBytes: true });
  const store = new Map(chunks.map((c) => [c.hash as string, c.bytes!]));
  const fetched: string[] = [];
  let active = 0;
  let maxActive = 0;
  const fetchChunk: FetchChunk = async (hash, signal) => {
    fetched.push(hash);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      await new Promise((r) => setTimeout(r, 2));
      signal.throwIfAborted();
      const found = store.get(hash);
      if (!found) throw new Error(`no chunk ${hash}`);
      return Uint8Array.from(found);
    } finally {
      active--;
    }
  };
  const list = chunks.map((c) => ({ hash: c.hash as string, offset: c.offset, size: c.size }));
  return { list, store, fetched, fetchChunk, maxActive: () => maxActive };
}

/** Whether a Blob holds exactly these bytes (compared natively: deep equality on MiBs is slow). */
async function same(blob: Blob, bytes: Uint8Array) {
  return Buffer.compare(Buffer.from(await blob.arrayBuffer()), Buffer.from(bytes)) === 0;
}

describe("downloadChunks", () => {
  test("assembles a version from its chunks, at most `concurrency` requests at once", async () => {
    const bytes = xorshift32Bytes(5 * 1024 * 1024, 7);
    const net = await served(bytes);
    expect(net.list.length).toBeGreaterThan(3);
    const seen: number[] = [];
    const { blob, progress } = await downloadChunks(net.list, {
      fetchChunk: net.fetchChunk,
      concurrency: 2,
      type: "application/octet-stream",
      onProgress: (p) => seen.push(p.bytesDone),
    });
    expect(await same(blob, bytes)).toBe(true);
    expect(blob.type).toBe("application/octet-stream");
    expect(net.maxActive()).toBe(2);
    expect(progress).toMatchObject({ bytesDone: bytes.length, bytesFetched: bytes.length });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  test("a newer version whose middle changed fetches only the chunks the cache lacks", async () => {
    const cache = await openCache();
    const v1 = xorshift32Bytes(8 * 1024 * 1024, 11);
    const v2 = Uint8Array.from(v1);
    v2.set(xorshift32Bytes(1024, 12), 4 * 1024 * 1024);
    const net1 = await served(v1);
    await downloadChunks(net1.list, { fetchChunk: net1.fetchChunk, cache });
    const net2 = await served(v2);
    const { blob, progress } = await downloadChunks(net2.list, { fetchChunk: net2.fetchChunk, cache });
    expect(await same(blob, v2)).toBe(true);
    const old = new Set(net1.list.map((c) => c.hash));
    expect(net2.fetched).toEqual(net2.list.map((c) => c.hash).filter((h) => !old.has(h)));
    expect(net2.fetched.length).toBeGreaterThanOrEqual(1);
    expect(net2.fetched.length).toBeLessThanOrEqual(3);
    expect(progress.chunksToFetch).toBe(net2.fetched.length);
  });

  test("a range needs only the chunks that overlap it", async () => {
    const bytes = xorshift32Bytes(6 * 1024 * 1024, 3);
    const net = await served(bytes);
    const start = 100;
    const end = net.list[1]!.offset + 10;
    const { blob } = await downloadChunks(net.list, { fetchChunk: net.fetchChunk, range: { start, end } });
    expect(await same(blob, bytes.subarray(start, end))).toBe(true);
    expect(net.fetched).toEqual([net.list[0]!.hash, net.list[1]!.hash]);
  });

  test("a chunk named twice is fetched once", async () => {
    const piece = xorshift32Bytes(300_000, 5);
    const net = await served(piece);
    const [only] = net.list;
    const list = [only!, { ...only!, offset: only!.size }];
    const { blob } = await downloadChunks(list, { fetchChunk: net.fetchChunk });
    expect(blob.size).toBe(2 * piece.length);
    expect(net.fetched).toHaveLength(1);
  });

  test("corrupt bytes from the network fail the download and are not cached", async () => {
    const cache = await openCache();
    const bytes = xorshift32Bytes(300_000, 9);
    const net = await served(bytes);
    const bad: FetchChunk = async (hash, signal) => {
      const good = await net.fetchChunk(hash, signal);
      good[10]! ^= 0xff;
      return good;
    };
    await expect(downloadChunks(net.list, { fetchChunk: bad, cache })).rejects.toBeInstanceOf(
      ChunkCorruptError,
    );
    expect(await cache.has(net.list[0]!.hash)).toBe(false);
    await expect(downloadChunks(net.list, { fetchChunk: bad })).rejects.toBeInstanceOf(ChunkCorruptError);
  });

  test("a failed fetch rejects the download; an abort rejects with the signal's reason", async () => {
    const bytes = xorshift32Bytes(4 * 1024 * 1024, 13);
    const net = await served(bytes);
    const failing: FetchChunk = async (hash, signal) => {
      if (hash === net.list[1]!.hash) throw new Error("boom");
      return net.fetchChunk(hash, signal);
    };
    await expect(downloadChunks(net.list, { fetchChunk: failing, concurrency: 1 })).rejects.toThrow("boom");

    const controller = new AbortController();
    const reason = new DOMException("stop", "AbortError");
    const aborting: FetchChunk = async (hash, signal) => {
      controller.abort(reason);
      return net.fetchChunk(hash, signal);
    };
    await expect(downloadChunks(net.list, { fetchChunk: aborting, signal: controller.signal })).rejects.toBe(
      reason,
    );
  });

  test("a broken cache is reported and the download goes on without it", async () => {
    const bytes = xorshift32Bytes(300_000, 21);
    const net = await served(bytes);
    const errors: unknown[] = [];
    const broken = {
      getMany: () => Promise.reject(new Error("closed")),
      put: () => Promise.reject(new Error("quota")),
    };
    const { blob } = await downloadChunks(net.list, {
      fetchChunk: net.fetchChunk,
      cache: broken,
      onCacheError: (e) => errors.push(e),
    });
    expect(await same(blob, bytes)).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(["closed", "quota"]);
  });

  test("a chunk list with gaps or bad hashes is refused", async () => {
    const fetchChunk: FetchChunk = async () => new Uint8Array(1);
    const hash = "a".repeat(64);
    await expect(
      downloadChunks(
        [
          { hash, offset: 0, size: 10 },
          { hash, offset: 11, size: 10 },
        ],
        { fetchChunk },
      ),
    ).rejects.toBeInstanceOf(InvalidChunkListError);
    await expect(
      downloadChunks([{ hash: "nope", offset: 0, size: 1 }], { fetchChunk }),
    ).rejects.toBeInstanceOf(InvalidChunkListError);
    expect((await downloadChunks([], { fetchChunk })).blob.size).toBe(0);
  });
});

describe("httpChunkFetcher", () => {
  test("GETs /api/blocks/:hash with the cookie and maps a refusal to SyncTransportError", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return String(url).endsWith("b".repeat(64))
        ? new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "chunk not found" } }), {
            status: 404,
          })
        : new Response(new Uint8Array([1, 2, 3]), { status: 200 });
    };
    const fetchChunk = httpChunkFetcher({ baseUrl: "http://x", fetch: fake as typeof fetch });
    const signal = new AbortController().signal;
    expect(await fetchChunk("a".repeat(64) as ChunkHash, signal)).toEqual(new Uint8Array([1, 2, 3]));
    expect(calls[0]).toMatchObject({
      url: `http://x/api/blocks/${"a".repeat(64)}`,
      init: { credentials: "same-origin" },
    });
    const refused = fetchChunk("b".repeat(64) as ChunkHash, signal);
    await expect(refused).rejects.toBeInstanceOf(SyncTransportError);
    await expect(refused).rejects.toMatchObject({ kind: "http", status: 404, code: "NOT_FOUND" });
  });
});
