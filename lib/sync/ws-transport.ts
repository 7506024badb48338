/**
 * The `changes` subscription over graphql-ws. The client does not reconnect by itself
 * (`retryAttempts: 0`): the engine does, with its own backoff, from its stored cursor, which
 * graphql-ws's retry (resubscribing with the first cursor) would not.
 */
import { createClient } from "graphql-ws";
import { SyncTransportError } from "./errors";
import type { SyncTransport } from "./transport";
import { changesSubscription, lacksField, pageFromWire, type WireFeatures, type WirePage } from "./wire";

export interface WsTransportOptions {
  /** e.g. `wss://cairn.example/api/graphql`. */
  url: string;
  /** A WebSocket class where there is no global one (Node 20: `ws`). */
  webSocketImpl?: unknown;
  /** Sent at connection init, e.g. `{ authorization: "Bearer ..." }` (browsers use the cookie). */
  connectionParams?:
    | Record<string, unknown>
    | (() => Record<string, unknown> | Promise<Record<string, unknown>>);
  /** Ping interval (ms) that detects a dead socket; default 15 s. */
  keepAlive?: number;
}

export interface WsTransport extends Pick<SyncTransport, "subscribe"> {
  dispose(): Promise<void>;
}

type GraphQLErrors = { message: string; extensions?: { code?: unknown; [k: string]: unknown } }[];

/** Close codes, errors and GraphQL error lists as SyncTransportErrors. */
export function subscriptionError(error: unknown): SyncTransportError {
  if (Array.isArray(error)) {
    const first = (error as GraphQLErrors)[0];
    const { code, ...details } = first?.extensions ?? {};
    return new SyncTransportError({
      kind: "graphql",
      code: typeof code === "string" ? code : undefined,
      message: first?.message ?? "subscription error",
      details,
    });
  }
  const closeCode = (error as { code?: unknown } | null)?.code;
  if (typeof closeCode === "number") {
    const code = closeCode === 4401 ? "UNAUTHENTICATED" : closeCode === 4403 ? "FORBIDDEN" : undefined;
    const reason = (error as { reason?: string }).reason;
    return new SyncTransportError({
      kind: code ? "graphql" : "network",
      code,
      message: `socket closed (${closeCode}${reason ? `: ${reason}` : ""})`,
    });
  }
  return new SyncTransportError(
    { kind: "network", message: error instanceof Error ? error.message : String(error) },
    { cause: error },
  );
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const features: WireFeatures = { currentVersionId: true };
  const client = createClient({
    url: options.url,
    webSocketImpl: options.webSocketImpl,
    connectionParams: options.connectionParams,
    lazy: true,
    retryAttempts: 0,
    keepAlive: options.keepAlive ?? 15_000,
  });

  function subscribe(
    cursor: string | null,
    onPage: Parameters<SyncTransport["subscribe"]>[1],
    onError: (e: unknown) => void,
  ): () => void {
    let active = true;
    let dispose: () => void = () => {};
    const fail = (e: unknown) => {
      if (!active) return;
      active = false;
      dispose();
      onError(e);
    };
    const open = (used: WireFeatures) => {
      dispose = client.subscribe<{ changes: WirePage }>(
        { query: changesSubscription(used), variables: { cursor } },
        {
          next: (r) => {
            if (!active) return;
            if (r.errors?.length) return fail(subscriptionError(r.errors));
            if (r.data) onPage(pageFromWire(r.data.changes));
          },
          error: (e) => {
            if (
              active &&
              used.currentVersionId &&
              Array.isArray(e) &&
              lacksField(e as GraphQLErrors, "currentVersionId")
            ) {
              features.currentVersionId = false; // an older server: subscribe again without the field
              return open({ ...features });
            }
            fail(subscriptionError(e));
          },
          complete: () =>
            fail(new SyncTransportError({ kind: "network", message: "the subscription ended" })),
        },
      );
    };
    open({ ...features });
    return () => {
      active = false;
      dispose();
    };
  }

  return {
    subscribe,
    async dispose() {
      await client.dispose();
    },
  };
}
