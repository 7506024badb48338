/**
 * The sync engine's plain data: index nodes, change entries and pages, as the core sees them.
 * Wire shapes (GraphQL) convert to these at the edge (`wire.ts`); nothing here knows GraphQL.
 */

export type NodeKind = "file" | "folder";

/** A node's state as the index holds it: a journal snapshot, reduced to what the UI needs. */
export interface IndexNode {
  id: string;
  namespaceId: string;
  /** The containing folder as of this state; null for a namespace root. */
  parentId: string | null;
  /** NFC; the empty string for a root folder. */
  name: string;
  kind: NodeKind;
  /** One more than the previous snapshot of this node: the newer snapshot wins. */
  rev: number;
  size: number;
  contentHash: string | null;
  mimeType: string | null;
  /** Null when unknown (a server without `File.currentVersionId`, or a folder). */
  currentVersionId: string | null;
  createdAt: string;
  modifiedAt: string;
  /** Set on a node put in the trash explicitly. Nodes trashed *with* a folder keep null here. */
  trashedAt: string | null;
}

export const CHANGE_OPS = ["CREATE", "RENAME", "MOVE", "EDIT", "TRASH", "RESTORE", "DELETE"] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/** One journal entry: the node's state right after the change (for DELETE, its last state). */
export interface ChangeEntry {
  namespaceId: string;
  seq: number;
  op: ChangeOp;
  node: IndexNode;
}

/** A page of the change feed. `cursor` is opaque: stored and sent back, never parsed. */
export interface ChangePage {
  entries: ChangeEntry[];
  cursor: string;
  hasMore: boolean;
}

/** What to write to make an index reflect some changes (puts replace whole nodes). */
export interface IndexChanges {
  puts: IndexNode[];
  deletes: string[];
}

/** Throws an Error (a bug or corrupt state, never the user's fault) when an invariant fails. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
