/** Checking downloaded chunk bytes against their hash before anything uses or keeps them. */
import { hashChunk } from "@/lib/chunking";

/** Bytes that do not hash to the chunk hash they came under (a bad network, proxy or server). */
export class ChunkCorruptError extends Error {
  constructor(
    readonly hash: string,
    /** The bytes' actual hash, or what else was wrong with them ("empty", "12 bytes"). */
    readonly actual: string,
  ) {
    super(`chunk ${hash.slice(0, 12)}… arrived with bytes that do not match it (${actual.slice(0, 16)})`);
    this.name = "ChunkCorruptError";
  }
}

/** Throws ChunkCorruptError unless `bytes` are non-empty and hash (SHA-256) to `hash`. */
export async function verifyChunk(hash: string, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) throw new ChunkCorruptError(hash, "empty");
  const actual = await hashChunk(bytes);
  if (actual !== hash) throw new ChunkCorruptError(hash, actual);
}
