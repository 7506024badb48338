/**
 * Time for a fresh sync engine to build its index of a large namespace (issue 5: 100k nodes in
 * under 10 s).
 *
 * Setup (not timed): the server runs in this process on PGlite (`bootTestServer`). The `fanout`
 * top folders are made with `lib/drive`'s `createFolder` in-process; the rest (spread evenly
 * below them) in bulk, 1,000 per transaction: one multi-row insert into `nodes` plus one
 * `appendJournal` call (lib/drive/journal.ts) with their CREATE snapshots (`toSnapshot`), so the
 * journal is exactly what one createFolder each would have written, minus per-op bookkeeping
 * (applied_ops). One createFolder per node (~10 ms each on PGlite) would take 15+ minutes, and
 * batched GraphQL creates longer still.
 *
 * Timed: a new `SyncEngine` with a `MemorySyncStore` in Node, over HTTP (`changes` pages) and
 * graphql-ws, from `cursor: null` until it has caught up and holds every node.
 *
 *   npx tsx bench/fresh-index.ts [--nodes 100000]
 */
import { randomUUID } from "node:crypto";
import { nodes as nodesTable } from "../db/schema";
import { actorFor, createFolder, nameKey } from "../lib/drive";
import { appendJournal } from "../lib/drive/journal";
import { toSnapshot } from "../lib/drive/snapshot";
import { connectDevice, newEngine, signUpAccount } from "../lib/sync/testing/node";
import { bootTestServer } from "../lib/testing/server-harness";
import { log, seconds } from "./harness";

export interface FreshIndexResult {
  nodes: number;
  seconds: number;
}

export async function benchFreshIndex(
  opts: { nodes?: number; fanout?: number } = {},
): Promise<FreshIndexResult> {
  const total = opts.nodes ?? 100_000;
  const fanout = opts.fanout ?? 100;
  const server = await bootTestServer({ name: "pglite" });
  try {
    const account = await signUpAccount(server.url);
    const { me } = await account.client.must("{ me { id } }");
    const actor = await actorFor(server.database.db, me.id as string, "token");
    if (!actor) throw new Error("no actor for the bench user");

    // The root counts as one node.
    const made = performance.now();
    const tops: string[] = [];
    let nodes = 1;
    for (let i = 0; i < fanout && nodes < total; i++, nodes++) {
      const r = await createFolder(server.database.db, actor, { parentId: account.rootId, name: `top-${i}` });
      tops.push(r.node.id);
    }
    const db = server.database.db;
    const namespaceId = actor.homeNamespaceId;
    for (let i = 0; nodes < total; ) {
      const batch = Math.min(1000, total - nodes);
      const now = new Date();
      const values = Array.from({ length: batch }, (_, j) => {
        const name = `n-${i + j}`;
        return {
          id: randomUUID(),
          namespaceId,
          parentId: tops[(i + j) % tops.length]!,
          name,
          nameKey: nameKey(name),
          kind: "folder" as const,
          createdAt: now,
          modifiedAt: now,
        };
      });
      await db.transaction(async (tx) => {
        const rows = await tx.insert(nodesTable).values(values).returning();
        await appendJournal(
          tx,
          namespaceId,
          actor.userId,
          rows.map((row, j) => ({
            nodeId: row.id,
            op: "CREATE" as const,
            snapshot: toSnapshot(row, `/top-${(i + j) % tops.length}/${row.name}`),
          })),
        );
      });
      i += batch;
      nodes += batch;
      if (nodes % 10_000 === 0) log(`fresh-index: ${nodes} nodes made (${seconds(made).toFixed(1)} s)`);
    }
    log(`fresh-index: ${nodes} nodes made in ${seconds(made).toFixed(1)} s`);

    const device = connectDevice(account);
    const engine = newEngine(device);
    const start = performance.now();
    await engine.start();
    await new Promise<void>((resolve) => {
      const done = () => engine.status().caughtUp && engine.stats.entries >= nodes;
      if (done()) return resolve();
      const off = engine.subscribe(() => {
        if (done()) {
          off();
          resolve();
        }
      });
    });
    const took = seconds(start);
    const indexed = [...engine.index.all()].length;
    if (indexed !== nodes) throw new Error(`index holds ${indexed} nodes, expected ${nodes}`);
    await engine.stop();
    await device.close();
    log(`fresh-index: ${nodes} nodes indexed in ${took.toFixed(2)} s`);
    return { nodes, seconds: Math.round(took * 1000) / 1000 };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--nodes");
  const nodes = at > 0 ? Number(process.argv[at + 1]) : undefined;
  benchFreshIndex({ nodes }).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
