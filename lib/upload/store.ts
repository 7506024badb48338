/**
 * Persistence of the upload queue, so a reload (or a crash) resumes unfinished uploads. An upload is
 * saved with its source (the File itself, in the browser) before any of its bytes are sent, and with
 * its chunk list once hashed, so a resumed upload skips hashing and sends only what the server
 * still lacks.
 */
import type { ChunkRef, UploadSource } from "./types";

export interface StoredUpload<S extends UploadSource> {
  id: string;
  /** The file's name in its folder. */
  name: string;
  size: number;
  /** The folder the upload was started in... */
  parentId: string;
  /** ...and the folders below it to create (or reuse) on the way, outermost first. */
  dirs: string[];
  /** The commit's op id, fixed for the upload's lifetime. */
  opId: string;
  /** Milliseconds since the epoch; the queue resumes oldest first. */
  createdAt: number;
  /** Who started it (a user id): only they resume it. */
  owner?: string;
  /** Known once hashed. */
  chunks?: ChunkRef[];
  source: S;
}

export interface UploadStore<S extends UploadSource> {
  /** Saved uploads, oldest first. */
  list(): Promise<StoredUpload<S>[]>;
  /** Saves a new upload with its source. */
  add(record: StoredUpload<S>): Promise<void>;
  /** Records an upload's chunk list (the source is not written again). */
  saveChunks(id: string, chunks: ChunkRef[]): Promise<void>;
  /** Forgets an upload (finished, or cancelled by the user). Removing a missing id is not an error. */
  remove(id: string): Promise<void>;
  /**
   * Claims the right to run an upload, so two tabs never run the same one. Resolves to a release
   * function, or undefined when someone else holds the claim. Without `claim`, everything is ours.
   */
  claim?(id: string): Promise<(() => void) | undefined>;
}

/** An in-memory store: for tests, and where nothing can be persisted. */
export class MemoryUploadStore<S extends UploadSource> implements UploadStore<S> {
  readonly records = new Map<string, StoredUpload<S>>();
  private readonly claims = new Set<string>();

  async list(): Promise<StoredUpload<S>[]> {
    return [...this.records.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => ({ ...r }));
  }

  async add(record: StoredUpload<S>): Promise<void> {
    this.records.set(record.id, { ...record });
  }

  async saveChunks(id: string, chunks: ChunkRef[]): Promise<void> {
    const record = this.records.get(id);
    if (record) record.chunks = [...chunks];
  }

  async remove(id: string): Promise<void> {
    this.records.delete(id);
  }

  async claim(id: string): Promise<(() => void) | undefined> {
    if (this.claims.has(id)) return undefined;
    this.claims.add(id);
    return () => this.claims.delete(id);
  }
}
