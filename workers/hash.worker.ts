/**
 * A hashing worker: SHA-256 of chunks in four WebAssembly SIMD lanes (`HashWorkerCore`), started
 * by the chunking worker's pool (workers/hash-pool.ts). No logic here.
 */
import { FASTCDC_V1 } from "@/lib/chunking";
import { type FromHashWorker, HashWorkerCore, type ToHashWorker } from "./hash-protocol";

const scope = self as unknown as {
  postMessage(message: FromHashWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToHashWorker>) => void) | null;
};
const core = HashWorkerCore.create(FASTCDC_V1.maxSize, (message, transfer) =>
  scope.postMessage(message, transfer ?? []),
);
if (core) scope.onmessage = (event) => core.receive(event.data);
else scope.postMessage({ type: "unavailable" });
