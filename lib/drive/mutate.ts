/**
 * Runs one mutation as one transaction, with idempotent replay by client op id.
 *
 * A client that does not know whether its request arrived (timeout, lost response, offline
 * replay) sends it again with the same `opId`. The first run stores its JSON result in
 * `applied_ops` in the same transaction as the change; any later run with that opId returns the
 * stored result and changes nothing. Failed runs store nothing (they changed nothing either).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { appliedOps } from "@/db/schema";
import type { Actor } from "./actor";
import { DriveError } from "./errors";
import { sqlState, UNIQUE_VIOLATION } from "./sql";

const OP_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export function validateOpId(opId: string | null | undefined): string | undefined {
  if (opId === null || opId === undefined) return undefined;
  if (typeof opId !== "string" || !OP_ID_RE.test(opId)) {
    throw new DriveError("BAD_INPUT", "opId must be 1-128 characters of A-Z a-z 0-9 . _ : -", {
      field: "opId",
    });
  }
  return opId;
}

async function storedResult<T>(db: Db, actor: Actor, opId: string, mutation: string): Promise<T | undefined> {
  const [row] = await db
    .select()
    .from(appliedOps)
    .where(and(eq(appliedOps.userId, actor.userId), eq(appliedOps.opId, opId)));
  if (!row) return undefined;
  if (row.mutation !== mutation) {
    throw new DriveError("BAD_INPUT", `opId was already used for a different operation (${row.mutation})`, {
      field: "opId",
    });
  }
  return row.result as T;
}

class ConcurrentReplay extends Error {}

export async function runMutation<T>(
  db: Db,
  actor: Actor,
  mutation: string,
  opIdInput: string | null | undefined,
  body: (tx: Db) => Promise<T>,
): Promise<T> {
  const opId = validateOpId(opIdInput);
  if (opId) {
    const previous = await storedResult<T>(db, actor, opId, mutation);
    if (previous !== undefined) return previous;
  }
  try {
    return await db.transaction(async (tx) => {
      if (opId) {
        // Duplicates of one op (a client retrying while the first try still runs) queue here, and
        // each one after the first finds the stored result.
        await tx.execute(
          sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${actor.userId}/${opId}`}, 0))`,
        );
        const previous = await storedResult<T>(tx as unknown as Db, actor, opId, mutation);
        if (previous !== undefined) return previous;
      }
      const result = await body(tx as unknown as Db);
      if (opId) {
        const inserted = await tx
          .insert(appliedOps)
          .values({ userId: actor.userId, opId, mutation, result: result as object })
          .onConflictDoNothing()
          .returning({ opId: appliedOps.opId });
        // The same op ran concurrently and committed first: undo ours, return theirs.
        if (inserted.length === 0) throw new ConcurrentReplay();
      }
      return result;
    });
  } catch (error) {
    if (opId && (error instanceof ConcurrentReplay || sqlState(error) === UNIQUE_VIOLATION)) {
      const previous = await storedResult<T>(db, actor, opId, mutation);
      if (previous !== undefined) return previous;
    }
    throw error;
  }
}
