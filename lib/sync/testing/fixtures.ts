/** Builders for tests of the pure core: nodes, entries, pages, ops. */
import { NodeIndex } from "../node-index";
import type { OpArgs, OpKind, OpOf } from "../outbox";
import type { ChangeEntry, ChangeOp, ChangePage, IndexNode } from "../types";

export const NS = "00000000-0000-4000-8000-000000000000";
export const ROOT = "root";

export function folder(
  id: string,
  parentId: string | null,
  name: string,
  extra: Partial<IndexNode> = {},
): IndexNode {
  return {
    id,
    namespaceId: NS,
    parentId,
    name,
    kind: "folder",
    rev: 1,
    size: 0,
    contentHash: null,
    mimeType: null,
    currentVersionId: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    modifiedAt: "2026-11-24T10:00:00.000Z",
    trashedAt: null,
    ...extra,
  };
}

export function file(id: string, parentId: string, name: string, extra: Partial<IndexNode> = {}): IndexNode {
  return folder(id, parentId, name, {
    kind: "file",
    size: 5,
    contentHash: `hash-${id}`,
    mimeType: "text/plain",
    currentVersionId: `v-${id}`,
    ...extra,
  });
}

export const root = () => folder(ROOT, null, "");

/** An index holding a root and the given nodes. */
export const indexOf = (...nodes: IndexNode[]) => new NodeIndex([root(), ...nodes]);

let seq = 0;
export function entry(op: ChangeOp, node: IndexNode): ChangeEntry {
  return { namespaceId: NS, seq: ++seq, op, node };
}

export function page(entries: ChangeEntry[], cursor = `c${seq}`, hasMore = false): ChangePage {
  return { entries, cursor, hasMore };
}

let opSeq = 0;
export function op<K extends OpKind>(kind: K, args: OpArgs[K], extra: Partial<OpOf<K>> = {}): OpOf<K> {
  opSeq++;
  return {
    opId: `op-${opSeq}`,
    seq: opSeq,
    kind,
    args,
    intent: args,
    createdAt: Date.parse("2026-11-25T09:00:00Z"),
    attempts: 0,
    ...extra,
  } as OpOf<K>;
}

/** id → name of every node, for compact assertions. */
export const names = (nodes: Iterable<IndexNode>) => [...nodes].map((n) => n.name);
