/**
 * Access: the one place that decides who may read or write what. GraphQL resolvers (queries,
 * mutations, subscriptions), the block and content endpoints and link pages all come through here.
 * docs/sharing.md has the table.
 *
 * Denials look like absence: a node the actor may not read is NOT_FOUND, exactly as if it did not
 * exist, so ids cannot be probed. Roles are read from the database on every call (never cached),
 * so a downgrade or a removal applies to the very next request.
 *
 * Also here: how a node is *presented* to an actor. A shared folder's top node keeps its place in
 * its owner's tree; anyone else sees it at the top of their own drive, and never learns where the
 * owner keeps it.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type NodeRow, namespaceMembers, namespaces, nodes } from "@/db/schema";
import type { Actor } from "./actor";
import { DriveError, notFound } from "./errors";
import { lockNamespace } from "./journal";
import type { OAuthScope } from "./oauth";
import { nodePath } from "./paths";
import type { NodeSnapshot } from "./snapshot";
import { rows } from "./sql";

export type Role = "owner" | "editor" | "viewer";
/** What a caller wants to do with a node: see it, change it, or share it (people and links). */
export type Need = "read" | "write" | "share";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}

/** What never changes about a namespace once it exists. */
export interface NamespaceInfo {
  id: string;
  kind: "home" | "shared";
  ownerId: string;
  /** For a home namespace its root folder; for a shared one the shared folder (its mount point). */
  rootNodeId: string;
}

const namespaceCache = new Map<string, NamespaceInfo>();
const NAMESPACE_CACHE_MAX = 50_000;

/** A namespace's immutable facts (cached: they never change), or undefined when there is none. */
export async function namespaceInfo(db: Db, namespaceId: string): Promise<NamespaceInfo | undefined> {
  const hit = namespaceCache.get(namespaceId);
  if (hit) return hit;
  if (!isUuid(namespaceId)) return undefined;
  const [row] = await db
    .select({
      id: namespaces.id,
      kind: namespaces.kind,
      ownerId: namespaces.ownerId,
      rootNodeId: namespaces.rootNodeId,
    })
    .from(namespaces)
    .where(eq(namespaces.id, namespaceId));
  if (!row) return undefined;
  if (namespaceCache.size >= NAMESPACE_CACHE_MAX) namespaceCache.clear();
  namespaceCache.set(row.id, row);
  return row;
}

/** The actor's role in a namespace, or undefined when they have none. Link holders have none. */
export async function namespaceRole(db: Db, actor: Actor, namespaceId: string): Promise<Role | undefined> {
  if (actor.link) return undefined;
  if (namespaceId === actor.homeNamespaceId) return "owner";
  const ns = await namespaceInfo(db, namespaceId);
  if (!ns) return undefined;
  if (ns.ownerId === actor.userId) return "owner";
  if (ns.kind !== "shared") return undefined;
  const [member] = await db
    .select({ role: namespaceMembers.role })
    .from(namespaceMembers)
    .where(and(eq(namespaceMembers.namespaceId, namespaceId), eq(namespaceMembers.userId, actor.userId)));
  return member?.role;
}

// ---------------------------------------------------------------------------------------------
// OAuth scopes (lib/drive/oauth.ts): a partner app's token does at most what its person may do,
// and only the kinds of things its scopes name. Roles say what a person may do; scopes say which
// of those an app may do for them. Both are checked here, for every need.

/** The scope an OAuth token needs for each need: `files.write` implies reading. */
function scopeAllows(actor: Actor, need: Need): boolean {
  const scopes = actor.scopes;
  if (!scopes) return true;
  if (need === "share") return scopes.has("sharing");
  if (need === "write") return scopes.has("files.write");
  return scopes.has("files.read") || scopes.has("files.write");
}

/** Whether the actor may read files at all (an OAuth token needs `files.read` or `files.write`). */
export function mayReadFiles(actor: Actor): boolean {
  return scopeAllows(actor, "read");
}

const scopeRefused = (scope: OAuthScope) =>
  new DriveError("FORBIDDEN", `this app was not allowed to do that (it needs the ${scope} permission)`, {
    reason: "scope",
    scope,
  });

/**
 * Refuses an OAuth token that lacks `scope` with FORBIDDEN (`reason: "scope"`, `scope`), so the
 * partner app knows to ask the person for more. Anything else passes: sessions, personal access
 * tokens and link holders are checked by role, not scope.
 */
export function assertScope(actor: Actor, scope: OAuthScope): void {
  if (actor.scopes && !actor.scopes.has(scope)) throw scopeRefused(scope);
}

/**
 * After the read check: refuses a need the role or the token's scopes do not allow. A token
 * without any file scope reads nothing (NOT_FOUND, like anything unreadable).
 */
function assertNeed(actor: Actor, role: Role | undefined, need: Need): void {
  if (!scopeAllows(actor, "read")) throw notFound();
  if (!scopeAllows(actor, need)) throw scopeRefused(need === "share" ? "sharing" : "files.write");
  if (!allows(role, need)) throw new DriveError("FORBIDDEN", "you can view this item but not change it");
}

/**
 * The same set as `readableNamespaceIds`, as an SQL array expression (`uuid[]`) for a statement
 * to test against (`namespace_id = ANY(...)`), so a check can travel inside the statement that
 * needs it instead of costing a round trip of its own. It is uncorrelated, so PostgreSQL computes
 * it once per statement (an InitPlan).
 */
export function readableNamespacesSql(actor: Actor): SQL {
  if (actor.link || !mayReadFiles(actor)) return sql`ARRAY[]::uuid[]`;
  return sql`ARRAY(SELECT id FROM namespaces WHERE owner_id = ${actor.userId}::text
      UNION SELECT namespace_id FROM namespace_members WHERE user_id = ${actor.userId}::text
      ${actor.homeNamespaceId ? sql`UNION SELECT ${actor.homeNamespaceId}::uuid` : sql``})`;
}

/** Every namespace whose journal the actor follows: their own (home and shared) and those shared with them. */
export async function readableNamespaceIds(db: Db, actor: Actor): Promise<string[]> {
  if (actor.link || !mayReadFiles(actor)) return [];
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM namespaces WHERE owner_id = ${actor.userId}::text
        UNION SELECT namespace_id AS id FROM namespace_members WHERE user_id = ${actor.userId}::text`,
  );
  const ids = found.map((r) => r.id);
  if (!ids.includes(actor.homeNamespaceId)) ids.push(actor.homeNamespaceId);
  return ids;
}

/** Whether a role allows a need: anyone with a role reads; owners and editors change and share. */
export function allows(role: Role | undefined, need: Need): boolean {
  if (!role) return false;
  return need === "read" || role === "owner" || role === "editor";
}

/** Asserts the actor may `need` the namespace; NOT_FOUND when they cannot even read it. */
export async function assertNamespaceAccess(
  db: Db,
  actor: Actor,
  namespaceId: string,
  need: Need,
): Promise<Role> {
  const role = await namespaceRole(db, actor, namespaceId);
  if (!allows(role, "read")) throw notFound();
  assertNeed(actor, role, need);
  return role!;
}

/** Whether `nodeId` is `ancestorId` or below it (following parents within one namespace). */
async function isWithin(db: Db, nodeId: string, ancestorId: string): Promise<boolean> {
  if (nodeId === ancestorId) return true;
  const [hit] = await rows<{ id: string }>(
    db,
    sql`WITH RECURSIVE up(id, parent_id, namespace_id) AS (
          SELECT id, parent_id, namespace_id FROM nodes WHERE id = ${nodeId}::uuid
          UNION ALL
          SELECT n.id, n.parent_id, n.namespace_id FROM nodes n
            JOIN up ON n.id = up.parent_id AND n.namespace_id = up.namespace_id
        ) SELECT id FROM up WHERE id = ${ancestorId}::uuid LIMIT 1`,
  );
  return hit !== undefined;
}

/**
 * The actor's role on a node: their namespace role, or for a link holder `viewer` on the link's
 * node and what is live below it. Undefined: no access at all.
 */
export async function nodeRole(db: Db, actor: Actor, row: NodeRow): Promise<Role | undefined> {
  if (actor.link) {
    const scope = actor.link;
    if (row.namespaceId !== scope.namespaceId || row.deletedAt) return undefined;
    return (await isWithin(db, row.id, scope.nodeId)) ? "viewer" : undefined;
  }
  return namespaceRole(db, actor, row.namespaceId);
}

/** Loads a node the actor may `need`; NOT_FOUND for a malformed id, a missing node or no access. */
export async function loadNode(db: Db, actor: Actor, id: unknown, need: Need): Promise<NodeRow> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.select().from(nodes).where(eq(nodes.id, id.toLowerCase()));
  if (!row) throw notFound();
  const role = await nodeRole(db, actor, row);
  if (!allows(role, "read")) throw notFound();
  assertNeed(actor, role, need);
  return row;
}

/**
 * For mutations: checks access, locks the node's namespace for the transaction, and returns the
 * node as it is under the lock (a concurrent writer may have changed it before we got the lock).
 */
export async function lockNode(tx: Db, actor: Actor, id: unknown, need: Need): Promise<NodeRow> {
  const before = await loadNode(tx, actor, id, need);
  await lockNamespace(tx, before.namespaceId);
  const [row] = await tx.select().from(nodes).where(eq(nodes.id, before.id));
  if (!row) throw notFound();
  if (row.namespaceId !== before.namespaceId) {
    throw new DriveError("CONFLICT", "the item moved while this change was being made; try again");
  }
  // Access is re-checked under the lock: a role change committed meanwhile counts.
  if (need !== "read") await assertNamespaceAccess(tx, actor, row.namespaceId, need);
  return row;
}

/** Whether `row` is the top folder of a shared namespace. */
export async function isShareRoot(db: Db, row: Pick<NodeRow, "id" | "namespaceId">): Promise<boolean> {
  const ns = await namespaceInfo(db, row.namespaceId);
  return ns?.kind === "shared" && ns.rootNodeId === row.id;
}

/** Refuses changing the top folder of a share (rename, move, trash) to anyone but its owner. */
export async function assertMayChangeShareRoot(db: Db, actor: Actor, row: NodeRow): Promise<void> {
  const ns = await namespaceInfo(db, row.namespaceId);
  if (ns?.kind === "shared" && ns.rootNodeId === row.id && ns.ownerId !== actor.userId) {
    throw new DriveError(
      "FORBIDDEN",
      "only the owner can rename, move or trash a shared folder itself; you can leave it",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Presentation

/** The home root folder id of the actor (cached with the namespace). */
async function homeRootId(db: Db, actor: Actor): Promise<string | undefined> {
  if (!actor.homeNamespaceId) return undefined;
  return (await namespaceInfo(db, actor.homeNamespaceId))?.rootNodeId;
}

/**
 * A snapshot as `actor` sees it. In a shared namespace, the top folder's parent is the owner's
 * folder for the owner, and the actor's own root for everyone else (path `/<name>`); stored paths
 * of shared nodes are relative to the share (`/<share>/...`), right for members, so for the owner
 * they are dropped and computed on demand (`pathAsSeen`). Link holders see paths from the link's
 * node (`pathAsSeen`).
 */
export async function present(db: Db, actor: Actor, node: NodeSnapshot): Promise<NodeSnapshot> {
  const ns = await namespaceInfo(db, node.namespaceId);
  if (ns?.kind !== "shared") return node;
  if (ns.ownerId === actor.userId) {
    if (node.path === undefined) return node;
    const { path: _dropped, ...rest } = node;
    return rest;
  }
  if (node.id !== ns.rootNodeId) return node;
  const root = await homeRootId(db, actor);
  return { ...node, parentId: root ?? null, path: `/${node.name}` };
}

export async function presentAll(db: Db, actor: Actor, list: NodeSnapshot[]): Promise<NodeSnapshot[]> {
  const out: NodeSnapshot[] = [];
  for (const node of list) out.push(await present(db, actor, node));
  return out;
}

/**
 * The path of a node the actor can read, from the top of what they see: for a link holder from the
 * link's item (nothing above it is named), for the owner of a shared folder through their own tree
 * (`/Work/Team/docs`), for members from the share's top (`/Team/docs`, as stored), in one's own
 * drive from its root. `node` is a snapshot as `present` handed it out.
 */
export async function pathAsSeen(db: Db, actor: Actor, node: NodeSnapshot): Promise<string> {
  if (actor.link) {
    const top = actor.link.nodeId;
    const chain = await rows<{ id: string; name: string }>(
      db,
      sql`WITH RECURSIVE up(id, parent_id, namespace_id, name, depth) AS (
            SELECT id, parent_id, namespace_id, name, 0 FROM nodes WHERE id = ${node.id}::uuid
            UNION ALL
            SELECT n.id, n.parent_id, n.namespace_id, n.name, up.depth + 1 FROM nodes n
              JOIN up ON n.id = up.parent_id AND n.namespace_id = up.namespace_id
              WHERE up.id <> ${top}::uuid
          ) SELECT id, name FROM up ORDER BY depth DESC`,
    );
    if (chain[0]?.id !== top) return `/${node.name}`;
    return `/${chain.map((c) => c.name).join("/")}`;
  }
  if (node.path !== undefined) return node.path;
  const path = await nodePath(db, node);
  const ns = await namespaceInfo(db, node.namespaceId);
  if (ns?.kind !== "shared" || ns.ownerId !== actor.userId || node.id === ns.rootNodeId) return path;
  // Stored below the share's top ("/Team/docs"); the owner keeps the top somewhere in their drive.
  const [top] = await db.select().from(nodes).where(eq(nodes.id, ns.rootNodeId));
  if (!top) return path;
  return `${await nodePath(db, top)}${path.slice(top.name.length + 1)}`;
}
