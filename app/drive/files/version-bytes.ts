/**
 * A file version's bytes in the page, by delta download (lib/sync/download.ts): the chunk list
 * from GraphQL, chunks this browser holds from the user's chunk cache (IndexedDB), only the
 * others from GET /api/blocks/:hash. When that path fails, the content endpoint is the fallback
 * (with a console warning: a failure there is not an error of the page).
 */
import { ChunkCache } from "../../../lib/sync/chunk-cache";
import { type DownloadProgress, downloadChunks, httpChunkFetcher } from "../../../lib/sync/index";
import { contentUrl, type LinkAccess } from "../../lib/content-url";
import { GraphQLRequestError, gql } from "../../lib/gql";
import { isSignedOut } from "../../lib/use-session";
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

let opened: { userId: string; cache: Promise<ChunkCache> } | null = null;

/** The signed-in user's chunk cache, opened once per page. */
function userChunkCache(userId: string): Promise<ChunkCache> {
  if (opened?.userId !== userId) {
    const previous = opened;
    void previous?.cache.then((c) => c.close()).catch(() => {});
    opened = { userId, cache: ChunkCache.open(userId) };
    const entry = opened;
    entry.cache.catch(() => {
      if (opened === entry) opened = null; // no IndexedDB here: download without a cache
    });
  }
  return opened.cache;
}

/** Sign-out: closes and deletes this user's chunk cache (the other tabs' connections step aside). */
export async function forgetChunkCache(userId: string): Promise<void> {
  const current = opened;
  opened = null;
  if (current) (await current.cache.catch(() => null))?.close();
  await ChunkCache.destroy(userId);
}

export async function versionBytes(
  target: VersionTarget,
  options: VersionBytesOptions = {},
): Promise<VersionBytes> {
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

async function viaChunks(
  versionId: string,
  mimeType: string | undefined,
  options: VersionBytesOptions,
): Promise<VersionBytes> {
  const [{ version }, me] = await Promise.all([gql(VersionChunksQuery, { id: versionId }), loadMe()]);
  if (!version) throw new GraphQLRequestError("NOT_FOUND", "version not found");
  const cache = await userChunkCache(me.id).catch((error: unknown) => {
    console.warn("Cairn: the chunk cache could not be opened; downloading every chunk.", error);
    return undefined;
  });
  const { blob } = await downloadChunks(version.chunks, {
    fetchChunk: httpChunkFetcher(),
    cache,
    signal: options.signal,
    onProgress: options.onProgress,
    onCacheError: (error) => console.warn("Cairn: the chunk cache failed; going on without it.", error),
    range: options.range,
    type: mimeType,
  });
  return { blob, size: version.size, via: "chunks" };
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
