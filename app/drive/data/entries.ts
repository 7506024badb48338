/** Listing entries from the local index's nodes (the shape the drive's components render). */
import type { IndexNode, SyncEngine } from "../../../lib/sync/index";
import type { DriveEntryFragment } from "../../__generated__/graphql";

export type DriveEntry = DriveEntryFragment & {
  /** Changes made here and not yet confirmed by the server. */
  pending?: boolean;
  /** The namespace it lives in: the user's home, or a shared folder's (docs/sharing.md). */
  namespaceId?: string;
  /** The top folder of a shared folder (its parent is in another namespace). */
  shareTop?: boolean;
};

export function toEntry(engine: SyncEngine, node: IndexNode): DriveEntry {
  const pending = engine.pendingOps(node.id).length > 0;
  const namespaceId = node.namespaceId;
  if (node.kind === "folder") {
    const parent = node.parentId === null ? undefined : engine.getNode(node.parentId);
    const shareTop = parent !== undefined && parent.namespaceId !== namespaceId;
    return {
      __typename: "Folder",
      id: node.id,
      name: node.name,
      modifiedAt: node.modifiedAt,
      pending,
      namespaceId,
      shareTop,
    };
  }
  return {
    __typename: "File",
    id: node.id,
    name: node.name,
    modifiedAt: node.modifiedAt,
    size: node.size,
    mimeType: node.mimeType ?? "application/octet-stream",
    pending,
    namespaceId,
  };
}
