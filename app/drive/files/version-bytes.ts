/**
 * A file version's bytes in the page, by delta download (lib/sync/download.ts): the chunk list,
 * chunks this browser holds from the user's chunk cache (IndexedDB), only the others from
 * GET /api/blocks/:hash. The chunk list comes from the offline store when this browser knows the
 * content (it is available offline, was read before, or was made here and waits in the outbox:
 * no server needed, so this works offline), else from GraphQL (and is then remembered). When
 * that path fails, the content endpoint is the fallback (with a console warning: a failure there
 * is not an error of the page).
 */
import {
  type DownloadProgress,
  downloadChunks,
  httpChunkFetcher,
  type VersionChunkRef,
} from "../../../lib/sync/index";
import type { LocalContent } from "../../../lib/sync/offline-store";
import { contentUrl, type LinkAccess } from "../../lib/content-url";
import { GraphQLRequestError, gql } from "../../lib/gql";
import { isSignedOut } from "../../lib/use-session";
import { forgetLocalContent, userChunkCache, userOfflineStore } from "../data/local-content";
import { loadMe } from "../data/sync-provider";
import { VersionChunksQuery } from "./operations";

export interface VersionTarget {
  fileId: string;
  /** The version's id: needed for the chunk path (without it, only the content endpoint). */
  versionId?: string;
  /** The version's number, for the content endpoint (undefined: the current version). */
  versionNumber?: number;
  /** The Blob's type. */
  mimeType?: string;
  /** Read through a public link (the link page): content endpoint only (no user, no chunk cache). */
  link?: LinkAccess;
  /** The content hash of the bytes wanted: lets a chunk list this browser holds answer, offline too. */
  contentHash?: string;
}

export interface VersionBytesOptions {
  /** Only these bytes (end exclusive). */
  range?: { start: number; end: number };
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface VersionBytes {
  blob: Blob;
  /** The whole version's size (the blob is smaller when a range was asked for). */
  size: number;
  via: "chunks" | "content";
}

/** Sign-out: closes and deletes this user's chunk cache and offline store. */
export const forgetChunkCache = forgetLocalContent;

export async function versionBytes(
  target: VersionTarget,
  options: VersionBytesOptions = {},
): Promise<VersionBytes> {
  // A link holder reads through the content endpoint only: no user, no chunk cache, no local copies.
  const local = target.contentHash && !target.link ? await localContent(target.contentHash) : undefined;
  if (local) {
    try {
      return await fromChunkList(local, target.mimeType, options);
    } catch (error) {
      if (options.signal?.aborted || isSignedOut(error)) throw error;
      console.warn("Cairn: reading the local copy failed; asking the server.", error);
    }
  }
  if (target.versionId && !target.link) {
    try {
      return await viaChunks(target.versionId, target.mimeType, options);
    } catch (error) {
      if (options.signal?.aborted || isSignedOut(error)) throw error;
      console.warn("Cairn: the chunk download failed; reading the file through its content URL.", error);
    }
  }
  return viaContent(target, options);
}

/** The chunk list this browser holds for a content, if any (never throws: no store, no list). */
async function localContent(contentHash: string): Promise<LocalContent | undefined> {
  try {
    const me = await loadMe();
    return await (await userOfflineStore(me.id)).getContent(contentHash);
  } catch {
    return undefined;
  }
}

async function viaChunks(
  versionId: string,
  mimeType: string | undefined,
  options: VersionBytesOptions,
): Promise<VersionBytes> {
  const { version } = await gql(VersionChunksQuery, { id: versionId });
  if (!version) throw new GraphQLRequestError("NOT_FOUND", "version not found");
  const result = await fromChunkList(version, mimeType, options);
  // Remember the list (content-addressed: it never goes stale), so this content reads offline
  // while its chunks stay in the cache.
  void loadMe()
    .then((me) => userOfflineStore(me.id))
    .then((store) =>
      store.putContent({
        contentHash: version.contentHash,
        size: version.size,
        chunks: version.chunks.map(({ hash, offset, size }) => ({ hash, offset, size })),
      }),
    )
    .catch((error: unknown) => console.warn("Cairn: could not remember a chunk list.", error));
  return result;
}

async function fromChunkList(
  list: { size: number; chunks: VersionChunkRef[] },
  mimeType: string | undefined,
  options: VersionBytesOptions,
): Promise<VersionBytes> {
  const me = await loadMe();
  const cache = await userChunkCache(me.id).catch((error: unknown) => {
    console.warn("Cairn: the chunk cache could not be opened; downloading every chunk.", error);
    return undefined;
  });
  const { blob } = await downloadChunks(list.chunks, {
    fetchChunk: httpChunkFetcher(),
    cache,
    signal: options.signal,
    onProgress: options.onProgress,
    onCacheError: (error) => console.warn("Cairn: the chunk cache failed; going on without it.", error),
    range: options.range,
    type: mimeType,
  });
  return { blob, size: list.size, via: "chunks" };
}

async function viaContent(target: VersionTarget, options: VersionBytesOptions): Promise<VersionBytes> {
  const { range, signal } = options;
  let response: Response;
  try {
    response = await fetch(contentUrl(target.fileId, { version: target.versionNumber, link: target.link }), {
      credentials: "same-origin",
      headers: range ? { range: `bytes=${range.start}-${Math.max(range.start, range.end - 1)}` } : {},
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new GraphQLRequestError("NETWORK_ERROR", "Could not reach the server", {}, { cause });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new GraphQLRequestError(
      body?.error?.code ?? "INTERNAL_SERVER_ERROR",
      body?.error?.message ?? `status ${response.status}`,
    );
  }
  const blob = await response.blob();
  const total = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1];
  const typed =
    target.mimeType && blob.type !== target.mimeType ? blob.slice(0, blob.size, target.mimeType) : blob;
  return { blob: typed, size: total ? Number(total) : blob.size, via: "content" };
}
