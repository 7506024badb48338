/**
 * Runs Cairn's benchmarks (issue 3) and reports them against their targets. Benchmarks measure,
 * they never assert: a missed target prints "fail" and the run still succeeds.
 *
 *   npm run bench                       all of them (~5 minutes on 2 cores)
 *   npm run bench -- --only upload      one (chunking, editBytes, upload, notify, browserChunking, freshIndex, commits; comma-separated)
 *
 * Prints a markdown table to stdout (progress goes to stderr), merges what it measured into
 * bench/results.json and bench/details.json (keys it did not measure are kept), and writes the
 * full table with notes to bench/results.md for the README.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { benchBrowserChunking } from "./browser-chunking";
import { benchChunking } from "./chunking";
import { benchCommits } from "./commits";
import { benchEditBytes } from "./edit-bytes";
import { benchFreshIndex } from "./fresh-index";
import { log, seconds } from "./harness";
import { benchNotify } from "./notify";
import {
  type Details,
  markdownTable,
  RESULTS_JSON,
  RESULTS_MD,
  type Results,
  rows,
  saveResults,
} from "./report";
import { benchUpload } from "./upload";

interface Measured {
  results: Partial<Results>;
  notes: string[];
  data?: unknown;
}

const BENCHES: Record<string, () => Promise<Measured>> = {
  async chunking() {
    const r = await benchChunking({ mib: 1024 });
    return {
      results: { chunking: r },
      notes: [
        "1 GiB xorshift32 buffer in memory; chunkBytes (fastcdc-v1, SHA-256 per chunk) vs createHash('sha256'), best of 2 each",
      ],
    };
  },
  async editBytes() {
    const r = await benchEditBytes();
    return { results: { editBytes: r.results }, notes: r.notes, data: r.details };
  },
  async upload() {
    const r = await benchUpload();
    return { results: { upload: r.results }, notes: r.notes, data: r.detail };
  },
  async notify() {
    const r = await benchNotify({ commits: 50 });
    return {
      results: { notify: r },
      notes: [
        "server in a child process on PGlite; N graphql-ws subscribers of one user's namespace in the bench process; 50 commits, one at a time",
        "latency = a subscriber's graphql-ws client has received and parsed the page − the server's transaction committed (stamped in the server process on the monotonic clock both processes share; see bench/notify.ts)",
      ],
    };
  },
  async browserChunking() {
    const r = await benchBrowserChunking({ mib: 1024 });
    return {
      results: {
        browserChunking: {
          mibPerS: r.mibPerS,
          nodeSha256MibPerS: r.nodeSha256MibPerS,
          ratio: r.ratio,
          longestMainTaskMs: r.longestMainTaskMs,
        },
      },
      notes: [
        "a 1 GiB file of random bytes picked with the drive's Upload button, chunked and hashed by the app's own workers (chunking worker + WebAssembly hashing worker) in Debian Chromium",
      ],
    };
  },
  async freshIndex() {
    const r = await benchFreshIndex();
    return {
      results: { freshIndex: r },
      notes: [
        "a fresh SyncEngine with MemorySyncStore in Node builds its index of a 100,000-node namespace from cursor null",
      ],
    };
  },
  async commits() {
    const r = await benchCommits();
    return { results: { commits: r.results }, notes: r.notes, data: r.detail };
  },
};

const { values } = parseArgs({ options: { only: { type: "string" } } });
const names = values.only ? values.only.split(",").map((s) => s.trim()) : Object.keys(BENCHES);
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(", ")} (known: ${Object.keys(BENCHES).join(", ")})`);
  process.exit(2);
}

const machine =
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ` +
  `load average ${loadavg()[0]!.toFixed(1)} at the start (other work on the machine skews the timings)`;
const measuredAt = new Date().toISOString();
const measured: Partial<Results> = { measuredAt };
const details: Details = {};
// A benchmark that cannot run (no Chromium, no PostgreSQL, ...) is reported and skipped: the
// others still measure and are saved, and its previous figures in results.json are kept.
const failed: string[] = [];
for (const name of names) {
  const t = performance.now();
  log(`${name}: start`);
  let m: Measured;
  try {
    m = await BENCHES[name]!();
  } catch (error) {
    failed.push(name);
    log(
      `${name}: FAILED after ${seconds(t).toFixed(1)} s, its previous figures are kept: ${(error as Error)?.stack ?? error}`,
    );
    continue;
  }
  Object.assign(measured, m.results);
  details[name] = { measuredAt, notes: m.notes, ...(m.data === undefined ? {} : { data: m.data }) };
  log(`${name}: done in ${seconds(t).toFixed(1)} s`);
}

const { markdown } = await saveResults(measured, details, machine);
process.stdout.write(markdownTable(rows(measured)));
log(`wrote ${RESULTS_JSON} and ${RESULTS_MD}`);
if (process.env.BENCH_VERBOSE) process.stderr.write(markdown);
if (failed.length > 0) {
  log(`could not run: ${failed.join(", ")} (see above)`);
  process.exitCode = 1;
}
