/**
 * Delta download: a version's bytes from its chunk list (`Version.chunks`), taking every chunk
 * the cache holds from the cache and fetching only the others, a few at a time. The result is a
 * Blob made of one Blob per chunk, so a large file is never one big ArrayBuffer in memory.
 *
 * The network and the cache come in as arguments (`FetchChunk`, `ChunkSource`); the browser's
 * are `httpChunkFetcher` (GET /api/blocks/:hash) and `ChunkCache` (chunk-cache.ts). Every fetched
 * chunk is checked against its hash before it is used or stored.
 */
import { type ChunkHash, isChunkHash } from "@/lib/chunking";
import { ChunkCorruptError, verifyChunk } from "./chunk-verify";
import { SyncTransportError } from "./errors";

/** One entry of `Version.chunks`: the file's bytes from `offset` to `offset + size`. */
export interface VersionChunkRef {
  hash: string;
  offset: number;
  size: number;
}

/** Fetches one chunk's bytes; rejects with the signal's reason once it aborts. */
export type FetchChunk = (hash: ChunkHash, signal: AbortSignal) => Promise<Uint8Array>;

/** What a download needs from a cache (ChunkCache implements it). */
export interface ChunkSource {
  /** The held ones of these chunks; each hit counts as a use. */
  getMany(hashes: readonly string[]): Promise<Map<string, Blob>>;
  /** Stores a fetched chunk; throws ChunkCorruptError if the bytes do not hash to `hash`. */
  put(hash: string, bytes: Uint8Array): Promise<void>;
}

export interface DownloadProgress {
  /** Bytes of the requested span that are in hand (from the cache or fetched). */
  bytesDone: number;
  bytesTotal: number;
  /** Of those, bytes that came over the network. */
  bytesFetched: number;
  /** Distinct chunks fetched so far, and how many had to be. */
  chunksFetched: number;
  chunksToFetch: number;
}

export interface DownloadOptions {
  fetchChunk: FetchChunk;
  cache?: ChunkSource;
  /** Chunks fetched at once. Default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /**
   * A cache read or write failed (quota, a closed database): the download goes on without it.
   * Corrupt bytes are never reported here: they fail the download.
   */
  onCacheError?: (error: unknown) => void;
  /** Only these bytes of the version (end exclusive, clamped to its size). */
  range?: { start: number; end: number };
  /** The Blob's type (the file's MIME type). */
  type?: string;
}

export interface DownloadResult {
  blob: Blob;
  progress: DownloadProgress;
}

export class InvalidChunkListError extends Error {
  constructor(message: string) {
    super(`invalid chunk list: ${message}`);
    this.name = "InvalidChunkListError";
  }
}

export const DEFAULT_DOWNLOAD_CONCURRENCY = 4;

/** Checks that the chunks tile the file from 0 without gaps; returns the file size. */
export function checkChunkList(chunks: readonly VersionChunkRef[]): number {
  let offset = 0;
  for (const [i, c] of chunks.entries()) {
    if (!isChunkHash(c.hash)) throw new InvalidChunkListError(`chunk ${i} has no valid hash`);
    if (!Number.isSafeInteger(c.size) || c.size < 1) throw new InvalidChunkListError(`chunk ${i} size`);
    if (c.offset !== offset)
      throw new InvalidChunkListError(`chunk ${i} starts at ${c.offset}, not ${offset}`);
    offset += c.size;
  }
  return offset;
}

/**
 * The bytes of a version (or of `range` of it): cached chunks from `cache`, the rest through
 * `fetchChunk` with at most `concurrency` requests at once, each verified and then put in the
 * cache. A chunk named several times is fetched once. Rejects on the first failure (and stops
 * the other requests), or with the signal's reason when aborted.
 */
export async function downloadChunks(
  chunks: readonly VersionChunkRef[],
  options: DownloadOptions,
): Promise<DownloadResult> {
  const size = checkChunkList(chunks);
  const start = Math.max(0, Math.min(options.range?.start ?? 0, size));
  const end = Math.max(start, Math.min(options.range?.end ?? size, size));
  const needed = chunks.filter((c) => c.offset < end && c.offset + c.size > start);
  const sizeOf = new Map(needed.map((c) => [c.hash, c.size]));
  const uses = new Map<string, number>();
  for (const c of needed) uses.set(c.hash, (uses.get(c.hash) ?? 0) + 1);

  const outer = options.signal;
  outer?.throwIfAborted();
  const held = new Map<string, Blob>();
  if (options.cache && needed.length > 0) {
    try {
      for (const [hash, blob] of await options.cache.getMany([...uses.keys()])) {
        if (blob.size === sizeOf.get(hash)) held.set(hash, blob);
      }
    } catch (error) {
      options.onCacheError?.(error);
    }
  }
  const missing = [...uses.keys()].filter((h) => !held.has(h)) as ChunkHash[];
  const progress: DownloadProgress = {
    bytesDone: needed.reduce((sum, c) => sum + (held.has(c.hash) ? c.size : 0), 0),
    bytesTotal: needed.reduce((sum, c) => sum + c.size, 0),
    bytesFetched: 0,
    chunksFetched: 0,
    chunksToFetch: missing.length,
  };
  options.onProgress?.({ ...progress });

  // One controller for our requests: the caller's abort, or our own first failure, stops them all.
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onAbort, { once: true });
  try {
    let next = 0;
    const worker = async () => {
      while (next < missing.length && !controller.signal.aborted) {
        const hash = missing[next++]!;
        const bytes = await options.fetchChunk(hash, controller.signal);
        if (bytes.length !== sizeOf.get(hash)) throw new ChunkCorruptError(hash, `${bytes.length} bytes`);
        await storeVerified(options, hash, bytes);
        held.set(hash, new Blob([bytes as Uint8Array<ArrayBuffer>]));
        progress.chunksFetched += 1;
        progress.bytesFetched += bytes.length;
        progress.bytesDone += bytes.length * uses.get(hash)!;
        options.onProgress?.({ ...progress });
      }
    };
    const workers = Array.from(
      { length: Math.min(options.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY, missing.length) },
      () =>
        worker().catch((error: unknown) => {
          controller.abort(error);
          throw error;
        }),
    );
    const results = await Promise.allSettled(workers);
    outer?.throwIfAborted();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw controller.signal.reason ?? failed.reason;
  } finally {
    outer?.removeEventListener("abort", onAbort);
  }

  const parts = needed.map((c) => held.get(c.hash)!);
  const first = needed[0]?.offset ?? start;
  const whole = new Blob(parts, { type: options.type ?? "" });
  const blob =
    start === first && end === first + whole.size
      ? whole
      : whole.slice(start - first, end - first, whole.type);
  return { blob, progress };
}

/** Verifies a fetched chunk and stores it in the cache (verifying is the cache's first step). */
async function storeVerified(options: DownloadOptions, hash: ChunkHash, bytes: Uint8Array): Promise<void> {
  if (!options.cache) return verifyChunk(hash, bytes);
  try {
    await options.cache.put(hash, bytes);
  } catch (error) {
    if (error instanceof ChunkCorruptError) throw error;
    options.onCacheError?.(error);
    await verifyChunk(hash, bytes); // not stored: still never use unverified bytes
  }
}

export interface HttpChunkFetcherOptions {
  /** Origin of the Cairn server, or "" in a page of the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Extra headers (a bearer token outside a browser). */
  headers?: Record<string, string>;
}

/**
 * `GET /api/blocks/:hash` with the session cookie (same origin) or the given headers. A status
 * other than 200 rejects with SyncTransportError (kind "http", the server's error code).
 */
export function httpChunkFetcher(options: HttpChunkFetcherOptions = {}): FetchChunk {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (hash, signal) => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl ?? ""}/api/blocks/${hash}`, {
        credentials: "same-origin",
        headers: options.headers,
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      throw new SyncTransportError(
        { kind: "network", message: "the server could not be reached" },
        { cause: error },
      );
    }
    if (response.status !== 200) {
      const body = (await response.json().catch(() => null)) as {
        error?: { code?: string; message?: string };
      } | null;
      throw new SyncTransportError({
        kind: "http",
        status: response.status,
        code: body?.error?.code,
        message: body?.error?.message ?? `GET /api/blocks answered ${response.status}`,
      });
    }
    return new Uint8Array(await response.arrayBuffer());
  };
}
