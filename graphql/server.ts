/**
 * The GraphQL endpoint at /api/graphql: queries and mutations over HTTP (Apollo Server, through
 * a small node:http adapter) and subscriptions over WebSocket (graphql-ws) on the same path.
 * Both authenticate the same way (bearer token or session cookie) and apply the same limits.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { makeExecutableSchema } from "@graphql-tools/schema";
import {
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  specifiedRules,
  validate,
} from "graphql";
import { useServer as serveGraphqlWs } from "graphql-ws/use/ws";
import type { WebSocketServer } from "ws";
import type { Db } from "@/db";
import { type Auth, headersOf, isSameOrigin, requestOrigin, resolveActor } from "@/lib/auth";
import { type Actor, type ChangeNotifier, watchChanges } from "@/lib/drive";
import { type Context, createContext, requireActor } from "./context";
import { formatError } from "./errors";
import { limitRules } from "./limits";
import { resolvers } from "./resolvers";
import { createSharedSubscribe, type Delivery } from "./shared-subscribe";
import { SocketUpkeep } from "./socket-upkeep";

const SDL_DIR = new URL("./schema/", import.meta.url);
/** GraphQL request bodies: a commit of a 100,000-chunk (≈ 400 GB) file lists ~7 MB of hashes. */
export const MAX_BODY_BYTES = 16 << 20;
/** A socket holding this much unsent data makes its subscriptions wait for it (backpressure). */
const BACKED_UP_BYTES = 1 << 20;

export function loadTypeDefs(): string[] {
  return readdirSync(SDL_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => readFileSync(new URL(f, SDL_DIR), "utf8"));
}

export function buildSchema(notifier: ChangeNotifier): GraphQLSchema {
  return makeExecutableSchema<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: [
      resolvers,
      {
        Subscription: {
          changes: {
            subscribe: (_: unknown, args: { cursor?: string | null }, ctx: Context) =>
              watchChanges(ctx.db, requireActor(ctx), notifier, args.cursor),
            resolve: (page: unknown) => page,
          },
        },
      },
    ],
  });
}

export interface GraphQLServices {
  db: Db;
  auth: Auth;
  notifier: ChangeNotifier;
  publicUrl: string | undefined;
  dev: boolean;
  /** How often an open socket re-checks its credentials (a signed-out session or revoked token closes it with 4401). */
  socketRecheckMs?: number;
  /** The server's secret and direct-link lifetime, for the Chooser's signed content URLs. */
  linkSigning?: { secret: string; ttlSeconds: number };
}

export interface GraphQLEndpoint {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  attachWebSocket(wss: WebSocketServer): { dispose(): Promise<void> | void };
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

const clientError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** The body as text, or null when it is over the limit (the rest is read and dropped, so the
 * client gets our 413 instead of a reset connection; a body past twice the limit is cut off). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 2 * MAX_BODY_BYTES) {
      req.destroy();
      return null;
    }
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8");
}

export async function createGraphQLEndpoint(services: GraphQLServices): Promise<GraphQLEndpoint> {
  const { db, auth } = services;
  const schema = buildSchema(services.notifier);
  const apollo = new ApolloServer<Context>({
    schema,
    validationRules: limitRules,
    formatError: (formatted, error) => formatError(formatted, error, services.dev),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // server.ts owns shutdown (close sockets, then Apollo, then the notifier and the database).
    stopOnTerminationSignals: false,
    introspection: true,
    // No cache hints in our schema: Apollo's default cache-control plugin would only ever answer
    // `no-store`, after a hook on every field of every request. We send `no-store` ourselves.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "POST") {
      res.setHeader("allow", "GET, POST");
      return sendJson(res, 405, clientError("use GET or POST", "METHOD_NOT_ALLOWED"));
    }
    const headers = headersOf(req);
    let body: unknown;
    if (method === "POST") {
      const text = await readBody(req);
      if (text === null)
        return sendJson(res, 413, clientError("request body too large", "PAYLOAD_TOO_LARGE"));
      if (headers.get("content-type")?.includes("application/json")) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendJson(res, 400, clientError("the request body is not valid JSON", "BAD_REQUEST"));
        }
      } else {
        body = text;
      }
    }
    let actor: Actor | null;
    try {
      actor = await resolveActor(db, auth, headers);
    } catch (error) {
      console.error("[graphql] could not authenticate request:", error);
      return sendJson(res, 500, clientError("Internal server error", "INTERNAL_SERVER_ERROR"));
    }
    if (actor?.via === "session" && method === "POST" && !isSameOrigin(headers, services.publicUrl)) {
      return sendJson(res, 403, clientError("cross-site request refused", "FORBIDDEN"));
    }
    const apolloHeaders = new HeaderMap();
    headers.forEach((value, key) => {
      apolloHeaders.set(key, value);
    });
    const url = new URL(req.url ?? "/", "http://localhost");
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers: apolloHeaders, search: url.search, body },
      context: async () =>
        createContext(db, actor, services.publicUrl ?? requestOrigin(headers), services.linkSigning),
    });
    // Answers are per person and change with every mutation: never stored by a browser or proxy.
    res.setHeader("cache-control", "no-store");
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /** Subscriptions over our WebSocket server write their shared pages themselves (shared-subscribe.ts). */
  const deliveries = new WeakMap<object, Delivery>();
  /** What graphql-ws sends for a result: errors formatted as over HTTP. */
  const payloadOf = (result: ExecutionResult): FormattedExecutionResult | ExecutionResult =>
    result.errors
      ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, services.dev)) }
      : result;
  const sharedSubscribe = createSharedSubscribe({
    deliveryOf: (contextValue) =>
      typeof contextValue === "object" && contextValue !== null ? deliveries.get(contextValue) : undefined,
    payloadOf,
  });

  function attachWebSocket(wss: WebSocketServer) {
    const upkeep = new SocketUpkeep({
      keepAliveMs: 12_000,
      recheckMs: services.socketRecheckMs ?? 30_000,
      resolve: (headers) => resolveActor(db, auth, headers),
    });
    const server = serveGraphqlWs<Record<string, unknown>, { actor?: Actor }>(
      {
        schema,
        subscribe: sharedSubscribe,
        validate: (s, document) => validate(s, document, [...specifiedRules, ...limitRules]),
        onConnect: async (ctx) => {
          const headers = headersOf(ctx.extra.request);
          const token = ctx.connectionParams?.authorization;
          if (typeof token === "string") headers.set("authorization", token);
          // A cookie-authenticated socket must be opened by our own pages (cross-site WebSocket hijacking).
          if (
            !headers.get("authorization") &&
            headers.get("cookie") &&
            !isSameOrigin(headers, services.publicUrl)
          ) {
            ctx.extra.socket.close(4403, "Forbidden");
            return false;
          }
          const actor = await resolveActor(db, auth, headers).catch(() => null);
          if (!actor) {
            ctx.extra.socket.close(4401, "Unauthorized");
            return false;
          }
          ctx.extra.actor = actor;
          // Credentials can die while the socket lives (sign-out, expiry, token revoked): re-checked.
          upkeep.watchCredentials(ctx.extra.socket, headers, actor.userId);
          return true;
        },
        context: (ctx, id) => {
          const context = createContext(db, ctx.extra.actor ?? null, undefined, services.linkSigning);
          const socket = ctx.extra.socket;
          deliveries.set(context, {
            id,
            write: (message) => {
              if (socket.readyState !== socket.OPEN) return undefined;
              if (socket.bufferedAmount < BACKED_UP_BYTES) {
                socket.send(message);
                return undefined;
              }
              // Backed up (a slow client): this subscription waits until the socket takes it.
              return new Promise<void>((resolve, reject) =>
                socket.send(message, (error) => (error ? reject(error) : resolve())),
              );
            },
          });
          return context;
        },
        onNext: (_ctx, _id, _payload, _args, result) => payloadOf(result as ExecutionResult),
        onError: (_ctx, _id, _payload, errors) =>
          errors.map(
            (e) => new GraphQLError(e.message, { extensions: formatError(e, e, services.dev).extensions }),
          ),
      },
      wss,
      // Keep-alive pings come from the upkeep's single timer, not one interval per socket.
      0,
    );
    wss.on("connection", (socket) => upkeep.keepAlive(socket));
    return {
      dispose: async () => {
        upkeep.stop();
        await server.dispose();
      },
    };
  }

  return { handle, attachWebSocket, stop: () => apollo.stop() };
}
