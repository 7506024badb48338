/**
 * Content made on this device goes through the sync engine's outbox (docs/sync-protocol.md,
 * "Offline content"): an upload picked while offline, a text edit saved while offline. The order
 * keeps the content safe at every step:
 *
 * 1. pin the chunks under `op:<opId>` in the chunk cache (a pin taken before the bytes arrive
 *    holds them as they do), so the bound on the cache never evicts them;
 * 2. put every chunk's bytes (each checked against its hash);
 * 3. remember the chunk list under the content hash (the offline store), so the content previews
 *    and edits offline before the server has it;
 * 4. queue a commitFile op under that opId, with the base version for an edit.
 *
 * The engine sends the op when it can, uploading the chunks first (`uploadChunksFromDevice`);
 * the pin goes once the op is settled (`releaseSettled`). A stale base becomes a conflicted copy
 * on the server, and the engine's notice names it.
 */
import { type ChunkHash, contentHash as contentHashOf } from "@/lib/chunking";
import type { CommitFileArgs, SyncEngine } from "../../../lib/sync/index";
import { chunkRefs } from "../../../lib/sync/offline-store";
import { newOpId } from "../../lib/op-id";
import { userChunkCache, userOfflineStore } from "../data/local-content";

/** One chunk of the content, in file order, with a way to read its bytes. */
export interface LocalChunk {
  hash: ChunkHash;
  size: number;
  bytes(): Promise<Uint8Array>;
}

/**
 * Contents queued by this page (their chunk lists must survive a prune that runs between storing
 * the list and queuing the op, when neither the view nor the outbox names them yet).
 */
export const queuedContents = new Set<string>();

/** The chunk cache pin that keeps a queued commit's chunks until it is settled. */
export const opPinKey = (opId: string) => `op:${opId}`;

export interface QueueContentRequest {
  userId: string;
  chunks: readonly LocalChunk[];
  /** Where the content goes: a new file (`id` proposed here) or a version of `fileId` from `baseVersionId`. */
  target: Omit<CommitFileArgs, "chunks" | "size" | "contentHash">;
  /** Reuse an opId already used for this content (a save whose online try got no answer). */
  opId?: string;
}

/** Keeps the content on this device and queues its commit; returns the node id and the opId. */
export async function queueContent(
  engine: SyncEngine,
  request: QueueContentRequest,
): Promise<{ nodeId: string; opId: string; contentHash: string }> {
  const opId = request.opId ?? newOpId();
  const hashes = request.chunks.map((c) => c.hash);
  const size = request.chunks.reduce((n, c) => n + c.size, 0);
  const contentHash = await contentHashOf(hashes);
  queuedContents.add(contentHash);
  const [cache, store] = await Promise.all([
    userChunkCache(request.userId),
    userOfflineStore(request.userId),
  ]);
  await cache.pin(opPinKey(opId), hashes);
  for (const chunk of request.chunks) await cache.put(chunk.hash, await chunk.bytes());
  await store.putContent({ contentHash, size, chunks: chunkRefs(request.chunks) });
  const nodeId = await engine.commitFile({ ...request.target, chunks: hashes, size, contentHash }, { opId });
  return { nodeId, opId, contentHash };
}
