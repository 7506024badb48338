/** MemorySyncStore: the SyncStore contract in memory (tests, Node clients). Survives engine restarts, not process restarts. */
import type { PendingOp } from "../outbox";
import type { IndexNode } from "../types";
import { DuplicateOpError, type StoreBatch, type SyncStore } from "./sync-store";

export class MemorySyncStore implements SyncStore {
  private nodes = new Map<string, IndexNode>();
  private cursor: string | null = null;
  private ops = new Map<string, PendingOp>();
  private lastSeq = 0;
  private closed = false;

  private check(): void {
    if (this.closed) throw new Error("the store is closed");
  }

  async getNode(id: string): Promise<IndexNode | undefined> {
    this.check();
    const n = this.nodes.get(id);
    return n && structuredClone(n);
  }

  async childrenOf(parentId: string): Promise<IndexNode[]> {
    this.check();
    return [...this.nodes.values()].filter((n) => n.parentId === parentId).map((n) => structuredClone(n));
  }

  async allNodes(): Promise<IndexNode[]> {
    this.check();
    return [...this.nodes.values()].map((n) => structuredClone(n));
  }

  async getCursor(): Promise<string | null> {
    this.check();
    return this.cursor;
  }

  async listOps(): Promise<PendingOp[]> {
    this.check();
    return [...this.ops.values()].sort((a, b) => a.seq - b.seq).map((o) => structuredClone(o));
  }

  async write(batch: StoreBatch): Promise<{ seqs: number[] }> {
    this.check();
    // Validate everything first, so that a failing batch changes nothing.
    for (const n of batch.puts ?? []) {
      if (typeof n?.id !== "string" || n.id === "") throw new TypeError("a node needs an id");
    }
    const adding = new Set<string>();
    for (const op of batch.addOps ?? []) {
      const removed = batch.removeOps?.includes(op.opId) ?? false;
      if ((this.ops.has(op.opId) && !removed) || adding.has(op.opId)) throw new DuplicateOpError(op.opId);
      adding.add(op.opId);
    }
    const puts = (batch.puts ?? []).map((n) => structuredClone(n));
    const updates = (batch.updateOps ?? []).map((o) => structuredClone(o));
    const adds = (batch.addOps ?? []).map((o) => structuredClone(o));

    if (batch.clearNodes) this.nodes.clear();
    for (const id of batch.deletes ?? []) this.nodes.delete(id);
    for (const n of puts) this.nodes.set(n.id, n);
    if (batch.cursor !== undefined) this.cursor = batch.cursor;
    for (const opId of batch.removeOps ?? []) this.ops.delete(opId);
    for (const op of updates) {
      const queued = this.ops.get(op.opId);
      if (queued) this.ops.set(op.opId, { ...op, seq: queued.seq });
    }
    const seqs: number[] = [];
    for (const op of adds) {
      const seq = ++this.lastSeq;
      this.ops.set(op.opId, { ...op, seq });
      seqs.push(seq);
    }
    return { seqs };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Opens it again after `close()` (a memory store "persists" for the life of the object). */
  reopen(): MemorySyncStore {
    this.closed = false;
    return this;
  }
}
