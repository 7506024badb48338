/**
 * Saves edited text as a new version through the chunked upload protocol: chunk and hash the
 * bytes (lib/chunking, on the main thread: an edited text file is small), ask `prepareUpload`
 * which chunks are missing, PUT those, then `commitFile` naming the version the edit started
 * from. If someone else committed meanwhile the server keeps both and says so in `conflict`.
 *
 * Offline (or when the server cannot be reached), the edit is kept on this device and queued in
 * the sync engine's outbox with the same base version and opId (offline/queue-content.ts): it is
 * committed when the connection returns, and a stale base then becomes a conflicted copy, told
 * as a notice.
 *
 * The opId is made once per save attempt and reused across its retries (and by the queued
 * commit), so a commit whose answer was lost is applied once.
 */
import { chunkBytes } from "@/lib/chunking";
import type { SyncEngine } from "../../../lib/sync/index";
import { browserDeviceName } from "../../lib/device-name";
import { GraphQLRequestError, gql, isGraphQLRequestError } from "../../lib/gql";
import { queueContent } from "../offline/queue-content";
import { CommitFileMutation, PrepareUploadMutation } from "./operations";

export interface SaveTextRequest {
  fileId: string;
  parentId: string;
  name: string;
  /** The version the editor loaded. */
  baseVersionId: string;
  text: string;
  opId: string;
}

export interface SaveTextResult {
  fileId: string;
  name: string;
  versionId: string;
  versionNumber: number;
  /** Set when the edit was saved beside the file as a conflicted copy. */
  conflict: { copyName: string; reason: string } | null;
  unchanged: boolean;
  /** Kept on this device and queued: committed when the connection returns (no version yet). */
  queued: boolean;
}

/** Where an edit can wait for the connection: the user's sync engine. */
export interface SaveTextDevice {
  engine: SyncEngine;
  userId: string;
}

/** The name of this device in version lists and conflicted-copy names. */
export const deviceName = (): string => browserDeviceName();

async function putBlock(hash: string, bytes: Uint8Array): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/blocks/${hash}`, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/octet-stream" },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  } catch (cause) {
    throw new GraphQLRequestError("NETWORK_ERROR", "Could not reach the server", {}, { cause });
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  throw new GraphQLRequestError(
    body?.error?.code ?? "INTERNAL_SERVER_ERROR",
    body?.error?.message ?? `PUT answered ${response.status}`,
  );
}

export async function saveText(request: SaveTextRequest, device?: SaveTextDevice): Promise<SaveTextResult> {
  const bytes = new TextEncoder().encode(request.text);
  const chunks = await chunkBytes(bytes, { withBytes: true });
  if (!device || device.engine.status().online) {
    try {
      return await commitNow(request, bytes, chunks);
    } catch (error) {
      // No answer: keep it here and let the outbox send it (same opId: applied once either way).
      if (!device || !isGraphQLRequestError(error) || error.code !== "NETWORK_ERROR") throw error;
    }
  }
  await queueContent(device.engine, {
    userId: device.userId,
    opId: request.opId,
    chunks: chunks.map((c) => ({ hash: c.hash, size: c.size, bytes: async () => c.bytes! })),
    target: {
      parentId: request.parentId,
      name: request.name,
      fileId: request.fileId,
      baseVersionId: request.baseVersionId,
      deviceName: deviceName(),
    },
  });
  return {
    fileId: request.fileId,
    name: request.name,
    versionId: "",
    versionNumber: 0,
    conflict: null,
    unchanged: false,
    queued: true,
  };
}

async function commitNow(
  request: SaveTextRequest,
  bytes: Uint8Array,
  chunks: Awaited<ReturnType<typeof chunkBytes>>,
): Promise<SaveTextResult> {
  const { prepareUpload } = await gql(PrepareUploadMutation, {
    input: { chunks: chunks.map((c) => ({ hash: c.hash, size: c.size })) },
  });
  const missing = new Set(prepareUpload.missing);
  for (const chunk of chunks) {
    if (!missing.has(chunk.hash) || !chunk.bytes) continue;
    await putBlock(chunk.hash, chunk.bytes);
    missing.delete(chunk.hash); // a chunk repeated within the file goes once
  }
  const { commitFile } = await gql(CommitFileMutation, {
    input: {
      parentId: request.parentId,
      name: request.name,
      fileId: request.fileId,
      baseVersionId: request.baseVersionId,
      chunks: chunks.map((c) => c.hash),
      size: bytes.length,
      deviceName: deviceName(),
      opId: request.opId,
    },
  });
  return {
    fileId: commitFile.file.id,
    name: commitFile.file.name,
    versionId: commitFile.version.id,
    versionNumber: commitFile.version.number,
    conflict: commitFile.conflict ?? null,
    unchanged: commitFile.unchanged,
    queued: false,
  };
}
