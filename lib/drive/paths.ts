/** Paths are derived, never stored: "/" for a namespace root, "/a/b" below it. */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { NodeRow } from "@/db/schema";
import { rows } from "./sql";

/**
 * The path of `node` from the top of its parent's namespace, computed from the parent chain within
 * that namespace. In a home namespace that is the path from the root ("/a/b"); below a shared
 * folder it starts with the shared folder's name ("/Shared/a/b"), which is the path every member
 * sees (docs/sharing.md). `parent`, when the caller has the parent's row at hand, saves the query
 * for a node directly below the root.
 */
export async function nodePath(
  db: Db,
  node: Pick<NodeRow, "id" | "parentId" | "name">,
  parent?: Pick<NodeRow, "id" | "parentId">,
): Promise<string> {
  if (node.parentId === null) return "/";
  if (parent && parent.id === node.parentId && parent.parentId === null) return `/${node.name}`;
  const chain = await rows<{ name: string; parent_id: string | null }>(
    db,
    sql`WITH RECURSIVE up(id, parent_id, namespace_id, name, depth) AS (
          SELECT id, parent_id, namespace_id, name, 0 FROM nodes WHERE id = ${node.parentId}
          UNION ALL
          SELECT n.id, n.parent_id, n.namespace_id, n.name, up.depth + 1 FROM nodes n
            JOIN up ON n.id = up.parent_id AND n.namespace_id = up.namespace_id
        ) SELECT name, parent_id FROM up ORDER BY depth DESC`,
  );
  const names = chain.filter((c) => c.parent_id !== null).map((c) => c.name);
  return `/${[...names, node.name].join("/")}`;
}

/** Splits "/a//b/" into ["a", "b"]. */
export function pathSegments(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}
