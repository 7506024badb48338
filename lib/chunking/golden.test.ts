import { expect, test } from "vitest";
import { type ChunkHash, toHex } from "./chunk-hash";
import { chunkBytes, chunkStream } from "./chunk-stream";
import { contentHash } from "./content-hash";
import { GOLDEN_SEED, GOLDEN_SIZE, generateGoldenInput, xorshift32Bytes } from "./golden";
import vectors from "./golden-vectors.json";
import { FASTCDC_V1 } from "./profile";

// These vectors were also reproduced by an independent Python implementation of docs/chunking.md.

test("the golden input is the documented xorshift32 stream", async () => {
  const input = generateGoldenInput();
  expect(input.length).toBe(vectors.input.size);
  expect(GOLDEN_SIZE).toBe(vectors.input.size);
  expect(`0x${GOLDEN_SEED.toString(16)}`).toBe(vectors.input.seed);
  expect(toHex(input.subarray(0, 16))).toBe(vectors.input.first16);
  expect(toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", input)))).toBe(vectors.input.sha256);
});

test("xorshift32Bytes of any length is a prefix of a longer run from the same seed", () => {
  const long = xorshift32Bytes(64, 123);
  for (let n = 0; n <= 64; n++) expect(xorshift32Bytes(n, 123)).toEqual(long.subarray(0, n));
});

test("fastcdc-v1 cuts the golden input into the golden chunks with the golden hashes", async () => {
  expect(vectors.profile).toBe(FASTCDC_V1.id);
  const chunks = await chunkBytes(generateGoldenInput());
  expect(chunks.map(({ offset, size, hash }) => ({ offset, size, hash }))).toEqual(vectors.chunks);
  expect(chunks.map((c) => c.index)).toEqual(vectors.chunks.map((_, i) => i));
  expect(await contentHash(chunks.map((c) => c.hash))).toBe(vectors.contentHash);
});

test("chunkStream over the golden input in 1 MiB reads gives the golden chunks", async () => {
  const input = generateGoldenInput();
  async function* reads() {
    for (let i = 0; i < input.length; i += 1 << 20) yield input.subarray(i, i + (1 << 20));
  }
  const hashes: ChunkHash[] = [];
  for await (const chunk of chunkStream(reads())) hashes.push(chunk.hash);
  expect(hashes).toEqual(vectors.chunks.map((c) => c.hash));
});
