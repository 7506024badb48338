import { describe, expect, test } from "vitest";
import { xorshift32Bytes } from "@/lib/chunking";
import { readBlob, readSlices } from "./read-blob";

/** Whether two byte arrays are equal (vitest's deep equality is slow on megabytes). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  // The pieces are reused buffers: copy each before asking for the next.
  for await (const p of pieces) parts.push(p.slice());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A Blob whose first stream stops delivering (never ends) after `stallAt` bytes. */
function stallingBlob(bytes: Uint8Array<ArrayBuffer>, stallAt: number): Blob {
  const real = new Blob([bytes]);
  let streams = 0;
  const wrap = (blob: Blob, base: number): Blob =>
    ({
      size: blob.size,
      slice: (start?: number, end?: number) => wrap(blob.slice(start, end), base + (start ?? 0)),
      stream: () => {
        if (streams++ > 0 || base > 0) return blob.stream();
        const inner = blob.stream().getReader();
        let sent = 0;
        return new ReadableStream({
          type: "bytes",
          async pull(controller) {
            if (sent >= stallAt) return new Promise<void>(() => {}); // never
            const r = await inner.read();
            if (r.done) return controller.close();
            const piece = r.value.subarray(0, stallAt - sent);
            sent += piece.length;
            controller.enqueue(piece.slice());
          },
        });
      },
    }) as unknown as Blob;
  return wrap(real, 0);
}

describe("readBlob", () => {
  test("reads every byte in order, whatever the piece size", async () => {
    const bytes = xorshift32Bytes(3 * 1024 * 1024 + 17, 3);
    for (const piece of [1000, 65_536, 1 << 20, 8 << 20]) {
      expect(same(await collect(readBlob(new Blob([bytes]), piece)), bytes)).toBe(true);
    }
    expect(await collect(readBlob(new Blob([])))).toEqual(new Uint8Array(0));
  });

  test("reopens a stream that stops delivering, at the offset it reached", async () => {
    const bytes = xorshift32Bytes(2 * 1024 * 1024 + 5, 8);
    const stats = { reopened: 0 };
    const got = await collect(readBlob(stallingBlob(bytes, 700_001), 65_536, stats, 50));
    expect(same(got, bytes)).toBe(true);
    expect(stats.reopened).toBe(1);
  });

  test("readSlices reads every byte in order", async () => {
    const bytes = xorshift32Bytes(1_000_003, 4);
    expect(same(await collect(readSlices(new Blob([bytes]), 65_537, 3)), bytes)).toBe(true);
  });
});
