/**
 * The engine's side of content made on this device (queue-content.ts): before each try of a
 * queued commitFile, `prepareUpload` with the content's chunk list and a PUT of each chunk the
 * server lacks, read from the chunk cache; after the op is settled, its pin goes.
 *
 * Errors are given to the engine in its terms (lib/sync/errors.ts): no answer or a server fault is
 * retried with backoff; a chunk the server lacks and this device no longer holds (the browser's
 * storage was cleared) is `CHUNK_LOST`, which parks the commit (the replay table: content is
 * never dropped quietly) and the user is told.
 */
import type { ChunkHash } from "@/lib/chunking";
import { putBlockOverHttp, TransportError } from "@/lib/upload";
import type { Decision } from "../../../lib/sync/index";
import { type CommitFileArgs, type PendingOp, SyncTransportError } from "../../../lib/sync/index";
import { GraphQLRequestError, gql } from "../../lib/gql";
import { userChunkCache, userOfflineStore } from "../data/local-content";
import { UploadPrepareMutation } from "../uploads/operations";
import { opPinKey } from "./queue-content";

/** A server refusal as the engine's error; anything without an answer stays a plain (retried) failure. */
function toSyncError(error: unknown): unknown {
  if (error instanceof GraphQLRequestError && error.code !== "NETWORK_ERROR" && error.code !== "BAD_RESPONSE")
    return new SyncTransportError(
      { kind: "graphql", code: error.code, message: error.message, details: error.extensions },
      { cause: error },
    );
  if (error instanceof TransportError && !error.retryable)
    return new SyncTransportError(
      {
        kind: "http",
        code: error.code,
        status: error.status,
        message: error.message,
        details: error.details,
      },
      { cause: error },
    );
  return error;
}

function chunksLost(hashes: string[]): SyncTransportError {
  return new SyncTransportError({
    kind: "graphql",
    code: "CHUNK_LOST",
    message: `${hashes.length} chunks of this content are no longer on this device`,
    details: { missing: hashes },
  });
}

/** `SyncEngineOptions.uploadChunks` for the signed-in user. */
export function uploadChunksFromDevice(userId: string) {
  return async (args: CommitFileArgs): Promise<void> => {
    const [cache, store] = await Promise.all([userChunkCache(userId), userOfflineStore(userId)]);
    // Sizes from the chunk list kept with the content, else from the chunks held (pinned).
    const [content, held] = await Promise.all([
      store.getContent(args.contentHash).catch(() => undefined),
      cache.getMany(args.chunks),
    ]);
    const sizes = new Map(content?.chunks.map((c) => [c.hash, c.size]));
    for (const [hash, blob] of held) sizes.set(hash, blob.size);
    const unknown = args.chunks.filter((hash) => !sizes.has(hash));
    if (unknown.length > 0) throw chunksLost(unknown);
    let missing: string[];
    try {
      const { prepareUpload } = await gql(UploadPrepareMutation, {
        input: { chunks: [...sizes].map(([hash, size]) => ({ hash, size })) },
      });
      missing = prepareUpload.missing;
    } catch (error) {
      throw toSyncError(error);
    }
    const lost = missing.filter((hash) => !held.has(hash));
    if (lost.length > 0) throw chunksLost(lost);
    const signal = new AbortController().signal;
    for (const hash of missing) {
      const bytes = new Uint8Array(await held.get(hash)!.arrayBuffer());
      try {
        await putBlockOverHttp({ fetch: (url, init) => fetch(url, init) }, hash as ChunkHash, bytes, signal);
      } catch (error) {
        throw toSyncError(error);
      }
    }
  };
}

/** `SyncEngineOptions.onSettle`: a commit that is done (or dropped) no longer needs its chunks pinned. */
export function releaseSettled(userId: string) {
  return (op: PendingOp, decision: Decision): void => {
    if (op.kind !== "commitFile" || (decision.action !== "done" && decision.action !== "drop")) return;
    userChunkCache(userId)
      .then((cache) => cache.unpin(opPinKey(op.opId)))
      .catch((error: unknown) =>
        console.warn("Cairn: could not release an uploaded commit's chunks.", error),
      );
  };
}
