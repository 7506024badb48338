/**
 * The outbox: changes the user made that the server has not confirmed yet, in the order they
 * were made. Each op carries an `opId` chosen once, persisted with it and kept across retries and
 * restarts, so the server applies it at most once (docs/sync-protocol.md, "Writing").
 *
 * `applyPending` overlays the ops on the server index for the UI (optimistic state); the server
 * index itself never holds a guess.
 */

import { removeSubtree } from "./apply-changes";
import { nameKey, nextFreeName } from "./names";
import { IndexOverlay, type IndexReader } from "./node-index";
import { isVisible, rootOf } from "./tree-view";
import type { IndexNode } from "./types";

export const OP_KINDS = [
  "createFolder",
  "rename",
  "move",
  "trash",
  "restore",
  "deleteForever",
  "commitFile",
] as const;
export type OpKind = (typeof OP_KINDS)[number];

export interface CommitFileArgs {
  parentId: string;
  name: string;
  /** For a new file: the id proposed for it (the UI shows the file under this id at once). */
  id?: string;
  /** For an edit: the file, and the version the edit started from. */
  fileId?: string;
  baseVersionId?: string;
  /** Chunk hashes in order; the bytes are uploaded before the commit (`SyncEngineOptions.uploadChunks`). */
  chunks: string[];
  size: number;
  contentHash: string;
  deviceName?: string;
  mimeType?: string;
}

export interface OpArgs {
  createFolder: { id: string; parentId: string; name: string };
  rename: { id: string; name: string };
  move: { id: string; parentId: string; name?: string };
  trash: { id: string };
  restore: { id: string };
  deleteForever: { id: string };
  commitFile: CommitFileArgs;
}

interface OpFields {
  /** Chosen once; the same on every try. 1–128 of `A-Z a-z 0-9 . _ : -`. */
  opId: string;
  /** Store order (assigned when the op is added); ops are sent in this order. */
  seq: number;
  /** The target's rev when the op was made (informational: tree ops are last-writer-wins). */
  baseRev?: number;
  createdAt: number;
  /** Failed tries so far (reset when a replay rule rewrites the op). */
  attempts: number;
  /** Not before this time (ms, the engine clock): backoff after a retryable failure. */
  notBefore?: number;
  /** Set when the op cannot go on without the user; it no longer blocks the queue. */
  parked?: { code: string; message: string };
}

/** A queued op: `args` is what is sent, `intent` what the user asked for (args may be rewritten). */
export type PendingOp = {
  [K in OpKind]: OpFields & { kind: K; args: OpArgs[K]; intent: OpArgs[K] };
}[OpKind];

export type OpOf<K extends OpKind> = Extract<PendingOp, { kind: K }>;

/** The node an op is about (for commitFile: the edited file or the proposed id). */
export function targetId(op: Pick<PendingOp, "kind" | "args">): string | undefined {
  if (op.kind === "commitFile") {
    const a = op.args as CommitFileArgs;
    return a.fileId ?? a.id;
  }
  return (op.args as { id: string }).id;
}

const iso = (ms: number) => new Date(ms).toISOString();

function newNode(
  parent: IndexNode | undefined,
  fields: Partial<IndexNode> & Pick<IndexNode, "id" | "name" | "kind">,
  at: number,
): IndexNode {
  return {
    namespaceId: parent?.namespaceId ?? "",
    parentId: parent?.id ?? null,
    rev: 0,
    size: 0,
    contentHash: null,
    mimeType: null,
    currentVersionId: null,
    createdAt: iso(at),
    modifiedAt: iso(at),
    trashedAt: null,
    ...fields,
  };
}

/** Applies one op optimistically; an op whose target is unknown changes nothing. */
function overlayOp(view: IndexOverlay, op: PendingOp): void {
  const at = op.createdAt;
  switch (op.kind) {
    case "createFolder": {
      const parent = view.get(op.args.parentId);
      view.put(
        newNode(
          parent,
          { id: op.args.id, name: op.args.name, kind: "folder", parentId: op.args.parentId },
          at,
        ),
      );
      return;
    }
    case "rename": {
      const node = view.get(op.args.id);
      if (node) view.put({ ...node, name: op.args.name });
      return;
    }
    case "move": {
      const node = view.get(op.args.id);
      if (node) view.put({ ...node, parentId: op.args.parentId, name: op.args.name ?? node.name });
      return;
    }
    case "trash": {
      const node = view.get(op.args.id);
      if (node && node.trashedAt === null) view.put({ ...node, trashedAt: iso(at) });
      return;
    }
    case "restore": {
      // Like the server: back to its folder if that shows, else the root; ` (1)` if the name is taken.
      const node = view.get(op.args.id);
      if (!node || node.parentId === null) return;
      const home = isVisible(view, node.parentId) ? view.get(node.parentId) : rootOf(view, node.namespaceId);
      const parentId = home?.id ?? node.parentId;
      const taken = new Set(
        view
          .childrenOf(parentId)
          .filter((c) => c.id !== node.id && c.trashedAt === null)
          .map((c) => nameKey(c.name)),
      );
      const name = taken.has(nameKey(node.name))
        ? nextFreeName(node.name, node.name, (k) => taken.has(k), node.kind === "folder")
        : node.name;
      view.put({ ...node, trashedAt: null, parentId, name });
      return;
    }
    case "deleteForever":
      removeSubtree(view, op.args.id);
      return;
    case "commitFile": {
      const a = op.args;
      const content = { size: a.size, contentHash: a.contentHash, modifiedAt: iso(at) };
      const existing = a.fileId ? view.get(a.fileId) : undefined;
      if (existing) {
        view.put({ ...existing, ...content, trashedAt: null });
      } else if (a.id) {
        const parent = view.get(a.parentId);
        view.put(
          newNode(
            parent,
            {
              id: a.id,
              name: a.name,
              kind: "file",
              parentId: a.parentId,
              mimeType: a.mimeType ?? null,
              ...content,
            },
            at,
          ),
        );
      }
      return;
    }
  }
}

/**
 * After a commit succeeded, the next queued edit the user made of the same file from the same
 * starting point (they kept editing offline: each edit builds on the one before) continues from
 * the commit's result: its file (the conflicted copy, if it became one) and its new version.
 * Otherwise it would conflict with the user's own previous edit. Ops are matched on their intent,
 * so the chain continues when that op settles in turn. Returns the op to update, if any.
 */
export function rebaseQueuedEdits(
  outbox: readonly PendingOp[],
  settled: PendingOp,
  result: IndexNode,
): PendingOp[] {
  if (settled.kind !== "commitFile" || result.currentVersionId === null) return [];
  const file = settled.intent.fileId ?? settled.intent.id;
  const next = outbox.find(
    (op) =>
      op.seq > settled.seq &&
      op.kind === "commitFile" &&
      op.intent.fileId === file &&
      op.intent.baseVersionId === settled.intent.baseVersionId,
  );
  if (next?.kind !== "commitFile") return [];
  const args = {
    ...next.args,
    fileId: result.id,
    baseVersionId: result.currentVersionId,
    parentId: result.parentId ?? next.args.parentId,
    name: result.name,
  };
  return [{ ...next, args }];
}

export interface PendingView {
  /** The server index with every pending op applied, in order. */
  view: IndexReader;
  /** Node id → the ops still pending on it (for badges). */
  pendingByNode: Map<string, PendingOp[]>;
}

/** The merged view the UI renders: server index + pending ops (parked ones included: nothing is hidden). */
export function applyPending(index: IndexReader, outbox: readonly PendingOp[]): PendingView {
  const overlay = new IndexOverlay(index);
  const pendingByNode = new Map<string, PendingOp[]>();
  for (const op of [...outbox].sort((a, b) => a.seq - b.seq)) {
    overlayOp(overlay, op);
    const id = targetId(op);
    if (id) pendingByNode.set(id, [...(pendingByNode.get(id) ?? []), op]);
  }
  return { view: overlay, pendingByNode };
}
