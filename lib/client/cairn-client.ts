/**
 * A Node client for Cairn: GraphQL calls, chunked delta upload and streaming download. Used by
 * the tests, the benchmarks and the `cairn` CLI (and later a desktop client).
 *
 * Upload: chunk and hash the local file (lib/chunking, the same code as the browser), ask
 * `prepareUpload` about the chunks that are not already in the base version, send the missing
 * ones (bounded parallelism, retry with backoff), then `commitFile` with an op id, retried safely.
 * The three overlap: chunks are asked about in growing batches while the file is still being
 * chunked, and sending starts as soon as the first batch is answered. Chunks queued together go
 * in one `POST /api/blocks` (one `PUT /api/blocks/:hash` each to a server without it). Bodies go
 * out through node:http from one reused buffer per slot (fetch would copy each body twice).
 * Every byte the client sends or receives is counted, headers included, so benchmarks can report
 * bytes on the wire.
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type Chunk,
  type ChunkHasher,
  chunkStream,
  contentHash,
  diffChunkLists,
  parseChunkHash,
} from "@/lib/chunking";
import { type ChunkSignature, computeDelta, decodeSignature } from "@/lib/chunking/delta";

export interface CairnClientOptions {
  baseUrl: string;
  /** A personal access token (`cairn_pat_...`). */
  token?: string;
  /** Or a Cookie header value from a signed-in session. */
  cookie?: string;
  /** PUT parallelism. */
  concurrency?: number;
  retries?: number;
}

export interface WireStats {
  requests: number;
  sentBytes: number;
  receivedBytes: number;
}

export interface UploadResult {
  file: { id: string; name: string; parentId: string | null; size: number; contentHash: string };
  version: { id: string; number: number };
  conflict: { copyName: string; reason: string } | null;
  cursor: string;
  /** The new version's chunk hashes, in order: pass them as `baseChunks` when editing it next. */
  chunks: string[];
  chunksTotal: number;
  chunksSent: number;
  /** Bytes of chunk data put on the wire (whole chunks, or deltas). */
  bytesSent: number;
  bytesSkipped: number;
}

export class CairnApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "CairnApiError";
  }
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** node:http's network failures (fetch reports the same as a TypeError). */
const NETWORK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Chunks asked about per prepareUpload call while the file is still being chunked: few at first,
 * so the first PUTs start early, then twice as many per call up to the most, so a large file
 * costs a handful of sequential round trips rather than one per 32 chunks.
 */
const PREPARE_BATCH_FIRST = 32;
const PREPARE_BATCH_MOST = 1024;
/** Each PUT slot reads chunks into one buffer this big (grown if a batch is bigger). */
const PUT_BUFFER = 4 * 1024 * 1024;
/**
 * A slot sends the chunks queued at the time together, in one POST /api/blocks, up to this many
 * bytes (a chunk bigger than what is left starts the next batch) and chunks (server: 32 MiB, 64).
 */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_CHUNKS = 32;

/** A queue the PUT slots take chunks from; `abort()` drops what is queued and stops them. */
class WorkQueue<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T | undefined) => void)[] = [];
  private closed = false;

  push(item: T): void {
    const take = this.waiting.shift();
    if (take) take(item);
    else this.items.push(item);
  }

  /** No more items: takers get what is queued, then undefined. */
  close(): void {
    this.closed = true;
    for (const take of this.waiting.splice(0)) take(undefined);
  }

  abort(): void {
    this.items.length = 0;
    this.close();
  }

  /** The next queued item if there is one and `fits` it, without waiting. */
  takeNowIf(fits: (item: T) => boolean): T | undefined {
    const head = this.items[0];
    return head !== undefined && fits(head) ? this.items.shift() : undefined;
  }

  take(): Promise<T | undefined> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** Reads exactly `into.length` bytes at `position`; a file that got shorter is an error. */
async function readFully(file: FileHandle, into: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error("the file got shorter while it was being uploaded");
    done += bytesRead;
  }
}

/** Bytes per read while chunking a file. */
const READ_PIECE = 1024 * 1024;

/**
 * A file's bytes from the start, in pieces read into one reused buffer: each piece is valid only
 * until the next is asked for (chunkStream copies a piece into its own buffer before it asks).
 */
async function* readPieces(file: FileHandle): AsyncGenerator<Uint8Array, void, undefined> {
  const buffer = new Uint8Array(READ_PIECE);
  for (let position = 0; ; ) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * SHA-256 with node:crypto, in place: no copy of the chunk (WebCrypto's digest copies it, and
 * hands it to the thread pool and back). Done before `hash` returns, as ChunkHasher requires.
 */
const nodeHasher: ChunkHasher = {
  hash: (bytes) => Promise.resolve(parseChunkHash(createHash("sha256").update(bytes).digest("hex"))),
};

/** Reads `chunks` (in this order) into `into`, one after another; neighbours in one read. */
async function readChunks(
  file: FileHandle,
  chunks: readonly { offset: number; size: number }[],
  into: Uint8Array,
): Promise<void> {
  for (let i = 0, at = 0; i < chunks.length; ) {
    const first = chunks[i]!;
    let end = first.offset + first.size;
    let j = i + 1;
    for (; j < chunks.length && chunks[j]!.offset === end; j++) end += chunks[j]!.size;
    const span = end - first.offset;
    await readFully(file, into.subarray(at, at + span), first.offset);
    at += span;
    i = j;
  }
}

export class CairnClient {
  readonly wire: WireStats = { requests: 0, sentBytes: 0, receivedBytes: 0 };
  private readonly concurrency: number;
  private readonly retries: number;
  private agent: HttpAgent | undefined;
  /** Whether the server takes POST /api/blocks; unknown until the first batch is sent. */
  private blockBatches: boolean | undefined;

  constructor(readonly options: CairnClientOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.retries = options.retries ?? 5;
  }

  resetWire(): void {
    Object.assign(this.wire, { requests: 0, sentBytes: 0, receivedBytes: 0 });
  }

  private authHeaders(): Record<string, string> {
    if (this.options.token) return { authorization: `Bearer ${this.options.token}` };
    if (this.options.cookie)
      return { cookie: this.options.cookie, origin: new URL(this.options.baseUrl).origin };
    return {};
  }

  /** fetch, counting request and response bytes (request line, headers and body). */
  async request(
    pathname: string,
    init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {},
  ): Promise<{ status: number; headers: Headers; body: Uint8Array }> {
    const url = new URL(pathname, this.options.baseUrl);
    const headers = { ...this.authHeaders(), ...(init.headers ?? {}) };
    const body = typeof init.body === "string" ? new TextEncoder().encode(init.body) : init.body;
    const headerBytes = Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    this.wire.requests++;
    this.wire.sentBytes +=
      `${init.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`.length +
      headerBytes +
      2 +
      (body?.length ?? 0) +
      (body ? `content-length: ${body.length}\r\n`.length : 0);
    const res = await fetch(url, {
      method: init.method ?? "GET",
      headers,
      body: body as BodyInit | undefined,
    });
    const data = new Uint8Array(await res.arrayBuffer());
    let received = `HTTP/1.1 ${res.status} ${res.statusText}\r\n`.length + 2 + data.length;
    res.headers.forEach((v, k) => {
      received += k.length + v.length + 4;
    });
    this.wire.receivedBytes += received;
    return { status: res.status, headers: res.headers, body: data };
  }

  /** A GraphQL call; throws CairnApiError with the server's `extensions.code`. */
  // biome-ignore lint/suspicious/noExplicitAny: an untyped call's data is whatever the query selects
  async gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.request("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const parsed = JSON.parse(new TextDecoder().decode(res.body)) as {
      data?: T;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    const error = parsed.errors?.[0];
    if (error || !parsed.data) {
      const { code = "INTERNAL_SERVER_ERROR", ...details } = (error?.extensions ?? {}) as { code?: string };
      throw new CairnApiError(error?.message ?? `HTTP ${res.status}`, code, res.status, details);
    }
    return parsed.data;
  }

  /** Retries `fn` on network errors and retryable statuses, with jittered exponential backoff. */
  private async withRetry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const retryable =
          error instanceof TypeError || // fetch's network failure
          NETWORK_ERRORS.has((error as { code?: string } | undefined)?.code ?? "") || // node:http's
          (error instanceof CairnApiError && RETRYABLE_STATUS.has(error.status));
        if (!retryable || attempt >= this.retries) throw error;
        await sleep(Math.min(10_000, 200 * 2 ** attempt) * (0.5 + Math.random()));
        if (process.env.CAIRN_CLIENT_DEBUG) console.error(`retrying ${what} (attempt ${attempt + 2})`);
      }
    }
  }

  /** Cuts a local file into chunks (hashes only; the bytes are re-read when sent). */
  async chunkFile(filePath: string, onProgress?: (bytes: number) => void): Promise<Chunk[]> {
    const out: Chunk[] = [];
    const file = await open(filePath, "r");
    try {
      for await (const chunk of chunkStream(readPieces(file), { onProgress, hasher: nodeHasher }))
        out.push(chunk);
    } finally {
      await file.close();
    }
    return out;
  }

  /**
   * PUT with node:http on a keep-alive agent, counted like `request`. `body` is written as it is,
   * not copied: the caller keeps it unchanged until this settles.
   */
  private put(
    pathname: string,
    headers: Record<string, string>,
    body: Uint8Array,
    method: "PUT" | "POST" = "PUT",
  ): Promise<{ status: number; body: Uint8Array }> {
    const url = new URL(pathname, this.options.baseUrl);
    const https = url.protocol === "https:";
    this.agent ??= https
      ? new HttpsAgent({ keepAlive: true, maxSockets: this.concurrency })
      : new HttpAgent({ keepAlive: true, maxSockets: this.concurrency });
    const all = { ...this.authHeaders(), ...headers, "content-length": String(body.length) };
    return new Promise((resolve, reject) => {
      const onResponse = (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.once("error", reject);
        res.once("end", () => {
          const data = Buffer.concat(parts);
          let received = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2 + data.length;
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            received += res.rawHeaders[i]!.length + res.rawHeaders[i + 1]!.length + 4;
          }
          this.wire.receivedBytes += received;
          resolve({ status: res.statusCode ?? 0, body: data });
        });
      };
      const req: ClientRequest = (https ? httpsRequest : httpRequest)(
        url,
        { method, headers: all, agent: this.agent },
        onResponse,
      );
      req.once("error", reject);
      req.end(body);
      // The exact request head node:http wrote (request line and every header, its own included).
      const head = (req as unknown as { _header?: string })._header;
      this.wire.requests++;
      this.wire.sentBytes +=
        (head?.length ??
          `${method} ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`.length +
            Object.entries(all).reduce((n, [k, v]) => n + k.length + v.length + 4, 0)) + body.length;
    });
  }

  /** The rsync signature of a chunk we hold (see lib/chunking/delta.ts). */
  async chunkSignature(hash: string): Promise<ChunkSignature> {
    return this.withRetry(`signature ${hash}`, async () => {
      const res = await this.request(`/api/blocks/${hash}/signature`);
      if (res.status !== 200) throw new CairnApiError(`signature failed: ${res.status}`, "HTTP", res.status);
      return decodeSignature(res.body);
    });
  }

  /** Uploads a chunk as a delta from `base` (a chunk we hold); the server rebuilds and verifies it. */
  async putBlockDelta(hash: string, base: string, delta: Uint8Array): Promise<void> {
    await this.putBlock(hash, delta, { base });
  }

  async putBlock(hash: string, bytes: Uint8Array, opts: { base?: string } = {}): Promise<void> {
    await this.withRetry(`PUT ${hash}`, async () => {
      const res = await this.put(
        opts.base ? `/api/blocks/${hash}?base=${opts.base}` : `/api/blocks/${hash}`,
        { "content-type": opts.base ? "application/vnd.cairn.delta" : "application/octet-stream" },
        bytes,
      );
      if (res.status !== 200 && res.status !== 201) {
        const err = safeJson(res.body) as { error?: { code?: string; message?: string } };
        throw new CairnApiError(
          err.error?.message ?? `PUT failed: ${res.status}`,
          err.error?.code ?? "HTTP",
          res.status,
        );
      }
    });
  }

  /**
   * Sends several chunks in one `POST /api/blocks` (see lib/http/block-batch.ts): `bytes` holds
   * their bytes one after another, in the order of `chunks`. Resolves false, having sent nothing
   * that counts, when the server has no such endpoint (an older server): send them one by one.
   */
  async putBlocks(chunks: { hash: string; size: number }[], bytes: Uint8Array): Promise<boolean> {
    return this.withRetry(`POST ${chunks.length} blocks`, async () => {
      const res = await this.put(
        "/api/blocks",
        {
          "content-type": "application/vnd.cairn.blocks",
          "x-cairn-blocks": chunks.map((c) => `${c.hash}:${c.size}`).join(","),
        },
        bytes,
        "POST",
      );
      if (res.status === 200) return true;
      const err = safeJson(res.body) as { error?: { code?: string; message?: string } };
      if (res.status === 404 || res.status === 405) return false;
      throw new CairnApiError(
        err.error?.message ?? `POST /api/blocks failed: ${res.status}`,
        err.error?.code ?? "HTTP",
        res.status,
      );
    });
  }

  /**
   * Uploads a local file as a new file in `parentId`, or as a new version when `baseVersionId`
   * (and optionally `fileId`) name what it was edited from. `baseChunks` (the base version's chunk
   * hashes in order, if the caller knows them) are held already and are not asked about; with
   * them, a changed chunk is sent as a delta from the base chunk it replaces when that is smaller,
   * and the commit names its chunk list as splices against the base's.
   */
  async uploadFile(
    filePath: string,
    target: {
      parentId: string;
      name?: string;
      baseVersionId?: string | null;
      fileId?: string | null;
      baseChunks?: Iterable<string>;
      deviceName?: string;
      opId?: string;
      onProgress?: (phase: "hashing" | "sending", bytes: number) => void;
    },
  ): Promise<UploadResult> {
    const name = target.name ?? path.basename(filePath);
    const baseList = [...(target.baseChunks ?? [])];
    const known = new Set(baseList);
    const baseIndex = new Map(baseList.map((h, i) => [h, i]));
    /** For a new chunk: the base chunk it most likely replaces (by position after the last match). */
    const deltaBase = new Map<string, string>();
    const signatures = new Map<string, Promise<ChunkSignature>>();
    let lastBase = -1;
    let sinceMatch = 0;
    const asked = new Map<string, Chunk>(); // chunks not in the base, each asked about once
    const chunks: Chunk[] = [];
    const queue = new WorkQueue<Chunk>();
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      failure ??= { error };
      queue.abort();
    };
    let bytesSent = 0;
    let chunksSent = 0;
    const file = await open(filePath, "r");
    try {
      // PUT slots: each reads its chunks into its own reused buffer and sends them: whole chunks
      // queued together in one POST /api/blocks (one by one to a server without it), a chunk with
      // a delta base on its own.
      const slot = async () => {
        let buffer: Uint8Array | undefined;
        const room = (n: number) => {
          if (!buffer || buffer.length < n) buffer = new Uint8Array(Math.max(PUT_BUFFER, n));
          return buffer;
        };
        const sent = (chunks: number, bytes: number) => {
          bytesSent += bytes;
          chunksSent += chunks;
          target.onProgress?.("sending", bytesSent);
        };
        for (let c = await queue.take(); c; c = await queue.take()) {
          const base = deltaBase.get(c.hash);
          if (!base && this.blockBatches !== false) {
            const batch = [c];
            let total = c.size;
            for (
              let next = queue.takeNowIf(
                (n) => !deltaBase.has(n.hash) && total + n.size <= BATCH_BYTES && batch.length < BATCH_CHUNKS,
              );
              next;
              next = queue.takeNowIf(
                (n) => !deltaBase.has(n.hash) && total + n.size <= BATCH_BYTES && batch.length < BATCH_CHUNKS,
              )
            ) {
              batch.push(next);
              total += next.size;
            }
            const bytes = room(total).subarray(0, total);
            await readChunks(file, batch, bytes);
            if (batch.length > 1 || this.blockBatches === undefined) {
              if (await this.putBlocks(batch, bytes)) {
                this.blockBatches = true;
                sent(batch.length, total);
                continue;
              }
              this.blockBatches = false;
            }
            for (let i = 0, at = 0; i < batch.length; at += batch[i]!.size, i++) {
              const one = batch[i]!;
              await this.putBlock(one.hash, bytes.subarray(at, at + one.size));
              sent(1, one.size);
            }
            continue;
          }
          const bytes = room(c.size).subarray(0, c.size);
          await readFully(file, bytes, c.offset);
          let delta: Uint8Array | undefined;
          if (base) {
            let sig = signatures.get(base);
            if (!sig) {
              sig = this.chunkSignature(base);
              signatures.set(base, sig);
            }
            delta = computeDelta(await sig, bytes);
            if (delta.length >= c.size * 0.9) delta = undefined; // not worth it: send it whole
          }
          if (delta && base) {
            await this.putBlockDelta(c.hash, base, delta);
            sent(1, delta.length);
          } else {
            await this.putBlock(c.hash, bytes);
            sent(1, c.size);
          }
        }
      };
      const slots = Array.from({ length: this.concurrency }, () => slot().catch(fail));
      // Meanwhile: chunk, and ask about new chunks in batches (one call at a time, in order, while
      // the chunking goes on); the missing ones go to the slots.
      let batch: Chunk[] = [];
      let prepareBatch = PREPARE_BATCH_FIRST;
      let asking = Promise.resolve();
      const ask = async (chunksToAsk: Chunk[]) => {
        const { prepareUpload } = await this.withRetry("prepareUpload", () =>
          this.gql<{ prepareUpload: { missing: string[] } }>(
            `mutation($input: PrepareUploadInput!) { prepareUpload(input: $input) { missing } }`,
            { input: { chunks: chunksToAsk.map((c) => ({ hash: c.hash, size: c.size })) } },
          ),
        );
        for (const hash of prepareUpload.missing) {
          const chunk = asked.get(hash);
          if (!chunk) throw new Error(`prepareUpload named a chunk we did not ask about: ${hash}`);
          queue.push(chunk);
        }
      };
      const prepare = () => {
        const chunksToAsk = batch;
        batch = [];
        if (chunksToAsk.length > 0)
          asking = asking.then(() => (failure ? undefined : ask(chunksToAsk))).catch(fail);
      };
      try {
        for await (const c of chunkStream(readPieces(file), {
          onProgress: (b) => target.onProgress?.("hashing", b),
          hasher: nodeHasher,
        })) {
          if (failure) break;
          chunks.push(c);
          const at = baseIndex.get(c.hash);
          if (at !== undefined) {
            lastBase = at;
            sinceMatch = 0;
          } else {
            sinceMatch++;
          }
          if (known.has(c.hash) || asked.has(c.hash)) continue;
          asked.set(c.hash, c);
          // The k-th new chunk since the last match most likely replaces the k-th base chunk after it.
          const candidate = baseList[lastBase + sinceMatch] ?? baseList.at(-1);
          if (candidate) deltaBase.set(c.hash, candidate);
          batch.push(c);
          if (batch.length >= prepareBatch) {
            prepare();
            prepareBatch = Math.min(PREPARE_BATCH_MOST, prepareBatch * 2);
          }
        }
        prepare();
        await asking;
        queue.close();
      } catch (error) {
        fail(error);
      }
      await asking; // settled even on failure: no call outlives this upload
      await Promise.all(slots);
    } finally {
      await file.close();
    }
    if (failure) throw failure.error;
    const size = chunks.reduce((n, c) => n + c.size, 0);
    const opId = target.opId ?? `upload-${randomUUID()}`;
    const listHash = await contentHash(chunks.map((c) => c.hash));
    const { commitFile } = await this.withRetry("commitFile", () =>
      this.gql<{
        commitFile: Omit<
          UploadResult,
          "chunks" | "chunksTotal" | "chunksSent" | "bytesSent" | "bytesSkipped"
        >;
      }>(
        `mutation($input: CommitFileInput!) { commitFile(input: $input) {
           file { id name parentId size contentHash } version { id number } conflict { copyName reason } cursor } }`,
        {
          input: {
            parentId: target.parentId,
            name,
            baseVersionId: target.baseVersionId ?? null,
            fileId: target.fileId ?? null,
            ...(target.baseVersionId && baseList.length > 0
              ? {
                  splices: diffChunkLists(
                    baseList,
                    chunks.map((c) => c.hash),
                  ),
                  contentHash: listHash,
                }
              : { chunks: chunks.map((c) => c.hash) }),
            size,
            deviceName: target.deviceName ?? null,
            opId,
          },
        },
      ),
    );
    return {
      ...commitFile,
      chunks: chunks.map((c) => c.hash),
      chunksTotal: chunks.length,
      chunksSent,
      bytesSent,
      bytesSkipped: size - bytesSent,
    };
  }

  /** Streams a file (or version `version`) to `destPath`, atomically (temp file, then rename). */
  async downloadFile(
    fileId: string,
    destPath: string,
    opts: { version?: number } = {},
  ): Promise<{ bytes: number }> {
    const url = new URL(`/api/files/${encodeURIComponent(fileId)}/content`, this.options.baseUrl);
    if (opts.version !== undefined) url.searchParams.set("version", String(opts.version));
    const res = await fetch(url, { headers: this.authHeaders() });
    if (!res.ok || !res.body) {
      const err = safeJson(new Uint8Array(await res.arrayBuffer())) as {
        error?: { code?: string; message?: string };
      };
      throw new CairnApiError(
        err.error?.message ?? `download failed: ${res.status}`,
        err.error?.code ?? "HTTP",
        res.status,
      );
    }
    const tmp = `${destPath}.cairn-partial-${process.pid}`;
    let bytes = 0;
    try {
      await pipeline(
        Readable.fromWeb(res.body as never),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const piece of source) {
            bytes += piece.length;
            yield piece;
          }
        },
        createWriteStream(tmp),
      );
      await rename(tmp, destPath);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    this.wire.requests++;
    this.wire.receivedBytes += bytes;
    return { bytes };
  }
}

function safeJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return {};
  }
}
