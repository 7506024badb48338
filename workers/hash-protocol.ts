/**
 * The hashing worker (workers/hash.worker.ts) and its pool (workers/hash-pool.ts) talk in these
 * messages. Buffers travel by transfer, never by copy: the pool copies a chunk into one of its
 * buffers and transfers it; the worker copies it into its SIMD lanes and transfers the buffer back
 * for the next chunk. The worker's side is `HashWorkerCore`, plain code tests run in-process.
 */
import { createSha256Lanes, type Sha256Lanes, toHex } from "@/lib/chunking";

export type ToHashWorker =
  /** Hash `buffer[0, length)`; answer `done` with the same id, and send the buffer back. */
  | { type: "hash"; id: number; buffer: ArrayBuffer; length: number }
  /** The pool waits for a hash: make progress even with lanes to spare. */
  | { type: "flush" };

export type FromHashWorker =
  | { type: "done"; id: number; hash: string }
  | { type: "buffer"; buffer: ArrayBuffer }
  /** The worker cannot hash (no WebAssembly SIMD here): the pool falls back to crypto.subtle. */
  | { type: "unavailable" };

export type Post = (message: FromHashWorker, transfer?: Transferable[]) => void;

/**
 * Four-lane SHA-256 fed by messages. Lanes run while all four hold a chunk, so a steady stream is
 * hashed at full width; a `flush` runs them part-empty until one chunk is done, so a caller waiting
 * for a hash (the last chunks of a file, or a window of chunks in flight) is never stuck.
 */
export class HashWorkerCore {
  private readonly queue: { id: number; buffer: ArrayBuffer; length: number }[] = [];

  constructor(
    private readonly lanes: Sha256Lanes<number>,
    private readonly post: Post,
  ) {}

  static create(maxChunk: number, post: Post): HashWorkerCore | undefined {
    const lanes = createSha256Lanes<number>(maxChunk);
    return lanes ? new HashWorkerCore(lanes, post) : undefined;
  }

  receive(message: ToHashWorker): void {
    if (message.type === "hash") {
      this.queue.push(message);
      this.pump(false);
    } else {
      this.pump(true);
    }
  }

  /** Moves queued chunks into free lanes, handing each buffer back at once. */
  private fill(): void {
    while (this.lanes.free > 0 && this.queue.length > 0) {
      const { id, buffer, length } = this.queue.shift()!;
      this.lanes.add(new Uint8Array(buffer, 0, length), id);
      this.post({ type: "buffer", buffer }, [buffer]);
    }
  }

  private pump(force: boolean): void {
    for (;;) {
      this.fill();
      if (this.lanes.busy === 0 || (!force && this.lanes.free > 0)) return;
      const done = this.lanes.run();
      for (const { tag, digest } of done) this.post({ type: "done", id: tag, hash: toHex(digest) });
      if (done.length > 0) force = false;
    }
  }
}
