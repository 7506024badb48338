/**
 * The upload queue: every upload the page started (or resumed), each run through the phases
 *
 *   queued → hashing → preparing → sending → committing → done | failed | cancelled
 *
 * - hashing: the chunker cuts and hashes the source (one file at a time: it is CPU-bound);
 * - preparing: the target folder is created or reused, and `prepareUpload` says which chunks the
 *   server lacks (the rest are skipped: the user holds them already);
 * - sending: those chunks are PUT, at most `putConcurrency` at once across all uploads, each retried
 *   with jittered exponential backoff on network errors, 5xx and 429 (never on another 4xx);
 * - committing: a file of the same name in the folder makes this its next version (its current
 *   version is the base), else it is a new file; one opId for the upload's lifetime, so a retried or
 *   replayed commit is applied once.
 *
 * Progress is observable as immutable snapshots (`subscribe` / `getSnapshot`, the shape React's
 * useSyncExternalStore wants), published at most every `publishIntervalMs` during transfers and at
 * once on every phase change.
 */
import { contentHash, FASTCDC_V1 } from "@/lib/chunking";
import { isTransportError, toUploadFailure, UploadFailedError } from "./errors";
import { FolderResolver } from "./folders";
import { Limiter } from "./limiter";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "./retry";
import {
  ACTIVE_PHASES,
  type EntryState,
  emptyTotals,
  isCancellable,
  sameOrNew,
  totalsOf,
  type UploadPhase,
  type UploadsSnapshot,
  view,
} from "./snapshot";
import { SpeedMeter } from "./speed";
import type { StoredUpload, UploadStore } from "./store";
import {
  type Chunker,
  type ChunkRef,
  type Clock,
  type CommitOutcome,
  isAbortError,
  realClock,
  type UploadApi,
  type UploadSource,
} from "./types";

export interface NewUpload<S extends UploadSource> {
  source: S;
  name: string;
  /** The folder the upload was started in. */
  parentId: string;
  /** Folders below `parentId` to create or reuse (a dropped folder's tree), outermost first. */
  dirs?: readonly string[];
}

export interface UploadManagerOptions<S extends UploadSource> {
  api: UploadApi;
  chunker: Chunker<S>;
  store?: UploadStore<S>;
  clock?: Clock;
  /** Jitter source for backoff (default Math.random). */
  random?: () => number;
  /** Unique ids for uploads and commit op ids. */
  newId: () => string;
  /** Names this device in conflicted-copy names. */
  deviceName?: string | null;
  /** PUTs in flight at once, across all uploads (default 4). */
  putConcurrency?: number;
  /** Uploads past hashing at once (default 4). */
  activeUploads?: number;
  retry?: RetryPolicy;
  /** Progress is published at most this often (default 200 ms); phase changes at once. */
  publishIntervalMs?: number;
  /** Called with errors that do not stop an upload (persistence failed, ...). */
  onWarning?: (message: string, error: unknown) => void;
}

/** prepareUpload batches: well under the server's 1 MiB GraphQL body limit (~90 bytes a chunk). */
const PREPARE_BATCH = 4000;

interface Entry<S extends UploadSource> extends EntryState {
  readonly source: S;
  readonly opId: string;
  readonly createdAt: number;
  chunks: ChunkRef[] | undefined;
  /** The folder the file goes into, once resolved. */
  targetId: string | undefined;
  controller: AbortController | undefined;
  /** Settles once the upload is in the store (or storing it failed: it then cannot resume). */
  saved: Promise<void>;
  inStore: boolean;
  release: (() => void) | undefined;
  running: Promise<void> | undefined;
}

type TreeListener = (parentId: string) => void;

export class UploadManager<S extends UploadSource> {
  private readonly entries = new Map<string, Entry<S>>();
  private readonly listeners = new Set<() => void>();
  private readonly treeListeners = new Set<TreeListener>();
  private readonly folders: FolderResolver;
  private readonly hashSlots = new Limiter(1);
  private readonly netSlots: Limiter;
  private readonly putSlots: Limiter;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly retryPolicy: RetryPolicy;
  private readonly totalMeter = new SpeedMeter();
  private snapshot: UploadsSnapshot = { items: [], totals: emptyTotals() };
  private cancelTimer: (() => void) | undefined;
  private resuming: Promise<number> | undefined;
  private owner: string | undefined;

  constructor(private readonly options: UploadManagerOptions<S>) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.retryPolicy = options.retry ?? DEFAULT_RETRY;
    this.netSlots = new Limiter(options.activeUploads ?? 4);
    this.putSlots = new Limiter(options.putConcurrency ?? 4);
    this.folders = new FolderResolver(
      options.api,
      { policy: this.retryPolicy, clock: this.clock, random: this.random },
      (parentId) => {
        for (const listener of this.treeListeners) listener(parentId);
      },
    );
  }

  // ---- observing ----

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): UploadsSnapshot {
    return this.snapshot;
  }

  /** Calls `listener(folderId)` when a file was committed or a folder created (or reused) in that folder. */
  onTreeChange(listener: TreeListener): () => void {
    this.treeListeners.add(listener);
    return () => this.treeListeners.delete(listener);
  }

  /** Resolves when no upload is running (for tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.entries.values()].map((e) => e.running).filter(Boolean);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  // ---- commands ----

  /** Queues uploads; returns their ids. They start at once, in order. */
  add(uploads: readonly NewUpload<S>[]): string[] {
    const ids: string[] = [];
    for (const u of uploads) {
      const entry = this.newEntry({
        id: this.options.newId(),
        name: u.name,
        dirs: [...(u.dirs ?? [])],
        parentId: u.parentId,
        size: u.source.size,
        source: u.source,
        opId: `upload-${this.options.newId()}`,
        createdAt: Date.now(),
        resumed: false,
        chunks: undefined,
      });
      entry.saved = this.store(entry);
      ids.push(entry.id);
      this.start(entry);
    }
    this.publish();
    return ids;
  }

  /**
   * Creates (or reuses) folders below `parentId`, e.g. the empty folders of a dropped tree. Folders
   * that files are uploaded into are made on the way anyway.
   */
  async ensureFolders(parentId: string, paths: readonly (readonly string[])[]): Promise<void> {
    const signal = new AbortController().signal;
    for (const dirs of paths) await this.folders.resolve(parentId, dirs, signal);
  }

  /** Stops an upload that has not reached its commit, and forgets it (it will not resume). */
  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || !isCancellable(entry.phase)) {
      if (entry?.phase === "failed") {
        entry.phase = "cancelled";
        this.forget(entry);
        this.publish();
        return true;
      }
      return false;
    }
    entry.controller?.abort(new DOMException("Cancelled", "AbortError"));
    return true;
  }

  cancelAll(): void {
    for (const entry of this.entries.values()) this.cancel(entry.id);
  }

  /** Runs a failed or cancelled upload again, from what it knows (chunks hashed stay hashed). */
  retry(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry || (entry.phase !== "failed" && entry.phase !== "cancelled")) return false;
    if (!entry.inStore) entry.saved = this.store(entry);
    this.start(entry);
    this.publish();
    return true;
  }

  /** Removes finished uploads (done, failed, cancelled) from the list. */
  clearFinished(): void {
    for (const entry of [...this.entries.values()]) {
      if (ACTIVE_PHASES.has(entry.phase)) continue;
      this.forget(entry);
      this.entries.delete(entry.id);
    }
    this.publish();
  }

  /**
   * Picks up the uploads a previous page left unfinished (once per manager; later calls return the
   * first call's promise). With `owner` (the signed-in user's id), only that user's uploads are
   * resumed and new uploads are saved as theirs: another account signed in on the same browser
   * never sees or runs them. Resolves to how many were resumed.
   */
  resume(owner?: string): Promise<number> {
    if (owner !== undefined) this.owner ??= owner;
    this.resuming ??= this.resumeStored();
    return this.resuming;
  }

  private async resumeStored(): Promise<number> {
    const store = this.options.store;
    if (!store) return 0;
    let records: StoredUpload<S>[];
    try {
      records = await store.list();
    } catch (error) {
      this.options.onWarning?.("could not read the saved uploads", error);
      return 0;
    }
    let resumed = 0;
    for (const record of records) {
      if (this.entries.has(record.id)) continue;
      if (record.owner !== undefined && record.owner !== this.owner) continue;
      const release = store.claim ? await store.claim(record.id) : undefined;
      if (store.claim && !release) continue; // another tab is running it
      const entry = this.newEntry({
        ...record,
        dirs: [...record.dirs],
        size: record.source.size,
        resumed: true,
        chunks: record.chunks,
      });
      entry.release = release;
      entry.inStore = true;
      resumed++;
      this.start(entry);
    }
    this.publish();
    return resumed;
  }

  // ---- running one upload ----

  private newEntry(init: {
    id: string;
    name: string;
    dirs: string[];
    parentId: string;
    size: number;
    source: S;
    opId: string;
    createdAt: number;
    resumed: boolean;
    chunks: ChunkRef[] | undefined;
  }): Entry<S> {
    const entry: Entry<S> = {
      ...init,
      phase: "queued",
      bytesHashed: 0,
      bytesSent: 0,
      bytesSkipped: 0,
      bytesToSend: undefined,
      retrying: false,
      error: undefined,
      result: undefined,
      replacedExisting: false,
      targetId: undefined,
      meter: new SpeedMeter(),
      controller: undefined,
      saved: Promise.resolve(),
      inStore: false,
      release: undefined,
      running: undefined,
    };
    this.entries.set(entry.id, entry);
    return entry;
  }

  private async store(entry: Entry<S>): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    try {
      if (!entry.release && store.claim) entry.release = await store.claim(entry.id);
      await store.add({
        id: entry.id,
        name: entry.name,
        size: entry.size,
        parentId: entry.parentId,
        dirs: [...entry.dirs],
        opId: entry.opId,
        createdAt: entry.createdAt,
        owner: this.owner,
        chunks: entry.chunks,
        source: entry.source,
      });
      entry.inStore = true;
    } catch (error) {
      this.options.onWarning?.(`could not save “${entry.name}” for resuming after a reload`, error);
    }
  }

  /** Removes an upload from the store and gives up its claim. */
  private forget(entry: Entry<S>): void {
    entry.inStore = false;
    const release = entry.release;
    entry.release = undefined;
    const removed = this.options.store?.remove(entry.id);
    removed?.then(release, (error: unknown) => {
      release?.();
      this.options.onWarning?.("could not remove a finished upload from the saved queue", error);
    });
    if (!removed) release?.();
  }

  private start(entry: Entry<S>): void {
    const controller = new AbortController();
    entry.controller = controller;
    entry.error = undefined;
    entry.result = undefined;
    entry.retrying = false;
    entry.bytesSent = 0;
    entry.bytesSkipped = 0;
    entry.bytesToSend = undefined;
    this.setPhase(entry, "queued");
    const run = this.run(entry, controller.signal).finally(() => {
      if (entry.running === run) entry.running = undefined;
    });
    entry.running = run;
  }

  private async run(entry: Entry<S>, signal: AbortSignal): Promise<void> {
    try {
      if (!entry.chunks) {
        const chunks = await this.hashSlots.run(signal, () => this.hash(entry, signal));
        entry.chunks = chunks;
        const store = this.options.store;
        // Saved after the source, in the same order the store received them.
        entry.saved = entry.saved.then(async () => {
          if (!entry.inStore || !store) return;
          await store.saveChunks(entry.id, chunks).catch((error: unknown) => {
            this.options.onWarning?.(`could not save the chunk list of “${entry.name}”`, error);
          });
        });
      }
      entry.bytesHashed = entry.size;
      // Hashed: waiting for its turn on the network (and to be saved) is "queued" again.
      if (entry.phase !== "queued") this.setPhase(entry, "queued");
      // A reload from here on resumes the upload: it is stored before any of its bytes are sent.
      await entry.saved;
      signal.throwIfAborted();
      entry.result = await this.netSlots.run(signal, () => this.transfer(entry, signal));
      entry.phase = "done";
      entry.meter.reset();
      this.forget(entry);
      this.publish();
      for (const listener of this.treeListeners) listener(entry.targetId ?? entry.parentId);
    } catch (error) {
      entry.retrying = false;
      entry.meter.reset();
      if (signal.aborted && isAbortError(error)) {
        entry.phase = "cancelled";
        this.forget(entry);
      } else {
        entry.phase = "failed";
        entry.error = toUploadFailure(error, "network");
      }
      this.publish();
    }
  }

  private async hash(entry: Entry<S>, signal: AbortSignal): Promise<ChunkRef[]> {
    this.setPhase(entry, "hashing");
    let chunks: ChunkRef[];
    try {
      chunks = await this.options.chunker(entry.source, {
        signal,
        onProgress: (bytes) => {
          entry.bytesHashed = bytes;
          entry.meter.add(this.clock.now(), bytes);
          this.changed();
        },
      });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw error;
      throw toUploadFailure(error, "hashing");
    }
    let offset = 0;
    for (const c of chunks) {
      if (c.offset !== offset || c.size < 1)
        throw new UploadFailedError("HASH_FAILED", "the chunk list has gaps");
      offset += c.size;
    }
    if (offset !== entry.size) {
      throw new UploadFailedError("READ_FAILED", `read ${offset} of ${entry.size} bytes: the file changed`);
    }
    return chunks;
  }

  private async transfer(entry: Entry<S>, signal: AbortSignal): Promise<CommitOutcome> {
    const chunks = entry.chunks!;
    this.setPhase(entry, "preparing");
    const parentId = await this.folders.resolve(entry.parentId, entry.dirs, signal);
    entry.targetId = parentId;
    for (let attempt = 0; ; attempt++) {
      const missing = await this.prepare(entry, chunks, signal);
      this.setPhase(entry, "sending");
      await this.send(entry, missing, signal);
      this.setPhase(entry, "committing");
      try {
        return await this.commit(entry, parentId, chunks, signal);
      } catch (error) {
        // A chunk vanished between sending and committing (rare): ask again, once.
        if (attempt > 0 || !isTransportError(error) || error.code !== "CHUNK_MISSING") throw error;
        this.setPhase(entry, "preparing");
      }
    }
  }

  /** The chunks to send, first occurrence of each missing hash; sets the byte counts. */
  private async prepare(entry: Entry<S>, chunks: ChunkRef[], signal: AbortSignal): Promise<ChunkRef[]> {
    const unique = new Map<string, ChunkRef>();
    for (const c of chunks) if (!unique.has(c.hash)) unique.set(c.hash, c);
    const list = [...unique.values()];
    const missing = new Set<string>();
    for (let i = 0; i < list.length; i += PREPARE_BATCH) {
      const batch = list.slice(i, i + PREPARE_BATCH).map((c) => ({ hash: c.hash, size: c.size }));
      const answer = await this.retrying(entry, signal, () => this.options.api.prepareUpload(batch, signal));
      for (const h of answer) missing.add(h);
    }
    const toSend = list.filter((c) => missing.has(c.hash));
    entry.bytesToSend = toSend.reduce((n, c) => n + c.size, 0);
    entry.bytesSkipped = entry.size - entry.bytesToSend;
    entry.bytesSent = 0;
    return toSend;
  }

  private async send(entry: Entry<S>, chunks: ChunkRef[], outer: AbortSignal): Promise<void> {
    if (chunks.length === 0) return;
    // The first chunk that fails for good stops the others.
    const controller = new AbortController();
    const stop = () => controller.abort(outer.reason);
    outer.addEventListener("abort", stop, { once: true });
    const signal = controller.signal;
    const queue = chunks.slice();
    const sendOne = async (c: ChunkRef) => {
      let bytes: Uint8Array;
      try {
        bytes = await entry.source.slice(c.offset, c.size);
      } catch (error) {
        signal.throwIfAborted();
        throw toUploadFailure(error, "reading");
      }
      await this.retrying(entry, signal, () => this.options.api.putBlock(c.hash, bytes, signal));
      entry.bytesSent += c.size;
      const now = this.clock.now();
      entry.meter.add(now, entry.bytesSent);
      this.totalMeter.add(now, this.sentSoFar());
      this.changed();
    };
    // A few lanes per upload, each taking the next chunk in file order and a shared PUT slot for it.
    const lane = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const chunk = c;
        await this.putSlots.run(signal, () => sendOne(chunk));
      }
    };
    const lanes = Array.from({ length: Math.min(this.putSlots.limit, queue.length) }, () =>
      lane().catch((error: unknown) => {
        if (!signal.aborted) controller.abort(error);
      }),
    );
    try {
      await Promise.all(lanes);
      // The reason is the first real failure, or the cancel.
      if (signal.aborted) throw signal.reason;
    } finally {
      outer.removeEventListener("abort", stop);
    }
  }

  private async commit(
    entry: Entry<S>,
    parentId: string,
    chunks: ChunkRef[],
    signal: AbortSignal,
  ): Promise<CommitOutcome> {
    const api = this.options.api;
    // Drive's rule: uploading a name that a file already has makes a new version of that file.
    const existing = await this.retrying(entry, signal, () => api.findFile(parentId, entry.name, signal));
    if (existing && existing.contentHash === (await contentHash(chunks.map((c) => c.hash)))) {
      // The same bytes are there already: no new version.
      return {
        fileId: existing.fileId,
        name: entry.name,
        versionId: existing.versionId,
        versionNumber: existing.versionNumber,
        conflict: null,
        unchanged: true,
      };
    }
    const outcome = await this.retrying(entry, signal, () =>
      api.commitFile(
        {
          parentId,
          name: entry.name,
          baseVersionId: existing?.versionId ?? null,
          fileId: existing?.fileId ?? null,
          chunks: chunks.map((c) => c.hash),
          size: entry.size,
          deviceName: this.options.deviceName ?? null,
          chunkingProfile: FASTCDC_V1.id,
          opId: entry.opId,
        },
        signal,
      ),
    );
    entry.replacedExisting =
      existing !== null && !outcome.conflict && !outcome.unchanged && outcome.fileId === existing.fileId;
    return outcome;
  }

  private retrying<T>(entry: Entry<S>, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        const value = await fn();
        if (entry.retrying) {
          entry.retrying = false;
          this.changed(true);
        }
        return value;
      },
      {
        policy: this.retryPolicy,
        clock: this.clock,
        random: this.random,
        signal,
        onRetry: () => {
          entry.retrying = true;
          this.changed(true);
        },
      },
    );
  }

  // ---- publishing ----

  private setPhase(entry: Entry<S>, phase: UploadPhase): void {
    entry.phase = phase;
    entry.meter.reset();
    entry.meter.add(this.clock.now(), phase === "hashing" ? entry.bytesHashed : entry.bytesSent);
    this.changed(true);
  }

  private sentSoFar(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.bytesSent;
    return n;
  }

  /** Publishes now (`immediate`) or within `publishIntervalMs`. */
  private changed(immediate = false): void {
    if (immediate) {
      this.publish();
      return;
    }
    if (this.cancelTimer) return;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.publish();
    }, this.options.publishIntervalMs ?? 200);
  }

  private publish(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.clock.now();
    // An upload whose view did not change keeps the same object, so a UI can skip it.
    const previous = new Map(this.snapshot.items.map((item) => [item.id, item]));
    const items = [...this.entries.values()].map((e) => sameOrNew(previous.get(e.id), view(e, now)));
    this.snapshot = { items, totals: totalsOf(items, this.totalMeter, now) };
    for (const listener of this.listeners) listener();
  }
}
