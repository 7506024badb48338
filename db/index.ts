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
import type { Sql } from "postgres";
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
  /**
   * Use server-side prepared statements on PostgreSQL (default true; see `preparing`). Turn off
   * behind a pooler that cannot carry them (PgBouncer in transaction mode before 1.21).
   */
  prepare?: boolean;
}

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

export async function createDb(options: CreateDbOptions = {}): Promise<Database> {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url))
    return openPostgres(url, options.maxConnections ?? 10, options.prepare ?? true);
  if (url && url !== "memory://") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redact(url)})`);
  }
  return openPglite(url === "memory://" ? undefined : path.join(options.dataDir ?? ".cairn", "db"));
}

async function openPostgres(url: string, max: number, prepare: boolean): Promise<Database> {
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
  const db = drizzle({ client: preparing(client, new Set(), prepare), schema }) as unknown as Db;
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

/** Statements with more parameters than this stay unprepared (long IN lists, multi-row inserts). */
const PREPARE_MAX_PARAMS = 32;
/** Distinct statement texts prepared per process; later new texts run unprepared. */
const PREPARE_MAX_TEXTS = 500;

/**
 * The postgres.js client as drizzle should see it: statements with parameters are prepared
 * (unless `enabled` is false), and transactions run on a reserved connection (reservedBegin).
 *
 * drizzle's postgres-js driver asks for unprepared statements (unless a query is given a name),
 * and postgres.js then spends two round trips on each statement with parameters (Parse + Describe,
 * wait for the parameter types, then Bind + Execute). A prepared statement is described once per
 * connection and afterwards costs one round trip, skips parsing and planning, and lets queries
 * issued together pipeline. postgres.js keeps prepared statements per connection without
 * eviction, so only statements of bounded shape are prepared: at most PREPARE_MAX_PARAMS
 * parameters and, per process, at most PREPARE_MAX_TEXTS distinct texts. postgres.js re-prepares
 * a statement the server has dropped or invalidated (after a schema change) by itself.
 */
function preparing(client: Sql, texts = new Set<string>(), enabled = true): Sql {
  const shouldPrepare = (query: string, params: readonly unknown[]): boolean => {
    if (!enabled || params.length === 0 || params.length > PREPARE_MAX_PARAMS) return false;
    if (texts.has(query)) return true;
    if (texts.size >= PREPARE_MAX_TEXTS) return false;
    texts.add(query);
    return true;
  };
  type Callback = (sql: Sql) => unknown;
  const scoped =
    (run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const fn = args.pop() as Callback;
      return run(...args, (sql: Sql) => fn(preparing(sql, texts, enabled)));
    };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(
            query,
            params as never,
            Array.isArray(params) && shouldPrepare(query, params) ? { ...options, prepare: true } : options,
          );
      }
      if (prop === "begin" && "reserve" in target) return reservedBegin(target, texts, enabled);
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "savepoint" && typeof value === "function") {
        return scoped(value.bind(target) as (...args: unknown[]) => unknown);
      }
      return value;
    },
  });
}

/**
 * `sql.begin` on a connection of our own. postgres.js 3.4.9 can send a transaction's BEGIN on a
 * connection without reserving it, when BEGIN is the statement that fills that connection's
 * pipeline (porsager/postgres#1189, #823; unreleased fix #1218): the connection then goes back to
 * the pool with the transaction open, and other requests' statements run inside it (and are rolled
 * back with it). A reserved connection is ours alone until released, so BEGIN, the body and
 * COMMIT or ROLLBACK all go to it and nothing else does. Nested transactions (savepoints) are not
 * offered: the code does not use them.
 */
function reservedBegin(client: Sql, texts: Set<string>, enabled: boolean) {
  return async (...args: unknown[]): Promise<unknown> => {
    const fn = args.pop() as (sql: Sql) => unknown;
    const options = typeof args[0] === "string" && args[0] ? ` ${args[0]}` : "";
    const conn = await client.reserve();
    try {
      await conn.unsafe(`BEGIN${options}`);
      let result: unknown;
      try {
        result = await fn(preparing(conn as unknown as Sql, texts, enabled));
        if (Array.isArray(result)) result = await Promise.all(result);
      } catch (error) {
        await conn.unsafe("ROLLBACK").catch(() => {});
        throw error;
      }
      await conn.unsafe("COMMIT");
      return result;
    } finally {
      conn.release();
    }
  };
}

async function openPglite(dir: string | undefined): Promise<Database> {
  const { PGlite, types } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (dir) mkdirSync(dir, { recursive: true });
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client: withInstanceParsers(client, types), schema });
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

type PGliteClient = import("@electric-sql/pglite").PGlite;
type PGliteTypes = typeof import("@electric-sql/pglite").types;
type QueryOptions = { parsers?: Record<number, unknown>; [key: string]: unknown } | undefined;

/**
 * The PGlite client as drizzle should see it: the parsers drizzle passes with every query are
 * installed on the instance once instead.
 *
 * drizzle's PGlite driver sends the same `parsers` with every query (timestamps, dates and
 * intervals, and their arrays, stay strings), and PGlite merges them into a copy of its own table
 * of several hundred parsers per query: ~100 KB of garbage and a large part of a small
 * statement's cost. Queries that carry exactly those parsers go without them; anything else passes
 * through untouched.
 */
function withInstanceParsers(client: PGliteClient, types: PGliteTypes): PGliteClient {
  const same = (value: string) => value;
  // What drizzle-orm/pglite's session passes (numeric[], timestamp[], timestamptz[], interval[], date[]).
  const oids = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
  const parsers = client.parsers as Record<number, unknown>;
  for (const oid of oids) parsers[oid] = same;
  const drizzles = (options: QueryOptions): boolean => {
    const given = options?.parsers;
    if (!given) return false;
    const keys = Object.keys(given);
    return keys.length === oids.length && oids.every((oid) => oid in given);
  };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "query") {
          return (query: string, params?: unknown[], options?: QueryOptions) => {
            if (!drizzles(options)) return value.call(t, query, params, options);
            const { parsers: _, ...rest } = options!;
            return value.call(t, query, params, rest);
          };
        }
        if (prop === "transaction") {
          return (fn: (tx: object) => unknown) => value.call(t, (tx: object) => fn(wrap(tx)));
        }
        return value.bind(t);
      },
    });
  return wrap(client);
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
