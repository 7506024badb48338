/**
 * Unit: subscription results are executed once per (query, variables, user, page) and shared;
 * anything that differs executes on its own.
 */
import { makeExecutableSchema } from "@graphql-tools/schema";
import { type ExecutionResult, parse } from "graphql";
import { describe, expect, test } from "vitest";
import { createSharedSubscribe } from "./shared-subscribe";

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
