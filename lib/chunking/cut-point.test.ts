import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  cutPointEngine,
  findCutPoint,
  findCutPointJs,
  findCutPointReference,
  findCutPointWasm,
} from "./cut-point";
import { GEAR_V1_VALUES } from "./gear";
import { generateGoldenInput, xorshift32Bytes } from "./golden";
import { type ChunkingProfile, defineProfile, FASTCDC_V1 } from "./profile";

type FindCutPoint = typeof findCutPoint;

/** Small profiles cut often, so a few KiB of input exercise every branch. */
const SMALL_PROFILES: ChunkingProfile[] = [
  defineProfile({
    id: "test-64-256-1024",
    minSize: 64,
    avgSize: 256,
    maxSize: 1024,
    normalizationLevel: 2,
    gear: GEAR_V1_VALUES,
  }),
  defineProfile({
    id: "test-16-64-200-n0",
    minSize: 16,
    avgSize: 64,
    maxSize: 200,
    normalizationLevel: 0,
    gear: GEAR_V1_VALUES,
  }),
  defineProfile({
    id: "test-1-32-40-n3",
    minSize: 1,
    avgSize: 32,
    maxSize: 40,
    normalizationLevel: 3,
    gear: GEAR_V1_VALUES,
  }),
  defineProfile({
    id: "test-300-512-4096-n1",
    minSize: 300,
    avgSize: 512,
    maxSize: 4096,
    normalizationLevel: 1,
    gear: GEAR_V1_VALUES,
  }),
];

const IMPLEMENTATIONS: [string, FindCutPoint][] = [
  ["findCutPoint", findCutPoint],
  ["findCutPointJs", findCutPointJs],
  ["findCutPointWasm", findCutPointWasm],
];

/** Random bytes, plus low-entropy inputs that make chunks run to maxSize. */
const arbBytes = fc.oneof(
  fc.uint8Array({ maxLength: 6000 }),
  fc
    .tuple(fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 0, max: 255 }))
    .map(([n, b]) => new Uint8Array(n).fill(b)),
  fc.array(fc.constantFrom(0, 1, 255), { maxLength: 6000 }).map((a) => Uint8Array.from(a)),
);

function cutAll(buf: Uint8Array, profile: ChunkingProfile, find: FindCutPoint): number[] {
  const cuts: number[] = [];
  for (let start = 0; start < buf.length; ) {
    start = find(buf, start, buf.length, profile, true);
    cuts.push(start);
  }
  return cuts;
}

test("WebAssembly is what findCutPoint uses in Node", () => {
  expect(cutPointEngine).toBe("wasm");
});

describe.each(IMPLEMENTATIONS)("%s", (_name, find) => {
  test("gives the reference cut for any profile, range and eof flag", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SMALL_PROFILES),
        arbBytes,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (profile, buf, a, b, eof) => {
          const start = buf.length === 0 ? 0 : a % (buf.length + 1);
          const end = start + (b % (buf.length - start + 1));
          expect(find(buf, start, end, profile, eof)).toBe(
            findCutPointReference(buf, start, end, profile, eof),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  test("cuts the golden input where the reference does under fastcdc-v1", () => {
    const input = generateGoldenInput().subarray(0, 12 * 1024 * 1024);
    expect(cutAll(input, FASTCDC_V1, find)).toEqual(cutAll(input, FASTCDC_V1, findCutPointReference));
  });

  test("cuts a run of identical bytes at maxSize", () => {
    const buf = new Uint8Array(3 * FASTCDC_V1.maxSize + 5).fill(0x61);
    const first = find(buf, 0, buf.length, FASTCDC_V1, true);
    expect(first).toBe(findCutPointReference(buf, 0, buf.length, FASTCDC_V1, true));
    expect(first).toBeGreaterThan(FASTCDC_V1.minSize);
    expect(first).toBeLessThanOrEqual(FASTCDC_V1.maxSize);
  });
});

test("the WebAssembly scan agrees with the reference where its 64 KiB copy blocks split a phase", () => {
  // normal - (start + minSize) is not a multiple of 64 KiB here, unlike fastcdc-v1.
  const profile = defineProfile({
    id: "test-blocks",
    minSize: 1000,
    avgSize: 128 * 1024,
    maxSize: 512 * 1024,
    normalizationLevel: 2,
    gear: GEAR_V1_VALUES,
  });
  const buf = new Uint8Array(10 * 1024 * 1024);
  buf.set(xorshift32Bytes(8 * 1024 * 1024, 4242));
  buf.fill(9, 8 * 1024 * 1024); // then runs to maxSize, across blocks
  expect(cutAll(buf, profile, findCutPointWasm)).toEqual(cutAll(buf, profile, findCutPointReference));
});

test("a cut found before maxSize bytes are offered is the same cut that more bytes give", () => {
  const buf = xorshift32Bytes(3 * FASTCDC_V1.maxSize, 7);
  const full = findCutPoint(buf, 0, buf.length, FASTCDC_V1, false);
  for (let end = 0; end <= FASTCDC_V1.maxSize; end += 4099) {
    const partial = findCutPoint(buf, 0, end, FASTCDC_V1, false);
    expect(partial === -1 || partial === full).toBe(true);
    expect(partial).toBe(end >= full ? full : -1);
  }
});

test("with at least maxSize bytes offered the answer is never -1", () => {
  fc.assert(
    fc.property(fc.constantFrom(...SMALL_PROFILES), arbBytes, (profile, buf) => {
      fc.pre(buf.length >= profile.maxSize);
      const cut = findCutPoint(buf, 0, profile.maxSize, profile, false);
      expect(cut).toBeGreaterThan(profile.minSize);
      expect(cut).toBeLessThanOrEqual(profile.maxSize);
    }),
  );
});

test("input no longer than minSize is one chunk at eof and needs more data otherwise", () => {
  const buf = new Uint8Array(FASTCDC_V1.minSize);
  expect(findCutPoint(buf, 0, buf.length, FASTCDC_V1, true)).toBe(buf.length);
  expect(findCutPoint(buf, 0, buf.length, FASTCDC_V1, false)).toBe(-1);
  expect(findCutPoint(buf, 0, 1, FASTCDC_V1, true)).toBe(1);
});

test("an empty range holds no chunk, at eof or not", () => {
  const buf = new Uint8Array(10);
  expect(findCutPoint(buf, 4, 4, FASTCDC_V1, true)).toBe(-1);
  expect(findCutPoint(buf, 4, 4, FASTCDC_V1, false)).toBe(-1);
});

test("a range outside the buffer is refused", () => {
  const buf = new Uint8Array(10);
  expect(() => findCutPoint(buf, 0, 11, FASTCDC_V1, true)).toThrow(RangeError);
  expect(() => findCutPoint(buf, 5, 4, FASTCDC_V1, true)).toThrow(RangeError);
  expect(() => findCutPoint(buf, -1, 4, FASTCDC_V1, true)).toThrow(RangeError);
  expect(() => findCutPoint(buf, 0.5, 4, FASTCDC_V1, true)).toThrow(RangeError);
});

test("the WebAssembly and TypeScript paths agree when profiles with different gear tables alternate", () => {
  const reversed = defineProfile({
    id: "test-reversed-gear",
    minSize: 64,
    avgSize: 256,
    maxSize: 1024,
    normalizationLevel: 2,
    gear: [...GEAR_V1_VALUES].reverse(),
  });
  const buf = xorshift32Bytes(64 * 1024, 99);
  for (const profile of [SMALL_PROFILES[0]!, reversed, SMALL_PROFILES[0]!, reversed]) {
    expect(cutAll(buf, profile, findCutPointWasm)).toEqual(cutAll(buf, profile, findCutPointJs));
  }
  expect(cutAll(buf, reversed, findCutPointJs)).not.toEqual(cutAll(buf, SMALL_PROFILES[0]!, findCutPointJs));
});
