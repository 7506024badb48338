/**
 * Chunking a whole input: cut points from `findCutPoint`, a SHA-256 per chunk through
 * `crypto.subtle.digest` (or the `hasher` the caller passes, such as the browser worker's pool of
 * WebAssembly hashing workers). Digests are asynchronous, so hashing chunk N overlaps cutting
 * chunk N + 1; at most `hashConcurrency` digests are in flight and chunks still come out in order.
 */
import { type ChunkHash, hashChunk } from "./chunk-hash";
import { findCutPoint } from "./cut-point";
import { type ChunkingProfile, FASTCDC_V1 } from "./profile";

/** One chunk of an input. */
export interface Chunk {
  /** 0, 1, 2, ... in input order. */
  readonly index: number;
  /** Byte offset of the chunk's first byte in the input. */
  readonly offset: number;
  readonly size: number;
  readonly hash: ChunkHash;
  /** The chunk's bytes, only with `withBytes: true`. */
  readonly bytes?: Uint8Array;
}

/**
 * Hashes chunks for `chunkStream` and `chunkBytes`. `hash` may read `bytes` only until it returns
 * (copy them if the work happens later): the caller reuses the buffer they view. `flush` is called
 * whenever the caller is about to wait for a hash, so a hasher that batches chunks (four SIMD
 * lanes, say) must then make progress with what it has.
 */
export interface ChunkHasher {
  hash(bytes: Uint8Array): Promise<ChunkHash>;
  flush?(): void;
}

/** `crypto.subtle.digest`, which copies its input when called (WebCrypto's rule). */
export const subtleHasher: ChunkHasher = { hash: hashChunk };

export interface ChunkOptions {
  /** Defaults to FASTCDC_V1. */
  profile?: ChunkingProfile;
  /** Called in order, once per chunk just before it is handed out, with the input bytes done so far. */
  onProgress?: (bytesDone: number) => void;
  /**
   * Attach each chunk's bytes. `chunkStream` hands out a fresh copy the caller owns; `chunkBytes`
   * hands out a view into the input buffer.
   */
  withBytes?: boolean;
  /** Digests in flight at once, overlapping the search for the next cut (default 4, at least 1). */
  hashConcurrency?: number;
  /** How chunks are hashed (default `subtleHasher`); every hasher gives the same SHA-256. */
  hasher?: ChunkHasher;
}

export const DEFAULT_HASH_CONCURRENCY = 4;

/** The stream buffer holds this many max-size chunks: fewer compactions, each copying < maxSize. */
const BUFFER_CHUNKS = 4;

function concurrencyOf(options: ChunkOptions): number {
  const n = options.hashConcurrency ?? DEFAULT_HASH_CONCURRENCY;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`hashConcurrency must be a whole number >= 1: ${n}`);
  }
  return n;
}

interface Entry {
  chunk?: Chunk;
  failed: boolean;
  error?: unknown;
  settled: boolean;
  /** Resolves when the digest settles; never rejects. */
  readonly done: Promise<void>;
  /** The buffer range the digest may still read; empty once settled or when hashing a copy. */
  lo: number;
  hi: number;
}

/**
 * Chunks being hashed, handed out oldest first. A new digest may start whenever fewer than
 * `limit` are in flight, even while the oldest is still running, so one slow digest does not
 * stall the search for cut points; finished chunks wait for their turn (at most 2 × limit entries).
 */
class HashQueue {
  private readonly entries: Entry[] = [];
  private inFlight = 0;
  private wake: (() => void) | undefined;

  constructor(
    readonly limit: number,
    private readonly hasher: ChunkHasher = subtleHasher,
  ) {}

  /** Entries not handed out yet, hashed or not. */
  get length(): number {
    return this.entries.length;
  }

  get hasRoom(): boolean {
    return this.inFlight < this.limit && this.entries.length < 2 * this.limit;
  }

  /** Starts hashing `bytes`; `lo..hi` is the range of a reused buffer they view, if any. */
  push(index: number, offset: number, bytes: Uint8Array, attach: boolean, lo = 0, hi = 0): void {
    this.inFlight++;
    const entry: Entry = {
      failed: false,
      settled: false,
      lo,
      hi,
      done: this.hasher
        .hash(bytes)
        .then(
          (hash) => {
            entry.chunk = attach
              ? { index, offset, size: bytes.length, hash, bytes }
              : { index, offset, size: bytes.length, hash };
          },
          (error: unknown) => {
            entry.failed = true;
            entry.error = error;
          },
        )
        .finally(() => {
          entry.settled = true;
          entry.lo = 0;
          entry.hi = 0;
          this.inFlight--;
          const wake = this.wake;
          this.wake = undefined;
          wake?.();
        }),
    };
    this.entries.push(entry);
  }

  /** The oldest chunk if it is hashed, else undefined. Throws the oldest chunk's hashing error. */
  takeReady(): Chunk | undefined {
    const head = this.entries[0];
    if (!head?.settled) return undefined;
    this.entries.shift();
    if (head.failed || !head.chunk) throw head.error;
    return head.chunk;
  }

  /** Resolves when some digest in flight settles; at once if none is in flight. */
  async settleOne(): Promise<void> {
    if (this.inFlight === 0) return;
    this.hasher.flush?.();
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  /**
   * Waits until no digest in flight still reads buffer range `lo..hi`. Hashers copy their input
   * when called (see `ChunkHasher`), so this rarely waits; it keeps a reused buffer correct
   * regardless.
   */
  async release(lo: number, hi: number): Promise<void> {
    for (const entry of this.entries) {
      if (entry.lo < hi && lo < entry.hi) {
        this.hasher.flush?.();
        await entry.done;
      }
    }
  }
}

/** Hands out hashed chunks in order until there is room for one more digest, or (`all`) none is left. */
async function* handOut(queue: HashQueue, all: boolean): AsyncGenerator<Chunk, void, undefined> {
  for (;;) {
    for (let chunk = queue.takeReady(); chunk; chunk = queue.takeReady()) yield chunk;
    if (all ? queue.length === 0 : queue.hasRoom) return;
    await queue.settleOne();
  }
}

type Source = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

async function* readPieces(source: Source): AsyncGenerator<Uint8Array, void, undefined> {
  if ("getReader" in source && typeof source.getReader === "function") {
    // Not every browser can `for await` a ReadableStream yet; a reader works everywhere.
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array>;
  }
}

/**
 * Chunks and hashes a stream, yielding chunks in order. Memory stays bounded whatever the input
 * size or read sizes: one buffer of 4 × maxSize (16 MiB for fastcdc-v1, allocated on the first
 * byte), the copies WebCrypto takes of up to `hashConcurrency` chunks being hashed, with
 * `withBytes` up to 2 × hashConcurrency chunk copies waiting their turn, and the piece being read.
 * Stopping early (break, return) cancels a ReadableStream source or returns an iterable one.
 */
export async function* chunkStream(
  source: Source,
  options: ChunkOptions = {},
): AsyncGenerator<Chunk, void, undefined> {
  const profile = options.profile ?? FASTCDC_V1;
  const queue = new HashQueue(concurrencyOf(options), options.hasher);
  const withBytes = options.withBytes === true;
  const { maxSize } = profile;
  const capacity = BUFFER_CHUNKS * maxSize;
  let buf: Uint8Array<ArrayBuffer> | undefined; // allocated on the first byte: the empty file costs nothing
  let start = 0; // buf[start..end) is read but not yet chunked
  let end = 0;
  let offset = 0; // input offset of buf[start]
  let index = 0;
  let bytesDone = 0;

  const cut = (b: Uint8Array<ArrayBuffer>, at: number): void => {
    if (withBytes) queue.push(index, offset, b.slice(start, at), true);
    else queue.push(index, offset, b.subarray(start, at), false, start, at);
    index++;
    offset += at - start;
    start = at;
  };
  const done = (chunk: Chunk): Chunk => {
    bytesDone += chunk.size;
    options.onProgress?.(bytesDone);
    return chunk;
  };

  for await (const piece of readPieces(source)) {
    if (!(piece instanceof Uint8Array)) {
      throw new TypeError("chunkStream: the source must yield Uint8Array pieces");
    }
    let p = 0;
    while (p < piece.length) {
      buf ??= new Uint8Array(capacity);
      if (end === capacity) {
        // Fewer than maxSize bytes are left unchunked (see below): move them to the front.
        await queue.release(0, end - start);
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const n = Math.min(capacity - end, piece.length - p);
      await queue.release(end, end + n);
      buf.set(piece.subarray(p, p + n), end);
      end += n;
      p += n;
      while (end - start >= maxSize) {
        const at = findCutPoint(buf, start, end, profile, false);
        if (at <= start) throw new Error(`findCutPoint gave ${at} with maxSize bytes offered`);
        for await (const chunk of handOut(queue, false)) yield done(chunk);
        cut(buf, at);
      }
    }
  }
  while (buf && start < end) {
    const at = findCutPoint(buf, start, end, profile, true);
    for await (const chunk of handOut(queue, false)) yield done(chunk);
    cut(buf, at);
  }
  for await (const chunk of handOut(queue, true)) yield done(chunk);
}

/**
 * Chunks and hashes a buffer already in memory. No copy of the input is made: chunk bytes (with
 * `withBytes`) are views into `input`, which must not change until the promise settles.
 */
export async function chunkBytes(input: Uint8Array, options: ChunkOptions = {}): Promise<Chunk[]> {
  const profile = options.profile ?? FASTCDC_V1;
  const queue = new HashQueue(concurrencyOf(options), options.hasher);
  const withBytes = options.withBytes === true;
  // WebCrypto refuses views of a SharedArrayBuffer; hash copies then.
  const shared = !(input.buffer instanceof ArrayBuffer);
  const out: Chunk[] = [];
  const collect = async (all: boolean): Promise<void> => {
    for await (const chunk of handOut(queue, all)) {
      out.push(chunk);
      options.onProgress?.(chunk.offset + chunk.size);
    }
  };
  for (let start = 0; start < input.length; ) {
    const at = findCutPoint(input, start, input.length, profile, true);
    await collect(false);
    const view = input.subarray(start, at);
    queue.push(out.length + queue.length, start, shared ? view.slice() : view, withBytes);
    start = at;
  }
  await collect(true);
  return out;
}
