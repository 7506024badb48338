/**
 * Commit → delivery latency of the `changes` subscription with 1, 100 and 1,000 subscribers
 * following one namespace (the hard case: every commit wakes every subscriber), on one server
 * node (a child process; PGlite unless BENCH_DATABASE_URL names a PostgreSQL server).
 *
 * Each subscriber is a real graphql-ws client (the `graphql-ws` package over `ws`), all of them in
 * this process, one WebSocket each; the server runs in its own process on the same machine, and
 * so does the device that commits (a small writer process: handling its HTTP responses here
 * delayed the subscribers' messages). Commits are made one at a time (`createFolder` over HTTP),
 * each after the previous one has reached every subscriber, so each is measured alone. This process waits on events, never by
 * polling (which took a core from the server on a two-core machine): between messages it sleeps.
 *
 * Latency of an entry at a subscriber = the moment its page has been received and parsed by that
 * subscriber's graphql-ws client (its `next` callback runs) − the moment the server's transaction
 * committed. The commit time is taken in the server process (bench/serve.ts with
 * BENCH_STAMP_COMMITS=1) as the earlier of: its transaction's promise resolving, and its journal
 * notification reaching the process; both on the machine's monotonic clock, which both processes
 * share (`process.hrtime`, CLOCK_MONOTONIC). Every stamp is checked to lie between the mutation's
 * send and its response, and exactly one transaction must commit per mutation. Every delivery of every
 * subscriber is a sample; every subscriber must receive every seq exactly once, in order.
 * The older, more conservative measure (from just before the mutation was sent, so including the
 * mutation's own execution) is logged beside it.
 *
 *   npx tsx bench/notify.ts [--commits 100] [--counts 1,100,1000] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` writes CPU profiles of the measured commits only (not start-up and the
 * subscribers' connecting): DIR/notify-<count>-server.cpuprofile and
 * DIR/notify-<count>-bench.cpuprofile (this process: the subscribers' receiving and parsing).
 */
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { CairnClient } from "../lib/client/cairn-client";
import { decodeCursor } from "../lib/drive/journal";
import { cpuSeconds, cpuSince, log, monotonicMs, newUser, profileSelf, startBenchServer } from "./harness";

export interface NotifyResult {
  subscribers: number;
  p50Ms: number;
  p99Ms: number;
}

const SUB = `subscription($c: Cursor) { changes(cursor: $c) { entries { seq } cursor } }`;
const CREATE = `mutation($p: ID!, $n: String!) { createFolder(input: {parentId: $p, name: $n}) { cursor } }`;

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Waiting without spinning: `until` re-checks its predicate each time `poke()` is called (by the
 * events it depends on), so the benchmark's process sleeps between messages instead of polling
 * and taking a core from the server on a two-core machine.
 */
export class Waker {
  private readonly checks = new Set<() => void>();

  poke(): void {
    for (const check of this.checks) check();
  }

  until(pred: () => boolean, ms: number, what: () => string): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.checks.delete(check);
        reject(new Error(`timed out waiting for ${what()}`));
      }, ms);
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        this.checks.delete(check);
        resolve();
      };
      this.checks.add(check);
    });
  }
}

/**
 * `count` graphql-ws clients in this process, one WebSocket each, subscribed with `query`; each
 * records when (monotonic clock) its `next` callback saw each entry of seq `firstSeq` ..
 * `firstSeq + commits - 1`, and counts entries that are not the one after the previous.
 */
export async function connectSubscribers(opts: {
  wsUrl: string;
  connectionParams: Record<string, unknown>;
  query: string;
  count: number;
  firstSeq: number;
  commits: number;
}) {
  const { count, commits, firstSeq } = opts;
  const waker = new Waker();
  /** Arrival time of each (subscriber, commit): index subscriber * commits + commit. */
  const arrivals = new Float64Array(count * commits).fill(Number.NaN);
  let delivered = 0;
  let outOfOrder = 0;
  let ready = 0;
  /** Why subscribers failed or closed (a close code or an error), by count. */
  const failures = new Map<string, number>();
  const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);
  const subs: { ws: ReturnType<typeof createClient>; dispose: () => void }[] = [];
  for (let i = 0; i < count; i++) {
    const ws = createClient({
      url: opts.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: opts.connectionParams,
      retryAttempts: 0,
      on: { closed: (event) => fail(`closed ${(event as { code?: number }).code}`) },
    });
    let first = true;
    let last = firstSeq - 1;
    const dispose = ws.subscribe<{ changes: { entries: { seq: number }[] } }>(
      { query: opts.query, variables: { c: null } },
      {
        next: (r) => {
          const now = monotonicMs();
          if (first) {
            first = false;
            ready++;
            waker.poke();
            return;
          }
          for (const e of r.data?.changes.entries ?? []) {
            if (e.seq !== last + 1) outOfOrder++;
            last = e.seq;
            const k = e.seq - firstSeq;
            if (k >= 0 && k < commits) {
              arrivals[i * commits + k] = now;
              delivered++;
            }
          }
          waker.poke();
        },
        error: (error) => fail(`error ${error instanceof Error ? error.message : JSON.stringify(error)}`),
        complete: () => {},
      },
    );
    subs.push({ ws, dispose });
    // Connect a hundred at a time (each batch caught up before the next), so that connecting
    // never outlasts graphql-ws's 3 s connection_init wait on a busy machine.
    if (i % 100 === 99 || i === count - 1) {
      await waker.until(
        () => ready === i + 1,
        120_000,
        () => `${i + 1} subscribers to connect (${ready} did; ${JSON.stringify([...failures])})`,
      );
    }
  }
  return {
    arrivals,
    /** Resolves once `n` entries (of the commits measured) have arrived in all. */
    delivered: (n: number, ms: number, what: () => string) => waker.until(() => delivered >= n, ms, what),
    outOfOrder: () => outOfOrder,
    async close() {
      for (const s of subs) {
        s.dispose();
        await s.ws.dispose();
      }
    },
  };
}

/** p50/p99 of arrival − start per (subscriber, commit); throws if one never arrived. */
export function latencies(arrivals: Float64Array, count: number, commits: number, startedAt: number[]) {
  const out = new Float64Array(count * commits);
  for (let s = 0; s < count; s++) {
    for (let k = 0; k < commits; k++) {
      const at = arrivals[s * commits + k]!;
      if (Number.isNaN(at)) throw new Error(`subscriber ${s} never received commit ${k}`);
      out[s * commits + k] = at - startedAt[k]!;
    }
  }
  out.sort();
  return out;
}

export async function benchNotify(
  opts: { counts?: number[]; commits?: number; databaseUrl?: string; cpuProfDir?: string } = {},
): Promise<NotifyResult[]> {
  const counts = opts.counts ?? [1, 100, 1000];
  const commits = opts.commits ?? 100;
  const results: NotifyResult[] = [];
  for (const count of counts) {
    const server = await startBenchServer({
      databaseUrl: opts.databaseUrl,
      env: { BENCH_STAMP_COMMITS: "1" },
    });
    const stamped = new Waker();
    const stamps: number[] = [];
    server.on("commit", (m) => {
      stamps.push(m.atMs as number);
      stamped.poke();
    });
    /** When each `ns:seq` notification reached the server process. */
    const notified = new Map<string, number>();
    server.on("notified", (m) => {
      notified.set(m.payload as string, m.atMs as number);
      stamped.poke();
    });
    const writer = await startWriter();
    try {
      const { token, rootId } = await newUser(server.url);
      await writer.ask({ type: "init", url: server.url, token, rootId }, "ready");
      const wsUrl = `${server.url.replace(/^http/, "ws")}/api/graphql`;
      // The root's creation is seq 1; our commits are seq 2 .. commits + 1.
      const firstSeq = 2;
      const subs = await connectSubscribers({
        wsUrl,
        connectionParams: { authorization: `Bearer ${token}` },
        query: SUB,
        count,
        firstSeq,
        commits,
      });

      const profiles = opts.cpuProfDir
        ? { server: await server.profile(), bench: await profileSelf() }
        : undefined;
      const cpuBefore = { server: cpuSeconds(server.pid), bench: cpuSeconds() };
      const stampBase = stamps.length;
      const sentAt: number[] = [];
      const committedAt: number[] = [];
      for (let i = 0; i < commits; i++) {
        const { sent, answered, cursor, error } = (await writer.ask(
          { type: "commit", name: `n${i}` },
          "committed",
        )) as { sent: number; answered: number; cursor: string; error?: string };
        if (error) throw new Error(`commit ${i} failed: ${error}`);
        const [[ns, seq]] = Object.entries(decodeCursor(cursor)) as [[string, number]];
        if (seq !== firstSeq + i) throw new Error(`commit ${i} made seq ${seq}, not ${firstSeq + i}`);
        await stamped.until(
          () => stamps.length > stampBase + i && notified.has(`${ns}:${seq}`),
          10_000,
          () => "the commit's time stamps",
        );
        const at = Math.min(stamps[stampBase + i]!, notified.get(`${ns}:${seq}`)!);
        if (at < sent || at > answered) throw new Error(`commit stamp ${at} outside [${sent}, ${answered}]`);
        sentAt.push(sent);
        committedAt.push(at);
        // Let deliveries drain before the next commit so each is measured alone.
        await subs.delivered((i + 1) * count, 10_000, () => `commit ${i} to reach every subscriber`);
      }
      const cpu = { server: cpuSince(cpuBefore.server, server.pid), bench: cpuSince(cpuBefore.bench) };
      if (profiles && opts.cpuProfDir) {
        await profiles.server.stop(path.join(opts.cpuProfDir, `notify-${count}-server.cpuprofile`));
        await profiles.bench.stop(path.join(opts.cpuProfDir, `notify-${count}-bench.cpuprofile`));
      }
      await new Promise((r) => setTimeout(r, 200));
      if (stamps.length !== stampBase + commits)
        throw new Error(`${stamps.length - stampBase} transactions committed for ${commits} commits`);
      if (subs.outOfOrder() > 0)
        throw new Error(`${subs.outOfOrder()} entries arrived out of order or twice`);

      const fromCommit = latencies(subs.arrivals, count, commits, committedAt);
      const fromSend = latencies(subs.arrivals, count, commits, sentAt);
      const result = {
        subscribers: count,
        p50Ms: round2(percentile(fromCommit, 50)),
        p99Ms: round2(percentile(fromCommit, 99)),
      };
      log(
        `notify: ${count} subscribers, ${fromCommit.length} deliveries: commit → delivery p50 ${result.p50Ms} ms, ` +
          `p99 ${result.p99Ms} ms, max ${round2(fromCommit.at(-1)!)} ms (from the mutation's send: p50 ` +
          `${round2(percentile(fromSend, 50))} ms, p99 ${round2(percentile(fromSend, 99))} ms)` +
          (cpu.server && cpu.bench
            ? `; CPU per commit: server ${round2((cpu.server.total * 1000) / commits)} ms ` +
              `(kernel ${round2((cpu.server.system * 1000) / commits)}), ` +
              `bench ${round2((cpu.bench.total * 1000) / commits)} ms ` +
              `(kernel ${round2((cpu.bench.system * 1000) / commits)})`
            : ""),
      );
      results.push(result);
      await subs.close();
    } finally {
      writer.stop();
      await server.stop();
    }
  }
  return results;
}

/**
 * The device that commits, in a process of its own: the subscribers' process then does nothing
 * but what subscribers do (handling the mutation's HTTP response there delayed their messages, as
 * no real subscriber's device would be delayed by another device's request).
 */
async function startWriter() {
  const child = fork(fileURLToPath(import.meta.url), ["--writer"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = (message: Record<string, unknown>, reply: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the writer exited (${code})`));
      const listener = (m: Record<string, unknown>) => {
        if (m.type !== reply) return;
        child.off("message", listener);
        child.off("exit", onExit);
        resolve(m);
      };
      child.on("message", listener);
      child.once("exit", onExit);
      if (Object.keys(message).length > 0) child.send(message);
    });
  await ask({}, "started");
  return { ask, stop: () => child.kill() };
}

/** The writer process: `createFolder` in the user's root on request, timed on the shared clock. */
function writer(): void {
  let client: CairnClient | undefined;
  let rootId = "";
  process.on(
    "message",
    async (m: { type: string; url?: string; token?: string; rootId?: string; name?: string }) => {
      if (m.type === "init") {
        client = new CairnClient({ baseUrl: m.url!, token: m.token! });
        rootId = m.rootId!;
        process.send!({ type: "ready" });
      } else if (m.type === "commit") {
        const sent = monotonicMs();
        try {
          const { createFolder } = await client!.gql(CREATE, { p: rootId, n: m.name });
          process.send!({ type: "committed", sent, answered: monotonicMs(), cursor: createFolder.cursor });
        } catch (error) {
          process.send!({ type: "committed", error: String(error) });
        }
      }
    },
  );
  process.on("disconnect", () => process.exit(0));
  process.send!({ type: "started" });
}

if (process.argv.includes("--writer")) {
  writer();
} else if (import.meta.url === `file://${process.argv[1]}`) {
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
