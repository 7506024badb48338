/**
 * The BlobStore conformance suite: the contract in `blob-store.ts` as tests, run against every
 * adapter (see `blob-store.test.ts`), as restic runs `internal/backend/test` against each backend.
 * Each test gets a fresh, empty store from `makeStore` and calls its `cleanup` afterwards.
 */
import { afterEach, describe, expect, test } from "vitest";
import { type ChunkHash, InvalidChunkHashError } from "../chunking/chunk-hash";
import {
  BlobHashMismatchError,
  BlobNotFoundError,
  BlobSizeMismatchError,
  type BlobStore,
  BlobStoreClosedError,
  BlobTooLargeError,
  MAX_BLOB_SIZE,
} from "./blob-store";
import { bytesOf, piecesOf, readAll, sha256 } from "./testing/test-bytes";

export type MakeStore = () => Promise<{ store: BlobStore; cleanup: () => Promise<void> }>;

async function listAll(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const hash of store.list()) out.push(hash);
  return out.sort();
}

export function runBlobStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`BlobStore conformance: ${name}`, () => {
    let cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      const pending = cleanups;
      cleanups = [];
      for (const cleanup of pending.reverse()) await cleanup();
    });
    const open = async (): Promise<BlobStore> => {
      const { store, cleanup } = await makeStore();
      cleanups.push(async () => {
        await store.close();
        await cleanup();
      });
      return store;
    };

    /** Asserts that nothing at all is visible for `hash`. */
    const expectAbsent = async (store: BlobStore, hash: ChunkHash) => {
      expect(await store.has(hash)).toBe(false);
      expect(await store.stat(hash)).toBeUndefined();
      await expect(store.get(hash)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await listAll(store)).not.toContain(hash);
    };

    describe("put and get", () => {
      const sizes = [0, 1, 1000, 1024 * 1024 + 3, MAX_BLOB_SIZE];
      for (const size of sizes) {
        test(`a blob of ${size} bytes put as one array reads back identical`, async () => {
          const store = await open();
          const bytes = bytesOf(size, size + 1);
          const hash = sha256(bytes);
          expect(await store.put(hash, bytes, { size })).toEqual({ created: true });
          expect(await store.has(hash)).toBe(true);
          expect(await store.stat(hash)).toEqual({ size });
          expect(Buffer.from(await readAll(await store.get(hash))).equals(Buffer.from(bytes))).toBe(true);
        });
      }

      test("a blob put as a stream of uneven pieces reads back identical", async () => {
        const store = await open();
        const bytes = bytesOf(300_001, 7);
        const hash = sha256(bytes);
        expect(await store.put(hash, piecesOf(bytes, 7777), { size: bytes.length })).toEqual({
          created: true,
        });
        expect(Buffer.from(await readAll(await store.get(hash))).equals(Buffer.from(bytes))).toBe(true);
      });

      test("a large get streams in several pieces instead of one buffer", async () => {
        const store = await open();
        const bytes = bytesOf(MAX_BLOB_SIZE, 3);
        const hash = sha256(bytes);
        await store.put(hash, bytes, { size: bytes.length });
        let pieces = 0;
        for await (const _ of await store.get(hash)) pieces++;
        expect(pieces).toBeGreaterThan(1);
      });

      test("a get that stops early leaves the store usable", async () => {
        const store = await open();
        const bytes = bytesOf(MAX_BLOB_SIZE, 4);
        const hash = sha256(bytes);
        await store.put(hash, bytes, { size: bytes.length });
        for await (const _ of await store.get(hash)) break;
        expect(await readAll(await store.get(hash, { start: 10, end: 20 }))).toEqual(bytes.slice(10, 20));
      });
    });

    describe("put refuses a wrong body and stores nothing", () => {
      test("a body whose SHA-256 differs throws BlobHashMismatchError with both hashes", async () => {
        const store = await open();
        const bytes = bytesOf(5000, 11);
        const claimed = sha256(bytesOf(5000, 12));
        const err = await store.put(claimed, bytes, { size: bytes.length }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BlobHashMismatchError);
        expect(err).toMatchObject({ expected: claimed, actual: sha256(bytes) });
        await expectAbsent(store, claimed);
        await expectAbsent(store, sha256(bytes));
      });

      test("a streamed body whose SHA-256 differs throws BlobHashMismatchError", async () => {
        const store = await open();
        const bytes = bytesOf(200_000, 13);
        const claimed = sha256(bytesOf(200_000, 14));
        await expect(
          store.put(claimed, piecesOf(bytes, 10_000), { size: bytes.length }),
        ).rejects.toBeInstanceOf(BlobHashMismatchError);
        await expectAbsent(store, claimed);
        expect(await listAll(store)).toEqual([]);
      });

      test("a body shorter than declared throws BlobSizeMismatchError", async () => {
        const store = await open();
        const bytes = bytesOf(100_000, 15);
        const hash = sha256(bytes);
        const truncated = bytes.slice(0, 60_000);
        const err = await store
          .put(hash, piecesOf(truncated, 8192), { size: bytes.length })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BlobSizeMismatchError);
        expect(err).toMatchObject({ hash, expected: 100_000, actual: 60_000 });
        await expectAbsent(store, hash);
        await expect(store.put(hash, truncated, { size: bytes.length })).rejects.toBeInstanceOf(
          BlobSizeMismatchError,
        );
        await expectAbsent(store, hash);
      });

      test("a body longer than declared throws BlobSizeMismatchError and stops reading", async () => {
        const store = await open();
        const bytes = bytesOf(100_000, 16);
        const hash = sha256(bytes);
        let pulled = 0;
        async function* endless() {
          for (;;) {
            pulled++;
            yield bytesOf(10_000, pulled);
          }
        }
        const err = await store.put(hash, endless(), { size: bytes.length }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BlobSizeMismatchError);
        expect((err as BlobSizeMismatchError).actual).toBeGreaterThan(100_000);
        expect(pulled).toBe(11);
        await expectAbsent(store, hash);
        const longer = new Uint8Array(bytes.length + 1);
        longer.set(bytes);
        await expect(store.put(hash, longer, { size: bytes.length })).rejects.toBeInstanceOf(
          BlobSizeMismatchError,
        );
        await expectAbsent(store, hash);
      });

      test("a declared size over 4 MiB throws BlobTooLargeError without reading the body", async () => {
        const store = await open();
        const bytes = bytesOf(MAX_BLOB_SIZE + 1, 17);
        const hash = sha256(bytes);
        let pulled = 0;
        async function* counted() {
          pulled++;
          yield bytes;
        }
        const err = await store.put(hash, counted(), { size: bytes.length }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BlobTooLargeError);
        expect(err).toMatchObject({ hash, size: MAX_BLOB_SIZE + 1, limit: MAX_BLOB_SIZE });
        expect(pulled).toBe(0);
        await expect(store.put(hash, bytes, { size: bytes.length })).rejects.toBeInstanceOf(
          BlobTooLargeError,
        );
        await expectAbsent(store, hash);
      });

      test("a 4 MiB declaration with a longer body stops at the limit with BlobSizeMismatchError", async () => {
        const store = await open();
        const bytes = bytesOf(MAX_BLOB_SIZE + 1, 18);
        const hash = sha256(bytes.slice(0, MAX_BLOB_SIZE));
        await expect(store.put(hash, piecesOf(bytes), { size: MAX_BLOB_SIZE })).rejects.toBeInstanceOf(
          BlobSizeMismatchError,
        );
        await expectAbsent(store, hash);
      });

      test("an invalid size throws RangeError", async () => {
        const store = await open();
        const bytes = bytesOf(10);
        for (const size of [-1, 1.5, Number.NaN]) {
          await expect(store.put(sha256(bytes), bytes, { size })).rejects.toBeInstanceOf(RangeError);
        }
        expect(await listAll(store)).toEqual([]);
      });

      test("a hash that is not a ChunkHash is refused before it can become a name", async () => {
        const store = await open();
        const bytes = bytesOf(10);
        for (const bad of ["../../../etc/passwd", "ABC", sha256(bytes).toUpperCase(), `${sha256(bytes)}/x`]) {
          const hash = bad as ChunkHash;
          await expect(store.put(hash, bytes, { size: 10 })).rejects.toBeInstanceOf(InvalidChunkHashError);
          await expect(store.get(hash)).rejects.toBeInstanceOf(InvalidChunkHashError);
          await expect(store.stat(hash)).rejects.toBeInstanceOf(InvalidChunkHashError);
          await expect(store.delete(hash)).rejects.toBeInstanceOf(InvalidChunkHashError);
        }
      });

      test("an aborted put rejects with the signal's reason and stores nothing", async () => {
        const store = await open();
        const bytes = bytesOf(200_000, 19);
        const hash = sha256(bytes);
        const controller = new AbortController();
        async function* halfThenHang() {
          yield bytes.slice(0, 100_000);
          controller.abort(new Error("client went away"));
          await new Promise(() => {}); // never continues
        }
        await expect(
          store.put(hash, halfThenHang(), { size: bytes.length, signal: controller.signal }),
        ).rejects.toThrow("client went away");
        await expectAbsent(store, hash);
        const aborted = AbortSignal.abort();
        await expect(store.put(hash, bytes, { size: bytes.length, signal: aborted })).rejects.toBe(
          aborted.reason,
        );
        await expectAbsent(store, hash);
      });
    });

    describe("idempotence and concurrency", () => {
      test("a second put of a stored blob resolves created: false and the content is unchanged", async () => {
        const store = await open();
        const bytes = bytesOf(123_456, 21);
        const hash = sha256(bytes);
        expect(await store.put(hash, bytes, { size: bytes.length })).toEqual({ created: true });
        expect(await store.put(hash, piecesOf(bytes), { size: bytes.length })).toEqual({ created: false });
        expect(await store.put(hash, bytes, { size: bytes.length })).toEqual({ created: false });
        expect(Buffer.from(await readAll(await store.get(hash))).equals(Buffer.from(bytes))).toBe(true);
        expect(await listAll(store)).toEqual([hash]);
      });

      test("a second put with a wrong body still fails and leaves the stored blob intact", async () => {
        const store = await open();
        const bytes = bytesOf(50_000, 22);
        const hash = sha256(bytes);
        await store.put(hash, bytes, { size: bytes.length });
        const other = bytesOf(50_000, 23);
        await expect(store.put(hash, other, { size: other.length })).rejects.toBeInstanceOf(
          BlobHashMismatchError,
        );
        await expect(store.put(hash, piecesOf(other), { size: other.length })).rejects.toBeInstanceOf(
          BlobHashMismatchError,
        );
        expect(Buffer.from(await readAll(await store.get(hash))).equals(Buffer.from(bytes))).toBe(true);
      });

      test("concurrent puts of the same hash all succeed, at most one creates, and the blob is intact", async () => {
        const store = await open();
        const bytes = bytesOf(MAX_BLOB_SIZE, 24);
        const hash = sha256(bytes);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.put(hash, i % 2 ? bytes : piecesOf(bytes, 100_000 + i), { size: bytes.length }),
          ),
        );
        expect(results.filter((r) => r.created).length).toBeLessThanOrEqual(1);
        expect(await store.stat(hash)).toEqual({ size: bytes.length });
        expect(sha256(await readAll(await store.get(hash)))).toBe(hash);
        expect(await listAll(store)).toEqual([hash]);
      });

      test("concurrent puts of different blobs all land", async () => {
        const store = await open();
        const blobs = Array.from({ length: 12 }, (_, i) => bytesOf(10_000 + i, 100 + i));
        const results = await Promise.all(
          blobs.map((b) => store.put(sha256(b), piecesOf(b, 3000), { size: b.length })),
        );
        expect(results.every((r) => r.created)).toBe(true);
        expect(await listAll(store)).toEqual(blobs.map(sha256).sort());
      });
    });

    describe("ranged get", () => {
      const size = 100_000;
      const bytes = bytesOf(size, 31);
      const hash = sha256(bytes);
      const ranges: Array<[string, number, number]> = [
        ["the start", 0, 1000],
        ["the middle", 40_000, 60_001],
        ["the suffix", size - 777, size],
        ["the whole blob", 0, size],
        ["one byte", 5, 6],
        ["an empty range", 500, 500],
        ["an empty range at the end", size, size],
        ["an empty range at the start", 0, 0],
      ];
      for (const [what, start, end] of ranges) {
        test(`a range reads exactly ${what} [${start}, ${end})`, async () => {
          const store = await open();
          await store.put(hash, bytes, { size });
          const got = await readAll(await store.get(hash, { start, end }));
          expect(got.length).toBe(end - start);
          expect(Buffer.from(got).equals(Buffer.from(bytes.subarray(start, end)))).toBe(true);
        });
      }

      test("an empty range of an empty blob reads nothing", async () => {
        const store = await open();
        const empty = new Uint8Array(0);
        await store.put(sha256(empty), empty, { size: 0 });
        expect((await readAll(await store.get(sha256(empty), { start: 0, end: 0 }))).length).toBe(0);
        await expect(store.get(sha256(empty), { start: 0, end: 1 })).rejects.toBeInstanceOf(RangeError);
      });

      test("invalid ranges throw RangeError", async () => {
        const store = await open();
        await store.put(hash, bytes, { size });
        const bad: Array<[number, number]> = [
          [-1, 10],
          [10, 5],
          [0, size + 1],
          [size - 1, size + 10],
          [size, size + 1],
          [size + 5, size + 5],
          [0.5, 10],
          [0, Number.POSITIVE_INFINITY],
        ];
        for (const [start, end] of bad) {
          await expect(store.get(hash, { start, end }), `[${start}, ${end})`).rejects.toBeInstanceOf(
            RangeError,
          );
        }
        // The store is still fine afterwards.
        expect((await readAll(await store.get(hash, { start: 1, end: 3 }))).length).toBe(2);
      });

      test("a ranged get of a missing blob throws BlobNotFoundError", async () => {
        const store = await open();
        await expect(store.get(hash, { start: 0, end: 10 })).rejects.toBeInstanceOf(BlobNotFoundError);
        await expect(store.get(hash, { start: 3, end: 3 })).rejects.toBeInstanceOf(BlobNotFoundError);
      });
    });

    describe("missing blobs, delete, list, stat", () => {
      test("get of a missing hash throws BlobNotFoundError carrying the hash", async () => {
        const store = await open();
        const hash = sha256(bytesOf(10, 41));
        const err = await store.get(hash).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BlobNotFoundError);
        expect(err).toMatchObject({ hash });
        expect(await store.has(hash)).toBe(false);
        expect(await store.stat(hash)).toBeUndefined();
      });

      test("delete removes a blob, is idempotent, and the blob can be put again", async () => {
        const store = await open();
        const bytes = bytesOf(4096, 42);
        const hash = sha256(bytes);
        await store.delete(hash); // never existed
        await store.put(hash, bytes, { size: bytes.length });
        await store.delete(hash);
        await expectAbsent(store, hash);
        await store.delete(hash);
        expect(await store.put(hash, bytes, { size: bytes.length })).toEqual({ created: true });
        expect(await readAll(await store.get(hash))).toEqual(bytes);
      });

      test("list returns exactly the stored blobs, each once", async () => {
        const store = await open();
        expect(await listAll(store)).toEqual([]);
        const blobs = Array.from({ length: 7 }, (_, i) => bytesOf(100 * i, 50 + i));
        for (const b of blobs) await store.put(sha256(b), b, { size: b.length });
        await store.put(sha256(blobs[3]!), blobs[3]!, { size: blobs[3]!.length });
        await store.delete(sha256(blobs[5]!));
        const expected = blobs.filter((_, i) => i !== 5).map(sha256);
        expect(await listAll(store)).toEqual([...new Set(expected)].sort());
      });

      test("stat reports each blob's size", async () => {
        const store = await open();
        for (const size of [0, 1, 65_537]) {
          const bytes = bytesOf(size, 60 + size);
          await store.put(sha256(bytes), bytes, { size });
          expect(await store.stat(sha256(bytes))).toEqual({ size });
        }
      });

      test("a closed store refuses further calls", async () => {
        const store = await open();
        const bytes = bytesOf(10);
        await store.close();
        await expect(store.put(sha256(bytes), bytes, { size: 10 })).rejects.toBeInstanceOf(
          BlobStoreClosedError,
        );
        await expect(store.has(sha256(bytes))).rejects.toBeInstanceOf(BlobStoreClosedError);
      });
    });
  });
}
