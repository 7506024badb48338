/**
 * GcsBlobStore: one Google Cloud Storage object per blob, named `<prefix><hash>` in one bucket
 * (`gs://bucket/prefix` → prefix `prefix/`). GCS objects are atomic (an upload is visible whole or
 * not at all), so visibility needs no temp names; creation uses the `ifGenerationMatch: 0`
 * precondition, so an existing blob is never rewritten and a 412 means "already there".
 *
 * Endpoint: the SDK honours STORAGE_EMULATOR_HOST by itself; an explicit `apiEndpoint` option wins
 * over it (see `createStorage`). Custom endpoints are called without credentials (the SDK's
 * default), which suits emulators and the in-repo fake server (`testing/fake-gcs-server.ts`),
 * against which this adapter is tested — not against Google itself.
 */
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type Bucket, CRC32C, type File, Storage } from "@google-cloud/storage";
import { type ChunkHash, isChunkHash, parseChunkHash } from "../chunking/chunk-hash";
import {
  BlobNotFoundError,
  type BlobStore,
  BlobStoreClosedError,
  type ByteRange,
  type PutOptions,
  type PutResult,
} from "./blob-store";
import { checkRangeShape, checkRangeWithin, nothing } from "./byte-range";
import { checkPutArguments, verifiedBody } from "./verified-body";

export interface GcsBlobStoreOptions {
  bucket: string;
  /** Object name prefix; a trailing "/" is added when missing. Default: none (bucket root). */
  prefix?: string;
  /** e.g. "http://127.0.0.1:4443" for an emulator. Overrides STORAGE_EMULATOR_HOST. */
  apiEndpoint?: string;
  /** A ready client (credentials, project, retry options); `apiEndpoint` is then ignored. */
  storage?: Storage;
  /** Objects per list request (GCS allows at most 1000). */
  listPageSize?: number;
}

export class GcsBlobStore implements BlobStore {
  readonly bucketName: string;
  readonly prefix: string;
  readonly #bucket: Bucket;
  readonly #listPageSize: number;
  #closed = false;

  constructor(options: GcsBlobStoreOptions) {
    this.bucketName = options.bucket;
    this.prefix = normalizePrefix(options.prefix ?? "");
    this.#bucket = (options.storage ?? createStorage(options.apiEndpoint)).bucket(options.bucket);
    this.#listPageSize = Math.min(Math.max(1, options.listPageSize ?? 1000), 1000);
  }

  async put(
    hash: ChunkHash,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    opts: PutOptions,
  ): Promise<PutResult> {
    this.#assertOpen();
    checkPutArguments(hash, opts.size);
    // Chunks are at most 4 MiB (MAX_BLOB_SIZE), so buffering one is acceptable. It buys a lot:
    // the body is fully verified before one byte is sent (a bad body never reaches GCS, not even
    // for the SDK's post-upload check-and-delete), and the SDK can retry the upload from memory.
    const pieces: Uint8Array[] = [];
    for await (const piece of verifiedBody(hash, body, opts.size, opts.signal)) pieces.push(piece);
    const bytes = Buffer.concat(pieces, opts.size);
    // Past this point the upload is not abortable (the SDK's save() takes no signal); it is small.
    opts.signal?.throwIfAborted();

    const crc32c = new CRC32C();
    crc32c.update(bytes);
    try {
      await this.#file(hash).save(bytes, {
        resumable: false,
        // Create only: never replace an existing generation.
        preconditionOpts: { ifGenerationMatch: 0 },
        metadata: {
          contentType: "application/octet-stream",
          // Sent in the upload's metadata, these make GCS itself refuse corrupted bytes, before
          // the object exists. The SDK also checks the crc32c GCS returns (its default).
          md5Hash: createHash("md5").update(bytes).digest("base64"),
          crc32c: crc32c.toString(),
        },
      });
      return { created: true };
    } catch (err) {
      // 412: the object exists. It may even be ours, if the SDK retried an upload whose first
      // attempt succeeded but whose response was lost: `created` is advisory.
      if (httpStatus(err) === 412) return { created: false };
      throw err;
    }
  }

  async get(hash: ChunkHash, range?: ByteRange): Promise<AsyncIterable<Uint8Array>> {
    this.#assertOpen();
    checkRangeShape(range);
    const file = this.#file(hash);
    if (range && range.start === range.end) {
      // HTTP cannot ask for zero bytes; settle existence and bounds with the metadata instead.
      const found = await this.stat(hash);
      if (!found) throw new BlobNotFoundError(hash);
      checkRangeWithin(range, found.size, hash);
      return nothing();
    }

    // The SDK's `end` is inclusive. Ranged reads skip the SDK's checksum check (GCS only has
    // whole-object checksums); whole reads are checked against x-goog-hash.
    const stream = range
      ? file.createReadStream({ start: range.start, end: range.end - 1 })
      : file.createReadStream();
    let headers: IncomingHttpHeaders | undefined;
    let status: number | undefined;
    stream.once("response", (res: { statusCode?: number; headers?: IncomingHttpHeaders }) => {
      status = res.statusCode;
      headers = res.headers;
    });
    const reader: AsyncIterator<Uint8Array> = stream[Symbol.asyncIterator]();
    // Pull the first piece now, so a missing blob or a bad range rejects this call rather than
    // the caller's first read. The rest streams.
    let first: IteratorResult<Uint8Array>;
    try {
      first = await reader.next();
    } catch (err) {
      const code = httpStatus(err);
      if (code === 404) throw new BlobNotFoundError(hash);
      if (code === 416 && range)
        throw new RangeError(`byte range [${range.start}, ${range.end}) is outside blob ${hash}`);
      throw err;
    }
    if (range) {
      try {
        checkRangeWithin(range, servedSize(status, headers, range, hash), hash);
      } catch (err) {
        drainInBackground(reader);
        throw err;
      }
    }
    return rest(first, reader);
  }

  async stat(hash: ChunkHash): Promise<{ size: number } | undefined> {
    this.#assertOpen();
    try {
      const [metadata] = await this.#file(hash).getMetadata();
      return { size: Number(metadata.size) };
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  async has(hash: ChunkHash): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  async delete(hash: ChunkHash): Promise<void> {
    this.#assertOpen();
    await this.#file(hash).delete({ ignoreNotFound: true });
  }

  async *list(): AsyncGenerator<ChunkHash, void, undefined> {
    this.#assertOpen();
    let pageToken: string | undefined;
    do {
      // The delimiter keeps "sub-folders" under the prefix (foreign objects) out of the walk.
      const [files, next] = await this.#bucket.getFiles({
        prefix: this.prefix,
        delimiter: "/",
        autoPaginate: false,
        maxResults: this.#listPageSize,
        pageToken,
      });
      for (const file of files) {
        const name = file.name.slice(this.prefix.length);
        if (isChunkHash(name)) yield name;
      }
      pageToken = (next as { pageToken?: string } | null | undefined)?.pageToken;
    } while (pageToken);
  }

  /** The SDK client holds no sockets of its own to release; later calls are refused. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new BlobStoreClosedError(`gs://${this.bucketName}/${this.prefix}`);
  }

  /** The object of a blob. Validates the hash: it becomes an object name. */
  #file(hash: ChunkHash): File {
    parseChunkHash(hash);
    return this.#bucket.file(this.prefix + hash);
  }
}

/**
 * A Storage client. With an explicit `apiEndpoint` the SDK still sends JSON-API calls (metadata,
 * list, delete, download) to STORAGE_EMULATOR_HOST when that is set, and only uploads to
 * `apiEndpoint`; we point both at `apiEndpoint` so the explicit option really wins.
 */
export function createStorage(apiEndpoint?: string): Storage {
  if (!apiEndpoint) return new Storage();
  const storage = new Storage({ apiEndpoint });
  storage.baseUrl = `${storage.apiEndpoint}/storage/v1`;
  return storage;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, "");
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

/** The object size a ranged download reports: `Content-Range: bytes a-b/size`. */
function servedSize(
  status: number | undefined,
  headers: IncomingHttpHeaders | undefined,
  range: ByteRange,
  hash: string,
): number {
  const total = /\/(\d+)\s*$/.exec(String(headers?.["content-range"] ?? ""))?.[1];
  if (status === 206 && total !== undefined) return Number(total);
  // A 200 would be the whole object: the server ignored our Range header.
  throw new Error(
    `GCS answered a ranged read of ${hash} [${range.start}, ${range.end}) with status ${status}`,
  );
}

async function* rest(
  first: IteratorResult<Uint8Array>,
  reader: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (first.done) return;
  let finished = false;
  try {
    yield first.value;
    for (;;) {
      const next = await reader.next();
      if (next.done) break;
      yield next.value;
    }
    finished = true;
  } catch (err) {
    finished = true; // the download failed: nothing left to drain
    throw err;
  } finally {
    if (!finished) drainInBackground(reader); // the caller stopped early
  }
}

/**
 * Reads and discards the rest of a download without waiting for it. We do not destroy an SDK
 * download stream: when one ends with an error (and being destroyed counts), the SDK destroys the
 * HTTP agent it came from, which is teeny-request's process-wide pool, and every other request in
 * flight fails with "socket hang up" (reads are then retried after a back-off of seconds).
 * A blob is at most 4 MiB, so reading it to the end is the cheaper evil.
 */
function drainInBackground(reader: AsyncIterator<Uint8Array>): void {
  void (async () => {
    try {
      while (!(await reader.next()).done) {
        // discard
      }
    } catch {
      // the download failed while nobody was listening: nothing to report to
    }
  })();
}

/** The HTTP status of an SDK error (ApiError.code, or a gaxios response status). */
function httpStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; response?: { status?: unknown } };
  if (typeof e.code === "number") return e.code;
  if (typeof e.response?.status === "number") return e.response.status;
  return undefined;
}
