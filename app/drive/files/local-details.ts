/**
 * A file's details from the local index, for the file page when the server cannot be reached:
 * name, folder, size and content as this device knows them (queued changes included, so an edit
 * saved offline shows), the server's current version (the base of a next edit) and its number
 * when the file is kept offline. No version history: that needs the server.
 */
import type { SyncEngine } from "../../../lib/sync/index";
import type { HeldFile } from "../../../lib/sync/offline-plan";
import type { FileDetailsQuery, ShareRole } from "../../__generated__/graphql";

export type FileNode = Extract<NonNullable<FileDetailsQuery["node"]>, { __typename: "File" }>;

export type LocalDetails =
  | { kind: "file"; file: FileNode; unsynced: boolean }
  | { kind: "folder"; path: string }
  | { kind: "unknown" };

/**
 * `role`: the user's role in the file's namespace as last known (app/drive/sharing/share-roles.ts);
 * unknown (null) counts as VIEWER, so nothing offers an edit the server may refuse.
 */
export function localDetails(
  engine: SyncEngine,
  id: string,
  held: HeldFile | undefined,
  role: ShareRole | null = null,
): LocalDetails {
  const node = engine.getNode(id);
  if (!node) return { kind: "unknown" };
  const path = engine.pathOf(id) ?? `/${node.name}`;
  if (node.kind === "folder") return { kind: "folder", path };
  const versionId = engine.index.get(id)?.currentVersionId ?? node.currentVersionId ?? "";
  const file: FileNode = {
    __typename: "File",
    id,
    name: node.name,
    path,
    trashedAt: node.trashedAt,
    modifiedAt: node.modifiedAt,
    size: node.size,
    mimeType: node.mimeType ?? "application/octet-stream",
    contentHash: node.contentHash ?? "",
    role: role ?? "VIEWER",
    parent: node.parentId ? { id: node.parentId, path: engine.pathOf(node.parentId) ?? "/" } : null,
    currentVersion: { id: versionId, number: held?.versionId === versionId ? (held.number ?? 0) : 0 },
    versions: { nodes: [], pageInfo: { hasNextPage: false } },
  };
  const unsynced = engine.pendingOps(id).some((op) => op.kind === "commitFile");
  return { kind: "file", file, unsynced };
}
