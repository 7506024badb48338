/** Small helpers over drizzle that hide the two drivers' differences. */
import type { SQL } from "drizzle-orm";
import type { Db } from "@/db";

/** Runs raw SQL and returns its rows on PGlite and postgres.js alike. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";

export const DEADLOCK_DETECTED = "40P01";
export const SERIALIZATION_FAILURE = "40001";

/**
 * Runs a transaction, again when PostgreSQL aborted it as a deadlock victim (or for a
 * serialization failure): such a transaction changed nothing, so running it again is safe. Two
 * transactions that lock the same two namespaces in opposite orders (a member saving a shared
 * file while the owner removes them) can deadlock; one of them then simply goes again.
 */
export async function retryingTransaction<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const state = sqlState(error);
      if (attempt >= attempts || (state !== DEADLOCK_DETECTED && state !== SERIALIZATION_FAILURE))
        throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
