/**
 * Subscription execution and serialization shared between subscribers. After a commit, lib/drive
 * wakes every feed that follows the namespace in one batch and hands each group of feeds in the
 * same state (one user, one cursor) the very same page object (lib/drive/feed.ts), so each page
 * is executed once per distinct operation and serialized once, instead of once per socket.
 *
 * A result is reused only for the same page object (a new page is a new object, so paths and
 * names are resolved afresh for it), the same query text, variables and operation name, and the
 * same user (field resolvers check access and present nodes per user). Sharing it is the same as
 * those subscribers executing at the same instant.
 *
 * With a `delivery` for the subscription (graphql-ws over our WebSocket server), pages are written
 * to the socket directly: the serialized result (made once per page and operation) is spliced
 * into the graphql-ws `next` message after the subscription's own id, so a socket costs one string
 * concatenation and one write, and a woken feed no promise of its own. Subscriptions without a
 * delivery go through graphql-ws as usual.
 */
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from "graphql";
import type { ChangePage, FeedConsumer, LiveFeed } from "@/lib/drive";
import type { Context } from "./context";

/** Where a subscription's messages go when it writes them itself. */
export interface Delivery {
  /** The subscription's id (from the client's `subscribe` message). */
  id: string;
  /**
   * Writes one complete graphql-ws message. A promise means the socket is backed up: it settles
   * once the socket has taken the message.
   */
  write(message: string): Promise<void> | undefined;
}

export interface SharedSubscribeOptions {
  /** The delivery of the subscription whose context this is, if it writes its own messages. */
  deliveryOf?: (contextValue: unknown) => Delivery | undefined;
  /** The payload graphql-ws would send for a result (error formatting; the server's `onNext`). */
  payloadOf?: (result: ExecutionResult) => unknown;
}

interface Execution {
  /** Settles when `result` (and `json`) are there. */
  ready: Promise<void>;
  result?: ExecutionResult;
  /** The serialized payload, for subscriptions that write their own messages. */
  json?: string;
}

/** The start of a graphql-ws `next` message for subscription `id`, up to its payload. */
export function nextMessageHead(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
}

export function createSharedSubscribe(options: SharedSubscribeOptions = {}) {
  /** Executions by page object, then by operation (user, query, variables). */
  const executions = new WeakMap<object, Map<string, Execution>>();
  const serialize = (result: ExecutionResult) =>
    JSON.stringify(options.payloadOf ? options.payloadOf(result) : result);

  function shared(
    page: object,
    operation: string,
    run: (payload: unknown) => Promise<ExecutionResult>,
    payload: unknown,
    withJson: boolean,
  ): Execution {
    let byOperation = executions.get(page);
    if (!byOperation) {
      byOperation = new Map();
      executions.set(page, byOperation);
    }
    const hit = byOperation.get(operation);
    if (hit) return hit;
    const execution: Execution = {
      ready: run(payload).then((result) => {
        execution.result = result;
        if (withJson) execution.json = serialize(result);
      }),
    };
    byOperation.set(operation, execution);
    // A failure is not shared: the next subscriber executes again.
    execution.ready.catch(() => byOperation.delete(operation));
    return execution;
  }

  return async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const iterator = source[Symbol.asyncIterator]();
    const context = args.contextValue as Context | undefined;
    const actor = context?.actor;
    const delivery = options.deliveryOf?.(args.contextValue);
    const operation = `${actor?.userId ?? ""}\u0000${args.operationName ?? ""}\u0000${JSON.stringify(
      args.variableValues ?? {},
    )}\u0000${print(args.document)}`;
    // Each page is executed afresh: the context lives as long as the subscription, and paths
    // cached for one page would be stale for the next after a rename or move.
    const run = async (payload: unknown) =>
      (await execute({
        ...args,
        rootValue: payload,
        ...(context ? { contextValue: { ...context, pathCache: new Map() } } : {}),
      })) as ExecutionResult;
    // Shared by page object; without a user (or an object) nothing is shared. The last one is
    // kept at hand: a woken feed prepares a page, then writes it.
    let lastPage: unknown;
    let lastExecution: Execution | undefined;
    const executionOf = (payload: unknown): Execution => {
      if (payload === lastPage && lastExecution) return lastExecution;
      lastExecution = shared(
        actor && typeof payload === "object" && payload !== null ? payload : {},
        operation,
        run,
        payload,
        delivery !== undefined,
      );
      lastPage = payload;
      return lastExecution;
    };

    let consumer: FeedConsumer | undefined;
    if (delivery) {
      const head = nextMessageHead(delivery.id);
      consumer = {
        prepare: (page: ChangePage) => executionOf(page).ready,
        write: (page: ChangePage) => {
          const execution = executionOf(page);
          execution.json ??= serialize(execution.result!);
          return delivery.write(`${head}${execution.json}}`);
        },
      };
      const feed = iterator as Partial<LiveFeed>;
      if (typeof feed.deliverTo === "function") feed.deliverTo(consumer);
    }

    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        for (;;) {
          const step = await iterator.next();
          if (step.done) return step;
          const execution = executionOf(step.value);
          await execution.ready;
          if (!consumer) return { done: false, value: execution.result! };
          await consumer.write(step.value as ChangePage);
        }
      },
      async return() {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return results;
      },
    };
    return results;
  };
}
