/**
 * The sync simulation in the test suite: a modest number of seeded runs (run more with
 * `npm run simulate -- --seeds N`), and a self-test proving the checker catches a broken rule.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bootTestServer, TEST_DATABASES, type TestServer } from "@/lib/testing/server-harness";
import { type ReplayPolicy, resolveReplayFailure } from "../replay";
import { formatReport, runSimulation, type Simulation } from "./simulation";

/** Seeds per database: the full count on PGlite, a few on PostgreSQL (same code, other engine). */
const SEEDS = {
  pglite: Number(process.env.SIM_SEEDS ?? 20),
  postgres: Number(process.env.SIM_SEEDS_POSTGRES ?? 4),
};
const CLIENTS = 4;
/** Ops per client. */
const OPS = Number(process.env.SIM_OPS ?? 40);

/** A client offline commits into a folder that another client trashes meanwhile. */
async function commitIntoTrashedFolder(sim: Simulation): Promise<void> {
  const folder = await sim.op(0, "createFolder", {
    id: crypto.randomUUID(),
    parentId: sim.rootId,
    name: "Shared",
  });
  const folderId = (folder.args as { id: string }).id;
  await sim.clients[0]!.engine.whenIdle();
  const deadline = Date.now() + 5000;
  while (!sim.clients[1]!.engine.getNode(folderId) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
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
    server = await bootTestServer(database);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const seeds = SEEDS[database.name];
  test(`${seeds} seeds × ${CLIENTS} clients × ${OPS} ops: indexes equal the server, no content lost, no op applied twice`, async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const report = await runSimulation({
        baseUrl: server.url,
        db: server.database.db,
        seed,
        clients: CLIENTS,
        ops: OPS,
      });
      if (report.violations.length > 0 || process.env.SIM_VERBOSE) console.log(formatReport(report));
      if (report.violations.length > 0) failures.push(formatReport(report));
    }
    expect(failures).toEqual([]);
  }, 600_000);

  test("self-test: the checker catches a replay rule that drops content, and passes the real rule", async () => {
    const run = (policy?: ReplayPolicy) =>
      runSimulation({
        baseUrl: server.url,
        db: server.database.db,
        seed: 1,
        clients: 2,
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
