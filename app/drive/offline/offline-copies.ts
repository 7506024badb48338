/**
 * "Available offline" in the page (issue 6, item 2): the files and folders the user chose are
 * kept on this device. What that means is `planOffline` (lib/sync/offline-plan.ts); this carries
 * it out against the user's chunk cache and offline store:
 *
 * - fetch: the version's chunk list (GraphQL), pin it under the file id (before the bytes, so
 *   they are held as they arrive), download the chunks the cache lacks (delta download), then
 *   record the chunk list and the held version. A new version of a held file is fetched the same
 *   way; the pin then names the new chunks only.
 * - release: unpin and forget the held version (the chunks stay as ordinary cached chunks).
 *
 * It runs when a choice changes and, shortly after, on every index change (a file added to a
 * chosen folder, a new version from another device), and when the connection returns. Fetching
 * needs the network; offline the plan waits. One run at a time; a request during a run makes one
 * more run after it.
 */
import type { ChunkCacheStats } from "../../../lib/sync/chunk-cache";
import { downloadChunks, httpChunkFetcher, type SyncEngine } from "../../../lib/sync/index";
import {
  type HeldFile,
  type OfflineChoice,
  offlineChoiceFor,
  planOffline,
} from "../../../lib/sync/offline-plan";
import { gql } from "../../lib/gql";
import { userChunkCache, userOfflineStore } from "../data/local-content";
import { VersionChunksQuery } from "../files/operations";
import { queuedContents } from "./queue-content";

export interface OfflineSnapshot {
  /** Loaded from the store at least once. */
  ready: boolean;
  choices: OfflineChoice[];
  held: ReadonlyMap<string, HeldFile>;
  /** File id → the choice that wants it. */
  wanted: ReadonlyMap<string, string>;
  stats: ChunkCacheStats | null;
  /** A run is fetching. */
  busy: boolean;
  /** The last run could not fetch everything (offline, or an error). */
  waiting: boolean;
}

const EMPTY: OfflineSnapshot = {
  ready: false,
  choices: [],
  held: new Map(),
  wanted: new Map(),
  stats: null,
  busy: false,
  waiting: false,
};

/** Index changes are gathered this long before a run. */
const SETTLE_MS = 300;

export class OfflineCopies {
  private snapshot: OfflineSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly engine: SyncEngine,
    private readonly userId: string,
  ) {
    let seen = "";
    this.unsubscribe = engine.subscribe((event) => {
      if (event.type === "index") this.schedule();
      if (event.type !== "status") return;
      // Back online, or caught up: the plan may be able to go further.
      const { online, caughtUp, running } = engine.status();
      const now = `${online}|${caughtUp}|${running}`;
      if (now !== seen) {
        seen = now;
        this.schedule();
      }
    });
    this.schedule(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.unsubscribe();
  }

  getSnapshot = (): OfflineSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The choice that keeps `nodeId` offline (itself, or a folder above it), if any. */
  choiceFor(nodeId: string): string | undefined {
    const chosen = new Set(this.snapshot.choices.map((c) => c.nodeId));
    return chosen.size === 0 ? undefined : offlineChoiceFor(this.engine.view, chosen, nodeId);
  }

  /** Keeps a file or folder (everything below it) on this device. */
  async choose(nodeId: string): Promise<void> {
    await (await userOfflineStore(this.userId)).choose(nodeId, Date.now());
    await this.run();
  }

  /** Stops keeping it; its chunks become ordinary cached chunks. */
  async unchoose(nodeId: string): Promise<void> {
    await (await userOfflineStore(this.userId)).unchoose(nodeId);
    await this.run();
  }

  /** Runs now (or once more after the current run); resolves when that run is over. */
  run(): Promise<void> {
    clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.reconcile()
      .catch((error: unknown) => console.warn("Cairn: keeping files offline failed.", error))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          void this.run();
        }
      });
    this.running = run;
    return run;
  }

  private schedule(ms = SETTLE_MS): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
  }

  private publish(next: Partial<OfflineSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of [...this.listeners]) listener();
  }

  private async reconcile(): Promise<void> {
    const [cache, store] = await Promise.all([userChunkCache(this.userId), userOfflineStore(this.userId)]);
    const [choices, heldList] = await Promise.all([store.listChoices(), store.listHeld()]);
    const held = new Map(heldList.map((h) => [h.fileId, h]));
    const status = this.engine.status();
    // Only an index that is the server's (caught up), or the last one seen (offline), can say
    // what a choice holds; an index still loading or rebuilding would release everything.
    if (!status.running || this.engine.root() === undefined || (status.online && !status.caughtUp)) {
      this.publish({ ready: true, choices, held });
      return;
    }
    // Versions the server confirmed: the view's content of a file with a queued edit is not fetchable.
    const plan = planOffline(this.engine.index, choices, held);
    // A choice is forgotten only when the server's index says its node is gone for good.
    if (!status.caughtUp) plan.gone.length = 0;
    for (const nodeId of plan.gone) await store.unchoose(nodeId);
    for (const fileId of plan.release) {
      await cache.unpin(fileId);
      await store.removeHeld(fileId);
      held.delete(fileId);
    }
    const live = choices.filter((c) => !plan.gone.includes(c.nodeId));
    this.publish({
      ready: true,
      choices: live,
      held: new Map(held),
      wanted: plan.wanted,
      busy: plan.fetch.length > 0,
    });

    let waiting = false;
    for (const target of plan.fetch) {
      if (this.closed) return;
      if (!this.engine.status().online) {
        waiting = true;
        break;
      }
      try {
        const file = await this.fetch(target);
        if (file) {
          held.set(file.fileId, file);
          this.publish({ held: new Map(held) });
        }
      } catch (error) {
        waiting = true;
        console.warn("Cairn: could not keep a file offline (will try again).", error);
      }
    }

    // Chunk lists worth keeping: what a file shows now (held or merely cached), and queued content.
    const keep = new Set<string>();
    for (const node of this.engine.view.all()) if (node.contentHash) keep.add(node.contentHash);
    for (const node of this.engine.index.all()) if (node.contentHash) keep.add(node.contentHash);
    for (const h of held.values()) keep.add(h.contentHash);
    for (const op of this.engine.pendingOps()) if (op.kind === "commitFile") keep.add(op.args.contentHash);
    for (const hash of queuedContents) keep.add(hash);
    await store.pruneContents(keep);

    this.publish({ busy: false, waiting, stats: await cache.stats() });
  }

  private async fetch(target: { fileId: string; versionId: string; contentHash: string }) {
    const { version } = await gql(VersionChunksQuery, { id: target.versionId });
    if (!version) return undefined; // replaced meanwhile: the next index change brings the new one
    const [cache, store] = await Promise.all([userChunkCache(this.userId), userOfflineStore(this.userId)]);
    const chunks = version.chunks.map(({ hash, offset, size }) => ({ hash, offset, size }));
    await cache.pin(
      target.fileId,
      chunks.map((c) => c.hash),
    );
    await downloadChunks(chunks, { fetchChunk: httpChunkFetcher(), cache });
    await store.putContent({ contentHash: version.contentHash, size: version.size, chunks });
    const file: HeldFile = {
      fileId: target.fileId,
      versionId: version.id,
      contentHash: version.contentHash,
      size: version.size,
      number: version.number,
    };
    await store.putHeld(file);
    return file;
  }
}

// ---- the page's one instance (set by the sync provider with the engine) ----

let current: OfflineCopies | null = null;
const currentListeners = new Set<() => void>();

export function setOfflineCopies(next: OfflineCopies | null): void {
  if (current === next) return;
  current?.close();
  current = next;
  for (const listener of currentListeners) listener();
}

export function getOfflineCopies(): OfflineCopies | null {
  return current;
}

export function subscribeOfflineCopies(listener: () => void): () => void {
  currentListeners.add(listener);
  return () => currentListeners.delete(listener);
}

export const EMPTY_OFFLINE_SNAPSHOT = EMPTY;
