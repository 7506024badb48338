/** HTTP plumbing of the fake GCS server: request parsing and responses, kept apart from its logic. */
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY = 64 * 1024 * 1024;

/** An error answered as a GCS JSON error body with this status and reason. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A single `bytes=` range as inclusive [first, last]; undefined = serve everything (RFC 9110). */
export function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | "unsatisfiable" | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return [Math.max(0, size - suffix), size - 1];
  }
  const first = Number(m[1]);
  const last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < first) return undefined; // invalid: ignored
  if (first >= size) return "unsatisfiable";
  return [first, last];
}

/** multipart/related with a JSON resource part and a media part, as the SDK (teeny-request) sends. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { resource: Record<string, unknown>; media: Buffer; mediaType: string } {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new HttpError(400, "invalid", "multipart upload without a boundary");
  const delimiter = Buffer.from(`--${b}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), start);
    if (next === -1) throw new HttpError(400, "invalid", "unterminated multipart body");
    parts.push(body.subarray(start, next));
    at = next + 2;
  }
  if (parts.length !== 2)
    throw new HttpError(400, "invalid", `multipart upload needs 2 parts, got ${parts.length}`);
  const [meta, media] = parts.map(splitPart) as [ReturnType<typeof splitPart>, ReturnType<typeof splitPart>];
  return { resource: parseJsonObject(meta.body), media: media.body, mediaType: media.type };
}

function splitPart(part: Buffer): { type: string; body: Buffer } {
  const end = part.indexOf("\r\n\r\n");
  if (end === -1) throw new HttpError(400, "invalid", "multipart part without headers");
  const head = part.subarray(0, end).toString("latin1");
  const type = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? "application/octet-stream";
  return { type, body: part.subarray(end + 4) };
}

export function parseGoogHash(header: string | string[] | undefined): { md5?: string; crc32c?: string } {
  const out: { md5?: string; crc32c?: string } = {};
  for (const pair of [header ?? []].flat().join(",").split(",")) {
    const eq = pair.indexOf("=");
    if (eq === -1) continue;
    const key = pair.slice(0, eq).trim();
    if (key === "md5" || key === "crc32c") out[key] = pair.slice(eq + 1).trim();
  }
  return out;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let length = 0;
  for await (const piece of req as AsyncIterable<Buffer>) {
    length += piece.length;
    if (length > MAX_BODY)
      throw new HttpError(413, "uploadTooLarge", "request body too large for the fake server");
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  // teeny-request only parses JSON for exactly these content types.
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(body.length),
  });
  res.end(body);
}

export function parseJsonObject(bytes: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, "parseError", "object metadata is not a JSON object");
}

export function contentTypeOf(req: IncomingMessage): string {
  return req.headers["content-type"] ?? "application/octet-stream";
}

export function intParam(q: URLSearchParams, key: string): number | undefined {
  const value = q.get(key);
  if (value === null || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new HttpError(400, "invalid", `Invalid value for ${key}: ${value}`);
  return Number(value);
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : fallback;
}

export function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string")
  );
}
