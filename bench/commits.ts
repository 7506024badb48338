/**
 * commitFile throughput: `clients` users (one token each) against one server (bench/serve.ts, a
 * child process) on a fresh PostgreSQL database. Each client uploads one small chunk once, then
 * commits new files naming that chunk (distinct names, an op id each) through GraphQL
 * `commitFile`, back to back, for a warm-up and then a timed window. Commits/s = commits that
 * completed inside the window / its length. When PostgreSQL cannot be reached the result says
 * `database: "unavailable"` rather than failing the run.
 */
import { createHash, randomBytes } from "node:crypto";
import { cpus } from "node:os";
import postgres from "postgres";
import { freshPostgresDatabase } from "../lib/testing/server-harness";
import { countingProxy, cpuSeconds, cpuSecondsOf, log, newUser, startBenchServer } from "./harness";
import type { CommitsResults } from "./report";

export const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface CommitsOptions {
  clients?: number;
  warmupSeconds?: number;
  seconds?: number;
  databaseUrl?: string;
  serverCpuProfDir?: string;
  /** Writes a CPU profile of the server over the timed window only (not start-up or set-up) here. */
  windowProfile?: string;
  /** Also measure one client alone through a counting proxy (default true). */
  single?: boolean;
}

export interface CommitsDetail {
  commits: number;
  errors: number;
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requestBytes: number;
  responseBytes: number;
  /** Per commit, over the timed window: CPU milliseconds and PostgreSQL transactions. */
  perCommit?: {
    serverMainMs?: number;
    serverTotalMs?: number;
    postgresMs?: number;
    benchClientMs?: number;
    transactions?: number;
    rowsInserted?: number;
  };
  /** One client alone, through a counting proxy to PostgreSQL: round trips and latency per commit. */
  single?: { roundTrips: number; latencyMs: number };
}

/**
 * One client committing alone, with the server's PostgreSQL connections going through a counting
 * proxy: how many round trips (queries written) one commit takes, and its latency with no queue.
 */
async function singleClient(
  databaseUrl: string,
  commits = 100,
): Promise<{ roundTrips: number; latencyMs: number }> {
  const url = new URL(databaseUrl);
  const proxy = await countingProxy(`http://${url.host}`);
  url.host = new URL(proxy.url).host;
  const server = await startBenchServer({ databaseUrl: url.toString() });
  try {
    const { client, rootId } = await newUser(server.url);
    const chunk = randomBytes(4096);
    const hash = createHash("sha256").update(chunk).digest("hex");
    await client.putBlock(hash, chunk);
    const commit = (n: number) =>
      client.gql(COMMIT, {
        input: {
          parentId: rootId,
          name: `single-${n}.txt`,
          chunks: [hash],
          size: chunk.length,
          opId: `single-${n}`,
        },
      });
    for (let n = 0; n < 20; n++) await commit(n);
    proxy.reset();
    const t = performance.now();
    for (let n = 20; n < 20 + commits; n++) await commit(n);
    return { roundTrips: proxy.counts.writes / commits, latencyMs: (performance.now() - t) / commits };
  } finally {
    await server.stop();
    await proxy.close();
  }
}

interface DbStats {
  xact: number;
  inserted: number;
}

async function dbStats(url: string): Promise<DbStats | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Shared-memory statistics are flushed by each backend at most about once a second.
    await new Promise((r) => setTimeout(r, 1_200));
    const [row] = await sql<{ xact: string; inserted: string }[]>`
      select xact_commit + xact_rollback as xact, tup_inserted as inserted
      from pg_stat_database where datname = current_database()`;
    return row ? { xact: Number(row.xact), inserted: Number(row.inserted) } : undefined;
  } catch {
    return undefined;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

const COMMIT = `mutation($input: CommitFileInput!) { commitFile(input: $input) {
  file { id name size contentHash } version { id number } conflict { copyName reason } cursor } }`;

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchCommits(
  opts: CommitsOptions = {},
): Promise<{ results: CommitsResults; detail?: CommitsDetail; notes: string[] }> {
  const clients = opts.clients ?? 16;
  const baseUrl = opts.databaseUrl ?? POSTGRES_URL;
  if (!(await reachable(baseUrl))) {
    log(`commits: PostgreSQL at ${baseUrl} is unreachable: not measured`);
    return {
      results: { perSecond: null, clients, database: "unavailable" },
      notes: [`PostgreSQL at ${baseUrl} was unreachable: commits/s not measured`],
    };
  }
  const pg = await freshPostgresDatabase(baseUrl);
  const server = await startBenchServer({ databaseUrl: pg.url, cpuProfDir: opts.serverCpuProfDir });
  try {
    const users: (Awaited<ReturnType<typeof newUser>> & { hash: string; size: number; index: number })[] = [];
    for (let i = 0; i < clients; i++) {
      const user = await newUser(server.url);
      const chunk = randomBytes(4096);
      const hash = createHash("sha256").update(chunk).digest("hex");
      await user.client.putBlock(hash, chunk);
      users.push({ ...user, hash, size: chunk.length, index: i });
    }
    const statsBefore = await dbStats(pg.url);
    const warmup = (opts.warmupSeconds ?? 3) * 1000;
    const window = (opts.seconds ?? 10) * 1000;
    let atFrom:
      | {
          server?: ReturnType<typeof cpuSeconds>;
          pg?: number;
          bench?: ReturnType<typeof cpuSeconds>;
          count: number;
        }
      | undefined;
    let atUntil: typeof atFrom;
    const start = performance.now();
    const from = start + warmup;
    const until = from + window;
    const latencies: number[] = [];
    let errors = 0;
    let succeeded = 0;
    let firstError: unknown;
    const loop = async (u: (typeof users)[number]) => {
      for (let n = 0; performance.now() < until; n++) {
        const t = performance.now();
        try {
          await u.client.gql(COMMIT, {
            input: {
              parentId: u.rootId,
              name: `file-${u.index}-${n}.txt`,
              chunks: [u.hash],
              size: u.size,
              deviceName: "bench",
              opId: `bench-${u.index}-${n}-${Math.random().toString(36).slice(2)}`,
            },
          });
        } catch (error) {
          errors++;
          firstError ??= error;
          continue;
        }
        succeeded++;
        const done = performance.now();
        if (done >= from && done < until) latencies.push(done - t);
      }
    };
    for (const u of users) u.client.resetWire();
    // CPU readings at the window's edges (the loops are all in flight then).
    const snapshot = () => ({
      server: cpuSeconds(server.pid),
      pg: cpuSecondsOf("postgres"),
      bench: cpuSeconds(),
      count: 0,
    });
    let profiling: Promise<{ stop(file: string): Promise<void> }> | undefined;
    const timers = [
      setTimeout(() => {
        atFrom = snapshot();
        atFrom.count = latencies.length;
        if (opts.windowProfile) profiling = server.profile();
      }, warmup),
      setTimeout(() => {
        atUntil = snapshot();
        atUntil.count = latencies.length;
      }, warmup + window),
    ];
    await Promise.all(users.map(loop));
    if (profiling && opts.windowProfile) await (await profiling).stop(opts.windowProfile);
    for (const t of timers) clearTimeout(t);
    const statsAfter = await dbStats(pg.url);
    const single = await (opts.single === false ? Promise.resolve(undefined) : singleClient(pg.url)).catch(
      (error: unknown) => {
        log(`commits: single-client diagnosis failed: ${String(error)}`);
        return undefined;
      },
    );
    if (errors > 0) log(`commits: ${errors} errors, first: ${String(firstError)}`);
    latencies.sort((a, b) => a - b);
    const perSecond = latencies.length / (window / 1000);
    const requests = users.reduce((n, u) => n + u.client.wire.requests, 0);
    const n = Math.max(1, (atUntil?.count ?? 0) - (atFrom?.count ?? 0));
    const ms = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? undefined : ((b - a) * 1000) / n;
    const perCommit =
      atFrom && atUntil
        ? {
            serverMainMs: ms(atFrom.server?.main, atUntil.server?.main),
            serverTotalMs: ms(atFrom.server?.total, atUntil.server?.total),
            postgresMs: ms(atFrom.pg, atUntil.pg),
            benchClientMs: ms(atFrom.bench?.total, atUntil.bench?.total),
            // Over every commit of the run, warm-up included.
            ...(statsBefore && statsAfter
              ? {
                  transactions: (statsAfter.xact - statsBefore.xact) / Math.max(1, succeeded),
                  rowsInserted: (statsAfter.inserted - statsBefore.inserted) / Math.max(1, succeeded),
                }
              : {}),
          }
        : undefined;
    const detail: CommitsDetail = {
      commits: latencies.length,
      errors,
      seconds: window / 1000,
      latencyMs: {
        p50: quantile(latencies, 0.5),
        p90: quantile(latencies, 0.9),
        p99: quantile(latencies, 0.99),
        max: latencies.at(-1) ?? 0,
      },
      perCommit,
      single,
      requestBytes: Math.round(
        users.reduce((n, u) => n + u.client.wire.sentBytes, 0) / Math.max(1, requests),
      ),
      responseBytes: Math.round(
        users.reduce((n, u) => n + u.client.wire.receivedBytes, 0) / Math.max(1, requests),
      ),
    };
    log(`commits: ${perSecond.toFixed(0)}/s ${JSON.stringify(detail)}`);
    const f = (n: number) => n.toFixed(1);
    return {
      results: { perSecond, clients, database: "postgresql" },
      detail,
      notes: [
        `${clients} concurrent clients (a user and a token each), committing 1-chunk files to their own root for ${window / 1000} s after ${warmup / 1000} s of warm-up; server in a child process on a fresh PostgreSQL database`,
        ...(perCommit
          ? [
              `per commit: server ${f(perCommit.serverMainMs ?? Number.NaN)} ms CPU on its main thread (${f(perCommit.serverTotalMs ?? Number.NaN)} ms all threads), ` +
                `PostgreSQL ${f(perCommit.postgresMs ?? Number.NaN)} ms CPU (all postgres processes on the machine), bench clients ${f(perCommit.benchClientMs ?? Number.NaN)} ms; ` +
                `${f(perCommit.transactions ?? Number.NaN)} PostgreSQL transactions (each autocommit statement counts as one) and ${f(perCommit.rowsInserted ?? Number.NaN)} rows inserted`,
              `CPU ceiling: ${cpus().length} idle cores / (server + PostgreSQL + clients per commit) = ${(
                (cpus().length * 1000) /
                  ((perCommit.serverTotalMs ?? Number.NaN) +
                    (perCommit.postgresMs ?? Number.NaN) +
                    (perCommit.benchClientMs ?? 0))
              ).toFixed(
                0,
              )} commits/s; the server's main thread alone allows ${(1000 / (perCommit.serverMainMs ?? Number.NaN)).toFixed(0)} commits/s`,
            ]
          : []),
        ...(single
          ? [
              `one client alone: ${f(single.latencyMs)} ms per commit, ${f(single.roundTrips)} writes (≈ round trips) to PostgreSQL per commit, counted by a TCP proxy`,
            ]
          : []),
        `${latencies.length} commits, ${errors} errors; latency p50 ${f(detail.latencyMs.p50)} ms, p90 ${f(detail.latencyMs.p90)} ms, p99 ${f(detail.latencyMs.p99)} ms; ~${detail.requestBytes} B request, ~${detail.responseBytes} B response`,
      ],
    };
  } finally {
    await server.stop();
    await pg.drop();
  }
}
