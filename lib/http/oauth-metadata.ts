/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414) at the site root, where clients look for it.
 * The authorization server is better-auth's oauth-provider under `/api/auth`, so its issuer is
 * `<origin>/api/auth`, and RFC 8414 puts that issuer's metadata at
 * `/.well-known/oauth-authorization-server/api/auth`; the bare `/.well-known/…` answers too.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { oauthProviderAuthServerMetadata } from "@better-auth/oauth-provider";
import { headersOf, requestOrigin } from "@/lib/auth";
import { type HttpServices, sendJson } from "./respond";

export const OAUTH_METADATA_PATHS = [
  "/.well-known/oauth-authorization-server",
  "/.well-known/oauth-authorization-server/api/auth",
];

export async function handleOAuthMetadata(
  services: HttpServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendJson(res, 405, { error: { code: "BAD_INPUT", message: "use GET" } }, { allow: "GET, HEAD" });
  }
  const headers = headersOf(req);
  const origin = services.publicUrl ?? requestOrigin(headers) ?? "http://localhost";
  const response = await oauthProviderAuthServerMetadata(services.auth)(
    new Request(new URL(req.url ?? "/", origin), { headers }),
  );
  res.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    // Metadata is public: any site's client may read it (RFC 8414 clients run in browsers too).
    "access-control-allow-origin": "*",
  });
  res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
}
