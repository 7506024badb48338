/**
 * The server side of a benchmark, in its own process (started by `startBenchServer` in
 * bench/harness.ts): the real `startServer`, API only, production mode, on 127.0.0.1. Running it
 * apart from the benchmark's clients gives server and clients a core each, as on a real network,
 * instead of one event loop doing both. Reports `{url}` over IPC; closes on SIGTERM or disconnect.
 * Over IPC it also starts and stops CPU profiles of a window, and (BENCH_STAMP_COMMITS=1) says
 * when each transaction committed.
 *
 *   BENCH_DATA_DIR=...  [BENCH_DATABASE_URL=postgres://...]  node --import tsx bench/serve.ts
 */
import { writeFileSync } from "node:fs";
import inspector from "node:inspector";
import { JOURNAL_CHANNEL } from "../lib/drive/journal";
import { startServer } from "../server";

/** Milliseconds on the machine's monotonic clock (the same in every process; see harness.ts). */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error("BENCH_DATA_DIR is required");

const server = await startServer({
  pages: false,
  config: {
    dataDir,
    port: 0,
    host: "127.0.0.1",
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    dev: false,
    secret: "bench-secret-bench-secret-bench-secret",
  },
  env: { CAIRN_AUTH_RATE_LIMIT: "off" },
  log: () => {},
});

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close().catch((error: unknown) => console.error("close failed:", error));
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("disconnect", () => void shutdown());

// BENCH_STAMP_COMMITS=1: tell the benchmark when each transaction committed, on the machine's
// monotonic clock (which every process shares: `process.hrtime`), so it can measure from the
// commit itself: when the transaction's promise resolved (`commit`; the GraphQL resolvers use this
// very handle), and when its journal notification reached this process (`notified`, with its
// `ns:seq`). PGlite hands the notification over while it completes the COMMIT, before the promise
// resolves; PostgreSQL after the COMMIT. The benchmark takes the earlier of the two.
if (process.env.BENCH_STAMP_COMMITS === "1") {
  const db = server.database.db as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = db.transaction.bind(db);
  db.transaction = async (...args: unknown[]) => {
    const result = await transaction(...args);
    process.send?.({ type: "commit", atMs: monotonicMs() });
    return result;
  };
  await server.database.listen(JOURNAL_CHANNEL, (payload) =>
    process.send?.({ type: "notified", payload, atMs: monotonicMs() }),
  );
}

// CPU profiles of a chosen window (the benchmark's measurement, not start-up and set-up).
const profiler = new inspector.Session();
process.on("message", (m: { type?: string; file?: string; intervalUs?: number }) => {
  if (m.type === "profile-start") {
    profiler.connect();
    profiler.post("Profiler.enable", () =>
      profiler.post("Profiler.setSamplingInterval", { interval: m.intervalUs ?? 1000 }, () =>
        profiler.post("Profiler.start", () => process.send?.({ type: "profile-started" })),
      ),
    );
  } else if (m.type === "profile-stop") {
    profiler.post("Profiler.stop", (error, result) => {
      if (!error && m.file) writeFileSync(m.file, JSON.stringify(result.profile));
      profiler.disconnect();
      process.send?.({ type: "profile-stopped" });
    });
  }
});

process.send?.({ url: server.url, database: server.database.kind });
