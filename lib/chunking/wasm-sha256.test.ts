import { createHash, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { ChunkHash } from "./chunk-hash";
import { chunkBytes, chunkStream } from "./chunk-stream";
import { xorshift32Bytes } from "./golden";
import { createSha256Lanes, sha256Many, wasmSha256Available } from "./wasm-sha256";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const nodeSha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Lengths around every padding edge (55/56: the length fits or spills; 63/64/65: a block). */
const EDGE_LENGTHS = [
  0, 1, 2, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4095, 4096, 65_537,
];

describe("WebAssembly SHA-256 (four lanes)", () => {
  test("runs here (Node has WebAssembly SIMD)", () => {
    expect(wasmSha256Available()).toBe(true);
  });

  test("equals node:crypto on random inputs of every padding edge length and some large ones", () => {
    const lengths = [...EDGE_LENGTHS, 262_144, 1_048_576 + 7, 4 * 1_048_576];
    // Fresh random bytes each run; a failure names the lengths that differ.
    const messages = lengths.map((n) => new Uint8Array(randomBytes(n)));
    const digests = sha256Many(messages).map(hex);
    const wrong = lengths.filter((_, i) => digests[i] !== nodeSha256(messages[i]!));
    expect(wrong).toEqual([]);
  });

  test("equals node:crypto whatever order and mix of lengths share the lanes", () => {
    // Random lengths (a fixed seed): lanes finish at different blocks and take new messages midway.
    const lengthsOf = xorshift32Bytes(400, 7);
    for (let round = 0; round < 5; round++) {
      const messages = Array.from({ length: 37 }, (_, i) => {
        const r = lengthsOf[round * 37 + i]!;
        const n = r < 128 ? r : r < 200 ? r * 97 : r * 4099;
        return xorshift32Bytes(n, round * 100 + i + 1);
      });
      expect(sha256Many(messages).map(hex)).toEqual(messages.map(nodeSha256));
    }
  });

  test("one message alone, and fewer messages than lanes", () => {
    for (const count of [1, 2, 3]) {
      const messages = Array.from({ length: count }, (_, i) => xorshift32Bytes(100_000 + i * 333, i + 1));
      expect(sha256Many(messages).map(hex)).toEqual(messages.map(nodeSha256));
    }
    expect(sha256Many([])).toEqual([]);
  });

  test("Sha256Lanes hashes messages added while others are half done", () => {
    const lanes = createSha256Lanes<string>(10_000)!;
    const a = xorshift32Bytes(10_000, 1);
    const b = xorshift32Bytes(64, 2);
    const c = xorshift32Bytes(5_000, 3);
    lanes.add(a, "a");
    lanes.add(b, "b");
    const first = lanes.run(); // b (2 blocks) finishes first; a is part done
    expect(first.map((d) => d.tag)).toEqual(["b"]);
    lanes.add(c, "c");
    const rest: { tag: string; digest: Uint8Array }[] = [];
    while (lanes.busy > 0) rest.push(...lanes.run());
    const byTag = new Map([...first, ...rest].map((d) => [d.tag, hex(d.digest)]));
    expect(byTag).toEqual(
      new Map([
        ["a", nodeSha256(a)],
        ["b", nodeSha256(b)],
        ["c", nodeSha256(c)],
      ]),
    );
  });

  test("refuses a message longer than it was made for, and a fifth message", () => {
    const lanes = createSha256Lanes(100)!;
    expect(() => lanes.add(new Uint8Array(101), 0)).toThrow(RangeError);
    for (let i = 0; i < 4; i++) lanes.add(new Uint8Array(10), i);
    expect(() => lanes.add(new Uint8Array(10), 4)).toThrow(/no free lane/);
  });

  test("a chunk hasher built on it gives chunkStream the same chunks as crypto.subtle", async () => {
    const input = xorshift32Bytes(9 * 1024 * 1024 + 5, 42);
    const lanes = createSha256Lanes<(hash: ChunkHash) => void>(4 * 1024 * 1024)!;
    let flushes = 0;
    // A hasher that batches like the browser's hashing worker: lanes run when full or on flush.
    const pending: { bytes: Uint8Array; resolve: (hash: ChunkHash) => void }[] = [];
    const pump = (force: boolean) => {
      for (;;) {
        while (lanes.free > 0 && pending.length > 0) {
          const next = pending.shift()!;
          lanes.add(next.bytes, next.resolve);
        }
        if (lanes.busy === 0 || (!force && lanes.free > 0)) return;
        const done = lanes.run();
        for (const { tag, digest } of done) tag(hex(digest) as ChunkHash);
        if (force && done.length > 0) return;
      }
    };
    const hasher = {
      hash(bytes: Uint8Array) {
        const copy = bytes.slice();
        return new Promise<ChunkHash>((resolve) => {
          pending.push({ bytes: copy, resolve });
          pump(false);
        });
      },
      flush() {
        flushes++;
        pump(true);
      },
    };
    const expected = await chunkBytes(input);
    const viaStream = [];
    const pieces = async function* () {
      yield input.subarray(0, 3_000_001);
      yield input.subarray(3_000_001);
    };
    for await (const c of chunkStream(pieces(), {
      hasher,
      hashConcurrency: 8,
    })) {
      viaStream.push(c);
    }
    expect(viaStream).toEqual(expected);
    expect(await chunkBytes(input, { hasher, hashConcurrency: 6 })).toEqual(expected);
    expect(flushes).toBeGreaterThan(0);
  });
});
