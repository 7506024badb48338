/**
 * What to do when the server refuses a queued op for good: the replay decision table. One pure
 * function, table-tested (replay.test.ts); the engine applies its answer.
 *
 * Rule zero: content is never dropped. A commitFile is rewritten until it can apply, or parked
 * for the user, never discarded. Tree ops that cannot apply any more are dropped (rolled back)
 * with a notice: what they would have changed no longer exists, or is in the trash.
 *
 * | op            | error                                   | resolution                                              |
 * |---------------|-----------------------------------------|---------------------------------------------------------|
 * | createFolder  | NAME_TAKEN                              | retry as `name (n)`, the next free suffix               |
 * | createFolder  | NOT_FOUND, CONFLICT (parent gone/trash) | retry in the nearest visible folder above, else root    |
 * | createFolder  | CONFLICT field=id (id in use)           | drop                                                    |
 * | rename        | NAME_TAKEN                              | retry as `name (n)`                                     |
 * | rename        | NOT_FOUND, CONFLICT (gone / in trash)   | drop                                                    |
 * | move          | NAME_TAKEN                              | retry with `name (n)` at the destination               |
 * | move          | NOT_FOUND, CONFLICT, BAD_INPUT (cycle)  | drop: the item stays where it is                        |
 * | trash         | NOT_FOUND, CONFLICT                     | drop: already gone or already in the trash              |
 * | restore       | CONFLICT (not in trash)                 | drop: already back                                      |
 * | restore       | NOT_FOUND                               | drop: deleted for good elsewhere                        |
 * | deleteForever | NOT_FOUND                               | drop: already gone                                      |
 * | deleteForever | CONFLICT (restored or edited meanwhile) | drop: the other change wins, the item stays             |
 * | commitFile    | NOT_FOUND, file gone from the index     | retry as a new file (without fileId/baseVersionId)      |
 * | commitFile    | NOT_FOUND, CONFLICT (parent gone/trash) | retry in the nearest visible folder above, else root    |
 * | commitFile    | NOT_FOUND in the root, with a base      | retry as a new file                                     |
 * | commitFile    | CONFLICT field=id                       | retry without the proposed id                           |
 * | commitFile    | anything else                           | park: keep the content, tell the user                   |
 * | any other     | anything else (NAME_INVALID, ...)       | drop with an error notice                               |
 *
 * (A stale base is not a failure: the server saves a conflicted copy and the result says so.)
 * Notices are for people: they name the item and say why in words (`refusalReason`), never the
 * server's message or a raw code.
 * Every retry makes progress (a higher suffix, a folder higher up, fewer fields), so a chain of
 * retries ends even when the index lags behind the server.
 */

import type { SyncErrorInfo } from "./errors";
import { nameKey, nextFreeName } from "./names";
import type { IndexReader } from "./node-index";
import { refusalReason, type SyncNotice } from "./notices";
import type { OpArgs, PendingOp } from "./outbox";
import { nearestVisibleAncestor, rootOf } from "./tree-view";

export type ReplayResolution =
  | { retryWith: PendingOp["args"]; notice: SyncNotice }
  | { drop: true; notice?: SyncNotice }
  | { park: true; notice: SyncNotice };

export type ReplayPolicy = (op: PendingOp, error: SyncErrorInfo, index: IndexReader) => ReplayResolution;

/** Names of the live children of `parentId` (keys), for picking a free suffix. */
function takenIn(index: IndexReader, parentId: string, exceptId?: string): (key: string) => boolean {
  const keys = new Set(
    index
      .childrenOf(parentId)
      .filter((c) => c.id !== exceptId && c.trashedAt === null)
      .map((c) => nameKey(c.name)),
  );
  return (key) => keys.has(key);
}

/** “name” of a node for a notice, or "The item" when the index does not know it. */
function nameOf(index: IndexReader, id: string): string {
  const node = index.get(id);
  return node ? `“${node.name}”` : "The item";
}

/** The folder to retry in when `parentId` is gone or trashed: strictly above it, else the root. */
function fallbackParent(index: IndexReader, parentId: string): string | undefined {
  const above = index.get(parentId) ? nearestVisibleAncestor(index, parentId) : rootOf(index);
  return above && above.id !== parentId ? above.id : undefined;
}

export const resolveReplayFailure: ReplayPolicy = (op, error, index) => {
  const code = error.code ?? "";
  const base = { opId: op.opId, nodeId: undefined as string | undefined };
  const drop = (
    level: SyncNotice["level"],
    noticeCode: SyncNotice["code"],
    message: string,
  ): ReplayResolution => ({
    drop: true,
    notice: { ...base, nodeId: (op.args as { id?: string }).id, level, code: noticeCode, message },
  });
  const parentGone = code === "NOT_FOUND" || (code === "CONFLICT" && error.details?.field !== "id");

  switch (op.kind) {
    case "createFolder": {
      const a = op.args;
      const notice = (code: SyncNotice["code"], message: string): SyncNotice => ({
        ...base,
        nodeId: a.id,
        level: "warning",
        code,
        message,
      });
      if (code === "NAME_TAKEN") {
        const name = nextFreeName(op.intent.name, a.name, takenIn(index, a.parentId), true);
        return {
          retryWith: { ...a, name } satisfies OpArgs["createFolder"],
          notice: notice(
            "renamed",
            `A folder named “${op.intent.name}” already existed; yours was created as “${name}”.`,
          ),
        };
      }
      if (parentGone) {
        const parentId = fallbackParent(index, a.parentId);
        if (parentId) {
          return {
            retryWith: { ...a, parentId },
            notice: notice(
              "relocated",
              `The folder for “${a.name}” was deleted or moved to the trash elsewhere; “${a.name}” was created higher up instead.`,
            ),
          };
        }
      }
      return drop(
        "error",
        "dropped",
        `The folder “${a.name}” could not be created: ${refusalReason(error)}.`,
      );
    }

    case "rename":
    case "move": {
      const a = op.args;
      const node = index.get(a.id);
      const wanted = op.kind === "rename" ? op.args.name : (op.args.name ?? node?.name);
      if (code === "NAME_TAKEN" && wanted !== undefined) {
        const parentId = op.kind === "move" ? op.args.parentId : node?.parentId;
        const intended = op.kind === "rename" ? op.intent.name : (op.intent.name ?? wanted);
        const taken = parentId ? takenIn(index, parentId, a.id) : () => false;
        const name = nextFreeName(intended, wanted, taken, node?.kind === "folder");
        return {
          retryWith: { ...a, name },
          notice: {
            ...base,
            nodeId: a.id,
            level: "warning",
            code: "renamed",
            message: `The name “${intended}” was already taken; the item is now called “${name}”.`,
          },
        };
      }
      const what = node ? `“${node.name}”` : "An item";
      const gone = code === "NOT_FOUND" || code === "CONFLICT";
      const why = gone ? "it was deleted or moved to the trash elsewhere" : refusalReason(error);
      return drop(
        gone ? "warning" : "error",
        "dropped",
        op.kind === "rename"
          ? `${what} could not be renamed to “${op.intent.name}”: ${why}. Its name was not changed.`
          : `${what} could not be moved: ${why}. It stays where it was.`,
      );
    }

    case "trash":
      if (code === "NOT_FOUND" || code === "CONFLICT")
        return drop("info", "already-done", `${nameOf(index, op.args.id)} was already gone or in the trash.`);
      return drop(
        "error",
        "dropped",
        `${nameOf(index, op.args.id)} could not be moved to the trash: ${refusalReason(error)}.`,
      );

    case "restore":
      if (code === "CONFLICT")
        return drop("info", "already-done", `${nameOf(index, op.args.id)} was already restored elsewhere.`);
      return drop(
        "warning",
        "dropped",
        code === "NOT_FOUND"
          ? `${nameOf(index, op.args.id)} could not be restored: it was deleted for good elsewhere.`
          : `${nameOf(index, op.args.id)} could not be restored: ${refusalReason(error)}.`,
      );

    case "deleteForever":
      if (code === "NOT_FOUND")
        return drop("info", "already-done", `${nameOf(index, op.args.id)} was already deleted.`);
      if (code === "CONFLICT")
        return drop(
          "warning",
          "dropped",
          `${nameOf(index, op.args.id)} was restored or changed elsewhere, so it was kept.`,
        );
      return drop(
        "error",
        "dropped",
        `${nameOf(index, op.args.id)} could not be deleted: ${refusalReason(error)}.`,
      );

    case "commitFile": {
      const a = op.args;
      const nodeId = a.fileId ?? a.id;
      const notice = (code: SyncNotice["code"], message: string): SyncNotice => ({
        ...base,
        nodeId,
        level: "warning",
        code,
        message,
      });
      // A new file gets a new id from the server: reusing the gone file's id would let its old,
      // higher-rev snapshot shadow the new one under the rev rule.
      const asNew = (): OpArgs["commitFile"] => {
        const { fileId: _f, baseVersionId: _b, ...rest } = a;
        return rest;
      };
      const isEdit = a.fileId !== undefined || a.baseVersionId !== undefined;
      if (code === "NOT_FOUND" && isEdit && a.fileId !== undefined && !index.get(a.fileId)) {
        return {
          retryWith: asNew(),
          notice: notice(
            "saved-as-new",
            `“${a.name}” was deleted for good elsewhere; your version was saved as a new file.`,
          ),
        };
      }
      if (code === "CONFLICT" && error.details?.field === "id") {
        const { id: _id, ...rest } = a;
        return { retryWith: rest, notice: notice("saved-as-new", `“${a.name}” was saved under a new id.`) };
      }
      if (parentGone) {
        const parentId = fallbackParent(index, a.parentId);
        if (parentId) {
          return {
            retryWith: { ...a, parentId },
            notice: notice(
              "relocated",
              `The folder of “${a.name}” was deleted or moved to the trash elsewhere; the file was saved higher up instead.`,
            ),
          };
        }
        if (code === "NOT_FOUND" && isEdit) {
          return {
            retryWith: asNew(),
            notice: notice(
              "saved-as-new",
              `The file “${a.name}” was gone; your version was saved as a new file.`,
            ),
          };
        }
      }
      return {
        park: true,
        notice: {
          ...notice(
            "parked",
            `“${a.name}” could not be saved (${refusalReason(error)}); it is kept on this device until you retry or discard it.`,
          ),
          level: "error",
        },
      };
    }
  }
};
