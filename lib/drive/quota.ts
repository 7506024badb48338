/**
 * Storage quotas. A user's usage is the bytes of the distinct chunks referenced by the versions in
 * the namespaces they own (their home and the folders they shared): a chunk counts once per user
 * however many files or versions hold it, and a shared folder counts for its owner only. The
 * count is kept in `users.used_bytes`: a commit adds the chunks that are new to the owner, in the
 * same transaction that references them, and is refused with QUOTA_EXCEEDED (nothing changes) if
 * that would pass the limit; deleting for good recounts exactly.
 */
import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "./actor";
import { DriveError } from "./errors";
import { rows } from "./sql";

let defaultQuotaBytes: number | null = null;

/** The limit for users without their own (CAIRN_DEFAULT_QUOTA); null: unlimited. Set at start. */
export function setDefaultQuota(bytes: number | null): void {
  defaultQuotaBytes = bytes;
}

export interface StorageInfo {
  usedBytes: number;
  /** Null: unlimited. */
  quotaBytes: number | null;
}

export async function getStorage(db: Db, actor: Actor): Promise<StorageInfo> {
  const [u] = await db
    .select({ used: users.usedBytes, quota: users.quotaBytes })
    .from(users)
    .where(eq(users.id, actor.userId));
  return { usedBytes: Number(u?.used ?? 0), quotaBytes: u?.quota ?? defaultQuotaBytes };
}

/** What a charge statement returns (`chargeSql`): usage after the charge, the limit, bytes added. */
export interface ChargeRow {
  /** Null when the namespace has no owner row (nothing was charged). */
  used_bytes: string | number | null;
  quota_bytes: string | number | null;
  added: string | number;
}

/**
 * The charge to the owner of `namespaceId` for the chunks of a version about to be inserted that
 * none of their namespaces references yet, as one `UPDATE users ... RETURNING` (a ChargeRow). It
 * can run as a CTE of the statement that inserts the version's chunk list: every part of a
 * statement sees the same snapshot, so the chunks it inserts are not counted as referenced yet.
 * Pass what it returns to `assertWithinQuota` before the transaction commits.
 */
export function chargeSql(
  namespaceId: string,
  chunkList: readonly string[],
  sizes: ReadonlyMap<string, number>,
): SQL {
  const hashes = [...new Set(chunkList)];
  const chunkSizes = hashes.map((h) => sizes.get(h)!);
  return sql`WITH owner AS (SELECT owner_id FROM namespaces WHERE id = ${namespaceId}::uuid),
        fresh AS (
          SELECT t.size FROM unnest(${sql.param(hashes)}::text[], ${sql.param(chunkSizes)}::bigint[]) AS t(hash, size)
          WHERE NOT EXISTS (
            SELECT 1 FROM version_chunks vc
            WHERE vc.namespace_id IN (SELECT id FROM namespaces WHERE owner_id = (SELECT owner_id FROM owner))
              AND vc.chunk_hash = t.hash)
        ), added AS (SELECT COALESCE(SUM(size), 0)::bigint AS bytes FROM fresh)
        UPDATE users SET used_bytes = used_bytes + (SELECT bytes FROM added)
        WHERE id = (SELECT owner_id FROM owner)
        RETURNING used_bytes, quota_bytes, (SELECT bytes FROM added) AS added`;
}

/**
 * Refuses with QUOTA_EXCEEDED (the caller's transaction must then roll back: nothing changes) when
 * a charge took its owner past their limit. No row (no owner): nothing to check.
 */
export function assertWithinQuota(
  row: ChargeRow | undefined,
  message = "there is not enough storage left for this file",
): void {
  if (!row || row.used_bytes === null) return;
  const added = Number(row.added);
  const quota = row.quota_bytes === null ? defaultQuotaBytes : Number(row.quota_bytes);
  if (added > 0 && quota !== null && Number(row.used_bytes) > quota) {
    throw new DriveError("QUOTA_EXCEEDED", message, {
      usedBytes: Number(row.used_bytes) - added,
      quotaBytes: quota,
      neededBytes: added,
    });
  }
}

/**
 * Recounts the usage of the owner of `namespaceId` exactly: after versions were deleted, and after
 * a subtree moved between two owners' namespaces. With `refuseGrowthOverQuota` (a move into
 * another owner's namespace), a recount that grew their usage past their quota throws
 * QUOTA_EXCEEDED, so the caller's transaction, and the move, change nothing.
 */
export async function recountUsage(
  tx: Db,
  namespaceId: string,
  opts: { refuseGrowthOverQuota?: boolean } = {},
): Promise<void> {
  const [row] = await rows<{
    used_bytes: string | number;
    before: string | number;
    quota_bytes: string | number | null;
  }>(
    tx,
    sql`WITH owner AS (
          SELECT u.id, u.used_bytes AS before FROM users u
          WHERE u.id = (SELECT owner_id FROM namespaces WHERE id = ${namespaceId}::uuid))
        UPDATE users u SET used_bytes = COALESCE((
          SELECT SUM(d.size) FROM (
            SELECT DISTINCT vc.chunk_hash, vc.size FROM version_chunks vc
            JOIN namespaces n ON n.id = vc.namespace_id WHERE n.owner_id = u.id) d), 0)
        FROM owner WHERE u.id = owner.id
        RETURNING u.used_bytes, owner.before, u.quota_bytes`,
  );
  if (!row || !opts.refuseGrowthOverQuota) return;
  // The growth is what the recount charged: refused past the quota like a commit's charge.
  assertWithinQuota(
    { ...row, added: Number(row.used_bytes) - Number(row.before) },
    "the owner of the destination does not have enough storage left for this",
  );
}
