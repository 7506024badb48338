/**
 * The explorer at /api/graphql: which requests get it (a browser's page load) and which keep
 * reaching the API; what an API-only node answers a browser. The page itself is tested in Chromium
 * (e2e/explorer.spec.ts). Routing does not touch the database: PGlite only.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bootTestServer, type TestServer } from "@/lib/testing/server-harness";
import { explorerHeaders, wantsExplorer } from "./explorer";

const CHROMIUM_NAVIGATION =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

describe("wantsExplorer", () => {
  test.each([
    ["a browser's page load", "GET", { accept: CHROMIUM_NAVIGATION }, true],
    ["a page load asking for text/html only", "GET", { accept: "TEXT/HTML" }, true],
    ["a client-side navigation of our web app", "GET", { rsc: "1" }, true],
    [
      "a GraphQL GET asking for JSON",
      "GET",
      { accept: "application/graphql-response+json, application/json" },
      false,
    ],
    ["curl (*/*)", "GET", { accept: "*/*" }, false],
    ["a GET with no Accept", "GET", {}, false],
    ["a POST, whatever it accepts", "POST", { accept: CHROMIUM_NAVIGATION }, false],
    ["a HEAD", "HEAD", { accept: CHROMIUM_NAVIGATION }, false],
    ["a type that only starts like text/html", "GET", { accept: "text/htmlx" }, false],
  ] as const)("%s → %s", (_, method, headers, expected) => {
    expect(wantsExplorer(method, new Headers(headers))).toBe(expected);
  });
});

describe("explorerHeaders", () => {
  test("the page may talk to, load code and workers from, and be framed by its own origin only", () => {
    const csp = explorerHeaders(false)["content-security-policy"];
    const directives = Object.fromEntries(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["connect-src"]).toEqual(["'self'"]);
    expect(directives["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives["worker-src"]).toEqual(["'self'", "blob:"]);
    expect(directives["frame-ancestors"]).toEqual(["'self'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    // No directive names another host.
    expect(csp).not.toMatch(/https?:|wss?:|\*/);
    expect(explorerHeaders(true)["content-security-policy"]).toContain("'unsafe-eval'");
  });
});

describe("/api/graphql on a node without pages", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootTestServer({ name: "pglite" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a browser's page load gets a short page saying the explorer needs the web app", async () => {
    const response = await fetch(`${server.url}/api/graphql`, { headers: { accept: CHROMIUM_NAVIGATION } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("explorer is part of Cairn's web app");
    expect(html).toContain("--api-only");
  });

  test("other GETs and POSTs reach the API as before", async () => {
    const get = await fetch(`${server.url}/api/graphql?query=%7B__typename%7D`, {
      headers: { accept: "application/json", "apollo-require-preflight": "1" },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: "Query" } });
    const post = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: { accept: CHROMIUM_NAVIGATION, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ me { email } }" }),
    });
    expect(post.headers.get("content-type")).toMatch(/json/);
    expect((await post.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  test("/explorer redirects to /api/graphql, the explorer's one address", async () => {
    const response = await fetch(`${server.url}/explorer`, { redirect: "manual" });
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/api/graphql");
  });
});
