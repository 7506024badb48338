/**
 * IdbSyncStore: the SyncStore contract on IndexedDB (via `idb`), for the browser.
 *
 * Database `cairn-sync-<userId>`, version 1:
 * - `nodes`  keyPath `id`, index `byParent` on `parentId` (roots, with a null parent, are not in it);
 * - `meta`   out-of-line keys: `cursor`, `userId`;
 * - `outbox` keyPath `seq` (auto-increment: the queue order), unique index `byOpId`.
 * One `write` is one readwrite transaction over all three stores: it commits whole or aborts whole.
 * Tested by the conformance suite in Chromium (no IndexedDB in Node without `fake-indexeddb`).
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { PendingOp } from "../outbox";
import type { IndexNode } from "../types";
import { DuplicateOpError, type StoreBatch, type SyncStore } from "./sync-store";

interface SyncDb extends DBSchema {
  nodes: { key: string; value: IndexNode; indexes: { byParent: string } };
  meta: { key: string; value: string | null };
  outbox: { key: number; value: PendingOp; indexes: { byOpId: string } };
}

export const idbDatabaseName = (userId: string) => `cairn-sync-${userId}`;

export class IdbSyncStore implements SyncStore {
  private constructor(private readonly db: IDBPDatabase<SyncDb>) {}

  /** Opens (creating on first use) the store of one user; `databaseName` overrides the name (tests). */
  static async open(userId: string, options: { databaseName?: string } = {}): Promise<IdbSyncStore> {
    const db = await openDB<SyncDb>(options.databaseName ?? idbDatabaseName(userId), 1, {
      upgrade(db) {
        const nodes = db.createObjectStore("nodes", { keyPath: "id" });
        nodes.createIndex("byParent", "parentId");
        db.createObjectStore("meta");
        const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("byOpId", "opId", { unique: true });
      },
      // Another tab upgrading: let it (this connection is reopened on the next page load).
      blocking() {
        db.close();
      },
    });
    await db.put("meta", userId, "userId");
    return new IdbSyncStore(db);
  }

  getNode(id: string): Promise<IndexNode | undefined> {
    return this.db.get("nodes", id);
  }

  childrenOf(parentId: string): Promise<IndexNode[]> {
    return this.db.getAllFromIndex("nodes", "byParent", parentId);
  }

  allNodes(): Promise<IndexNode[]> {
    return this.db.getAll("nodes");
  }

  async getCursor(): Promise<string | null> {
    return (await this.db.get("meta", "cursor")) ?? null;
  }

  listOps(): Promise<PendingOp[]> {
    return this.db.getAll("outbox"); // key order is seq order
  }

  async write(batch: StoreBatch): Promise<{ seqs: number[] }> {
    const tx = this.db.transaction(["nodes", "meta", "outbox"], "readwrite");
    const done = tx.done;
    try {
      const nodes = tx.objectStore("nodes");
      const outbox = tx.objectStore("outbox");
      const byOpId = outbox.index("byOpId");
      if (batch.clearNodes) await nodes.clear();
      for (const id of batch.deletes ?? []) await nodes.delete(id);
      for (const n of batch.puts ?? []) await nodes.put(n);
      if (batch.cursor !== undefined) await tx.objectStore("meta").put(batch.cursor, "cursor");
      for (const opId of batch.removeOps ?? []) {
        const key = await byOpId.getKey(opId);
        if (key !== undefined) await outbox.delete(key);
      }
      for (const op of batch.updateOps ?? []) {
        const key = await byOpId.getKey(op.opId);
        if (key !== undefined) await outbox.put({ ...op, seq: key });
      }
      const seqs: number[] = [];
      for (const op of batch.addOps ?? []) {
        if ((await byOpId.getKey(op.opId)) !== undefined) throw new DuplicateOpError(op.opId);
        const { seq: _ignored, ...rest } = op;
        seqs.push(await outbox.add(rest as PendingOp));
      }
      await done;
      return { seqs };
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      await done.catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
