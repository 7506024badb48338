/**
 * One Cairn node: a node:http server that serves
 *   /api/graphql   GraphQL over HTTP (Apollo) and WebSocket (graphql-ws), same path and port;
 *                  a browser's page load gets the GraphQL explorer (graphql/explorer.ts)
 *   /api/auth/*    accounts and sessions (better-auth)
 *   /api/health    liveness and which database/block store are in use
 *   everything else: the Next.js app (pages), unless started API-only (tests)
 * All state is in the database and the block store, so nodes scale out behind a load balancer.
 *
 *   tsx server.ts          production (expects `next build` output; `npm start` builds first)
 *   tsx server.ts --dev    development with hot reload
 *   tsx server.ts --api-only   GraphQL and the binary endpoints, no pages
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseUrl, pathToFileURL } from "node:url";
import { toNodeHandler } from "better-auth/node";
import { WebSocketServer } from "ws";
import { createDb, type Database, redact } from "@/db";
import { EXPLORER_PAGE, EXPLORER_UNAVAILABLE_HTML, explorerHeaders, wantsExplorer } from "@/graphql/explorer";
import { createGraphQLEndpoint } from "@/graphql/server";
import { createAuth, headersOf } from "@/lib/auth";
import { ChangeNotifier, setDefaultQuota } from "@/lib/drive";
import { handleBlockBatch } from "@/lib/http/block-batch";
import { handleBlocks } from "@/lib/http/blocks";
import { handleContent } from "@/lib/http/content";
import { applyBearerCors, BEARER_API_PATHS } from "@/lib/http/cors";
import { handleOAuthMetadata, OAUTH_METADATA_PATHS } from "@/lib/http/oauth-metadata";
import { sendJson } from "@/lib/http/respond";
import { type Config, loadConfig } from "@/lib/runtime/config";
import { type BlobStore, createBlobStore } from "@/lib/storage";

export interface StartOptions {
  /** Overrides of what the environment says (tests pass a temp data dir and port 0). */
  config?: Partial<Config>;
  env?: Record<string, string | undefined>;
  /** Serve the Next.js pages too: "prod" (built app), "dev" (hot reload) or false (API only). */
  pages?: "prod" | "dev" | false;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  database: Database;
  store: BlobStore;
  httpServer: Server;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(options.env ?? process.env, options.config ?? {});
  const database = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  setDefaultQuota(config.defaultQuotaBytes);
  const store = await createBlobStore(config.blockstoreUrl);
  const notifier = new ChangeNotifier(database, database.db);
  await notifier.start();
  const auth = createAuth({
    db: database.db,
    secret: config.secret,
    publicUrl: config.publicUrl,
    rateLimit: (options.env ?? process.env).CAIRN_AUTH_RATE_LIMIT !== "off",
  });
  const authHandler = toNodeHandler(auth);
  const graphql = await createGraphQLEndpoint({
    db: database.db,
    auth,
    notifier,
    publicUrl: config.publicUrl,
    dev: config.dev,
    socketRecheckMs: Number((options.env ?? process.env).CAIRN_SOCKET_RECHECK_MS ?? 30_000),
    linkSigning: { secret: config.secret, ttlSeconds: config.directLinkTtlSeconds },
  });

  const binary = { db: database.db, auth, store, publicUrl: config.publicUrl, secret: config.secret };

  let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let nextApp: { close?: () => Promise<void> } | undefined;
  let explorer: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(EXPLORER_UNAVAILABLE_HTML);
  };
  if (options.pages) {
    const { default: next } = await import("next");
    const app = next({ dev: options.pages === "dev", dir: process.cwd() });
    await app.prepare();
    nextApp = app as unknown as { close?: () => Promise<void> };
    const handler = app.getRequestHandler();
    nextHandler = (req, res) => handler(req, res);
    // The explorer page, rendered in place: the browser's address stays /api/graphql, so the
    // page's requests (and its session cookie) go to the endpoint it came from. Next is handed the
    // page's own path, as its deprecated `app.render(req, res, "/explorer")` would do.
    const headers = explorerHeaders(options.pages === "dev");
    explorer = async (req, res) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      await handler(req, res, { ...parseUrl(req.url ?? "/", true), pathname: EXPLORER_PAGE });
    };
  }

  const httpServer = createServer(async (req, res) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    try {
      // A browser's page load of the endpoint gets the explorer (and no CORS headers: it is a page).
      if (pathname === "/api/graphql" && wantsExplorer(req.method, headersOf(req))) {
        return await explorer(req, res);
      }
      if (BEARER_API_PATHS.has(pathname) && applyBearerCors(req, res)) return;
      if (pathname === "/api/graphql") return await graphql.handle(req, res);
      // One address for the explorer: its page is only ever shown at /api/graphql.
      if (pathname === EXPLORER_PAGE) {
        res.writeHead(308, { location: "/api/graphql" });
        return res.end();
      }
      if (pathname.startsWith("/api/auth/")) return await authHandler(req, res);
      if (pathname === "/api/blocks") return await handleBlockBatch(binary, req, res);
      if (pathname.startsWith("/api/blocks/")) return await handleBlocks(binary, req, res);
      if (/^\/api\/files\/[^/]+\/content$/.test(pathname)) return await handleContent(binary, req, res);
      if (OAUTH_METADATA_PATHS.includes(pathname)) return await handleOAuthMetadata(binary, req, res);
      if (pathname === "/api/health") {
        return sendJson(res, 200, { ok: true, database: database.kind });
      }
      if (pathname.startsWith("/api/"))
        return sendJson(res, 404, { error: { code: "NOT_FOUND", message: "no such endpoint" } });
      if (nextHandler) return await nextHandler(req, res);
      return sendJson(res, 404, {
        error: { code: "NOT_FOUND", message: "pages are not served by this node" },
      });
    } catch (error) {
      console.error(`[http] ${req.method} ${pathname} failed:`, error);
      sendJson(res, 500, { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const ws = graphql.attachWebSocket(wss);
  httpServer.on("upgrade", (req, socket, head) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/api/graphql") {
      wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
    } else if (!nextHandler) {
      socket.destroy();
    }
    // Other paths (Next's HMR socket) belong to Next's own upgrade listener: leave them alone.
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host}:${port}`;
  log(
    `Cairn listening on ${config.publicUrl ?? url} (database: ${
      config.databaseUrl ? redact(config.databaseUrl) : `PGlite in ${config.dataDir}/db`
    }, blocks: ${config.blockstoreUrl})`,
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const client of wss.clients) client.close(1001, "Server shutting down");
      await ws.dispose();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await graphql.stop();
      await notifier.stop();
      await nextApp?.close?.().catch(() => {});
      await database.close();
      await store.close();
    })();
    return closing;
  };
  return { url, port, config, database, store, httpServer, close };
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const apiOnly = process.argv.includes("--api-only");
  if (!dev) (process.env as Record<string, string>).NODE_ENV ??= "production";
  const server = await startServer({ pages: apiOnly ? false : dev ? "dev" : "prod", config: { dev } });
  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error("Cairn could not start:", error instanceof Error ? error.message : error);
    if (error instanceof Error && error.cause) console.error(error.cause);
    process.exit(1);
  });
}
