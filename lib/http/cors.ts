/**
 * CORS for the API that partner apps call from their own pages with a bearer token (docs/oauth.md):
 * GraphQL, and the OAuth token, revocation and introspection endpoints (a public client in a
 * browser exchanges its code there). Any origin may call them, **without credentials**
 * (`Access-Control-Allow-Origin: *` and never `Allow-Credentials`): a cross-site page can then read
 * only what a bearer token it holds allows, never what a Cairn cookie would. Cookie-authenticated
 * writes keep their same-origin rule (lib/auth isSameOrigin), so nothing here widens CSRF.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const BEARER_API_PATHS = new Set([
  "/api/graphql",
  "/api/auth/oauth2/token",
  "/api/auth/oauth2/revoke",
  "/api/auth/oauth2/introspect",
]);

const ALLOWED_HEADERS = "authorization, content-type, apollo-require-preflight, x-apollo-operation-name";

/**
 * Adds the CORS headers to a cross-origin request for a bearer API path; answers a preflight
 * (OPTIONS) itself and returns true then, so the caller stops.
 */
export function applyBearerCors(req: IncomingMessage, res: ServerResponse): boolean {
  if (!req.headers.origin) return false;
  res.setHeader("access-control-allow-origin", "*");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": ALLOWED_HEADERS,
    "access-control-max-age": "600",
  });
  res.end();
  return true;
}
