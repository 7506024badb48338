/**
 * What the chunking worker offers the page (`chunker.worker.ts` exposes exactly this object through
 * comlink): lib/chunking applied to a Blob or File, read in large slices with one read ahead so
 * reading overlaps cutting and hashing. Plain async functions, so tests and Node call the same
 * object in-process, without a worker.
 */
import { type ChunkHash, chunkStream } from "@/lib/chunking";

export interface ChunkSummary {
  offset: number;
  size: number;
  hash: ChunkHash;
}

export interface ChunkBlobOptions {
  /** Bytes per read (default 16 MiB). */
  readSize?: number;
  /** Reads in flight at once (default 2). */
  readAhead?: number;
  /** Read with `blob.stream()` instead of slices (for comparison in the benchmark). */
  useStream?: boolean;
  /** Digests in flight at once (lib/chunking's default when unset). */
  hashConcurrency?: number;
  /** Minimum time between two progress reports (default 50 ms); the last one is always sent. */
  progressIntervalMs?: number;
}

export const DEFAULT_READ_SIZE = 16 * 1024 * 1024;
export const DEFAULT_READ_AHEAD = 2;

/** The blob in pieces of `readSize`, with `ahead` reads in flight, so reading overlaps the work. */
async function* readSlices(
  blob: Blob,
  readSize: number,
  ahead: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reads: { size: number; bytes: Promise<ArrayBuffer> }[] = [];
  let next = 0;
  const more = () => {
    while (reads.length < ahead && next < blob.size) {
      const end = Math.min(blob.size, next + readSize);
      reads.push({ size: end - next, bytes: blob.slice(next, end).arrayBuffer() });
      next = end;
    }
  };
  more();
  try {
    for (let read = reads.shift(); read; read = reads.shift()) {
      const piece = new Uint8Array(await read.bytes);
      if (piece.length !== read.size) throw new Error("the file could not be read to its end (it changed?)");
      more();
      yield piece;
    }
  } finally {
    // Stopped early: nobody waits for the reads still in flight.
    for (const r of reads) r.bytes.catch(() => {});
  }
}

export const chunkerApi = {
  /**
   * Cuts and hashes `blob`, returning its chunks in order. `onProgress(bytesDone)` is called as
   * chunks are hashed (throttled), and once with the full size at the end.
   */
  async chunkBlob(
    blob: Blob,
    onProgress?: (bytesDone: number) => void,
    options: ChunkBlobOptions = {},
  ): Promise<ChunkSummary[]> {
    const interval = options.progressIntervalMs ?? 50;
    const source = options.useStream
      ? (blob.stream() as ReadableStream<Uint8Array>)
      : readSlices(blob, options.readSize ?? DEFAULT_READ_SIZE, options.readAhead ?? DEFAULT_READ_AHEAD);
    let last = 0;
    const out: ChunkSummary[] = [];
    for await (const chunk of chunkStream(source, {
      hashConcurrency: options.hashConcurrency,
      onProgress: (done) => {
        const now = performance.now();
        if (onProgress && now - last >= interval) {
          last = now;
          onProgress(done);
        }
      },
    })) {
      out.push({ offset: chunk.offset, size: chunk.size, hash: chunk.hash });
    }
    onProgress?.(blob.size);
    return out;
  },
};

export type ChunkerApi = typeof chunkerApi;
