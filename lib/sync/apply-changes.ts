/**
 * Applying the change feed (and mutation results) to an index. Pure: an index reader and a page
 * in, the node writes and the new cursor out.
 *
 * Rules (docs/sync-protocol.md, "Client engine"):
 * - A snapshot replaces what the index holds only when its `rev` is newer (or the node is new).
 *   So applying a mutation's own result early, then the same entry from the feed, is harmless,
 *   and an old snapshot never overwrites a newer one.
 * - DELETE removes the node and everything below it in the index, unless the index holds the node
 *   in another namespace than the snapshot names (it moved there: docs/sharing.md).
 * - TRASH and RESTORE are plain snapshots: the journal names the top node only, and whether a
 *   node shows is derived (`isVisible` in tree-view.ts): it and all its ancestors are untrashed.
 * - The feed cursor is the last applied page's cursor. Mutation cursors are never stored: a
 *   mutation's effect reaches the index as a snapshot through the rev rule instead.
 */
import { IndexOverlay, type IndexReader } from "./node-index";
import type { ChangeEntry, ChangePage, IndexChanges, IndexNode } from "./types";

/** Whether `snapshot` should replace `held` (the rev rule). */
export function isNewer(snapshot: IndexNode, held: IndexNode | undefined): boolean {
  return held === undefined || snapshot.rev > held.rev;
}

/** Removes `id` and every node below it (as the overlay sees them). */
export function removeSubtree(overlay: IndexOverlay, id: string): void {
  const stack = [id];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue; // a corrupt cycle must not loop forever
    seen.add(next);
    for (const child of overlay.childrenOf(next)) stack.push(child.id);
    overlay.delete(next);
  }
}

/** Applies one entry to an overlay. */
export function applyEntry(overlay: IndexOverlay, entry: Pick<ChangeEntry, "op" | "node">): void {
  if (entry.op === "DELETE") {
    // A node moved to another namespace leaves a DELETE in its old one. A device that follows both
    // may already hold it in the new one: that copy is not what the DELETE is about.
    const held = overlay.get(entry.node.id);
    if (held && held.namespaceId !== entry.node.namespaceId) return;
    removeSubtree(overlay, entry.node.id);
    return;
  }
  if (isNewer(entry.node, overlay.get(entry.node.id))) overlay.put(entry.node);
}

export interface AppliedPage extends IndexChanges {
  cursor: string;
}

/** The writes that bring `index` up to `page` (entries in order), and the cursor to store with them. */
export function applyChanges(index: IndexReader, page: ChangePage): AppliedPage {
  const overlay = new IndexOverlay(index);
  for (const entry of page.entries) applyEntry(overlay, entry);
  return { ...overlay.changes(), cursor: page.cursor };
}

/** The writes for a mutation result: a snapshot (rev rule), or a removal for deleteForever. */
export function applyResult(index: IndexReader, node: IndexNode, deleted: boolean): IndexChanges {
  const overlay = new IndexOverlay(index);
  applyEntry(overlay, { op: deleted ? "DELETE" : "EDIT", node });
  return overlay.changes();
}
