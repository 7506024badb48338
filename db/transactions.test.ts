/**
 * Integration: transactions are isolated from the statements around them (a statement that ran
 * inside someone's transaction would see that transaction's id, assigned by its INSERT), under a pool whose
 * connections are full of pipelined statements (the postgres.js race of porsager/postgres#1189:
 * a BEGIN that fills a pipeline left its connection unreserved, so other requests' statements ran
 * inside the transaction and were rolled back with it). On PGlite and PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Database } from "@/db";
import { freshPostgresDatabase, TEST_DATABASES } from "@/lib/testing/server-harness";

/** Rows of db.execute, whichever driver answered (PGlite: {rows}; postgres.js: an array). */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

describe.each(TEST_DATABASES)("transactions on $name", (database) => {
  let opened: Database;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (database.url) {
      const fresh = await freshPostgresDatabase(database.url);
      drop = fresh.drop;
      opened = await createDb({ url: fresh.url, maxConnections: 2 });
    } else {
      opened = await createDb({ url: "memory://" });
    }
    await opened.db.execute(sql`CREATE TABLE scratch (id int PRIMARY KEY, who text NOT NULL)`);
  });
  afterAll(async () => {
    await opened?.close();
    await drop?.();
  });

  test("statements around many transactions never run inside one; a failed transaction leaves nothing", async () => {
    const { db } = opened;
    const outside: Promise<boolean>[] = [];
    const transactions: Promise<unknown>[] = [];
    for (let round = 0; round < 30; round++) {
      // Enough plain statements to fill each connection's pipeline, with transactions in between.
      for (let i = 0; i < 110; i++) {
        outside.push(
          db
            .execute(sql`SELECT txid_current_if_assigned() IS NULL AS outside`)
            .then((r) => rowsOf<{ outside: boolean }>(r)[0]?.outside === true),
        );
      }
      const id = round;
      transactions.push(
        db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO scratch (id, who) VALUES (${id}, 'kept')`);
          await tx.execute(sql`SELECT pg_sleep(0.001)`);
        }),
        db
          .transaction(async (tx) => {
            await tx.execute(sql`INSERT INTO scratch (id, who) VALUES (${1000 + id}, 'rolled back')`);
            throw new Error("roll back");
          })
          .catch((error: Error) => error.message),
      );
    }
    const results = await Promise.all(transactions);
    expect(results.filter((r) => typeof r === "string")).toEqual(Array(30).fill("roll back"));
    const flags = await Promise.all(outside);
    expect(flags.filter((f) => !f).length).toBe(0);
    const rows = await db.execute(sql`SELECT count(*)::int AS n, min(who) AS who FROM scratch`);
    const row = ((rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]))[0] as {
      n: number;
      who: string;
    };
    expect(row).toEqual({ n: 30, who: "kept" });
  });
});
