/**
 * A small in-memory server speaking the subset of the GCS JSON API that @google-cloud/storage
 * uses for Cairn's block store, for tests (no GCS emulator can be installed here, see STACK.md).
 * Point the SDK at it with `new Storage({ apiEndpoint: url })` or STORAGE_EMULATOR_HOST=url.
 *
 * Supported (every bucket exists, empty, on first use):
 * - Upload `POST /upload/storage/v1/b/:bucket/o?uploadType=multipart|media&name=`, and resumable
 *   (`uploadType=resumable` to start, then `PUT` of the session URL with Content-Range, 308 while
 *   incomplete, `bytes *\/*` status queries; `bytes a-*\/*` carries the rest of the upload). `md5Hash`/`crc32c` in the metadata (or x-goog-hash on
 *   a resumable upload's last request) are checked: a mismatch is a 400 and stores nothing.
 * - Preconditions `ifGenerationMatch` (0 = must not exist) on upload, metadata, download, delete:
 *   412 when unmet. `generation=` selects the live generation only (older ones are not kept).
 * - `GET …/b/:bucket`, `GET …/b/:bucket/o/:object` (metadata with base64 `crc32c` and `md5Hash`),
 *   `…?alt=media` with `Range: bytes=a-b | a- | -n` (206, 416), `DELETE`, and list
 *   `GET …/b/:bucket/o?prefix=&delimiter=&maxResults=&pageToken=` with pagination.
 * - JSON API paths both with `/storage/v1` and without (the SDK drops it under
 *   STORAGE_EMULATOR_HOST), and `/download/storage/v1/...` media links.
 * Not supported: auth (any request is accepted), ACLs, PATCH/rewrite/compose, versioning,
 * gzip transcoding, XML API.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CRC32C } from "@google-cloud/storage";
import {
  contentTypeOf,
  HttpError,
  intParam,
  isStringRecord,
  parseGoogHash,
  parseJsonObject,
  parseMultipart,
  parseRange,
  readBody,
  sendJson,
  stringOr,
} from "./fake-gcs-http";

export interface FakeGcsServer {
  /** e.g. "http://127.0.0.1:41234": the SDK's `apiEndpoint`. */
  url: string;
  close(): Promise<void>;
}

interface StoredObject {
  name: string;
  bucket: string;
  data: Buffer;
  generation: number;
  contentType: string;
  metadata?: Record<string, string>;
  md5Hash: string;
  crc32c: string;
  created: string;
}

interface ResumableSession {
  bucket: string;
  name: string;
  resource: Record<string, unknown>;
  contentType: string;
  ifGenerationMatch: number | undefined;
  received: Buffer;
  done?: StoredObject;
}

const LIST_MAX = 1000;

export async function startFakeGcsServer(): Promise<FakeGcsServer> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const sessions = new Map<string, ResumableSession>();
  let lastGeneration = Date.now() * 1000;
  let origin = "";

  const objectsOf = (bucket: string) => {
    let objects = buckets.get(bucket);
    if (!objects) {
      objects = new Map();
      buckets.set(bucket, objects);
    }
    return objects;
  };

  /** Stores an object if the precondition holds: the single place where objects come to be. */
  const commit = (
    bucket: string,
    name: string,
    data: Buffer,
    resource: Record<string, unknown>,
    contentType: string,
    ifGenerationMatch: number | undefined,
    expectedHashes: { md5?: string; crc32c?: string },
  ): StoredObject => {
    if (!name) throw new HttpError(400, "required", "Required parameter: name");
    const md5Hash = createHash("md5").update(data).digest("base64");
    const crc = new CRC32C();
    crc.update(data);
    const crc32c = crc.toString();
    if (expectedHashes.md5 !== undefined && expectedHashes.md5 !== md5Hash) {
      throw new HttpError(
        400,
        "invalid",
        `Provided MD5 hash "${expectedHashes.md5}" doesn't match calculated MD5 hash "${md5Hash}".`,
      );
    }
    if (expectedHashes.crc32c !== undefined && expectedHashes.crc32c !== crc32c) {
      throw new HttpError(
        400,
        "invalid",
        `Provided CRC32C "${expectedHashes.crc32c}" doesn't match calculated CRC32C "${crc32c}".`,
      );
    }
    const objects = objectsOf(bucket);
    checkGeneration(objects.get(name), ifGenerationMatch);
    const object: StoredObject = {
      name,
      bucket,
      data,
      generation: ++lastGeneration,
      contentType: stringOr(resource.contentType, contentType),
      metadata: isStringRecord(resource.metadata) ? resource.metadata : undefined,
      md5Hash,
      crc32c,
      created: new Date().toISOString(),
    };
    objects.set(name, object);
    return object;
  };

  const resourceOf = (o: StoredObject) => {
    const id = `${encodeURIComponent(o.bucket)}/o/${encodeURIComponent(o.name)}`;
    return {
      kind: "storage#object",
      id: `${o.bucket}/${o.name}/${o.generation}`,
      selfLink: `${origin}/storage/v1/b/${id}`,
      mediaLink: `${origin}/download/storage/v1/b/${id}?generation=${o.generation}&alt=media`,
      name: o.name,
      bucket: o.bucket,
      generation: String(o.generation),
      metageneration: "1",
      contentType: o.contentType,
      storageClass: "STANDARD",
      size: String(o.data.length),
      md5Hash: o.md5Hash,
      crc32c: o.crc32c,
      etag: `${o.md5Hash}/${o.generation}`,
      timeCreated: o.created,
      updated: o.created,
      ...(o.metadata ? { metadata: o.metadata } : {}),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", origin);
    const q = url.searchParams;
    const method = req.method ?? "GET";
    // Split the raw path, then decode each segment: object names arrive as one %2F-encoded segment.
    const segments = url.pathname.split("/").slice(1);

    // Uploads: /upload/storage/v1/b/:bucket/o
    if (segments[0] === "upload" && segments[1] === "storage" && segments[3] === "b" && segments[5] === "o") {
      const bucket = decodeURIComponent(segments[4] ?? "");
      const uploadId = q.get("upload_id");
      if (uploadId !== null) return resumableChunk(req, res, uploadId);
      if (method !== "POST") throw new HttpError(405, "invalid", `${method} not allowed on uploads`);
      const uploadType = q.get("uploadType");
      const ifGenerationMatch = intParam(q, "ifGenerationMatch");
      const body = await readBody(req);
      if (uploadType === "media") {
        const object = commit(
          bucket,
          q.get("name") ?? "",
          body,
          {},
          contentTypeOf(req),
          ifGenerationMatch,
          {},
        );
        return sendJson(res, 200, resourceOf(object));
      }
      if (uploadType === "multipart") {
        const { resource, media, mediaType } = parseMultipart(body, req.headers["content-type"] ?? "");
        const name = stringOr(resource.name, q.get("name") ?? "");
        const object = commit(bucket, name, media, resource, mediaType, ifGenerationMatch, {
          md5: typeof resource.md5Hash === "string" ? resource.md5Hash : undefined,
          crc32c: typeof resource.crc32c === "string" ? resource.crc32c : undefined,
        });
        return sendJson(res, 200, resourceOf(object));
      }
      if (uploadType === "resumable") {
        const resource = body.length > 0 ? parseJsonObject(body) : {};
        const name = stringOr(resource.name, q.get("name") ?? "");
        if (!name) throw new HttpError(400, "required", "Required parameter: name");
        checkGeneration(objectsOf(bucket).get(name), ifGenerationMatch);
        const id = randomBytes(12).toString("hex");
        sessions.set(id, {
          bucket,
          name,
          resource,
          contentType: String(req.headers["x-upload-content-type"] ?? "application/octet-stream"),
          ifGenerationMatch,
          received: Buffer.alloc(0),
        });
        const location = new URL(url.pathname, origin);
        location.searchParams.set("uploadType", "resumable");
        location.searchParams.set("name", name);
        location.searchParams.set("upload_id", id);
        res.writeHead(200, { location: location.href, "content-length": "0" });
        return void res.end();
      }
      throw new HttpError(400, "invalid", `unsupported uploadType: ${uploadType}`);
    }

    // JSON API: [/storage/v1 | /download/storage/v1]/b/:bucket[/o[/:object]]
    let rest = segments;
    let download = false;
    if (rest[0] === "download") {
      download = true;
      rest = rest.slice(1);
    }
    if (rest[0] === "storage" && rest[1] === "v1") rest = rest.slice(2);
    if (rest[0] !== "b" || rest[1] === undefined || rest[1] === "") {
      throw new HttpError(404, "notFound", `the fake GCS server does not serve ${method} ${url.pathname}`);
    }
    const bucket = decodeURIComponent(rest[1]);
    const objects = objectsOf(bucket);

    if (rest.length === 2) {
      if (method !== "GET") throw new HttpError(405, "invalid", `${method} not supported on buckets`);
      return sendJson(res, 200, { kind: "storage#bucket", id: bucket, name: bucket, location: "US" });
    }
    if (rest[2] !== "o")
      throw new HttpError(404, "notFound", `the fake GCS server does not serve ${url.pathname}`);

    if (rest.length === 3 || (rest.length === 4 && rest[3] === "")) {
      if (method !== "GET") throw new HttpError(405, "invalid", `${method} not supported on object lists`);
      return sendJson(res, 200, listObjects(objects, q));
    }

    const name = decodeURIComponent(rest.slice(3).join("/"));
    const object = objects.get(name);
    const generation = intParam(q, "generation");
    if (!object || (generation !== undefined && generation !== object.generation)) {
      throw new HttpError(404, "notFound", `No such object: ${bucket}/${name}`);
    }
    checkGeneration(object, intParam(q, "ifGenerationMatch"));

    if (method === "DELETE") {
      objects.delete(name);
      res.writeHead(204);
      return void res.end();
    }
    if (method !== "GET") throw new HttpError(405, "invalid", `${method} not supported on objects`);
    if (download || q.get("alt") === "media") return sendMedia(req, res, object);
    return sendJson(res, 200, resourceOf(object));
  };

  const resumableChunk = async (req: IncomingMessage, res: ServerResponse, id: string): Promise<void> => {
    const session = sessions.get(id);
    if (!session) throw new HttpError(404, "notFound", `No such upload session: ${id}`);
    if (req.method !== "PUT" && req.method !== "POST")
      throw new HttpError(405, "invalid", "PUT the session URL");
    const body = await readBody(req);
    if (session.done) return sendJson(res, 200, resourceOf(session.done));

    // Content-Range: "bytes a-b/total", "bytes a-*/total", "bytes */total" or "bytes */*".
    const header = String(req.headers["content-range"] ?? `bytes */${body.length ? "*" : "0"}`);
    const m = /^bytes (?:(\d+)-(\d+|\*)|\*)\/(\d+|\*)$/.exec(header.trim());
    if (!m) throw new HttpError(400, "invalid", `bad Content-Range: ${header}`);
    if (m[1] !== undefined) {
      const first = Number(m[1]);
      if (first > session.received.length) throw new HttpError(400, "invalid", "upload gap");
      session.received = Buffer.concat([session.received.subarray(0, first), body]);
    }
    // "a-*/*" (the SDK's single-request mode): this request carries the rest of the upload.
    const total = m[3] !== "*" ? Number(m[3]) : m[2] === "*" ? session.received.length : undefined;
    if (total === undefined || session.received.length < total) {
      const headers: Record<string, string> = { "content-length": "0" };
      if (session.received.length > 0) headers.range = `bytes=0-${session.received.length - 1}`;
      res.writeHead(308, headers);
      return void res.end();
    }
    if (session.received.length > total)
      throw new HttpError(400, "invalid", "more bytes than the declared total");
    const hashes = parseGoogHash(req.headers["x-goog-hash"]);
    const resource = session.resource;
    session.done = commit(
      session.bucket,
      session.name,
      session.received,
      resource,
      session.contentType,
      session.ifGenerationMatch,
      {
        md5: typeof resource.md5Hash === "string" ? resource.md5Hash : hashes.md5,
        crc32c: typeof resource.crc32c === "string" ? resource.crc32c : hashes.crc32c,
      },
    );
    return sendJson(res, 200, resourceOf(session.done));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(500, "backendError", err instanceof Error ? err.message : String(err));
      if (res.headersSent) return void res.destroy();
      // Drain what the client is still sending, or it may see a reset instead of our answer.
      req.resume();
      sendJson(res, e.status, {
        error: {
          code: e.status,
          message: e.message,
          errors: [{ domain: "global", reason: e.reason, message: e.message }],
        },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function checkGeneration(existing: StoredObject | undefined, ifGenerationMatch: number | undefined): void {
  if (ifGenerationMatch === undefined) return;
  const current = existing?.generation ?? 0;
  if (current !== ifGenerationMatch) {
    throw new HttpError(
      412,
      "conditionNotMet",
      "At least one of the pre-conditions you specified did not hold.",
    );
  }
}

function listObjects(objects: Map<string, StoredObject>, q: URLSearchParams) {
  const prefix = q.get("prefix") ?? "";
  const delimiter = q.get("delimiter") ?? "";
  const maxResults = Math.min(Math.max(1, intParam(q, "maxResults") ?? LIST_MAX), LIST_MAX);
  const pageToken = q.get("pageToken");
  const after = pageToken ? Buffer.from(pageToken, "base64url").toString("utf8") : undefined;

  // One sorted sequence of entries: objects, and the collapsed prefixes when a delimiter is given.
  const entries = new Map<string, StoredObject | "prefix">();
  for (const [name, object] of objects) {
    if (!name.startsWith(prefix)) continue;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    if (cut === -1) entries.set(name, object);
    else entries.set(name.slice(0, cut + delimiter.length), "prefix");
  }
  const names = [...entries.keys()].sort().filter((name) => after === undefined || name > after);
  const page = names.slice(0, maxResults);
  const items = [];
  const prefixes = [];
  for (const name of page) {
    const entry = entries.get(name)!;
    if (entry === "prefix") prefixes.push(name);
    else items.push(entry);
  }
  const last = page[page.length - 1];
  return {
    kind: "storage#objects",
    ...(names.length > page.length && last !== undefined
      ? { nextPageToken: Buffer.from(last, "utf8").toString("base64url") }
      : {}),
    ...(prefixes.length ? { prefixes } : {}),
    items: items.map((o) => ({
      kind: "storage#object",
      id: `${o.bucket}/${o.name}/${o.generation}`,
      name: o.name,
      bucket: o.bucket,
      generation: String(o.generation),
      metageneration: "1",
      contentType: o.contentType,
      size: String(o.data.length),
      md5Hash: o.md5Hash,
      crc32c: o.crc32c,
      timeCreated: o.created,
      updated: o.created,
    })),
  };
}

function sendMedia(req: IncomingMessage, res: ServerResponse, o: StoredObject): void {
  const size = o.data.length;
  const headers: Record<string, string> = {
    "content-type": o.contentType,
    "accept-ranges": "bytes",
    etag: `"${o.md5Hash}"`,
    "x-goog-generation": String(o.generation),
    "x-goog-metageneration": "1",
    "x-goog-hash": `crc32c=${o.crc32c},md5=${o.md5Hash}`,
    "x-goog-stored-content-encoding": "identity",
    "x-goog-stored-content-length": String(size),
  };
  const range = parseRange(req.headers.range, size);
  if (range === "unsatisfiable") {
    res.writeHead(416, { "content-range": `bytes */${size}`, "content-length": "0" });
    return void res.end();
  }
  if (range === undefined) {
    res.writeHead(200, { ...headers, "content-length": String(size) });
    return void res.end(o.data);
  }
  const [first, last] = range;
  res.writeHead(206, {
    ...headers,
    "content-range": `bytes ${first}-${last}/${size}`,
    "content-length": String(last - first + 1),
  });
  res.end(o.data.subarray(first, last + 1));
}
