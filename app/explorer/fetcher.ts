/**
 * The explorer's transport: queries and mutations are POSTed to /api/graphql on this origin with
 * the session cookie (the browser adds our Origin, which cookie POSTs need); subscriptions go over
 * a WebSocket to the same path on the same host (graphql-ws). Headers typed in GraphiQL's header
 * editor (e.g. `Authorization: Bearer <token>`, to try a script's token) go with each HTTP request,
 * and as the socket's connection parameters.
 */
import { type DocumentNode, getOperationAST } from "graphql";
import { type Client, createClient, type ExecutionResult } from "graphql-ws";

export const GRAPHQL_PATH = "/api/graphql";

/** What GraphiQL asks to run. */
export interface ExplorerRequest {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

/** What GraphiQL passes along: the header editor's contents and the parsed operation. */
export interface ExplorerRequestOptions {
  headers?: Record<string, unknown> | null | undefined;
  documentAST?: DocumentNode | null | undefined;
}

/** True when the operation GraphiQL runs is a subscription (it goes over the WebSocket). */
export function isSubscription(
  document: DocumentNode | null | undefined,
  operationName?: string | null,
): boolean {
  if (!document) return false;
  return getOperationAST(document, operationName ?? undefined)?.operation === "subscription";
}

/** The WebSocket address of the endpoint on the page's own host: ws://host/api/graphql (wss on https). */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${GRAPHQL_PATH}`;
}

/** The header editor's values as strings (JSON allows numbers and booleans there). */
export function headerStrings(headers: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}

export interface ExplorerFetcher {
  /** GraphiQL's `fetcher`: a promise of one result, or a stream of results for a subscription. */
  fetcher(
    request: ExplorerRequest,
    options?: ExplorerRequestOptions,
  ): Promise<ExecutionResult> | AsyncIterable<ExecutionResult>;
  /** Closes the WebSocket, if one was opened. */
  dispose(): void;
}

export function createExplorerFetcher(location: { protocol: string; host: string }): ExplorerFetcher {
  // graphql-ws sends connection parameters once per socket: a change in the header editor opens
  // a new socket (the old one's subscriptions end with it).
  let socket: { client: Client; key: string } | undefined;
  const socketFor = (params: Record<string, string>): Client => {
    const key = JSON.stringify(params);
    if (socket?.key !== key) {
      socket?.client.dispose();
      socket = { client: createClient({ url: socketUrl(location), connectionParams: params }), key };
    }
    return socket.client;
  };

  function fetcher(request: ExplorerRequest, options?: ExplorerRequestOptions) {
    const headers = headerStrings(options?.headers);
    const body = {
      query: request.query,
      operationName: request.operationName ?? undefined,
      variables: request.variables ?? undefined,
    };
    if (isSubscription(options?.documentAST, request.operationName)) {
      // The server reads `authorization` from the connection parameters; the cookie goes with the upgrade.
      // Results arrive as JSON either way; GraphiQL's types call them ExecutionResult.
      return socketFor(headers).iterate(body) as AsyncIterable<ExecutionResult>;
    }
    return post(headers, body);
  }

  async function post(headers: Record<string, string>, body: unknown): Promise<ExecutionResult> {
    const response = await fetch(GRAPHQL_PATH, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        accept: "application/graphql-response+json, application/json",
        ...headers,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as ExecutionResult;
    } catch {
      throw new Error(
        `The server answered ${response.status} without a GraphQL response: ${text.slice(0, 200)}`,
      );
    }
  }

  return {
    fetcher,
    dispose() {
      socket?.client.dispose();
      socket = undefined;
    },
  };
}
