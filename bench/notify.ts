/**
 * Commit → delivery latency of the `changes` subscription with 1, 100 and 1,000 subscribers
 * following one namespace (the hard case: every commit wakes every subscriber), on one server
 * node (a child process; PGlite unless BENCH_DATABASE_URL names a PostgreSQL server).
 *
 * Latency of an entry at a subscriber = the time its page arrives − the commit's time, taken as
 * the moment just before the mutation was sent (so it includes the mutation's own execution; a
 * conservative measure). Subscribers run in this process, the server in its own.
 *
 *   npx tsx bench/notify.ts [--commits 100] [--counts 1,100,1000] [--cpu-prof DIR]
 */
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { log, newUser, startBenchServer } from "./harness";

export interface NotifyResult {
  subscribers: number;
  p50Ms: number;
  p99Ms: number;
}

const SUB = `subscription($c: Cursor) { changes(cursor: $c) { entries { seq } cursor } }`;
const CREATE = `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { cursor } }`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchNotify(
  opts: { counts?: number[]; commits?: number; databaseUrl?: string; cpuProfDir?: string } = {},
): Promise<NotifyResult[]> {
  const counts = opts.counts ?? [1, 100, 1000];
  const commits = opts.commits ?? 100;
  const results: NotifyResult[] = [];
  for (const count of counts) {
    const server = await startBenchServer({ databaseUrl: opts.databaseUrl, cpuProfDir: opts.cpuProfDir });
    try {
      const { client, token, rootId } = await newUser(server.url);
      const wsUrl = `${server.url.replace(/^http/, "ws")}/api/graphql`;
      /** seq → send time of the commit that made it. */
      const sentAt = new Map<number, number>();
      const latencies: number[] = [];
      let ready = 0;
      const subs = [];
      for (let i = 0; i < count; i++) {
        const ws = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
        let first = true;
        const dispose = ws.subscribe<{ changes: { entries: { seq: number }[] } }>(
          { query: SUB, variables: { c: null } },
          {
            next: (r) => {
              const now = performance.now();
              if (first) {
                first = false;
                ready++;
                return;
              }
              for (const e of r.data?.changes.entries ?? []) {
                const t = sentAt.get(e.seq);
                if (t !== undefined) latencies.push(now - t);
              }
            },
            error: () => {},
            complete: () => {},
          },
        );
        subs.push({ ws, dispose });
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 50)); // don't stampede the accept queue
      }
      const start = Date.now();
      while (ready < count && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 20));
      if (ready < count) throw new Error(`only ${ready} of ${count} subscribers connected`);
      // The root's creation is seq 1; our commits are seq 2, 3, ...
      for (let i = 0; i < commits; i++) {
        sentAt.set(i + 2, performance.now());
        await client.gql(CREATE, { p: rootId, n: `n${i}` });
        // Let deliveries drain before the next commit so each is measured alone.
        const want = (i + 1) * count;
        const waitStart = Date.now();
        while (latencies.length < want && Date.now() - waitStart < 10_000)
          await new Promise((r) => setImmediate(r));
      }
      latencies.sort((a, b) => a - b);
      const result = {
        subscribers: count,
        p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
        p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
      };
      log(
        `notify: ${count} subscribers, ${latencies.length} deliveries: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
      results.push(result);
      for (const s of subs) {
        s.dispose();
        await s.ws.dispose();
      }
    } finally {
      await server.stop();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  benchNotify({
    commits: arg("commits") ? Number(arg("commits")) : undefined,
    counts: arg("counts")?.split(",").map(Number),
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    cpuProfDir: arg("cpu-prof"),
  }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
