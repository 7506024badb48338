/**
 * Unit-test fakes for lib/upload (used only by its tests): an in-memory drive that speaks the
 * UploadApi with the server's rules (possession, hash check, opId replay, base versions, names
 * compared case-insensitively), a source over bytes that records what was read, an in-process
 * chunker, and a clock that advances only when something waits on it.
 */
import { type ChunkHash, chunkBytes, contentHash, hashChunk } from "@/lib/chunking";
import { TransportError } from "../errors";
import type {
  Chunker,
  Clock,
  CommitOutcome,
  CommitRequest,
  ExistingFile,
  UploadApi,
  UploadSource,
} from "../types";
import { abortReason } from "../types";

export type Op = "ensureFolder" | "findFile" | "prepareUpload" | "putBlock" | "commitFile";

interface FakeNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: "file" | "folder";
  versions: { id: string; chunks: ChunkHash[]; size: number }[];
}

/** A fault: thrown instead of (or, with `after`, after) doing the call. */
export interface Fault {
  op: Op;
  /** Only calls for this chunk hash (putBlock). */
  hash?: string;
  error: () => TransportError;
  /** Apply the call first, then fail (a lost response). */
  after?: boolean;
  /** How many times (default 1). */
  times?: number;
}

const key = (name: string) => name.normalize("NFC").toLowerCase();

export class FakeDrive implements UploadApi {
  readonly rootId = "root";
  readonly nodes = new Map<string, FakeNode>([
    ["root", { id: "root", parentId: null, name: "", kind: "folder", versions: [] }],
  ]);
  readonly blocks = new Map<string, Uint8Array>();
  readonly held = new Set<string>();
  readonly calls: { op: Op; hash?: string }[] = [];
  /** Successful PUTs per hash. */
  readonly puts = new Map<string, number>();
  readonly faults: Fault[] = [];
  private readonly applied = new Map<string, CommitOutcome>();
  private readonly gates: { op: Op; open: Promise<void> }[] = [];
  private readonly hangs = new Map<Op, number>();
  private seq = 0;
  inFlightPuts = 0;
  maxInFlightPuts = 0;

  /** Makes the next call of `op` wait until the returned function is called. */
  hold(op: Op): () => void {
    let open!: () => void;
    this.gates.push({ op, open: new Promise<void>((r) => (open = r)) });
    return open;
  }

  /** Calls of `op` after the first `n` never answer (until aborted): a server gone quiet. */
  hangAfter(op: Op, n: number): void {
    this.hangs.set(op, n);
  }

  fail(fault: Fault): void {
    this.faults.push(fault);
  }

  count(op: Op): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  /** The live child of `parentId` with this name. */
  child(parentId: string, name: string): FakeNode | undefined {
    return [...this.nodes.values()].find((n) => n.parentId === parentId && key(n.name) === key(name));
  }

  /** The bytes of a file's current version. */
  content(fileId: string): Uint8Array {
    const node = this.nodes.get(fileId)!;
    const version = node.versions.at(-1)!;
    const out = new Uint8Array(version.size);
    let at = 0;
    for (const h of version.chunks) {
      out.set(this.blocks.get(h)!, at);
      at += this.blocks.get(h)!.length;
    }
    return out;
  }

  private async enter(op: Op, signal: AbortSignal, hash?: string): Promise<Fault | undefined> {
    this.calls.push({ op, hash });
    const gate = this.gates.findIndex((g) => g.op === op);
    if (gate >= 0) {
      const { open } = this.gates.splice(gate, 1)[0]!;
      await new Promise<void>((resolve, reject) => {
        signal.addEventListener("abort", () => reject(abortReason(signal)), { once: true });
        open.then(resolve);
      });
    }
    const hangAfter = this.hangs.get(op);
    if (hangAfter !== undefined && this.count(op) > hangAfter) {
      await new Promise<never>((_, reject) => {
        signal.addEventListener("abort", () => reject(abortReason(signal)), { once: true });
      });
    }
    await Promise.resolve();
    signal.throwIfAborted();
    const i = this.faults.findIndex((f) => f.op === op && (f.hash === undefined || f.hash === hash));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    if (!fault.after) throw fault.error();
    return fault;
  }

  async ensureFolder(parentId: string, name: string, signal: AbortSignal): Promise<string> {
    const fault = await this.enter("ensureFolder", signal);
    const parent = this.nodes.get(parentId);
    if (parent?.kind !== "folder")
      throw new TransportError("NOT_FOUND", "no such folder", { retryable: false });
    const existing = this.child(parentId, name);
    if (existing && existing.kind !== "folder") {
      throw new TransportError("NOT_A_FOLDER", `a file named ${name} is in the way`, { retryable: false });
    }
    const id = existing?.id ?? `folder-${++this.seq}`;
    if (!existing) this.nodes.set(id, { id, parentId, name, kind: "folder", versions: [] });
    if (fault) throw fault.error();
    return id;
  }

  async findFile(parentId: string, name: string, signal: AbortSignal): Promise<ExistingFile | null> {
    await this.enter("findFile", signal);
    const node = this.child(parentId, name);
    if (node?.kind !== "file") return null;
    const current = node.versions.at(-1)!;
    return {
      fileId: node.id,
      versionId: current.id,
      versionNumber: node.versions.length,
      contentHash: await contentHash(current.chunks),
    };
  }

  async prepareUpload(
    chunks: readonly { hash: ChunkHash; size: number }[],
    signal: AbortSignal,
  ): Promise<ChunkHash[]> {
    await this.enter("prepareUpload", signal);
    return [...new Set(chunks.map((c) => c.hash).filter((h) => !this.held.has(h)))];
  }

  async putBlock(hash: ChunkHash, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
    this.inFlightPuts++;
    this.maxInFlightPuts = Math.max(this.maxInFlightPuts, this.inFlightPuts);
    try {
      const fault = await this.enter("putBlock", signal, hash);
      if ((await hashChunk(bytes)) !== hash) {
        throw new TransportError("HASH_MISMATCH", "bytes do not match", { status: 400, retryable: false });
      }
      signal.throwIfAborted();
      this.blocks.set(hash, bytes.slice());
      this.held.add(hash);
      this.puts.set(hash, (this.puts.get(hash) ?? 0) + 1);
      if (fault) throw fault.error();
    } finally {
      this.inFlightPuts--;
    }
  }

  async commitFile(request: CommitRequest, signal: AbortSignal): Promise<CommitOutcome> {
    const fault = await this.enter("commitFile", signal);
    const previous = this.applied.get(request.opId);
    if (previous) return previous;
    const missing = request.chunks.filter((h) => !this.held.has(h) || !this.blocks.has(h));
    if (missing.length > 0) {
      throw new TransportError("CHUNK_MISSING", "upload them first", {
        retryable: false,
        details: { missing },
      });
    }
    const size = request.chunks.reduce((n, h) => n + this.blocks.get(h)!.length, 0);
    if (size !== request.size) throw new TransportError("BAD_INPUT", "size mismatch", { retryable: false });
    const version = { id: `version-${++this.seq}`, chunks: [...request.chunks], size };
    const target = request.fileId ? this.nodes.get(request.fileId) : undefined;
    let outcome: CommitOutcome;
    if (target && target.versions.at(-1)?.id === request.baseVersionId) {
      target.versions.push(version);
      outcome = this.outcome(target, version.id, null);
    } else {
      let name = request.name;
      let conflict: CommitOutcome["conflict"] = null;
      if (this.child(request.parentId, name) || target) {
        name = `${request.name} (conflicted copy)`;
        conflict = { copyName: name, reason: target ? "STALE_BASE" : "NAME_TAKEN" };
      }
      const node: FakeNode = {
        id: `file-${++this.seq}`,
        parentId: request.parentId,
        name,
        kind: "file",
        versions: [version],
      };
      this.nodes.set(node.id, node);
      outcome = this.outcome(node, version.id, conflict);
    }
    this.applied.set(request.opId, outcome);
    if (fault) throw fault.error();
    return outcome;
  }

  private outcome(node: FakeNode, versionId: string, conflict: CommitOutcome["conflict"]): CommitOutcome {
    return {
      fileId: node.id,
      name: node.name,
      versionId,
      versionNumber: node.versions.length,
      conflict,
      unchanged: false,
    };
  }
}

export const networkError = () =>
  new TransportError("NETWORK_ERROR", "connection reset", { retryable: true });
export const httpError = (status: number, code = `HTTP_${status}`) =>
  new TransportError(code, `answered ${status}`, { status, retryable: status === 429 || status >= 500 });

/** Bytes as an UploadSource, recording every range read. */
export class MemorySource implements UploadSource {
  readonly reads: { offset: number; size: number }[] = [];
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  async slice(offset: number, size: number): Promise<Uint8Array> {
    this.reads.push({ offset, size });
    return this.bytes.slice(offset, offset + size);
  }
}

/** lib/chunking in-process, as the worker runs it, counting how often it ran. */
export function memoryChunker(): Chunker<MemorySource> & { runs: number } {
  const chunker = async (
    source: MemorySource,
    options: { onProgress: (n: number) => void; signal: AbortSignal },
  ) => {
    chunker.runs++;
    const chunks = await chunkBytes(source.bytes, { onProgress: options.onProgress });
    options.signal.throwIfAborted();
    return chunks.map(({ offset, size, hash }) => ({ offset, size, hash }));
  };
  chunker.runs = 0;
  return chunker;
}

/** A clock whose time moves only when someone sleeps (instantly) or `advance` is called. */
export class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.advance(ms);
    await Promise.resolve();
    signal?.throwIfAborted();
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
}

/** Random bytes from a seed (xorshift32): reproducible test files. */
export function randomBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let s = seed | 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** `bytes` with `insert` spliced in at `at`. */
export function insertAt(bytes: Uint8Array, at: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at), at + insert.length);
  return out;
}
