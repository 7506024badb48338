/**
 * What the chunking worker offers the page (`chunker.worker.ts` exposes such an object through
 * comlink): lib/chunking applied to a Blob or File. Plain async functions, so tests and Node call
 * the same object in-process, without a worker.
 *
 * The pipeline, each stage on its own thread where the runtime allows (docs/chunking.md):
 *   read    the browser reads the file into a data pipe; this worker drains it into two reused
 *           buffers (BYOB reads, workers/read-blob.ts)
 *   cut     this worker copies the pieces into lib/chunking's stream buffer and finds cut points
 *           (WebAssembly)
 *   hash    a pool of hashing workers (workers/hash-pool.ts) hashes four chunks at a time in
 *           WebAssembly SIMD lanes; without one (Node, tests) crypto.subtle hashes.
 */
import { type ChunkHash, type ChunkHasher, chunkStream } from "@/lib/chunking";
import { HashPoolError } from "./hash-pool";
import { readBlob, readSlices } from "./read-blob";

export interface ChunkSummary {
  offset: number;
  size: number;
  hash: ChunkHash;
}

export interface ChunkBlobOptions {
  /** Read with `blob.slice()` pieces of this many bytes (the old way, kept for comparison). */
  readSize?: number;
  /** With `readSize`: reads in flight at once (default 2). */
  readAhead?: number;
  /** Bytes per BYOB read (default 1 MiB). */
  pieceSize?: number;
  /** Digests in flight at once (the hasher's own figure, or lib/chunking's default, when unset). */
  hashConcurrency?: number;
  /** Minimum time between two progress reports (default 50 ms); the last one is always sent. */
  progressIntervalMs?: number;
}

/** A hasher that runs elsewhere, with the chunks in flight that keep it busy. */
export interface PooledHasher extends ChunkHasher {
  readonly concurrency: number;
  readonly healthy: boolean;
}

export interface ChunkerDeps {
  /** The hashing pool, made on first use; undefined (or none) means crypto.subtle in this thread. */
  hashPool?: () => PooledHasher | undefined;
}

export function createChunkerApi(deps: ChunkerDeps = {}) {
  let pool: PooledHasher | undefined | null = null;
  const hasher = (): PooledHasher | undefined => {
    if (pool === null) pool = deps.hashPool?.();
    return pool?.healthy ? pool : undefined;
  };

  async function chunk(
    blob: Blob,
    onProgress: ((bytesDone: number) => void) | undefined,
    options: ChunkBlobOptions,
    useHasher: PooledHasher | undefined,
  ): Promise<ChunkSummary[]> {
    const interval = options.progressIntervalMs ?? 50;
    const source = options.readSize
      ? readSlices(blob, options.readSize, options.readAhead ?? 2)
      : readBlob(blob, options.pieceSize);
    let last = 0;
    const out: ChunkSummary[] = [];
    for await (const c of chunkStream(source, {
      hasher: useHasher,
      hashConcurrency: options.hashConcurrency ?? useHasher?.concurrency,
      onProgress: (done) => {
        const now = performance.now();
        if (onProgress && now - last >= interval) {
          last = now;
          onProgress(done);
        }
      },
    })) {
      out.push({ offset: c.offset, size: c.size, hash: c.hash });
    }
    return out;
  }

  return {
    /**
     * Cuts and hashes `blob`, returning its chunks in order. `onProgress(bytesDone)` is called as
     * chunks are hashed (throttled), and once with the full size at the end.
     */
    async chunkBlob(
      blob: Blob,
      onProgress?: (bytesDone: number) => void,
      options: ChunkBlobOptions = {},
    ): Promise<ChunkSummary[]> {
      const pooled = hasher();
      let out: ChunkSummary[];
      try {
        out = await chunk(blob, onProgress, options, pooled);
      } catch (error) {
        // The hashing workers failed (and the pool now hashes with crypto.subtle): start over here.
        if (!(pooled && error instanceof HashPoolError)) throw error;
        out = await chunk(blob, onProgress, options, undefined);
      }
      onProgress?.(blob.size);
      return out;
    },
  };
}

export type ChunkerApi = ReturnType<typeof createChunkerApi>;

/** The chunker with crypto.subtle in the calling thread (Node, tests). */
export const chunkerApi: ChunkerApi = createChunkerApi();
