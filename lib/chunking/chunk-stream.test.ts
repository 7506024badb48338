import fc from "fast-check";
import { afterEach, describe, expect, test, vi } from "vitest";
import { hashChunk } from "./chunk-hash";
import { type Chunk, type ChunkOptions, chunkBytes, chunkStream } from "./chunk-stream";
import { contentHash, EMPTY_CONTENT_HASH } from "./content-hash";
import { GEAR_V1_VALUES } from "./gear";
import { generateGoldenInput, xorshift32Bytes } from "./golden";
import { type ChunkingProfile, defineProfile, FASTCDC_V1 } from "./profile";

const MiB = 1024 * 1024;
const SMALL = defineProfile({
  id: "test-64-256-1024",
  minSize: 64,
  avgSize: 256,
  maxSize: 1024,
  normalizationLevel: 2,
  gear: GEAR_V1_VALUES,
});
const TINY = defineProfile({
  id: "test-8-32-100",
  minSize: 8,
  avgSize: 32,
  maxSize: 100,
  normalizationLevel: 1,
  gear: GEAR_V1_VALUES,
});

/** The input in pieces of the given sizes, cycling through them. */
async function* pieces(input: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield input.subarray(at, at + size);
    at += size;
  }
}

function readable(input: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= input.length) return controller.close();
      controller.enqueue(input.slice(at, at + size));
      at += size;
    },
  });
}

async function collect(source: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}

/** Byte equality without vitest's element-by-element diffing, which is slow on MiBs. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const shape = (chunks: Chunk[]) =>
  chunks.map(({ index, offset, size, hash }) => ({ index, offset, size, hash }));

function expectWellFormed(chunks: Chunk[], input: Uint8Array, profile: ChunkingProfile): void {
  let offset = 0;
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.offset).toBe(offset);
    expect(chunk.size).toBeLessThanOrEqual(profile.maxSize);
    if (i < chunks.length - 1) expect(chunk.size).toBeGreaterThanOrEqual(profile.minSize);
    else expect(chunk.size).toBeGreaterThan(0);
    offset += chunk.size;
  });
  expect(offset).toBe(input.length);
}

const arbInput = fc.oneof(
  fc.uint8Array({ maxLength: 5000 }),
  fc.array(fc.constantFrom(0, 7), { maxLength: 5000 }).map((a) => Uint8Array.from(a)),
);

describe("properties over small profiles", () => {
  test("chunks concatenate to the input; all but the last are within [min, max], the last is at most max", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(SMALL, TINY), arbInput, async (profile, input) => {
        const chunks = await chunkBytes(input, { profile, withBytes: true });
        expectWellFormed(chunks, input, profile);
        const joined = new Uint8Array(input.length);
        for (const chunk of chunks) joined.set(chunk.bytes!, chunk.offset);
        expect(sameBytes(joined, input)).toBe(true);
        for (const chunk of chunks) expect(chunk.hash).toBe(await hashChunk(chunk.bytes!));
      }),
      { numRuns: 150 },
    );
  });

  test("chunkStream gives the chunks chunkBytes gives, whatever the read sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(SMALL, TINY),
        arbInput,
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        async (profile, input, sizes, hashConcurrency) => {
          const expected = shape(await chunkBytes(input, { profile }));
          expect(
            shape(await collect(chunkStream(pieces(input, sizes), { profile, hashConcurrency }))),
          ).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  test("chunkStream with 1-byte reads gives the chunks chunkBytes gives", async () => {
    const input = xorshift32Bytes(20_000, 5);
    const expected = shape(await chunkBytes(input, { profile: SMALL }));
    expect(shape(await collect(chunkStream(pieces(input, [1]), { profile: SMALL })))).toEqual(expected);
  });
});

describe("fastcdc-v1", () => {
  const golden = generateGoldenInput();
  let expected: ReturnType<typeof shape> | undefined;
  const goldenChunks = async () => {
    expected ??= shape(await chunkBytes(golden));
    return expected;
  };

  test.each([
    ["7 MiB", [7 * MiB]],
    ["65537-byte", [65537]],
    ["odd, varied", [1, 3, 1_000_003, 4099, 5 * MiB + 1, 17]],
    ["larger than the whole input", [64 * MiB]],
  ])("chunkStream over %s reads gives the chunks chunkBytes gives", async (_name, sizes) => {
    expect(shape(await collect(chunkStream(pieces(golden, sizes))))).toEqual(await goldenChunks());
  });

  test("chunkStream over a ReadableStream gives the chunks chunkBytes gives", async () => {
    expect(shape(await collect(chunkStream(readable(golden, 300_001))))).toEqual(await goldenChunks());
  });

  test("chunkStream with 1-byte reads gives the chunks chunkBytes gives", async () => {
    const input = golden.subarray(0, 1_500_000);
    const want = shape(await chunkBytes(input));
    expect(want.length).toBeGreaterThan(1);
    expect(shape(await collect(chunkStream(pieces(input, [1]))))).toEqual(want);
  });

  describe("a 1-byte insertion into 64 MiB", () => {
    const input = xorshift32Bytes(64 * MiB, 0x1badb002);
    let baseline: Promise<Chunk[]> | undefined;
    const chunksBefore = () => {
      baseline ??= chunkBytes(input);
      return baseline;
    };
    const insertAt = (at: number) => {
      const edited = new Uint8Array(input.length + 1);
      edited.set(input.subarray(0, at));
      edited[at] = input[at]! ^ 0x5a;
      edited.set(input.subarray(at), at + 1);
      return chunkBytes(edited);
    };
    const newChunks = async (after: Chunk[]) => {
      const known = new Set((await chunksBefore()).map((c) => c.hash));
      return after.filter((c) => !known.has(c.hash)).length;
    };

    test("is cut into chunks of mean size about 1.2 MiB", async () => {
      const mean = input.length / (await chunksBefore()).length;
      expect(mean).toBeGreaterThan(0.9 * MiB);
      expect(mean).toBeLessThan(1.5 * MiB);
    });

    test("at random places changes at most 4 chunks", async () => {
      const changed: number[] = [];
      for (let k = 0, x = 12345; k < 8; k++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        changed.push(await newChunks(await insertAt(k === 0 ? 0 : x % input.length)));
      }
      const count = (await chunksBefore()).length;
      console.log(
        `1-byte insertion at random places in 64 MiB (${count} chunks): new chunks ${changed.join(", ")}`,
      );
      for (const n of changed) expect(n).toBeLessThanOrEqual(4);
    });

    test("into the bytes that decide a cut point changes a short run of chunks, then cuts fall in step again", async () => {
      // The last byte of a chunk is one of the 31 whose hash made the cut; changing it moves the cut,
      // and the minSize skip can carry the change over a few following chunks before they realign.
      const before = await chunksBefore();
      const changed: number[] = [];
      for (const k of [3, 20, 41]) {
        const after = await insertAt(before[k]!.offset + before[k]!.size - 1);
        changed.push(await newChunks(after));
        expect(after.slice(k + 12).map((c) => c.hash)).toEqual(before.slice(k + 12).map((c) => c.hash));
        expect(after.slice(0, k).map((c) => c.hash)).toEqual(before.slice(0, k).map((c) => c.hash));
      }
      console.log(`1-byte insertion at a cut-deciding byte: new chunks ${changed.join(", ")}`);
    });
  });

  test("the empty input has zero chunks and the empty content hash", async () => {
    expect(await chunkBytes(new Uint8Array(0))).toEqual([]);
    expect(await collect(chunkStream(pieces(new Uint8Array(0), [1])))).toEqual([]);
    expect(await collect(chunkStream(readable(new Uint8Array(0), 1)))).toEqual([]);
    expect(await contentHash([])).toBe(EMPTY_CONTENT_HASH);
  });

  test("an input shorter than minSize is one chunk", async () => {
    const input = xorshift32Bytes(FASTCDC_V1.minSize - 1, 3);
    const want = [{ index: 0, offset: 0, size: input.length, hash: await hashChunk(input) }];
    expect(shape(await chunkBytes(input))).toEqual(want);
    expect(shape(await collect(chunkStream(pieces(input, [10_000]))))).toEqual(want);
  });

  test("inputs right at the size limits are well-formed", async () => {
    const { minSize, maxSize } = FASTCDC_V1;
    for (const n of [1, minSize, minSize + 1, maxSize - 1, maxSize, maxSize + 1, 2 * maxSize]) {
      const input = new Uint8Array(n).fill(1); // no content cut: only size limits apply
      const chunks = await chunkBytes(input);
      expectWellFormed(chunks, input, FASTCDC_V1);
      expect(shape(await collect(chunkStream(pieces(input, [MiB]))))).toEqual(shape(chunks));
    }
  });
});

describe("options and behaviour", () => {
  const input = xorshift32Bytes(12 * MiB, 11);

  test("hash concurrency does not change the chunks or their order", async () => {
    const one = shape(await chunkBytes(input, { hashConcurrency: 1 }));
    expect(shape(await chunkBytes(input, { hashConcurrency: 16 }))).toEqual(one);
    expect(shape(await collect(chunkStream(pieces(input, [MiB]), { hashConcurrency: 1 })))).toEqual(one);
    expect(shape(await collect(chunkStream(pieces(input, [MiB]), { hashConcurrency: 16 })))).toEqual(one);
  });

  test.each([0, -1, 1.5, Number.NaN])("a hash concurrency of %s is refused", async (hashConcurrency) => {
    await expect(chunkBytes(input, { hashConcurrency })).rejects.toThrow(RangeError);
    await expect(collect(chunkStream(pieces(input, [MiB]), { hashConcurrency }))).rejects.toThrow(RangeError);
  });

  test("onProgress reports the bytes done after each chunk, in order, ending at the input length", async () => {
    for (const run of [
      (o: ChunkOptions) => chunkBytes(input, o),
      (o: ChunkOptions) => collect(chunkStream(pieces(input, [999_999]), o)),
    ]) {
      const progress: number[] = [];
      const chunks = await run({ onProgress: (n) => progress.push(n) });
      expect(progress).toEqual(chunks.map((c) => c.offset + c.size));
      expect(progress.at(-1)).toBe(input.length);
    }
  });

  test("chunkStream's withBytes chunks are copies that stay intact while the stream goes on", async () => {
    const chunks = await collect(
      chunkStream(pieces(input, [333_333]), { withBytes: true, hashConcurrency: 2 }),
    );
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) {
      expect(sameBytes(chunk.bytes!, input.subarray(chunk.offset, chunk.offset + chunk.size))).toBe(true);
      expect(chunk.bytes!.buffer.byteLength).toBe(chunk.size);
    }
  });

  test("chunkStream without withBytes hands out no bytes", async () => {
    for (const chunk of await collect(chunkStream(pieces(input, [MiB])))) expect(chunk.bytes).toBeUndefined();
  });

  test("chunkStream reads a bounded amount ahead of the chunks it hands out", async () => {
    let read = 0;
    async function* endless() {
      for (let seed = 1; ; seed++) {
        const piece = xorshift32Bytes(MiB, seed);
        read += piece.length;
        yield piece;
      }
    }
    // Buffer of 4 × maxSize, up to 2 × hashConcurrency chunks queued, one read being copied in.
    const bound = 4 * FASTCDC_V1.maxSize + 2 * 4 * FASTCDC_V1.maxSize + MiB;
    let seen = 0;
    let worst = 0;
    for await (const chunk of chunkStream(endless())) {
      worst = Math.max(worst, read - (chunk.offset + chunk.size));
      if (++seen === 40) break;
    }
    expect(worst).toBeLessThanOrEqual(bound);
  });

  test("stopping early cancels a ReadableStream source and returns an iterable one", async () => {
    const cancel = vi.fn();
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(input.slice(at, at + MiB));
        at += MiB;
      },
      cancel,
    });
    for await (const _ of chunkStream(stream)) break;
    expect(cancel).toHaveBeenCalledOnce();

    let finished = false;
    async function* iterable() {
      try {
        for (;;) yield input.subarray(0, MiB);
      } finally {
        finished = true;
      }
    }
    for await (const _ of chunkStream(iterable())) break;
    expect(finished).toBe(true);
  });

  test("an error from the source rejects the stream", async () => {
    async function* failing() {
      yield input.subarray(0, 5 * MiB);
      throw new Error("disk on fire");
    }
    await expect(collect(chunkStream(failing()))).rejects.toThrow("disk on fire");
  });

  test("a source that yields something other than Uint8Array is refused", async () => {
    async function* strings() {
      yield "hello" as unknown as Uint8Array;
    }
    await expect(collect(chunkStream(strings()))).rejects.toThrow(TypeError);
  });

  describe("when a digest fails", () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    test("the failure rejects chunkStream and chunkBytes instead of skipping the chunk", async () => {
      const digest = crypto.subtle.digest.bind(crypto.subtle);
      let calls = 0;
      vi.spyOn(crypto.subtle, "digest").mockImplementation((algorithm, data) =>
        ++calls % 3 === 0 ? Promise.reject(new Error("digest failed")) : digest(algorithm, data),
      );
      await expect(collect(chunkStream(pieces(input, [MiB])))).rejects.toThrow("digest failed");
      calls = 0;
      await expect(chunkBytes(input)).rejects.toThrow("digest failed");
    });
  });
});
