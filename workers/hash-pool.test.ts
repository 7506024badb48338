import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { chunkBytes, FASTCDC_V1, xorshift32Bytes } from "@/lib/chunking";
import { createChunkerApi } from "./chunker-api";
import { HashPool, HashPoolError, type HashWorkerLike } from "./hash-pool";
import { type FromHashWorker, HashWorkerCore, type ToHashWorker } from "./hash-protocol";

/** A hashing worker in this thread: HashWorkerCore behind a MessageChannel, buffers transferred. */
function fakeWorker(options: { unavailable?: boolean } = {}): HashWorkerLike & { terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  const core = options.unavailable
    ? undefined
    : HashWorkerCore.create(FASTCDC_V1.maxSize, (message, transfer) =>
        port2.postMessage(message, transfer ?? []),
      );
  port2.onmessage = (event: MessageEvent<ToHashWorker>) => core?.receive(event.data);
  if (!core) port2.postMessage({ type: "unavailable" } satisfies FromHashWorker);
  const worker = {
    terminated: false,
    postMessage(message: ToHashWorker, transfer: Transferable[]) {
      port1.postMessage(message, transfer);
    },
    addEventListener(type: string, listener: (event: never) => void) {
      if (type === "message") port1.addEventListener("message", listener as (e: MessageEvent) => void);
      port1.start();
    },
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
  };
  return worker;
}

/** Awaits every hash, flushing while any is pending (as chunkStream does before each wait). */
async function settleAll<T>(pool: HashPool, hashes: Promise<T>[]): Promise<T[]> {
  let settled = false;
  const all = Promise.all(hashes).finally(() => {
    settled = true;
  });
  while (!settled) {
    pool.flush();
    await new Promise((r) => setTimeout(r, 5));
  }
  return all;
}

const nodeSha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("HashPool", () => {
  test("hashes like node:crypto, spread over two workers", async () => {
    const workers = [fakeWorker(), fakeWorker()];
    const pool = new HashPool(workers, FASTCDC_V1.maxSize);
    const messages = [0, 1, 55, 56, 63, 64, 65, 1000, 300_000, 1_200_000, 4 * 1024 * 1024].map((n, i) =>
      xorshift32Bytes(n, i + 1),
    );
    const hashes = messages.map((m) => pool.hash(m));
    expect(await settleAll(pool, hashes)).toEqual(messages.map(nodeSha256));
    pool.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  test("chunkBlob through a pool cuts and hashes exactly like crypto.subtle", async () => {
    const bytes = xorshift32Bytes(11 * 1024 * 1024 + 3, 99);
    const api = createChunkerApi({ hashPool: () => new HashPool([fakeWorker()], FASTCDC_V1.maxSize) });
    const expected = (await chunkBytes(bytes)).map(({ offset, size, hash }) => ({ offset, size, hash }));
    expect(await api.chunkBlob(new Blob([bytes]))).toEqual(expected);
    // Again with the same (warm) pool: its buffers are reused.
    expect(await api.chunkBlob(new Blob([bytes]), undefined, { pieceSize: 100_000 })).toEqual(expected);
  });

  test("a worker that cannot hash fails the hashes in flight; the chunker starts over with crypto.subtle", async () => {
    const pool = new HashPool([fakeWorker({ unavailable: true })], FASTCDC_V1.maxSize);
    await expect(pool.hash(new Uint8Array(10))).rejects.toBeInstanceOf(HashPoolError);
    expect(pool.healthy).toBe(false);
    expect(await pool.hash(new Uint8Array(3))).toBe(nodeSha256(new Uint8Array(3)));

    const bytes = xorshift32Bytes(3 * 1024 * 1024, 5);
    const api = createChunkerApi({
      hashPool: () => new HashPool([fakeWorker({ unavailable: true })], FASTCDC_V1.maxSize),
    });
    const expected = (await chunkBytes(bytes)).map(({ offset, size, hash }) => ({ offset, size, hash }));
    expect(await api.chunkBlob(new Blob([bytes]))).toEqual(expected);
  });
});
