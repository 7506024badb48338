/**
 * ChunkHash: the address of a chunk. 64 lowercase hex characters, the SHA-256 of the chunk's
 * plaintext bytes. Made only by `hashChunk()` (from bytes) or `parseChunkHash()` (from text that
 * crossed a boundary: a URL, a GraphQL argument, a database row).
 */
declare const chunkHashBrand: unique symbol;
export type ChunkHash = string & { readonly [chunkHashBrand]: true };

const CHUNK_HASH_RE = /^[0-9a-f]{64}$/;

export class InvalidChunkHashError extends Error {
  constructor(readonly value: string) {
    super(`not a chunk hash (64 lowercase hex characters): ${JSON.stringify(value.slice(0, 80))}`);
    this.name = "InvalidChunkHashError";
  }
}

export function isChunkHash(value: unknown): value is ChunkHash {
  return typeof value === "string" && CHUNK_HASH_RE.test(value);
}

/** Returns the value as a ChunkHash, or throws InvalidChunkHashError. */
export function parseChunkHash(value: string): ChunkHash {
  if (!isChunkHash(value)) throw new InvalidChunkHashError(value);
  return value;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** SHA-256 of one chunk's bytes, through Web Crypto (runs in Node, pages and workers alike). */
export async function hashChunk(bytes: Uint8Array): Promise<ChunkHash> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest)) as ChunkHash;
}
