/**
 * lib/chunking: content-defined chunking for Cairn (the protocol is docs/chunking.md).
 *
 * Terms
 * - chunk: a contiguous run of a file's bytes, cut by content so that an edit moves only nearby
 *   cut points; stored and deduplicated by its hash.
 * - cut point: the offset where one chunk ends and the next starts, decided by `findCutPoint`.
 * - profile: every parameter that decides cut points (sizes, masks, gear table), named by an id
 *   such as "fastcdc-v1" that each stored version records.
 * - gear table: 256 fixed 32-bit values the rolling hash adds, one per byte value.
 * - chunk hash (`ChunkHash`): SHA-256 of a chunk's bytes, 64 lowercase hex characters.
 * - content hash: SHA-256 of a file's chunk hashes (32-byte binary forms) in order, hex.
 * - hasher: what computes chunk hashes for `chunkStream`; `crypto.subtle.digest` by default, or
 *   `Sha256Lanes` (WebAssembly SIMD, four chunks at once) in the browser's hashing workers.
 *
 * Only Web APIs here (Uint8Array, ReadableStream, crypto.subtle): the same code runs in Node, a
 * page and a Web Worker, and cuts the same bytes at the same places in each.
 */
export {
  type ChunkHash,
  fromHex,
  hashChunk,
  InvalidChunkHashError,
  isChunkHash,
  parseChunkHash,
  toHex,
} from "./chunk-hash";
export {
  type Chunk,
  type ChunkHasher,
  type ChunkOptions,
  chunkBytes,
  chunkStream,
  DEFAULT_HASH_CONCURRENCY,
  subtleHasher,
} from "./chunk-stream";
export { contentHash, EMPTY_CONTENT_HASH } from "./content-hash";
export {
  cutPointEngine,
  findCutPoint,
  findCutPointJs,
  findCutPointReference,
  findCutPointWasm,
} from "./cut-point";
export { deriveGearTable, GEAR_V1_LABEL, GEAR_V1_VALUES } from "./gear";
export { GOLDEN_SEED, GOLDEN_SIZE, generateGoldenInput, xorshift32Bytes } from "./golden";
export {
  type ChunkingProfile,
  defineProfile,
  deriveMasks,
  FASTCDC_V1,
  getProfile,
  mustGetProfile,
  type ProfileParameters,
  topMask,
  UnknownChunkingProfileError,
} from "./profile";
export { applySplices, type ChunkSplice, diffChunkLists, InvalidSpliceError } from "./splices";
export { createSha256Lanes, Sha256Lanes, sha256Many, wasmSha256Available } from "./wasm-sha256";
