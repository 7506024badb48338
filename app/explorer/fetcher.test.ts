import { parse } from "graphql";
import { describe, expect, test } from "vitest";
import { headerStrings, isSubscription, socketUrl } from "./fetcher";

describe("the explorer's transport", () => {
  test("a subscription goes over the WebSocket, anything else over HTTP", () => {
    const doc = parse("query A { me { email } } subscription B { changes { cursor } }");
    expect(isSubscription(doc, "B")).toBe(true);
    expect(isSubscription(doc, "A")).toBe(false);
    expect(isSubscription(parse("subscription { changes { cursor } }"), null)).toBe(true);
    expect(isSubscription(parse("{ me { email } }"), undefined)).toBe(false);
    // Two operations and no name: GraphiQL asks which; nothing to run over a socket.
    expect(isSubscription(doc, null)).toBe(false);
    expect(isSubscription(undefined, "B")).toBe(false);
  });

  test("the socket is on the page's own host and path, wss under https", () => {
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:3107" })).toBe("ws://127.0.0.1:3107/api/graphql");
    expect(socketUrl({ protocol: "https:", host: "files.example.com" })).toBe(
      "wss://files.example.com/api/graphql",
    );
  });

  test("header editor values become strings; null and undefined are dropped", () => {
    expect(headerStrings({ authorization: "Bearer x", "x-n": 1, "x-b": true, "x-null": null })).toEqual({
      authorization: "Bearer x",
      "x-n": "1",
      "x-b": "true",
    });
    expect(headerStrings(undefined)).toEqual({});
  });
});
