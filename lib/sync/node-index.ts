/**
 * Indexes in memory: `NodeIndex`, the mutable map the engine keeps beside its store, and
 * `IndexOverlay`, a copy-on-write view over any reader that records what it changed. The pure
 * functions (apply-changes, outbox, tree-view) read through `IndexReader` and write to overlays.
 */
import type { IndexChanges, IndexNode } from "./types";

export interface IndexReader {
  get(id: string): IndexNode | undefined;
  /** Nodes whose `parentId` is `parentId`, whatever their state, in no particular order. */
  childrenOf(parentId: string): IndexNode[];
  all(): Iterable<IndexNode>;
}

function link(byParent: Map<string, Set<string>>, node: IndexNode): void {
  if (node.parentId === null) return;
  const set = byParent.get(node.parentId) ?? new Set<string>();
  byParent.set(node.parentId, set);
  set.add(node.id);
}

function unlink(byParent: Map<string, Set<string>>, node: IndexNode | undefined): void {
  if (!node || node.parentId === null) return;
  const set = byParent.get(node.parentId);
  set?.delete(node.id);
  if (set?.size === 0) byParent.delete(node.parentId);
}

/** Nodes by id, with a by-parent index. */
export class NodeIndex implements IndexReader {
  private readonly nodes = new Map<string, IndexNode>();
  private readonly byParent = new Map<string, Set<string>>();

  constructor(nodes: Iterable<IndexNode> = []) {
    for (const n of nodes) this.put(n);
  }

  get size(): number {
    return this.nodes.size;
  }

  get(id: string): IndexNode | undefined {
    return this.nodes.get(id);
  }

  childrenOf(parentId: string): IndexNode[] {
    return [...(this.byParent.get(parentId) ?? [])].map((id) => this.nodes.get(id)!);
  }

  all(): Iterable<IndexNode> {
    return this.nodes.values();
  }

  put(node: IndexNode): void {
    unlink(this.byParent, this.nodes.get(node.id));
    this.nodes.set(node.id, node);
    link(this.byParent, node);
  }

  delete(id: string): void {
    unlink(this.byParent, this.nodes.get(id));
    this.nodes.delete(id);
  }

  apply(changes: IndexChanges): void {
    for (const id of changes.deletes) this.delete(id);
    for (const n of changes.puts) this.put(n);
  }

  clear(): void {
    this.nodes.clear();
    this.byParent.clear();
  }
}

/**
 * A view of `base` with some nodes replaced or removed. `changes()` lists them: every id is in
 * at most one of `puts` and `deletes`, so the order of applying the two lists does not matter.
 */
export class IndexOverlay implements IndexReader {
  /** id → node, or null when removed. */
  private readonly touched = new Map<string, IndexNode | null>();
  private readonly byParent = new Map<string, Set<string>>();

  constructor(private readonly base: IndexReader) {}

  get(id: string): IndexNode | undefined {
    const t = this.touched.get(id);
    return t === undefined ? this.base.get(id) : (t ?? undefined);
  }

  childrenOf(parentId: string): IndexNode[] {
    const out = this.base.childrenOf(parentId).filter((n) => !this.touched.has(n.id));
    for (const id of this.byParent.get(parentId) ?? []) out.push(this.touched.get(id)!);
    return out;
  }

  *all(): Iterable<IndexNode> {
    for (const n of this.base.all()) if (!this.touched.has(n.id)) yield n;
    for (const n of this.touched.values()) if (n) yield n;
  }

  put(node: IndexNode): void {
    unlink(this.byParent, this.touched.get(node.id) ?? undefined);
    this.touched.set(node.id, node);
    link(this.byParent, node);
  }

  delete(id: string): void {
    unlink(this.byParent, this.touched.get(id) ?? undefined);
    if (this.base.get(id)) this.touched.set(id, null);
    else this.touched.delete(id);
  }

  changes(): IndexChanges {
    const puts: IndexNode[] = [];
    const deletes: string[] = [];
    for (const [id, n] of this.touched) {
      if (n) puts.push(n);
      else deletes.push(id);
    }
    return { puts, deletes };
  }
}
