import { expect, test } from "vitest";
import { fromHex, hashChunk, InvalidChunkHashError, isChunkHash, parseChunkHash, toHex } from "./chunk-hash";

const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // SHA-256("abc"), FIPS 180-2

test("hashChunk is SHA-256 of the bytes in lowercase hex", async () => {
  expect(await hashChunk(new TextEncoder().encode("abc"))).toBe(ABC);
});

test("hashChunk hashes only the bytes a view covers", async () => {
  const buf = new TextEncoder().encode("xxabcxx");
  expect(await hashChunk(buf.subarray(2, 5))).toBe(ABC);
});

test("parseChunkHash accepts 64 lowercase hex characters", () => {
  expect(parseChunkHash(ABC)).toBe(ABC);
  expect(isChunkHash(ABC)).toBe(true);
});

test.each([
  ["uppercase", ABC.toUpperCase()],
  ["too short", ABC.slice(1)],
  ["too long", `${ABC}0`],
  ["not hex", `${ABC.slice(1)}g`],
  ["surrounded by spaces", ` ${ABC} `],
  ["empty", ""],
])("parseChunkHash refuses a value that is %s, naming it in the error", (_why, value) => {
  expect(() => parseChunkHash(value)).toThrow(InvalidChunkHashError);
  try {
    parseChunkHash(value);
  } catch (error) {
    expect((error as InvalidChunkHashError).value).toBe(value);
  }
});

test("isChunkHash is false for values that are not strings", () => {
  for (const value of [undefined, null, 42, {}, new Uint8Array(32)]) expect(isChunkHash(value)).toBe(false);
});

test("toHex and fromHex are inverses", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  expect(fromHex(toHex(bytes))).toEqual(bytes);
  expect(toHex(fromHex(ABC))).toBe(ABC);
});
