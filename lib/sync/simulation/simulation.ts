/**
 * The sync simulation (issue 6): N engines of one user, each with its own memory store and a
 * misbehaving network, against the real server in-process. Random ops (create folder, rename,
 * move, trash, restore, commit new files and edits from base versions) interleave with offline
 * spells; then everything comes back online, the engines quiesce, and `checkInvariants` judges.
 * A seed fixes every choice (ops, targets, names, faults, ids); thread timing still varies.
 */
import type { Db } from "@/db";
import { SyncEngine } from "../engine";
import type { OpArgs, OpKind, PendingOp } from "../outbox";
import type { Decision } from "../outcome";
import type { ReplayPolicy } from "../replay";
import { MemorySyncStore } from "../store/memory";
import { connectDevice, type Device, textContent } from "../testing/node";
import { isWithin, listChildren } from "../tree-view";
import type { IndexNode } from "../types";
import { createSimAccount } from "./account";
import { checkInvariants, indexDiff, newRecord, type SimRecord, serverNodes } from "./checker";
import {
  DEFAULT_FAULTS,
  type FaultCounts,
  type FaultRates,
  FaultyNetwork,
  NO_FAULTS,
} from "./faulty-network";
import { mulberry32, pick, type Rng, sleep, uuid, weighted } from "./random";

export interface SimulationOptions {
  baseUrl: string;
  db: Db;
  seed: number;
  clients?: number;
  /** Ops per client. */
  ops?: number;
  faults?: FaultRates;
  /** The replay table the engines use (the self-test passes a broken one). */
  policy?: ReplayPolicy;
  /** A scripted run instead of random ops. */
  plan?: (sim: Simulation) => Promise<void>;
  /** Quiescence fails when no engine made progress for this long (default 15 s). */
  stallMs?: number;
  /** And in any case after this long (default 20 × stallMs). */
  maxQuiesceMs?: number;
  /** Where the server's database runs (for the replay command). */
  database?: "pglite" | "postgres";
}

export interface SimulationReport {
  seed: number;
  violations: string[];
  durationMs: number;
  /** Wall time of the phases: random ops, draining the outboxes, feeds catching up, the checks. */
  timings: { opsMs: number; drainMs: number; convergeMs: number; checkMs: number };
  stats: {
    queued: number;
    sends: number;
    entries: number;
    notices: Record<string, number>;
    faults: FaultCounts;
  };
  /** The command that runs this seed again. */
  replay: string;
}

export interface SimClient {
  index: number;
  engine: SyncEngine;
  network: FaultyNetwork;
  device: Device;
}

const NAMES = ["a", "b", "Docs", "docs", "Photos", "x"];

export class Simulation {
  readonly clients: SimClient[] = [];
  readonly record: SimRecord = newRecord();
  private counter = 0;

  constructor(
    readonly rng: Rng,
    readonly rootId: string,
    readonly seed: number,
  ) {}

  /** Queues an op on a client and records it. */
  async op<K extends OpKind>(c: number, kind: K, args: OpArgs[K]): Promise<PendingOp> {
    const client = this.clients[c]!;
    const op = await client.engine.enqueue(kind, args);
    this.record.queued.set(op.opId, { client: c, kind });
    return op;
  }

  /** Commits unique text content (new file, or an edit from `base`) on a client. */
  async commit(
    c: number,
    target: { parentId: string; name: string; fileId?: string; baseVersionId?: string },
  ): Promise<PendingOp> {
    const client = this.clients[c]!;
    const content = await textContent(
      `seed ${this.seed} client ${c} commit ${++this.counter}`,
      client.device.blocks,
    );
    const id = target.fileId ? undefined : uuid(this.rng);
    const op = await this.op(c, "commitFile", { ...target, ...(id ? { id } : {}), ...content });
    this.record.contents.set(content.contentHash, { client: c, opId: op.opId });
    return op;
  }

  /** Resolves once `check()` holds, re-checked on every event of any engine; throws after `ms`. */
  async until(check: () => boolean, ms = 5000): Promise<void> {
    const engines = this.clients.map((c) => c.engine);
    const deadline = Date.now() + ms;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0 || (await withTimeout(nextEvent(engines), left)) === "timeout")
        if (!check()) throw new Error(`the condition did not hold within ${ms} ms`);
    }
  }

  setOffline(c: number, offline: boolean): void {
    const { engine, network } = this.clients[c]!;
    network.setOffline(offline);
    if (offline) engine.offline();
    else engine.online();
  }

  /** One random step on a random client. */
  async randomStep(): Promise<void> {
    const c = Math.floor(this.rng() * this.clients.length);
    const { engine, network } = this.clients[c]!;
    if (network.offline ? this.rng() < 0.15 : this.rng() < 0.04) this.setOffline(c, !network.offline);

    const view = engine.view;
    const folders: IndexNode[] = [];
    const items: IndexNode[] = [];
    const walk = (id: string) => {
      for (const n of listChildren(view, id)) {
        items.push(n);
        if (n.kind === "folder") {
          folders.push(n);
          walk(n.id);
        }
      }
    };
    walk(this.rootId);
    const rootNode = view.get(this.rootId);
    if (rootNode) folders.push(rootNode);
    const name = () => pick(this.rng, NAMES)!;
    const folder = () => pick(this.rng, folders)?.id ?? this.rootId;
    const files = items.filter((n) => n.kind === "file");

    const action = weighted(this.rng, {
      createFolder: 20,
      commitNew: 15,
      commitEdit: 15,
      rename: 15,
      move: 15,
      trash: 10,
      restore: 10,
    });
    switch (action) {
      case "createFolder":
        await this.op(c, "createFolder", { id: uuid(this.rng), parentId: folder(), name: name() });
        return;
      case "commitNew":
        await this.commit(c, { parentId: folder(), name: `${name()}.txt` });
        return;
      case "commitEdit": {
        const f = pick(this.rng, files);
        if (!f?.parentId) return this.commit(c, { parentId: folder(), name: `${name()}.txt` }).then(() => {});
        await this.commit(c, {
          parentId: f.parentId,
          name: f.name,
          fileId: f.id,
          ...(f.currentVersionId ? { baseVersionId: f.currentVersionId } : {}),
        });
        return;
      }
      case "rename": {
        const n = pick(this.rng, items);
        if (n) await this.op(c, "rename", { id: n.id, name: n.kind === "file" ? `${name()}.txt` : name() });
        return;
      }
      case "move": {
        const n = pick(this.rng, items);
        const to = folder();
        if (n && n.parentId !== to && !isWithin(view, to, n.id))
          await this.op(c, "move", { id: n.id, parentId: to });
        return;
      }
      case "trash": {
        const n = pick(this.rng, items);
        if (n) await this.op(c, "trash", { id: n.id });
        return;
      }
      case "restore": {
        const n = pick(this.rng, engine.listTrash());
        if (n) await this.op(c, "restore", { id: n.id });
        return;
      }
    }
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for `goal` while the engines make progress: gives up ("stalled") when none of them has
 * emitted an event (a page applied, an op settled, a status change) for `stallMs`, or at
 * `deadline`. Progress rather than wall time decides, so a seed that is still moving on a loaded
 * machine is not failed, and one that is stuck fails after `stallMs`, not after a fixed total.
 */
async function whileProgressing<T>(
  engines: SyncEngine[],
  goal: Promise<T>,
  stallMs: number,
  deadline: number,
): Promise<T | "stalled"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stalled: () => void = () => {};
  const watchdog = new Promise<"stalled">((resolve) => {
    stalled = () => resolve("stalled");
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(stalled, Math.max(0, Math.min(stallMs, deadline - Date.now())));
  };
  const offs = engines.map((e) => e.subscribe(arm));
  arm();
  try {
    return await Promise.race([goal, watchdog]);
  } finally {
    clearTimeout(timer);
    for (const off of offs) off();
  }
}

/** Resolves on the next event of any of the engines (index, outbox, status or notice). */
function nextEvent(engines: SyncEngine[]): Promise<void> {
  return new Promise((resolve) => {
    const offs = engines.map((e) =>
      e.subscribe(() => {
        for (const off of offs) off();
        resolve();
      }),
    );
  });
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const { seed, db } = options;
  const clients = options.clients ?? 4;
  const ops = options.ops ?? 50;
  const stallMs = options.stallMs ?? 15_000;
  const rng = mulberry32(seed);
  const account = await createSimAccount(db, options.baseUrl, `seed ${seed}`);
  const sim = new Simulation(rng, account.rootId, seed);
  const onPostgres = options.database === "postgres";
  const replay = `${onPostgres ? "DATABASE_URL=<url> " : ""}npm run simulate -- --seed ${seed} --clients ${clients} --ops ${ops}${onPostgres ? " --postgres" : ""}`;

  for (let i = 0; i < clients; i++) {
    const device = connectDevice(account);
    const network = new FaultyNetwork(
      device.transport,
      mulberry32(seed * 1000 + i),
      options.faults ?? DEFAULT_FAULTS,
    );
    const engine = new SyncEngine({
      store: new MemorySyncStore(),
      transport: network.transport,
      uploadChunks: device.uploadChunks,
      random: mulberry32(seed * 7919 + i),
      newId: () => uuid(rng),
      deviceName: `device ${i}`,
      pushBackoff: { baseMs: 20, maxMs: 400 },
      feedBackoff: { baseMs: 20, maxMs: 400 },
      policy: options.policy,
      onSettle: (op: PendingOp, d: Decision) => {
        if (d.action === "done") sim.record.done.add(op.opId);
      },
    });
    sim.clients.push({ index: i, engine, network, device });
  }

  const violations: string[] = [];
  const timings = { opsMs: 0, drainMs: 0, convergeMs: 0, checkMs: 0 };
  let phase = Date.now();
  const lap = () => {
    const ms = Date.now() - phase;
    phase = Date.now();
    return ms;
  };
  const engines = sim.clients.map((c) => c.engine);
  try {
    await Promise.all(engines.map((e) => e.start()));
    if (options.plan) await options.plan(sim);
    else {
      for (let k = 0; k < ops * clients; k++) {
        await sim.randomStep();
        await sleep(Math.floor(rng() * 3));
      }
    }
    timings.opsMs = lap();

    // Quiescence: everyone online on a calm network, outboxes drained, feeds caught up.
    for (const c of sim.clients) {
      c.network.faults = NO_FAULTS;
      sim.setOffline(c.index, false);
    }
    const deadline = Date.now() + (options.maxQuiesceMs ?? 20 * stallMs);
    const idle = await whileProgressing(
      engines,
      Promise.all(engines.map((e) => e.whenIdle())),
      stallMs,
      deadline,
    );
    if (idle === "stalled")
      violations.push(
        `outboxes did not drain: no engine made progress for ${stallMs} ms (or the deadline passed)`,
      );
    timings.drainMs = lap();

    const namespaceId = engines[0]!.index.get(account.rootId)?.namespaceId ?? "";
    const checkVersions = await account.client
      .gql("{ changes(cursor: null, first: 1) { entries { node { ... on File { currentVersionId } } } } }")
      .then((r) => !r.errors);
    // Every outbox is empty and nothing is in flight, so the server's tree no longer changes;
    // the feeds catch up. Compare again after each event, not on a polling timer.
    let stop = false;
    const converged = (async () => {
      while (!stop) {
        const event = nextEvent(engines);
        const server = await serverNodes(db, namespaceId);
        if (engines.every((e) => indexDiff(e, server, checkVersions).length === 0)) return;
        await event;
      }
    })();
    await whileProgressing(engines, converged, stallMs, deadline);
    stop = true;
    timings.convergeMs = lap();
    violations.push(
      ...(await checkInvariants({
        db,
        namespaceId,
        userId: account.userId,
        engines,
        record: sim.record,
        checkVersions,
      })),
    );
    timings.checkMs = lap();
  } catch (error) {
    violations.push(`the run failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await Promise.all(engines.map((e) => withTimeout(e.stop(), 5000)));
    await Promise.all(sim.clients.map((c) => c.device.close()));
  }

  const notices: Record<string, number> = {};
  for (const c of sim.clients) for (const n of c.engine.notices) notices[n.code] = (notices[n.code] ?? 0) + 1;
  const faults: FaultCounts = { failedBefore: 0, lostAfterCommit: 0, duplicated: 0, droppedSubscriptions: 0 };
  for (const c of sim.clients)
    for (const k of Object.keys(faults) as (keyof FaultCounts)[]) faults[k] += c.network.counts[k];
  return {
    seed,
    violations,
    durationMs: Date.now() - started,
    timings,
    stats: {
      queued: sim.record.queued.size,
      sends: sim.clients.reduce((s, c) => s + c.engine.stats.sends, 0),
      entries: sim.clients.reduce((s, c) => s + c.engine.stats.entries, 0),
      notices,
      faults,
    },
    replay,
  };
}

export interface SeedsOptions extends Omit<SimulationOptions, "seed"> {
  seeds: number[];
  /** Seeds run at once against the one server (each is its own user, so they do not meet). */
  concurrency?: number;
  /** Called as each seed finishes (in finishing order). */
  onReport?: (report: SimulationReport) => void;
}

/**
 * Runs many seeds against one server, `concurrency` at a time, and returns their reports in
 * seed order. A seed's choices depend only on the seed, so running it alone replays it.
 */
export async function runSeeds({
  seeds,
  concurrency = 4,
  onReport,
  ...options
}: SeedsOptions): Promise<SimulationReport[]> {
  const reports = new Map<number, SimulationReport>();
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++]!;
      const report = await runSimulation({ ...options, seed });
      reports.set(seed, report);
      onReport?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, seeds.length)) }, worker));
  return seeds.map((s) => reports.get(s)!);
}

/** One line per seed for logs. */
export function formatReport(r: SimulationReport): string {
  const t = r.timings;
  const head = `seed ${r.seed}: ${r.violations.length === 0 ? "ok" : `${r.violations.length} violation(s)`} in ${r.durationMs} ms (ops ${t.opsMs}, drain ${t.drainMs}, converge ${t.convergeMs}, check ${t.checkMs}) — ${r.stats.queued} ops, ${r.stats.sends} sends, notices ${JSON.stringify(r.stats.notices)}, faults ${JSON.stringify(r.stats.faults)}`;
  if (r.violations.length === 0) return head;
  return `${head}\n  ${r.violations.join("\n  ")}\n  replay: ${r.replay}`;
}
