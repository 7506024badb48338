/**
 * Shared folders (docs/sharing.md): a shared folder is a namespace of its own; its owner adds
 * people as editors or viewers, changes their roles and removes them. Every change is one
 * transaction and takes effect on the next request, open subscriptions included.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { links, namespaceMembers, namespaces, nodes, users, versions } from "@/db/schema";
import { assertScope, isUuid, lockNode, namespaceInfo, namespaceRole, present, type Role } from "./access";
import type { Actor } from "./actor";
import { badInput, DriveError, notFound } from "./errors";
import { appendJournal, encodeCursor, type JournalEntryInput, lockNamespace } from "./journal";
import { runMutation } from "./mutate";
import { nodePath } from "./paths";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { retryingTransaction, rows } from "./sql";

export type MemberRole = "editor" | "viewer";

export interface ShareInfo {
  /** The shared namespace's id. */
  id: string;
  rootNodeId: string;
  ownerId: string;
  /** The caller's role. */
  role: Role;
}

export interface ShareMemberInfo {
  userId: string;
  role: Role;
  addedAt: string;
}

export interface SharePayload {
  share: ShareInfo;
  cursor: string;
}

function parseMemberRole(role: unknown): MemberRole {
  const r = typeof role === "string" ? role.toLowerCase() : "";
  if (r === "editor" || r === "viewer") return r;
  throw badInput("role must be EDITOR or VIEWER", { field: "role" });
}

/** A share the actor belongs to; NOT_FOUND otherwise (or when it is not a shared namespace). */
export async function getShare(db: Db, actor: Actor, shareId: string): Promise<ShareInfo> {
  const ns = isUuid(shareId) ? await namespaceInfo(db, shareId.toLowerCase()) : undefined;
  if (ns?.kind !== "shared") throw notFound("share");
  const role = await namespaceRole(db, actor, ns.id);
  if (!role) throw notFound("share");
  // A shared folder deleted for good leaves its namespace (its journal tells devices so): no share.
  const [top] = await db.select({ id: nodes.id }).from(nodes).where(eq(nodes.id, ns.rootNodeId));
  if (!top) throw notFound("share");
  return { id: ns.id, rootNodeId: ns.rootNodeId, ownerId: ns.ownerId, role };
}

/** The share a node is in, as the actor sees it; null outside shared folders or for link holders. */
export async function shareOfNode(db: Db, actor: Actor, node: NodeSnapshot): Promise<ShareInfo | null> {
  if (actor.link) return null;
  const ns = await namespaceInfo(db, node.namespaceId);
  if (ns?.kind !== "shared") return null;
  const role = await namespaceRole(db, actor, ns.id);
  return role ? { id: ns.id, rootNodeId: ns.rootNodeId, ownerId: ns.ownerId, role } : null;
}

/** The actor's role on a node they can read (a link holder is a viewer). */
export async function roleOnNode(db: Db, actor: Actor, node: NodeSnapshot): Promise<Role> {
  if (actor.link) return "viewer";
  return (await namespaceRole(db, actor, node.namespaceId)) ?? "viewer";
}

/** Everyone with access, the owner first, then by when they were added. */
export async function listShareMembers(db: Db, actor: Actor, shareId: string): Promise<ShareMemberInfo[]> {
  const share = await getShare(db, actor, shareId);
  const [ns] = await db
    .select({ createdAt: namespaces.createdAt })
    .from(namespaces)
    .where(eq(namespaces.id, share.id));
  const members = await db
    .select()
    .from(namespaceMembers)
    .where(eq(namespaceMembers.namespaceId, share.id))
    .orderBy(asc(namespaceMembers.addedAt), asc(namespaceMembers.userId));
  return [
    { userId: share.ownerId, role: "owner", addedAt: new Date(ns!.createdAt).toISOString() },
    ...members.map((m) => ({ userId: m.userId, role: m.role, addedAt: new Date(m.addedAt).toISOString() })),
  ];
}

/** Shares other people shared with the actor (`mine: false`) or that the actor owns (`mine: true`). */
export async function listShares(db: Db, actor: Actor, mine: boolean): Promise<ShareInfo[]> {
  if (actor.link) return [];
  if (mine) {
    // Shared folders deleted for good (their top node is gone) are shares no more.
    const owned = await db
      .select({ ns: namespaces })
      .from(namespaces)
      .innerJoin(nodes, eq(nodes.id, namespaces.rootNodeId))
      .where(and(eq(namespaces.ownerId, actor.userId), eq(namespaces.kind, "shared")))
      .orderBy(asc(namespaces.createdAt));
    return owned.map(({ ns: n }) => ({
      id: n.id,
      rootNodeId: n.rootNodeId,
      ownerId: n.ownerId,
      role: "owner",
    }));
  }
  const joined = await db
    .select({ ns: namespaces, role: namespaceMembers.role })
    .from(namespaceMembers)
    .innerJoin(namespaces, eq(namespaces.id, namespaceMembers.namespaceId))
    .where(eq(namespaceMembers.userId, actor.userId))
    .orderBy(asc(namespaceMembers.addedAt));
  return joined.map((j) => ({
    id: j.ns.id,
    rootNodeId: j.ns.rootNodeId,
    ownerId: j.ns.ownerId,
    role: j.role,
  }));
}

/** The node ids of a folder's subtree in its namespace, parents before children. */
export async function subtreeIds(tx: Db, rootId: string, namespaceId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`WITH RECURSIVE sub(id, depth) AS (
          SELECT id, 0 FROM nodes WHERE id = ${rootId}::uuid
          UNION ALL
          SELECT n.id, sub.depth + 1 FROM nodes n JOIN sub ON n.parent_id = sub.id
            WHERE n.namespace_id = ${namespaceId}::uuid
        ) SELECT id FROM sub ORDER BY depth, id`,
  );
  return found.map((r) => r.id);
}

/**
 * Moves nodes (a whole subtree), their versions, chunk lists and links from namespace `from` to
 * `to`; every node's rev goes up by one, so its new snapshots win over older ones on every device.
 */
export async function moveSubtreeRows(tx: Db, ids: string[], from: string, to: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    const batch = ids.slice(i, i + 5000);
    await tx
      .update(nodes)
      .set({ namespaceId: to, rev: sql`${nodes.rev} + 1` })
      .where(inArray(nodes.id, batch));
    await tx.execute(
      sql`UPDATE version_chunks SET namespace_id = ${to}::uuid
          WHERE namespace_id = ${from}::uuid AND version_id IN
            (SELECT id FROM versions WHERE namespace_id = ${from}::uuid AND node_id = ANY(${sql.param(batch)}::uuid[]))`,
    );
    await tx
      .update(versions)
      .set({ namespaceId: to })
      .where(and(eq(versions.namespaceId, from), inArray(versions.nodeId, batch)));
    await tx.execute(
      sql`UPDATE links SET namespace_id = ${to}::uuid WHERE node_id = ANY(${sql.param(batch)}::uuid[])`,
    );
  }
}

/**
 * Journals a CREATE of every node of `ids` (parents before children) in namespace `ns`, so a
 * device that follows it gets the whole subtree. Returns the rows by id and the last seq.
 */
export async function journalSubtree(
  tx: Db,
  actor: Actor,
  ns: string,
  ids: string[],
): Promise<Map<string, typeof nodes.$inferSelect>> {
  const byId = new Map<string, typeof nodes.$inferSelect>();
  for (let i = 0; i < ids.length; i += 5000) {
    const found = await tx
      .select()
      .from(nodes)
      .where(inArray(nodes.id, ids.slice(i, i + 5000)));
    for (const row of found) byId.set(row.id, row);
  }
  const entries: JournalEntryInput[] = [];
  for (const id of ids) {
    const row = byId.get(id)!;
    entries.push({ nodeId: id, op: "CREATE", snapshot: toSnapshot(row, await nodePath(tx, row)) });
  }
  for (let i = 0; i < entries.length; i += 1000) {
    await appendJournal(tx, ns, actor.userId, entries.slice(i, i + 1000));
  }
  return byId;
}

/**
 * Turns a folder of the owner's home into a shared namespace (docs/sharing.md, steps 1-3).
 * Called under the home namespace's lock.
 */
async function convertToShare(tx: Db, actor: Actor, folder: typeof nodes.$inferSelect): Promise<string> {
  const homeNs = folder.namespaceId;
  const ids = await subtreeIds(tx, folder.id, homeNs);
  // A folder that holds a shared folder cannot be shared: namespaces do not nest.
  const [nested] = await rows<{ name: string }>(
    tx,
    sql`SELECT n.name FROM namespaces s JOIN nodes n ON n.id = s.root_node_id
        WHERE s.kind = 'shared' AND n.parent_id = ANY(${sql.param(ids)}::uuid[]) LIMIT 1`,
  );
  if (nested) {
    throw badInput(`this folder holds the shared folder "${nested.name}"; shared folders cannot be nested`, {
      reason: "nested-share",
    });
  }
  const shareId = randomUUID();
  await tx
    .insert(namespaces)
    .values({ id: shareId, kind: "shared", ownerId: actor.userId, rootNodeId: folder.id });
  await moveSubtreeRows(tx, ids, homeNs, shareId);
  // The new journal starts with the whole tree, parents first.
  const byId = await journalSubtree(tx, actor, shareId, ids);
  // Wake the owner's open feeds (they follow the home journal, not yet the new one).
  const top = byId.get(folder.id)!;
  await appendJournal(tx, homeNs, actor.userId, [{ nodeId: top.id, op: "MOVE", snapshot: toSnapshot(top) }]);
  return shareId;
}

/** The share's top folder as `userId` sees it: at the top of their drive. */
async function topAsMemberSees(tx: Db, shareId: string, memberHome: { id: string; rootNodeId: string }) {
  const ns = (await namespaceInfo(tx, shareId))!;
  const [top] = await tx.select().from(nodes).where(eq(nodes.id, ns.rootNodeId));
  const snapshot = toSnapshot(top!);
  return { ...snapshot, parentId: memberHome.rootNodeId, path: `/${snapshot.name}` };
}

async function homeOf(tx: Db, userId: string): Promise<{ id: string; rootNodeId: string }> {
  const [home] = await tx
    .select({ id: namespaces.id, rootNodeId: namespaces.rootNodeId })
    .from(namespaces)
    .where(and(eq(namespaces.ownerId, userId), eq(namespaces.kind, "home")));
  if (!home) throw notFound("user");
  return home;
}

/** Shares a folder with someone by email (making it a shared folder first if needed). Owner only. */
export function shareFolder(
  db: Db,
  actor: Actor,
  input: { folderId: string; email: string; role: string; opId?: string | null },
): Promise<SharePayload> {
  return shareItem(db, actor, { ...input, nodeId: input.folderId }, "folder");
}

/** Shares a single file with someone by email (it becomes a namespace of its own). Owner only. */
export function shareFile(
  db: Db,
  actor: Actor,
  input: { fileId: string; email: string; role: string; opId?: string | null },
): Promise<SharePayload> {
  return shareItem(db, actor, { ...input, nodeId: input.fileId }, "file");
}

function shareItem(
  db: Db,
  actor: Actor,
  input: { nodeId: string; email: string; role: string; opId?: string | null },
  kind: "file" | "folder",
): Promise<SharePayload> {
  const role = parseMemberRole(input.role);
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  if (!email || email.length > 320)
    throw badInput("give the email of the person to share with", { field: "email" });
  const mutation = kind === "folder" ? "shareFolder" : "shareFile";
  assertScope(actor, "sharing");
  return runMutation(db, actor, mutation, input.opId, async (tx) => {
    const folder = await lockNode(tx, actor, input.nodeId, "read");
    const ns = (await namespaceInfo(tx, folder.namespaceId))!;
    if (ns.ownerId !== actor.userId) {
      throw new DriveError("FORBIDDEN", "only the owner of a shared folder can share it");
    }
    if (folder.kind !== kind) {
      throw badInput(
        kind === "folder" ? "this is a file: use shareFile" : "this is a folder: use shareFolder",
        {
          field: kind === "folder" ? "folderId" : "fileId",
        },
      );
    }
    if (folder.deletedAt) throw new DriveError("CONFLICT", "the item is in the trash; restore it first");
    if (folder.parentId === null) throw badInput("your whole drive cannot be shared; share a folder in it");
    if (ns.kind === "shared" && ns.rootNodeId !== folder.id) {
      throw badInput("this folder is inside a shared folder; share that one instead", {
        reason: "nested-share",
      });
    }
    const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (!user)
      throw badInput("no one with that email has a Cairn account here", {
        field: "email",
        reason: "unknown-user",
      });
    if (user.id === actor.userId) throw badInput("you already own this folder", { field: "email" });

    const shareId = ns.kind === "shared" ? ns.id : await convertToShare(tx, actor, folder);
    await lockNamespace(tx, shareId);
    const [existing] = await tx
      .select()
      .from(namespaceMembers)
      .where(and(eq(namespaceMembers.namespaceId, shareId), eq(namespaceMembers.userId, user.id)));
    if (existing) {
      await tx
        .update(namespaceMembers)
        .set({ role })
        .where(and(eq(namespaceMembers.namespaceId, shareId), eq(namespaceMembers.userId, user.id)));
    } else {
      await tx
        .insert(namespaceMembers)
        .values({ namespaceId: shareId, userId: user.id, role, addedBy: actor.userId });
      // Tell the new member's devices (and wake their open feeds): the folder appears in their drive.
      const home = await homeOf(tx, user.id);
      const top = await topAsMemberSees(tx, shareId, home);
      await appendJournal(tx, home.id, actor.userId, [{ nodeId: top.id, op: "CREATE", snapshot: top }]);
    }
    const [head] = await tx
      .select({ seq: namespaces.seq })
      .from(namespaces)
      .where(eq(namespaces.id, shareId));
    return {
      share: { id: shareId, rootNodeId: folder.id, ownerId: actor.userId, role: "owner" as Role },
      cursor: encodeCursor({ [shareId]: Number(head!.seq) }),
    };
  });
}

async function ownedShare(tx: Db, actor: Actor, shareId: string): Promise<ShareInfo> {
  const share = await getShare(tx, actor, shareId);
  if (share.role !== "owner") throw new DriveError("FORBIDDEN", "only the owner manages who has access");
  return share;
}

/** Changes a member's role. Owner only. */
export async function setShareRole(
  db: Db,
  actor: Actor,
  input: { shareId: string; userId: string; role: string },
): Promise<SharePayload> {
  const role = parseMemberRole(input.role);
  assertScope(actor, "sharing");
  return retryingTransaction(() =>
    db.transaction(async (tx) => {
      const share = await ownedShare(tx, actor, input.shareId);
      await lockNamespace(tx, share.id);
      const updated = await tx
        .update(namespaceMembers)
        .set({ role })
        .where(
          and(eq(namespaceMembers.namespaceId, share.id), eq(namespaceMembers.userId, String(input.userId))),
        )
        .returning();
      if (updated.length === 0) throw notFound("member");
      if (role === "viewer") await revokeMemberLinks(tx, share.id, String(input.userId));
      // A new rev of the top folder in the share's journal: members' devices hear that something
      // about the share changed (and re-read their role) at once.
      const [top] = await tx
        .update(nodes)
        .set({ rev: sql`${nodes.rev} + 1` })
        .where(eq(nodes.id, share.rootNodeId))
        .returning();
      const snapshot = toSnapshot(top!, await nodePath(tx, top!));
      const seq = await appendJournal(tx, share.id, actor.userId, [
        { nodeId: top!.id, op: "EDIT", snapshot },
      ]);
      return { share, cursor: encodeCursor({ [share.id]: seq }) };
    }),
  );
}

/**
 * Revokes the links `userId` made into the share: on removal, and on a downgrade to viewer (a
 * viewer may not share, so a link made while they were an editor must not outlive the role).
 */
async function revokeMemberLinks(tx: Db, shareId: string, userId: string): Promise<void> {
  await tx
    .update(links)
    .set({ revokedAt: new Date() })
    .where(and(eq(links.namespaceId, shareId), eq(links.createdBy, userId), isNull(links.revokedAt)));
}

/** Removes a member in `tx` (and revokes their links into the share), and removes the folder from their devices' drives. */
async function removeMember(tx: Db, actor: Actor, shareId: string, userId: string, top: NodeSnapshot) {
  const removed = await tx
    .delete(namespaceMembers)
    .where(and(eq(namespaceMembers.namespaceId, shareId), eq(namespaceMembers.userId, userId)))
    .returning();
  if (removed.length === 0) return false;
  // Their links into the share stop opening it too: a link is not a way to keep access.
  await revokeMemberLinks(tx, shareId, userId);
  const home = await homeOf(tx, userId);
  const gone = { ...top, parentId: home.rootNodeId, path: `/${top.name}`, deleted: true };
  await appendJournal(tx, home.id, actor.userId, [{ nodeId: top.id, op: "DELETE", snapshot: gone }]);
  return true;
}

/** Removes a member (the owner), or leaves a share (a member removing themself). */
export async function removeShareMember(
  db: Db,
  actor: Actor,
  input: { shareId: string; userId: string },
): Promise<{ share: ShareInfo | null }> {
  assertScope(actor, "sharing");
  return retryingTransaction(() =>
    db.transaction(async (tx) => {
      const share = await getShare(tx, actor, input.shareId);
      const leaving = String(input.userId) === actor.userId;
      if (leaving && share.role === "owner") {
        throw badInput("the owner cannot leave their own shared folder; remove the members instead");
      }
      if (!leaving && share.role !== "owner")
        throw new DriveError("FORBIDDEN", "only the owner manages who has access");
      await lockNamespace(tx, share.id);
      const [top] = await tx.select().from(nodes).where(eq(nodes.id, share.rootNodeId));
      if (!(await removeMember(tx, actor, share.id, String(input.userId), toSnapshot(top!)))) {
        throw notFound("member");
      }
      return { share: leaving ? null : share };
    }),
  );
}

/**
 * When a shared folder itself is deleted for good (`deleted`): every member loses it, and their
 * devices remove it. Called by deleteForever inside its transaction.
 */
export async function dissolveShareOf(
  tx: Db,
  actor: Actor,
  row: { id: string; namespaceId: string },
  snapshot: NodeSnapshot,
): Promise<void> {
  const ns = await namespaceInfo(tx, row.namespaceId);
  if (ns?.kind !== "shared" || ns.rootNodeId !== row.id) return;
  const members = await tx
    .select({ userId: namespaceMembers.userId })
    .from(namespaceMembers)
    .where(eq(namespaceMembers.namespaceId, ns.id));
  for (const m of members) await removeMember(tx, actor, ns.id, m.userId, snapshot);
}

/** The share's top folder as the actor sees it. */
export async function shareFolderNode(db: Db, actor: Actor, share: ShareInfo): Promise<NodeSnapshot> {
  const [top] = await db.select().from(nodes).where(eq(nodes.id, share.rootNodeId));
  if (!top) throw notFound("share");
  return present(db, actor, toSnapshot(top));
}
