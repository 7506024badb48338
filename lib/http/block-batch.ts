/**
 * POST /api/blocks — several chunks in one request, so an upload of many chunks costs a request
 * (and a database statement) per batch instead of per chunk. Everything else is exactly as for
 * `PUT /api/blocks/:hash`, chunk by chunk: the same authentication (files.write), the block
 * store verifies each chunk's bytes against its hash and makes it durable before the answer,
 * and the caller then holds every chunk of the batch.
 *
 * Request: `Content-Type: application/vnd.cairn.blocks`; `X-Cairn-Blocks: <hash>:<size>,...` (the
 * chunks in body order, at most MAX_BATCH_CHUNKS, each 1..4 MiB, no hash twice); `Content-Length`
 * the sum of the sizes (at most MAX_BATCH_BYTES); the body the chunks' bytes one after another.
 *
 * Answer: 200 `{blocks: [{hash, size, created}]}` once every chunk is verified, durable and
 * recorded. Any refusal (bad manifest, a chunk whose bytes do not hash to its hash, a short body)
 * is a 4xx JSON error and records nothing: the caller holds none of the batch and sends it again
 * (chunks of it that verified may already be in the shared store, which is harmless: blobs are
 * verified and immutable). Servers without this endpoint answer 404: clients then PUT one by one.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChunkHash, parseChunkHash } from "@/lib/chunking";
import { DriveError, MAX_CHUNK_SIZE, recordChunkUploads } from "@/lib/drive";
import {
  BlobHashMismatchError,
  BlobSizeMismatchError,
  type BlobStore,
  BlobTooLargeError,
  type PutResult,
} from "@/lib/storage";
import { authenticate, type HttpServices, sendError, sendJson } from "./respond";

export interface BlockBatchServices extends HttpServices {
  store: BlobStore;
}

export const BLOCKS_CONTENT_TYPE = "application/vnd.cairn.blocks";
export const BLOCKS_MANIFEST_HEADER = "x-cairn-blocks";
/** Chunks per batch (the manifest header stays under 5 KB). */
export const MAX_BATCH_CHUNKS = 64;
/** Bytes per batch. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

const ENTRY = /^([0-9a-f]{64}):([1-9][0-9]{0,7})$/;

interface Entry {
  hash: ChunkHash;
  size: number;
}

export function parseManifest(header: string | string[] | undefined): Entry[] {
  if (typeof header !== "string" || header.trim() === "") {
    throw new DriveError(
      "BAD_INPUT",
      `the ${BLOCKS_MANIFEST_HEADER} header lists the chunks as <hash>:<size>,...`,
    );
  }
  const parts = header.split(",");
  if (parts.length > MAX_BATCH_CHUNKS) {
    throw new DriveError("PAYLOAD_TOO_LARGE", `at most ${MAX_BATCH_CHUNKS} chunks per request`, {
      limit: MAX_BATCH_CHUNKS,
    });
  }
  const seen = new Set<string>();
  return parts.map((part) => {
    const m = ENTRY.exec(part.trim());
    if (!m?.[1] || !m[2]) {
      throw new DriveError("BAD_INPUT", `each ${BLOCKS_MANIFEST_HEADER} entry is <64 lowercase hex>:<size>`);
    }
    const size = Number(m[2]);
    if (size > MAX_CHUNK_SIZE) {
      throw new DriveError("PAYLOAD_TOO_LARGE", `a chunk is at most ${MAX_CHUNK_SIZE} bytes`, {
        limit: MAX_CHUNK_SIZE,
      });
    }
    if (seen.has(m[1])) throw new DriveError("BAD_INPUT", "a chunk is listed twice");
    seen.add(m[1]);
    return { hash: parseChunkHash(m[1]), size };
  });
}

/** Hands a body out in consecutive slices of exact lengths, in order. */
class BodySlicer {
  readonly #pieces: AsyncIterator<Uint8Array>;
  #rest: Uint8Array | undefined;

  constructor(body: AsyncIterable<Uint8Array>) {
    this.#pieces = body[Symbol.asyncIterator]();
  }

  /**
   * The next `size` bytes (fewer if the body ends first). `taken` resolves true once this slice
   * has read all its bytes from the body (the next slice may start reading), false if it stopped
   * before (its consumer gave up, or the body ended).
   */
  slice(size: number): { body: AsyncIterable<Uint8Array>; taken: Promise<boolean> } {
    let done: (complete: boolean) => void = () => {};
    const taken = new Promise<boolean>((resolve) => {
      done = resolve;
    });
    const self = this;
    async function* pieces(): AsyncGenerator<Uint8Array, void, undefined> {
      let left = size;
      try {
        while (left > 0) {
          let piece = self.#rest;
          self.#rest = undefined;
          if (!piece) {
            const next = await self.#pieces.next();
            if (next.done) return;
            piece = next.value;
          }
          if (piece.byteLength > left) {
            self.#rest = piece.subarray(left);
            piece = piece.subarray(0, left);
          }
          left -= piece.byteLength;
          if (left === 0) done(true);
          yield piece;
        }
      } finally {
        done(false); // no effect once resolved
      }
    }
    return { body: pieces(), taken };
  }

  /**
   * Reads and discards what is left of the body (so the client sees our answer, not a reset), up
   * to `limit` bytes; past that the request is destroyed.
   */
  async drain(req: IncomingMessage, limit = 64 << 20): Promise<void> {
    this.#rest = undefined;
    let seen = 0;
    for (let next = await this.#pieces.next(); !next.done; next = await this.#pieces.next()) {
      seen += next.value.byteLength;
      if (seen > limit) {
        req.destroy();
        return;
      }
    }
  }
}

export async function handleBlockBatch(
  services: BlockBatchServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const slicer = new BodySlicer(req);
  try {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      throw new DriveError("BAD_INPUT", "use POST here, or PUT /api/blocks/:hash for one chunk");
    }
    const actor = await authenticate(services, req, { write: true });
    if (!(req.headers["content-type"] ?? "").startsWith(BLOCKS_CONTENT_TYPE)) {
      throw new DriveError("BAD_INPUT", `a batch of chunks has Content-Type ${BLOCKS_CONTENT_TYPE}`);
    }
    const entries = parseManifest(req.headers[BLOCKS_MANIFEST_HEADER]);
    const lengthHeader = req.headers["content-length"];
    if (lengthHeader === undefined) {
      return sendJson(res, 411, { error: { code: "BAD_INPUT", message: "Content-Length is required" } });
    }
    const total = entries.reduce((n, e) => n + e.size, 0);
    if (total > MAX_BATCH_BYTES) {
      throw new DriveError("PAYLOAD_TOO_LARGE", `a batch is at most ${MAX_BATCH_BYTES} bytes`, {
        limit: MAX_BATCH_BYTES,
      });
    }
    if (Number(lengthHeader) !== total) {
      throw new DriveError("BAD_INPUT", "Content-Length must be the sum of the chunk sizes", {
        expected: total,
        actual: Number(lengthHeader),
      });
    }
    const aborted = new AbortController();
    req.once("aborted", () => aborted.abort());
    req.once("close", () => {
      if (!req.readableEnded) aborted.abort();
    });

    // Each chunk goes to the store as soon as its bytes arrive; its fsyncs then overlap the
    // receiving of the next ones. The first failure stops the reading.
    const puts: Promise<PutResult>[] = [];
    for (const entry of entries) {
      const { body, taken } = slicer.slice(entry.size);
      const put = services.store.put(entry.hash, body, { size: entry.size, signal: aborted.signal });
      puts.push(put);
      const stopped = put.then(
        () => false,
        () => false,
      );
      if (!(await Promise.race([taken, stopped]))) break;
    }
    const settled = await Promise.allSettled(puts);
    const refused = settled.findIndex((s) => s.status === "rejected");
    if (refused >= 0) {
      const reason = (settled[refused] as PromiseRejectedResult).reason;
      throw mapPutError(reason, entries[refused]?.hash, aborted.signal.aborted);
    }
    await recordChunkUploads(
      services.db,
      actor,
      entries.map((e) => ({ hash: e.hash, size: e.size, storedSize: e.size })),
    );
    sendJson(res, 200, {
      blocks: entries.map((e, i) => ({
        hash: e.hash,
        size: e.size,
        created: (settled[i] as PromiseFulfilledResult<PutResult>).value.created,
      })),
    });
  } catch (error) {
    if (!req.readableEnded && !req.destroyed) await slicer.drain(req).catch(() => {});
    sendError(res, error);
  }
}

function mapPutError(error: unknown, hash: ChunkHash | undefined, aborted: boolean): unknown {
  if (aborted) {
    return new DriveError(
      "BAD_INPUT",
      "the upload was interrupted before all bytes arrived; nothing was recorded",
    );
  }
  if (error instanceof BlobHashMismatchError) {
    return new DriveError("HASH_MISMATCH", "a chunk's bytes do not hash to its hash; nothing was recorded", {
      hash,
      expected: error.expected,
      actual: error.actual,
    });
  }
  if (error instanceof BlobSizeMismatchError) {
    return new DriveError("BAD_INPUT", "the body ended before the listed chunks did; nothing was recorded", {
      hash,
    });
  }
  if (error instanceof BlobTooLargeError) {
    return new DriveError("PAYLOAD_TOO_LARGE", `a chunk is at most ${MAX_CHUNK_SIZE} bytes`);
  }
  return error;
}
