/**
 * ChunkCache: chunk bytes this browser has downloaded, by hash, in IndexedDB (via `idb`), so a
 * newer version of a file costs only the chunks it does not share with what is held
 * (docs/sync-protocol.md, "Delta download"). Web APIs and idb only; no React, no fetch.
 *
 * Database `cairn-chunks-<userId>` (one per user, like `cairn-sync-<userId>`), version 1:
 * - `entries` keyPath `hash`: `{hash, size, lastUsed, used, lru?}`; index `byLru` on `lru`.
 *   `used` is a per-database counter taken on every put or read of the chunk (the use order);
 *   `lru` is a copy of it present only while the chunk is not pinned, so the index holds
 *   exactly the evictable chunks, least recently used first.
 * - `data`    out-of-line key `hash`: the chunk's bytes as a Blob (a browser keeps it on disk;
 *   reading one gives a handle, not a copy).
 * - `pins`    keyPath `fileId`: `{fileId, hashes}`; multiEntry index `byHash` on `hashes`. A
 *   chunk is pinned while any pin names it ("available offline", issue 6).
 * - `meta`    key `state`: `{bytes, pinnedBytes, chunks, tick}`, the running totals.
 * Every operation is one readwrite transaction over what it touches, so totals, pins and entries
 * agree even with several tabs writing.
 *
 * Bounds: unpinned bytes are kept at or under `limit` = min(`maxBytes` (256 MiB), `quotaFraction`
 * (0.2) × the origin's quota from `navigator.storage.estimate()` when the browser tells it); each
 * put evicts least-recently-used unpinned chunks until they fit. Pinned bytes are counted apart
 * and never evicted: bounding them is the pinning feature's job.
 *
 * Integrity: `put` hashes the bytes (crypto.subtle) and refuses, with ChunkCorruptError, bytes
 * that do not hash to the name they are stored under, so a read can trust what it gets.
 */
import { type DBSchema, deleteDB, type IDBPDatabase, type IDBPTransaction, openDB } from "idb";
import type { ChunkHash } from "@/lib/chunking";
import { verifyChunk } from "./chunk-verify";

export { ChunkCorruptError, verifyChunk } from "./chunk-verify";

export const DEFAULT_CHUNK_CACHE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_QUOTA_FRACTION = 0.2;

export const chunkCacheName = (userId: string) => `cairn-chunks-${userId}`;

interface Entry {
  hash: string;
  size: number;
  /** ms since the epoch (the injected clock): for people, not for ordering. */
  lastUsed: number;
  /** Use order: bigger is more recent. */
  used: number;
  /** `used`, absent while pinned, so `byLru` lists the evictable chunks only. */
  lru?: number;
}

interface Pin {
  fileId: string;
  hashes: string[];
}

interface State {
  bytes: number;
  pinnedBytes: number;
  chunks: number;
  tick: number;
}

interface ChunkDb extends DBSchema {
  entries: { key: string; value: Entry; indexes: { byLru: number } };
  data: { key: string; value: Blob };
  pins: { key: string; value: Pin; indexes: { byHash: string } };
  meta: { key: string; value: State };
}

type AllStores = ("entries" | "data" | "pins" | "meta")[];
type Tx = IDBPTransaction<ChunkDb, AllStores, "readwrite">;

const ALL: AllStores = ["entries", "data", "pins", "meta"];
const EMPTY: State = { bytes: 0, pinnedBytes: 0, chunks: 0, tick: 0 };

export interface ChunkCacheStats {
  /** Chunks held, pinned or not. */
  chunks: number;
  /** Bytes held, pinned or not. */
  bytes: number;
  /** Of `bytes`, those of pinned chunks (never evicted, not bounded by `limit`). */
  pinnedBytes: number;
  /** The bound on unpinned bytes. */
  limit: number;
}

export interface ChunkCacheOptions {
  /** Overrides the database name (tests). */
  databaseName?: string;
  /** Upper bound on unpinned bytes. Default 256 MiB. */
  maxBytes?: number;
  /** Also at most this fraction of the origin's storage quota, when known. Default 0.2. */
  quotaFraction?: number;
  /** The quota source; default `navigator.storage.estimate()` where it exists. */
  estimate?: () => Promise<{ quota?: number }>;
  /** Clock for `lastUsed` (ms). Default Date.now. */
  now?: () => number;
}

/** The bound on unpinned bytes: `maxBytes`, lowered to a fraction of the quota when known. */
export async function chunkCacheLimit(options: ChunkCacheOptions = {}): Promise<number> {
  const max = options.maxBytes ?? DEFAULT_CHUNK_CACHE_BYTES;
  const fraction = options.quotaFraction ?? DEFAULT_QUOTA_FRACTION;
  const estimate: () => Promise<{ quota?: number }> =
    options.estimate ??
    (() => {
      const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
      return storage?.estimate ? storage.estimate() : Promise.resolve({});
    });
  let quota: number | undefined;
  try {
    quota = (await estimate()).quota;
  } catch {
    quota = undefined; // no estimate (an old browser, a sandboxed frame): maxBytes alone
  }
  if (quota === undefined || !Number.isFinite(quota) || quota <= 0) return max;
  return Math.max(0, Math.min(max, Math.floor(quota * fraction)));
}

export class ChunkCache {
  private constructor(
    private readonly db: IDBPDatabase<ChunkDb>,
    /** The bound on unpinned bytes (fixed when opened). */
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Opens (creating on first use) the cache of one user. */
  static async open(userId: string, options: ChunkCacheOptions = {}): Promise<ChunkCache> {
    const limit = await chunkCacheLimit(options);
    const db = await openDB<ChunkDb>(options.databaseName ?? chunkCacheName(userId), 1, {
      upgrade(db) {
        db.createObjectStore("entries", { keyPath: "hash" }).createIndex("byLru", "lru");
        db.createObjectStore("data");
        db.createObjectStore("pins", { keyPath: "fileId" }).createIndex("byHash", "hashes", {
          multiEntry: true,
        });
        db.createObjectStore("meta");
      },
      // Another tab upgrading or deleting it (sign-out): let it.
      blocking() {
        db.close();
      },
    });
    return new ChunkCache(db, limit, options.now ?? Date.now);
  }

  /** Whether the chunk is held (does not count as a use). */
  async has(hash: string): Promise<boolean> {
    return (await this.db.count("entries", hash)) > 0;
  }

  /** The chunk's bytes, or undefined; a hit counts as a use. */
  async get(hash: string): Promise<Blob | undefined> {
    return (await this.getMany([hash])).get(hash);
  }

  /** The held ones of these chunks, in one transaction; each hit counts as a use. */
  async getMany(hashes: readonly string[]): Promise<Map<string, Blob>> {
    const found = new Map<string, Blob>();
    const tx = this.db.transaction(ALL, "readwrite");
    const state = await readState(tx);
    const now = this.now();
    for (const hash of new Set(hashes)) {
      const entry = await tx.objectStore("entries").get(hash);
      if (!entry) continue;
      const blob = await tx.objectStore("data").get(hash);
      if (!blob || blob.size !== entry.size) {
        // The browser lost part of a record: forget it, it is fetched again.
        await removeEntry(tx, state, entry);
        continue;
      }
      touch(entry, state, now);
      await tx.objectStore("entries").put(entry);
      found.set(hash, blob);
    }
    await tx.objectStore("meta").put(state, "state");
    await tx.done;
    return found;
  }

  /**
   * Stores a chunk under its hash after checking that the bytes hash to it (ChunkCorruptError
   * otherwise, nothing stored), then evicts least-recently-used unpinned chunks over the bound.
   * Storing a chunk already held only counts as a use.
   */
  async put(hash: ChunkHash | string, bytes: Uint8Array): Promise<void> {
    await verifyChunk(hash, bytes);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const tx = this.db.transaction(ALL, "readwrite");
    const state = await readState(tx);
    const entries = tx.objectStore("entries");
    const held = await entries.get(hash);
    if (held) {
      touch(held, state, this.now());
      await entries.put(held);
    } else {
      const pinned = (await tx.objectStore("pins").index("byHash").count(hash)) > 0;
      const entry: Entry = { hash, size: bytes.length, lastUsed: this.now(), used: ++state.tick };
      if (!pinned) entry.lru = entry.used;
      await entries.put(entry);
      await tx.objectStore("data").put(blob, hash);
      state.bytes += entry.size;
      state.chunks += 1;
      if (pinned) state.pinnedBytes += entry.size;
    }
    await this.evict(tx, state);
    await tx.objectStore("meta").put(state, "state");
    await tx.done;
  }

  /**
   * Pins these chunks for `fileId` (replacing that file's earlier pin): they are never evicted
   * while pinned. Chunks not held yet are pinned when they arrive.
   */
  async pin(fileId: string, hashes: readonly string[]): Promise<void> {
    await this.setPin(fileId, [...new Set(hashes)]);
  }

  /** Drops `fileId`'s pin; its chunks become evictable unless another pin names them. */
  async unpin(fileId: string): Promise<void> {
    await this.setPin(fileId, undefined);
  }

  private async setPin(fileId: string, hashes: string[] | undefined): Promise<void> {
    const tx = this.db.transaction(ALL, "readwrite");
    const state = await readState(tx);
    const pins = tx.objectStore("pins");
    const before = (await pins.get(fileId))?.hashes ?? [];
    if (hashes) await pins.put({ fileId, hashes });
    else await pins.delete(fileId);
    for (const hash of new Set([...before, ...(hashes ?? [])])) {
      const entry = await tx.objectStore("entries").get(hash);
      if (!entry) continue;
      const pinned = (await pins.index("byHash").count(hash)) > 0;
      const wasPinned = entry.lru === undefined;
      if (pinned === wasPinned) continue;
      if (pinned) {
        delete entry.lru;
        state.pinnedBytes += entry.size;
      } else {
        entry.lru = entry.used; // back in line where its last use puts it
        state.pinnedBytes -= entry.size;
      }
      await tx.objectStore("entries").put(entry);
    }
    await this.evict(tx, state);
    await tx.objectStore("meta").put(state, "state");
    await tx.done;
  }

  /** Hashes pinned for `fileId` (empty when it has no pin). */
  async pinnedHashes(fileId: string): Promise<string[]> {
    return (await this.db.get("pins", fileId))?.hashes ?? [];
  }

  /** The keys of every pin (file ids, and whatever else callers pin under). */
  async pinKeys(): Promise<string[]> {
    return this.db.getAllKeys("pins");
  }

  async stats(): Promise<ChunkCacheStats> {
    const state = (await this.db.get("meta", "state")) ?? EMPTY;
    return { chunks: state.chunks, bytes: state.bytes, pinnedBytes: state.pinnedBytes, limit: this.limit };
  }

  /** Forgets every chunk and pin. */
  async clear(): Promise<void> {
    const tx = this.db.transaction(ALL, "readwrite");
    await Promise.all([...ALL.map((name) => tx.objectStore(name).clear()), tx.done]);
  }

  close(): void {
    this.db.close();
  }

  /** Deletes a user's cache database (sign-out). Close any cache open on it first. */
  static async destroy(userId: string, options: { databaseName?: string } = {}): Promise<void> {
    await deleteDB(options.databaseName ?? chunkCacheName(userId));
  }

  /** Evicts least-recently-used unpinned chunks until unpinned bytes fit under the limit. */
  private async evict(tx: Tx, state: State): Promise<void> {
    if (state.bytes - state.pinnedBytes <= this.limit) return;
    let cursor = await tx.objectStore("entries").index("byLru").openCursor();
    while (cursor && state.bytes - state.pinnedBytes > this.limit) {
      const entry = cursor.value;
      await tx.objectStore("data").delete(entry.hash);
      await cursor.delete();
      state.bytes -= entry.size;
      state.chunks -= 1;
      cursor = await cursor.continue();
    }
  }
}

async function readState(tx: Tx): Promise<State> {
  return { ...((await tx.objectStore("meta").get("state")) ?? EMPTY) };
}

function touch(entry: Entry, state: State, now: number): void {
  entry.lastUsed = now;
  entry.used = ++state.tick;
  if (entry.lru !== undefined) entry.lru = entry.used;
}

async function removeEntry(tx: Tx, state: State, entry: Entry): Promise<void> {
  await tx.objectStore("entries").delete(entry.hash);
  await tx.objectStore("data").delete(entry.hash);
  state.bytes -= entry.size;
  state.chunks -= 1;
  if (entry.lru === undefined) state.pinnedBytes -= entry.size;
}
