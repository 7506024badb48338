/**
 * lib/sync: the client sync engine (see README.md for its words, docs/sync-protocol.md for the
 * protocol). Browser-safe: no Node APIs. The idb adapters and browser glue are separate entry
 * points (`store/idb.ts`, `chunk-cache.ts`, `browser.ts`) so Node code never loads them.
 */
export { applyChanges, applyEntry, applyResult, isNewer, removeSubtree } from "./apply-changes";
export { ChunkCorruptError, verifyChunk } from "./chunk-verify";
export {
  type ChunkSource,
  checkChunkList,
  DEFAULT_DOWNLOAD_CONCURRENCY,
  type DownloadOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadChunks,
  type FetchChunk,
  type HttpChunkFetcherOptions,
  httpChunkFetcher,
  InvalidChunkListError,
  type VersionChunkRef,
} from "./download";
export {
  type Clock,
  InvalidOpError,
  SyncEngine,
  type SyncEngineOptions,
  type SyncEvent,
  type SyncStats,
  type SyncStatus,
  systemClock,
} from "./engine";
export { errorInfo, isRetryable, type SyncErrorInfo, SyncTransportError } from "./errors";
export { createHttpTransport, type HttpTransport, type HttpTransportOptions } from "./http-transport";
export { InvalidNameError, nameKey, nextFreeName, validateName, withSuffix } from "./names";
export { IndexOverlay, type IndexReader, NodeIndex } from "./node-index";
export type { NoticeCode, SyncNotice } from "./notices";
export {
  filesWithin,
  type HeldFile,
  type OfflineChoice,
  type OfflinePlan,
  offlineChoiceFor,
  planOffline,
} from "./offline-plan";
export {
  applyPending,
  type CommitFileArgs,
  OP_KINDS,
  type OpArgs,
  type OpKind,
  type OpOf,
  type PendingOp,
  type PendingView,
  rebaseQueuedEdits,
  targetId,
} from "./outbox";
export {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  type Decision,
  decideOutcome,
  type MutationResult,
  type OpOutcome,
} from "./outcome";
export { type ReplayPolicy, type ReplayResolution, resolveReplayFailure } from "./replay";
export { MemorySyncStore } from "./store/memory";
export { DuplicateOpError, type StoreBatch, type SyncStore } from "./store/sync-store";
export type { MutationRequest, SyncTransport } from "./transport";
export {
  ancestry,
  breadcrumbs,
  CHILD_ORDERS,
  type ChildOrder,
  childNamed,
  isRoot,
  isVisible,
  isWithin,
  listChildren,
  listTrash,
  nearestVisibleAncestor,
  pathOf,
  resolvePath,
  rootOf,
} from "./tree-view";
export {
  CHANGE_OPS,
  type ChangeEntry,
  type ChangeOp,
  type ChangePage,
  type IndexChanges,
  type IndexNode,
} from "./types";
export { createWsTransport, type WsTransport, type WsTransportOptions } from "./ws-transport";
