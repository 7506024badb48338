/**
 * SyncStore: where a device keeps its index, its feed cursor and its outbox. One small contract,
 * one conformance suite (`conformance.ts`), one adapter per place: `MemorySyncStore` (tests,
 * Node) and `IdbSyncStore` (the browser, database `cairn-sync-<userId>`).
 *
 * Contract
 * - Reads return copies: changing a returned object changes nothing stored.
 * - `write(batch)` is atomic: all of it is visible afterwards, or (when it rejects) none of it.
 *   A page of the feed is one batch with its cursor, so a crash never leaves the index ahead of
 *   or behind the stored cursor; a settled op is one batch with the result's nodes.
 * - Order inside a batch: `clearNodes`, `deletes`, `puts`, cursor, then `removeOps`,
 *   `updateOps`, `addOps`.
 * - Outbox ops are listed in `seq` order. `addOps` assigns increasing seqs (returned in order),
 *   and rejects an opId already queued. `updateOps` replaces a queued op by opId, keeping its
 *   seq, and ignores an op no longer queued (another tab may have settled it); `removeOps`
 *   ignores unknown opIds.
 */
import type { PendingOp } from "../outbox";
import type { IndexNode } from "../types";

export interface StoreBatch {
  /** Remove every node first (rebuilding the index from the start of the feed). */
  clearNodes?: boolean;
  deletes?: string[];
  /** Whole nodes, replacing any stored under the same id. */
  puts?: IndexNode[];
  /** The feed cursor after this batch; omitted: unchanged; null: from the start. */
  cursor?: string | null;
  removeOps?: string[];
  updateOps?: PendingOp[];
  /** New ops; their `seq` is ignored and assigned by the store. */
  addOps?: PendingOp[];
}

export interface SyncStore {
  getNode(id: string): Promise<IndexNode | undefined>;
  /** Nodes whose parent is `parentId`, whatever their state, in no particular order. */
  childrenOf(parentId: string): Promise<IndexNode[]>;
  allNodes(): Promise<IndexNode[]>;
  getCursor(): Promise<string | null>;
  /** Queued ops in seq order. */
  listOps(): Promise<PendingOp[]>;
  /** Applies the batch atomically; returns the seqs assigned to `addOps`, in order. */
  write(batch: StoreBatch): Promise<{ seqs: number[] }>;
  close(): Promise<void>;
}

export class DuplicateOpError extends Error {
  constructor(readonly opId: string) {
    super(`op ${opId} is already queued`);
    this.name = "DuplicateOpError";
  }
}
