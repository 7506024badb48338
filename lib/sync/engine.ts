/**
 * SyncEngine: keeps a device's index in step with the server and pushes its outbox.
 *
 * - Feed: `start()` catches up with the `changes` query from the stored cursor (page after page
 *   while `hasMore`), then subscribes from that cursor. Each page is applied and stored with its
 *   cursor in one atomic write. When the subscription drops, it reconnects after a randomized
 *   exponential backoff (at once on `online()`) and resumes from the stored cursor. A cursor the
 *   server refuses (CURSOR_INVALID) rebuilds the index from the start; the outbox is kept.
 * - Outbox: `enqueue` persists an op before returning; the UI sees it at once through the merged
 *   view. The push loop sends ops in order, one at a time, with the same opId on every try;
 *   `decideOutcome` settles each outcome (apply the result, retry after backoff, rewrite, drop or
 *   park). The loop pauses while offline and resumes on `online()` or when the backoff ends.
 *
 * IO comes in as the injected store, transport, clock and random source; the rules are the pure
 * functions in apply-changes, outbox, outcome and replay.
 */
import { applyChanges } from "./apply-changes";
import { errorInfo, type SyncErrorInfo } from "./errors";
import { InvalidNameError, validateName } from "./names";
import { IndexOverlay, type IndexReader, NodeIndex } from "./node-index";
import type { SyncNotice } from "./notices";
import {
  applyPending,
  type CommitFileArgs,
  type OpArgs,
  type OpKind,
  type OpOf,
  type PendingOp,
  type PendingView,
  rebaseQueuedEdits,
  targetId,
} from "./outbox";
import {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  type Decision,
  decideOutcome,
  type OpOutcome,
} from "./outcome";
import type { ReplayPolicy } from "./replay";
import type { SyncStore } from "./store/sync-store";
import type { SyncTransport } from "./transport";
import * as tree from "./tree-view";
import type { ChangePage, IndexNode } from "./types";

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SyncEngineOptions {
  store: SyncStore;
  transport: SyncTransport;
  clock?: Clock;
  /** Numbers in [0, 1) for backoff jitter. */
  random?: () => number;
  /** New UUIDs for node ids and op ids. */
  newId?: () => string;
  /** Uploads a commit's missing chunks (prepareUpload + PUT) before each try of a commitFile. */
  uploadChunks?: (args: CommitFileArgs, opId: string) => Promise<void>;
  /** The replay decision table (replaceable for the simulation's self-test). */
  policy?: ReplayPolicy;
  pushBackoff?: BackoffOptions;
  feedBackoff?: BackoffOptions;
  /** Entries per catch-up query (server maximum 1000). */
  pageSize?: number;
  /** Named in conflicted copies; used when a commitFile op has none. */
  deviceName?: string;
  /** Whether this engine pushes the outbox (false in a tab that does not hold the replay lock). */
  push?: boolean;
  /** Called after each outcome is settled (telemetry, the simulation's bookkeeping). */
  onSettle?: (op: PendingOp, decision: Decision) => void;
}

export interface SyncStatus {
  running: boolean;
  online: boolean;
  /** The subscription is live. */
  connected: boolean;
  /** The last page said nothing more is waiting. */
  caughtUp: boolean;
  pending: number;
  parked: number;
  lastError?: SyncErrorInfo;
}

export type SyncEvent =
  | { type: "index"; fromStore?: boolean }
  | { type: "outbox"; fromStore?: boolean }
  /** `relayed`: another tab of this browser settled the op and passed its notice on (browser.ts). */
  | { type: "notice"; notice: SyncNotice; relayed?: boolean }
  | { type: "status" };

export interface SyncStats {
  pages: number;
  entries: number;
  /** Mutations sent (each try counts). */
  sends: number;
  reconnects: number;
}

/** An op refused before it is queued: a name the server would refuse, or a move into itself. */
export class InvalidOpError extends Error {
  constructor(
    message: string,
    /** `name`: breaks a name rule (`rule` says which, as in NAME_INVALID); `cycle`: a folder into itself. */
    readonly reason: "name" | "cycle" = "name",
    readonly rule?: string,
  ) {
    super(message);
    this.name = "InvalidOpError";
  }
}

export class SyncEngine {
  readonly stats: SyncStats = { pages: 0, entries: 0, sends: 0, reconnects: 0 };
  readonly notices: SyncNotice[] = [];

  private readonly store: SyncStore;
  private readonly transport: SyncTransport;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly newId: () => string;
  private readonly options: SyncEngineOptions;

  private readonly serverIndex = new NodeIndex();
  private outbox: PendingOp[] = [];
  private cursor: string | null = null;
  private merged: PendingView | undefined;
  private listeners = new Set<(event: SyncEvent) => void>();

  private running = false;
  private isOnline = true;
  private pushEnabled: boolean;
  private connected = false;
  private caughtUp = false;
  private lastError: SyncErrorInfo | undefined;

  /** Serialises every change to the index, cursor and outbox (store first, then memory). */
  private chain: Promise<void> = Promise.resolve();
  private feedGen = 0;
  private unsubscribeFeed: (() => void) | undefined;
  private feedAttempts = 0;
  private feedTimer: unknown;
  private pushing: Promise<void> | undefined;
  private pushTimer: unknown;
  /** Counts `online()` calls: a try that failed across one is retried at once, not after a backoff. */
  private wakeups = 0;

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.store = options.store;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.pushEnabled = options.push ?? true;
  }

  // -------------------------------------------------------------------------------------------
  // Life cycle

  /** Loads the stored index and outbox, then syncs: catch-up, subscription, outbox push. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.reload();
    for (const op of this.outbox) op.notBefore = undefined; // (re)opening is a good moment to retry
    this.running = true;
    this.emit({ type: "status" });
    this.connectFeed();
    this.kickPush();
  }

  /** Stops syncing; waits for the op in flight (if any) to settle. The store stays open. */
  async stop(): Promise<void> {
    this.running = false;
    this.disconnectFeed();
    this.clock.clearTimeout(this.feedTimer);
    this.clock.clearTimeout(this.pushTimer);
    await this.pushing;
    await this.chain;
    this.emit({ type: "status" });
  }

  /**
   * Re-reads index, cursor and outbox from the store (another tab wrote to it). Ops another tab
   * queued are then pushed from here, if this is the tab that pushes.
   */
  async reload(): Promise<void> {
    await this.exclusive(async () => {
      const [nodes, cursor, ops] = await Promise.all([
        this.store.allNodes(),
        this.store.getCursor(),
        this.store.listOps(),
      ]);
      this.serverIndex.clear();
      for (const n of nodes) this.serverIndex.put(n);
      this.cursor = cursor;
      this.outbox = ops;
      this.changed("index", true);
      this.changed("outbox", true);
    });
    this.kickPush();
  }

  /** Connectivity came back: reconnect and retry now instead of waiting for the backoff. */
  online(): void {
    this.isOnline = true;
    this.wakeups++;
    this.feedAttempts = 0;
    for (const op of this.outbox) op.notBefore = undefined;
    this.emit({ type: "status" });
    if (!this.running) return;
    if (!this.connected) {
      this.clock.clearTimeout(this.feedTimer);
      this.connectFeed();
    }
    this.kickPush();
  }

  /** Connectivity is gone: stop pushing and drop the subscription until `online()`. */
  offline(): void {
    this.isOnline = false;
    this.disconnectFeed();
    this.clock.clearTimeout(this.feedTimer);
    this.clock.clearTimeout(this.pushTimer);
    this.emit({ type: "status" });
  }

  /** Only one tab pushes (browser.ts holds a Web Lock for it); the others follow the store. */
  setPushEnabled(enabled: boolean): void {
    this.pushEnabled = enabled;
    if (enabled) this.kickPush();
  }

  // -------------------------------------------------------------------------------------------
  // Reading (the merged view: server index + pending ops)

  /** The index with pending ops applied: what the UI shows. Valid until the next event. */
  get view(): IndexReader {
    return this.mergedView().view;
  }

  /** The server's state as far as the feed and confirmed results go (no guesses). */
  get index(): IndexReader {
    return this.serverIndex;
  }

  /** The stored feed cursor (opaque). */
  get feedCursor(): string | null {
    return this.cursor;
  }

  getNode(id: string): IndexNode | undefined {
    return this.view.get(id);
  }

  /** The folder with this id, or undefined (unknown, or not a folder). */
  getFolder(id: string): IndexNode | undefined {
    const node = this.view.get(id);
    return node?.kind === "folder" ? node : undefined;
  }

  root(): IndexNode | undefined {
    return tree.rootOf(this.view);
  }

  listChildren(folderId: string, order?: tree.ChildOrder): IndexNode[] {
    return tree.listChildren(this.view, folderId, order);
  }

  listTrash(): IndexNode[] {
    return tree.listTrash(this.view);
  }

  pathOf(id: string): string | undefined {
    return tree.pathOf(this.view, id);
  }

  breadcrumbs(id: string): IndexNode[] | undefined {
    return tree.breadcrumbs(this.view, id);
  }

  resolvePath(path: string): IndexNode | undefined {
    return tree.resolvePath(this.view, path);
  }

  /** The live child of `parentId` named `name` (server comparison) other than `exceptId`, in the view. */
  childNamed(parentId: string, name: string, exceptId?: string): IndexNode | undefined {
    return tree.childNamed(this.view, parentId, name, exceptId);
  }

  /** Queued ops (all, or those on one node), in order. */
  pendingOps(nodeId?: string): PendingOp[] {
    return nodeId === undefined ? [...this.outbox] : (this.mergedView().pendingByNode.get(nodeId) ?? []);
  }

  status(): SyncStatus {
    return {
      running: this.running,
      online: this.isOnline,
      connected: this.connected,
      caughtUp: this.caughtUp,
      pending: this.outbox.filter((o) => !o.parked).length,
      parked: this.outbox.filter((o) => o.parked).length,
      lastError: this.lastError,
    };
  }

  /** Calls `listener` on every change of the index, the outbox, the status, and on notices. */
  subscribe(listener: (event: SyncEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once no op is waiting to be sent (parked ops aside) and none is in flight. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.pushing === undefined && !this.outbox.some((o) => !o.parked)) {
          off();
          resolve();
        }
      };
      const off = this.subscribe(check);
      check();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /**
   * Queues an op (persisted before this resolves) and shows it in the view at once. `opId` lets
   * the caller name the op before it is queued (e.g. to keep a commit's chunks under that name).
   */
  async enqueue<K extends OpKind>(
    kind: K,
    args: OpArgs[K],
    options: { opId?: string } = {},
  ): Promise<OpOf<K>> {
    const checked = this.validate(kind, args);
    const target = targetId({ kind, args: checked } as PendingOp);
    const op = {
      opId: options.opId ?? this.newId(),
      seq: 0,
      kind,
      args: checked,
      intent: checked,
      baseRev: target === undefined ? undefined : this.view.get(target)?.rev,
      createdAt: this.clock.now(),
      attempts: 0,
    } as OpOf<K>;
    await this.exclusive(async () => {
      const { seqs } = await this.store.write({ addOps: [op] });
      op.seq = seqs[0]!;
      this.outbox.push(op);
      this.changed("outbox");
    });
    this.kickPush();
    return op;
  }

  /** Creates a folder; returns its (client-proposed) id. */
  async createFolder(parentId: string, name: string): Promise<string> {
    const id = this.newId();
    await this.enqueue("createFolder", { id, parentId, name });
    return id;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.enqueue("rename", { id, name });
  }

  async move(id: string, parentId: string, name?: string): Promise<void> {
    await this.enqueue("move", name === undefined ? { id, parentId } : { id, parentId, name });
  }

  async trash(id: string): Promise<void> {
    await this.enqueue("trash", { id });
  }

  async restore(id: string): Promise<void> {
    await this.enqueue("restore", { id });
  }

  async deleteForever(id: string): Promise<void> {
    await this.enqueue("deleteForever", { id });
  }

  /** Commits content (chunks already hashed): a new file, or a version of `fileId` from `baseVersionId`. Returns the node id. */
  async commitFile(args: CommitFileArgs, options: { opId?: string } = {}): Promise<string> {
    const full = args.fileId === undefined && args.id === undefined ? { ...args, id: this.newId() } : args;
    await this.enqueue("commitFile", full, options);
    return full.fileId ?? full.id!;
  }

  /**
   * Shows a notice that another tab of this browser produced (it pushed an op made here, or the
   * user should hear about it here too): emitted as a `relayed` notice event, never sent back.
   */
  relayNotice(notice: SyncNotice): void {
    this.notices.push(notice);
    this.emit({ type: "notice", notice, relayed: true });
  }

  /** Sends a parked op again (after the user fixed what stopped it). */
  async retryParked(opId: string): Promise<void> {
    await this.updateOp(opId, (op) => ({ ...op, parked: undefined, attempts: 0, notBefore: undefined }));
    this.kickPush();
  }

  /** Removes a queued op: its optimistic change disappears (the user chose to discard it). */
  async discard(opId: string): Promise<void> {
    await this.exclusive(async () => {
      await this.store.write({ removeOps: [opId] });
      this.outbox = this.outbox.filter((o) => o.opId !== opId);
      this.changed("outbox");
    });
  }

  private validate<K extends OpKind>(kind: K, args: OpArgs[K]): OpArgs[K] {
    const a = { ...args } as Record<string, unknown>;
    try {
      if (typeof a.name === "string") a.name = validateName(a.name);
    } catch (error) {
      throw new InvalidOpError(
        (error as Error).message,
        "name",
        error instanceof InvalidNameError ? error.rule : undefined,
      );
    }
    if (kind === "move") {
      const { id, parentId } = a as OpArgs["move"];
      if (tree.isWithin(this.view, parentId, id)) {
        throw new InvalidOpError("a folder cannot be moved into itself or one of its subfolders", "cycle");
      }
    }
    if (kind === "commitFile" && a.deviceName === undefined && this.options.deviceName)
      a.deviceName = this.options.deviceName;
    return a as OpArgs[K];
  }

  // -------------------------------------------------------------------------------------------
  // Feed

  private connectFeed(): void {
    if (!this.running || !this.isOnline) return;
    this.disconnectFeed();
    const gen = this.feedGen;
    const fail = (error: unknown) => this.onFeedError(error, gen);
    void (async () => {
      for (let more = true; more; ) {
        const page = await this.transport.pull(this.cursor, this.options.pageSize ?? 1000);
        if (gen !== this.feedGen) return;
        await this.applyPage(page, gen);
        more = page.hasMore;
      }
      if (gen !== this.feedGen) return;
      const unsubscribe = this.transport.subscribe(
        this.cursor,
        (page) => {
          if (gen !== this.feedGen) return;
          this.applyPage(page, gen).then(() => {
            if (gen === this.feedGen && !this.connected) {
              this.connected = true;
              this.feedAttempts = 0;
              this.lastError = undefined;
              this.emit({ type: "status" });
            }
          }, fail);
        },
        fail,
      );
      if (gen === this.feedGen) this.unsubscribeFeed = unsubscribe;
      else unsubscribe();
    })().catch(fail);
  }

  /** Ends the current subscription; pages still on their way are ignored (generation check). */
  private disconnectFeed(): void {
    this.feedGen++;
    this.unsubscribeFeed?.();
    this.unsubscribeFeed = undefined;
    if (this.connected) {
      this.connected = false;
      this.emit({ type: "status" });
    }
  }

  private onFeedError(error: unknown, gen: number): void {
    if (gen !== this.feedGen) return;
    this.disconnectFeed();
    const info = errorInfo(error);
    this.lastError = info;
    this.emit({ type: "status" });
    if (!this.running || !this.isOnline) return;
    if (info.code === "CURSOR_INVALID") {
      // The server does not know our cursor (e.g. restored from a backup): rebuild the index.
      void this.exclusive(async () => {
        await this.store.write({ clearNodes: true, cursor: null });
        this.serverIndex.clear();
        this.cursor = null;
        this.changed("index");
      }).then(() => this.connectFeed());
      return;
    }
    const delay = backoffDelay(
      this.feedAttempts++,
      this.random(),
      this.options.feedBackoff ?? DEFAULT_BACKOFF,
    );
    this.stats.reconnects++;
    this.clock.clearTimeout(this.feedTimer);
    this.feedTimer = this.clock.setTimeout(() => this.connectFeed(), delay);
  }

  private applyPage(page: ChangePage, gen: number): Promise<void> {
    return this.exclusive(async () => {
      if (gen !== this.feedGen) return;
      const changes = applyChanges(this.serverIndex, page);
      await this.store.write({ puts: changes.puts, deletes: changes.deletes, cursor: changes.cursor });
      this.serverIndex.apply(changes);
      this.cursor = page.cursor;
      this.caughtUp = !page.hasMore;
      this.stats.pages++;
      this.stats.entries += page.entries.length;
      if (changes.puts.length > 0 || changes.deletes.length > 0) this.changed("index");
    });
  }

  // -------------------------------------------------------------------------------------------
  // Outbox push

  private kickPush(): void {
    if (this.pushing || !this.running || !this.isOnline || !this.pushEnabled) return;
    this.clock.clearTimeout(this.pushTimer);
    this.pushing = this.pushLoop()
      .catch((error) => {
        // A store failure: keep the op, try again later.
        this.lastError = errorInfo(error);
        this.pushTimer = this.clock.setTimeout(
          () => this.kickPush(),
          backoffDelay(3, this.random(), this.options.pushBackoff),
        );
      })
      .finally(() => {
        this.pushing = undefined;
        this.emit({ type: "status" });
      });
  }

  private async pushLoop(): Promise<void> {
    while (this.running && this.isOnline && this.pushEnabled) {
      const op = this.outbox.find((o) => !o.parked);
      if (!op) return;
      const wait = (op.notBefore ?? 0) - this.clock.now();
      if (wait > 0) {
        this.pushTimer = this.clock.setTimeout(() => this.kickPush(), wait);
        return;
      }
      const wakeups = this.wakeups;
      const outcome = await this.send(op);
      await this.exclusive(() => this.settle(op.opId, outcome, wakeups !== this.wakeups));
    }
  }

  private async send(op: PendingOp): Promise<OpOutcome> {
    try {
      if (op.kind === "commitFile" && this.options.uploadChunks)
        await this.options.uploadChunks(op.args, op.opId);
      this.stats.sends++;
      const result = await this.transport.mutate({ kind: op.kind, args: op.args, opId: op.opId });
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
  }

  /** Applies the decision for an op's outcome (inside the chain). */
  private async settle(opId: string, outcome: OpOutcome, wokenMeanwhile = false): Promise<void> {
    const op = this.outbox.find((o) => o.opId === opId);
    if (!op) return; // discarded meanwhile
    const policy = this.options.policy;
    const d = decideOutcome(op, outcome, this.serverIndex, {
      random: this.random(),
      backoff: this.options.pushBackoff,
      policy,
    });
    if (!outcome.ok) this.lastError = outcome.error;
    switch (d.action) {
      case "done": {
        const rebased = outcome.ok ? rebaseQueuedEdits(this.outbox, op, outcome.result.node) : [];
        await this.store.write({
          puts: d.changes.puts,
          deletes: d.changes.deletes,
          removeOps: [opId],
          updateOps: rebased,
        });
        this.serverIndex.apply(d.changes);
        const replaced = new Map(rebased.map((o) => [o.opId, o]));
        this.outbox = this.outbox.filter((o) => o.opId !== opId).map((o) => replaced.get(o.opId) ?? o);
        this.changed("index");
        this.changed("outbox");
        break;
      }
      case "drop":
        await this.store.write({ removeOps: [opId] });
        this.outbox = this.outbox.filter((o) => o.opId !== opId);
        this.changed("outbox");
        break;
      case "retry":
        await this.replaceOp({
          ...op,
          attempts: op.attempts + 1,
          notBefore: wokenMeanwhile ? undefined : this.clock.now() + d.delayMs,
        });
        break;
      case "rewrite":
        await this.replaceOp({ ...op, args: d.args, attempts: 0, notBefore: undefined } as PendingOp);
        break;
      case "park":
        await this.replaceOp({
          ...op,
          parked: {
            code: outcome.ok ? "" : (outcome.error.code ?? outcome.error.kind),
            message: d.notice.message,
          },
        });
        break;
    }
    this.options.onSettle?.(op, d);
    if (d.notice) {
      this.notices.push(d.notice);
      this.emit({ type: "notice", notice: d.notice });
    }
  }

  private async replaceOp(op: PendingOp): Promise<void> {
    await this.store.write({ updateOps: [op] });
    this.outbox = this.outbox.map((o) => (o.opId === op.opId ? op : o));
    this.changed("outbox");
  }

  private updateOp(opId: string, update: (op: PendingOp) => PendingOp): Promise<void> {
    return this.exclusive(async () => {
      const op = this.outbox.find((o) => o.opId === opId);
      if (op) await this.replaceOp(update(op));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private mergedView(): PendingView {
    if (!this.merged) {
      this.merged =
        this.outbox.length === 0
          ? { view: new IndexOverlay(this.serverIndex), pendingByNode: new Map() }
          : applyPending(this.serverIndex, this.outbox);
    }
    return this.merged;
  }

  private changed(type: "index" | "outbox", fromStore = false): void {
    this.merged = undefined;
    this.emit(fromStore ? { type, fromStore } : { type });
  }

  private emit(event: SyncEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
