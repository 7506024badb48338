/**
 * Prints lib/chunking/golden-vectors.json: the fastcdc-v1 chunks of the golden input, cut by
 * `findCutPointReference` (the rule written plainly) and hashed with `hashChunk`.
 *
 *   npx tsx lib/chunking/print-golden-vectors.ts > lib/chunking/golden-vectors.json
 *
 * The vectors are part of the protocol: regenerate them only together with a new profile.
 */
import { type ChunkHash, hashChunk, toHex } from "./chunk-hash";
import { contentHash } from "./content-hash";
import { findCutPointReference } from "./cut-point";
import { GOLDEN_SEED, GOLDEN_SIZE, generateGoldenInput } from "./golden";
import { FASTCDC_V1 } from "./profile";

const input = generateGoldenInput();
const chunks: { offset: number; size: number; hash: ChunkHash }[] = [];
for (let start = 0; start < input.length; ) {
  const end = findCutPointReference(input, start, input.length, FASTCDC_V1, true);
  chunks.push({ offset: start, size: end - start, hash: await hashChunk(input.subarray(start, end)) });
  start = end;
}
const vectors = {
  profile: FASTCDC_V1.id,
  input: {
    generator:
      "xorshift32 (13, 17, 5), each state written as 4 bytes little-endian; see lib/chunking/golden.ts",
    seed: `0x${GOLDEN_SEED.toString(16).padStart(8, "0")}`,
    size: GOLDEN_SIZE,
    first16: toHex(input.subarray(0, 16)),
    sha256: toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", input))),
  },
  chunks,
  contentHash: await contentHash(chunks.map((c) => c.hash)),
};
console.log(JSON.stringify(vectors, null, 2));
