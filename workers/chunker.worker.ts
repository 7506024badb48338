/**
 * The chunking Web Worker: exposes the chunker (lib/chunking applied to Blobs) through comlink,
 * with a hashing worker of its own (workers/hash.worker.ts) where WebAssembly SIMD runs. No logic
 * here. Loaded by the page with
 * `new Worker(new URL(".../workers/chunker.worker.ts", import.meta.url), { type: "module" })`,
 * which webpack (`next build --webpack`) bundles as a worker chunk of its own; the hashing worker
 * is a nested worker, bundled the same way, and ends when this one is terminated.
 */
import { expose } from "comlink";
import { FASTCDC_V1, wasmSha256Available } from "@/lib/chunking";
import { createChunkerApi } from "./chunker-api";
import { HashPool } from "./hash-pool";

expose(
  createChunkerApi({
    hashPool: () =>
      typeof Worker === "function" && wasmSha256Available()
        ? new HashPool(
            [
              new Worker(new URL("./hash.worker.ts", import.meta.url), {
                type: "module",
                name: "cairn-hasher",
              }),
            ],
            FASTCDC_V1.maxSize,
          )
        : undefined,
  }),
);
