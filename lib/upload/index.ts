/**
 * lib/upload: the upload pipeline shared by the web app (and anything else with a `fetch`).
 *
 * Terms
 * - source: the bytes being uploaded, read by range (`UploadSource`; a File through `BlobSource`).
 * - chunker: cuts and hashes a source with lib/chunking (in the browser, inside a Web Worker).
 * - phase: where an upload is: queued → hashing → preparing → sending → committing → done, or
 *   failed / cancelled.
 * - skipped bytes: chunks not sent because the server already has them for this user.
 * - api: the server calls an upload needs (`UploadApi`); the web app implements it with its typed
 *   GraphQL operations and `putBlockOverHttp`, tests with an in-memory fake.
 * - store: where the queue is kept so a reload resumes it (`IdbUploadStore`, database
 *   `cairn-uploads`).
 *
 * The core (manager, retry, speed, limiter) takes plain data and injected functions: no DOM, no
 * fetch, no timers of its own, so it runs in a page, a worker, Node and unit tests alike.
 */
export { BlobSource } from "./blob-source";
export {
  isRetryableStatus,
  isTransportError,
  TransportError,
  toUploadFailure,
  UploadFailedError,
  type UploadFailureCode,
} from "./errors";
export { FolderResolver, folderKey } from "./folders";
export { type BlockPutOptions, type FetchLike, putBlockOverHttp, retryAfterMs } from "./http-blocks";
export { Limiter } from "./limiter";
export { type NewUpload, UploadManager, type UploadManagerOptions } from "./manager";
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy, withRetry } from "./retry";
export {
  ACTIVE_PHASES,
  type UploadPhase,
  type UploadsSnapshot,
  type UploadTotals,
  type UploadView,
} from "./snapshot";
export { SpeedMeter } from "./speed";
export { MemoryUploadStore, type StoredUpload, type UploadStore } from "./store";
export {
  abortReason,
  type Chunker,
  type ChunkRef,
  type Clock,
  type CommitOutcome,
  type CommitRequest,
  type ExistingFile,
  isAbortError,
  realClock,
  type UploadApi,
  type UploadSource,
} from "./types";
