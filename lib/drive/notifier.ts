/**
 * Wake-ups for change-feed subscribers, and a small in-memory tail of each followed namespace's
 * journal so that one commit costs one journal read per node, however many subscribers follow it.
 *
 * One LISTEN per process on the journal channel (PostgreSQL delivers NOTIFY after commit, across
 * every node; PGlite within its process). On a notification `ns:seq` for a followed namespace the
 * notifier reads the entries it lacks up to `seq` (single-flight), appends them to that
 * namespace's tail, then wakes the subscribers of that namespace. Subscribers read through
 * `readChanges`, which takes entries from the tail when it holds them and from the journal
 * otherwise, so the cache is only a shortcut: a lost, late or duplicated notification cannot lose
 * or repeat an entry.
 *
 * A wake-up either resolves the subscriber's `next()` or, when it set one, calls its `onWake`
 * callback synchronously (feed.ts batches the feeds woken together that way).
 */
import type { Database, Db } from "@/db";
import type { FeedWaiter, NotifierLike } from "./feed";
import { type ChangeEntry, JOURNAL_CHANNEL, type RecentEntries, readJournal } from "./journal";

export type { FeedWaiter as Waiter } from "./feed";

/** Entries kept per namespace. */
const TAIL_SIZE = 2000;

interface Tail {
  /** The tail holds every entry with seq > base, up to the last one in `entries`. */
  base: number;
  entries: ChangeEntry[];
  /** The highest seq a notification announced. */
  announced: number;
  fetching: Promise<void> | undefined;
}

interface WaiterEntry {
  ns: Set<string>;
  poke(): void;
}

export class ChangeNotifier implements RecentEntries, NotifierLike {
  /** Subscribers by the namespaces they follow (a commit wakes only its namespace's followers). */
  private readonly followers = new Map<string, Set<WaiterEntry>>();
  private readonly waiters = new Set<WaiterEntry>();
  private readonly tails = new Map<string, Tail>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Pick<Database, "listen">,
    private readonly db?: Db,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(JOURNAL_CHANNEL, (payload) => this.dispatch(payload));
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    for (const w of this.waiters) w.poke();
    this.waiters.clear();
    this.followers.clear();
    this.tails.clear();
  }

  /** How many subscribers are waiting (for metrics and tests). */
  get size(): number {
    return this.waiters.size;
  }

  private wake(ns: string): void {
    const set = this.followers.get(ns);
    if (set) for (const w of set) w.poke();
  }

  private dispatch(payload: string): void {
    const [ns = "", seqText = ""] = payload.split(":");
    const seq = Number(seqText);
    if (!this.followers.has(ns)) {
      this.tails.delete(ns);
      return;
    }
    if (!this.db || !Number.isSafeInteger(seq)) {
      this.wake(ns);
      return;
    }
    let tail = this.tails.get(ns);
    if (!tail) {
      // Start the tail just before this entry: it holds everything after `seq - 1`.
      tail = { base: seq - 1, entries: [], announced: seq, fetching: undefined };
      this.tails.set(ns, tail);
    }
    tail.announced = Math.max(tail.announced, seq);
    void this.fill(ns, tail);
  }

  /** Reads what the tail lacks up to the highest announced seq, then wakes the subscribers. */
  private fill(ns: string, tail: Tail): Promise<void> {
    tail.fetching ??= (async () => {
      try {
        for (;;) {
          const have = tail.entries.at(-1)?.seq ?? tail.base;
          if (have >= tail.announced) break;
          const got = await readJournal(this.db!, ns, have, 1000, tail.announced);
          if (got.length === 0) break;
          tail.entries.push(...got);
          if (tail.entries.length > TAIL_SIZE) {
            const drop = tail.entries.length - TAIL_SIZE;
            tail.base = tail.entries[drop - 1]!.seq;
            tail.entries.splice(0, drop);
          }
        }
      } catch (error) {
        // The journal will answer the subscribers directly: forget the tail rather than risk a gap.
        console.error(`[feed] could not read the journal tail of ${ns}:`, error);
        this.tails.delete(ns);
      } finally {
        tail.fetching = undefined;
        this.wake(ns);
      }
    })();
    return tail.fetching;
  }

  after(namespaceId: string, seq: number, limit: number): ChangeEntry[] | undefined {
    const tail = this.tails.get(namespaceId);
    if (!tail || seq < tail.base) return undefined;
    const last = tail.entries.at(-1)?.seq ?? tail.base;
    if (seq > last) return undefined;
    // Something was announced that the tail does not hold (yet). While it is being read, what the
    // tail holds is a correct (shorter) answer: the read ends with a wake-up that brings the rest.
    // Otherwise the journal answers.
    if (tail.announced > last && !tail.fetching) return undefined;
    const start = seq - tail.base; // entries are contiguous from base + 1
    return tail.entries.slice(start, start + limit);
  }

  private index(entry: WaiterEntry, add: boolean): void {
    for (const ns of entry.ns) {
      let set = this.followers.get(ns);
      if (add) {
        if (!set) {
          set = new Set();
          this.followers.set(ns, set);
        }
        set.add(entry);
      } else if (set) {
        set.delete(entry);
        if (set.size === 0) this.followers.delete(ns);
      }
    }
  }

  waiter(namespaceIds: string[]): FeedWaiter {
    let pending = false;
    let wake: (() => void) | undefined;
    let callback: (() => void) | undefined;
    const entry: WaiterEntry = {
      ns: new Set(namespaceIds),
      poke: () => {
        if (callback) return callback();
        pending = true;
        const w = wake;
        wake = undefined;
        w?.();
      },
    };
    this.waiters.add(entry);
    this.index(entry, true);
    let closed = false;
    return {
      next: () => {
        if (pending) {
          pending = false;
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          wake = () => {
            pending = false;
            resolve();
          };
        });
      },
      onWake: (cb) => {
        callback = cb;
        if (cb && pending) {
          pending = false;
          cb();
        }
      },
      follow: (ids) => {
        if (ids.length === entry.ns.size && ids.every((id) => entry.ns.has(id))) return false;
        if (!closed) this.index(entry, false);
        entry.ns = new Set(ids);
        if (!closed) this.index(entry, true);
        return true;
      },
      close: () => {
        if (!closed) {
          closed = true;
          this.waiters.delete(entry);
          this.index(entry, false);
        }
        entry.poke();
      },
    };
  }
}
