/**
 * A `ChunkHasher` that hashes in other threads: hashing workers (workers/hash.worker.ts), each
 * running four WebAssembly SIMD lanes. The chunking worker reads and cuts; the hashing workers
 * hash, on another core. Each chunk is copied into one of the pool's buffers, which go to a worker
 * and come back by transfer, so after the first chunks nothing is allocated per chunk.
 *
 * A worker that fails (its script does not load, it has no WebAssembly SIMD, it crashes) fails
 * every hash in flight with `HashPoolError` and stops the pool: later hashes go to `crypto.subtle`.
 * The chunker then hashes the file again (workers/chunker-api.ts).
 */
import { type ChunkHash, type ChunkHasher, parseChunkHash, subtleHasher } from "@/lib/chunking";
import type { FromHashWorker, ToHashWorker } from "./hash-protocol";

/** What the pool needs of a Worker (tests pass a MessagePort-backed fake). */
export interface HashWorkerLike {
  postMessage(message: ToHashWorker, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<FromHashWorker>) => void): void;
  addEventListener(type: "error", listener: (event: Event) => void): void;
  terminate(): void;
}

/** Chunks each worker holds before the caller must wait: four in lanes, four queued behind them. */
const PER_WORKER = 8;

export class HashPoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HashPoolError";
  }
}

interface Pending {
  resolve: (hash: ChunkHash) => void;
  reject: (error: unknown) => void;
  worker: number;
}

export class HashPool implements ChunkHasher {
  private readonly buffers: ArrayBuffer[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly outstanding: number[];
  private nextId = 0;
  private failed: HashPoolError | undefined;

  constructor(
    private readonly workers: HashWorkerLike[],
    /** Bytes per pooled buffer: the largest chunk the workers take (their lanes' size). */
    private readonly bufferSize: number,
  ) {
    this.outstanding = workers.map(() => 0);
    workers.forEach((worker, i) => {
      worker.addEventListener("message", (event: MessageEvent<FromHashWorker>) =>
        this.receive(i, event.data),
      );
      worker.addEventListener("error", (event: Event) =>
        this.fail(
          new HashPoolError(
            `a hashing worker failed: ${(event as ErrorEvent).message || "it could not start"}`,
          ),
        ),
      );
    });
  }

  /** Chunks in flight that keep every worker's lanes full: pass as `hashConcurrency`. */
  get concurrency(): number {
    return this.workers.length * PER_WORKER;
  }

  /** Whether the workers hash (false once one failed: then crypto.subtle does). */
  get healthy(): boolean {
    return this.failed === undefined;
  }

  hash(bytes: Uint8Array): Promise<ChunkHash> {
    // A chunk over the lanes' size (only a profile with a larger maximum makes one) goes to WebCrypto.
    if (this.failed !== undefined || bytes.length > this.bufferSize) return subtleHasher.hash(bytes);
    let worker = 0;
    for (let i = 1; i < this.workers.length; i++) {
      if (this.outstanding[i]! < this.outstanding[worker]!) worker = i;
    }
    const buffer = this.buffers.pop() ?? new ArrayBuffer(this.bufferSize);
    new Uint8Array(buffer, 0, bytes.length).set(bytes);
    const id = this.nextId++;
    this.outstanding[worker]!++;
    return new Promise<ChunkHash>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      this.workers[worker]!.postMessage({ type: "hash", id, buffer, length: bytes.length }, [buffer]);
    });
  }

  flush(): void {
    this.workers.forEach((worker, i) => {
      if (this.outstanding[i]! > 0) worker.postMessage({ type: "flush" }, []);
    });
  }

  /** Stops the workers; hashes still in flight fail. */
  close(): void {
    this.fail(new HashPoolError("the hash pool was closed"));
  }

  private receive(worker: number, message: FromHashWorker): void {
    if (message.type === "buffer") {
      this.buffers.push(message.buffer);
    } else if (message.type === "done") {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      this.outstanding[worker]!--;
      try {
        p.resolve(parseChunkHash(message.hash));
      } catch (error) {
        p.reject(error);
      }
    } else {
      this.fail(new HashPoolError("the hashing worker has no WebAssembly SIMD"));
    }
  }

  /** Stops every worker and fails the hashes in flight; crypto.subtle hashes from now on. */
  private fail(reason: HashPoolError): void {
    if (this.failed !== undefined) return;
    this.failed = reason;
    for (const w of this.workers) w.terminate();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }
}
