/**
 * `npm run simulate -- --seeds N [--seed S] [--clients C] [--ops O] [--postgres]`
 *
 * Boots the server in-process (PGlite in a temp directory; PostgreSQL from DATABASE_URL with
 * --postgres), runs seeds S, S+1, ... S+N-1, prints one line per seed and the command that
 * replays each failing one, and exits 1 if any seed found a violation.
 */
import { parseArgs } from "node:util";
import { bootTestServer } from "@/lib/testing/server-harness";
import { formatReport, runSimulation } from "./simulation";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    clients: { type: "string", default: "4" },
    ops: { type: "string", default: "50" },
    postgres: { type: "boolean", default: false },
  },
});
const count = Number(values.seeds);
const first = Number(values.seed);
const clients = Number(values.clients);
const ops = Number(values.ops);
if (values.postgres && !process.env.DATABASE_URL) throw new Error("--postgres needs DATABASE_URL");

const server = await bootTestServer(
  values.postgres ? { name: "postgres", url: process.env.DATABASE_URL } : { name: "pglite" },
);
const started = Date.now();
const failed: number[] = [];
try {
  for (let seed = first; seed < first + count; seed++) {
    const report = await runSimulation({ baseUrl: server.url, db: server.database.db, seed, clients, ops });
    console.log(formatReport(report));
    if (report.violations.length > 0) failed.push(seed);
  }
} finally {
  await server.stop();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\n${count - failed.length}/${count} seeds passed (${clients} clients × ${ops} ops each) in ${seconds} s`,
);
if (failed.length > 0) {
  console.log(`failing seeds: ${failed.join(", ")}`);
  process.exitCode = 1;
}
