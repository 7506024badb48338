/** Read side of the drive: nodes by id and path, folder listings, trash, the change feed. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type NodeRow, namespaces, nodes } from "@/db/schema";
import { loadNode, namespaceInfo, present, presentAll, readableNamespaceIds } from "./access";
import type { Actor } from "./actor";
import { badInput, notFound } from "./errors";
import {
  type ChangeEntry,
  type CursorPositions,
  decodeCursor,
  encodeCursor,
  type RecentEntries,
  readChanges,
} from "./journal";
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

export interface ChangePage {
  entries: ChangeEntry[];
  cursor: string;
  hasMore: boolean;
}

/** The change feed after `cursor` (null: from the beginning) over every namespace the actor reads. */
export async function getChanges(
  db: Db,
  actor: Actor,
  cursor: string | null | undefined,
  first?: number | null,
): Promise<ChangePage> {
  const positions = decodeCursor(cursor);
  const limit = first === null || first === undefined ? 500 : first;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw badInput("first must be between 1 and 1000", { field: "first" });
  }
  const page = await readChangesFor(db, actor, positions, limit);
  return { entries: page.entries, cursor: encodeCursor(page.positions), hasMore: page.hasMore };
}

/**
 * `readChanges` over the namespaces the actor may read, as the actor sees them. Access is checked
 * before the read and again after it: entries of a namespace the actor lost meanwhile (a removal
 * that committed while the page was read) are dropped with their position, so nothing committed
 * after a removal ever reaches the removed member. `onNamespaces` learns the set read.
 */
async function readChangesFor(
  db: Db,
  actor: Actor,
  positions: CursorPositions,
  first: number,
  recent?: RecentEntries,
  onNamespaces?: (ids: string[]) => void,
  known?: string[],
): Promise<{
  entries: ChangeEntry[];
  positions: CursorPositions;
  hasMore: boolean;
  /** The namespaces still readable after the read. */
  readable: string[];
  /** An entry of this page may change what the actor can read (a share added, removed or made). */
  accessChanged: boolean;
}> {
  const before = known ?? (await readableNamespaceIds(db, actor));
  onNamespaces?.(before);
  const page = await readChanges(db, before, positions, first, recent);
  // The home namespace is always the actor's: only pages with shared entries need the re-check.
  const after = page.entries.every((e) => e.namespaceId === actor.homeNamespaceId)
    ? new Set(before)
    : new Set(await readableNamespaceIds(db, actor));
  const kept = page.entries.filter((e) => after.has(e.namespaceId));
  const shown = await presentAll(
    db,
    actor,
    kept.map((e) => e.node),
  );
  const nextPositions: CursorPositions = {};
  for (const [ns, seq] of Object.entries(page.positions)) if (after.has(ns)) nextPositions[ns] = seq;
  return {
    entries: kept.map((e, i) => (e.node === shown[i] ? e : { ...e, node: shown[i]! })),
    positions: nextPositions,
    hasMore: page.hasMore,
    readable: [...after],
    // Sharing writes an entry about the share's top folder into the home journal of everyone whose
    // access it changes (docs/sharing.md): that is the only way the set of namespaces changes.
    accessChanged: kept.some(
      (e) => e.namespaceId === actor.homeNamespaceId && e.node.namespaceId !== e.namespaceId,
    ),
  };
}

export interface NotifierLike extends Partial<RecentEntries> {
  waiter(namespaceIds: string[]): {
    next(): Promise<void>;
    follow(namespaceIds: string[]): void;
    close(): void;
  };
}

/**
 * The live change feed: a page of entries after `cursor` (always, even if empty), then a page each
 * time the journal of a followed namespace grows. Entries are always read from the journal, so a
 * lost or extra wake-up cannot skip or repeat one. Access is re-checked on every page, so losing
 * access stops delivery at once. `return()` ends it even while it waits.
 */
export function watchChanges(
  db: Db,
  actor: Actor,
  notifier: NotifierLike,
  cursor: string | null | undefined,
): AsyncIterableIterator<ChangePage> {
  let positions = decodeCursor(cursor);
  let closed = false;
  let first = true;
  let waiter: ReturnType<NotifierLike["waiter"]> | undefined;
  /** The namespaces read last time, kept until an entry says access changed (no query per page). */
  let known: string[] | undefined;
  const done = { done: true, value: undefined } as const;
  return {
    async next() {
      while (!closed) {
        const page = await readChangesFor(
          db,
          actor,
          positions,
          500,
          notifier.after ? { after: notifier.after.bind(notifier) } : undefined,
          (nsIds) => {
            // Before reading: a commit racing the read still wakes us.
            if (waiter) waiter.follow(nsIds);
            else waiter = notifier.waiter(nsIds);
          },
          known,
        );
        positions = page.positions;
        known = page.accessChanged ? undefined : page.readable;
        if (closed) break;
        if (first || page.entries.length > 0) {
          first = false;
          return {
            done: false,
            value: { entries: page.entries, cursor: encodeCursor(positions), hasMore: page.hasMore },
          };
        }
        await waiter!.next();
      }
      return done;
    },
    async return() {
      closed = true;
      waiter?.close();
      return done;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
