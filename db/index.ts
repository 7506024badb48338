/**
 * `createDb(options)`: the one way to open Cairn's metadata database.
 *
 * - `DATABASE_URL` set (postgres:// or postgresql://): PostgreSQL through postgres.js.
 * - otherwise: embedded PGlite on disk in `<dataDir>/db` (or in memory for `memory://`).
 *
 * Migrations from db/migrations run on open (under an advisory lock on PostgreSQL, so several
 * nodes starting together migrate once). Callers keep the handle and pass it down; nothing here
 * is a module-level singleton.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export { schema };
export type Schema = typeof schema;
/** A drizzle handle on either driver; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Subscribe to NOTIFY on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres:// URL, or `memory://` for a throwaway PGlite; default PGlite in `dataDir/db`. */
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Connection pool size on PostgreSQL. */
  maxConnections?: number;
}

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

export async function createDb(options: CreateDbOptions = {}): Promise<Database> {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options.maxConnections ?? 10);
  if (url && url !== "memory://") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redact(url)})`);
  }
  return openPglite(url === "memory://" ? undefined : path.join(options.dataDir ?? ".cairn", "db"));
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  try {
    // Several nodes may start at once: migrate on one dedicated connection under an advisory lock.
    const conn = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await conn`SELECT pg_advisory_lock(7274163)`;
      await migrate(drizzle({ client: conn, schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await conn.end({ timeout: 5 });
    }
  } catch (error) {
    await client.end({ timeout: 1 });
    throw new Error(`could not open PostgreSQL at ${redact(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, onPayload);
      return async () => sub.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dir: string | undefined): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (dir) mkdirSync(dir, { recursive: true });
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return {
    db: db as unknown as Db,
    kind: "pglite",
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
    close: () => client.close(),
  };
}

/** A URL with its password hidden, for logs and errors. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable URL>";
  }
}
