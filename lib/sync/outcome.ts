/**
 * One pure function decides what an op's outcome means for the outbox and the index:
 * - success: drop the op, apply the result snapshot (rev rule), say so when the server made a
 *   conflicted copy;
 * - retryable failure (no answer, 5xx, ...): keep the op, try again after a randomized backoff;
 * - the server's definitive "no": the replay table (replay.ts) rewrites, drops or parks it.
 */
import { applyResult } from "./apply-changes";
import { isRetryable, type SyncErrorInfo } from "./errors";
import type { IndexReader } from "./node-index";
import type { SyncNotice } from "./notices";
import type { PendingOp } from "./outbox";
import { type ReplayPolicy, resolveReplayFailure } from "./replay";
import type { IndexChanges, IndexNode } from "./types";

/** What a mutation returns, in index terms. */
export interface MutationResult {
  /** The node after the change (for deleteForever: its last state). */
  node: IndexNode;
  /** True for deleteForever: the node and everything below it are gone. */
  deleted: boolean;
  /** commitFile only: the content was saved as a conflicted copy (`node` is the copy). */
  conflict?: { copyName: string; reason: string } | null;
  /** commitFile only: the same content was already current; nothing changed. */
  unchanged?: boolean;
}

export type OpOutcome = { ok: true; result: MutationResult } | { ok: false; error: SyncErrorInfo };

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/** Randomized exponential backoff: `min(max, base·2^attempt)` scaled by 0.5–1.5 (`random` in [0, 1)). */
export function backoffDelay(
  attempt: number,
  random: number,
  { baseMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF,
): number {
  return Math.round(Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30)) * (0.5 + random));
}

export type Decision =
  | { action: "done"; changes: IndexChanges; notice?: SyncNotice }
  | { action: "retry"; delayMs: number; notice?: undefined }
  | { action: "rewrite"; args: PendingOp["args"]; notice: SyncNotice }
  | { action: "drop"; notice?: SyncNotice }
  | { action: "park"; notice: SyncNotice };

export interface DecideOptions {
  /** A number in [0, 1) for the backoff jitter. */
  random: number;
  backoff?: BackoffOptions;
  policy?: ReplayPolicy;
}

export function decideOutcome(
  op: PendingOp,
  outcome: OpOutcome,
  index: IndexReader,
  options: DecideOptions,
): Decision {
  if (outcome.ok) {
    const { node, deleted, conflict } = outcome.result;
    const changes = applyResult(index, node, deleted);
    if (op.kind === "commitFile" && conflict) {
      return {
        action: "done",
        changes,
        notice: {
          opId: op.opId,
          nodeId: node.id,
          level: "warning",
          code: "conflicted-copy",
          message: `“${op.intent.name}” changed elsewhere meanwhile; your version was saved as “${conflict.copyName}”.`,
        },
      };
    }
    const before = index.get(node.id);
    if (op.kind === "restore" && before && before.name !== node.name) {
      return {
        action: "done",
        changes,
        notice: {
          opId: op.opId,
          nodeId: node.id,
          level: "info",
          code: "renamed",
          message: `“${before.name}” was restored as “${node.name}”.`,
        },
      };
    }
    return { action: "done", changes };
  }
  const error = outcome.error;
  if (isRetryable(error))
    return { action: "retry", delayMs: backoffDelay(op.attempts, options.random, options.backoff) };
  const r = (options.policy ?? resolveReplayFailure)(op, error, index);
  if ("retryWith" in r) return { action: "rewrite", args: r.retryWith, notice: r.notice };
  if ("park" in r) return { action: "park", notice: r.notice };
  return { action: "drop", notice: r.notice };
}
