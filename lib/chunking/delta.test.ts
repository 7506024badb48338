import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  applyDelta,
  computeDelta,
  DELTA_BLOCK,
  decodeSignature,
  encodeSignature,
  InvalidDeltaError,
  signature,
} from "./delta";
import { xorshift32Bytes } from "./golden";

const roundTrip = (base: Uint8Array, next: Uint8Array) =>
  applyDelta(base, computeDelta(decodeSignature(encodeSignature(signature(base, 64))), next));

describe("chunk deltas", () => {
  test("applying the delta to its base rebuilds the new bytes, for any pair", () => {
    const bytes = fc.uint8Array({ maxLength: 600 });
    fc.assert(
      fc.property(bytes, bytes, (base, next) => {
        expect(Buffer.from(roundTrip(base, next)).equals(Buffer.from(next))).toBe(true);
      }),
      { numRuns: 500 },
    );
    // Edits of a shared text: insertions, deletions and overwrites anywhere.
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 200, maxLength: 2000 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(100),
        (base, at, ins, del) => {
          const p = at % (base.length + 1);
          const next = new Uint8Array([
            ...base.subarray(0, p),
            ...ins,
            ...base.subarray(Math.min(base.length, p + del)),
          ]);
          expect(Buffer.from(roundTrip(base, next)).equals(Buffer.from(next))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("a local edit of a 1 MiB chunk costs about the edit plus a block, not the chunk", () => {
    const base = xorshift32Bytes(1 << 20, 7);
    const inserted = new Uint8Array([
      ...base.subarray(0, 500_000),
      ...new TextEncoder().encode("hello"),
      ...base.subarray(500_000),
    ]);
    const prepended = new Uint8Array([...xorshift32Bytes(1024, 9), ...base]);
    const appended = new Uint8Array([...base, ...xorshift32Bytes(300_000, 11)]);
    const sig = signature(base);
    expect(encodeSignature(sig).length).toBeLessThan(((1 << 20) / DELTA_BLOCK) * 12 + 64);
    for (const [next, limit] of [
      [inserted, 2 * DELTA_BLOCK + 200],
      [prepended, 1024 + 200],
      [appended, 300_000 + 200],
    ] as const) {
      const delta = computeDelta(sig, next);
      expect(delta.length).toBeLessThan(limit);
      expect(Buffer.from(applyDelta(base, delta)).equals(Buffer.from(next))).toBe(true);
    }
    // Unrelated bytes: the delta is the bytes themselves (plus a header).
    const other = xorshift32Bytes(100_000, 99);
    expect(computeDelta(sig, other).length).toBe(100_000 + 13);
  });

  test("malformed deltas and signatures are refused", () => {
    const base = xorshift32Bytes(10_000, 3);
    const good = computeDelta(signature(base, 64), base);
    expect(() => applyDelta(base, good.subarray(0, good.length - 1))).toThrow(InvalidDeltaError);
    expect(() => applyDelta(base.subarray(0, 100), good)).toThrow(InvalidDeltaError);
    expect(() => applyDelta(base, new Uint8Array([1, 2, 3]))).toThrow(InvalidDeltaError);
    const huge = new Uint8Array(8);
    new DataView(huge.buffer).setUint32(0, 0x314c4443, true);
    new DataView(huge.buffer).setUint32(4, 5 << 20, true);
    expect(() => applyDelta(base, huge)).toThrow(InvalidDeltaError);
    expect(() => decodeSignature(new Uint8Array(20))).toThrow(InvalidDeltaError);
  });
});
