import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { chunkBytes, generateGoldenInput, xorshift32Bytes } from "@/lib/chunking";
import { chunkerApi } from "./chunker-api";

const golden = JSON.parse(
  readFileSync(new URL("../lib/chunking/golden-vectors.json", import.meta.url), "utf8"),
) as {
  chunks: { offset: number; size: number; hash: string }[];
};

describe("chunkerApi.chunkBlob", () => {
  test("cuts the golden input exactly as the golden vectors say, whatever the read size", async () => {
    const blob = new Blob([generateGoldenInput()]);
    for (const options of [
      {},
      { pieceSize: 65_537 },
      { pieceSize: 5 << 20 },
      { readSize: 1 << 20 },
      { readSize: 65_537, readAhead: 5 },
    ]) {
      const chunks = await chunkerApi.chunkBlob(blob, undefined, options);
      expect(chunks).toEqual(golden.chunks.map(({ offset, size, hash }) => ({ offset, size, hash })));
    }
  });

  test("gives the same chunks as chunkBytes and reports progress up to the full size", async () => {
    const bytes = xorshift32Bytes(9 * 1024 * 1024 + 13, 77);
    const seen: number[] = [];
    const chunks = await chunkerApi.chunkBlob(new Blob([bytes]), (n) => seen.push(n), {
      progressIntervalMs: 0,
    });
    const expected = await chunkBytes(bytes);
    expect(chunks).toEqual(expected.map(({ offset, size, hash }) => ({ offset, size, hash })));
    expect(seen.at(-1)).toBe(bytes.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  test("an empty blob has no chunks", async () => {
    expect(await chunkerApi.chunkBlob(new Blob([]))).toEqual([]);
  });
});
