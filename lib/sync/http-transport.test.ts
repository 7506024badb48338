/** The HTTP transport against a fake fetch: error mapping and learning that a field is missing. */
import { describe, expect, test } from "vitest";
import { SyncTransportError } from "./errors";
import { createHttpTransport } from "./http-transport";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const wireNode = {
  __typename: "Folder",
  id: "n",
  namespaceId: "ns",
  parentId: "root",
  name: "A",
  rev: 1,
  trashedAt: null,
  createdAt: "t",
  modifiedAt: "t",
};

/** A server without File.currentVersionId: refuses documents that select it, answers the others. */
function oldServer(seen: string[]) {
  return async (_url: string | URL | Request, init?: RequestInit) => {
    const { query } = JSON.parse(String(init?.body));
    seen.push(query.includes("currentVersionId") ? "with" : "without");
    await new Promise((r) => setTimeout(r, 5));
    if (query.includes("currentVersionId")) {
      return json(400, {
        errors: [
          {
            message: 'Cannot query field "currentVersionId" on type "File".',
            extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
          },
        ],
      });
    }
    if (query.includes("changes"))
      return json(200, { data: { changes: { entries: [], cursor: "c1", hasMore: false } } });
    return json(200, { data: { createFolder: { node: wireNode, cursor: "c2" } } });
  };
}

describe("createHttpTransport", () => {
  test("requests sent at once all succeed against a server without currentVersionId; later ones leave it out", async () => {
    const seen: string[] = [];
    const t = createHttpTransport({ baseUrl: "http://x", fetch: oldServer(seen) as typeof fetch });
    const [page, result] = await Promise.all([
      t.pull(null, 10),
      t.mutate({ kind: "createFolder", args: { id: "n", parentId: "root", name: "A" }, opId: "o1" }),
    ]);
    expect(page.cursor).toBe("c1");
    expect(result.node).toMatchObject({ id: "n", kind: "folder", parentId: "root" });
    seen.length = 0;
    await t.pull("c1", 10);
    expect(seen).toEqual(["without"]);
  });

  test("a GraphQL error becomes a SyncTransportError with its code and details", async () => {
    const t = createHttpTransport({
      baseUrl: "http://x",
      fetch: (async () =>
        json(200, {
          errors: [{ message: "taken", extensions: { code: "NAME_TAKEN", existingId: "e" } }],
          data: null,
        })) as typeof fetch,
    });
    const error = await t.mutate({ kind: "rename", args: { id: "a", name: "b" }, opId: "o" }).catch((e) => e);
    expect(error).toBeInstanceOf(SyncTransportError);
    expect(error).toMatchObject({ kind: "graphql", code: "NAME_TAKEN", details: { existingId: "e" } });
  });

  test("no answer is a network error; a 502 page is an HTTP error: both retryable kinds", async () => {
    const down = createHttpTransport({
      baseUrl: "http://x",
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as typeof fetch,
    });
    await expect(down.pull(null, 1)).rejects.toMatchObject({ kind: "network" });
    const proxy = createHttpTransport({
      baseUrl: "http://x",
      fetch: (async () => new Response("<html>Bad gateway</html>", { status: 502 })) as typeof fetch,
    });
    await expect(proxy.pull(null, 1)).rejects.toMatchObject({ kind: "http", status: 502 });
  });

  test("headers from a function are sent with every request", async () => {
    let got: Record<string, string> = {};
    const t = createHttpTransport({
      baseUrl: "http://x",
      headers: async () => ({ authorization: "Bearer t" }),
      fetch: (async (_u: unknown, init?: RequestInit) => {
        got = init?.headers as Record<string, string>;
        return json(200, { data: { changes: { entries: [], cursor: "c", hasMore: false } } });
      }) as typeof fetch,
    });
    await t.pull(null, 1);
    expect(got).toMatchObject({ authorization: "Bearer t", "content-type": "application/json" });
  });
});
