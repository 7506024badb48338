/**
 * Content hash: the identity of a whole file's bytes under one chunking profile.
 *
 *   content_hash = hex(SHA-256(chunkHash[0] || chunkHash[1] || ... )), each chunk hash taken in its
 *                  32-byte binary form, in file order.
 *
 * The empty file has zero chunks, so its content hash is SHA-256 of empty input, `EMPTY_CONTENT_HASH`.
 * Two files with equal bytes have equal content hashes only when chunked with the same profile.
 */
import { type ChunkHash, fromHex, parseChunkHash, toHex } from "./chunk-hash";

/** SHA-256 of empty input: the content hash of the empty file. */
export const EMPTY_CONTENT_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The content hash of a file whose chunks have these hashes, in order (64 lowercase hex characters). */
export async function contentHash(hashes: readonly ChunkHash[]): Promise<string> {
  const joined = new Uint8Array(hashes.length * 32);
  hashes.forEach((hash, i) => {
    // Re-parse: a cast string that is not a chunk hash would silently hash garbage.
    joined.set(fromHex(parseChunkHash(hash)), i * 32);
  });
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", joined)));
}
