/** Test data helpers shared by the conformance suite, adapter tests and the crash child. */
import { createHash } from "node:crypto";
import type { ChunkHash } from "../../chunking/chunk-hash";

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function bytesOf(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function sha256(bytes: Uint8Array): ChunkHash {
  return createHash("sha256").update(bytes).digest("hex") as ChunkHash;
}

/** The bytes as an async iterable of pieces of `pieceSize` (the last may be shorter). */
export async function* piecesOf(bytes: Uint8Array, pieceSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += pieceSize) {
    await Promise.resolve();
    yield bytes.slice(at, at + pieceSize);
  }
}

export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const piece of source) pieces.push(piece);
  const all = Buffer.concat(pieces);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength); // a plain Uint8Array, for toEqual
}
