/**
 * Deterministic test input, the same in Node, a page and a worker, for the golden vectors
 * (`golden-vectors.json`) and the benchmark.
 *
 * PRNG: Marsaglia's xorshift32 with shifts (13, 17, 5) on a nonzero uint32 state s:
 *   s ^= s << 13; s ^= s >>> 17; s ^= s << 5   (all mod 2^32)
 * Each step yields the new s, written as 4 bytes little-endian. The first step follows the seed.
 */

/** The golden input: 24 MiB of xorshift32 output from this seed. */
export const GOLDEN_SEED = 0x2545f491;
export const GOLDEN_SIZE = 24 * 1024 * 1024;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `size` bytes of xorshift32 output from `seed` (see the header). */
export function xorshift32Bytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad size: ${size}`);
  let s = seed | 0;
  if (s === 0) throw new RangeError("xorshift32 needs a nonzero seed");
  const out = new Uint8Array(size);
  const words = Math.floor(size / 4);
  if (LITTLE_ENDIAN) {
    const w = new Uint32Array(out.buffer, 0, words);
    for (let i = 0; i < words; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      w[i] = s;
    }
  } else {
    for (let i = 0; i < words; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[4 * i] = s;
      out[4 * i + 1] = s >>> 8;
      out[4 * i + 2] = s >>> 16;
      out[4 * i + 3] = s >>> 24;
    }
  }
  if (size % 4 !== 0) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    for (let j = 0; j < size % 4; j++) out[words * 4 + j] = s >>> (8 * j);
  }
  return out;
}

/** The golden input (24 MiB) that `golden-vectors.json` describes. */
export function generateGoldenInput(): Uint8Array<ArrayBuffer> {
  return xorshift32Bytes(GOLDEN_SIZE, GOLDEN_SEED);
}
