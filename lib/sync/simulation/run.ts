/**
 * `npm run simulate -- [--seeds N] [--seed S] [--clients C] [--ops O] [--concurrency K] [--postgres]`
 *
 * Boots the server in-process (PGlite in memory; PostgreSQL from DATABASE_URL with --postgres),
 * runs seeds S, S+1, ... S+N-1, K at a time, prints one line per seed and the command that
 * replays each failing one, and exits 1 if any seed found a violation.
 */
import { parseArgs } from "node:util";
import { bootTestServer } from "@/lib/testing/server-harness";
import { formatReport, runSeeds } from "./simulation";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    clients: { type: "string", default: "4" },
    ops: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    postgres: { type: "boolean", default: false },
  },
});
const count = Number(values.seeds);
const first = Number(values.seed);
const clients = Number(values.clients);
const ops = Number(values.ops);
const concurrency = Number(values.concurrency);
for (const [name, n] of Object.entries({ seeds: count, seed: first, clients, ops, concurrency }))
  if (!Number.isSafeInteger(n) || n < (name === "seeds" ? 0 : 1))
    throw new Error(`--${name} must be a positive integer`);
if (values.postgres && !process.env.DATABASE_URL) throw new Error("--postgres needs DATABASE_URL");

const server = await bootTestServer(
  values.postgres ? { name: "postgres", url: process.env.DATABASE_URL } : { name: "pglite" },
  {},
  { ephemeral: true },
);
const started = Date.now();
let reports: Awaited<ReturnType<typeof runSeeds>> = [];
try {
  reports = await runSeeds({
    baseUrl: server.url,
    db: server.database.db,
    database: values.postgres ? "postgres" : "pglite",
    seeds: Array.from({ length: count }, (_, i) => first + i),
    concurrency,
    clients,
    ops,
    onReport: (report) => console.log(formatReport(report)),
  });
} finally {
  await server.stop();
}
const failed = reports.filter((r) => r.violations.length > 0).map((r) => r.seed);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\n${count - failed.length}/${count} seeds passed (${clients} clients × ${ops} ops each, ${concurrency} at a time) in ${seconds} s`,
);
if (failed.length > 0) {
  console.log(`failing seeds: ${failed.join(", ")}`);
  process.exitCode = 1;
}
