/**
 * Shared pieces of the benchmarks: the server in a child process, users with tokens, a client
 * that splits its wire bytes into GraphQL and block traffic, generated inputs, a byte-counting
 * TCP proxy (to check the client's own count against what really crosses the socket).
 */
import { type ChildProcess, fork } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import inspector from "node:inspector";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CairnClient, type CairnClientOptions, type WireStats } from "../lib/client/cairn-client";
import { TestClient } from "../lib/testing/client";

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
const REPO = fileURLToPath(new URL("../", import.meta.url));

export const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC through `process.hrtime`), which
 * every process on the machine shares: a time taken in the bench server compares with one taken
 * here, with no wall-clock steps or per-process origin in between.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `cairn-bench-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * CPU seconds a process has used so far (Linux /proc): `main` for its main thread (the event
 * loop), `total` for all its threads (libuv pool, GC, ...), `system` for the part of `total` spent
 * in the kernel (system calls: socket writes and reads). Undefined where /proc is missing.
 */
export function cpuSeconds(
  pid: number = process.pid,
): { main: number; total: number; system: number } | undefined {
  const ticks = (file: string) => {
    // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th.
    const stat = readFileSync(file, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { total: (Number(fields[11]) + Number(fields[12])) / 100, system: Number(fields[12]) / 100 };
  };
  try {
    const all = ticks(`/proc/${pid}/stat`);
    return { main: ticks(`/proc/${pid}/task/${pid}/stat`).total, total: all.total, system: all.system };
  } catch {
    return undefined;
  }
}

export function cpuSince(
  before: { main: number; total: number; system: number } | undefined,
  pid: number = process.pid,
): { main: number; total: number; system: number } | undefined {
  const now = cpuSeconds(pid);
  if (!before || !now) return undefined;
  return {
    main: now.main - before.main,
    total: now.total - before.total,
    system: now.system - before.system,
  };
}

/** CPU seconds used so far by every process whose command name is `comm` (e.g. "postgres"). */
export function cpuSecondsOf(comm: string): number | undefined {
  let total = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        if (name !== comm) continue;
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        total += (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

export interface BenchServer {
  url: string;
  database: string;
  dataDir: string;
  pid: number;
  /** Calls `listener` with each message of type `type` the server process sends (bench/serve.ts). */
  on(type: string, listener: (message: Record<string, unknown>) => void): void;
  /** Writes a CPU profile of the server process from now until `stop(file)`. */
  profile(intervalUs?: number): Promise<{ stop(file: string): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * Starts bench/serve.ts in a child process (PGlite in a temp data dir unless `databaseUrl`),
 * with the local-disk block store in that dir. `cpuProfDir` writes a V8 CPU profile on exit.
 */
export async function startBenchServer(
  opts: { databaseUrl?: string; cpuProfDir?: string; env?: Record<string, string> } = {},
): Promise<BenchServer> {
  const data = await tempDir("server");
  const execArgv = ["--import", "tsx"];
  if (opts.cpuProfDir) execArgv.push("--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`);
  const child: ChildProcess = fork(path.join(REPO, "bench/serve.ts"), [], {
    cwd: REPO,
    execArgv,
    env: {
      ...process.env,
      NODE_ENV: "production",
      TSX_TSCONFIG_PATH: path.join(REPO, "tsconfig.json"),
      BENCH_DATA_DIR: data.dir,
      BENCH_DATABASE_URL: opts.databaseUrl ?? "",
      ...opts.env,
    },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const ready = await new Promise<{ url: string; database: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { url: string; database: string }));
    child.once("exit", (code) =>
      reject(new Error(`bench server exited (${code}) before starting:\n${stderr}`)),
    );
    child.once("error", reject);
  });
  let stopped: Promise<void> | undefined;
  const on = (type: string, listener: (message: Record<string, unknown>) => void) => {
    child.on("message", (m: Record<string, unknown>) => {
      if (m?.type === type) listener(m);
    });
  };
  const ask = (message: Record<string, unknown>, reply: string) =>
    new Promise<void>((resolve) => {
      const listener = (m: Record<string, unknown>) => {
        if (m?.type !== reply) return;
        child.off("message", listener);
        resolve();
      };
      child.on("message", listener);
      child.send(message);
    });
  return {
    ...ready,
    dataDir: data.dir,
    pid: child.pid!,
    on,
    async profile(intervalUs = 1000) {
      await ask({ type: "profile-start", intervalUs }, "profile-started");
      return { stop: (file: string) => ask({ type: "profile-stop", file }, "profile-stopped") };
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
          await exited;
          clearTimeout(timer);
        }
        await data.remove();
      })();
      return stopped;
    },
  };
}

/** Writes a CPU profile of this process from now until `stop(file)` (node:inspector). */
export async function profileSelf(intervalUs = 1000): Promise<{ stop(file: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: intervalUs });
  await post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

export interface WireBreakdown {
  graphql: WireStats;
  /** Everything else: block PUTs (and GETs). */
  blocks: WireStats;
  total: WireStats;
}

/**
 * A CairnClient that also tells GraphQL bytes from block bytes, and times the chunking and the
 * GraphQL calls of an upload. The split is exact for `uploadFile`, which never has a GraphQL call
 * and a PUT in flight at once (prepareUpload, then the PUTs, then commitFile).
 */
export class MeteredClient extends CairnClient {
  readonly graphqlWire: WireStats = { requests: 0, sentBytes: 0, receivedBytes: 0 };
  readonly timings = { chunkMs: 0, graphqlMs: 0 };

  constructor(options: CairnClientOptions) {
    super(options);
  }

  override resetWire(): void {
    super.resetWire();
    Object.assign(this.graphqlWire, { requests: 0, sentBytes: 0, receivedBytes: 0 });
    Object.assign(this.timings, { chunkMs: 0, graphqlMs: 0 });
  }

  override async gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const before = { ...this.wire };
    const t = performance.now();
    try {
      return await super.gql<T>(query, variables);
    } finally {
      this.timings.graphqlMs += performance.now() - t;
      this.graphqlWire.requests += this.wire.requests - before.requests;
      this.graphqlWire.sentBytes += this.wire.sentBytes - before.sentBytes;
      this.graphqlWire.receivedBytes += this.wire.receivedBytes - before.receivedBytes;
    }
  }

  override async chunkFile(filePath: string, onProgress?: (bytes: number) => void) {
    const t = performance.now();
    try {
      return await super.chunkFile(filePath, onProgress);
    } finally {
      this.timings.chunkMs += performance.now() - t;
    }
  }

  breakdown(): WireBreakdown {
    const g = { ...this.graphqlWire };
    const t = { ...this.wire };
    return {
      graphql: g,
      blocks: {
        requests: t.requests - g.requests,
        sentBytes: t.sentBytes - g.sentBytes,
        receivedBytes: t.receivedBytes - g.receivedBytes,
      },
      total: t,
    };
  }
}

export const wireBytes = (w: WireStats): number => w.sentBytes + w.receivedBytes;

/** Signs up a fresh user and makes a personal access token for it. */
export async function newUser(
  url: string,
  clientOptions: Partial<CairnClientOptions> = {},
): Promise<{ client: MeteredClient; token: string; rootId: string }> {
  const http = new TestClient(url);
  await http.signUp();
  const { createAccessToken } = await http.must(
    `mutation { createAccessToken(input: {name: "bench"}) { token } }`,
  );
  const { root } = await http.must("{ root { id } }");
  const token = createAccessToken.token as string;
  return {
    client: new MeteredClient({ baseUrl: url, token, ...clientOptions }),
    token,
    rootId: root.id as string,
  };
}

/**
 * Fills `out` with xorshift128 output seeded from `seed` through splitmix32: fast, reproducible,
 * and unlike xorshift32 (one cycle that every seed is a point on) two seeds give unrelated
 * streams, so two generated files never share a shifted run of bytes the chunker would dedup.
 */
export function fillRandom(out: Uint8Array, seed: number): void {
  let z = seed | 0;
  const splitmix = () => {
    z = (z + 0x9e3779b9) | 0;
    let x = z;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) | 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix() || 1;
  const words = out.length >>> 2;
  const w = new Uint32Array(out.buffer, out.byteOffset, words);
  for (let i = 0; i < words; i++) {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = d ^ (d >>> 19) ^ t ^ (t >>> 8);
    w[i] = d;
  }
  for (let i = words * 4; i < out.length; i++) {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = d ^ (d >>> 19) ^ t ^ (t >>> 8);
    out[i] = d;
  }
}

/** `size` pseudo-random bytes (needs `byteOffset % 4 === 0`, which a fresh buffer has). */
export function randomBytesSeeded(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafeSlow(size);
  fillRandom(out, seed);
  return out;
}

const WORDS = (
  "the of and to in is that for it as was with be by on not he this are or his from at which but have an " +
  "they you were her she there been one all we their has would when if so no will can more other into its " +
  "time only new some could these two may first then do any like my now over such our man me even most made " +
  "after also did many before must through back years where much your way well down should because each just " +
  "those people how too little state good very make world still own see men work long get here between both " +
  "life being under never day same another know while last might us great old year off come since against go " +
  "came right used take three chunk block version folder sync server client commit journal namespace cursor"
).split(" ");

/** Generated English-looking text: words, punctuation and lines of 40–100 characters. */
export function textBytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let s = seed | 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  let i = 0;
  let line = 0;
  let lineMax = 40 + (next() % 61);
  let capital = true;
  while (i < size) {
    let word = WORDS[next() % WORDS.length]!;
    if (capital) word = word[0]!.toUpperCase() + word.slice(1);
    capital = false;
    const r = next() % 16;
    const punct = r === 0 ? "." : r === 1 ? "," : "";
    if (punct === ".") capital = true;
    const piece = word + punct;
    i += out.write(piece, i, "latin1");
    line += piece.length;
    if (i >= size) break;
    if (line >= lineMax) {
      out[i++] = 10;
      line = 0;
      lineMax = 40 + (next() % 61);
    } else out[i++] = 32;
  }
  return out;
}

/** Writes `pieces` one after another to `file`, with backpressure. */
export async function writePieces(file: string, pieces: Uint8Array[]): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 4 * MiB });
  for (const piece of pieces) {
    // Write in 16 MiB slices so one write never holds a huge buffer hostage.
    for (let o = 0; o < piece.length; o += 16 * MiB) {
      if (!out.write(piece.subarray(o, Math.min(piece.length, o + 16 * MiB)))) {
        await new Promise<void>((r) => out.once("drain", () => r()));
      }
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(resolve);
  });
}

/**
 * A TCP proxy on 127.0.0.1 counting every byte in each direction: what really crosses the wire,
 * framing and the HTTP client's default headers included. `writes` counts the pieces that went
 * up: for a PostgreSQL client that writes each query in one piece, its round trips.
 */
export async function countingProxy(target: string): Promise<{
  url: string;
  counts: { up: number; down: number; writes: number };
  reset(): void;
  close(): Promise<void>;
}> {
  const { hostname, port } = new URL(target);
  const counts = { up: 0, down: 0, writes: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on("data", (d: Buffer) => {
      counts.up += d.length;
      counts.writes++;
    });
    upstream.on("data", (d: Buffer) => {
      counts.down += d.length;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port: proxyPort } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    counts,
    reset() {
      counts.up = 0;
      counts.down = 0;
      counts.writes = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
