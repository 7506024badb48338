/**
 * The sync simulation in the test suite: a modest number of seeded runs (run more with
 * `npm run simulate -- --seeds N`), and a self-test proving the checker catches a broken rule.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { type ReplayPolicy, resolveReplayFailure } from "../replay";
import { formatReport, runSeeds, runSimulation, type Simulation } from "./simulation";

/**
 * Seeds per database, sized so the file takes a few minutes within `npm test` on a busy 2-core
 * machine: a seed of 4 × 100 ops costs ~6 s of CPU in this process on PGlite (the database runs
 * here, ~20 queries per op) and ~2 s on PostgreSQL. CI then runs 200 seeds on PostgreSQL in a
 * step of their own (`.ci/run`: SIM_SEEDS=0 SIM_SEEDS_POSTGRES=200, about 10 minutes); locally,
 * `npm run simulate -- --seeds 200`.
 */
const SEEDS = {
  pglite: Number(process.env.SIM_SEEDS ?? 10),
  postgres: Number(process.env.SIM_SEEDS_POSTGRES ?? 20),
};
/** The first seed: CI splits its 200 seeds over two processes (1–100 and 101–200) to use both cores. */
const FIRST_SEED = Number(process.env.SIM_SEED_FROM ?? 1);
const CLIENTS = 4;
/** Ops per client. */
const OPS = Number(process.env.SIM_OPS ?? 100);
/** Seeds run at once against one server (each its own user); the CPU stays busy while seeds wait. */
const CONCURRENCY = Number(process.env.SIM_CONCURRENCY ?? 16);

/** A client offline commits into a folder that another client trashes meanwhile. */
async function commitIntoTrashedFolder(sim: Simulation): Promise<void> {
  const folder = await sim.op(0, "createFolder", {
    id: crypto.randomUUID(),
    parentId: sim.rootId,
    name: "Shared",
  });
  const folderId = (folder.args as { id: string }).id;
  await sim.clients[0]!.engine.whenIdle();
  await sim.until(() => sim.clients[1]!.engine.getNode(folderId) !== undefined);
  sim.setOffline(0, true);
  await sim.commit(0, { parentId: folderId, name: "draft.txt" });
  await sim.op(1, "trash", { id: folderId });
  await sim.clients[1]!.engine.whenIdle();
}

/** Broken on purpose: drops a commit whose folder is gone or trashed, instead of placing it higher up. */
const dropsContent: ReplayPolicy = (op, error, index) =>
  op.kind === "commitFile" && (error.code === "CONFLICT" || error.code === "NOT_FOUND")
    ? { drop: true }
    : resolveReplayFailure(op, error, index);

describe.each(TEST_DATABASES)("sync simulation on $name", (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootTestServer(database, {}, { ephemeral: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const seeds = SEEDS[database.name];
  test(`${seeds} seeds (from ${FIRST_SEED}) × ${CLIENTS} clients × ${OPS} ops: indexes equal the server, no content lost, no op applied twice`, async () => {
    const reports = await runSeeds({
      baseUrl: server.url,
      db: server.database.db,
      database: database.name,
      seeds: Array.from({ length: seeds }, (_, i) => FIRST_SEED + i),
      concurrency: CONCURRENCY,
      clients: CLIENTS,
      ops: OPS,
      onReport: (report) => {
        if (report.violations.length > 0 || process.env.SIM_VERBOSE) console.log(formatReport(report));
      },
    });
    expect(reports.filter((r) => r.violations.length > 0).map(formatReport)).toEqual([]);
  }, 1_800_000);

  test("self-test: the checker catches a replay rule that drops content, and passes the real rule", async () => {
    const run = (policy?: ReplayPolicy) =>
      runSimulation({
        baseUrl: server.url,
        db: server.database.db,
        seed: 1,
        clients: 2,
        database: database.name,
        plan: commitIntoTrashedFolder,
        policy,
      });
    const broken = await run(dropsContent);
    expect(broken.violations.join("\n")).toMatch(/content lost/);
    const sound = await run();
    expect(sound.violations).toEqual([]);
    expect(sound.stats.notices).toMatchObject({ relocated: 1 });
  });
});
