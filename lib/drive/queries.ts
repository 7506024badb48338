/** Read side of the drive: nodes by id and path, folder listings, trash (the change feed: feed.ts). */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type NodeRow, namespaces, nodes } from "@/db/schema";
import { loadNode, namespaceInfo, present, presentAll, readableNamespaceIds } from "./access";
import type { Actor } from "./actor";
import { badInput, notFound } from "./errors";
import { nameKey } from "./names";
import { pathSegments } from "./paths";
import { type NodeSnapshot, toSnapshot } from "./snapshot";
import { rows } from "./sql";

export async function getNode(db: Db, actor: Actor, id: string): Promise<NodeSnapshot> {
  return present(db, actor, toSnapshot(await loadNode(db, actor, id, "read")));
}

/**
 * The tops of shared folders that show inside `folder` for the actor, besides its own children:
 * in the actor's home root, every share they are a member of; in any of their own folders, the
 * shares they made of a folder there (docs/sharing.md).
 */
export async function mountsIn(db: Db, actor: Actor, folder: NodeRow): Promise<string[]> {
  if (actor.link || folder.namespaceId !== actor.homeNamespaceId) return [];
  const isHomeRoot = (await namespaceInfo(db, actor.homeNamespaceId))?.rootNodeId === folder.id;
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT n.id FROM namespaces s JOIN nodes n ON n.id = s.root_node_id
        WHERE s.kind = 'shared' AND (
          (s.owner_id = ${actor.userId}::text AND n.parent_id = ${folder.id}::uuid)
          OR (${isHomeRoot}::boolean AND s.id IN
                (SELECT namespace_id FROM namespace_members WHERE user_id = ${actor.userId}::text)))`,
  );
  return found.map((r) => r.id);
}

export async function getRoot(db: Db, actor: Actor): Promise<NodeSnapshot> {
  const [ns] = await db.select().from(namespaces).where(eq(namespaces.id, actor.homeNamespaceId));
  if (!ns) throw notFound("home folder");
  return { ...(await getNode(db, actor, ns.rootNodeId)), path: "/" };
}

/** Resolves "/a/b" in the actor's home; trashed items have no path. */
export async function getNodeByPath(db: Db, actor: Actor, path: string): Promise<NodeSnapshot> {
  if (typeof path !== "string" || !path.startsWith("/") || path.length > 4096) {
    throw badInput("a path starts with '/' and is at most 4096 characters", { field: "path" });
  }
  const root = await getRoot(db, actor);
  let current: NodeRow | undefined;
  let parentId = root.id;
  const segments = pathSegments(path);
  if (segments.length === 0) return root;
  const names: string[] = [];
  for (const segment of segments) {
    const folder: NodeRow | undefined = current ?? (await loadNode(db, actor, root.id, "read"));
    const mounts = await mountsIn(db, actor, folder);
    [current] = await db
      .select()
      .from(nodes)
      .where(
        and(
          or(
            and(eq(nodes.namespaceId, folder.namespaceId), eq(nodes.parentId, parentId)),
            mounts.length > 0 ? inArray(nodes.id, mounts) : undefined,
          ),
          eq(nodes.nameKey, nameKey(segment)),
          isNull(nodes.deletedAt),
        ),
      )
      .orderBy(asc(nodes.createdAt))
      .limit(1);
    if (!current) throw notFound();
    names.push(current.name);
    parentId = current.id;
  }
  return present(db, actor, toSnapshot(current!, `/${names.join("/")}`));
}

export type ChildOrder =
  | "NAME_ASC"
  | "NAME_DESC"
  | "MODIFIED_ASC"
  | "MODIFIED_DESC"
  | "SIZE_ASC"
  | "SIZE_DESC";

export interface Page<T> {
  items: { node: T; cursor: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE}`, { field: "first" });
  }
  return first;
}

type SortValue = string | number;
interface ListCursor {
  f: 0 | 1; // 0 folder, 1 file: folders come first
  k: SortValue;
  id: string;
}

const encodeListCursor = (c: ListCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeListCursor(after: string): ListCursor {
  try {
    const c = JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as ListCursor;
    if ((c.f === 0 || c.f === 1) && typeof c.id === "string" && ["string", "number"].includes(typeof c.k))
      return c;
  } catch {}
  throw badInput("after is not a cursor from this list", { field: "after" });
}

function sortKey(order: ChildOrder): { column: SQL; value: (n: NodeRow) => SortValue; desc: boolean } {
  switch (order) {
    case "NAME_ASC":
    case "NAME_DESC":
      return { column: sql`${nodes.nameKey}`, value: (n) => n.nameKey, desc: order === "NAME_DESC" };
    case "MODIFIED_ASC":
    case "MODIFIED_DESC":
      return {
        column: sql`${nodes.modifiedAt}`,
        value: (n) => new Date(n.modifiedAt).toISOString(),
        desc: order === "MODIFIED_DESC",
      };
    case "SIZE_ASC":
    case "SIZE_DESC":
      return { column: sql`${nodes.size}`, value: (n) => Number(n.size), desc: order === "SIZE_DESC" };
  }
}

const ORDERS: ChildOrder[] = [
  "NAME_ASC",
  "NAME_DESC",
  "MODIFIED_ASC",
  "MODIFIED_DESC",
  "SIZE_ASC",
  "SIZE_DESC",
];

/**
 * A folder's children, folders first, then by `orderBy`, keyset-paginated (stable under
 * concurrent inserts). A trashed folder lists what was trashed with it.
 */
export async function listChildren(
  db: Db,
  actor: Actor,
  folderId: string,
  opts: { first?: number | null; after?: string | null; orderBy?: ChildOrder | null } = {},
): Promise<Page<NodeSnapshot>> {
  const folder = await loadNode(db, actor, folderId, "read");
  if (folder.kind !== "folder") throw badInput("not a folder", { field: "id" });
  const order = opts.orderBy ?? "NAME_ASC";
  if (!ORDERS.includes(order)) throw badInput("unknown order", { field: "orderBy" });
  const first = pageSize(opts.first);
  const key = sortKey(order);
  const isFile = sql`(CASE WHEN ${nodes.kind} = 'file' THEN 1 ELSE 0 END)`;
  const state = folder.deletedAt
    ? eq(nodes.trashRootId, folder.trashRootId ?? folder.id)
    : isNull(nodes.deletedAt);
  let seek: SQL | undefined;
  if (opts.after) {
    const c = decodeListCursor(opts.after);
    const value = order.startsWith("MODIFIED") ? sql`${c.k}::timestamptz` : sql`${c.k}`;
    const cmp = key.desc ? sql`<` : sql`>`;
    seek = sql`(${isFile} > ${c.f} OR (${isFile} = ${c.f} AND (${key.column}, ${nodes.id}) ${cmp} (${value}, ${c.id}::uuid)))`;
  }
  const dir = key.desc ? desc : asc;
  const mounts = folder.deletedAt ? [] : await mountsIn(db, actor, folder);
  const own = and(eq(nodes.namespaceId, folder.namespaceId), eq(nodes.parentId, folder.id));
  const found = await db
    .select()
    .from(nodes)
    .where(and(mounts.length > 0 ? or(own, inArray(nodes.id, mounts)) : own, state, seek))
    .orderBy(asc(isFile), dir(key.column), dir(nodes.id))
    .limit(first + 1);
  const page = found.slice(0, first);
  const shown = await presentAll(
    db,
    actor,
    page.map((n) => toSnapshot(n)),
  );
  const items = page.map((n, i) => ({
    node: shown[i]!,
    cursor: encodeListCursor({ f: n.kind === "file" ? 1 : 0, k: key.value(n), id: n.id }),
  }));
  return { items, hasNextPage: found.length > first, endCursor: items.at(-1)?.cursor ?? null };
}

/** Items put in the trash explicitly (not their contents), most recent first. */
export async function listTrash(
  db: Db,
  actor: Actor,
  opts: { first?: number | null; after?: string | null } = {},
): Promise<Page<NodeSnapshot>> {
  const first = pageSize(opts.first);
  let seek: SQL | undefined;
  if (opts.after) {
    const c = decodeListCursor(opts.after);
    seek = sql`(${nodes.deletedAt}, ${nodes.id}) < (${c.k}::timestamptz, ${c.id}::uuid)`;
  }
  const readable = await readableNamespaceIds(db, actor);
  const found = await db
    .select()
    .from(nodes)
    .where(
      and(
        inArray(nodes.namespaceId, readable),
        isNotNull(nodes.deletedAt),
        eq(nodes.trashRootId, nodes.id),
        seek,
      ),
    )
    .orderBy(desc(nodes.deletedAt), desc(nodes.id))
    .limit(first + 1);
  const page = found.slice(0, first);
  const shown = await presentAll(
    db,
    actor,
    page.map((n) => toSnapshot(n)),
  );
  const items = page.map((n, i) => ({
    node: shown[i]!,
    cursor: encodeListCursor({ f: 0, k: new Date(n.deletedAt!).toISOString(), id: n.id }),
  }));
  return { items, hasNextPage: found.length > first, endCursor: items.at(-1)?.cursor ?? null };
}
