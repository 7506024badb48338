/**
 * A small in-memory stand-in for the Cairn server, for fast engine tests: a tree with a journal,
 * opId replay, and the tree rules the engine relies on (NAME_TAKEN, NOT_FOUND, CONFLICT in the
 * trash, trash/restore of subtrees, stale-base conflicted copies). The real server is exercised by
 * the integration tests and the simulation; this fake only has to be right about what it models.
 */
import { SyncTransportError } from "../errors";
import { nameKey, nextFreeName } from "../names";
import type { CommitFileArgs, OpArgs } from "../outbox";
import type { MutationResult } from "../outcome";
import type { MutationRequest, SyncTransport } from "../transport";
import type { ChangeEntry, ChangeOp, ChangePage, IndexNode } from "../types";

const NS = "11111111-1111-4111-8111-111111111111";
const refuse = (code: string, details?: Record<string, unknown>) =>
  new SyncTransportError({ kind: "graphql", code, status: 200, message: code.toLowerCase(), details });

interface ServerNode extends IndexNode {
  trashRoot: string | null;
}

export class FakeServer {
  readonly journal: ChangeEntry[] = [];
  readonly nodes = new Map<string, ServerNode>();
  readonly applied = new Map<string, MutationResult>();
  /** Mutations received, in order (opIds). */
  readonly received: string[] = [];
  private subscribers = new Set<(page: ChangePage) => void>();
  private ids = 0;
  readonly rootId = "root";

  constructor() {
    this.commit("CREATE", { ...this.blank(this.rootId, null, "", "folder") });
  }

  cursor(seq = this.journal.length): string {
    return `c:${seq}`;
  }

  page(cursor: string | null, first: number): ChangePage {
    const from = cursor === null ? 0 : Number(cursor.slice(2));
    if (!Number.isInteger(from) || from > this.journal.length) throw refuse("CURSOR_INVALID");
    const entries = this.journal.slice(from, from + first);
    return {
      entries,
      cursor: this.cursor(from + entries.length),
      hasMore: from + entries.length < this.journal.length,
    };
  }

  subscribe(onPage: (page: ChangePage) => void): () => void {
    this.subscribers.add(onPage);
    return () => this.subscribers.delete(onPage);
  }

  /** Closes every subscription with an error, as a server restart would. */
  dropSubscriptions(onError: (s: (page: ChangePage) => void) => void): void {
    for (const s of this.subscribers) onError(s);
    this.subscribers.clear();
  }

  mutate(req: MutationRequest): MutationResult {
    this.received.push(req.opId);
    const earlier = this.applied.get(req.opId);
    if (earlier) return earlier;
    const result = this.run(req);
    this.applied.set(req.opId, result);
    return result;
  }

  private blank(id: string, parentId: string | null, name: string, kind: "file" | "folder"): ServerNode {
    return {
      id,
      namespaceId: NS,
      parentId,
      name,
      kind,
      rev: 0,
      size: 0,
      contentHash: null,
      mimeType: null,
      currentVersionId: null,
      createdAt: "2026-11-24T10:00:00.000Z",
      modifiedAt: "2026-11-24T10:00:00.000Z",
      trashedAt: null,
      trashRoot: null,
    };
  }

  private commit(op: ChangeOp, node: ServerNode): MutationResult {
    const next = { ...node, rev: node.rev + 1 };
    if (op === "DELETE") for (const id of this.below(node.id)) this.nodes.delete(id);
    else this.nodes.set(next.id, next);
    const { trashRoot: _t, ...snapshot } = next;
    this.journal.push({ namespaceId: NS, seq: this.journal.length + 1, op, node: snapshot });
    const page: ChangePage = { entries: [this.journal.at(-1)!], cursor: this.cursor(), hasMore: false };
    for (const s of this.subscribers) s(page);
    return { node: snapshot, deleted: op === "DELETE" };
  }

  private below(id: string): string[] {
    const out = [id];
    for (let i = 0; i < out.length; i++)
      for (const n of this.nodes.values()) if (n.parentId === out[i]) out.push(n.id);
    return out;
  }

  private live(id: string): ServerNode {
    const n = this.nodes.get(id);
    if (!n) throw refuse("NOT_FOUND");
    if (n.trashRoot) throw refuse("CONFLICT");
    return n;
  }

  private assertFree(parentId: string, name: string, except?: string): void {
    for (const n of this.nodes.values()) {
      if (n.parentId === parentId && !n.trashRoot && n.id !== except && nameKey(n.name) === nameKey(name))
        throw refuse("NAME_TAKEN", { existingId: n.id });
    }
  }

  private run(req: MutationRequest): MutationResult {
    switch (req.kind) {
      case "createFolder": {
        const a = req.args as OpArgs["createFolder"];
        this.live(a.parentId);
        this.assertFree(a.parentId, a.name);
        if (this.nodes.has(a.id)) throw refuse("CONFLICT", { field: "id" });
        return this.commit("CREATE", this.blank(a.id, a.parentId, a.name, "folder"));
      }
      case "rename": {
        const a = req.args as OpArgs["rename"];
        const n = this.live(a.id);
        this.assertFree(n.parentId!, a.name, n.id);
        return this.commit("RENAME", { ...n, name: a.name });
      }
      case "move": {
        const a = req.args as OpArgs["move"];
        const n = this.live(a.id);
        this.live(a.parentId);
        if (this.below(n.id).includes(a.parentId)) throw refuse("BAD_INPUT", { reason: "cycle" });
        this.assertFree(a.parentId, a.name ?? n.name, n.id);
        return this.commit("MOVE", { ...n, parentId: a.parentId, name: a.name ?? n.name });
      }
      case "trash": {
        const n = this.live((req.args as OpArgs["trash"]).id);
        for (const id of this.below(n.id)) {
          const d = this.nodes.get(id)!;
          if (!d.trashRoot) this.nodes.set(id, { ...d, trashRoot: n.id });
        }
        return this.commit("TRASH", { ...this.nodes.get(n.id)!, trashedAt: "2026-11-24T12:00:00.000Z" });
      }
      case "restore": {
        const n = this.nodes.get((req.args as OpArgs["restore"]).id);
        if (!n) throw refuse("NOT_FOUND");
        if (!n.trashRoot) throw refuse("CONFLICT");
        const batch = n.trashRoot;
        const parentLive = !this.nodes.get(n.parentId!)?.trashRoot;
        const parentId = parentLive ? n.parentId! : this.rootId;
        const taken = new Set(
          [...this.nodes.values()]
            .filter((s) => s.parentId === parentId && !s.trashRoot)
            .map((s) => nameKey(s.name)),
        );
        const name = taken.has(nameKey(n.name))
          ? nextFreeName(n.name, n.name, (k) => taken.has(k), n.kind === "folder")
          : n.name;
        for (const id of this.below(n.id)) {
          const d = this.nodes.get(id)!;
          if (d.trashRoot === batch) this.nodes.set(id, { ...d, trashRoot: null });
        }
        return this.commit("RESTORE", { ...this.nodes.get(n.id)!, parentId, name, trashedAt: null });
      }
      case "deleteForever": {
        const n = this.nodes.get((req.args as OpArgs["deleteForever"]).id);
        if (!n) throw refuse("NOT_FOUND");
        if (!n.trashRoot) throw refuse("CONFLICT");
        return this.commit("DELETE", n);
      }
      case "commitFile": {
        const a = req.args as CommitFileArgs;
        this.live(a.parentId);
        const content = { size: a.size, contentHash: a.contentHash, currentVersionId: `v${++this.ids}` };
        const target = a.fileId ? this.nodes.get(a.fileId) : undefined;
        if (target && target.currentVersionId === a.baseVersionId)
          return this.commit("EDIT", { ...target, ...content });
        const name = target ? `${target.name} (conflicted copy)` : a.name;
        this.assertFree(a.parentId, name);
        const created = this.commit("CREATE", {
          ...this.blank(a.id ?? `file-${this.ids}`, a.parentId, name, "file"),
          ...content,
        });
        return target ? { ...created, conflict: { copyName: name, reason: "STALE_BASE" } } : created;
      }
    }
  }
}

export interface FakeTransport extends SyncTransport {
  offline: boolean;
  /** Let the server apply the next n mutations, then fail them as if the response were lost. */
  loseResponses: number;
  /** Fail the next n mutations before they reach the server, with this error. */
  failNext: { count: number; error: SyncTransportError } | undefined;
  pulls: (string | null)[];
  subscribes: (string | null)[];
  /** Ends every open subscription with a network error. */
  dropSubscriptions(): void;
}

const offlineError = () => new SyncTransportError({ kind: "network", message: "offline" });

export function fakeTransport(server: FakeServer): FakeTransport {
  const errors = new Map<(page: ChangePage) => void, (e: unknown) => void>();
  const t: FakeTransport = {
    offline: false,
    loseResponses: 0,
    failNext: undefined,
    pulls: [],
    subscribes: [],
    async pull(cursor, first) {
      t.pulls.push(cursor);
      if (t.offline) throw offlineError();
      return server.page(cursor, first);
    },
    subscribe(cursor, onPage, onError) {
      t.subscribes.push(cursor);
      if (t.offline) {
        queueMicrotask(() => onError(offlineError()));
        return () => {};
      }
      const deliver = (page: ChangePage) => queueMicrotask(() => onPage(page));
      queueMicrotask(() => onPage(server.page(cursor, 1000)));
      const off = server.subscribe(deliver);
      errors.set(deliver, onError);
      return () => {
        off();
        errors.delete(deliver);
      };
    },
    async mutate(req) {
      await Promise.resolve();
      if (t.offline) throw offlineError();
      if (t.failNext && t.failNext.count > 0) {
        t.failNext.count--;
        throw t.failNext.error;
      }
      const result = server.mutate(req);
      if (t.loseResponses > 0) {
        t.loseResponses--;
        throw new SyncTransportError({ kind: "network", message: "response lost" });
      }
      return structuredClone(result);
    },
    dropSubscriptions() {
      server.dropSubscriptions((s) => {
        const onError = errors.get(s);
        errors.delete(s);
        queueMicrotask(() =>
          onError?.(new SyncTransportError({ kind: "network", message: "socket closed (1006)" })),
        );
      });
    },
  };
  return t;
}

/** A clock whose time moves only when told; timers run in time order. */
export class ManualClock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  /** Moves time forward, running every timer that comes due. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.timers.length;
  }
}

/** Waits (real time, short) until `check` holds. */
export async function until(check: () => boolean, what = "condition", ms = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
