/**
 * Reading an index as a tree: visibility, folder listings, paths. Pure functions of an
 * `IndexReader` (the server index, or the merged view with pending changes).
 */
import { nameKey } from "./names";
import type { IndexReader } from "./node-index";
import type { IndexNode } from "./types";

export const CHILD_ORDERS = [
  "NAME_ASC",
  "NAME_DESC",
  "MODIFIED_ASC",
  "MODIFIED_DESC",
  "SIZE_ASC",
  "SIZE_DESC",
] as const;
export type ChildOrder = (typeof CHILD_ORDERS)[number];

/** A root folder: no parent. (Its name is empty; no other node may have an empty name.) */
export const isRoot = (node: IndexNode): boolean => node.parentId === null;

/** The root folder of `namespaceId`, or of the only (first) namespace the index holds. */
export function rootOf(index: IndexReader, namespaceId?: string): IndexNode | undefined {
  for (const n of index.all()) {
    if (isRoot(n) && (namespaceId === undefined || n.namespaceId === namespaceId)) return n;
  }
  return undefined;
}

/** The chain from the node up to its root, node first; undefined when it does not reach a root. */
export function ancestry(index: IndexReader, id: string): IndexNode[] | undefined {
  const chain: IndexNode[] = [];
  const seen = new Set<string>();
  let node = index.get(id);
  while (node) {
    if (seen.has(node.id)) return undefined; // corrupt: a cycle never reaches a root
    seen.add(node.id);
    chain.push(node);
    if (node.parentId === null) return chain;
    node = index.get(node.parentId);
  }
  return undefined;
}

/** Whether `id` is `ancestorId` or below it, as far as the index knows the parents. */
export function isWithin(index: IndexReader, id: string, ancestorId: string): boolean {
  const seen = new Set<string>();
  for (
    let n = index.get(id);
    n && !seen.has(n.id);
    n = n.parentId === null ? undefined : index.get(n.parentId)
  ) {
    if (n.id === ancestorId) return true;
    seen.add(n.id);
  }
  return id === ancestorId;
}

/** Whether the node shows in the tree: it reaches a root and neither it nor an ancestor is trashed. */
export function isVisible(index: IndexReader, id: string): boolean {
  return ancestry(index, id)?.every((n) => n.trashedAt === null) ?? false;
}

function compareBy(order: ChildOrder): (a: IndexNode, b: IndexNode) => number {
  const desc = order.endsWith("_DESC");
  const key = order.startsWith("NAME")
    ? (n: IndexNode) => nameKey(n.name)
    : order.startsWith("MODIFIED")
      ? (n: IndexNode) => n.modifiedAt
      : (n: IndexNode) => n.size;
  return (a, b) => {
    if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return desc ? -c : c;
  };
}

/**
 * A folder's children as the server lists them: folders first, then by `order` (names compared
 * case-insensitively, on the same key as the server), ties by id. Children trashed on their own
 * are left out; in a trashed folder, what was trashed with it is listed.
 */
export function listChildren(
  index: IndexReader,
  folderId: string,
  order: ChildOrder = "NAME_ASC",
): IndexNode[] {
  return index
    .childrenOf(folderId)
    .filter((n) => n.trashedAt === null)
    .sort(compareBy(order));
}

/**
 * The live child of `parentId` whose name equals `name` as the server compares names (NFC, case
 * folded), other than `exceptId`: the sibling that would make a create, rename or move fail with
 * NAME_TAKEN. Children trashed on their own do not count (the server allows the name again).
 */
export function childNamed(
  index: IndexReader,
  parentId: string,
  name: string,
  exceptId?: string,
): IndexNode | undefined {
  const key = nameKey(name);
  return index
    .childrenOf(parentId)
    .find((c) => c.id !== exceptId && c.trashedAt === null && nameKey(c.name) === key);
}

/** Items put in the trash explicitly (not their contents), most recent first. */
export function listTrash(index: IndexReader): IndexNode[] {
  return [...index.all()]
    .filter((n) => n.trashedAt !== null && ancestry(index, n.id) !== undefined)
    .sort((a, b) =>
      a.trashedAt! < b.trashedAt! ? 1 : a.trashedAt! > b.trashedAt! ? -1 : a.id < b.id ? 1 : -1,
    );
}

/** From the root down to the node (root first); undefined when the node does not reach a root. */
export function breadcrumbs(index: IndexReader, id: string): IndexNode[] | undefined {
  return ancestry(index, id)?.reverse();
}

/** "/a/b" for a node, "/" for a root; undefined when the node does not reach a root. */
export function pathOf(index: IndexReader, id: string): string | undefined {
  const crumbs = breadcrumbs(index, id);
  if (!crumbs) return undefined;
  return `/${crumbs
    .slice(1)
    .map((n) => n.name)
    .join("/")}`;
}

/** The visible node at "/a/b" (names matched case-insensitively, like the server's nodeByPath). */
export function resolvePath(index: IndexReader, path: string, namespaceId?: string): IndexNode | undefined {
  let node = rootOf(index, namespaceId);
  for (const segment of path.split("/").filter((s) => s.length > 0)) {
    if (!node) return undefined;
    const key = nameKey(segment);
    node = index.childrenOf(node.id).find((c) => c.trashedAt === null && nameKey(c.name) === key);
  }
  return node;
}

/** The closest folder above `id` (not `id` itself) that is visible; else the root. */
export function nearestVisibleAncestor(
  index: IndexReader,
  id: string,
  namespaceId?: string,
): IndexNode | undefined {
  let parentId = index.get(id)?.parentId ?? null;
  const seen = new Set<string>();
  while (parentId !== null && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = index.get(parentId);
    if (!parent) break;
    if (parent.kind === "folder" && isVisible(index, parent.id)) return parent;
    parentId = parent.parentId;
  }
  return rootOf(index, namespaceId);
}
