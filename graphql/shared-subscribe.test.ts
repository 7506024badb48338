/**
 * Unit: subscription results are executed once per (query, variables, user, page) and shared;
 * anything that differs executes on its own. With a delivery, each result is serialized once and
 * written as each subscription's own graphql-ws `next` message.
 */
import { makeExecutableSchema } from "@graphql-tools/schema";
import { type ExecutionResult, parse } from "graphql";
import { describe, expect, test } from "vitest";
import type { ChangePage, FeedConsumer } from "@/lib/drive";
import { createSharedSubscribe, type Delivery } from "./shared-subscribe";

function setup() {
  let executed = 0;
  const pages = [
    { cursor: "c1.a", entries: [{ namespaceId: "n", seq: 1 }] },
    { cursor: "c1.b", entries: [{ namespaceId: "n", seq: 2 }] },
  ];
  const schema = makeExecutableSchema({
    typeDefs: `type Query { x: Int } type Entry { seq: Int } type Page { cursor: String entries: [Entry] who: String }
               type Subscription { changes(tag: String): Page }`,
    resolvers: {
      Subscription: {
        changes: {
          subscribe: async function* () {
            for (const page of pages) yield page;
          },
          resolve: (page: unknown) => page,
        },
      },
      Page: {
        who: (_: unknown, __: unknown, ctx: { actor: { userId: string } }) => {
          executed++;
          return ctx.actor.userId;
        },
      },
    },
  });
  const subscribe = createSharedSubscribe();
  const run = async (userId: string, query = "subscription { changes { cursor who } }", tag?: string) => {
    const it = (await subscribe({
      schema,
      document: parse(query),
      variableValues: tag ? { tag } : {},
      contextValue: { actor: { userId } },
    })) as AsyncIterableIterator<ExecutionResult>;
    const out: unknown[] = [];
    for await (const r of it) out.push(r.data);
    return out;
  };
  return { run, executed: () => executed };
}

describe("shared subscription execution", () => {
  test("the same page for the same user and query is executed once and given to every subscriber", async () => {
    const s = setup();
    const results = await Promise.all([s.run("u1"), s.run("u1"), s.run("u1")]);
    expect(s.executed()).toBe(2);
    for (const r of results) {
      expect(r).toEqual([
        { changes: { cursor: "c1.a", who: "u1" } },
        { changes: { cursor: "c1.b", who: "u1" } },
      ]);
    }
  });

  test("another user, another query or other variables execute on their own", async () => {
    const s = setup();
    const [a, b] = await Promise.all([s.run("u1"), s.run("u2")]);
    expect(a[0]).toEqual({ changes: { cursor: "c1.a", who: "u1" } });
    expect(b[0]).toEqual({ changes: { cursor: "c1.a", who: "u2" } });
    expect(s.executed()).toBe(4);
    await s.run("u1", "subscription { changes { who cursor } }");
    expect(s.executed()).toBe(6);
    await s.run("u1", "subscription($t: String) { changes(tag: $t) { cursor who } }", "x");
    expect(s.executed()).toBe(8);
  });
});

describe("shared serialization for subscriptions that write their own messages", () => {
  function setupDelivered() {
    let serialized = 0;
    let executed = 0;
    const schema = makeExecutableSchema({
      typeDefs: `type Query { x: Int } type Entry { seq: Int } type Page { cursor: String entries: [Entry] who: String boom: Int }
                 type Subscription { changes: Page }`,
      resolvers: {
        Subscription: { changes: { subscribe: () => feed(), resolve: (page: unknown) => page } },
        Page: {
          who: (_: unknown, __: unknown, ctx: { actor: { userId: string } }) => {
            executed++;
            return ctx.actor.userId;
          },
          boom: () => {
            throw new Error("boom");
          },
        },
      },
    });
    /** Consumers handed to the feeds (lib/drive's batch would call them). */
    const consumers: FeedConsumer[] = [];
    /** A live feed that never yields by itself: its pages come through the consumer. */
    function feed() {
      const it: AsyncIterableIterator<ChangePage> & { deliverTo(c: FeedConsumer): void } = {
        next: () => new Promise(() => {}),
        return: async () => ({ done: true, value: undefined }),
        deliverTo: (c) => consumers.push(c),
        [Symbol.asyncIterator]: () => it,
      };
      return it;
    }
    const messages = new Map<string, string[]>();
    const deliveries = new Map<object, Delivery>();
    const subscribe = createSharedSubscribe({
      deliveryOf: (ctx) => deliveries.get(ctx as object),
      payloadOf: (result) => {
        serialized++;
        return result.errors
          ? { ...result, errors: result.errors.map((e) => ({ message: e.message })) }
          : result;
      },
    });
    const start = async (id: string, userId: string, query: string) => {
      const contextValue = { actor: { userId } };
      messages.set(id, []);
      deliveries.set(contextValue, { id, write: (m) => void messages.get(id)!.push(m) });
      await subscribe({ schema, document: parse(query), contextValue });
    };
    return { start, consumers, messages, serialized: () => serialized, executed: () => executed };
  }

  const page = (seq: number): ChangePage => ({
    cursor: `c1.${seq}`,
    entries: [{ seq } as ChangePage["entries"][number]],
    hasMore: false,
  });

  test("one page is executed and serialized once, and each subscription gets it under its own id", async () => {
    const s = setupDelivered();
    const ids = ["1", "two", 'q"3'];
    for (const id of ids) await s.start(id, "u1", "subscription { changes { cursor who entries { seq } } }");
    const p = page(7);
    await Promise.all(s.consumers.map((c) => c.prepare(p)));
    for (const c of s.consumers) c.write(p);
    expect(s.executed()).toBe(1);
    expect(s.serialized()).toBe(1);
    for (const id of ids) {
      const [message] = s.messages.get(id)!;
      // Exactly what graphql-ws would have sent.
      expect(JSON.parse(message!)).toEqual({
        id,
        type: "next",
        payload: { data: { changes: { cursor: "c1.7", who: "u1", entries: [{ seq: 7 }] } } },
      });
    }
  });

  test("another user or query serializes on its own; errors are formatted as graphql-ws would", async () => {
    const s = setupDelivered();
    await s.start("a", "u1", "subscription { changes { cursor who } }");
    await s.start("b", "u2", "subscription { changes { cursor who } }");
    await s.start("c", "u1", "subscription { changes { cursor boom } }");
    const p = page(1);
    await Promise.all(s.consumers.map((c) => c.prepare(p)));
    for (const c of s.consumers) c.write(p);
    expect(s.serialized()).toBe(3);
    expect(JSON.parse(s.messages.get("b")![0]!).payload.data.changes.who).toBe("u2");
    expect(JSON.parse(s.messages.get("c")![0]!).payload).toEqual({
      data: { changes: { cursor: "c1.1", boom: null } },
      errors: [{ message: "boom" }],
    });
  });
});
