/**
 * Access: the one place that decides who may read or write what. GraphQL resolvers, the block
 * and content endpoints and (later) subscriptions and link pages all come through here.
 *
 * Denials look like absence: a node the actor may not read is NOT_FOUND, exactly as if it did not
 * exist, so ids cannot be probed. Today a user reaches their home namespace; shares (issue 7)
 * extend `namespaceRole`.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { type NodeRow, nodes } from "@/db/schema";
import type { Actor } from "./actor";
import { DriveError, notFound } from "./errors";
import { lockNamespace } from "./journal";

export type Role = "owner" | "editor" | "viewer";
export type Need = "read" | "write";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_RE.test(value);
}

/** The actor's role in a namespace, or undefined when they have none. */
export async function namespaceRole(_db: Db, actor: Actor, namespaceId: string): Promise<Role | undefined> {
  if (namespaceId === actor.homeNamespaceId) return "owner";
  return undefined;
}

/** Every namespace whose journal the actor follows. */
export async function readableNamespaceIds(_db: Db, actor: Actor): Promise<string[]> {
  return [actor.homeNamespaceId];
}

function allows(role: Role | undefined, need: Need): boolean {
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
  if (!allows(role, need)) throw new DriveError("FORBIDDEN", "you can view this item but not change it");
  return role!;
}

/** Loads a node the actor may `need`; NOT_FOUND for a malformed id, a missing node or no access. */
export async function loadNode(db: Db, actor: Actor, id: unknown, need: Need): Promise<NodeRow> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.select().from(nodes).where(eq(nodes.id, id.toLowerCase()));
  if (!row) throw notFound();
  await assertNamespaceAccess(db, actor, row.namespaceId, need);
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
  return row;
}
