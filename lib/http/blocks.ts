/**
 * PUT /api/blocks/:hash — upload one chunk. Authenticated; at most 4 MiB; Content-Length
 * required; the block store hashes the bytes while receiving them and refuses a mismatch, so
 * nothing unverified is ever visible. Idempotent. Records that this user holds the chunk.
 *
 * GET /api/blocks/:hash — a chunk's bytes, only for a user who holds it (uploaded it, or can read
 * a version containing it). Otherwise 404, exactly as for a chunk that does not exist.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChunkHash, isChunkHash, parseChunkHash } from "@/lib/chunking";
import { applyDelta, encodeSignature, InvalidDeltaError, signature } from "@/lib/chunking/delta";
import { assertChunkReadable, DriveError, MAX_CHUNK_SIZE, recordChunkUpload } from "@/lib/drive";
import {
  BlobHashMismatchError,
  BlobNotFoundError,
  BlobSizeMismatchError,
  type BlobStore,
  BlobTooLargeError,
} from "@/lib/storage";
import { authenticate, drain, type HttpServices, sendError, sendJson } from "./respond";

export interface BlockServices extends HttpServices {
  store: BlobStore;
}

const HASH_PATH = /^\/api\/blocks\/([^/]+?)(\/signature)?$/;
export const DELTA_CONTENT_TYPE = "application/vnd.cairn.delta";

export async function handleBlocks(
  services: BlockServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const match = HASH_PATH.exec(url.pathname);
  const raw = match?.[1];
  try {
    const method = req.method ?? "GET";
    if (method !== "PUT" && method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD, PUT");
      throw new DriveError("BAD_INPUT", "use GET, HEAD or PUT");
    }
    if (!raw || !/^[0-9a-f]{64}$/.test(raw)) {
      throw new DriveError("BAD_INPUT", "the path must end in a chunk hash: 64 lowercase hex characters");
    }
    const hash = parseChunkHash(raw);
    if (match?.[2]) {
      if (method !== "GET") throw new DriveError("BAD_INPUT", "a signature is read with GET");
      return await getSignature(services, req, res, hash);
    }
    if (method === "PUT") {
      const base = url.searchParams.get("base");
      if (base !== null) return await putDelta(services, req, res, hash, base);
      return await putBlock(services, req, res, hash);
    }
    const actor = await authenticate(services, req, { write: false });
    await assertChunkReadable(services.db, actor, hash);
    const stat = await services.store.stat(hash);
    if (!stat) throw new DriveError("NOT_FOUND", "chunk not found");
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(stat.size),
      etag: `"${hash}"`,
      "cache-control": "private, max-age=31536000, immutable",
      "cross-origin-resource-policy": "same-origin",
    });
    if (method === "HEAD") return void res.end();
    for await (const piece of await services.store.get(hash)) {
      if (!res.write(piece)) await new Promise((r) => res.once("drain", r));
    }
    res.end();
  } catch (error) {
    if (error instanceof BlobNotFoundError)
      return sendJson(res, 404, { error: { code: "NOT_FOUND", message: "chunk not found" } });
    if (req.method === "PUT" && !req.readableEnded) await drain(req).catch(() => {});
    sendError(res, error);
  }
}

async function putBlock(
  services: BlockServices,
  req: IncomingMessage,
  res: ServerResponse,
  hash: ReturnType<typeof parseChunkHash>,
) {
  const actor = await authenticate(services, req, { write: true });
  const lengthHeader = req.headers["content-length"];
  if (lengthHeader === undefined) {
    return sendJson(res, 411, { error: { code: "BAD_INPUT", message: "Content-Length is required" } });
  }
  const size = Number(lengthHeader);
  if (!Number.isSafeInteger(size) || size < 1)
    throw new DriveError("BAD_INPUT", "Content-Length must be 1 or more");
  if (size > MAX_CHUNK_SIZE) {
    throw new DriveError("PAYLOAD_TOO_LARGE", `a chunk is at most ${MAX_CHUNK_SIZE} bytes`, {
      limit: MAX_CHUNK_SIZE,
    });
  }
  const aborted = new AbortController();
  req.once("aborted", () => aborted.abort());
  req.once("close", () => {
    if (!req.readableEnded) aborted.abort();
  });
  try {
    const { created } = await services.store.put(hash, req, { size, signal: aborted.signal });
    await recordChunkUpload(services.db, actor, { hash, size, storedSize: size });
    sendJson(res, created ? 201 : 200, { hash, size, created });
  } catch (error) {
    if (aborted.signal.aborted) {
      throw new DriveError(
        "BAD_INPUT",
        "the upload was interrupted before all bytes arrived; nothing was stored",
      );
    }
    if (error instanceof BlobHashMismatchError) {
      throw new DriveError("HASH_MISMATCH", "the bytes do not hash to the chunk hash in the path", {
        expected: error.expected,
        actual: error.actual,
      });
    }
    if (error instanceof BlobSizeMismatchError) {
      throw new DriveError("BAD_INPUT", "the body's length does not match Content-Length", {
        expected: error.expected,
        actual: error.actual,
      });
    }
    if (error instanceof BlobTooLargeError) {
      throw new DriveError("PAYLOAD_TOO_LARGE", `a chunk is at most ${MAX_CHUNK_SIZE} bytes`);
    }
    throw error;
  }
}

async function readChunk(store: BlobStore, hash: ChunkHash): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const piece of await store.get(hash)) parts.push(piece);
  return Buffer.concat(parts);
}

/** GET /api/blocks/:hash/signature — the rsync signature of a chunk the caller holds. */
async function getSignature(
  services: BlockServices,
  req: IncomingMessage,
  res: ServerResponse,
  hash: ChunkHash,
) {
  const actor = await authenticate(services, req, { write: false });
  await assertChunkReadable(services.db, actor, hash);
  const body = encodeSignature(signature(await readChunk(services.store, hash)));
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(body.length),
    "cache-control": "private, max-age=31536000, immutable",
  });
  res.end(body);
}

/**
 * PUT /api/blocks/:hash?base=<hash> with a delta body: the chunk rebuilt from a base chunk the
 * caller holds. Stored only if the rebuilt bytes hash to `hash`, exactly like a whole PUT.
 */
async function putDelta(
  services: BlockServices,
  req: IncomingMessage,
  res: ServerResponse,
  hash: ChunkHash,
  baseText: string,
) {
  const actor = await authenticate(services, req, { write: true });
  if (!(req.headers["content-type"] ?? "").startsWith(DELTA_CONTENT_TYPE)) {
    throw new DriveError("BAD_INPUT", `a delta PUT has Content-Type ${DELTA_CONTENT_TYPE}`);
  }
  if (!isChunkHash(baseText)) throw new DriveError("BAD_INPUT", "base must be a chunk hash");
  const base = parseChunkHash(baseText);
  await assertChunkReadable(services.db, actor, base);
  const limit = MAX_CHUNK_SIZE + (64 << 10);
  const declared = Number(req.headers["content-length"]);
  if (!Number.isSafeInteger(declared) || declared < 8)
    throw new DriveError("BAD_INPUT", "Content-Length is required");
  if (declared > limit) throw new DriveError("PAYLOAD_TOO_LARGE", "a delta is at most 4 MiB + 64 KiB");
  const parts: Buffer[] = [];
  let received = 0;
  for await (const piece of req) {
    received += (piece as Buffer).length;
    if (received > declared) throw new DriveError("BAD_INPUT", "the body is longer than Content-Length");
    parts.push(piece as Buffer);
  }
  if (received !== declared) throw new DriveError("BAD_INPUT", "the body is shorter than Content-Length");
  let rebuilt: Uint8Array;
  try {
    rebuilt = applyDelta(await readChunk(services.store, base), Buffer.concat(parts));
  } catch (error) {
    if (error instanceof InvalidDeltaError) throw new DriveError("BAD_INPUT", error.message);
    throw error;
  }
  if (rebuilt.length === 0) throw new DriveError("BAD_INPUT", "a chunk is at least 1 byte");
  try {
    const { created } = await services.store.put(hash, rebuilt, { size: rebuilt.length });
    await recordChunkUpload(services.db, actor, { hash, size: rebuilt.length, storedSize: rebuilt.length });
    sendJson(res, created ? 201 : 200, { hash, size: rebuilt.length, created });
  } catch (error) {
    if (error instanceof BlobHashMismatchError) {
      throw new DriveError("HASH_MISMATCH", "the rebuilt bytes do not hash to the chunk hash in the path", {
        expected: error.expected,
        actual: error.actual,
      });
    }
    throw error;
  }
}
