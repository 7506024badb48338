import { expect, test } from "vitest";
import { GEAR_V1_VALUES } from "./gear";
import {
  defineProfile,
  deriveMasks,
  FASTCDC_V1,
  getProfile,
  mustGetProfile,
  topMask,
  UnknownChunkingProfileError,
} from "./profile";

const popcount = (x: number) =>
  x
    .toString(2)
    .split("")
    .filter((b) => b === "1").length;

test("fastcdc-v1 is 256 KiB min, 1 MiB average, 4 MiB max, normalization level 2", () => {
  expect(FASTCDC_V1).toMatchObject({
    id: "fastcdc-v1",
    minSize: 262144,
    avgSize: 1048576,
    maxSize: 4194304,
    normalizationLevel: 2,
  });
});

test("fastcdc-v1's literal masks are the derived ones: 22 and 18 one-bits below bit 31", () => {
  expect(deriveMasks(FASTCDC_V1.avgSize, FASTCDC_V1.normalizationLevel)).toEqual({
    maskS: FASTCDC_V1.maskS,
    maskL: FASTCDC_V1.maskL,
  });
  expect(FASTCDC_V1.maskS).toBe(0x7ffffe00);
  expect(FASTCDC_V1.maskL).toBe(0x7fffe000);
  expect(popcount(FASTCDC_V1.maskS)).toBe(22);
  expect(popcount(FASTCDC_V1.maskL)).toBe(18);
});

test("topMask places its bits directly below bit 31", () => {
  expect(topMask(1)).toBe(0x40000000);
  expect(topMask(31)).toBe(0x7fffffff);
  expect(() => topMask(0)).toThrow(RangeError);
  expect(() => topMask(32)).toThrow(RangeError);
});

test("fastcdc-v1's gear table is GEAR_V1_VALUES as int32", () => {
  expect(Array.from(FASTCDC_V1.gear, (v) => v >>> 0)).toEqual(GEAR_V1_VALUES);
});

test("defineProfile derives the masks from the average size and level", () => {
  const p = defineProfile({
    id: "test-x",
    minSize: 64,
    avgSize: 256,
    maxSize: 1024,
    normalizationLevel: 2,
    gear: GEAR_V1_VALUES,
  });
  expect(p.maskS).toBe(topMask(10));
  expect(p.maskL).toBe(topMask(6));
});

test.each([
  ["a non-power-of-two average", { avgSize: 1000 }],
  ["min not below average", { minSize: 256 }],
  ["average not below max", { maxSize: 256 }],
  ["a zero min", { minSize: 0 }],
  ["a fractional size", { minSize: 1.5 }],
  ["an id with spaces", { id: "my profile" }],
  ["a short gear table", { gear: [1, 2, 3] }],
  ["a level that leaves maskL no bits", { normalizationLevel: 8 }],
])("defineProfile refuses %s", (_why, change) => {
  const base = {
    id: "test-x",
    minSize: 64,
    avgSize: 256,
    maxSize: 1024,
    normalizationLevel: 2,
    gear: GEAR_V1_VALUES,
  };
  expect(() => defineProfile({ ...base, ...change })).toThrow(RangeError);
});

test("published profiles are found by id; an unknown id is undefined or an error", () => {
  expect(getProfile("fastcdc-v1")).toBe(FASTCDC_V1);
  expect(mustGetProfile("fastcdc-v1")).toBe(FASTCDC_V1);
  expect(getProfile("fastcdc-v9")).toBeUndefined();
  expect(() => mustGetProfile("fastcdc-v9")).toThrow(UnknownChunkingProfileError);
});
