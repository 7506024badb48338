import { expect, test } from "vitest";
import { deriveGearTable, GEAR_V1_LABEL, GEAR_V1_VALUES } from "./gear";

test("the committed fastcdc-v1 gear table is the one its documented rule derives", async () => {
  expect(Array.from(await deriveGearTable(GEAR_V1_LABEL))).toEqual(GEAR_V1_VALUES);
});

test("the gear table starts with the values docs/chunking.md lists", () => {
  expect(GEAR_V1_VALUES.slice(0, 4)).toEqual([0xecc7fdad, 0x5a117d00, 0xc608275a, 0x6a466e09]);
});

test("the gear table holds 256 distinct unsigned 32-bit values", () => {
  expect(GEAR_V1_VALUES).toHaveLength(256);
  expect(new Set(GEAR_V1_VALUES).size).toBe(256);
  for (const v of GEAR_V1_VALUES) expect(v >>> 0).toBe(v);
});
