/**
 * The simulation's invariants, checked after quiescence against the server's database:
 * 1. every engine's index equals the server's nodes (ids, parents, names, revs, content, trash);
 * 2. every content any client committed exists as a version (or a conflicted copy's version);
 * 3. no op was applied twice: each applied op wrote exactly one journal entry, each committed
 *    content has exactly one version, and every applied op is one an engine queued (no op went
 *    out under a second opId);
 * 4. nothing is left in any outbox (a parked op means content the engine could not place).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { appliedOps, journal, nodes, versions } from "@/db/schema";
import type { SyncEngine } from "../engine";
import type { IndexNode } from "../types";

export interface SimRecord {
  /** opId → what the op was, for every op any engine queued. */
  queued: Map<string, { client: number; kind: string }>;
  /** opIds the engines settled as done (the server said yes). */
  done: Set<string>;
  /** contentHash of every commit queued. */
  contents: Map<string, { client: number; opId: string }>;
}

export const newRecord = (): SimRecord => ({ queued: new Map(), done: new Set(), contents: new Map() });

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The server's nodes of a namespace as the index should hold them. */
export async function serverNodes(db: Db, namespaceId: string): Promise<Map<string, IndexNode>> {
  const rows = await db.select().from(nodes).where(eq(nodes.namespaceId, namespaceId));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        namespaceId: r.namespaceId,
        parentId: r.parentId,
        name: r.name,
        kind: r.kind,
        rev: r.rev,
        size: Number(r.size),
        contentHash: r.contentHash,
        mimeType: r.mimeType,
        currentVersionId: r.currentVersionId,
        createdAt: iso(r.createdAt)!,
        modifiedAt: iso(r.modifiedAt)!,
        // Only the explicitly trashed node carries trashedAt; what went with it is hidden by derivation.
        trashedAt: r.trashRootId === r.id ? iso(r.deletedAt) : null,
      },
    ]),
  );
}

const FIELDS = ["parentId", "name", "kind", "rev", "size", "contentHash", "trashedAt"] as const;

/** Differences between an engine's index and the server's nodes (empty when equal). */
export function indexDiff(
  engine: SyncEngine,
  server: Map<string, IndexNode>,
  checkVersions: boolean,
): string[] {
  const out: string[] = [];
  const mine = new Map([...engine.index.all()].map((n) => [n.id, n]));
  for (const [id, s] of server) {
    const m = mine.get(id);
    if (!m) {
      out.push(`missing ${s.kind} ${id} "${s.name}"`);
      continue;
    }
    const fields = checkVersions ? [...FIELDS, "currentVersionId" as const] : FIELDS;
    for (const f of fields)
      if (m[f] !== s[f])
        out.push(`${id} "${s.name}": ${f} is ${JSON.stringify(m[f])}, server has ${JSON.stringify(s[f])}`);
  }
  for (const [id, m] of mine) if (!server.has(id)) out.push(`extra ${m.kind} ${id} "${m.name}"`);
  return out;
}

export interface CheckInput {
  db: Db;
  namespaceId: string;
  userId: string;
  engines: SyncEngine[];
  record: SimRecord;
  /** Whether the server has File.currentVersionId (then the engines' version ids must match). */
  checkVersions: boolean;
}

export async function checkInvariants({
  db,
  namespaceId,
  userId,
  engines,
  record,
  checkVersions,
}: CheckInput): Promise<string[]> {
  const violations: string[] = [];
  const server = await serverNodes(db, namespaceId);

  engines.forEach((engine, i) => {
    for (const op of engine.pendingOps()) {
      violations.push(
        `client ${i}: op ${op.opId} (${op.kind}) still queued${op.parked ? `, parked: ${op.parked.message}` : ""}`,
      );
    }
    const diff = indexDiff(engine, server, checkVersions);
    if (diff.length > 0)
      violations.push(`client ${i}: index differs from the server:\n    ${diff.slice(0, 10).join("\n    ")}`);
  });

  const versionRows = await db
    .select({ contentHash: versions.contentHash })
    .from(versions)
    .where(eq(versions.namespaceId, namespaceId));
  const versionCount = new Map<string, number>();
  for (const v of versionRows) versionCount.set(v.contentHash, (versionCount.get(v.contentHash) ?? 0) + 1);
  for (const [hash, { client, opId }] of record.contents) {
    const n = versionCount.get(hash) ?? 0;
    if (n === 0)
      violations.push(
        `content lost: client ${client}'s commit ${opId} (${hash.slice(0, 12)}) is in no version`,
      );
    if (n > 1)
      violations.push(`content applied ${n} times: client ${client}'s commit ${opId} (${hash.slice(0, 12)})`);
  }

  const applied = await db.select().from(appliedOps).where(eq(appliedOps.userId, userId));
  const entries = await db
    .select({ seq: journal.seq })
    .from(journal)
    .where(and(eq(journal.namespaceId, namespaceId)));
  const effective = applied.filter((a) => (a.result as { unchanged?: boolean }).unchanged !== true);
  // seq 1 creates the root; every other entry was written by exactly one applied op.
  if (entries.length - 1 !== effective.length) {
    violations.push(
      `journal has ${entries.length - 1} entries but ${effective.length} ops were applied: some op wrote twice, or outside an opId`,
    );
  }
  const appliedIds = new Set(applied.map((a) => a.opId));
  for (const a of applied)
    if (!record.queued.has(a.opId))
      violations.push(`applied op ${a.opId} (${a.mutation}) was never queued by an engine`);
  for (const opId of record.done)
    if (!appliedIds.has(opId))
      violations.push(`op ${opId} was settled as done but the server never applied it`);
  return violations;
}
