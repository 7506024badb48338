/**
 * The edge between GraphQL and the engine: the documents the transports send, and conversions
 * from wire shapes to index types (`nodeFromWire`, `pageFromWire`). Nothing else in lib/sync
 * sees GraphQL.
 *
 * `currentVersionId` is selected when the server has it (a plain field of the snapshot). Selecting
 * `currentVersion { id }` instead would not do: it is resolved from the current database, and a
 * file deleted for good has no versions left, so one such entry would fail the whole page.
 */

import type { CommitFileArgs, OpKind, PendingOp } from "./outbox";
import type { MutationResult } from "./outcome";
import type { ChangeOp, ChangePage, IndexNode } from "./types";

export interface WireNode {
  __typename: "File" | "Folder";
  id: string;
  namespaceId: string;
  parentId: string | null;
  name: string;
  rev: number;
  trashedAt: string | null;
  createdAt: string;
  modifiedAt: string;
  size?: number;
  contentHash?: string | null;
  mimeType?: string | null;
  currentVersionId?: string | null;
}

export interface WirePage {
  entries: { seq: number; namespaceId: string; op: ChangeOp; node: WireNode }[];
  cursor: string;
  hasMore: boolean;
}

/** Which optional fields the server has (learned from its validation errors). */
export interface WireFeatures {
  currentVersionId: boolean;
}

const nodeFragment = (f: WireFeatures) =>
  `fragment SyncNode on Node { __typename id namespaceId parentId name rev trashedAt createdAt modifiedAt ` +
  `... on File { size contentHash mimeType${f.currentVersionId ? " currentVersionId" : ""} } }`;

const pageSelection = "entries { seq namespaceId op node { ...SyncNode } } cursor hasMore";

export const changesQuery = (f: WireFeatures) =>
  `query SyncChanges($cursor: Cursor, $first: Int) { changes(cursor: $cursor, first: $first) { ${pageSelection} } } ${nodeFragment(f)}`;

export const changesSubscription = (f: WireFeatures) =>
  `subscription SyncFeed($cursor: Cursor) { changes(cursor: $cursor) { ${pageSelection} } } ${nodeFragment(f)}`;

/**
 * Whether GraphQL errors say that the server lacks `field` (so the transport asks again without
 * it). graphql-js words this error the same everywhere; its code differs between HTTP
 * (GRAPHQL_VALIDATION_FAILED) and graphql-ws (BAD_USER_INPUT), so the message decides.
 */
export function lacksField(errors: readonly { message?: string }[] | undefined, field: string): boolean {
  return (errors ?? []).some((e) => (e.message ?? "").startsWith(`Cannot query field "${field}"`));
}

export function nodeFromWire(w: WireNode): IndexNode {
  const file = w.__typename === "File";
  return {
    id: w.id,
    namespaceId: w.namespaceId,
    parentId: w.parentId ?? null,
    name: w.name,
    kind: file ? "file" : "folder",
    rev: w.rev,
    size: file ? (w.size ?? 0) : 0,
    contentHash: file && w.contentHash ? w.contentHash : null,
    mimeType: file ? (w.mimeType ?? null) : null,
    currentVersionId: file ? (w.currentVersionId ?? null) : null,
    createdAt: w.createdAt,
    modifiedAt: w.modifiedAt,
    trashedAt: w.trashedAt ?? null,
  };
}

export function pageFromWire(w: WirePage): ChangePage {
  return {
    entries: w.entries.map((e) => ({
      seq: e.seq,
      namespaceId: e.namespaceId,
      op: e.op,
      node: nodeFromWire(e.node),
    })),
    cursor: w.cursor,
    hasMore: w.hasMore,
  };
}

interface MutationDoc {
  document: string;
  variables: Record<string, unknown>;
  result(data: Record<string, unknown>): MutationResult;
}

const TREE_INPUT: Record<Exclude<OpKind, "commitFile">, string> = {
  createFolder: "CreateFolderInput",
  rename: "RenameInput",
  move: "MoveInput",
  trash: "NodeInput",
  restore: "NodeInput",
  deleteForever: "NodeInput",
};

/** The document, variables and result mapping for one queued op. */
export function mutationDocument(
  kind: OpKind,
  args: PendingOp["args"],
  opId: string,
  f: WireFeatures,
): MutationDoc {
  if (kind === "commitFile") {
    const a = args as CommitFileArgs;
    return {
      document:
        `mutation SyncCommitFile($input: CommitFileInput!) { commitFile(input: $input) { ` +
        `file { ...SyncNode } version { id } conflict { copyName reason } unchanged cursor } } ${nodeFragment(f)}`,
      variables: {
        input: {
          parentId: a.parentId,
          name: a.name,
          id: a.id ?? null,
          fileId: a.fileId ?? null,
          baseVersionId: a.baseVersionId ?? null,
          chunks: a.chunks,
          size: a.size,
          deviceName: a.deviceName ?? null,
          opId,
        },
      },
      result: (data) => {
        const r = data.commitFile as {
          file: WireNode;
          version: { id: string };
          conflict: { copyName: string; reason: string } | null;
          unchanged: boolean;
        };
        // The result's version is the file's current one (new, or unchanged and already current).
        return {
          node: { ...nodeFromWire(r.file), currentVersionId: r.version.id },
          deleted: false,
          conflict: r.conflict ?? null,
          unchanged: r.unchanged,
        };
      },
    };
  }
  return {
    document:
      `mutation Sync_${kind}($input: ${TREE_INPUT[kind]}!) { ${kind}(input: $input) { node { ...SyncNode } cursor } } ` +
      nodeFragment(f),
    variables: { input: { ...args, opId } },
    result: (data) => ({
      node: nodeFromWire((data[kind] as { node: WireNode }).node),
      deleted: kind === "deleteForever",
    }),
  };
}
