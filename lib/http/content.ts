/**
 * GET /api/files/:id/content[?version=N][&download=1] — a file's bytes, streamed chunk by chunk
 * in order (never buffered whole). Range (206, spanning chunk borders), ETag = content hash,
 * If-None-Match (304), Content-Type from the name, Content-Disposition with the UTF-8 name.
 *
 * Served from our own origin, user content must not run as our pages: it gets `nosniff`, a
 * sandboxing CSP, and HTML-like types are never rendered inline.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import contentDisposition from "content-disposition";
import { type Actor, contentPlan, DriveError, verifyDirectLink } from "@/lib/drive";
import type { BlobStore } from "@/lib/storage";
import { parseRange } from "./range";
import { authenticate, type HttpServices, sendError, sendJson } from "./respond";

export interface ContentServices extends HttpServices {
  store: BlobStore;
  /** The server's secret: verifies the Chooser's direct links (`?dl=...&sig=...`). */
  secret?: string;
}

/** Response headers a partner page may read from a direct link's answer. */
const EXPOSED = "content-length, content-range, content-disposition, content-type, etag, accept-ranges";

const CONTENT_PATH = /^\/api\/files\/([^/]+)\/content$/;
/** Types a browser would execute or render as active content on our origin. */
const ACTIVE =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/;

export async function handleContent(
  services: ContentServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const id = CONTENT_PATH.exec(url.pathname)?.[1];
  try {
    // A Chooser direct link: signed for one file, readable cross-origin by its app's origins only.
    let direct: Actor | undefined;
    if (id && url.searchParams.has("sig") && services.secret) {
      const link = await verifyDirectLink(
        services.db,
        services.secret,
        decodeURIComponent(id),
        url.searchParams,
      );
      if (!link) throw new DriveError("NOT_FOUND", "file not found");
      const origin = req.headers.origin;
      if (origin && link.origins.includes(origin)) {
        res.setHeader("access-control-allow-origin", origin);
        res.setHeader("access-control-expose-headers", EXPOSED);
        res.setHeader("vary", "origin");
      }
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "access-control-allow-methods": "GET, HEAD",
          "access-control-allow-headers": "range, if-none-match, if-range",
          "access-control-max-age": "600",
        });
        return void res.end();
      }
      if (link.expired) {
        throw new DriveError("FORBIDDEN", "this link has expired: choose the file again", {
          reason: "expired",
        });
      }
      if (url.searchParams.has("version")) throw new DriveError("NOT_FOUND", "version not found");
      direct = link.actor;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      throw new DriveError("BAD_INPUT", "use GET or HEAD");
    }
    if (!id) throw new DriveError("NOT_FOUND", "file not found");
    const versionParam = url.searchParams.get("version");
    let versionNumber: number | undefined;
    if (versionParam !== null) {
      versionNumber = Number(versionParam);
      if (!Number.isInteger(versionNumber) || versionNumber < 1) {
        throw new DriveError("BAD_INPUT", "version must be a version number (1, 2, ...)");
      }
    }
    const actor = direct ?? (await authenticate(services, req, { write: false }));
    const plan = await contentPlan(services.db, actor, decodeURIComponent(id), versionNumber);
    // What was chosen and later trashed is no longer handed out through the partner's link.
    if (direct && plan.file.trashedAt) throw new DriveError("NOT_FOUND", "file not found");
    const size = plan.version.size;
    const etag = `"${plan.version.contentHash}"`;
    const active = ACTIVE.test(plan.mimeType);
    const download = url.searchParams.get("download") === "1" || active;
    const headers: Record<string, string> = {
      "content-type": active ? "application/octet-stream" : plan.mimeType,
      "accept-ranges": "bytes",
      etag,
      "last-modified": new Date(plan.version.createdAt).toUTCString(),
      "cache-control": "private, no-cache",
      "content-disposition": contentDisposition(plan.file.name, { type: download ? "attachment" : "inline" }),
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
      // A direct link is meant to be read by another site; everything else stays ours.
      "cross-origin-resource-policy": direct ? "cross-origin" : "same-origin",
    };
    const inm = req.headers["if-none-match"];
    if (inm?.split(",").some((t) => t.trim() === etag || t.trim() === "*")) {
      res.writeHead(304, { etag, "cache-control": headers["cache-control"]! });
      return void res.end();
    }
    const ifRange = req.headers["if-range"];
    const range = ifRange && ifRange !== etag ? undefined : parseRange(req.headers.range, size);
    if (range === "unsatisfiable") {
      return sendJson(
        res,
        416,
        { error: { code: "RANGE_NOT_SATISFIABLE", message: "the range is outside the file" } },
        {
          "content-range": `bytes */${size}`,
        },
      );
    }
    const span = range ?? { start: 0, end: size };
    if (range) headers["content-range"] = `bytes ${span.start}-${span.end - 1}/${size}`;
    headers["content-length"] = String(span.end - span.start);
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === "HEAD" || span.end === span.start) return void res.end();

    let closed = false;
    res.once("close", () => {
      closed = true;
    });
    for (const chunk of plan.chunks) {
      const chunkEnd = chunk.offset + chunk.size;
      if (chunkEnd <= span.start) continue;
      if (chunk.offset >= span.end || closed) break;
      const from = Math.max(span.start, chunk.offset) - chunk.offset;
      const to = Math.min(span.end, chunkEnd) - chunk.offset;
      const body = await services.store.get(
        chunk.hash as never,
        from === 0 && to === chunk.size ? undefined : { start: from, end: to },
      );
      for await (const piece of body) {
        if (closed) continue; // keep reading to the end so the store releases its stream
        if (!res.write(piece)) await drainOrClose(res);
      }
    }
    res.end();
  } catch (error) {
    if (res.headersSent) {
      console.error(`[content] stream of ${id} failed midway:`, error);
      return void res.destroy();
    }
    sendError(res, error);
  }
}

/** Waits until the response can take more bytes, or is gone; leaves no listener behind. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
