/**
 * A Node client for Cairn: GraphQL calls, chunked delta upload and streaming download. Used by
 * the tests, the benchmarks and the `cairn` CLI (and later a desktop client).
 *
 * Upload: chunk and hash the local file (lib/chunking, the same code as the browser), ask
 * `prepareUpload` about the chunks that are not already in the base version, PUT the missing ones
 * (bounded parallelism, retry with backoff), then `commitFile` with an op id, retried safely.
 * Every byte the client sends or receives is counted, headers included, so benchmarks can report
 * bytes on the wire.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Chunk, chunkStream } from "@/lib/chunking";

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
  file: { id: string; name: string; size: number; contentHash: string };
  version: { id: string; number: number };
  conflict: { copyName: string; reason: string } | null;
  cursor: string;
  chunksTotal: number;
  chunksSent: number;
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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CairnClient {
  readonly wire: WireStats = { requests: 0, sentBytes: 0, receivedBytes: 0 };
  private readonly concurrency: number;
  private readonly retries: number;

  constructor(readonly options: CairnClientOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.retries = options.retries ?? 5;
  }

  resetWire(): void {
    Object.assign(this.wire, { requests: 0, sentBytes: 0, receivedBytes: 0 });
  }

  private authHeaders(): Record<string, string> {
    if (this.options.token) return { authorization: `Bearer ${this.options.token}` };
    if (this.options.cookie) return { cookie: this.options.cookie, origin: new URL(this.options.baseUrl).origin };
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
    const res = await fetch(url, { method: init.method ?? "GET", headers, body: body as BodyInit | undefined });
    const data = new Uint8Array(await res.arrayBuffer());
    let received = `HTTP/1.1 ${res.status} ${res.statusText}\r\n`.length + 2 + data.length;
    res.headers.forEach((v, k) => {
      received += k.length + v.length + 4;
    });
    this.wire.receivedBytes += received;
    return { status: res.status, headers: res.headers, body: data };
  }

  /** A GraphQL call; throws CairnApiError with the server's `extensions.code`. */
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
    const source = Readable.toWeb(createReadStream(filePath, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
    for await (const chunk of chunkStream(source, { onProgress })) out.push(chunk);
    return out;
  }

  async putBlock(hash: string, bytes: Uint8Array): Promise<void> {
    await this.withRetry(`PUT ${hash}`, async () => {
      const res = await this.request(`/api/blocks/${hash}`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
      });
      if (res.status !== 200 && res.status !== 201) {
        const err = safeJson(res.body) as { error?: { code?: string; message?: string } };
        throw new CairnApiError(err.error?.message ?? `PUT failed: ${res.status}`, err.error?.code ?? "HTTP", res.status);
      }
    });
  }

  /**
   * Uploads a local file as a new file in `parentId`, or as a new version when `baseVersionId`
   * (and optionally `fileId`) name what it was edited from. `baseChunks` (the base version's chunk
   * hashes, if the caller knows them) are held already and are not asked about.
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
    const chunks = await this.chunkFile(filePath, (b) => target.onProgress?.("hashing", b));
    const known = new Set(target.baseChunks ?? []);
    const unique = new Map<string, Chunk>();
    for (const c of chunks) if (!known.has(c.hash) && !unique.has(c.hash)) unique.set(c.hash, c);
    let missing: string[] = [];
    if (unique.size > 0) {
      const { prepareUpload } = await this.withRetry("prepareUpload", () =>
        this.gql<{ prepareUpload: { missing: string[] } }>(
          `mutation($input: PrepareUploadInput!) { prepareUpload(input: $input) { missing } }`,
          { input: { chunks: [...unique.values()].map((c) => ({ hash: c.hash, size: c.size })) } },
        ),
      );
      missing = prepareUpload.missing;
    }
    let bytesSent = 0;
    const file = await open(filePath, "r");
    try {
      const queue = missing.map((h) => unique.get(h)!);
      const worker = async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const bytes = new Uint8Array(c.size);
          await file.read(bytes, 0, c.size, c.offset);
          await this.putBlock(c.hash, bytes);
          bytesSent += c.size;
          target.onProgress?.("sending", bytesSent);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    } finally {
      await file.close();
    }
    const size = chunks.reduce((n, c) => n + c.size, 0);
    const opId = target.opId ?? `upload-${randomUUID()}`;
    const { commitFile } = await this.withRetry("commitFile", () =>
      this.gql<{ commitFile: Omit<UploadResult, "chunksTotal" | "chunksSent" | "bytesSent" | "bytesSkipped"> }>(
        `mutation($input: CommitFileInput!) { commitFile(input: $input) {
           file { id name size contentHash } version { id number } conflict { copyName reason } cursor } }`,
        {
          input: {
            parentId: target.parentId,
            name,
            baseVersionId: target.baseVersionId ?? null,
            fileId: target.fileId ?? null,
            chunks: chunks.map((c) => c.hash),
            size,
            deviceName: target.deviceName ?? null,
            opId,
          },
        },
      ),
    );
    return {
      ...commitFile,
      chunksTotal: chunks.length,
      chunksSent: missing.length,
      bytesSent,
      bytesSkipped: size - bytesSent,
    };
  }

  /** Streams a file (or version `version`) to `destPath`, atomically (temp file, then rename). */
  async downloadFile(fileId: string, destPath: string, opts: { version?: number } = {}): Promise<{ bytes: number }> {
    const url = new URL(`/api/files/${encodeURIComponent(fileId)}/content`, this.options.baseUrl);
    if (opts.version !== undefined) url.searchParams.set("version", String(opts.version));
    const res = await fetch(url, { headers: this.authHeaders() });
    if (!res.ok || !res.body) {
      const err = safeJson(new Uint8Array(await res.arrayBuffer())) as { error?: { code?: string; message?: string } };
      throw new CairnApiError(err.error?.message ?? `download failed: ${res.status}`, err.error?.code ?? "HTTP", res.status);
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
