/**
 * The change feed (docs/sync-protocol.md, "Reading changes"): pages of journal entries after a
 * cursor, over every namespace the actor reads, as the actor sees them; once (`getChanges`) or
 * live (`watchChanges`).
 *
 * Words used here. A *feed* is one live subscription. It is *caught up* when its last page held
 * everything there was; it then waits for a *wake-up* from the notifier (a followed namespace's
 * journal grew). A feed given a *consumer* (`deliverTo`) is *parked* while it waits, and the
 * wake-ups of parked feeds are handled in a *batch*: feeds in the same state (same user, cursor
 * and namespaces: a *group*) get one page, read once and the same object for all of them, which
 * each feed's consumer prepares (work shared between feeds is keyed by that page object) and
 * then writes, one feed after another, with no promise per feed. A feed leaves the batch
 * (*resumes* reading by itself) when its page was not the last (a backlog), when access may have
 * changed, or when its consumer is backed up.
 *
 * Every page is read from the journal (or the notifier's tail of it) at the feed's own cursor
 * after its wake-up was registered, so no entry is skipped or repeated, in a batch or not.
 */
import type { Db } from "@/db";
import { presentAll, readableNamespaceIds } from "./access";
import type { Actor } from "./actor";
import { badInput } from "./errors";
import {
  type ChangeEntry,
  type CursorPositions,
  decodeCursor,
  encodeCursor,
  type RecentEntries,
  readChanges,
} from "./journal";

export interface ChangePage {
  entries: ChangeEntry[];
  cursor: string;
  hasMore: boolean;
}

/** The change feed after `cursor` (null: from the beginning) over every namespace the actor reads. */
export async function getChanges(
  db: Db,
  actor: Actor,
  cursor: string | null | undefined,
  first?: number | null,
): Promise<ChangePage> {
  const positions = decodeCursor(cursor);
  const limit = first === null || first === undefined ? 500 : first;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw badInput("first must be between 1 and 1000", { field: "first" });
  }
  const page = await readChangesFor(db, actor, positions, limit);
  return { entries: page.entries, cursor: encodeCursor(page.positions), hasMore: page.hasMore };
}

/**
 * `readChanges` over the namespaces the actor may read, as the actor sees them. Access is checked
 * before the read and again after it: entries of a namespace the actor lost meanwhile (a removal
 * that committed while the page was read) are dropped with their position, so nothing committed
 * after a removal ever reaches the removed member. `onNamespaces` learns the set read.
 */
export async function readChangesFor(
  db: Db,
  actor: Actor,
  positions: CursorPositions,
  first: number,
  recent?: RecentEntries,
  onNamespaces?: (ids: string[]) => void,
  known?: string[],
): Promise<{
  entries: ChangeEntry[];
  positions: CursorPositions;
  hasMore: boolean;
  /** The namespaces still readable after the read. */
  readable: string[];
  /** An entry of this page may change what the actor can read (a share added, removed or made). */
  accessChanged: boolean;
}> {
  const before = known ?? (await readableNamespaceIds(db, actor));
  onNamespaces?.(before);
  const page = await readChanges(db, before, positions, first, recent);
  // The home namespace is always the actor's: only pages with shared entries need the re-check.
  const after = page.entries.every((e) => e.namespaceId === actor.homeNamespaceId)
    ? new Set(before)
    : new Set(await readableNamespaceIds(db, actor));
  const kept = page.entries.filter((e) => after.has(e.namespaceId));
  const shown = await presentAll(
    db,
    actor,
    kept.map((e) => e.node),
  );
  const nextPositions: CursorPositions = {};
  for (const [ns, seq] of Object.entries(page.positions)) if (after.has(ns)) nextPositions[ns] = seq;
  return {
    entries: kept.map((e, i) => (e.node === shown[i] ? e : { ...e, node: shown[i]! })),
    positions: nextPositions,
    hasMore: page.hasMore,
    readable: [...after],
    // Sharing writes an entry about the share's top folder into the home journal of everyone whose
    // access it changes (docs/sharing.md): that is the only way the set of namespaces changes.
    accessChanged: kept.some(
      (e) => e.namespaceId === actor.homeNamespaceId && e.node.namespaceId !== e.namespaceId,
    ),
  };
}

/** What a live feed needs of the notifier (ChangeNotifier). */
export interface NotifierLike extends Partial<RecentEntries> {
  waiter(namespaceIds: string[]): FeedWaiter;
}

export interface FeedWaiter {
  /** Resolves on the next wake-up (at once if one came since the last call). */
  next(): Promise<void>;
  /** Follow a different set of namespaces from now on; true when the set changed. */
  follow(namespaceIds: string[]): boolean;
  /**
   * While a callback is set, a wake-up calls it (synchronously) instead of resolving `next()`;
   * setting one calls it at once if a wake-up came since the last `next()`.
   */
  onWake(callback: (() => void) | undefined): void;
  close(): void;
}

/** Where a live feed's pages go when they are written by whoever wakes it (see the header). */
export interface FeedConsumer {
  /**
   * Gets ready to write `page`; called for every feed of a group before any of them writes.
   * `page` is the same object for the whole group: key shared work (and a shared promise) on it.
   */
  prepare(page: ChangePage): PromiseLike<unknown> | undefined;
  /**
   * Writes `page` (prepared). A returned promise means the consumer is backed up: the feed reads
   * nothing more until it settles (a rejection ends the feed with that error).
   */
  write(page: ChangePage): Promise<void> | void;
}

export interface LiveFeed extends AsyncIterableIterator<ChangePage> {
  /**
   * Pages of wake-ups go to `consumer` from now on, in batches. `next()` still returns the pages
   * the feed reads by itself (the first one, backlogs, after access changed): the caller writes
   * those through the same consumer before calling `next()` again, which keeps pages in order.
   */
  deliverTo(consumer: FeedConsumer): void;
}

/** A read, with what the feed's state becomes after it. */
interface FeedRead extends Awaited<ReturnType<typeof readChangesFor>> {
  page: ChangePage;
  /** The feeds at this state form one group (user, cursor, namespaces). */
  nextKey: string;
}

const PAGE_SIZE = 500;

/** The token's scopes, for grouping feeds ("*": a session or personal token, no scope limit). */
const scopeKey = (actor: Actor) => (actor.scopes ? [...actor.scopes].sort().join(" ") : "*");

/**
 * The live change feed: a page of entries after `cursor` (always, even if empty), then a page each
 * time the journal of a followed namespace grows. Entries are always read from the journal (or
 * the notifier's tail of it), so a lost or extra wake-up cannot skip or repeat one. Access is
 * re-checked on every page, so losing access stops delivery at once. `return()` ends it even
 * while it waits.
 */
export function watchChanges(
  db: Db,
  actor: Actor,
  notifier: NotifierLike,
  cursor: string | null | undefined,
): LiveFeed {
  let batcher = batchers.get(notifier);
  if (!batcher) {
    batcher = new Batcher();
    batchers.set(notifier, batcher);
  }
  return new Feed(db, actor, notifier, decodeCursor(cursor), batcher);
}

const done = { done: true, value: undefined } as const;

class Feed implements LiveFeed {
  private closed = false;
  private first = true;
  /** The last page held everything there was: wait for a wake-up before reading again. */
  private caughtUp = false;
  private waiter: FeedWaiter | undefined;
  /** The namespaces read last time, kept until an entry says access changed (no query per page). */
  private known: string[] | undefined;
  private consumer: FeedConsumer | undefined;
  /** Parked: resolves the `next()` that waits for the feed to read by itself again. */
  private parked: (() => void) | undefined;
  /** In a batch now: a wake-up meanwhile means another read after it. */
  private busy = false;
  private wokenWhileBusy = false;
  /** The consumer is backed up: read nothing more until this settles. */
  private flushing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** The group of this feed's state (set by its last read). */
  key = "";

  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly notifier: NotifierLike,
    private positions: CursorPositions,
    private readonly batcher: Batcher,
  ) {}

  deliverTo(consumer: FeedConsumer): void {
    this.consumer = consumer;
  }

  async next(): Promise<IteratorResult<ChangePage>> {
    while (!this.closed) {
      if (this.flushing) {
        await this.flushing;
        this.flushing = undefined;
        continue;
      }
      if (this.failure) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
      if (this.caughtUp) {
        this.caughtUp = false;
        // The namespaces to follow changed: a wake-up for a new one may have been missed. Read.
        if (this.waiter!.follow(this.known!)) continue;
        if (this.consumer) {
          // Parked until a batch hands the feed back (a backlog, access changed, backed up).
          await new Promise<void>((resolve) => {
            this.parked = resolve;
            this.waiter!.onWake(() => this.wake());
          });
        } else {
          await this.waiter!.next();
        }
        continue;
      }
      const result = await this.read();
      this.accept(result);
      if (this.closed) break;
      if (this.first || result.entries.length > 0) {
        this.first = false;
        return { done: false, value: result.page };
      }
    }
    return done;
  }

  async return(): Promise<IteratorResult<ChangePage>> {
    this.closed = true;
    this.waiter?.close();
    this.resume();
    return done;
  }

  [Symbol.asyncIterator](): LiveFeed {
    return this;
  }

  /** Reads the page after this feed's cursor (for its whole group, in a batch). */
  async read(): Promise<FeedRead> {
    const result = await readChangesFor(
      this.db,
      this.actor,
      this.positions,
      PAGE_SIZE,
      this.notifier.after ? (this.notifier as RecentEntries) : undefined,
      (nsIds) => {
        // Before reading: a commit racing the read still wakes us.
        if (this.waiter) this.waiter.follow(nsIds);
        else this.waiter = this.notifier.waiter(nsIds);
      },
      this.known,
    );
    const cursor = encodeCursor(result.positions);
    const knownKey = result.accessChanged ? "" : [...result.readable].sort().join(",");
    return {
      ...result,
      page: { entries: result.entries, cursor, hasMore: result.hasMore },
      // Same person, same scopes (an OAuth token's scopes change what it may read), same state.
      nextKey: `${this.actor.userId}\u0000${this.actor.homeNamespaceId}\u0000${scopeKey(this.actor)}\u0000${cursor}\u0000${knownKey}`,
    };
  }

  /** Moves the feed's state past `result`. */
  accept(result: FeedRead): void {
    this.positions = result.positions;
    this.known = result.accessChanged ? undefined : result.readable;
    this.key = result.nextKey;
    // A backlog or an access change needs another read at once.
    this.caughtUp = !result.hasMore && !result.accessChanged;
  }

  private wake(): void {
    if (this.busy) this.wokenWhileBusy = true;
    else if (this.parked && !this.closed) this.batcher.add(this);
  }

  /** Taken into a batch: true if it may be (parked, open, not already in one). */
  enterBatch(): boolean {
    if (!this.parked || this.closed || this.busy) return false;
    this.busy = true;
    this.wokenWhileBusy = false;
    return true;
  }

  /** Whether this feed writes the group's page (it accepted a page with entries). */
  get writing(): boolean {
    return !this.closed && this.consumer !== undefined;
  }

  prepare(page: ChangePage): PromiseLike<unknown> | undefined {
    return this.consumer!.prepare(page);
  }

  write(page: ChangePage): void {
    const backedUp = this.consumer!.write(page);
    if (backedUp) {
      this.flushing = backedUp.then(
        () => {},
        (error: unknown) => {
          this.failure = { error };
        },
      );
    }
  }

  /** After a batch: parked again, back into the next batch, or back to reading by itself. */
  leaveBatch(error?: { error: unknown }): void {
    this.busy = false;
    const woken = this.wokenWhileBusy;
    this.wokenWhileBusy = false;
    if (error) this.failure = error;
    if (this.closed || error) {
      this.resume();
      return;
    }
    if (this.caughtUp) {
      if (this.waiter!.follow(this.known!)) {
        // A namespace newly followed: its wake-ups were not ours until now. Read at once.
        this.caughtUp = false;
      } else if (woken) {
        // The wake-up may bring entries this page lacks: another batch, or a read once flushed.
        if (!this.flushing) {
          this.batcher.add(this);
          return;
        }
        this.caughtUp = false;
      }
    }
    if (!this.caughtUp || this.flushing) this.resume();
  }

  /** Back to reading by itself (or to ending, when closed). */
  private resume(): void {
    const parked = this.parked;
    this.parked = undefined;
    this.waiter?.onWake(undefined);
    parked?.();
  }
}

/** Feeds woken together, by notifier. */
const batchers = new WeakMap<NotifierLike, Batcher>();

class Batcher {
  /** Feeds woken since the last run (a feed woken twice is taken once: see enterBatch). */
  private woken: Feed[] = [];
  private scheduled = false;

  add(feed: Feed): void {
    this.woken.push(feed);
    if (this.scheduled) return;
    this.scheduled = true;
    // Every feed the same wake-up sweep woke joins this batch.
    queueMicrotask(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const woken = this.woken;
    this.woken = [];
    const groups = new Map<string, Feed[]>();
    for (const feed of woken) {
      if (!feed.enterBatch()) continue;
      const group = groups.get(feed.key);
      if (group) group.push(feed);
      else groups.set(feed.key, [feed]);
    }
    for (const group of groups.values()) void this.runGroup(group);
  }

  private async runGroup(group: Feed[]): Promise<void> {
    let result: FeedRead;
    try {
      result = await group[0]!.read();
    } catch (error) {
      for (const feed of group) feed.leaveBatch({ error });
      return;
    }
    for (const feed of group) feed.accept(result);
    const failed = new Map<Feed, unknown>();
    if (result.entries.length > 0) {
      const writers = group.filter((feed) => feed.writing);
      // Prepare once per distinct piece of work (consumers hand back a shared promise)...
      const prepares = new Map<PromiseLike<unknown>, Feed[]>();
      for (const feed of writers) {
        const prepared = feed.prepare(result.page);
        if (!prepared) continue;
        const feeds = prepares.get(prepared);
        if (feeds) feeds.push(feed);
        else prepares.set(prepared, [feed]);
      }
      await Promise.all(
        [...prepares].map(([prepared, feeds]) =>
          Promise.resolve(prepared).catch((error: unknown) => {
            for (const feed of feeds) failed.set(feed, error);
          }),
        ),
      );
      // ...then write to every feed in one go.
      for (const feed of writers) if (!failed.has(feed) && feed.writing) feed.write(result.page);
    }
    for (const feed of group) feed.leaveBatch(failed.has(feed) ? { error: failed.get(feed) } : undefined);
  }
}
