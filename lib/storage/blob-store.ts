/**
 * BlobStore: the contract every block-store adapter (local disk, GCS, ...) implements and that
 * `conformance.ts` checks. A blob is the stored bytes of one chunk, addressed by its ChunkHash
 * (SHA-256 of those bytes). Blobs are immutable: once visible, a blob's bytes never change.
 *
 * Guarantees, for every adapter:
 * - Verified writes. `put` hashes and counts the bytes itself while receiving them. A body whose
 *   SHA-256 is not the address, or whose length is not `opts.size`, is refused with a named error
 *   and nothing becomes visible. The caller's hash is never trusted.
 * - Atomic visibility. A reader sees no blob or the whole blob, never a part: not during a put,
 *   not after a failed put, not after the process is killed at any point of a put.
 * - Durable success. When `put` resolves (created or not), the blob survives a crash of this
 *   process and, for the local disk, of the machine (file and folder entries are fsynced).
 * - Idempotent put. Putting a blob that exists resolves with `created: false` and does not rewrite
 *   it. The body is still read and verified: a wrong body for an existing hash still throws.
 *   Concurrent puts of one hash all resolve (or fail only for their own reasons).
 * - Idempotent delete. Deleting a missing blob is not an error.
 * - Not found looks like this: `get` rejects with BlobNotFoundError; `stat` resolves undefined;
 *   `has` resolves false; `delete` resolves.
 *
 * Errors. Named classes below carry their data. As in restic's backend contract, an error is
 * *permanent* when repeating the same call cannot succeed (the input is wrong or the blob is
 * absent): callers and retry wrappers must not retry those; `isPermanentBlobStoreError` says which.
 * Anything else an adapter throws (I/O errors, network errors, 5xx) is *transient* and may be
 * retried: put and delete are idempotent, so a retry is always safe.
 *
 * Not in the contract: listing order, listing consistency with concurrent puts and deletes (a
 * blob put or deleted during a `list` may or may not appear), and re-verifying hashes on `get`
 * (bytes were verified on the way in; readers that need end-to-end proof hash what they read).
 */
import { type ChunkHash, InvalidChunkHashError } from "../chunking/chunk-hash";

/** The largest blob a store accepts: the chunker's maximum chunk size, 4 MiB. */
export const MAX_BLOB_SIZE = 4 * 1024 * 1024;

export interface PutOptions {
  /** The exact number of bytes in the body, known up front (0 ≤ size ≤ MAX_BLOB_SIZE). */
  size: number;
  /** Aborting rejects the put with `signal.reason` and leaves nothing visible. */
  signal?: AbortSignal;
}

export interface PutResult {
  /**
   * True when this call made the blob visible; false when it already existed. Advisory only: at
   * most one of several concurrent puts of a hash sees `true`, but an adapter whose transport
   * retries (GCS) may report `false` to the call that created it. Never `true` for a call that
   * did not write.
   */
  created: boolean;
}

/** A byte range of a blob: `start` inclusive, `end` exclusive, 0 ≤ start ≤ end ≤ size. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /**
   * Stores `body` under `hash`, verifying it on the way in (see the file header). `body` is the
   * whole blob as bytes or a stream of pieces (a Node Readable without an encoding qualifies);
   * pieces must not be mutated after they are yielded. Reading stops as soon as the body proves
   * too long.
   *
   * @throws BlobTooLargeError when `opts.size` exceeds MAX_BLOB_SIZE (nothing is read).
   * @throws BlobSizeMismatchError when the body is shorter or longer than `opts.size`.
   * @throws BlobHashMismatchError when the bytes do not hash to `hash`.
   * @throws InvalidChunkHashError when `hash` is not a ChunkHash (checked at run time: it becomes
   *   a file or object name).
   * @throws RangeError when `opts.size` is not a non-negative integer.
   * @throws the signal's reason when `opts.signal` aborts.
   */
  put(hash: ChunkHash, body: Uint8Array | AsyncIterable<Uint8Array>, opts: PutOptions): Promise<PutResult>;

  /**
   * Streams a blob, or the `range` of it. The returned iterable streams (it never holds a whole
   * large read in memory) and must be consumed to the end or left with `break`/`return` so the
   * file handle or HTTP response is released. It is single-use.
   *
   * @throws BlobNotFoundError when there is no blob `hash`.
   * @throws RangeError when `range` is not integers with 0 ≤ start ≤ end ≤ size. An empty range
   *   (start = end) of an existing blob yields nothing.
   */
  get(hash: ChunkHash, range?: ByteRange): Promise<AsyncIterable<Uint8Array>>;

  /** The blob's size, or undefined when it is absent. */
  stat(hash: ChunkHash): Promise<{ size: number } | undefined>;

  has(hash: ChunkHash): Promise<boolean>;

  /** Removes a blob. Idempotent. A blob being read while it is deleted may still be read whole. */
  delete(hash: ChunkHash): Promise<void>;

  /** Every blob in the store, each once, in no particular order. Ignores foreign files/objects. */
  list(): AsyncIterable<ChunkHash>;

  /** Releases the store's resources. Calls after close reject with BlobStoreClosedError. */
  close(): Promise<void>;
}

/** Base class of the named errors below, so callers can tell store verdicts from I/O failures. */
export abstract class BlobStoreError extends Error {
  /** True when repeating the same call cannot succeed (see the file header). */
  abstract readonly permanent: boolean;
}

/** No blob with this hash. Permanent (until someone puts it). */
export class BlobNotFoundError extends BlobStoreError {
  readonly permanent = true;
  constructor(readonly hash: string) {
    super(`blob not found: ${hash}`);
    this.name = "BlobNotFoundError";
  }
}

/**
 * The body's SHA-256 is not the hash it was put under. Permanent for this body: the uploader
 * sent other bytes than it named, or they were corrupted in transit. Nothing was stored.
 */
export class BlobHashMismatchError extends BlobStoreError {
  readonly permanent = true;
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`blob hash mismatch: expected ${expected}, the body hashes to ${actual}`);
    this.name = "BlobHashMismatchError";
  }
}

/**
 * The body is not `expected` bytes long. `actual` is the count received: exact when the body was
 * short, and a lower bound when it was long (reading stops at the first byte too many).
 * Permanent for this body. Nothing was stored.
 */
export class BlobSizeMismatchError extends BlobStoreError {
  readonly permanent = true;
  constructor(
    readonly hash: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    const how = actual < expected ? `it ended after ${actual}` : `it went on past ${expected}`;
    super(`blob size mismatch for ${hash}: declared ${expected} bytes, ${how}`);
    this.name = "BlobSizeMismatchError";
  }
}

/** The declared size exceeds `limit` (MAX_BLOB_SIZE). Permanent. Nothing was read or stored. */
export class BlobTooLargeError extends BlobStoreError {
  readonly permanent = true;
  constructor(
    readonly hash: string,
    readonly size: number,
    readonly limit: number = MAX_BLOB_SIZE,
  ) {
    super(`blob too large: ${hash} declares ${size} bytes, the limit is ${limit}`);
    this.name = "BlobTooLargeError";
  }
}

/** The store was closed. Permanent for this store object (open a new one). */
export class BlobStoreClosedError extends BlobStoreError {
  readonly permanent = true;
  constructor(readonly store: string) {
    super(`blob store is closed: ${store}`);
    this.name = "BlobStoreClosedError";
  }
}

/**
 * True for errors a retry cannot fix: the named errors above, InvalidChunkHashError, and the
 * RangeError of a bad size or range. False for everything else (I/O, network, server errors,
 * aborts), which a retry wrapper may retry. TypeError is deliberately not permanent: `fetch`
 * reports network failures as TypeError.
 */
export function isPermanentBlobStoreError(err: unknown): boolean {
  if (err instanceof BlobStoreError) return err.permanent;
  return err instanceof InvalidChunkHashError || err instanceof RangeError;
}
