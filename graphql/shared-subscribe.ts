/**
 * Subscription execution shared between subscribers. Every device of a user that follows the
 * change feed with the same query receives the same page at the same cursor after a commit, so
 * the page's result is executed once and handed to all of them, instead of once per socket
 * (with 1,000 subscribers, GraphQL execution was most of the delivery time).
 *
 * A result is reused only for the same query text, variables and operation, the same user (field
 * resolvers check access and present nodes per user) and exactly the same page (its end cursor
 * and the namespace:seq of every entry). Sharing a result is the same as those subscribers
 * executing at the same instant, a moment after the commit. Entries live for CACHE_TTL_MS and at
 * most CACHE_MAX of them are kept.
 */
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from "graphql";
import type { Context } from "./context";

const CACHE_TTL_MS = 2_000;
const CACHE_MAX = 1_000;

interface PageLike {
  cursor?: unknown;
  entries?: { namespaceId?: unknown; seq?: unknown }[];
}

function pageKey(payload: unknown): string | undefined {
  const page = (payload as { changes?: PageLike } | null)?.changes ?? (payload as PageLike | null);
  if (!page || typeof page.cursor !== "string" || !Array.isArray(page.entries)) return undefined;
  return `${page.cursor}|${page.entries.map((e) => `${e.namespaceId}:${e.seq}`).join(",")}`;
}

export function createSharedSubscribe() {
  const cache = new Map<string, { result: Promise<ExecutionResult>; at: number }>();

  function shared(key: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.result;
    const result = run();
    cache.delete(key);
    cache.set(key, { result, at: now });
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
    // A failure is not shared: the next subscriber executes again.
    result.catch(() => cache.delete(key));
    return result;
  }

  return async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const iterator = source[Symbol.asyncIterator]();
    const context = args.contextValue as Context | undefined;
    const actor = context?.actor;
    const operation = `${actor?.userId ?? ""}\u0000${args.operationName ?? ""}\u0000${JSON.stringify(
      args.variableValues ?? {},
    )}\u0000${print(args.document)}`;
    // Each page is executed afresh: the context lives as long as the subscription, and paths
    // cached for one page would be stale for the next after a rename or move.
    const run = (payload: unknown) => async () =>
      (await execute({
        ...args,
        rootValue: payload,
        ...(context ? { contextValue: { ...context, pathCache: new Map() } } : {}),
      })) as ExecutionResult;
    const map = (payload: unknown): Promise<ExecutionResult> => {
      const key = actor ? pageKey(payload) : undefined;
      return key === undefined ? run(payload)() : shared(`${operation}\u0000${key}`, run(payload));
    };
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const step = await iterator.next();
        if (step.done) return step;
        return { done: false, value: await map(step.value) };
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
