/**
 * Unit (on a real database): live feeds woken together are served in a batch: one read and one
 * page object per group of feeds in the same state, prepared and written for each of them, and
 * every feed still gets every entry once, in order, while commits race, with consumers that
 * back up, feeds at other cursors and feeds that close.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Database } from "@/db";
import { users } from "@/db/schema";
import { freshPostgresDatabase, TEST_DATABASES } from "@/lib/testing/server-harness";
import { namespaceInfo } from "./access";
import { actorFor } from "./accounts";
import type { Actor } from "./actor";
import { type ChangePage, type FeedConsumer, type LiveFeed, watchChanges } from "./feed";
import { ChangeNotifier } from "./notifier";
import { createFolder } from "./tree";

/** A consumer that records what it was given, like graphql/shared-subscribe.ts's. */
function recorder(opts: { backedUp?: () => boolean } = {}) {
  const written: ChangePage[] = [];
  const prepared = new Map<ChangePage, Promise<void>>();
  const consumer: FeedConsumer = {
    prepare(page) {
      let p = prepared.get(page);
      if (!p) {
        p = new Promise<void>((r) => setTimeout(r, 1));
        prepared.set(page, p);
      }
      return p;
    },
    write(page) {
      written.push(page);
      return opts.backedUp?.() ? new Promise<void>((r) => setTimeout(r, 5)) : undefined;
    },
  };
  return { consumer, written, prepared };
}

/** Runs a feed as graphql/shared-subscribe.ts does: pages it reads itself are prepared and written too. */
function drive(feed: LiveFeed, consumer: FeedConsumer): Promise<void> {
  feed.deliverTo(consumer);
  return (async () => {
    for (;;) {
      const step = await feed.next();
      if (step.done) return;
      await consumer.prepare(step.value);
      await consumer.write(step.value);
    }
  })();
}

const seqs = (pages: ChangePage[]) => pages.flatMap((p) => p.entries.map((e) => e.seq));

async function until(pred: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function within<T>(p: Promise<T>, what: string, ms = 20_000): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
  ]);
}

describe.each(TEST_DATABASES)("live feeds in batches on $name", (testDb) => {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  let notifier: ChangeNotifier;
  let actor: Actor;
  let rootId: string;
  /** Calls of the notifier's tail (one per namespace per read). */
  let reads = 0;

  beforeAll(async () => {
    const pg = testDb.url ? await freshPostgresDatabase(testDb.url) : undefined;
    drop = pg?.drop;
    database = await createDb({ url: pg?.url ?? "memory://" });
    notifier = new ChangeNotifier(database, database.db);
    const after = notifier.after.bind(notifier);
    notifier.after = (...args) => {
      reads++;
      return after(...args);
    };
    await notifier.start();
    const userId = randomUUID();
    await database.db.insert(users).values({ id: userId, name: "Feed", email: `${userId}@example.com` });
    actor = (await actorFor(database.db, userId, "token"))!;
    rootId = (await namespaceInfo(database.db, actor.homeNamespaceId))!.rootNodeId!;
  });
  afterAll(async () => {
    await notifier?.stop();
    await database?.close();
    await drop?.();
  });

  test("feeds of one user at one cursor, woken by a commit, get one page read once and written to each", async () => {
    const feeds = Array.from({ length: 5 }, () => ({
      feed: watchChanges(database.db, actor, notifier, null),
      ...recorder(),
    }));
    const runs = feeds.map((f) => drive(f.feed, f.consumer));
    await until(
      () => feeds.every((f) => f.written.length === 1),
      () => "first pages",
    );
    // Each read its first page by itself.
    const head = Math.max(...feeds.flatMap((f) => seqs(f.written)));
    await new Promise((r) => setTimeout(r, 50));
    reads = 0;
    await createFolder(database.db, actor, { parentId: rootId, name: `batch-${randomUUID()}` });
    await until(
      () => feeds.every((f) => f.written.length === 2),
      () => "the commit's page",
    );
    const pages = feeds.map((f) => f.written[1]!);
    expect(new Set(pages).size).toBe(1);
    expect(seqs([pages[0]!])).toEqual([head + 1]);
    expect(reads).toBe(1);
    // Prepared once (the consumers' shared work is keyed by the page object).
    for (const f of feeds) expect(f.prepared.has(pages[0]!)).toBe(true);
    for (const f of feeds) await f.feed.return?.();
    await Promise.all(runs);
  });

  test("every feed gets every entry once and in order while commits race: other cursors, backed-up consumers, closed feeds", async () => {
    const { entries } = await (async () => {
      const feed = watchChanges(database.db, actor, notifier, null);
      const first = await feed.next();
      await feed.return?.();
      return first.value as ChangePage;
    })();
    const start = entries.at(-1)!.seq;
    const feeds: { feed: LiveFeed; written: ChangePage[]; from: number; run: Promise<void> }[] = [];
    const join = (cursor: string | null, from: number, backedUp?: () => boolean) => {
      const feed = watchChanges(database.db, actor, notifier, cursor);
      const r = recorder({ backedUp });
      feeds.push({ feed, written: r.written, from, run: drive(feed, r.consumer) });
    };
    for (let i = 0; i < 4; i++) join(null, 1);
    join(null, 1, () => Math.random() < 0.5);
    join(null, 1, () => true);
    const closing = watchChanges(database.db, actor, notifier, null);
    const closingRun = drive(closing, recorder().consumer);
    await until(
      () => feeds.every((f) => f.written.length > 0),
      () => "first pages",
    );
    let committed = start;
    const commits = Array.from({ length: 40 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      if (i === 10) {
        // Late joiners: at the start, and at a cursor from the middle of the race.
        join(null, 1);
        const middle = feeds[0]!.written.at(-1)!.cursor;
        join(middle, seqs(feeds[0]!.written).at(-1)! + 1);
      }
      if (i === 20) await closing.return?.();
      await createFolder(database.db, actor, { parentId: rootId, name: `race-${i}-${randomUUID()}` });
      committed++;
    });
    await within(Promise.all(commits), "the commits");
    await within(closingRun, "the closed feed to end");
    const last = start + 40;
    expect(committed).toBe(last);
    await until(
      () => feeds.every((f) => seqs(f.written).at(-1) === last),
      () => JSON.stringify(feeds.map((f) => seqs(f.written).at(-1))),
    );
    for (const f of feeds) {
      const got = seqs(f.written);
      expect(got).toEqual(Array.from({ length: last - f.from + 1 }, (_, i) => f.from + i));
    }
    for (const f of feeds) await f.feed.return?.();
    await within(Promise.all(feeds.map((f) => f.run)), "the feeds to end");
  });
});
