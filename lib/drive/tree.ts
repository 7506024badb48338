/**
 * Tree operations: create folder, rename, move, trash, restore, delete forever.
 *
 * Each is one transaction (runMutation) that locks the namespace, checks the rules under the lock,
 * writes, and appends one journal entry whose snapshot is the node's state after the change. Each
 * returns `{ node, cursor }`: the cursor includes the change itself (read-your-writes).
 *
 * Trash: trashing a folder marks it and everything live below it with the same `trash_root_id`
 * (the folder's id); the journal gets one TRASH entry for the folder, and clients hide its subtree.
 * Restoring brings back that batch; if the original parent is gone, the item returns to the root.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type NodeRow, nodes, versionChunks, versions } from "@/db/schema";
import { assertMayChangeShareRoot, isUuid, loadNode, lockNode, namespaceInfo, present } from "./access";
import type { Actor } from "./actor";
import { DriveError } from "./errors";
import { appendJournal, type ChangeOp, encodeCursor, lockNamespace } from "./journal";
import { runMutation } from "./mutate";
import { firstFreeName, nameKey, validateName } from "./names";
import { nodePath } from "./paths";
import { recountUsage } from "./quota";
import { dissolveShareOf, journalSubtree, moveSubtreeRows, subtreeIds } from "./sharing";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { rows } from "./sql";

export interface NodeResult {
  node: NodeSnapshot;
  cursor: string;
}

/** Journals `row` as it is now and returns the mutation's result. */
async function commitChange(
  tx: Db,
  actor: Actor,
  row: NodeRow,
  op: ChangeOp,
  deleted = false,
): Promise<NodeResult> {
  const path = await nodePath(tx, row);
  const snapshot = { ...toSnapshot(row, path), ...(deleted ? { deleted: true } : {}) };
  const seq = await appendJournal(tx, row.namespaceId, actor.userId, [{ nodeId: row.id, op, snapshot }]);
  if (deleted) await dissolveShareOf(tx, actor, row, snapshot);
  return { node: await present(tx, actor, snapshot), cursor: encodeCursor({ [row.namespaceId]: seq }) };
}

/** The live sibling holding `key` under `parentId`, other than `exceptId`. */
export async function liveSibling(
  tx: Db,
  namespaceId: string,
  parentId: string,
  key: string,
  exceptId?: string,
): Promise<NodeRow | undefined> {
  const [row] = await tx
    .select()
    .from(nodes)
    .where(
      and(
        await inFolder(tx, namespaceId, parentId),
        eq(nodes.nameKey, key),
        isNull(nodes.deletedAt),
        exceptId ? ne(nodes.id, exceptId) : undefined,
      ),
    );
  return row;
}

/**
 * The nodes whose names count in folder `parentId`: its children, and in a home namespace also
 * the shared folders its owner made of a folder there (they live in their own namespace but keep
 * their place in the owner's tree, so their names stay unique there).
 */
export async function inFolder(tx: Db, namespaceId: string, parentId: string) {
  const own = and(eq(nodes.namespaceId, namespaceId), eq(nodes.parentId, parentId));
  const ns = await namespaceInfo(tx, namespaceId);
  if (ns?.kind !== "home") return own;
  return or(
    own,
    and(
      eq(nodes.parentId, parentId),
      inArray(
        nodes.id,
        sql`(SELECT root_node_id FROM namespaces WHERE owner_id = ${ns.ownerId}::text AND kind = 'shared')`,
      ),
    ),
  );
}

export async function assertNameFree(
  tx: Db,
  parent: NodeRow,
  name: string,
  exceptId?: string,
): Promise<void> {
  const clash = await liveSibling(tx, parent.namespaceId, parent.id, nameKey(name), exceptId);
  if (clash) {
    throw new DriveError("NAME_TAKEN", `"${clash.name}" already exists in this folder`, {
      existingId: clash.id,
      existingKind: clash.kind,
    });
  }
}

/** Names of live children of `parentId` whose key starts like `name`'s stem: for suffixing. */
export async function takenKeys(tx: Db, namespaceId: string, parentId: string): Promise<Set<string>> {
  const taken = await tx
    .select({ key: nodes.nameKey })
    .from(nodes)
    .where(and(await inFolder(tx, namespaceId, parentId), isNull(nodes.deletedAt)));
  return new Set(taken.map((t) => t.key));
}

export function assertLiveFolder(node: NodeRow, role = "destination"): void {
  if (node.kind !== "folder") throw new DriveError("BAD_INPUT", `the ${role} is not a folder`);
  if (node.deletedAt) throw new DriveError("CONFLICT", `the ${role} folder is in the trash`);
}

function assertNotRoot(node: NodeRow, what: string): void {
  if (node.parentId === null) throw new DriveError("BAD_INPUT", `the root folder cannot be ${what}`);
}

function assertLive(node: NodeRow): void {
  if (node.deletedAt) throw new DriveError("CONFLICT", "the item is in the trash; restore it first");
}

/**
 * The id for a node a client creates: its own proposal (so an offline client can refer to the
 * node before the server has seen it), or a fresh one. A proposal must be a UUID nobody uses.
 */
export async function newNodeId(tx: Db, proposed: string | null | undefined): Promise<string> {
  if (proposed === null || proposed === undefined) return randomUUID();
  if (!isUuid(proposed)) throw new DriveError("BAD_INPUT", "id must be a UUID", { field: "id" });
  const id = proposed.toLowerCase();
  const [taken] = await tx.select({ id: nodes.id }).from(nodes).where(eq(nodes.id, id));
  if (taken) throw new DriveError("CONFLICT", "that id is already in use", { field: "id" });
  return id;
}

export function createFolder(
  db: Db,
  actor: Actor,
  input: { parentId: string; name: string; id?: string | null; opId?: string | null },
): Promise<NodeResult> {
  const name = validateName(input.name);
  return runMutation(db, actor, "createFolder", input.opId, async (tx) => {
    const parent = await lockNode(tx, actor, input.parentId, "write");
    assertLiveFolder(parent, "parent");
    await assertNameFree(tx, parent, name);
    const now = new Date();
    const [row] = await tx
      .insert(nodes)
      .values({
        id: await newNodeId(tx, input.id),
        namespaceId: parent.namespaceId,
        parentId: parent.id,
        name,
        nameKey: nameKey(name),
        kind: "folder",
        createdAt: now,
        modifiedAt: now,
      })
      .returning();
    return commitChange(tx, actor, row!, "CREATE");
  });
}

export function rename(
  db: Db,
  actor: Actor,
  input: { id: string; name: string; opId?: string | null },
): Promise<NodeResult> {
  const name = validateName(input.name);
  return runMutation(db, actor, "rename", input.opId, async (tx) => {
    const node = await lockNode(tx, actor, input.id, "write");
    assertNotRoot(node, "renamed");
    assertLive(node);
    await assertMayChangeShareRoot(tx, actor, node);
    const [parent] = await tx.select().from(nodes).where(eq(nodes.id, node.parentId!));
    await assertNameFree(tx, parent!, name, node.id);
    const [row] = await tx
      .update(nodes)
      .set({ name, nameKey: nameKey(name), rev: sql`${nodes.rev} + 1` })
      .where(eq(nodes.id, node.id))
      .returning();
    return commitChange(tx, actor, row!, "RENAME");
  });
}

/** The ids from `nodeId` up to its namespace root, `nodeId` first. */
async function ancestorIds(tx: Db, nodeId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`WITH RECURSIVE up(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM nodes WHERE id = ${nodeId}
          UNION ALL
          SELECT n.id, n.parent_id, up.depth + 1 FROM nodes n JOIN up ON n.id = up.parent_id
        ) SELECT id FROM up ORDER BY depth`,
  );
  return found.map((r) => r.id);
}

export function move(
  db: Db,
  actor: Actor,
  input: { id: string; parentId: string; name?: string | null; opId?: string | null },
): Promise<NodeResult> {
  const newName = input.name === null || input.name === undefined ? undefined : validateName(input.name);
  return runMutation(db, actor, "move", input.opId, async (tx) => {
    // Both namespaces are locked in one order (by id), so two moves in opposite directions
    // between the same namespaces cannot deadlock.
    const peekNode = await loadNode(tx, actor, input.id, "write");
    const peekTarget = await loadNode(tx, actor, input.parentId, "write");
    for (const ns of [...new Set([peekNode.namespaceId, peekTarget.namespaceId])].sort()) {
      await lockNamespace(tx, ns);
    }
    const node = await lockNode(tx, actor, peekNode.id, "write");
    const target = await lockNode(tx, actor, peekTarget.id, "write");
    assertNotRoot(node, "moved");
    assertLive(node);
    await assertMayChangeShareRoot(tx, actor, node);
    assertLiveFolder(target);
    if ((await ancestorIds(tx, target.id)).includes(node.id)) {
      throw new DriveError("BAD_INPUT", "a folder cannot be moved into itself or one of its subfolders", {
        reason: "cycle",
      });
    }
    const name = newName ?? node.name;
    await assertNameFree(tx, target, name, node.id);
    if (target.namespaceId !== node.namespaceId) {
      // A shared folder itself moves within its owner's drive (it stays its own namespace);
      // anything else changes namespace, with everything below it.
      const ns = await namespaceInfo(tx, node.namespaceId);
      const movingShare = ns?.kind === "shared" && ns.rootNodeId === node.id;
      if (movingShare && target.namespaceId !== actor.homeNamespaceId) {
        throw new DriveError("BAD_INPUT", "a shared folder cannot be put inside another shared folder", {
          reason: "nested-share",
        });
      }
      if (!movingShare) return moveAcross(tx, actor, node, target, name);
    }
    const [row] = await tx
      .update(nodes)
      .set({ parentId: target.id, name, nameKey: nameKey(name), rev: sql`${nodes.rev} + 1` })
      .where(eq(nodes.id, node.id))
      .returning();
    return commitChange(tx, actor, row!, "MOVE");
  });
}

/**
 * Moves a node and its subtree into a folder of another namespace (into or out of a shared
 * folder), under both namespaces' locks: the rows change namespace (docs/sharing.md), the old
 * namespace's journal gets a DELETE of the node (devices that follow only it drop the subtree),
 * and the new one a CREATE of every node, parents first (devices that follow it get the subtree;
 * a device that follows both keeps it, since a DELETE only removes a node held in the namespace it
 * names). Storage is recounted for both owners; a move that would take the destination's owner
 * past their quota is refused with QUOTA_EXCEEDED and changes nothing.
 */
async function moveAcross(
  tx: Db,
  actor: Actor,
  node: NodeRow,
  target: NodeRow,
  name: string,
): Promise<NodeResult> {
  const from = node.namespaceId;
  const to = target.namespaceId;
  const ids = await subtreeIds(tx, node.id, from);
  await assertHoldsNoShare(tx, node, ids.slice(1));
  const before = toSnapshot(node, await nodePath(tx, node));
  await moveSubtreeRows(tx, ids, from, to);
  const [moved] = await tx
    .update(nodes)
    .set({ parentId: target.id, name, nameKey: nameKey(name) })
    .where(eq(nodes.id, node.id))
    .returning();
  const gone = { ...before, rev: moved!.rev, deleted: true };
  const fromSeq = await appendJournal(tx, from, actor.userId, [
    { nodeId: node.id, op: "DELETE", snapshot: gone },
  ]);
  await journalSubtree(tx, actor, to, ids);
  const [head] = await rows<{ seq: string | number }>(
    tx,
    sql`SELECT seq FROM namespaces WHERE id = ${to}::uuid`,
  );
  await recountUsage(tx, from);
  if ((await namespaceInfo(tx, from))?.ownerId !== (await namespaceInfo(tx, to))?.ownerId) {
    // The destination's owner pays for what they did not hold yet: refused past their quota.
    await recountUsage(tx, to, { refuseGrowthOverQuota: true });
  }
  const snapshot = toSnapshot(moved!, await nodePath(tx, moved!));
  return {
    node: await present(tx, actor, snapshot),
    cursor: encodeCursor({ [from]: fromSeq, [to]: Number(head!.seq) }),
  };
}

/**
 * Ids of every node below `root` (not itself) in its namespace, whatever their state. A shared
 * folder placed below it is another namespace and is not included (see assertHoldsNoShare).
 */
export async function descendantIds(
  tx: Db,
  root: Pick<NodeRow, "id" | "namespaceId">,
  onlyLive: boolean,
): Promise<string[]> {
  const live = onlyLive ? sql`AND n.deleted_at IS NULL` : sql``;
  const ns = root.namespaceId;
  const found = await rows<{ id: string }>(
    tx,
    sql`WITH RECURSIVE sub(id) AS (
          SELECT n.id FROM nodes n WHERE n.parent_id = ${root.id} AND n.namespace_id = ${ns}::uuid ${live}
          UNION ALL
          SELECT n.id FROM nodes n JOIN sub ON n.parent_id = sub.id WHERE n.namespace_id = ${ns}::uuid ${live}
        ) SELECT id FROM sub`,
  );
  return found.map((r) => r.id);
}

/**
 * Refuses to trash a folder that holds a shared folder: the share would vanish from its owner's
 * tree while its members keep using it. Move the shared folder out first.
 */
async function assertHoldsNoShare(tx: Db, folder: NodeRow, below: string[]): Promise<void> {
  if (folder.kind !== "folder") return;
  const ns = await namespaceInfo(tx, folder.namespaceId);
  if (ns?.kind !== "home") return;
  const [held] = await rows<{ name: string }>(
    tx,
    sql`SELECT n.name FROM namespaces s JOIN nodes n ON n.id = s.root_node_id
        WHERE s.kind = 'shared' AND s.owner_id = ${ns.ownerId}::text
          AND n.parent_id = ANY(${sql.param([folder.id, ...below])}::uuid[])
        LIMIT 1`,
  );
  if (held) {
    throw new DriveError(
      "CONFLICT",
      `this folder holds the shared folder "${held.name}"; move that out first`,
      {
        reason: "holds-share",
      },
    );
  }
}

export function trash(
  db: Db,
  actor: Actor,
  input: { id: string; opId?: string | null },
): Promise<NodeResult> {
  return runMutation(db, actor, "trash", input.opId, async (tx) => {
    const node = await lockNode(tx, actor, input.id, "write");
    assertNotRoot(node, "trashed");
    assertLive(node);
    await assertMayChangeShareRoot(tx, actor, node);
    const now = new Date();
    const below = await descendantIds(tx, node, true);
    await assertHoldsNoShare(tx, node, below);
    if (below.length > 0) {
      await tx.update(nodes).set({ deletedAt: now, trashRootId: node.id }).where(inArray(nodes.id, below));
    }
    const [row] = await tx
      .update(nodes)
      .set({ deletedAt: now, trashRootId: node.id, rev: sql`${nodes.rev} + 1` })
      .where(eq(nodes.id, node.id))
      .returning();
    return commitChange(tx, actor, row!, "TRASH");
  });
}

export function restore(
  db: Db,
  actor: Actor,
  input: { id: string; opId?: string | null },
): Promise<NodeResult> {
  return runMutation(db, actor, "restore", input.opId, async (tx) => {
    const node = await lockNode(tx, actor, input.id, "write");
    if (!node.deletedAt) throw new DriveError("CONFLICT", "the item is not in the trash");
    const batch = node.trashRootId ?? node.id;
    await assertMayChangeShareRoot(tx, actor, node);
    // Where it goes back to: its parent if that is live, else the top of its namespace (for a
    // shared folder itself: its owner's home root).
    const [parent] = await tx.select().from(nodes).where(eq(nodes.id, node.parentId!));
    let target = parent!;
    if (target.deletedAt) {
      const ns = (await namespaceInfo(tx, node.namespaceId))!;
      const topId =
        ns.kind === "shared" && ns.rootNodeId === node.id
          ? (await namespaceInfo(tx, actor.homeNamespaceId))!.rootNodeId
          : ns.rootNodeId;
      const [top] = await tx.select().from(nodes).where(eq(nodes.id, topId));
      target = top!;
    }
    const taken = await takenKeys(tx, target.namespaceId, target.id);
    const name = firstFreeName(node.name, (k) => taken.has(k), node.kind === "folder");
    const below = await descendantIds(tx, node, false);
    if (below.length > 0) {
      await tx
        .update(nodes)
        .set({ deletedAt: null, trashRootId: null })
        .where(and(inArray(nodes.id, below), eq(nodes.trashRootId, batch)));
    }
    const [row] = await tx
      .update(nodes)
      .set({
        deletedAt: null,
        trashRootId: null,
        parentId: target.id,
        name,
        nameKey: nameKey(name),
        rev: sql`${nodes.rev} + 1`,
      })
      .where(eq(nodes.id, node.id))
      .returning();
    return commitChange(tx, actor, row!, "RESTORE");
  });
}

export function deleteForever(
  db: Db,
  actor: Actor,
  input: { id: string; opId?: string | null },
): Promise<NodeResult> {
  return runMutation(db, actor, "deleteForever", input.opId, async (tx) => {
    const node = await lockNode(tx, actor, input.id, "write");
    assertNotRoot(node, "deleted");
    await assertMayChangeShareRoot(tx, actor, node);
    if (!node.deletedAt)
      throw new DriveError("CONFLICT", "move the item to the trash before deleting it forever");
    const doomed = [node.id, ...(await descendantIds(tx, node, false))];
    const result = await commitChange(tx, actor, { ...node, rev: node.rev + 1 }, "DELETE", true);
    for (let i = 0; i < doomed.length; i += 1000) {
      const ids = doomed.slice(i, i + 1000);
      const vs = await tx
        .select({ id: versions.id })
        .from(versions)
        .where(and(eq(versions.namespaceId, node.namespaceId), inArray(versions.nodeId, ids)));
      if (vs.length > 0) {
        await tx.delete(versionChunks).where(
          and(
            eq(versionChunks.namespaceId, node.namespaceId),
            inArray(
              versionChunks.versionId,
              vs.map((v) => v.id),
            ),
          ),
        );
        await tx.delete(versions).where(
          inArray(
            versions.id,
            vs.map((v) => v.id),
          ),
        );
      }
      await tx.delete(nodes).where(inArray(nodes.id, ids));
      // A link outlives nothing it opened: a later node given the same id must not inherit it.
      await tx.execute(
        sql`UPDATE links SET revoked_at = now() WHERE revoked_at IS NULL AND node_id = ANY(${sql.param(ids)}::uuid[])`,
      );
    }
    await recountUsage(tx, node.namespaceId);
    return result;
  });
}
