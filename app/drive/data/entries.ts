/** Listing entries from the local index's nodes (the shape the drive's components render). */
import type { IndexNode, SyncEngine } from "../../../lib/sync/index";
import type { DriveEntryFragment } from "../../__generated__/graphql";

export type DriveEntry = DriveEntryFragment & {
  /** Changes made here and not yet confirmed by the server. */
  pending?: boolean;
};

export function toEntry(engine: SyncEngine, node: IndexNode): DriveEntry {
  const pending = engine.pendingOps(node.id).length > 0;
  if (node.kind === "folder")
    return { __typename: "Folder", id: node.id, name: node.name, modifiedAt: node.modifiedAt, pending };
  return {
    __typename: "File",
    id: node.id,
    name: node.name,
    modifiedAt: node.modifiedAt,
    size: node.size,
    mimeType: node.mimeType ?? "application/octet-stream",
    pending,
  };
}
