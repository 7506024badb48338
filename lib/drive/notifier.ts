/**
 * Wake-ups for change-feed subscribers, and a small in-memory tail of each followed namespace's
 * journal so that one commit costs one journal read per node, however many subscribers follow it.
 *
 * One LISTEN per process on the journal channel (PostgreSQL delivers NOTIFY after commit, across
 * every node; PGlite within its process). On a notification `ns:seq` for a followed namespace the
 * notifier reads the entries it lacks up to `seq` (single-flight), appends them to that
 * namespace's tail, then wakes the subscribers. Subscribers read through `readChanges`, which
 * takes entries from the tail when it holds all of them and from the journal otherwise, so the
 * cache is only a shortcut: a lost, late or duplicated notification cannot lose or repeat an entry.
 */
import type { Database, Db } from "@/db";
import { type ChangeEntry, JOURNAL_CHANNEL, type RecentEntries, readJournal } from "./journal";

export interface Waiter {
  /** Resolves on the next notification for one of the namespaces (at once if one came since the last call). */
  next(): Promise<void>;
  /** Follow a different set of namespaces from now on. */
  follow(namespaceIds: string[]): void;
  close(): void;
}

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

export class ChangeNotifier implements RecentEntries {
  private readonly waiters = new Set<{ ns: Set<string>; poke: () => void }>();
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
    this.tails.clear();
  }

  /** How many subscribers are waiting (for metrics and tests). */
  get size(): number {
    return this.waiters.size;
  }

  private followed(ns: string): boolean {
    for (const w of this.waiters) if (w.ns.has(ns)) return true;
    return false;
  }

  private wake(ns: string): void {
    for (const w of this.waiters) if (w.ns.has(ns)) w.poke();
  }

  private dispatch(payload: string): void {
    const [ns = "", seqText = ""] = payload.split(":");
    const seq = Number(seqText);
    if (!this.followed(ns)) {
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
    if (!tail || tail.fetching || seq < tail.base) return undefined;
    const last = tail.entries.at(-1)?.seq ?? tail.base;
    // Something was announced that the tail does not hold yet: ask the journal.
    if (tail.announced > last || seq > last) return undefined;
    const start = seq - tail.base; // entries are contiguous from base + 1
    return tail.entries.slice(start, start + limit);
  }

  waiter(namespaceIds: string[]): Waiter {
    let pending = false;
    let wake: (() => void) | undefined;
    const entry = {
      ns: new Set(namespaceIds),
      poke: () => {
        pending = true;
        const w = wake;
        wake = undefined;
        w?.();
      },
    };
    this.waiters.add(entry);
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
      follow: (ids) => {
        entry.ns = new Set(ids);
      },
      close: () => {
        this.waiters.delete(entry);
        entry.poke();
      },
    };
  }
}
