/**
 * The upload queue in IndexedDB (database `cairn-uploads`), through `idb`. Two object stores:
 * `uploads` holds each upload's metadata (target folder, name, opId, chunk list) and `sources` its
 * File, written once when the upload is queued (browsers copy a stored File, so the upload can
 * resume after a reload even though the page no longer holds the original). Only the queue lives
 * here; lib/sync keeps its own database.
 *
 * Claims use Web Locks (`cairn-upload:<id>`, held while this page runs the upload), so a second
 * tab never resumes an upload the first one is still sending.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { isChunkHash } from "@/lib/chunking";
import { BlobSource } from "./blob-source";
import type { StoredUpload, UploadStore } from "./store";
import type { ChunkRef } from "./types";

export const UPLOADS_DB_NAME = "cairn-uploads";
const VERSION = 1;

type UploadMeta = Omit<StoredUpload<BlobSource>, "source">;

interface UploadsSchema extends DBSchema {
  uploads: { key: string; value: UploadMeta };
  sources: { key: string; value: Blob };
}

export class IdbUploadStore implements UploadStore<BlobSource> {
  private db: Promise<IDBPDatabase<UploadsSchema>> | undefined;

  constructor(private readonly name = UPLOADS_DB_NAME) {}

  private open(): Promise<IDBPDatabase<UploadsSchema>> {
    this.db ??= openDB<UploadsSchema>(this.name, VERSION, {
      upgrade(db) {
        db.createObjectStore("uploads", { keyPath: "id" });
        db.createObjectStore("sources");
      },
    });
    return this.db;
  }

  async list(): Promise<StoredUpload<BlobSource>[]> {
    const db = await this.open();
    const tx = db.transaction(["uploads", "sources"], "readonly");
    const metas = await tx.objectStore("uploads").getAll();
    const out: StoredUpload<BlobSource>[] = [];
    for (const meta of metas) {
      const blob = await tx.objectStore("sources").get(meta.id);
      if (!(blob instanceof Blob) || !isValidMeta(meta, blob)) continue;
      out.push({ ...meta, source: new BlobSource(blob) });
    }
    await tx.done;
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  async add(record: StoredUpload<BlobSource>): Promise<void> {
    const db = await this.open();
    const { source, ...meta } = record;
    const tx = db.transaction(["uploads", "sources"], "readwrite");
    await Promise.all([
      tx.objectStore("sources").put(source.blob, meta.id),
      tx.objectStore("uploads").put(meta),
      tx.done,
    ]);
  }

  async saveChunks(id: string, chunks: ChunkRef[]): Promise<void> {
    const db = await this.open();
    const tx = db.transaction("uploads", "readwrite");
    const meta = await tx.store.get(id);
    if (meta)
      await tx.store.put({
        ...meta,
        chunks: chunks.map((c) => ({ offset: c.offset, size: c.size, hash: c.hash })),
      });
    await tx.done;
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(["uploads", "sources"], "readwrite");
    await Promise.all([tx.objectStore("uploads").delete(id), tx.objectStore("sources").delete(id), tx.done]);
  }

  async claim(id: string): Promise<(() => void) | undefined> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks) return () => {};
    return new Promise((resolve) => {
      void locks.request(`cairn-upload:${id}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(undefined);
          return undefined;
        }
        return new Promise<void>((release) => resolve(() => release()));
      });
    });
  }
}

function isValidMeta(meta: UploadMeta, blob: Blob): boolean {
  if (typeof meta.name !== "string" || typeof meta.parentId !== "string" || typeof meta.opId !== "string")
    return false;
  if (!Array.isArray(meta.dirs) || meta.size !== blob.size) return false;
  if (meta.chunks === undefined) return true;
  let offset = 0;
  for (const c of meta.chunks) {
    if (c.offset !== offset || !isChunkHash(c.hash)) return false;
    offset += c.size;
  }
  return offset === meta.size;
}
