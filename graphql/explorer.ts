/**
 * The GraphQL explorer at /api/graphql: a browser that opens the endpoint (a page load, which asks
 * for text/html) gets GraphiQL, served from our own origin as the Next page `app/explorer`
 * (server.ts renders it in place, so the address stays /api/graphql). Every other request (a
 * script's GET or POST, a WebSocket upgrade) reaches the API as before. A node started without
 * pages answers a browser with a short page saying the explorer needs the web app.
 */

/** The Next page server.ts renders for a browser's page load of /api/graphql. */
export const EXPLORER_PAGE = "/explorer";

/**
 * True for a browser loading /api/graphql as a page: a GET whose Accept lists text/html (scripts
 * and GraphQL clients ask for JSON, or for anything), or a client-side navigation of our own web
 * app (`RSC: 1`, as after signing in with `?next=/api/graphql`).
 */
export function wantsExplorer(method: string | undefined, headers: Headers): boolean {
  if ((method ?? "GET").toUpperCase() !== "GET") return false;
  if (headers.get("rsc") === "1") return true;
  const accept = headers.get("accept") ?? "";
  return accept.split(",").some((part) => part.split(";")[0]?.trim().toLowerCase() === "text/html");
}

/**
 * Response headers of the explorer page. The policy allows what GraphiQL needs from our own
 * origin only: Next's inline bootstrap scripts, Monaco's injected styles and its workers (same
 * origin, bundled by webpack), the fonts GraphiQL inlines as data: URLs, and requests to this
 * origin (HTTP and WebSocket). Development adds what hot reload needs (eval).
 */
export function explorerHeaders(dev: boolean) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    // Scripts get JSON from the same URL: never let a shared cache keep this page.
    "cache-control": "private, no-cache",
  };
}

/** What a browser gets at /api/graphql from a node that serves the API without the web app. */
export const EXPLORER_UNAVAILABLE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Cairn GraphQL API</title></head>
<body>
<h1>Cairn GraphQL API</h1>
<p>This is Cairn's GraphQL endpoint. The interactive explorer is part of Cairn's web app, which
this node does not serve (it was started with <code>--api-only</code>).</p>
<p>Send queries as HTTP POST with <code>content-type: application/json</code> and
<code>Authorization: Bearer &lt;personal access token&gt;</code>; subscriptions use the
graphql-ws protocol over a WebSocket on this same path.</p>
</body>
</html>
`;
