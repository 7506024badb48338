/**
 * Wake-ups for change-feed subscribers. One LISTEN per process on the journal channel (PostgreSQL
 * delivers NOTIFY after commit, across every node; PGlite within its process), fanned out to the
 * subscribers following that namespace. A notification carries no data that matters: subscribers
 * always read the journal itself, so a lost or duplicated wake-up cannot lose or repeat an entry.
 */
import type { Database } from "@/db";
import { JOURNAL_CHANNEL } from "./journal";

export interface Waiter {
  /** Resolves on the next notification for one of the namespaces (at once if one came since the last call). */
  next(): Promise<void>;
  /** Follow a different set of namespaces from now on. */
  follow(namespaceIds: string[]): void;
  close(): void;
}

export class ChangeNotifier {
  private readonly waiters = new Set<{ ns: Set<string>; poke: () => void }>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly database: Pick<Database, "listen">) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(JOURNAL_CHANNEL, (payload) => this.dispatch(payload));
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    for (const w of this.waiters) w.poke();
    this.waiters.clear();
  }

  /** How many subscribers are waiting (for metrics and tests). */
  get size(): number {
    return this.waiters.size;
  }

  private dispatch(payload: string): void {
    const ns = payload.split(":")[0] ?? "";
    for (const w of this.waiters) if (w.ns.has(ns)) w.poke();
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
