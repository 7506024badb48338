/**
 * NodeSnapshot: a node's state as plain JSON. It is what the journal stores ("state after the
 * change"), what mutations return (so a replayed op can return its first result unchanged), and
 * what the GraphQL layer renders.
 */
import type { NodeRow } from "@/db/schema";

export interface NodeSnapshot {
  id: string;
  namespaceId: string;
  parentId: string | null;
  name: string;
  kind: "file" | "folder";
  rev: number;
  size: number;
  contentHash: string | null;
  mimeType: string | null;
  currentVersionId: string | null;
  createdAt: string;
  modifiedAt: string;
  trashedAt: string | null;
  /** Set in journal entries: the node is gone for good. */
  deleted?: boolean;
  /** The path when the snapshot was taken; computed on demand when absent. */
  path?: string;
}

const iso = (d: Date | string | null): string | null =>
  d === null ? null : typeof d === "string" ? new Date(d).toISOString() : d.toISOString();

export function toSnapshot(row: NodeRow, path?: string): NodeSnapshot {
  return {
    id: row.id,
    namespaceId: row.namespaceId,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    rev: row.rev,
    size: Number(row.size),
    contentHash: row.contentHash,
    mimeType: row.mimeType,
    currentVersionId: row.currentVersionId,
    createdAt: iso(row.createdAt)!,
    modifiedAt: iso(row.modifiedAt)!,
    trashedAt: iso(row.deletedAt),
    ...(path === undefined ? {} : { path }),
  };
}
