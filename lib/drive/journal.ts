/**
 * The journal: each namespace's gapless, ordered change feed.
 *
 * A mutation locks its namespace row first (`lockNamespace`), which serialises writers of one
 * namespace; it then takes the next numbers with `UPDATE namespaces SET seq = seq + k RETURNING
 * seq` and inserts its entries, all in the same transaction. So a namespace's seqs have no gaps and
 * commit in order: a reader that has seen seq n and reads `seq > n` never skips a row. A NOTIFY on
 * `cairn_journal` (payload `namespaceId:seq`) is issued in the transaction, and PostgreSQL delivers
 * it only after commit. See docs/sync-protocol.md.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { namespaces } from "@/db/schema";
import { DriveError } from "./errors";
import type { NodeSnapshot } from "./snapshot";
import { rows } from "./sql";

export const JOURNAL_CHANNEL = "cairn_journal";

export const CHANGE_OPS = ["CREATE", "RENAME", "MOVE", "EDIT", "TRASH", "RESTORE", "DELETE"] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

export interface JournalEntryInput {
  nodeId: string;
  op: ChangeOp;
  snapshot: NodeSnapshot;
}

export interface ChangeEntry {
  namespaceId: string;
  seq: number;
  op: ChangeOp;
  node: NodeSnapshot;
  createdAt: string;
}

/** Locks the namespace for the rest of the transaction and returns its current seq. */
export async function lockNamespace(tx: Db, namespaceId: string): Promise<number> {
  const [row] = await tx
    .select({ seq: namespaces.seq })
    .from(namespaces)
    .where(eq(namespaces.id, namespaceId))
    .for("update");
  if (!row) throw new DriveError("NOT_FOUND", "namespace not found");
  return Number(row.seq);
}

/**
 * Appends entries in order; returns the seq of the last one. Call inside the mutation's transaction.
 * One statement: takes the numbers, inserts the entries and queues the NOTIFY.
 */
export async function appendJournal(
  tx: Db,
  namespaceId: string,
  actorId: string,
  entries: JournalEntryInput[],
): Promise<number> {
  if (entries.length === 0) throw new Error("appendJournal needs at least one entry");
  // Arrays of text keep the statement's shape (and so its prepared plan) the same for any count.
  const nodeIds = entries.map((e) => e.nodeId);
  const ops = entries.map((e) => e.op);
  const snapshots = entries.map((e) => JSON.stringify(e.snapshot));
  const [row] = await rows<{ seq: string | number }>(
    tx,
    sql`WITH taken AS (
          UPDATE namespaces SET seq = seq + ${entries.length}::bigint WHERE id = ${namespaceId}::uuid
          RETURNING seq
        ), appended AS (
          INSERT INTO journal (namespace_id, seq, node_id, op, snapshot, actor_id)
          SELECT ${namespaceId}::uuid, taken.seq - ${entries.length}::bigint + e.ord, e.node_id::uuid, e.op,
            e.snapshot::jsonb, ${actorId}::text
          FROM taken,
            unnest(${sql.param(nodeIds)}::text[], ${sql.param(ops)}::text[], ${sql.param(snapshots)}::text[])
              WITH ORDINALITY AS e(node_id, op, snapshot, ord)
        )
        SELECT seq, pg_notify(${JOURNAL_CHANNEL}::text, ${`${namespaceId}:`}::text || seq::text) FROM taken`,
  );
  if (!row) throw new DriveError("NOT_FOUND", "namespace not found");
  return Number(row.seq);
}

// ---------------------------------------------------------------------------------------------
// Cursors

/** Positions per namespace: the last seq a device has applied. */
export type CursorPositions = Record<string, number>;

const CURSOR_PREFIX = "c1.";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(positions: CursorPositions): string {
  const sorted = Object.fromEntries(Object.entries(positions).sort(([a], [b]) => a.localeCompare(b)));
  return CURSOR_PREFIX + Buffer.from(JSON.stringify(sorted)).toString("base64url");
}

/** Parses an opaque cursor; throws CURSOR_INVALID for anything we did not make. */
export function decodeCursor(cursor: string | null | undefined): CursorPositions {
  if (cursor === null || cursor === undefined || cursor === "") return {};
  const invalid = () => new DriveError("CURSOR_INVALID", "the cursor is not one this server issued");
  if (typeof cursor !== "string" || !cursor.startsWith(CURSOR_PREFIX) || cursor.length > 65_536)
    throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor.slice(CURSOR_PREFIX.length), "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid();
  const out: CursorPositions = {};
  for (const [ns, seq] of Object.entries(parsed)) {
    if (!UUID_RE.test(ns) || !Number.isSafeInteger(seq) || (seq as number) < 0) throw invalid();
    out[ns] = seq as number;
  }
  return out;
}

/** The later of two cursors' positions, namespace by namespace. */
export function mergePositions(a: CursorPositions, b: CursorPositions): CursorPositions {
  const out = { ...a };
  for (const [ns, seq] of Object.entries(b)) out[ns] = Math.max(out[ns] ?? 0, seq);
  return out;
}

export const MAX_CHANGES_PAGE = 1000;

/** Recently committed entries kept in memory (see ChangeNotifier): a shortcut, never the truth. */
export interface RecentEntries {
  /**
   * Entries after `seq` (up to `limit`), contiguous from `seq + 1`, when `seq` is at most the last
   * seq the cache read from the journal; else undefined. It may lack the newest entries (those whose
   * notification is still on its way or being read): their arrival wakes the subscribers.
   */
  after(namespaceId: string, seq: number, limit: number): ChangeEntry[] | undefined;
}

/** Journal entries of one namespace with `from < seq <= to` (to: unbounded), in order. */
export async function readJournal(
  db: Db,
  namespaceId: string,
  from: number,
  limit: number,
  to?: number,
): Promise<ChangeEntry[]> {
  // Plain SQL rather than the query builder: this read is on the way of every live delivery
  // (ChangeNotifier), and building and mapping the query cost more than running it.
  const found = await rows<{
    seq: string | number;
    op: ChangeOp;
    snapshot: NodeSnapshot;
    created_at: string | Date;
  }>(
    db,
    sql`SELECT seq, op, snapshot, created_at FROM journal
        WHERE namespace_id = ${namespaceId}::uuid AND seq > ${from}::bigint
          ${to === undefined ? sql`` : sql`AND seq <= ${to}::bigint`}
        ORDER BY seq LIMIT ${limit}::int`,
  );
  return found.map((row) => ({
    namespaceId,
    seq: Number(row.seq),
    op: row.op,
    node: row.snapshot,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/**
 * Reads entries after `positions` for the given namespaces (those the caller may read), in seq
 * order per namespace, at most `first` in all. The returned positions include every entry returned.
 * `recent` (optional) serves live subscribers from memory; the journal answers the rest.
 */
export async function readChanges(
  db: Db,
  namespaceIds: string[],
  positions: CursorPositions,
  first: number,
  recent?: RecentEntries,
): Promise<{ entries: ChangeEntry[]; positions: CursorPositions; hasMore: boolean }> {
  const limit = Math.max(1, Math.min(first, MAX_CHANGES_PAGE));
  const next: CursorPositions = {};
  const entries: ChangeEntry[] = [];
  let hasMore = false;
  for (const ns of [...namespaceIds].sort()) {
    const from = positions[ns] ?? 0;
    next[ns] = from;
    const room = limit - entries.length;
    const recentPage = recent?.after(ns, from, room + 1);
    const page = recentPage ?? (await readJournal(db, ns, from, room + 1));
    // The cache answers only at or below a seq it read from the journal, so `from` is reached.
    if (page.length === 0 && from > 0 && !recentPage) {
      // Nothing after `from`: make sure `from` is a position this journal has reached.
      const [head] = await db.select({ seq: namespaces.seq }).from(namespaces).where(eq(namespaces.id, ns));
      if (head && from > Number(head.seq)) {
        throw new DriveError("CURSOR_INVALID", "the cursor is ahead of this server's journal", {
          namespaceId: ns,
        });
      }
    }
    if (page.length > room) hasMore = true;
    for (const entry of page.slice(0, Math.max(0, room))) {
      entries.push(entry);
      next[ns] = entry.seq;
    }
  }
  return { entries, positions: next, hasMore };
}
