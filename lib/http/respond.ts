/** Shared bits of the binary endpoints: JSON errors, authentication, header reading. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db";
import { type Auth, headersOf, isSameOrigin, resolveActor } from "@/lib/auth";

import { type Actor, assertScope, DriveError, isDriveError } from "@/lib/drive";

export interface HttpServices {
  db: Db;
  auth: Auth;
  publicUrl: string | undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Sends a DriveError as `{error: {code, message, ...details}}` with its HTTP status; rethrows anything else. */
export function sendError(res: ServerResponse, error: unknown): void {
  if (!isDriveError(error)) throw error;
  sendJson(res, error.httpStatus, {
    error: { code: error.code, message: error.message, ...(error.details ?? {}) },
  });
}

/** The actor, or UNAUTHENTICATED. Cookie-authenticated writes must come from our own origin. */
export async function authenticate(
  services: HttpServices,
  req: IncomingMessage,
  opts: { write: boolean },
): Promise<Actor> {
  const headers = headersOf(req);
  const url = new URL(req.url ?? "/", "http://localhost");
  const actor = await resolveActor(services.db, services.auth, headers, url);
  if (!actor) throw new DriveError("UNAUTHENTICATED", "sign in, or send a valid access token");
  if (opts.write && actor.link) throw new DriveError("FORBIDDEN", "a link only lets you view and download");
  // Uploading chunks is writing files: a partner app's token needs files.write.
  if (opts.write) assertScope(actor, "files.write");
  if (opts.write && actor.via === "session" && !isSameOrigin(headers, services.publicUrl)) {
    throw new DriveError("FORBIDDEN", "cross-site request refused");
  }
  return actor;
}

/** Reads and discards the rest of a request body (so the client sees our answer, not a reset). */
export async function drain(req: IncomingMessage, limit = 64 << 20): Promise<void> {
  let seen = 0;
  for await (const chunk of req) {
    seen += (chunk as Buffer).length;
    if (seen > limit) {
      req.destroy();
      return;
    }
  }
}
