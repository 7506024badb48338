/**
 * The signed-in user's local content stores, opened once per page: the chunk cache (chunk bytes,
 * lib/sync/chunk-cache.ts) and the offline store (chunk lists of contents readable without the
 * server, and what is kept available offline: lib/sync/offline-store.ts). Both are deleted on
 * sign-out, so a shared computer keeps none of the user's files.
 */
import { ChunkCache } from "../../../lib/sync/chunk-cache";
import { OfflineStore } from "../../../lib/sync/offline-store";

interface Opened<T extends { close(): void }> {
  userId: string;
  store: Promise<T>;
}

function opener<T extends { close(): void }>(open: (userId: string) => Promise<T>) {
  let opened: Opened<T> | null = null;
  return {
    get(userId: string): Promise<T> {
      if (opened?.userId !== userId) {
        const previous = opened;
        void previous?.store.then((s) => s.close()).catch(() => {});
        const entry: Opened<T> = { userId, store: open(userId) };
        opened = entry;
        entry.store.catch(() => {
          if (opened === entry) opened = null; // no IndexedDB here: go on without it
        });
      }
      return opened.store;
    },
    async close(): Promise<void> {
      const current = opened;
      opened = null;
      if (current) (await current.store.catch(() => null))?.close();
    },
  };
}

const chunkCaches = opener((userId) => ChunkCache.open(userId));
const offlineStores = opener((userId) => OfflineStore.open(userId));

/** The user's chunk cache (rejects where IndexedDB is unavailable). */
export function userChunkCache(userId: string): Promise<ChunkCache> {
  return chunkCaches.get(userId);
}

/** The user's offline store (rejects where IndexedDB is unavailable). */
export function userOfflineStore(userId: string): Promise<OfflineStore> {
  return offlineStores.get(userId);
}

/** Sign-out: closes and deletes the user's chunk cache and offline store. */
export async function forgetLocalContent(userId: string): Promise<void> {
  await Promise.all([chunkCaches.close(), offlineStores.close()]);
  await Promise.all([ChunkCache.destroy(userId), OfflineStore.destroy(userId)]);
}
