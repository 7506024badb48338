/**
 * OfflineStore: what a browser keeps so that files work with no network (docs/sync-protocol.md,
 * "Offline content"), in IndexedDB database `cairn-offline-<userId>` (via `idb`):
 *
 * - `choices`  keyPath `nodeId`: the files and folders the user made available offline
 *   (`OfflineChoice`). What they mean is `planOffline` (offline-plan.ts).
 * - `held`     keyPath `fileId`: the files whose content is pinned in the chunk cache (pin key =
 *   the file id), with the version held (`HeldFile`).
 * - `contents` keyPath `contentHash`: chunk lists (`LocalContent`) of contents this browser can
 *   read without asking the server: the current versions of held files, and content made here
 *   that waits in the outbox (an upload or an edit made offline). Content-addressed, so an entry
 *   never goes stale; `putContent` refuses a list whose content hash is not its name.
 *
 * The chunk bytes themselves live in the chunk cache (chunk-cache.ts). Web APIs and idb only.
 */
import { type DBSchema, deleteDB, type IDBPDatabase, openDB } from "idb";
import { type ChunkHash, contentHash } from "@/lib/chunking";
import { checkChunkList, type VersionChunkRef } from "./download";
import type { HeldFile, OfflineChoice } from "./offline-plan";

export const offlineStoreName = (userId: string) => `cairn-offline-${userId}`;

/** A content's chunk list: enough to assemble its bytes from the chunk cache. */
export interface LocalContent {
  contentHash: string;
  size: number;
  chunks: VersionChunkRef[];
}

interface OfflineDb extends DBSchema {
  choices: { key: string; value: OfflineChoice };
  held: { key: string; value: HeldFile };
  contents: { key: string; value: LocalContent };
}

/** A chunk list that does not hash to the content hash it is stored under. */
export class ContentMismatchError extends Error {
  constructor(readonly contentHash: string) {
    super(`the chunk list does not hash to ${contentHash}`);
    this.name = "ContentMismatchError";
  }
}

/** Chunk refs (offsets from 0) for chunks in file order. */
export function chunkRefs(chunks: readonly { hash: string; size: number }[]): VersionChunkRef[] {
  let offset = 0;
  return chunks.map(({ hash, size }) => {
    const ref = { hash, offset, size };
    offset += size;
    return ref;
  });
}

export class OfflineStore {
  private constructor(private readonly db: IDBPDatabase<OfflineDb>) {}

  static async open(userId: string, options: { databaseName?: string } = {}): Promise<OfflineStore> {
    const db = await openDB<OfflineDb>(options.databaseName ?? offlineStoreName(userId), 1, {
      upgrade(db) {
        db.createObjectStore("choices", { keyPath: "nodeId" });
        db.createObjectStore("held", { keyPath: "fileId" });
        db.createObjectStore("contents", { keyPath: "contentHash" });
      },
      blocking() {
        db.close(); // another tab deletes it (sign-out): let it
      },
    });
    return new OfflineStore(db);
  }

  listChoices(): Promise<OfflineChoice[]> {
    return this.db.getAll("choices");
  }

  async choose(nodeId: string, chosenAt: number): Promise<void> {
    await this.db.put("choices", { nodeId, chosenAt });
  }

  async unchoose(nodeId: string): Promise<void> {
    await this.db.delete("choices", nodeId);
  }

  listHeld(): Promise<HeldFile[]> {
    return this.db.getAll("held");
  }

  getHeld(fileId: string): Promise<HeldFile | undefined> {
    return this.db.get("held", fileId);
  }

  async putHeld(file: HeldFile): Promise<void> {
    await this.db.put("held", file);
  }

  async removeHeld(fileId: string): Promise<void> {
    await this.db.delete("held", fileId);
  }

  /** Stores a content's chunk list after checking it tiles the content and hashes to its name. */
  async putContent(content: LocalContent): Promise<void> {
    const size = checkChunkList(content.chunks);
    if (size !== content.size) throw new ContentMismatchError(content.contentHash);
    if ((await contentHash(content.chunks.map((c) => c.hash as ChunkHash))) !== content.contentHash)
      throw new ContentMismatchError(content.contentHash);
    await this.db.put("contents", content);
  }

  getContent(contentHash: string): Promise<LocalContent | undefined> {
    return this.db.get("contents", contentHash);
  }

  /** Forgets the chunk lists not in `keep`; returns how many went. */
  async pruneContents(keep: ReadonlySet<string>): Promise<number> {
    const tx = this.db.transaction("contents", "readwrite");
    let removed = 0;
    for (const key of await tx.store.getAllKeys()) {
      if (keep.has(key)) continue;
      await tx.store.delete(key);
      removed++;
    }
    await tx.done;
    return removed;
  }

  close(): void {
    this.db.close();
  }

  /** Deletes a user's database (sign-out). Close any store open on it first. */
  static async destroy(userId: string, options: { databaseName?: string } = {}): Promise<void> {
    await deleteDB(options.databaseName ?? offlineStoreName(userId));
  }
}
