/**
 * The server side of a benchmark, in its own process (started by `startBenchServer` in
 * bench/harness.ts): the real `startServer`, API only, production mode, on 127.0.0.1. Running it
 * apart from the benchmark's clients gives server and clients a core each, as on a real network,
 * instead of one event loop doing both. Reports `{url}` over IPC; closes on SIGTERM or disconnect.
 *
 *   BENCH_DATA_DIR=...  [BENCH_DATABASE_URL=postgres://...]  node --import tsx bench/serve.ts
 */
import { startServer } from "../server";

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
process.send?.({ url: server.url, database: server.database.kind });
