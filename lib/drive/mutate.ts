/**
 * Runs one mutation as one transaction, with idempotent replay by client op id.
 *
 * A client that does not know whether its request arrived (timeout, lost response, offline
 * replay) sends it again with the same `opId`. The first run stores its JSON result in
 * `applied_ops` in the same transaction as the change; any later run with that opId returns the
 * stored result and changes nothing. Failed runs store nothing (they changed nothing either).
 *
 * The transaction first claims the op id by inserting its `applied_ops` row (`ON CONFLICT DO
 * NOTHING`), and fills in the result at the end. A duplicate that arrives while the first run is
 * still in flight waits on that row's unique key until the first run commits (then finds its
 * result) or rolls back (then runs itself). The conflict check reads the latest committed row,
 * whatever the statement's snapshot, so no run can miss a committed first run.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { appliedOps } from "@/db/schema";
import type { Actor } from "./actor";
import { DriveError } from "./errors";
import { retryingTransaction, rows, sqlState, UNIQUE_VIOLATION } from "./sql";

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

/**
 * A body's result with writes still in flight that the result does not depend on (the journal
 * append, say): runMutation records the result alongside them, so they share a round trip, and
 * waits for all of them before the transaction commits. If any fails, nothing commits.
 */
export class WithPendingWrites<T> {
  constructor(
    readonly result: T,
    readonly pending: Promise<unknown>,
  ) {}
}

/**
 * Starts a query now so it can be awaited later: it goes out together with queries started right
 * after it (one round trip on PostgreSQL), and a rejection before it is awaited is not an unhandled
 * one (it still reaches whoever awaits the returned promise).
 */
export function later<T>(query: PromiseLike<T>): Promise<T> {
  const promise = Promise.resolve(query);
  promise.catch(() => {});
  return promise;
}

/** Whether a promise rejects (its error is someone else's to report). */
const rejected = (promise: Promise<unknown>): Promise<boolean> =>
  promise.then(
    () => false,
    () => true,
  );

/** Stands in for the result while the op runs; nobody else ever sees it (the row is uncommitted). */
const PENDING = sql`'null'::jsonb`;

export function runMutation<T>(
  db: Db,
  actor: Actor,
  mutation: string,
  opIdInput: string | null | undefined,
  body: (tx: Db) => Promise<T | WithPendingWrites<T>>,
): Promise<T> {
  return runMutationAfter(db, actor, mutation, opIdInput, undefined, body);
}

/**
 * `runMutation` whose body begins with `first`: a statement that is harmless to run for a replay
 * too (taking the namespace lock, say). It goes out right behind the op id's claim, so both take
 * one round trip, and the body gets its answer. A replay returns the stored result whatever
 * `first` answered; otherwise an error of `first` is the mutation's.
 */
export async function runMutationAfter<T, F>(
  db: Db,
  actor: Actor,
  mutation: string,
  opIdInput: string | null | undefined,
  first: ((tx: Db) => Promise<F>) | undefined,
  body: (tx: Db, first: F) => Promise<T | WithPendingWrites<T>>,
): Promise<T> {
  const opId = validateOpId(opIdInput);
  try {
    return await retryingTransaction(() => transactionBody(db, actor, mutation, opId, first, body));
  } catch (error) {
    if (opId && (error instanceof ConcurrentReplay || sqlState(error) === UNIQUE_VIOLATION)) {
      const previous = await storedResult<T>(db, actor, opId, mutation);
      if (previous !== undefined) return previous;
    }
    throw error;
  }
}

function transactionBody<T, F>(
  db: Db,
  actor: Actor,
  mutation: string,
  opId: string | undefined,
  first: ((tx: Db) => Promise<F>) | undefined,
  body: (tx: Db, first: F) => Promise<T | WithPendingWrites<T>>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // Plain SQL for the two statements every op runs (the claim and, below, its result):
    // building them with the query builder cost more than running them.
    const claim = opId
      ? later(
          rows<{ op_id: string }>(
            tx as unknown as Db,
            sql`INSERT INTO applied_ops (user_id, op_id, mutation, result)
                VALUES (${actor.userId}::text, ${opId}::text, ${mutation}::text, ${PENDING})
                ON CONFLICT DO NOTHING RETURNING op_id`,
          ),
        )
      : undefined;
    // Runs after the claim on the same connection: a replay that waits on the first run's claim
    // holds nothing (no namespace lock) meanwhile.
    const firstRead = first ? later(first(tx as unknown as Db)) : undefined;
    if (opId && claim) {
      const claimed = await claim;
      if (claimed.length === 0) {
        // Applied before (a new statement sees the row: its transaction has committed). If
        // `first` failed (its error may have aborted this transaction), the stored result is
        // read after the rollback instead (runMutation's catch).
        if (firstRead && (await rejected(firstRead))) throw new ConcurrentReplay();
        const previous = await storedResult<T>(tx as unknown as Db, actor, opId, mutation);
        if (previous !== undefined) return previous;
        throw new ConcurrentReplay(); // deleted meanwhile: cannot happen today; never guess
      }
    }
    const outcome = await body(tx as unknown as Db, (await firstRead) as F);
    const pending = outcome instanceof WithPendingWrites ? outcome.pending : undefined;
    const result = outcome instanceof WithPendingWrites ? outcome.result : outcome;
    const recorded = opId
      ? later(
          tx.execute(
            sql`UPDATE applied_ops SET result = ${JSON.stringify(result)}::jsonb
                WHERE user_id = ${actor.userId}::text AND op_id = ${opId}::text`,
          ),
        )
      : undefined;
    await pending;
    await recorded;
    return result;
  });
}
