/**
 * The page's chunker: lib/chunking running in a Web Worker (workers/chunker.worker.ts) through
 * comlink, so hashing never blocks the main thread. One worker, started on first use; files are
 * hashed one at a time (the upload manager asks for one at a time). Cancelling a hash terminates
 * the worker (comlink calls cannot be interrupted); the next hash starts a fresh one.
 *
 * Each hash is recorded as a User Timing measure `cairn:hash` (detail: bytes), which the browser
 * benchmark reads.
 */
import { proxy, type Remote, wrap } from "comlink";
import { parseChunkHash } from "@/lib/chunking";
import { abortReason, type BlobSource, type Chunker } from "@/lib/upload";
import type { ChunkerApi } from "../../../workers/chunker-api";

interface Running {
  worker: Worker;
  api: Remote<ChunkerApi>;
}

let running: Running | undefined;

function start(): Running {
  if (!running) {
    // webpack (`next build --webpack`) turns this into a worker chunk of its own.
    const worker = new Worker(new URL("../../../workers/chunker.worker.ts", import.meta.url), {
      type: "module",
      name: "cairn-chunker",
    });
    running = { worker, api: wrap<ChunkerApi>(worker) };
  }
  return running;
}

function stop(which: Running): void {
  which.worker.terminate();
  if (running === which) running = undefined;
}

export const workerChunker: Chunker<BlobSource> = async (source, { onProgress, signal }) => {
  signal.throwIfAborted();
  const current = start();
  const startedAt = performance.now();
  const chunks = await new Promise<Awaited<ReturnType<ChunkerApi["chunkBlob"]>>>((resolve, reject) => {
    const cleanUp = () => {
      signal.removeEventListener("abort", onAbort);
      current.worker.removeEventListener("error", onError);
    };
    const onAbort = () => {
      cleanUp();
      stop(current);
      reject(abortReason(signal));
    };
    // A worker script that fails to load or crashes answers nothing: fail instead of waiting forever.
    const onError = (event: ErrorEvent) => {
      cleanUp();
      stop(current);
      reject(new Error(`the hashing worker failed: ${event.message || "it could not start"}`));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    current.worker.addEventListener("error", onError);
    current.api.chunkBlob(source.blob, proxy(onProgress)).then(
      (result) => {
        cleanUp();
        resolve(result);
      },
      (error: unknown) => {
        cleanUp();
        // A worker that failed once (out of memory, ...) is not trusted with the next file.
        stop(current);
        reject(error);
      },
    );
  });
  performance.measure("cairn:hash", {
    start: startedAt,
    end: performance.now(),
    detail: { bytes: source.size },
  });
  return chunks.map((c) => ({ offset: c.offset, size: c.size, hash: parseChunkHash(c.hash) }));
};
