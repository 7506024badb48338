import { expect, test } from "vitest";
import { type ChunkHash, parseChunkHash } from "./chunk-hash";
import { contentHash, EMPTY_CONTENT_HASH } from "./content-hash";

// Expected values computed independently (Python hashlib).
const HASH_A = parseChunkHash("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"); // SHA-256("a")
const HASH_B = parseChunkHash("3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"); // SHA-256("b")

test("the content hash is SHA-256 over the chunk hashes' 32-byte binary forms, in order", async () => {
  expect(await contentHash([HASH_A, HASH_B])).toBe(
    "e5a01fee14e0ed5c48714f22180f25ad8365b53f9779f79dc4a3d7e93963f94a",
  );
  expect(await contentHash([HASH_B, HASH_A])).toBe(
    "18d79cb747ea174c59f3a3b41768672526d56fecc58360a99d283d0f9b0a3cc0",
  );
});

test("a one-chunk file's content hash is the hash of its chunk hash, not the chunk hash itself", async () => {
  expect(await contentHash([HASH_A])).toBe(
    "bf5d3affb73efd2ec6c36ad3112dd933efed63c4e1cbffcfa88e2759c144f2d8",
  );
});

test("the empty file has zero chunks and the content hash SHA-256 of empty input", async () => {
  expect(EMPTY_CONTENT_HASH).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  expect(await contentHash([])).toBe(EMPTY_CONTENT_HASH);
});

test("a string that is not a chunk hash is refused rather than hashed", async () => {
  await expect(contentHash(["ABC" as ChunkHash])).rejects.toThrow(/not a chunk hash/);
});
