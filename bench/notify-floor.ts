/**
 * The floor under bench/notify.ts on this machine: the same subscribers (graphql-ws clients in
 * this process, one WebSocket each, parsing every message) fed by a bare `ws` server in its own
 * process that does nothing but the unavoidable part of a fan-out. On a trigger it serializes one
 * page (the same shape and size as the real one) once, then writes it to every subscription with
 * the subscription's id spliced in (`socket.send`, one frame per socket). No database, no
 * GraphQL, no Cairn code: latency = a client's `next` callback − the moment the server started
 * the loop, on the monotonic clock both processes share.
 *
 *   npx tsx bench/notify-floor.ts [--commits 100] [--counts 1,100,1000] [--cpu-prof DIR]
 */
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type WebSocket, WebSocketServer } from "ws";
import { cpuSeconds, cpuSince, log, monotonicMs, profileSelf } from "./harness";
import { connectSubscribers, latencies, type NotifyResult, percentile, round2 } from "./notify";

const CURSOR = `c1.${Buffer.from(JSON.stringify({ "0b8f3a52-6f1e-4c59-9a56-2f7c1c1f9e0d": 0 })).toString("base64url")}`;

/** The server: graphql-transport-ws just enough for graphql-ws clients to subscribe. */
async function serve(): Promise<void> {
  const wss = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    handleProtocols: () => "graphql-transport-ws",
  });
  await new Promise((r) => wss.once("listening", r));
  const subscriptions: { socket: WebSocket; head: string }[] = [];
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === "connection_init") socket.send(JSON.stringify({ type: "connection_ack" }));
      else if (message.type === "subscribe") {
        const head = `{"id":${JSON.stringify(message.id)},"type":"next","payload":`;
        subscriptions.push({ socket, head });
        socket.send(`${head}${JSON.stringify({ data: { changes: { entries: [], cursor: CURSOR } } })}}`);
      }
    });
  });
  let profile: Awaited<ReturnType<typeof profileSelf>> | undefined;
  process.on("message", async (m: { type: string; seq?: number; file?: string }) => {
    if (m.type === "fire") {
      const at = monotonicMs();
      const json = JSON.stringify({ data: { changes: { entries: [{ seq: m.seq }], cursor: CURSOR } } });
      for (const s of subscriptions) s.socket.send(`${s.head}${json}}`);
      process.send!({ type: "fired", atMs: at });
    } else if (m.type === "profile-start") {
      profile = await profileSelf();
      process.send!({ type: "profile-started" });
    } else if (m.type === "profile-stop") {
      await profile?.stop(m.file!);
      process.send!({ type: "profile-stopped" });
    } else if (m.type === "reset") {
      subscriptions.length = 0;
      for (const socket of wss.clients) socket.terminate();
      process.send!({ type: "reset" });
    }
  });
  const { port } = wss.address() as { port: number };
  process.send!({ type: "ready", url: `ws://127.0.0.1:${port}` });
}

export async function benchNotifyFloor(
  opts: { counts?: number[]; commits?: number; cpuProfDir?: string } = {},
): Promise<NotifyResult[]> {
  const counts = opts.counts ?? [1, 100, 1000];
  const commits = opts.commits ?? 100;
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = (message: Record<string, unknown>, reply: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const listener = (m: Record<string, unknown>) => {
        if (m.type !== reply) return;
        child.off("message", listener);
        resolve(m);
      };
      child.on("message", listener);
      if (Object.keys(message).length > 0) child.send(message);
    });
  const { url } = (await ask({}, "ready")) as { url: string };
  const results: NotifyResult[] = [];
  try {
    for (const count of counts) {
      const subs = await connectSubscribers({
        wsUrl: url,
        connectionParams: {},
        query: "subscription { changes { entries { seq } cursor } }",
        count,
        firstSeq: 1,
        commits,
      });
      const profiles = opts.cpuProfDir
        ? {
            server: await ask({ type: "profile-start" }, "profile-started"),
            bench: await profileSelf(),
          }
        : undefined;
      const cpuBefore = { server: cpuSeconds(child.pid!), bench: cpuSeconds() };
      const firedAt: number[] = [];
      for (let k = 0; k < commits; k++) {
        const { atMs } = await ask({ type: "fire", seq: k + 1 }, "fired");
        firedAt.push(atMs as number);
        await subs.delivered((k + 1) * count, 10_000, () => `fire ${k} to reach every subscriber`);
      }
      const cpu = { server: cpuSince(cpuBefore.server, child.pid!), bench: cpuSince(cpuBefore.bench) };
      if (profiles && opts.cpuProfDir) {
        await ask(
          { type: "profile-stop", file: path.join(opts.cpuProfDir, `floor-${count}-server.cpuprofile`) },
          "profile-stopped",
        );
        await profiles.bench.stop(path.join(opts.cpuProfDir, `floor-${count}-bench.cpuprofile`));
      }
      if (subs.outOfOrder() > 0) throw new Error(`${subs.outOfOrder()} messages out of order`);
      const fromFire = latencies(subs.arrivals, count, commits, firedAt);
      const result = {
        subscribers: count,
        p50Ms: round2(percentile(fromFire, 50)),
        p99Ms: round2(percentile(fromFire, 99)),
      };
      log(
        `notify floor (bare ws fan-out): ${count} subscribers, ${fromFire.length} deliveries: p50 ${result.p50Ms} ms, ` +
          `p99 ${result.p99Ms} ms, max ${round2(fromFire.at(-1)!)} ms` +
          (cpu.server && cpu.bench
            ? `; CPU per fan-out: server ${round2((cpu.server.total * 1000) / commits)} ms ` +
              `(kernel ${round2((cpu.server.system * 1000) / commits)}), ` +
              `bench ${round2((cpu.bench.total * 1000) / commits)} ms ` +
              `(kernel ${round2((cpu.bench.system * 1000) / commits)})`
            : ""),
      );
      results.push(result);
      await subs.close();
      await ask({ type: "reset" }, "reset");
    }
  } finally {
    child.kill();
  }
  return results;
}

if (process.argv.includes("--serve")) {
  await serve();
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  benchNotifyFloor({
    commits: arg("commits") ? Number(arg("commits")) : undefined,
    counts: arg("counts")?.split(",").map(Number),
    cpuProfDir: arg("cpu-prof"),
  }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
