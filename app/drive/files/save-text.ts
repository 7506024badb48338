/**
 * Saves edited text as a new version through the chunked upload protocol: chunk and hash the
 * bytes (lib/chunking, on the main thread: an edited text file is small), ask `prepareUpload`
 * which chunks are missing, PUT those, then `commitFile` naming the version the edit started
 * from. If someone else committed meanwhile the server keeps both and says so in `conflict`.
 *
 * The opId is made once per save attempt and reused across its retries, so a commit whose answer
 * was lost is applied once.
 */
import { chunkBytes } from "@/lib/chunking";
import { GraphQLRequestError, gql } from "../../lib/gql";
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
}

/** The name of this device in version lists and conflicted-copy names. */
export function deviceName(): string {
  if (typeof navigator === "undefined") return "Web browser";
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\/|Chromium\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Web browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "Mac"
      : /Android/.test(ua)
        ? "Android"
        : /Linux/.test(ua)
          ? "Linux"
          : "";
  return os ? `${browser} on ${os}` : browser;
}

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

export async function saveText(request: SaveTextRequest): Promise<SaveTextResult> {
  const bytes = new TextEncoder().encode(request.text);
  const chunks = await chunkBytes(bytes, { withBytes: true });
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
  };
}
