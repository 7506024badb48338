/**
 * The receiving half of `BlobStore.put`, shared by every adapter: checks the declared size, then
 * passes the body's pieces through while counting and SHA-256-hashing them, and throws the named
 * error the moment the body proves wrong. An adapter writes each piece it is given somewhere
 * invisible and makes the blob visible only once the iteration has completed without throwing:
 * the size and hash checks run *after* the last piece and before the generator returns.
 */
import { createHash } from "node:crypto";
import { type ChunkHash, parseChunkHash } from "../chunking/chunk-hash";
import { BlobHashMismatchError, BlobSizeMismatchError, BlobTooLargeError, MAX_BLOB_SIZE } from "./blob-store";

/** Validates `hash` and `size` before anything is read. */
export function checkPutArguments(hash: ChunkHash, size: number): void {
  parseChunkHash(hash);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`blob size must be a non-negative integer, got ${size}`);
  }
  if (size > MAX_BLOB_SIZE) throw new BlobTooLargeError(hash, size);
}

/**
 * Yields the body's pieces (zero-length pieces are skipped) and throws BlobSizeMismatchError,
 * BlobHashMismatchError, the signal's reason, or a TypeError for a piece that is not bytes.
 * A whole-`Uint8Array` body is verified before it is yielded at all.
 */
export async function* verifiedBody(
  hash: ChunkHash,
  body: Uint8Array | AsyncIterable<Uint8Array>,
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  checkPutArguments(hash, size);
  signal?.throwIfAborted();
  const sha = createHash("sha256");

  if (body instanceof Uint8Array) {
    if (body.byteLength !== size) throw new BlobSizeMismatchError(hash, size, body.byteLength);
    const actual = sha.update(body).digest("hex");
    if (actual !== hash) throw new BlobHashMismatchError(hash, actual);
    if (body.byteLength > 0) yield body;
    return;
  }

  const pieces = body[Symbol.asyncIterator]();
  let received = 0;
  let drained = false;
  try {
    for (;;) {
      const next = await nextOrAbort(pieces, signal);
      if (next.done) {
        drained = true;
        break;
      }
      const piece: unknown = next.value;
      if (!(piece instanceof Uint8Array)) {
        throw new TypeError(`blob body pieces must be Uint8Array, got ${typeof piece}`);
      }
      received += piece.byteLength;
      // Stop at the first piece that goes past the declared size: never read the rest.
      if (received > size) throw new BlobSizeMismatchError(hash, size, received);
      if (piece.byteLength === 0) continue;
      sha.update(piece);
      yield piece;
    }
  } finally {
    // Release the source when we stop early. Not awaited: a source stuck in a pending read would
    // never settle its return(), and we must not hang on it.
    if (!drained) pieces.return?.()?.catch(() => {});
  }
  if (received !== size) throw new BlobSizeMismatchError(hash, size, received);
  const actual = sha.digest("hex");
  if (actual !== hash) throw new BlobHashMismatchError(hash, actual);
}

/** `it.next()`, rejected early with the signal's reason when it aborts while we wait. */
function nextOrAbort<T>(it: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T>> {
  if (!signal) return it.next();
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    it.next().then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
